import fc from 'fast-check';
import { pickNext, type OrderingInput, type OrderingSettings, type RecentCall } from '$lib/queue/ordering';
import type { QueueTicket } from '$lib/queue/ticket';

/** Generators of waiting queues shared by the ordering policy's property tests. */

const T0 = Date.parse('2026-03-02T12:00:00Z');
export const at = (minute: number) => new Date(T0 + minute * 60_000);
export const NOW = at(100);

export interface QueueShape {
	services: readonly string[];
	/** Priority weights drawn from (repeat 0 to make normal tickets likelier). */
	weights: readonly number[];
	maxArrivalMinute: number;
	/** One ticket in `appointmentFreq` carries an appointment; 0 for none. */
	appointmentFreq: number;
	/** Whether some tickets are remote ones whose visitor has not arrived. */
	remote: boolean;
	maxLength: number;
}

export const ticketsArb = (shape: QueueShape) =>
	fc
		.array(
			fc.record({
				serviceCode: fc.constantFrom(...shape.services),
				priorityWeight: fc.constantFrom(...shape.weights),
				arrived: fc.integer({ min: 0, max: shape.maxArrivalMinute }),
				appointment: shape.appointmentFreq
					? fc.option(fc.integer({ min: 0, max: 150 }), { freq: shape.appointmentFreq })
					: fc.constant(null),
				awaiting: shape.remote ? fc.boolean() : fc.constant(false)
			}),
			{ maxLength: shape.maxLength }
		)
		.map((rows) =>
			rows.map(
				(r, i): QueueTicket => ({
					id: `t${String(i).padStart(2, '0')}`,
					number: `A${String(i + 1).padStart(3, '0')}`,
					serviceCode: r.serviceCode,
					priorityCode: r.priorityWeight > 0 ? `group-${r.priorityWeight}` : 'normal',
					priorityWeight: r.priorityWeight,
					arrivedAt: at(r.arrived),
					enqueuedAt: at(r.arrived),
					// A remote ticket is a walk-in taken on a phone: it carries no appointment.
					appointmentAt: r.awaiting || r.appointment === null ? null : at(r.appointment),
					status: 'waiting',
					...(r.awaiting ? { awaitingArrival: true } : {})
				})
			)
		);

export const ratioArb: fc.Arbitrary<Extract<OrderingSettings, { mode: 'ratio' }>> = fc.record({
	mode: fc.constant('ratio' as const),
	priorityCalls: fc.integer({ min: 1, max: 4 }),
	normalCalls: fc.integer({ min: 1, max: 4 })
});
export const settingsArb: fc.Arbitrary<OrderingSettings> = fc.oneof(fc.constant({ mode: 'strict' as const }), ratioArb);

export const inputArb = (shape: QueueShape, settings: fc.Arbitrary<OrderingSettings> = settingsArb): fc.Arbitrary<OrderingInput> =>
	fc.record({
		waiting: ticketsArb(shape),
		counterServices: fc.subarray([...shape.services], { minLength: 1 }),
		settings,
		recentCalls: fc.array(fc.record({ priority: fc.boolean() }), { maxLength: 8 }),
		now: fc.constant(NOW),
		appointmentGraceMinutes: fc.integer({ min: 0, max: 30 })
	});

/** Calls next until nothing is callable, as a counter would, recording each call. */
export function drain(start: OrderingInput): QueueTicket[] {
	const picked: QueueTicket[] = [];
	let waiting = [...start.waiting];
	let recentCalls: RecentCall[] = [...start.recentCalls];
	for (let guard = 0; guard <= start.waiting.length; guard++) {
		const result = pickNext({ ...start, waiting, recentCalls });
		if (!result.ok) return picked;
		picked.push(result.ticket);
		waiting = waiting.filter((t) => t.id !== result.ticket.id);
		recentCalls = [{ priority: result.ticket.priorityWeight > 0 }, ...recentCalls];
	}
	throw new Error('pickNext kept answering after every ticket was called');
}
