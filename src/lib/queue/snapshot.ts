import { decayedAverage, estimateWaitMinutes, positionOf, type ServiceSample } from './estimate';
import { orderQueue, type OrderingSettings, type QueuePick, type RecentCall } from './ordering';
import type { QueueTicket } from './ticket';

export interface SnapshotService {
	readonly id: string;
	readonly code: string;
	/** The catalogue's expected service time, used until the unit has samples of its own. */
	readonly expectedServiceMinutes: number;
}

export interface SnapshotInput {
	readonly services: readonly SnapshotService[];
	readonly waiting: readonly QueueTicket[];
	readonly openCounters: ReadonlyMap<string, number>;
	readonly samples: ReadonlyMap<string, readonly ServiceSample[]>;
	readonly settings: OrderingSettings;
	/** The unit's check-in lateness that still keeps an appointment (settings.appointments.lateMinutes). */
	readonly appointmentGraceMinutes?: number;
	readonly recentCalls: readonly RecentCall[];
	readonly now: Date;
}

export interface ServiceQueue {
	readonly service: SnapshotService;
	/** The projected call order of this service's queue, each with its reason. */
	readonly order: readonly QueuePick[];
	readonly openCounters: number;
	readonly averageServiceSeconds: number;
	readonly longestWaitSeconds: number;
	/** What a ticket issued now would wait (it joins behind everyone). */
	readonly estimateForNewMinutes: number;
}

// Recent service times weigh more: an hour-long half-life follows the day's pace.
const HALF_LIFE_MINUTES = 60;

/** The unit's queues per service, with positions and estimates under the ordering policy. */
export function queueSnapshot(input: SnapshotInput): Map<string, ServiceQueue> {
	const out = new Map<string, ServiceQueue>();
	for (const service of input.services) {
		const order = orderQueue({
			waiting: input.waiting,
			counterServices: [service.code],
			settings: input.settings,
			appointmentGraceMinutes: input.appointmentGraceMinutes,
			recentCalls: input.recentCalls,
			now: input.now
		});
		const openCounters = input.openCounters.get(service.id) ?? 0;
		const averageServiceSeconds = decayedAverage(
			input.samples.get(service.id) ?? [],
			input.now,
			HALF_LIFE_MINUTES,
			service.expectedServiceMinutes * 60
		);
		const oldest = order.reduce((min, p) => Math.min(min, p.ticket.arrivedAt.getTime()), Infinity);
		out.set(service.code, {
			service,
			order,
			openCounters,
			averageServiceSeconds,
			longestWaitSeconds: Number.isFinite(oldest) ? Math.max(0, Math.round((input.now.getTime() - oldest) / 1000)) : 0,
			estimateForNewMinutes: estimateWaitMinutes({ position: order.length, openCounters, averageServiceSeconds }).minutes
		});
	}
	return out;
}

/** A waiting ticket's place in its service's queue and the minutes until its call. */
export function placeOf(queue: ServiceQueue | undefined, ticketId: string): { position: number; estimatedWaitMinutes: number } | null {
	if (!queue) return null;
	const position = positionOf(ticketId, queue.order);
	if (position === null) return null;
	const estimate = estimateWaitMinutes({ position, openCounters: queue.openCounters, averageServiceSeconds: queue.averageServiceSeconds });
	return { position, estimatedWaitMinutes: estimate.minutes };
}
