import http from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgres, startServer, tempDataDir, type RunningServer } from '../api/server';
import { fieldVocabulary, literalChoices, routeInventory, routeParams, routePath, type RouteEntry } from '../../route-inventory';

/*
 * A property-based fuzz of every route of src/routes against the built server: each endpoint
 * method, page and form action (read from the source, so a new route is fuzzed the day it lands)
 * gets VEZ_FUZZ_RUNS requests (default 12) from a random reader (nobody, each staff role, each
 * kind of token) with hostile parameters, query strings and bodies: control characters and NUL,
 * lone surrogates, impossible and far-away dates, numbers where text goes and objects where
 * numbers go, bodies past the limits. Whatever the input, the answer is never a 5xx, the JSON
 * API and Open311 answer in their documented error shapes, no body carries a stack trace, the
 * log records no unhandled error, and /readyz still answers after every route.
 * VEZ_FUZZ_SEED replays a run (fast-check prints the seed and the shrunk input of a failure);
 * VEZ_FUZZ_SEED=random draws a new one.
 */

const RUNS = Math.max(1, Number(process.env.VEZ_FUZZ_RUNS) || 12);
// A fixed seed by default, so CI judges a change and not the luck of the draw; VEZ_FUZZ_SEED=random
// explores new inputs (fast-check prints the seed of any failure to replay it).
const SEED = process.env.VEZ_FUZZ_SEED === 'random' ? undefined : Number(process.env.VEZ_FUZZ_SEED) || 20_261_202;
const DEMO_PASSWORD = 'vez-demo';
const STAFF = ['admin.demo', 'gerente', 'atendente', 'agente156', 'fazenda'];

const ROUTES = routeInventory();
const VOCABULARY = fieldVocabulary();

// ---- values ---------------------------------------------------------------------------------

const HOSTILE = ['\u0000', '\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009f', '\ud800', '\udfff', '\u2028', '\ufeff', '\u202e', '%00', '%', '%zz', "'", '"', '<', '>', '&', '\\', '/', '..', ' ', '\t', '\n', '\r', 'é', '😀', 'a', '1', '-'];
const DATES = [
	'0000-01-01',
	'9999-12-31',
	'1000-01-01',
	'2026-02-30',
	'2026-13-01',
	'2026-00-10',
	'+275760-09-13T00:00:00.000Z',
	'-000001-01-01',
	'2026-12-10T25:61:00-03:00',
	'2026-12-10T09:00:00+99:00',
	'1969-12-31T23:59:60Z',
	'2026-12-10',
	'2026-12-10T09:00:00-03:00',
	'2099-12-31',
	'2000-01-01',
	'Invalid Date',
	'1e999',
	'NaN'
];

/** Strings an attacker (or a broken client) sends: plain, hostile, date-like, numeric, huge, or a value the server knows. */
function textArb(known: string[], hugeMax: number): fc.Arbitrary<string> {
	return fc.oneof(
		{ arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 24 }), weight: 3 },
		{ arbitrary: fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 24 }), weight: 3 },
		{ arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 1 },
		{ arbitrary: fc.oneof(fc.constantFrom(...DATES), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))), weight: 2 },
		{ arbitrary: fc.oneof(fc.integer().map(String), fc.double().map(String), fc.bigInt().map(String), fc.uuid()), weight: 2 },
		{ arbitrary: fc.integer({ min: Math.min(1_000, hugeMax), max: hugeMax }).map((n) => 'x'.repeat(n)), weight: 1 },
		...(known.length ? [{ arbitrary: fc.constantFrom(...known), weight: 3 }] : [])
	);
}

/** Any JSON value, with the code's own field names as keys so validation is reached, not only the parser. */
function jsonArb(known: string[]): fc.Arbitrary<unknown> {
	const key = fc.oneof({ arbitrary: fc.constantFrom(...VOCABULARY), weight: 5 }, { arbitrary: textArb([], 2_000), weight: 1 });
	const { value } = fc.letrec<{ value: unknown }>((tie) => ({
		value: fc.oneof(
			{ depthSize: 'small', withCrossShrink: true },
			textArb(known, 70_000),
			fc.integer(),
			fc.double(),
			fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -0, 0.5),
			fc.boolean(),
			fc.constant(null),
			fc.array(tie('value'), { maxLength: 4 }),
			fc.dictionary(key, tie('value'), { maxKeys: 6 })
		)
	}));
	return value;
}

type Body = { type: string | null; text: string | FormData } | null;

/** Roughly how many bytes a body carries (its text, or its form values). */
function sizeOf(body: Body): number {
	if (!body) return 0;
	if (typeof body.text === 'string') return body.text.length;
	let n = 0;
	for (const [k, v] of body.text) n += k.length + (typeof v === 'string' ? v.length : v.size);
	return n;
}

function formOf(entries: [string, string][]): URLSearchParams {
	const form = new URLSearchParams();
	for (const [k, v] of entries) form.append(k, v);
	return form;
}

/** A request body: JSON (an object of known fields most often), a form, multipart, garbage, or none. */
function bodyArb(known: string[]): fc.Arbitrary<Body> {
	const fields = fc.array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...VOCABULARY), weight: 6 }, { arbitrary: textArb([], 1_000), weight: 1 }), textArb(known, 300_000)), { maxLength: 8 });
	return fc.oneof(
		{ arbitrary: fc.dictionary(fc.constantFrom(...VOCABULARY), jsonArb(known), { maxKeys: 8 }).map((o): Body => ({ type: 'application/json', text: JSON.stringify(o) })), weight: 4 },
		{ arbitrary: jsonArb(known).map((v): Body => ({ type: 'application/json', text: JSON.stringify(v) ?? 'undefined' })), weight: 1 },
		{
			arbitrary: fc.constantFrom('{', '{"a":', '[1,]', 'nul', '\u0000', '"\\ud800"', '{"__proto__":{"x":1}}', '['.repeat(20_000) + ']'.repeat(20_000), '{"a":"' + 'x'.repeat(300_000) + '"}').map((text): Body => ({ type: 'application/json', text })),
			weight: 1
		},
		{ arbitrary: fields.map((f): Body => ({ type: 'application/x-www-form-urlencoded', text: formOf(f).toString() })), weight: 3 },
		{
			arbitrary: fields.map((f): Body => {
				const data = new FormData();
				for (const [k, v] of f) data.append(k, v);
				return { type: null, text: data };
			}),
			weight: 1
		},
		{ arbitrary: textArb([], 300_000).map((text): Body => ({ type: 'text/plain', text })), weight: 1 },
		{ arbitrary: fc.constant(null), weight: 1 }
	);
}

// ---- the check ------------------------------------------------------------------------------

const STACK_TRACE = /\n\s+at\s+\S+.*:\d+:\d+\)?/;

function isApiError(body: unknown): boolean {
	if (typeof body !== 'object' || body === null || !('error' in body)) return false;
	const error = (body as { error: unknown }).error;
	if (typeof error !== 'object' || error === null) return false;
	const { code, message, fields } = error as Record<string, unknown>;
	return (
		typeof code === 'string' &&
		/^[a-z][a-z0-9_]*$/.test(code) &&
		typeof message === 'string' &&
		message.length > 0 &&
		(fields === undefined || (typeof fields === 'object' && fields !== null && Object.values(fields).every((v) => typeof v === 'string')))
	);
}

function isOpen311Error(body: string, contentType: string): boolean {
	if (contentType.includes('xml')) return /<errors>\s*<error>\s*<code>\d{3}<\/code>\s*<description>[^<]+<\/description>/.test(body);
	try {
		const list = JSON.parse(body) as unknown;
		return Array.isArray(list) && list.length > 0 && list.every((e) => typeof e?.code === 'number' && typeof e?.description === 'string');
	} catch {
		return false;
	}
}

/**
 * What is wrong with an answer, or null. `pathname` is the path the server saw: a parameter of
 * `..` climbs out of the route (`/api/../x` is `/x`, a page), so the shape expected follows it.
 */
function problemWith(entry: RouteEntry, pathname: string, status: number, contentType: string, body: string): string | null {
	if (status >= 500) return `answered ${status}`;
	if (STACK_TRACE.test(body)) return 'the body carries a stack trace';
	if (status < 400) return null;
	if (pathname.startsWith('/open311/')) return isOpen311Error(body, contentType) ? null : 'not an Open311 error list';
	if (contentType.includes('application/json')) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(body);
		} catch {
			return 'a JSON error that does not parse';
		}
		// A form action answers in SvelteKit's own envelope; the API and every other JSON answer in docs/api.md's.
		if (entry.kind === 'action' && typeof parsed === 'object' && parsed !== null && 'type' in parsed) return null;
		return isApiError(parsed) ? null : 'not the error body of docs/api.md';
	}
	if (pathname.startsWith('/api/')) return `a ${status} of type "${contentType}" instead of the error body of docs/api.md`;
	return null;
}

// ---- the servers ----------------------------------------------------------------------------

type Reader = { name: string; headers: Record<string, string> };

// One engine: the fuzz judges the HTTP edge, the same code on both, and a demo city seeded twice
// would double its time. PostgreSQL (production's, and CI's) when TEST_DATABASE_URL is set.
const pgdb = await emptyPostgres();
const engine: { name: string; env: Record<string, string> } = pgdb ? { name: 'postgres', env: { DATABASE_URL: pgdb.url, VEZ_DEMO: '1' } } : { name: 'pglite', env: { VEZ_DATA_DIR: tempDataDir() } };

afterAll(async () => {
	await pgdb?.drop();
});

describe(`every route under fuzz on ${engine.name} (${RUNS} runs each)`, () => {
	let server: RunningServer;
	const readers: Reader[] = [{ name: 'nobody', headers: {} }];
	/** Values the server knows, by parameter or field name, so some requests get past "not found". */
	const known: Record<string, string[]> = {};
	let address = 0;

	const call = async (path: string, init: { method?: string; headers?: Record<string, string>; body?: string | FormData | null } = {}) => {
		// Each request from its own address: the throttles of wrong guesses (right as they are) would
		// otherwise turn most of the run into 429s before validation is reached.
		address++;
		return fetch(`${server.url}${path}`, {
			method: init.method ?? 'GET',
			headers: { origin: server.url, 'x-forwarded-for': `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`, ...init.headers },
			body: init.body ?? undefined,
			redirect: 'manual',
			signal: AbortSignal.timeout(60_000)
		});
	};
	/** /readyz on a connection of its own: a kept-alive socket the server closed after a refused upload cannot answer. */
	const ready = () =>
		new Promise<number>((resolve) => {
			const req = http.get(`${server.url}/readyz`, { agent: false, timeout: 60_000 }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('timeout', () => req.destroy());
			req.on('error', () => resolve(0));
		});
	const login = async (username: string) => {
		const res = await call('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
		expect(res.status, username).toBe(200);
		return res.headers.get('set-cookie')!.split(';')[0];
	};
	const getJson = async (path: string, headers: Record<string, string>) => {
		const res = await call(path, { headers });
		expect(res.status, path).toBe(200);
		return res.json();
	};

	beforeAll(async () => {
		// Configured as production is (README): on PostgreSQL without VEZ_SECRET_KEY, creating or
		// rotating a webhook is a deliberate 503 secret_key_missing, whatever the input.
		server = await startServer({ ...engine.env, VEZ_SECRET_KEY: 'fuzz-secret-key', ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1', VEZ_WEBHOOKS_ALLOW_PRIVATE: '0', VEZ_LOG_LEVEL: 'warn' });
		for (const username of STAFF) readers.push({ name: username, headers: { cookie: await login(username) } });
		const admin = readers[1].headers;
		const token = async (spec: object) => {
			const res = await call('/api/v1/tokens', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'fuzz', ...spec }) });
			expect(res.status).toBe(201);
			return `Bearer ${(await res.json()).token}`;
		};
		readers.push({ name: 'kiosk token', headers: { authorization: await token({ kind: 'kiosk', unit: 'centro' }) } });
		readers.push({ name: 'panel token', headers: { authorization: await token({ kind: 'panel', unit: 'centro' }) } });
		readers.push({
			name: 'integration token',
			headers: { authorization: await token({ kind: 'integration', scopes: ['protocols:create', 'protocols:read:all', 'protocols:read:personal', 'open311', 'queue:read'] }) }
		});

		const units = (await getJson('/api/v1/units', {})) as { slug: string }[];
		const services = (await getJson('/api/v1/units/centro/services', {})) as { code: string }[];
		const counters = (await getJson('/api/v1/units/centro/counters', admin)) as { id: string }[];
		const clerk = readers.find((r) => r.name === 'atendente')!.headers;
		const issued = await call('/api/v1/units/centro/tickets', { method: 'POST', headers: { ...clerk, 'content-type': 'application/json' }, body: JSON.stringify({ service: services[0].code }) });
		expect(issued.status).toBe(201);
		const ticket = (await issued.json()) as { id: string; publicId: string };
		const protocols = (await getJson('/api/v1/protocols', admin)) as { items?: { number: string }[] } | { number: string }[];
		const numbers = (Array.isArray(protocols) ? protocols : (protocols.items ?? [])).slice(0, 3).map((p) => p.number);
		const today = new Date().toISOString().slice(0, 10);
		Object.assign(known, {
			unit: units.map((u) => u.slug),
			slug: units.map((u) => u.slug),
			code: services.map((s) => s.code).slice(0, 5),
			service: services.map((s) => s.code).slice(0, 5),
			id: [...counters.map((c) => c.id).slice(0, 3), ticket.id, ticket.publicId],
			counter: counters.map((c) => c.id).slice(0, 3),
			publicId: [ticket.publicId],
			number: numbers,
			file: ['discovery.json', 'discovery.xml', 'services.json', 'services.xml', 'requests.json', 'requests.xml', 'iptu-segunda-via.json', 'x.xml'],
			date: [today],
			from: [today],
			to: [today],
			rest: ['v1', 'v1/nothing', 'v2/units']
		});
		// A first start seeds the demo city: minutes on a machine shared by parallel runs.
	}, 300_000);

	afterAll(async () => {
		if (!server) return;
		const unhandled = server
			.output()
			.split('\n')
			.filter((line) => /unhandled/i.test(line));
		await server.stop();
		expect(unhandled, 'errors the server logged as unhandled').toEqual([]);
	});

	it('finds every kind of route in src/routes', () => {
		// A parser that stopped seeing routes would make the fuzz below pass by fuzzing nothing.
		expect(ROUTES.filter((r) => r.kind === 'endpoint').length).toBeGreaterThan(50);
		expect(ROUTES.filter((r) => r.kind === 'page').length).toBeGreaterThan(30);
		expect(ROUTES.filter((r) => r.kind === 'action').length).toBeGreaterThan(40);
		expect(VOCABULARY).toEqual(expect.arrayContaining(['cpf', 'date', 'from', 'to', 'service', 'username', 'start_date']));
	});

	for (const entry of ROUTES) {
		const label = `${entry.method} ${entry.id}${entry.action ? ` ?/${entry.action}` : ''}`;
		// Ending a session mid-run would quietly turn every later request of that reader into an anonymous one.
		const endsSession = /logout/.test(entry.id);

		it(label, async () => {
			const params = routeParams(entry.id);
			const paramArbs = Object.fromEntries(
				params.map(({ name, rest }) => {
					const choices = name === 'action' ? literalChoices(entry.file) : (known[name] ?? []);
					const one = textArb(choices, 4_000);
					return [name, rest ? fc.array(one, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')) : one];
				})
			);
			const knownValues = Object.values(known).flat();
			const query = fc.array(fc.tuple(fc.oneof({ arbitrary: fc.constantFrom(...VOCABULARY), weight: 5 }, { arbitrary: textArb([], 200), weight: 1 }), textArb(knownValues, 6_000)), { maxLength: 4 });
			const hasBody = entry.method !== 'GET';

			await fc.assert(
				fc.asyncProperty(
					fc.record(paramArbs),
					query,
					hasBody ? bodyArb(knownValues) : fc.constant(null),
					fc.constantFrom(...(endsSession ? readers.filter((r) => !r.headers.cookie) : readers)),
					fc.boolean(),
					async (values, queryPairs, body, reader, enhanced) => {
						let path = routePath(entry.id, values);
						const search = formOf(queryPairs).toString();
						if (entry.kind === 'action') path += `?${entry.action === 'default' ? '' : `/${entry.action}`}${search ? `${entry.action === 'default' ? '' : '&'}${search}` : ''}`;
						else if (search) path += `?${search}`;
						const headers: Record<string, string> = { ...reader.headers };
						if (body?.type) headers['content-type'] = body.type;
						// Screens ask for HTML; API clients and enhanced forms for JSON.
						headers.accept = enhanced || entry.kind === 'endpoint' ? 'application/json' : 'text/html';
						if (entry.kind === 'action' && enhanced) headers['x-sveltekit-action'] = 'true';
						const send = () => call(path, { method: entry.method, headers, body: body?.text });
						let res: Response;
						try {
							// Once more on a failure: the kept-alive socket it went out on may be one the server
							// had just closed (after a 413, it closes the connection it did not read to the end).
							res = await send().catch(send);
						} catch (e) {
							// An oversized upload may be cut before its answer is read; anything else must be answered.
							const oversized = sizeOf(body) > 64 * 1024 || path.length > 8 * 1024;
							expect(oversized, `${reader.name} ${entry.method} ${path.slice(0, 300)}: ${(e as Error).message}`).toBe(true);
							expect(await ready(), `/readyz after ${entry.method} ${path.slice(0, 300)}`).toBe(200);
							return;
						}
						const text = await res.text().catch(() => '');
						const problem = problemWith(entry, new URL(path, server.url).pathname, res.status, res.headers.get('content-type') ?? '', text);
						expect(problem, `${reader.name} ${entry.method} ${path.slice(0, 300)} → ${res.status}: ${text.slice(0, 400)}`).toBeNull();
					}
				),
				{ numRuns: RUNS, seed: SEED, endOnFailure: true }
			);
			expect(await ready(), 'the server still answers after the fuzz').toBe(200);
		}, 60_000 + RUNS * 10_000);
	}
});
