import QRCode from 'qrcode';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import { ANONYMOUS, type Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import type { Db } from '$lib/server/db/database';
import { keyedRef } from '$lib/audit/audit.server';
import { translator, type Lang } from '$lib/i18n';
import { ownCheck } from '$lib/i18n/field-problem';
import { blankAsMissing, parse, slug } from '$lib/server/http/validate';
import { consumeRateLimit, throttledGuess } from '$lib/server/rate-limit';
import { CHECK_IN_PER_DEVICE, REMOTE_TICKETS_PER_ADDRESS, REMOTE_TICKETS_PER_CONTACT } from '$lib/server/throttles';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';
import { remoteServicesOfUnit, unitById, unitBySlug, type UnitRecord } from '$lib/units/store.server';
import { formatBookingCode, BOOKING_CODE_BYTES, parseBookingCode } from '$lib/appointments/codes';
import { parsePhone } from '$lib/notify/phone';
import { issueTicket, IssueTicketInput, issueTicketWith, type RemoteIssue } from './issue-ticket.server';
import { checkInKey } from '$lib/appointments/check-in.server';
import { offeredChannels } from '$lib/notify/providers.server';
import { payloadOfIssued, type IssuedTicket } from './issued';
import { loadQueueState } from './queue-state.server';
import { placeOf } from './snapshot';
import { publishUnit } from './publish.server';
import { markPassedRemoteTickets, unitsWithAwaitingTickets } from './expiry-store.server';
import { recordEvent, remoteArrivalOf, setArrived, ticketStanding, type TicketStanding } from './ticket-store.server';
import { ticketWithService } from './view-store.server';
import { DEFAULT_REMOTE_EXPIRE_MINUTES } from './remote';
import { expireUnitTickets } from './expire-tickets.server';
import { isPublicId } from './ticket';
import { enqueueTicketPrint, requester } from '$lib/printing/enqueue-print.server';

export const RemoteTicketInput = z
	.object({
		service: slug,
		channel: z.literal('remote').optional().describe('`remote`: a ticket taken before arriving, for anonymous callers'),
		phone: z.preprocess(blankAsMissing, z.string().trim().max(30).optional()).describe('E.164 or a Brazilian form; a phone or an e-mail is required'),
		email: z.preprocess(blankAsMissing, z.email().max(254).optional()),
		notify: z
			.object({
				channel: z.enum(['whatsapp', 'sms']),
				ahead: z.coerce.number().int().min(1).max(20).default(3).describe('Send `near` when this many people or fewer are ahead')
			})
			.optional()
			.describe('`near` and `called` on the phone given, as with "Avise-me"')
	})
	.refine((c) => c.phone || c.email, ownCheck('contact_required', 'A phone or an e-mail is required.', ['phone']));

/** `POST /units/{unit}/tickets`: a kiosk's or clerk's issue, or an anonymous visitor's remote ticket. */
export const TicketRequestInput = z.union([IssueTicketInput, RemoteTicketInput]);

/**
 * One entry for both callers of the ticket endpoint: a device or staff member issues as ever; an
 * anonymous caller takes a ticket before arriving, where the service allows it.
 */
export async function requestTicket(
	deps: Deps,
	actor: Actor,
	unitSlug: string,
	raw: unknown,
	context: { origin: string; address: string; lang: Lang },
	key: IdempotencyKey | null = null
): Promise<IssuedTicket> {
	parse(TicketRequestInput, raw);
	return actor.kind === 'anonymous' ? takeRemoteTicket(deps, unitSlug, raw, context, key) : issueTicket(deps, actor, unitSlug, raw, context.origin, key);
}

/**
 * The key a contact is counted under: keyed with the installation's secret, so the rate-limit
 * table holds no phone or e-mail, nor a plain hash one could reverse by hashing every number.
 */
const contactKey = (db: Db, contact: string) => keyedRef(db, `vez-remote:${contact.toLowerCase()}`);

/**
 * A visitor takes a ticket before arriving (docs/api.md#remote-tickets): where the unit's service
 * allows it, with a phone or an e-mail, under limits per address and per contact and the
 * service's daily cap. The ticket waits in the ordinary queue, keeping the place of the time it
 * was taken, but is not called until its visitor checks in at the kiosk or taps "Cheguei".
 */
export async function takeRemoteTicket(
	deps: Deps,
	unitSlug: string,
	raw: unknown,
	context: { origin: string; address: string; lang: Lang },
	key: IdempotencyKey | null = null
): Promise<IssuedTicket> {
	const input = parse(RemoteTicketInput, raw);
	let phone: string | null = null;
	if (input.phone) {
		const parsed = parsePhone(input.phone);
		if (!parsed.ok) throw new VezError('invalid_input', 'Not a mobile number.', { phone: parsed.code }, { phone: { code: 'invalid' } });
		phone = parsed.e164;
	}
	const email = input.email?.toLowerCase() ?? null;
	const watch = input.notify ? remoteWatch(deps, input.notify, phone, context.lang) : null;
	return once(deps, key && { key, scope: `remote-ticket:${unitSlug}`, body: raw }, async (transaction) => {
		const now = deps.now();
		await consumeRateLimit(deps.db, REMOTE_TICKETS_PER_ADDRESS, context.address, now);
		await consumeRateLimit(deps.db, REMOTE_TICKETS_PER_CONTACT, await contactKey(deps.db, (phone ?? email)!), now);
		const remote = {
			arrivalCode: formatBookingCode(randomBytes(BOOKING_CODE_BYTES)),
			contact: { phone, email },
			lang: context.lang,
			consentText: translator(context.lang)('remote.consent'),
			watch
		};
		return issueTicketWith(deps, ANONYMOUS, unitSlug, { service: input.service }, context.origin, transaction, { remote });
	});
}

/** The messages a remote visitor asked for on the phone they gave: a channel on offer, and a phone to send to. */
function remoteWatch(deps: Deps, notify: { channel: 'whatsapp' | 'sms'; ahead: number }, phone: string | null, lang: Lang): RemoteIssue['watch'] {
	if (!offeredChannels(deps.config.providers).includes(notify.channel)) throw new VezError('channel_unavailable', `No provider is configured for ${notify.channel}`);
	if (!phone) throw new VezError('invalid_input', 'Messages need a mobile number.', { phone: 'required' }, { phone: { code: 'required' } });
	return { channel: notify.channel, ahead: notify.ahead, consentText: translator(lang)('notify.consent') };
}

/** Marks the ticket arrived: from now on the ordering calls it in the place it kept. */
async function markArrived(trx: Db, ticket: TicketStanding, now: Date, via: 'phone' | 'kiosk', actor: string): Promise<void> {
	await setArrived(trx, ticket.id, now);
	await recordEvent(trx, {
		ticketId: ticket.id,
		unitId: ticket.unitId,
		at: now,
		action: 'arrive',
		from: 'waiting',
		to: 'waiting',
		serviceId: ticket.serviceId,
		counterId: null,
		actor,
		details: { via }
	});
}

/**
 * "Cheguei": the holder of a remote ticket's public id says they are in the unit. 409
 * `not_awaiting_arrival` when it arrived already, or is no longer waiting.
 */
export async function arriveByPhone(deps: Deps, publicId: string): Promise<{ arrived: true }> {
	if (!isPublicId(publicId)) throw new VezError('ticket_not_found');
	const now = deps.now();
	const ticket = await deps.db.transaction().execute(async (trx) => {
		const row = await ticketStanding(trx, { publicId }, true);
		if (!row) throw new VezError('ticket_not_found');
		if (row.status !== 'waiting' || !row.awaitingArrival) throw new VezError('not_awaiting_arrival', 'This ticket is not waiting for its visitor to arrive.');
		await markArrived(trx, row, now, 'phone', 'visitor:ticket-page');
		return row;
	});
	publishUnit(deps, await unitById(deps.db, ticket.unitId), [], [ticket.id]);
	return { arrived: true };
}

/**
 * The kiosk's check-in with a remote ticket's arrival code (typed, or scanned from its QR): the
 * ticket of this unit still waiting for its visitor, who now has it on screen and, from a kiosk,
 * on paper (its print job written with the arrival).
 * Null when no such ticket: the code may be an appointment's. Wrong codes count against the kiosk
 * with the appointment codes' throttle.
 */
export async function arriveAtKiosk(
	deps: Deps,
	actor: Actor,
	unit: UnitRecord,
	typed: string,
	origin: string,
	transaction: KeyedTransaction<IssuedTicket>
): Promise<IssuedTicket | null> {
	const code = parseBookingCode(typed);
	if (!code.ok) return null;
	const now = deps.now();
	const found = await ticketStanding(deps.db, { arrivalCode: code.code });
	if (!found) return null;
	if (found.unitId !== unit.id) {
		await throttledGuess(deps.db, now, [[CHECK_IN_PER_DEVICE, checkInKey(actor)]], async () => {
			throw new VezError('appointment_not_found', 'This ticket is for another unit.', { appointment: 'other_unit' });
		});
	}
	if (found.status !== 'waiting' || !found.awaitingArrival) throw new VezError('appointment_not_active', 'This ticket was checked in already or is no longer waiting.', { appointment: 'not_active' });
	const issued = await transaction(deps.db, async (trx) => {
		const row = await ticketStanding(trx, { id: found.id }, true);
		if (!row || row.status !== 'waiting' || !row.awaitingArrival) throw new VezError('appointment_not_active', 'This ticket was checked in already or is no longer waiting.', { appointment: 'not_active' });
		await markArrived(trx, row, now, 'kiosk', actor.kind === 'device' ? `device:${actor.id}` : actor.kind === 'user' ? `user:${actor.id}` : 'anonymous');
		const view = await issuedView(deps, trx, unit, found.id, origin);
		if (actor.kind !== 'device' || actor.tokenKind !== 'kiosk') return view;
		// The visitor checked in at a kiosk: it prints the paper ticket, as for a ticket taken there.
		const print = await enqueueTicketPrint(trx, { unitId: unit.id, ticketId: found.id, kioskTokenId: actor.id, requestedBy: requester(actor), at: now, payload: payloadOfIssued(view) });
		return { ...view, print: { status: print.status, printerName: print.printerName, printerOnline: print.printerOnline } };
	}, (r) => r);
	publishUnit(deps, unit, [], [found.id]);
	return issued;
}

/** An existing waiting ticket as the kiosk shows a fresh one. */
async function issuedView(deps: Deps, db: Db, unit: UnitRecord, ticketId: string, origin: string): Promise<IssuedTicket> {
	const t = await ticketWithService(db, ticketId);
	const state = await loadQueueState(db, unit, deps.now(), { id: t.serviceId, code: t.serviceCode, expectedServiceMinutes: t.expectedServiceMinutes });
	const place = placeOf(state.get(t.serviceCode), t.id);
	const base = (deps.config.publicUrl ?? origin).replace(/\/$/, '');
	return {
		id: t.id,
		publicId: t.publicId,
		number: t.number,
		service: t.serviceCode,
		serviceName: t.serviceName,
		priority: t.priorityCode,
		priorityName: t.priorityName,
		issuedAt: t.issuedAt.toISOString(),
		position: place?.position ?? 0,
		estimatedWaitMinutes: place?.estimatedWaitMinutes ?? 0,
		estimatedWait: place?.estimatedWait ?? { low: 0, high: 0 },
		promisedWaitMinutes: t.promisedWaitMinutes,
		trackUrl: `${base}/t/${t.publicId}`,
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
		appointment: null,
		print: null,
		arrival: t.arrivalCode ? { awaiting: false, code: t.arrivalCode } : null
	};
}

/**
 * Remote tickets whose visitor did not come: first each one still awaiting gets the time it
 * would have been called — the first call of a later ticket of its service and lane of no higher
 * weight (queue/remote.ts `passedBy`, here in SQL) — then those passed longer ago than the unit's
 * `remoteTickets.expireMinutes` expire. Idempotent, and safe from several processes: both
 * statements only touch rows still waiting and awaiting.
 */
export async function expireRemoteTickets(deps: Deps): Promise<number> {
	const now = deps.now();
	let total = 0;
	for (const unitId of await unitsWithAwaitingTickets(deps.db)) {
		const unit = await unitById(deps.db, unitId);
		const minutes = unit.settings.remoteTickets?.expireMinutes ?? DEFAULT_REMOTE_EXPIRE_MINUTES;
		total += await expireUnitTickets(deps, unit, {
			before: (trx) => markPassedRemoteTickets(trx, unit.id),
			which: { awaitingPassedBefore: new Date(now.getTime() - minutes * 60_000) },
			actor: 'system:remote-expiry',
			details: { reason: 'not_arrived', expireMinutes: minutes },
			logMessage: 'remote tickets expired: visitor did not arrive'
		});
	}
	return total;
}

/** What the public page of a unit offers for taking a ticket before arriving: the services that allow it, with their current wait. */
export async function remoteServices(deps: Deps, unitSlug: string) {
	const unit = await unitBySlug(deps.db, unitSlug);
	const rows = await remoteServicesOfUnit(deps.db, unit.id);
	const state = rows.length ? await loadQueueState(deps.db, unit, deps.now()) : new Map();
	return {
		unit: { slug: unit.slug, name: unit.name, address: unit.address, timezone: unit.timezone },
		/** The phone channels "Avise-me" may use for the contact given. */
		notifyChannels: offeredChannels(deps.config.providers).filter((c) => c !== 'webpush'),
		services: rows.map((r) => {
			const q = state.get(r.code);
			return { code: r.code, name: r.name, waiting: q?.order.length ?? 0, estimatedWaitMinutes: q?.estimateForNewMinutes ?? 0 };
		})
	};
}

/**
 * What the ticket page shows the holder of a remote ticket not yet arrived: the arrival code,
 * its QR (for the kiosk's reader) and how long after its turn it may still arrive. Null for any
 * other ticket. The code is for the holder of the public id only: no public view carries it.
 */
export async function remoteArrival(deps: Deps, publicId: string): Promise<{ code: string; qrSvg: string; expireMinutes: number } | null> {
	if (!isPublicId(publicId)) return null;
	const row = await remoteArrivalOf(deps.db, publicId);
	if (!row || !row.awaitingArrival || row.status !== 'waiting' || !row.arrivalCode) return null;
	const qrSvg = await QRCode.toString(row.arrivalCode, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
	return { code: row.arrivalCode, qrSvg, expireMinutes: row.unitSettings.remoteTickets?.expireMinutes ?? DEFAULT_REMOTE_EXPIRE_MINUTES };
}
