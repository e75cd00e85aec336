// Reads the privilege tables of docs/privileges.md, so the tests check the code and the running
// server against the page people read (and fail when the page and the code drift apart).
import fs from 'node:fs';
import path from 'node:path';

const PAGE = path.resolve(import.meta.dirname, '../docs/privileges.md');

/** The rows of the table between `<!-- privileges:<name> -->` markers, as header → cell maps (backticks dropped). */
export function privilegeTable(name: 'protocols' | 'citizens' | 'scopes'): Record<string, string>[] {
	const text = fs.readFileSync(PAGE, 'utf8');
	const start = text.indexOf(`<!-- privileges:${name} -->`);
	const end = text.indexOf(`<!-- /privileges:${name} -->`);
	if (start < 0 || end < start) throw new Error(`docs/privileges.md has no ${name} table`);
	const lines = text
		.slice(start, end)
		.split('\n')
		.filter((l) => l.startsWith('|'));
	const cells = (l: string) =>
		l
			.slice(1, -1)
			.split('|')
			.map((c) => c.trim().replace(/`/g, ''));
	const [header, , ...rows] = lines;
	const keys = cells(header).map((k) => k.toLowerCase());
	return rows.map((r) => Object.fromEntries(cells(r).map((c, i) => [keys[i], c])));
}
