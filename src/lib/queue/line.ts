import { shownWait, type ServiceQueue } from './snapshot';

/*
 * The `line` event goes to every phone of a unit on each beat, so its size is paid once per
 * phone: a unit with 1,000 waiting sent as one [number, minutes, low, high] per ticket was 17 KB
 * a phone a beat. A queue in call order is mostly runs of consecutive numbers (walk-ins in
 * arrival order, broken by priority tickets, appointments and no-shows), and the forecast
 * changes every few places, so both are sent as runs, the forecast's as differences from the
 * step before (small numbers: 40 % fewer bytes than absolute ones).
 */

/** Consecutive numbers of one prefix in call order: `A007, A008, A009` is `['A', 7, 3]`. */
export type NumberRun = readonly [prefix: string, first: number, count: number];

/**
 * The forecast from a place on (people ahead), in minutes — the middle, then the range — each
 * figure sent as its difference from the step before (the first from zeros).
 */
export type WaitStep = readonly [from: number, minutes: number, low: number, high: number];

/** A remote ticket not yet arrived: its number, the people ahead of the place it keeps, its forecast. */
export type AwaitingEntry = readonly [number: string, ahead: number, minutes: number, low: number, high: number];

export interface LineService {
	readonly code: string;
	/** The service's waiting tickets in call order under the ordering policy: a ticket's index is the people ahead of it. */
	readonly order: readonly NumberRun[];
	/** The forecast by place, one step where it changes (the first at place 0 when anyone waits), as differences. */
	readonly waits: readonly WaitStep[];
	readonly awaiting: readonly AwaitingEntry[];
}

/**
 * The `line` event to the room `line:<unit>`: every waiting ticket's place and forecast in one
 * message per unit and beat, from which each ticket page reads its own ({@link placeInLine}).
 * Ticket numbers are public (the panel calls them aloud); nothing else about a ticket is here.
 */
export interface LinePayload {
	readonly unit: string;
	/** When the state it lists was projected (ISO): with several server processes each sends its own, so a page keeps the newest. */
	readonly at: string;
	readonly services: readonly LineService[];
}

/** What a ticket page shows of its place: the same figures as the ticket's public view. */
export interface LinePlace {
	readonly position: number;
	readonly estimatedWaitMinutes: number;
	readonly estimatedWait: { readonly low: number; readonly high: number };
}

/** `A007` → `['A', 7]` (docs/domain.md#ticket-numbers: prefix + sequence); a number of another shape is a prefix alone. */
function splitNumber(number: string): readonly [string, number] {
	const m = /^([A-Z]{1,3})(\d+)$/.exec(number);
	return m ? [m[1], Number(m[2])] : [number, 0];
}

function runsOf(numbers: readonly string[]): NumberRun[] {
	const runs: [string, number, number][] = [];
	for (const number of numbers) {
		const [prefix, seq] = splitNumber(number);
		const last = runs.at(-1);
		// A number of another shape (seq 0) never joins a run: it stands for itself.
		if (last && seq > 0 && last[0] === prefix && last[1] + last[2] === seq) last[2] += 1;
		else runs.push([prefix, seq, 1]);
	}
	return runs;
}

/** The `line` event of a unit's projected queues: for each waiting ticket, the place and forecast its page shows (placeOf). */
export function lineOf(unitSlug: string, state: ReadonlyMap<string, ServiceQueue>, at: Date): LinePayload {
	return {
		unit: unitSlug,
		at: at.toISOString(),
		services: [...state.values()].map((queue) => {
			const waits: WaitStep[] = [];
			let last: WaitStep = [0, 0, 0, 0];
			queue.order.forEach((pick, position) => {
				const { minutes, low, high } = shownWait(queue, pick.ticket.id, position);
				if (waits.length > 0 && last[1] === minutes && last[2] === low && last[3] === high) return;
				waits.push([position - last[0], minutes - last[1], low - last[2], high - last[3]]);
				last = [position, minutes, low, high];
			});
			return {
				code: queue.service.code,
				order: runsOf(queue.order.map((pick) => pick.ticket.number)),
				waits,
				awaiting: [...queue.awaiting].map(([id, { number, ahead }]): AwaitingEntry => {
					const wait = shownWait(queue, id, ahead);
					return [number, ahead, wait.minutes, wait.low, wait.high];
				})
			};
		})
	};
}

/** The people ahead of a number in a service's runs, or null when it is not there. */
function positionIn(runs: readonly NumberRun[], number: string): number | null {
	const [prefix, seq] = splitNumber(number);
	let ahead = 0;
	for (const [p, first, count] of runs) {
		if (p === prefix && (seq === 0 ? count === 1 && first === 0 : seq >= first && seq < first + count)) return ahead + (seq - first);
		ahead += count;
	}
	return null;
}

/**
 * A ticket's place read from its unit's `line` event; null when the line does not list it in
 * that service (it is no longer waiting, or waits in another service since a transfer the line
 * predates): the page then keeps what it shows until its own `ticket` event. Numbers restart
 * each day, so two waiting tickets of one service share a number only when one was left from an
 * earlier day; the first listed is taken.
 */
export function placeInLine(line: LinePayload, ticket: { readonly unit: string; readonly service: string; readonly number: string }): LinePlace | null {
	if (line.unit !== ticket.unit) return null;
	const service = line.services.find((s) => s.code === ticket.service);
	if (!service) return null;
	const position = positionIn(service.order, ticket.number);
	if (position !== null) {
		// Summed up to the last step at or before the place.
		let step: [number, number, number, number] | null = null;
		let sum: WaitStep = [0, 0, 0, 0];
		for (const [from, minutes, low, high] of service.waits) {
			sum = [sum[0] + from, sum[1] + minutes, sum[2] + low, sum[3] + high];
			if (sum[0] > position) break;
			step = [...sum];
		}
		if (!step) return null;
		const [, minutes, low, high] = step;
		return { position, estimatedWaitMinutes: minutes, estimatedWait: { low, high } };
	}
	const kept = service.awaiting.find(([number]) => number === ticket.number);
	if (!kept) return null;
	const [, ahead, minutes, low, high] = kept;
	return { position: ahead, estimatedWaitMinutes: minutes, estimatedWait: { low, high } };
}

/** Whether a page should apply this line: not when it has applied one projected later (another process's, delayed by its beat). */
export function isNewerLine(line: LinePayload, lastAppliedAt: string | null): boolean {
	return lastAppliedAt === null || Date.parse(line.at) >= Date.parse(lastAppliedAt);
}
