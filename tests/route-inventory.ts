// Every route of src/routes and every field name the code reads, found by reading the source, so
// a test that walks "every route" covers a route (or a form action, or a field) the day it is
// added, without anyone updating a list. No test framework import here.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROUTES = path.join(ROOT, 'src/routes');
const SRC = path.join(ROOT, 'src');

export type RouteKind = 'endpoint' | 'page' | 'action';

export interface RouteEntry {
	/** SvelteKit's route id, e.g. `/api/v1/units/[unit]/stats`. */
	id: string;
	kind: RouteKind;
	method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
	/** The form action's name (`default` for the unnamed one). */
	action?: string;
	/** The route file, for the string literals a `[action]` parameter may take. */
	file: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function walk(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The route id of a file under src/routes (groups `(x)` drop out of the id's URL, not of the id). */
function routeId(file: string): string {
	const dir = path.relative(ROUTES, path.dirname(file)).split(path.sep).join('/');
	return dir ? `/${dir}` : '/';
}

/** The HTTP methods a `+server.ts` exports (`export const GET`, `export function POST`, `export { x as PUT }`). */
function exportedMethods(source: string): RouteEntry['method'][] {
	return METHODS.filter(
		(m) => new RegExp(`export\\s+(const|let|async\\s+function|function)\\s+${m}\\b`).test(source) || new RegExp(`export\\s*\\{[^}]*\\bas\\s+${m}\\b`).test(source)
	);
}

/** The keys of `export const actions = { … }`: the lines one tab in, up to the object's closing `};`. */
function actionNames(source: string): string[] {
	const start = source.search(/export\s+const\s+actions\b/);
	if (start < 0) return [];
	const body = source.slice(start).split('\n');
	const names: string[] = [];
	for (const line of body.slice(1)) {
		if (/^};?\s*$/.test(line)) break;
		const m = /^\t(?:'([^']+)'|"([^"]+)"|([A-Za-z_$][\w$]*))\s*[:(]/.exec(line);
		if (m) names.push(m[1] ?? m[2] ?? m[3]);
	}
	if (names.length === 0) throw new Error(`route-inventory: could not read the action names of a route (${source.slice(start, start + 80)}…)`);
	return names;
}

/** Every endpoint method, page and form action of src/routes. */
export function routeInventory(): RouteEntry[] {
	const entries: RouteEntry[] = [];
	for (const file of walk(ROUTES).sort()) {
		const name = path.basename(file);
		const id = routeId(file);
		if (name === '+server.ts') {
			const source = fs.readFileSync(file, 'utf8');
			const methods = exportedMethods(source);
			if (methods.length === 0) throw new Error(`route-inventory: ${path.relative(ROOT, file)} exports no HTTP method it can read`);
			for (const method of methods) entries.push({ id, kind: 'endpoint', method, file });
		} else if (name === '+page.svelte') {
			entries.push({ id, kind: 'page', method: 'GET', file });
		} else if (name === '+page.server.ts') {
			const source = fs.readFileSync(file, 'utf8');
			// A page with no component is still a GET route when its load answers (a redirect, say).
			if (!fs.existsSync(path.join(path.dirname(file), '+page.svelte')) && /export\s+(const|async\s+function|function)\s+load\b/.test(source)) entries.push({ id, kind: 'page', method: 'GET', file });
			for (const action of actionNames(source)) entries.push({ id, kind: 'action', method: 'POST', action, file });
		}
	}
	return entries;
}

/** The route's parameters in order, e.g. `[{name: 'unit', rest: false}]`; `[code].ics` keeps its suffix. */
export function routeParams(id: string): { name: string; rest: boolean }[] {
	return [...id.matchAll(/\[\[?(\.\.\.)?(\w+)\]?\]/g)].map((m) => ({ name: m[2], rest: Boolean(m[1]) }));
}

/**
 * A path segment percent-encoded byte by byte. A lone UTF-16 surrogate, which encodeURIComponent
 * refuses, goes out as the three bytes an attacker's client would send for it (invalid UTF-8).
 */
export function encodeSegment(value: string): string {
	let out = '';
	for (let i = 0; i < value.length; i++) {
		const unit = value.charCodeAt(i);
		const pair = unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length && value.charCodeAt(i + 1) >= 0xdc00 && value.charCodeAt(i + 1) <= 0xdfff;
		if (pair) {
			out += encodeURIComponent(value.slice(i, i + 2));
			i++;
		} else if (unit >= 0xd800 && unit <= 0xdfff) {
			out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
		} else {
			out += encodeURIComponent(value[i]);
		}
	}
	return out;
}

/** The URL path of a route id with its parameters filled in (each value URL-encoded; a rest parameter keeps its slashes). */
export function routePath(id: string, values: Record<string, string>): string {
	const filled = id
		.split('/')
		.filter((segment) => !/^\(.*\)$/.test(segment))
		.map((segment) =>
			segment.replace(/\[\[?(\.\.\.)?(\w+)\]?\]/g, (_all, rest: string | undefined, name: string) => {
				const value = values[name] ?? '';
				return rest ? value.split('/').map(encodeSegment).join('/') : encodeSegment(value);
			})
		)
		.join('/');
	return filled.replace(/\/{2,}/g, '/') || '/';
}

/** The string literals of a route file that could be a value of its `[action]` parameter (`case 'call-next'`, `recall:`). */
export function literalChoices(file: string): string[] {
	const source = fs.readFileSync(file, 'utf8');
	const found = new Set<string>();
	for (const m of source.matchAll(/case\s+'([a-z][a-z-]*)'/g)) found.add(m[1]);
	for (const m of source.matchAll(/^\t'?([a-z][a-z-]*)'?\s*:/gm)) found.add(m[1]);
	return [...found];
}

/**
 * Every field name the code reads from a query string, a form or a JSON body: `searchParams.get('x')`,
 * the form readers `str(form, 'x')`…, and the keys of zod objects (`x: z.…`, `x: text(…)`).
 */
export function fieldVocabulary(): string[] {
	const names = new Set<string>();
	for (const file of walk(SRC)) {
		if (!/\.(ts|svelte)$/.test(file)) continue;
		const source = fs.readFileSync(file, 'utf8');
		for (const m of source.matchAll(/searchParams\.get(?:All)?\('([^']+)'\)/g)) names.add(m[1]);
		for (const m of source.matchAll(/\b(?:str|num|numOrNull|bool|optional|lines)\(\s*\w+\s*,\s*'([^']+)'/g)) names.add(m[1]);
		for (const m of source.matchAll(/\.get(?:All)?\('([A-Za-z_][\w.]*)'\)/g)) names.add(m[1]);
		for (const m of source.matchAll(/\b([A-Za-z_]\w*)\s*:\s*(?:z\.|text\(|slug\b|isoDate|dateOnly)/g)) names.add(m[1]);
	}
	return [...names].sort();
}
