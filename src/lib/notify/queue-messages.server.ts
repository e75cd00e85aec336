import type { Db } from '$lib/server/db/database';
import type { DomainEvent } from '$lib/events/types';
import { isLang } from '$lib/i18n';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { orderingOf } from '$lib/queue/ordering';
import { recentCalls, waitingTickets } from '$lib/queue/line-store.server';
import { unitById } from '$lib/units/store.server';
import { nearDue, peopleAhead } from './near';
import { activeWatchesOfUnits, insertMessages, markNearQueued, stopWatches, VISITOR_MESSAGES, type ActiveWatch, type NewMessage } from './store.server';

/** Events after which a ticket is over for its visitor: nothing more is sent. */
const ENDED = new Set(['ticket.finished', 'ticket.no_show', 'ticket.cancelled', 'ticket.expired']);
const CALLS = new Set(['ticket.called', 'ticket.recalled']);

const langOf = (w: ActiveWatch) => (isLang(w.lang) ? w.lang : 'pt-BR');

/**
 * The `near` messages due in one unit now: the people ahead of every waiting ticket by the
 * ordering policy, against each active watch not yet told.
 */
async function nearMessages(trx: Db, unitId: string, watches: readonly ActiveWatch[], now: Date): Promise<(NewMessage & { watchId: string })[]> {
	const pending = watches.filter((w) => w.nearQueuedAt === null && w.status === 'waiting');
	if (pending.length === 0) return [];
	const { settings } = await unitById(trx, unitId);
	const ordering = orderingOf(settings);
	const [waiting, calls] = await Promise.all([waitingTickets(trx, unitId), ordering.mode === 'ratio' ? recentCalls(trx, unitId) : Promise.resolve([])]);
	const ahead = peopleAhead({ waiting, settings: ordering, recentCalls: calls, now, appointmentGraceMinutes: settings.appointments?.lateMinutes });
	return pending
		.filter((w) => nearDue({ ahead: w.ahead, nearQueued: false, stopped: false }, ahead.get(w.ticketId)))
		.map((w) => ({
			watchId: w.id,
			ticketId: w.ticketId,
			unitId,
			channel: w.channel,
			dedupeKey: `${w.id}:near`,
			message: { kind: 'near', lang: langOf(w), number: w.number, ahead: ahead.get(w.ticketId)!, unit: w.unitName }
		}));
}

/**
 * Queues what the watches of some units are due now — `near` once (then marked), the `called`
 * of the given call events — in the caller's transaction. Returns how many messages were new.
 */
export async function queueDueMessages(trx: Db, unitIds: readonly string[], calls: readonly DomainEvent[], now: Date): Promise<number> {
	const watches = await activeWatchesOfUnits(trx, unitIds);
	if (watches.length === 0) return 0;
	const rows: NewMessage[] = [];
	for (const e of calls) {
		const counter = (e.data.counter as { name?: string } | null)?.name;
		if (!counter) continue;
		for (const w of watches.filter((x) => x.ticketId === e.data.ticketId)) {
			rows.push({
				watchId: w.id,
				ticketId: w.ticketId,
				unitId: w.unitId,
				channel: w.channel,
				dedupeKey: `${w.id}:called:${e.id}`,
				message: { kind: 'called', lang: langOf(w), number: String(e.data.number), counter, unit: w.unitName }
			});
		}
	}
	for (const unitId of new Set(watches.map((w) => w.unitId))) {
		const near = await nearMessages(trx, unitId, watches.filter((w) => w.unitId === unitId), now);
		await markNearQueued(trx, near.map((m) => m.watchId), now);
		rows.push(...near);
	}
	const added = await insertMessages(trx, rows, now);
	if (added) announceJobQueued(VISITOR_MESSAGES.kind);
	return added;
}

/**
 * The event stream's visitor-message consumer: a call queues `called` for the ticket's watches,
 * an end stops them, and any change in a unit's queue may make some watch's `near` due. Units
 * with no active watch cost one indexed query per batch.
 */
export async function queueVisitorMessages(trx: Db, events: readonly DomainEvent[], now: Date): Promise<void> {
	const ticketEvents = events.filter((e) => e.type.startsWith('ticket.') && e.unitId !== null);
	if (ticketEvents.length === 0) return;
	const ended = ticketEvents.filter((e) => ENDED.has(e.type)).map((e) => String(e.data.ticketId));
	await stopWatches(trx, ended, now);
	await queueDueMessages(
		trx,
		[...new Set(ticketEvents.map((e) => e.unitId!))],
		ticketEvents.filter((e) => CALLS.has(e.type)),
		now
	);
}
