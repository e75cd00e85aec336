import type { CallPayload } from '$lib/queue/events';

/** The current call plus the six before it: what fits a TV at reading distance. */
export const PANEL_CALLS = 7;

/**
 * The newest call first, each ticket number once (a recall moves it back to the top), at
 * most `max` entries — so a panel that runs for days never grows.
 */
export function applyCall(calls: readonly CallPayload[], call: CallPayload, max = PANEL_CALLS): CallPayload[] {
	return [call, ...calls.filter((c) => c.number !== call.number)].slice(0, max);
}

/** The history from `GET /calls` (newest first) in the same shape the live events keep. */
export function fromHistory(rows: readonly CallPayload[], keep: (c: CallPayload) => boolean, max = PANEL_CALLS): CallPayload[] {
	const out: CallPayload[] = [];
	for (const row of rows) {
		if (!keep(row) || out.some((c) => c.number === row.number)) continue;
		out.push(row);
		if (out.length === max) break;
	}
	return out;
}

/** An optional `?counters=1,4` shows only those counters' calls (a panel per wing of a big unit). */
export function counterFilter(param: string | null): (c: CallPayload) => boolean {
	const wanted = new Set(
		(param ?? '')
			.split(',')
			.map((s) => Number(s.trim()))
			.filter((n) => Number.isInteger(n) && n > 0)
	);
	return wanted.size === 0 ? () => true : (c) => wanted.has(c.counter);
}

/** The panel's live state: the calls on screen, whether the socket is up, and a counter that restarts the highlight. */
export class PanelLive {
	calls = $state<CallPayload[]>([]);
	/** The socket: `connecting` until the rooms are joined the first time, then `up` or `down`. */
	connection = $state<'connecting' | 'up' | 'down'>('connecting');
	/** Bumped on every live call; the screen keys its highlight on it so the blink restarts. */
	flash = $state(0);

	reset(rows: readonly CallPayload[], keep: (c: CallPayload) => boolean): void {
		this.calls = fromHistory(rows, keep);
	}

	apply(call: CallPayload): void {
		this.calls = applyCall(this.calls, call);
		this.flash += 1;
	}
}
