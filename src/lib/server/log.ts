type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
	debug(msg: string, fields?: Record<string, unknown>): void;
	info(msg: string, fields?: Record<string, unknown>): void;
	warn(msg: string, fields?: Record<string, unknown>): void;
	error(msg: string, fields?: Record<string, unknown>): void;
}

/** Structured JSON lines on stdout/stderr, one object per event, for any log shipper. */
export function createLogger(min: Level = 'info', base: Record<string, unknown> = {}): Logger {
	const write = (level: Level, msg: string, fields?: Record<string, unknown>) => {
		if (ORDER[level] < ORDER[min]) return;
		const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...base, ...fields });
		(level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
	};
	return {
		debug: (m, f) => write('debug', m, f),
		info: (m, f) => write('info', m, f),
		warn: (m, f) => write('warn', m, f),
		error: (m, f) => write('error', m, f)
	};
}

/** Route parameters that are keys, beyond every `[token]` and `[publicId]`: booking codes, ticket ids, Open311 tokens. */
const SECRET_PARAMS: Record<string, readonly string[]> = {
	'/api/v1/tickets/[id]': ['id'],
	'/api/v1/tickets/[id]/[action]': ['id'],
	'/api/v1/appointments/[code]/cancel': ['code'],
	'/api/v1/appointments/[code]/reschedule': ['code'],
	'/api/v1/appointments/[code].ics': ['code'],
	'/open311/v2/tokens/[file]': ['file']
};

/**
 * The path of a request as logs may show it: the route with its parameters filled in, except
 * the ones that are keys (kept as `[token]`), and never the query string (`?token=`, `?cpf=`,
 * `?codigo=`). A path that matched no route keeps only its short segments.
 */
export function loggedPath(event: { route: { id: string | null }; params: Partial<Record<string, string>>; url: URL }): string {
	const id = event.route.id;
	// Long segments of an unknown path may be a mistyped key: shown by their length only.
	if (!id) return event.url.pathname.slice(0, 200).replace(/[^/]{16,}/g, (key) => `[${key.length} chars]`);
	const secret = ['token', 'publicId', ...(SECRET_PARAMS[id] ?? [])];
	return id.replace(/\[(?:\.\.\.)?(\w+)\]/g, (whole, name: string) => (secret.includes(name) ? whole : (event.params[name] ?? whole)));
}
