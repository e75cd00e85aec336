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
