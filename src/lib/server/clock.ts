/*
 * The server's clock. Real time, except for benchmarks that replay whole days: VEZ_CLOCK_START
 * sets what the clock reads when the process starts and VEZ_CLOCK_RATE how many seconds pass per
 * real second, so `npm run bench:estimate` plays a working day through the real server in about
 * a minute. Everything that reads the time goes through `deps.now`, so a compressed clock moves
 * issue times, calls, sessions and throttles together; the intervals of background jobs stay
 * real (a benchmark turns the jobs off and runs what it needs itself).
 */

/** A clock that runs from `start` (null: the real time at start-up) `rate` times as fast as real time. */
export interface ClockSetting {
	readonly start: Date | null;
	readonly rate: number;
}

/** VEZ_CLOCK_START (an ISO instant) and VEZ_CLOCK_RATE (> 0); null when neither is set. A wrong value stops the start, never a silent real clock. */
export function parseClock(start: string | undefined, rate: string | undefined): ClockSetting | null {
	const startText = start?.trim() ?? '';
	const rateText = rate?.trim() ?? '';
	if (!startText && !rateText) return null;
	const at = startText ? new Date(startText) : null;
	if (at && (!/^\d{4}-\d{2}-\d{2}T/.test(startText) || Number.isNaN(at.getTime()))) {
		throw new Error(`VEZ_CLOCK_START: not an ISO date and time with its offset: ${startText}`);
	}
	const speed = rateText ? Number(rateText) : 1;
	if (!Number.isFinite(speed) || speed <= 0) throw new Error(`VEZ_CLOCK_RATE: not a positive number: ${rateText}`);
	return { start: at, rate: speed };
}

/** `deps.now`: the real clock, or the setting's compressed one anchored at this call. */
export function clockOf(setting: ClockSetting | null, real: () => number = Date.now): () => Date {
	if (!setting) return () => new Date(real());
	const anchor = real();
	const start = setting.start?.getTime() ?? anchor;
	const rate = setting.rate;
	return () => new Date(start + (real() - anchor) * rate);
}
