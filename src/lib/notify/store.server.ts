import { sql, type Selectable } from 'kysely';
import type { Db } from '$lib/server/db/database';
import type { TicketRowStatus, TicketWatchesTable, VisitorMessagesTable, VisitorMessageStatus } from '$lib/server/db/schema';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import { claimJobs } from '$lib/jobs/store.server';
import type { Channel, VisitorMessage } from './notifier';
import type { MessageSubject } from './dead-letter';

/** Where a watch was asked for: the ticket page, the kiosk, the API, or with a remote ticket. */
export type WatchSource = TicketWatchesTable['source'];

/** A visitor's "Avise-me" on one channel for one ticket. */
export interface Watch {
	id: string;
	ticketId: string;
	unitId: string;
	channel: Channel;
	phone: string | null;
	ahead: number;
	lang: string;
}

const watchOf = (r: Selectable<TicketWatchesTable>): Watch => ({
	id: r.id,
	ticketId: r.ticket_id,
	unitId: r.unit_id,
	channel: r.channel,
	phone: r.phone,
	ahead: r.ahead,
	lang: r.lang
});

/** A message on the outbox: a ticket's (through its watch) or an appointment's reminder. */
export interface OutboxMessage {
	id: string;
	watchId: string | null;
	appointmentId: string | null;
	kind: VisitorMessagesTable['kind'];
	channel: string;
	message: VisitorMessage;
	status: VisitorMessageStatus;
	attempts: number;
	lastError: string | null;
	provider: string | null;
}

const messageOf = (r: Selectable<VisitorMessagesTable>): OutboxMessage => ({
	id: r.id,
	watchId: r.watch_id,
	appointmentId: r.appointment_id,
	kind: r.kind,
	channel: r.channel,
	message: r.message as VisitorMessage,
	status: r.status,
	attempts: r.attempts,
	lastError: r.last_error,
	provider: r.provider
});

/** How to reach a remote ticket's visitor, with the consent they gave, written with the ticket. */
export async function insertRemoteTicketContact(
	db: Db,
	c: { ticketId: string; phone: string | null; email: string | null; lang: string; consentText: string; at: Date }
): Promise<void> {
	await db
		.insertInto('remote_ticket_contacts')
		.values({ ticket_id: c.ticketId, phone: c.phone, email: c.email, lang: c.lang, consent_text: c.consentText, consent_at: c.at })
		.execute();
}

/** Visitor messages on the one durable job module. */
export const VISITOR_MESSAGES = registerJobTable({
	kind: 'visitor-message',
	table: 'visitor_messages',
	status: OUTBOX_STATUS,
	doneAt: 'sent_at'
});

export async function insertWatch(
	db: Db,
	w: { ticketId: string; unitId: string; channel: Channel; phone: string | null; pushSubscription: string | null; ahead: number; lang: string; source: WatchSource; consentText: string; at: Date }
): Promise<Watch> {
	const row = await db
		.insertInto('ticket_watches')
		.values({
			ticket_id: w.ticketId,
			unit_id: w.unitId,
			channel: w.channel,
			phone: w.phone,
			push_subscription: w.pushSubscription,
			ahead: w.ahead,
			lang: w.lang,
			source: w.source,
			consent_text: w.consentText,
			consent_at: w.at,
			created_at: w.at
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	return watchOf(row);
}

/** Stops the ticket's active watches (all, or one channel's); their queued messages are dropped when their turn comes. */
export async function stopWatches(db: Db, ticketIds: readonly string[], now: Date, channel?: Channel): Promise<number> {
	if (ticketIds.length === 0) return 0;
	let q = db.updateTable('ticket_watches').set({ stopped_at: now }).where('ticket_id', 'in', ticketIds).where('stopped_at', 'is', null);
	if (channel) q = q.where('channel', '=', channel);
	const r = await q.executeTakeFirst();
	return Number(r.numUpdatedRows);
}

export async function activeWatchesOfTicket(db: Db, ticketId: string): Promise<Watch[]> {
	const rows = await db.selectFrom('ticket_watches').selectAll().where('ticket_id', '=', ticketId).where('stopped_at', 'is', null).orderBy('created_at').execute();
	return rows.map(watchOf);
}

/** An active watch with its ticket's number and status and the unit's name: what its messages say (no address). */
export interface ActiveWatch extends Omit<Watch, 'phone'> {
	nearQueuedAt: Date | null;
	number: string;
	status: TicketRowStatus;
	unitName: string;
}

/** The active watches of some units, with their ticket's number and status and the unit's name. */
export async function activeWatchesOfUnits(db: Db, unitIds: readonly string[]): Promise<ActiveWatch[]> {
	if (unitIds.length === 0) return [];
	const rows = await db
		.selectFrom('ticket_watches')
		.innerJoin('tickets', 'tickets.id', 'ticket_watches.ticket_id')
		.innerJoin('units', 'units.id', 'ticket_watches.unit_id')
		.select([
			'ticket_watches.id',
			'ticket_watches.ticket_id',
			'ticket_watches.unit_id',
			'ticket_watches.channel',
			'ticket_watches.ahead',
			'ticket_watches.lang',
			'ticket_watches.near_queued_at',
			'tickets.number',
			'tickets.status',
			'units.name as unitName'
		])
		.where('ticket_watches.unit_id', 'in', unitIds)
		.where('ticket_watches.stopped_at', 'is', null)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		ticketId: r.ticket_id,
		unitId: r.unit_id,
		channel: r.channel,
		ahead: r.ahead,
		lang: r.lang,
		nearQueuedAt: r.near_queued_at,
		number: r.number,
		status: r.status,
		unitName: r.unitName
	}));
}

export async function markNearQueued(db: Db, watchIds: readonly string[], now: Date): Promise<void> {
	if (watchIds.length === 0) return;
	await db.updateTable('ticket_watches').set({ near_queued_at: now }).where('id', 'in', watchIds).where('near_queued_at', 'is', null).execute();
}

/** A message to queue: a ticket's (its watch and ticket) or an appointment's reminder, never both. */
export interface NewMessage {
	watchId: string | null;
	ticketId: string | null;
	appointmentId?: string | null;
	unitId: string;
	channel: string;
	dedupeKey: string;
	message: VisitorMessage;
}

/** Queues messages; one whose key exists already is left alone, so a message is written once. Returns how many were new. */
export async function insertMessages(db: Db, rows: readonly NewMessage[], now: Date): Promise<number> {
	if (rows.length === 0) return 0;
	const r = await db
		.insertInto('visitor_messages')
		.values(
			rows.map((m) => ({
				watch_id: m.watchId,
				ticket_id: m.ticketId,
				appointment_id: m.appointmentId ?? null,
				unit_id: m.unitId,
				kind: m.message.kind,
				channel: m.channel,
				dedupe_key: m.dedupeKey,
				message: JSON.stringify(m.message),
				next_attempt_at: now,
				created_at: now
			}))
		)
		.onConflict((oc) => oc.column('dedupe_key').doNothing())
		.returning('id')
		.execute();
	return r.length;
}

/** What sending a message needs: where to (the watch's phone or subscription) and whether the ticket still wants it. */
export async function sendContext(
	db: Db,
	watchId: string
): Promise<{ phone: string | null; pushSubscription: unknown; stoppedAt: Date | null; ticketStatus: TicketRowStatus } | undefined> {
	const row = await db
		.selectFrom('ticket_watches')
		.innerJoin('tickets', 'tickets.id', 'ticket_watches.ticket_id')
		.select(['ticket_watches.phone', 'ticket_watches.push_subscription', 'ticket_watches.stopped_at', 'tickets.status'])
		.where('ticket_watches.id', '=', watchId)
		.executeTakeFirst();
	return row && { phone: row.phone, pushSubscription: row.push_subscription, stoppedAt: row.stopped_at, ticketStatus: row.status };
}

/** Claims due messages for one runner (see {@link claimJobs}): a claimed message is `sending` with a lease. */
export async function claimMessages(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
	return (await claimJobs<Selectable<VisitorMessagesTable>>(db, VISITOR_MESSAGES, now, leaseUntil, limit)).map(messageOf);
}

/** A claimed message that must not go out any more (the visitor opted out, the ticket ended), fenced like finishJob. */
export async function dropMessage(db: Db, job: { id: string; attempts: number }, reason: string): Promise<boolean> {
	const r = await db
		.updateTable('visitor_messages')
		.set({ status: 'dropped', last_error: reason })
		.where('id', '=', job.id)
		.where('status', '=', 'sending')
		.where('attempts', '=', job.attempts)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Web Push's 404/410: the browser dropped the subscription, so the watch stops and forgets it. */
export async function forgetPushSubscription(db: Db, watchId: string, now: Date): Promise<void> {
	await db.updateTable('ticket_watches').set({ push_subscription: null, stopped_at: now }).where('id', '=', watchId).execute();
}

export async function messagesOfTicket(db: Db, ticketId: string): Promise<OutboxMessage[]> {
	return (await db.selectFrom('visitor_messages').selectAll().where('ticket_id', '=', ticketId).orderBy('seq').execute()).map(messageOf);
}

/**
 * Clears the phone numbers and push subscriptions of watches whose ticket is over and was issued
 * before `before`: a number is kept for its ticket only (LGPD art. 15), plus a day for delivery
 * reports and a visitor's questions. The consent record (time and text) stays.
 */
export async function clearWatchPersonalData(db: Db, before: Date, now: Date): Promise<number> {
	const { rows } = await sql<{ id: string }>`
		UPDATE ticket_watches w SET phone = NULL, push_subscription = NULL, personal_data_cleared_at = ${now}, stopped_at = coalesce(w.stopped_at, ${now})
		FROM tickets t
		WHERE t.id = w.ticket_id AND w.personal_data_cleared_at IS NULL
		  AND t.status NOT IN ('waiting', 'called', 'serving') AND t.issued_at < ${before}
		RETURNING w.id`.execute(db);
	return rows.length;
}

/** The same rule for the contact a remote ticket was taken with: kept for its ticket and a day more, the consent record stays. */
export async function clearRemoteContacts(db: Db, before: Date, now: Date): Promise<number> {
	const { rows } = await sql<{ ticket_id: string }>`
		UPDATE remote_ticket_contacts c SET phone = NULL, email = NULL, personal_data_cleared_at = ${now}
		FROM tickets t
		WHERE t.id = c.ticket_id AND c.personal_data_cleared_at IS NULL
		  AND t.status NOT IN ('waiting', 'called', 'serving') AND t.issued_at < ${before}
		RETURNING c.ticket_id`.execute(db);
	return rows.length;
}

/** A visitor message in the dead letter, as the manager's screen lists it: no address, no text of the message. */
export interface FailedMessage {
	id: string;
	unitId: string;
	unitName: string;
	/** The ticket's number; null for an appointment's reminder (its booking code is a key, not shown). */
	ticketNumber: string | null;
	subject: MessageSubject;
	kind: VisitorMessagesTable['kind'];
	channel: string;
	provider: string | null;
	attempts: number;
	lastError: string | null;
	createdAt: Date;
}

/** The newest dead visitor messages of these units (the dead-letter index of migration 0030 serves it). */
export async function failedMessagesOfUnits(db: Db, unitIds: readonly string[], limit: number): Promise<FailedMessage[]> {
	if (unitIds.length === 0) return [];
	const rows = await db
		.selectFrom('visitor_messages as m')
		.leftJoin('tickets as t', 't.id', 'm.ticket_id')
		.leftJoin('appointments as a', 'a.id', 'm.appointment_id')
		.innerJoin('units as u', 'u.id', 'm.unit_id')
		.select(['m.id', 'm.unit_id', 'u.name as unit_name', 't.number', 't.status', 'a.status as appointment_status', 'a.start_at', 'm.kind', 'm.channel', 'm.provider', 'm.attempts', 'm.last_error', 'm.created_at'])
		.where('m.status', '=', 'failed')
		.where('m.unit_id', 'in', unitIds)
		.orderBy('m.seq', 'desc')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		unitId: r.unit_id,
		unitName: r.unit_name,
		ticketNumber: r.number,
		subject: subjectOf(r),
		kind: r.kind,
		channel: r.channel,
		provider: r.provider,
		attempts: r.attempts,
		lastError: r.last_error,
		createdAt: r.created_at
	}));
}

/** A dead visitor message, with what decides whether it may be tried again: its unit, kind and subject's state. */
export async function failedMessageById(db: Db, id: string) {
	const row = await db
		.selectFrom('visitor_messages as m')
		.leftJoin('tickets as t', 't.id', 'm.ticket_id')
		.leftJoin('appointments as a', 'a.id', 'm.appointment_id')
		.select(['m.id', 'm.unit_id', 'm.kind', 't.status', 'a.status as appointment_status', 'a.start_at'])
		.where('m.id', '=', id)
		.where('m.status', '=', 'failed')
		.executeTakeFirst();
	return row && { id: row.id, unitId: row.unit_id, kind: row.kind, subject: subjectOf(row) };
}

/** A message's ticket, or else its appointment (a reminder); one whose subject was erased reads as over. */
function subjectOf(r: { status: string | null; appointment_status: string | null; start_at: Date | null }): MessageSubject {
	if (r.appointment_status !== null && r.start_at !== null) return { appointmentStatus: r.appointment_status, startsAt: r.start_at };
	return { ticketStatus: r.status ?? 'cancelled' };
}

/** The contacts given for tickets — a remote ticket's phone or e-mail — on these numbers (E.164) or addresses (lower case), for a person's LGPD report. */
export async function ticketContactsOf(
	db: Db,
	phones: readonly string[],
	emails: readonly string[]
): Promise<{ number: string; unit: string; service: string; status: string; issuedAt: Date; phone: string | null; email: string | null; consentText: string; consentAt: Date }[]> {
	if (phones.length === 0 && emails.length === 0) return [];
	const rows = await db
		.selectFrom('remote_ticket_contacts as c')
		.innerJoin('tickets as t', 't.id', 'c.ticket_id')
		.innerJoin('units as u', 'u.id', 't.unit_id')
		.innerJoin('services as s', 's.id', 't.service_id')
		.select(['t.number', 'u.slug as unit', 's.name as service', 't.status', 't.issued_at', 'c.phone', 'c.email', 'c.consent_text', 'c.consent_at'])
		.where((eb) => eb.or([...(phones.length ? [eb('c.phone', 'in', phones)] : []), ...(emails.length ? [eb(sql<string>`lower(c.email)`, 'in', emails)] : [])]))
		.orderBy('t.issued_at', 'desc')
		.execute();
	return rows.map((r) => ({
		number: r.number,
		unit: r.unit,
		service: r.service,
		status: r.status,
		issuedAt: r.issued_at,
		phone: r.phone,
		email: r.email,
		consentText: r.consent_text,
		consentAt: r.consent_at
	}));
}

/**
 * An anonymisation on request: those contacts go, and so do the numbers of any watch on them (a
 * ticket's "Avise-me"), whatever the ticket's state; the consent records stay. Returns how many
 * rows lost a contact.
 */
export async function eraseTicketContacts(db: Db, phones: readonly string[], emails: readonly string[], now: Date): Promise<number> {
	if (phones.length === 0 && emails.length === 0) return 0;
	const contacts = await db
		.updateTable('remote_ticket_contacts')
		.set({ phone: null, email: null, personal_data_cleared_at: now })
		.where((eb) => eb.or([...(phones.length ? [eb('phone', 'in', phones)] : []), ...(emails.length ? [eb(sql<string>`lower(email)`, 'in', emails)] : [])]))
		.executeTakeFirst();
	const watches = phones.length
		? await db.updateTable('ticket_watches').set({ phone: null, personal_data_cleared_at: now, stopped_at: sql<Date>`coalesce(stopped_at, ${now})` }).where('phone', 'in', phones).executeTakeFirst()
		: { numUpdatedRows: 0n };
	return Number(contacts.numUpdatedRows) + Number(watches.numUpdatedRows);
}
