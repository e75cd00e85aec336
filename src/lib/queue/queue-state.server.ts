import type { UnitRecord } from '$lib/units/store.server';
import { orderingOf, openCountersByService, recentCalls, serviceSamples, waitingTickets, type Conn } from './store.server';
import { queueSnapshot, type ServiceQueue } from './snapshot';
import type { QueueTicket } from './ticket';

export interface ServiceOfQueue {
	id: string;
	code: string;
	expectedServiceMinutes: number;
}

// A week of finished tickets is plenty for an average with an hour-long half-life.
const SAMPLE_WINDOW_MS = 7 * 86400_000;

/** Reads everything the ordering policy and the estimates need for one unit (or one of its services) and projects it. */
export async function loadQueueState(
	db: Conn,
	unit: UnitRecord,
	now: Date,
	/** One service the unit offers, already read by the caller. */
	onlyService?: ServiceOfQueue,
	/** A ticket not yet written (one being issued), projected with the others. */
	newcomer?: QueueTicket
): Promise<Map<string, ServiceQueue>> {
	const services = onlyService
		? Promise.resolve([onlyService])
		: db
				.selectFrom('unit_services')
				.innerJoin('services', 'services.id', 'unit_services.service_id')
				.select(['services.id', 'services.code', 'services.expected_service_minutes as expectedServiceMinutes'])
				.where('unit_services.unit_id', '=', unit.id)
				.execute();
	const [serviceRows, waiting, openCounters, samples, calls] = await Promise.all([
		services,
		waitingTickets(db, unit.id, onlyService ? [onlyService.id] : undefined),
		openCountersByService(db, unit.id),
		serviceSamples(db, unit.id, new Date(now.getTime() - SAMPLE_WINDOW_MS)),
		// Only the interleave ratio looks at past calls; strict order needs no query for them.
		orderingOf(unit.settings).mode === 'ratio' ? recentCalls(db, unit.id) : Promise.resolve([])
	]);
	return queueSnapshot({ services: serviceRows, waiting: newcomer ? [...waiting, newcomer] : waiting, openCounters, samples, settings: orderingOf(unit.settings), appointmentGraceMinutes: unit.settings.appointments?.lateMinutes, recentCalls: calls, now });
}
