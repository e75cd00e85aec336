import type { Db } from '$lib/server/db/database';

/*
 * Tickets as the screens and the citizen's report show them, read-only: the staff's line, the
 * last calls, the desk's ticket, missed tickets, the visitor's tickets, a ticket's paper.
 */

/** Some tickets of a unit (by staff or public id) with their service and counter, as the visitor's view reads them. */
export async function publicTicketRows(db: Db, unitId: string, where: { ids?: readonly string[]; publicIds?: readonly string[] }) {
	const rows = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.select([
			'tickets.id',
			'tickets.public_id',
			'tickets.number',
			'tickets.status',
			'tickets.called_at',
			'tickets.awaiting_arrival',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'counters.number as counterNumber',
			'counters.name as counterName'
		])
		.where('tickets.unit_id', '=', unitId)
		.where((eb) => {
			const ors = [];
			if (where.ids?.length) ors.push(eb('tickets.id', 'in', where.ids));
			if (where.publicIds?.length) ors.push(eb('tickets.public_id', 'in', where.publicIds));
			return ors.length ? eb.or(ors) : eb.val(false);
		})
		.execute();
	return rows.map(({ public_id, called_at, awaiting_arrival, ...r }) => ({ ...r, publicId: public_id, calledAt: called_at, awaitingArrival: awaiting_arrival }));
}

/** A ticket as it was issued, with its unit's, service's and priority's names: what its paper shows. */
export interface TicketAsIssued {
	publicId: string;
	number: string;
	issuedAt: Date;
	positionAtIssue: number | null;
	estimatedWaitMinutes: number | null;
	unitName: string;
	timezone: string;
	serviceName: string;
	priorityName: string | null;
}

/** A ticket as issued, by its staff id or its public id (the browser-printed ticket), or undefined. */
export async function ticketAsIssued(db: Db, key: { id: string } | { publicId: string }): Promise<TicketAsIssued | undefined> {
	const [column, value] = 'id' in key ? (['tickets.id', key.id] as const) : (['tickets.public_id', key.publicId] as const);
	const row = await db
		.selectFrom('tickets')
		.innerJoin('units', 'units.id', 'tickets.unit_id')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.select([
			'tickets.public_id',
			'tickets.number',
			'tickets.issued_at',
			'tickets.position_at_issue',
			'tickets.estimated_wait_minutes',
			'units.name as unit_name',
			'units.timezone',
			'services.name as service_name',
			'priority_groups.name as priority_name'
		])
		.where(column, '=', value)
		.executeTakeFirst();
	return (
		row && {
			publicId: row.public_id,
			number: row.number,
			issuedAt: row.issued_at,
			positionAtIssue: row.position_at_issue,
			estimatedWaitMinutes: row.estimated_wait_minutes,
			unitName: row.unit_name,
			timezone: row.timezone,
			serviceName: row.service_name,
			priorityName: row.priority_name
		}
	);
}

/** The unit's latest calls and recalls, newest first: number, counter, service, time. */
export async function lastCallRows(db: Db, unitId: string, limit: number) {
	const rows = await db
		.selectFrom('ticket_events')
		.innerJoin('tickets', 'tickets.id', 'ticket_events.ticket_id')
		.innerJoin('services', 'services.id', 'ticket_events.service_id')
		.innerJoin('counters', 'counters.id', 'ticket_events.counter_id')
		.select(['tickets.number', 'counters.number as counter', 'counters.name as counterName', 'services.name as service', 'ticket_events.at', 'ticket_events.action'])
		.where('ticket_events.unit_id', '=', unitId)
		.where('ticket_events.action', 'in', ['call', 'recall'])
		.orderBy('ticket_events.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ number: r.number, counter: r.counter, counterName: r.counterName, service: r.service, calledAt: r.at, recall: r.action === 'recall' }));
}

/** The unit's tickets waiting, called or being served, with their service, group, counter and clerk. */
export async function ticketsInLine(db: Db, unitId: string) {
	const rows = await db
		.selectFrom('tickets')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.leftJoin('users', 'users.id', 'tickets.clerk_id')
		.select([
			'tickets.id',
			'tickets.number',
			'tickets.status',
			'tickets.issued_at',
			'tickets.queued_at',
			'tickets.called_at',
			'tickets.appointment_at',
			'tickets.transfers',
			'tickets.passed_at',
			'services.code as service',
			'priority_groups.code as priority',
			'priority_groups.name as priorityName',
			'priority_groups.requires_document as priorityNeedsDocument',
			'counters.id as counterId',
			'counters.name as counterName',
			'users.name as clerk'
		])
		.where('tickets.unit_id', '=', unitId)
		.where('tickets.status', 'in', ['waiting', 'called', 'serving'])
		.execute();
	return rows.map(({ issued_at, queued_at, called_at, appointment_at, passed_at, ...r }) => ({
		...r,
		issuedAt: issued_at,
		queuedAt: queued_at,
		calledAt: called_at,
		appointmentAt: appointment_at,
		passedAt: passed_at
	}));
}

/** The tickets the unit's counters are calling or serving. */
export async function ticketsAtCounters(db: Db, unitId: string) {
	const rows = await db.selectFrom('tickets').select(['counter_id', 'number', 'status', 'id']).where('unit_id', '=', unitId).where('status', 'in', ['called', 'serving']).execute();
	return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, counterId: r.counter_id }));
}

/** A ticket with its service and priority group: what the desk, the counter's screen and a kiosk's ticket show. */
function ticketWithServiceQuery(db: Db) {
	return db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('priority_groups', 'priority_groups.id', 'tickets.priority_group_id')
		.select([
			'tickets.id',
			'tickets.public_id',
			'tickets.number',
			'tickets.status',
			'tickets.issued_at',
			'tickets.queued_at',
			'tickets.called_at',
			'tickets.started_at',
			'tickets.appointment_at',
			'tickets.recalls',
			'tickets.transfers',
			'tickets.priority_weight',
			'tickets.arrival_code',
			'services.id as serviceId',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.expected_service_minutes as expectedServiceMinutes',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'priority_groups.code as priorityCode',
			'priority_groups.name as priorityName',
			'priority_groups.requires_document as requiresDocument'
		]);
}

type TicketWithServiceRow = NonNullable<Awaited<ReturnType<ReturnType<typeof ticketWithServiceQuery>['executeTakeFirst']>>>;

function ticketWithServiceOf(row: TicketWithServiceRow) {
	const { public_id, issued_at, queued_at, called_at, started_at, appointment_at, priority_weight, arrival_code, ...r } = row;
	return {
		...r,
		publicId: public_id,
		issuedAt: issued_at,
		queuedAt: queued_at,
		calledAt: called_at,
		startedAt: started_at,
		appointmentAt: appointment_at,
		priorityWeight: priority_weight,
		arrivalCode: arrival_code
	};
}

export type TicketWithService = ReturnType<typeof ticketWithServiceOf>;

/** A ticket by staff id with its service and priority group. */
export async function ticketWithService(db: Db, ticketId: string): Promise<TicketWithService> {
	return ticketWithServiceOf(await ticketWithServiceQuery(db).where('tickets.id', '=', ticketId).executeTakeFirstOrThrow());
}

/** The ticket a counter is calling or serving, with its service and priority group, if any. */
export async function ticketAtDesk(db: Db, counterId: string): Promise<TicketWithService | undefined> {
	const row = await ticketWithServiceQuery(db).where('tickets.counter_id', '=', counterId).where('tickets.status', 'in', ['called', 'serving']).executeTakeFirst();
	return row && ticketWithServiceOf(row);
}

/** The unit's latest tickets of a day that ended as no-show or cancelled, newest first. */
export async function missedTicketsOn(db: Db, unitId: string, day: string, limit: number) {
	const rows = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.select(['tickets.id', 'tickets.number', 'tickets.status', 'services.name as service', 'tickets.finished_at'])
		.where('tickets.unit_id', '=', unitId)
		.where('tickets.day', '=', day)
		.where('tickets.status', 'in', ['no_show', 'cancelled'])
		.orderBy('tickets.finished_at', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, status: r.status, service: r.service, finishedAt: r.finished_at }));
}

/**
 * These tickets, and those checked in for these appointments, latest first, with their unit and
 * service: what a citizen's report lists (tickets hold no identity; protocols and appointments link them).
 */
export async function ticketsLinkedTo(db: Db, links: { ticketIds: readonly string[]; appointmentIds: readonly string[] }) {
	if (!links.ticketIds.length && !links.appointmentIds.length) return [];
	const rows = await db
		.selectFrom('tickets as t')
		.innerJoin('units as u', 'u.id', 't.unit_id')
		.innerJoin('services as s', 's.id', 't.service_id')
		.select(['t.id', 't.number', 'u.slug as unit', 's.name as service', 't.day', 't.status', 't.issued_at', 't.appointment_id'])
		.where((eb) =>
			eb.or([
				...(links.ticketIds.length ? [eb('t.id', 'in', links.ticketIds)] : []),
				...(links.appointmentIds.length ? [eb('t.appointment_id', 'in', links.appointmentIds)] : [])
			])
		)
		.orderBy('t.issued_at', 'desc')
		.execute();
	return rows.map((r) => ({ id: r.id, number: r.number, unit: r.unit, service: r.service, day: r.day, status: r.status, issuedAt: r.issued_at, appointmentId: r.appointment_id }));
}
