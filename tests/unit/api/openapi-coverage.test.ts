import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchemaOf, openApiDocument, QUERY_PARAMETERS, queryParametersOf, REQUEST_BODIES, RESPONSES, responseSchemaOf } from '../../../src/lib/api/openapi';
import { errorBody } from '../../../src/lib/errors';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const API_DIR = path.join(ROOT, 'src/routes/api/v1');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Operation = {
	requestBody?: { content: { 'application/json': { schema: unknown } } };
	parameters?: { in: string; name: string; description?: string }[];
	security?: Record<string, unknown>[];
	responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};
const doc = openApiDocument('http://vez.test/api/v1') as unknown as { paths: Record<string, Record<string, Operation>> };

function routeFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === '+server.ts' ? [path.join(dir, e.name)] : []
	);
}

/** `src/routes/api/v1/units/[unit]/tickets/+server.ts` → `/units/{unit}/tickets`. */
function documentedPath(file: string): string {
	return '/' + path.relative(API_DIR, path.dirname(file)).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}');
}

/** The names a `[action]` route dispatches on: its `case 'x':` labels or the keys of its ACTIONS table. */
function actionsOf(source: string): string[] {
	const cases = [...source.matchAll(/case '([a-z-]+)':/g)].map((m) => m[1]);
	const table = /const ACTIONS[^=]*=\s*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
	const keys = [...table.matchAll(/^\s*'?([a-z-]+)'?:/gm)].map((m) => m[1]);
	return [...cases, ...keys];
}

/** The source of each exported handler: from its `export const GET` to the next export. */
function handlersOf(source: string): { method: string; handler: string }[] {
	return source
		.split(/(?=^export const )/m)
		.flatMap((part) => METHODS.filter((m) => part.startsWith(`export const ${m} `) || part.startsWith(`export const ${m}:`)).map((method) => ({ method, handler: part })));
}

/** Every (path, method) the route files serve, with `[action]` routes expanded into their actions. */
function servedOperations(): { file: string; path: string; method: string; handler: string }[] {
	return routeFiles(API_DIR).flatMap((file) => {
		const source = readFileSync(file, 'utf8');
		const base = documentedPath(file);
		const paths = base.endsWith('/{action}') ? actionsOf(source).map((a) => base.replace('{action}', a)) : [base];
		return paths.flatMap((p) => handlersOf(source).map(({ method, handler }) => ({ file, path: p, method, handler })));
	});
}

/** The named imports of a source file, resolved to files: `{ local, imported, file }`. */
function importsOf(file: string): { local: string; imported: string; file: string }[] {
	const source = readFileSync(file, 'utf8');
	return [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)].flatMap(([, names, spec]) => {
		const base = spec.startsWith('$lib/') ? path.join(ROOT, 'src/lib', spec.slice(5)) : spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
		if (!base) return [];
		const resolved = base.replace(/\.(js|ts)$/, '') + '.ts';
		return names
			.split(',')
			.map((n) => n.trim().replace(/^type\s+/, ''))
			.filter(Boolean)
			.map((n) => {
				const [imported, local = imported] = n.split(/\s+as\s+/);
				return { local, imported, file: resolved };
			});
	});
}

/**
 * Where a schema is enforced: a module the route imports that runs `parse(<schema>, …)` on it,
 * the schema being that very object (exported by the module itself or imported into it).
 */
async function enforcingModule(routeFile: string, schema: unknown): Promise<string | null> {
	for (const dep of new Set(importsOf(routeFile).map((i) => i.file))) {
		if (!dep.endsWith('.server.ts')) continue;
		const source = readFileSync(dep, 'utf8');
		const own = (await import(dep)) as Record<string, unknown>;
		const names = Object.entries(own)
			.filter(([, v]) => v === schema)
			.map(([k]) => k);
		for (const i of importsOf(dep)) {
			const mod = (await import(i.file).catch(() => ({}))) as Record<string, unknown>;
			if (mod[i.imported] === schema) names.push(i.local);
		}
		if (names.some((n) => source.includes(`parse(${n},`))) return path.relative(ROOT, dep);
	}
	return null;
}

describe('OpenAPI document against the route files', () => {
	const served = servedOperations();

	it('finds the API routes, including each action of the action routes', () => {
		expect(served.length).toBeGreaterThan(50);
		expect(served).toContainEqual(expect.objectContaining({ path: '/counters/{id}/call-next', method: 'POST' }));
		expect(served).toContainEqual(expect.objectContaining({ path: '/tickets/{id}/no-show', method: 'POST' }));
	});

	it('documents every method of every route file under src/routes/api/v1', () => {
		const missing = served.filter((op) => !doc.paths[op.path]?.[op.method.toLowerCase()]).map((op) => `${op.method} ${op.path}`);
		expect(missing).toEqual([]);
	});

	it('documents no operation that no route serves', () => {
		const servedKeys = new Set(served.map((op) => `${op.method} ${op.path}`));
		const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
		expect(documented.filter((k) => !servedKeys.has(k))).toEqual([]);
	});

	it('documents the Idempotency-Key header and its 422 idempotency_mismatch on every operation whose route reads one', () => {
		const keyed = served.filter((op) => op.handler.includes('requestIdempotencyKey('));
		expect(keyed.length).toBeGreaterThanOrEqual(4);
		const undocumented = keyed
			.filter((op) => {
				const operation = doc.paths[op.path]?.[op.method.toLowerCase()];
				return !operation?.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key') || !operation.responses['422'];
			})
			.map((op) => `${op.method} ${op.path}`);
		expect(undocumented).toEqual([]);
	});

	it('documents a JSON body for every operation whose use case reads one', () => {
		const bodyless = served
			.filter((op) => op.handler.includes('readJson('))
			.map((op) => `${op.method} ${op.path}`)
			.filter((key) => !(key in REQUEST_BODIES));
		// The action routes read one body for all their actions; these actions take none.
		expect(bodyless.sort()).toEqual(
			['/counters/{id}/call-next', '/counters/{id}/close', '/tickets/{id}/cancel', '/tickets/{id}/no-show', '/tickets/{id}/reactivate', '/tickets/{id}/recall', '/tickets/{id}/start']
				.map((p) => `POST ${p}`)
				.sort()
		);
	});

	it('documents the query of every operation whose route reads one from the zod schema its use case parses', async () => {
		const reading = served.filter((op) => op.handler.includes('searchParams')).map((op) => `${op.method} ${op.path}`);
		// A protocol's CPF or access code is described by hand: any string is a guess, answered like a wrong one (404).
		expect(reading.filter((key) => !(key in QUERY_PARAMETERS)).sort()).toEqual(['GET /protocols/{number}']);
		for (const [key, schema] of Object.entries(QUERY_PARAMETERS)) {
			const [method, p] = key.split(' ');
			const documented = (doc.paths[p][method.toLowerCase()].parameters ?? []).filter((param) => param.in === 'query');
			expect(documented, key).toEqual(queryParametersOf(schema));
			expect(documented.every((param) => param.description), `${key}: every query parameter says what it is`).toBe(true);
			const op = served.find((o) => o.path === p && o.method === method);
			expect(op, key).toBeDefined();
			expect(await enforcingModule(op!.file, schema), `${key}: no module the route imports parses this schema`).not.toBeNull();
		}
	});

	it('shows, for each documented body, the JSON Schema of the zod schema the use case parses with', async () => {
		for (const [key, schema] of Object.entries(REQUEST_BODIES)) {
			const [method, p] = key.split(' ');
			expect(doc.paths[p][method.toLowerCase()].requestBody?.content['application/json'].schema, key).toEqual(jsonSchemaOf(schema));
			const op = served.find((o) => o.path === p && o.method === method);
			expect(op, key).toBeDefined();
			expect(await enforcingModule(op!.file, schema), `${key}: no module the route imports parses this schema`).not.toBeNull();
		}
	});

	const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, path: p, op })));

	it('documents a success answer for every operation, its JSON the schema of what the use case returns', () => {
		for (const { key, op } of operations) {
			const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
			expect(successes.length, `${key}: no success answer`).toBeGreaterThan(0);
			for (const [status, response] of successes) {
				const json = response.content?.['application/json']?.schema;
				if (!json) continue;
				const schema = RESPONSES[key]?.[Number(status)];
				expect(schema, `${key} ${status}: a JSON answer not generated from a zod schema in RESPONSES`).toBeDefined();
				expect(json, `${key} ${status}`).toEqual(responseSchemaOf(schema!));
			}
		}
		// The answers that carry no JSON: nothing (204) or a calendar file.
		const withoutJson = operations.flatMap(({ key, op }) =>
			Object.entries(op.responses)
				.filter(([status, r]) => status.startsWith('2') && !r.content?.['application/json'])
				.map(([status, r]) => `${key} ${status}${r.content ? ' ' + Object.keys(r.content).join() : ''}`)
		);
		expect(withoutJson.sort()).toEqual(
			[
				'DELETE /tickets/{id}/notifications 204',
				'DELETE /tokens/{id} 204',
				'DELETE /webhooks/{id} 204',
				'GET /appointments/{code}.ics 200 text/calendar',
				'POST /auth/logout 204',
				'POST /counters/{id}/call-next 204'
			].sort()
		);
	});

	it("documents the error body of docs/api.md for every error answer, with exactly the codes of that status", () => {
		for (const { key, op } of operations) {
			for (const [status, response] of Object.entries(op.responses).filter(([s]) => !s.startsWith('2'))) {
				expect(response.content?.['application/json']?.schema, `${key} ${status}`).toEqual(responseSchemaOf(errorBody(Number(status))));
			}
		}
	});

	it('documents the errors every operation can meet: 400 and 413 when it reads a body, 401 when it needs credentials, 404 when it names something', () => {
		const missing: string[] = [];
		const reading = new Set(served.filter((o) => o.handler.includes('readJson(')).map((o) => `${o.method} ${o.path}`));
		for (const { key, path: p, op } of operations) {
			const has = (status: number) => String(status) in op.responses;
			const need = [
				...(reading.has(key) ? [400, 413] : []),
				...(op.security && !op.security.some((s) => Object.keys(s).length === 0) ? [401] : []),
				...(p.includes('{') && p !== '/appointments/{code}.ics' ? [404] : [])
			];
			missing.push(...need.filter((s) => !has(s)).map((s) => `${key} ${s}`));
		}
		expect(missing).toEqual([]);
	});
});
