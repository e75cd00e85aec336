import { readFileSync } from 'node:fs';

/*
 * The server's clock. Real time, except for benchmarks and demos that need another day or hour:
 * VEZ_CLOCK_START sets what the clock reads when the process starts and VEZ_CLOCK_RATE how many
 * seconds pass per real second; VEZ_CLOCK_FILE hands the clock to another program, which writes
 * the time into that file and moves it on when it likes — `npm run bench:estimate` plays whole
 * working days through the real server that way, one event after the other, so a slow (shared)
 * machine makes the replay slower but never changes what happens in it. Everything that reads
 * the time goes through `deps.now`, so issue times, calls, sessions and throttles move together;
 * the intervals of background jobs stay real (run them with VEZ_JOBS=0 under such a clock).
 */

export type ClockSetting =
	/** Runs from `start` (null: the real time at start-up) `rate` times as fast as real time. */
	| { readonly kind: 'compressed'; readonly start: Date | null; readonly rate: number }
	/** Reads the ISO time written in `path` at every look. */
	| { readonly kind: 'file'; readonly path: string };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** The clock the environment asks for; null for real time. A wrong value stops the start, never a silent real clock. */
export function parseClock(env: { VEZ_CLOCK_START?: string; VEZ_CLOCK_RATE?: string; VEZ_CLOCK_FILE?: string }): ClockSetting | null {
	const startText = env.VEZ_CLOCK_START?.trim() ?? '';
	const rateText = env.VEZ_CLOCK_RATE?.trim() ?? '';
	const file = env.VEZ_CLOCK_FILE?.trim() ?? '';
	if (file) {
		if (startText || rateText) throw new Error('VEZ_CLOCK_FILE: leave VEZ_CLOCK_START and VEZ_CLOCK_RATE unset with it');
		return { kind: 'file', path: file };
	}
	if (!startText && !rateText) return null;
	const at = startText ? new Date(startText) : null;
	if (at && (!ISO_INSTANT.test(startText) || Number.isNaN(at.getTime()))) {
		throw new Error(`VEZ_CLOCK_START: not an ISO date and time with its offset: ${startText}`);
	}
	const rate = rateText ? Number(rateText) : 1;
	if (!Number.isFinite(rate) || rate <= 0) throw new Error(`VEZ_CLOCK_RATE: not a positive number: ${rateText}`);
	return { kind: 'compressed', start: at, rate };
}

export interface ClockSources {
	/** Real milliseconds since the epoch. */
	readonly real: () => number;
	/** A file's text (throws when it cannot be read). */
	readonly read: (path: string) => string;
}

const SYSTEM: ClockSources = { real: Date.now, read: (path) => readFileSync(path, 'utf8') };

/** `deps.now`: the real clock, or the setting's (a compressed clock is anchored at this call). */
export function clockOf(setting: ClockSetting | null, sources: ClockSources = SYSTEM): () => Date {
	const { real, read } = sources;
	if (!setting) return () => new Date(real());
	if (setting.kind === 'file') {
		// A file caught half-written, or not written yet, keeps the last time read: the clock never jumps to real time.
		let last = NaN;
		return () => {
			try {
				const text = read(setting.path).trim();
				const at = ISO_INSTANT.test(text) ? Date.parse(text) : NaN;
				if (!Number.isNaN(at)) last = at;
			} catch {
				/* kept */
			}
			if (Number.isNaN(last)) throw new Error(`VEZ_CLOCK_FILE: no ISO time in ${setting.path}`);
			return new Date(last);
		};
	}
	const anchor = real();
	const start = setting.start?.getTime() ?? anchor;
	const rate = setting.rate;
	return () => new Date(start + (real() - anchor) * rate);
}
