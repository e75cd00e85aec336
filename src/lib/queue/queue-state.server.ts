import { queueServicesOfUnit, type UnitRecord } from '$lib/units/store.server';
import type { Db } from '$lib/server/db/database';
import { orderingOf } from './ordering';
import { recentCalls, waitingTickets } from './line-store.server';
import { forecastFacts } from './estimate-inputs.server';
import { queueSnapshot, type ServiceQueue } from './snapshot';
import type { QueueTicket } from './ticket';

export interface ServiceOfQueue {
	id: string;
	code: string;
	expectedServiceMinutes: number;
}

/** Reads everything the ordering policy and the forecast need for one unit (or one of its services) and projects it. */
export async function loadQueueState(
	db: Db,
	unit: UnitRecord,
	now: Date,
	/** One service the unit offers, already read by the caller. */
	onlyService?: ServiceOfQueue,
	/** A ticket not yet written (one being issued), projected with the others; only its wait is forecast. */
	newcomer?: QueueTicket
): Promise<Map<string, ServiceQueue>> {
	// Every service and waiting ticket of the unit, even for one service: the services share counters.
	const unitServices = queueServicesOfUnit(db, unit.id);
	const [allServices, waiting, facts, calls] = await Promise.all([
		unitServices,
		waitingTickets(db, unit.id),
		unitServices.then((rows) => forecastFacts(db, unit, rows, now)),
		// Only the interleave ratio looks at past calls; strict order needs no query for them.
		orderingOf(unit.settings).mode === 'ratio' ? recentCalls(db, unit.id) : Promise.resolve([])
	]);
	const serviceRows = onlyService ? [onlyService] : allServices;
	return queueSnapshot({
		services: serviceRows,
		waiting: newcomer ? [...waiting, newcomer] : waiting,
		settings: orderingOf(unit.settings),
		appointmentGraceMinutes: unit.settings.appointments?.lateMinutes,
		recentCalls: calls,
		now,
		facts,
		track: newcomer ? [newcomer.id] : undefined
	});
}
