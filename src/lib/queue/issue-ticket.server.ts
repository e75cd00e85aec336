import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { isVezError, VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { actorLabel } from '$lib/auth/actor-label';
import { parse, slug } from '$lib/server/http/validate';
import { closedNow, localTimeOf } from '$lib/units/hours';
import type { UnitRecord } from '$lib/units/store.server';
import type { Transaction } from 'kysely';
import type { Database } from '$lib/server/db/schema';
import { formatTicketNumber, localDay } from './numbering';
import { placeFromForecast, type Place } from './snapshot';
import type { IssuedTicket } from './issued';
import type { QueueTicket } from './ticket';
import { insertIssuedTicket, remoteTicketsOfDay, takeNumberAndCount, type IssueCeiling } from './issue-store.server';
import { newcomerPosition, NEWCOMER_ID, orderingOf } from './ordering';
import { catalogue, checkGeneration, confirmCatalogue, reloadCatalogue, StaleCatalogue, type CachedPriority, type Catalogue, type OfferedService } from './catalogue-cache.server';
import { unitForecast, type UnitForecast } from './forecast-cache.server';
import { publishUnit } from './publish.server';
import { requester, printJobWritten } from '$lib/printing/enqueue-print.server';
import type { TicketPayload } from '$lib/printing/print-jobs';
import { checkInOf, claimCheckIn, resolveCheckIn, type CheckIn } from '$lib/appointments/check-in.server';
import type { CheckInCandidate } from '$lib/appointments/store.server';
import { rateLimited, recordRateLimitEvent, type RateLimit } from '$lib/server/rate-limit';
import { DEFAULT_KIOSK_ISSUES_PER_MINUTE } from '$lib/server/throttles';
import { insertRemoteTicketContact, insertWatch } from '$lib/notify/store.server';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';

export const IssueTicketInput = z.object({
	service: slug,
	priority: slug.optional(),
	appointment: z.string().trim().min(1).max(40).optional(),
	/** Staff ask for a printed ticket; a kiosk always prints. */
	print: z.boolean().optional()
});

/** What happened to the paper ticket; the kiosk shows its on-screen fallback when it may not come out. */

const NO_PLACE: Place = { position: 0, estimatedWaitMinutes: 0, estimatedWait: { low: 0, high: 0 }, naiveWaitMinutes: 0 };

/** 128 random bits, URL-safe: the public id is the only key to a ticket's tracking page. */
const newPublicId = () => randomBytes(16).toString('base64url');

/**
 * The ceiling on tickets one kiosk token issues per minute (the unit's setting, or the default):
 * a stolen token, or a script behind it, cannot flood the queue and the printer.
 */
function kioskIssueLimit(unit: UnitRecord): RateLimit {
	return {
		scope: 'kiosk-issue',
		max: unit.settings.kioskIssuesPerMinute ?? DEFAULT_KIOSK_ISSUES_PER_MINUTE,
		windowMs: 60_000,
		message: 'This kiosk is issuing more tickets than its unit allows per minute. Wait a moment.'
	};
}

/** The issue ceiling that holds for this caller, with the key it counts under: kiosks only, and none when the unit turned it off. */
function kioskLimitOf(actor: Actor, unit: UnitRecord): IssueCeiling | null {
	if (actor.kind !== 'device' || actor.tokenKind !== 'kiosk') return null;
	const limit = kioskIssueLimit(unit);
	return limit.max > 0 ? { limit, key: actor.id } : null;
}

function actorChannel(actor: Actor): 'kiosk' | 'counter' | 'api' {
	if (actor.kind === 'device') return actor.tokenKind === 'kiosk' ? 'kiosk' : 'api';
	return 'counter';
}

/**
 * A visitor takes a ticket: the number comes from the unit-service-day counter in the same
 * transaction (gap-free), the place and estimate from the ordering policy, and both are
 * recorded so the estimate's accuracy can be measured later. With an idempotency key a retry
 * gets the first ticket again, and no second ticket or print.
 */
export async function issueTicket(
	deps: Deps,
	actor: Actor,
	unitSlug: string,
	raw: unknown,
	origin: string,
	key: IdempotencyKey | null = null
): Promise<IssuedTicket> {
	return once(deps, key && { key, scope: `ticket:${unitSlug}`, body: raw }, (transaction) => issueTicketWith(deps, actor, unitSlug, raw, origin, transaction));
}

/**
 * A ticket taken before arriving (remote-ticket.server.ts checked the caller's limits): open to
 * anyone where the unit's service allows it, under its daily cap, waiting for its visitor's
 * check-in with `arrivalCode`; the contact and the consent shown are kept apart.
 */
export interface RemoteIssue {
	arrivalCode: string;
	contact: { phone: string | null; email: string | null };
	lang: string;
	consentText: string;
	/** `near` and `called` asked for on the contact's phone, with the consent to those messages shown. */
	watch: { channel: 'sms' | 'whatsapp'; ahead: number; consentText: string } | null;
}

/**
 * What a use case that issues through {@link issueTicketWith} settled before: a remote ticket (open
 * to anyone, its caller's limits checked), or the appointment a kiosk check-in found after
 * authorizing the issue (appointments/check-in.server.ts) — the issue applies the check-in rules
 * to it in their usual place without reading it again, and does not authorize twice.
 */
export interface IssueVia {
	remote?: RemoteIssue;
	appointment?: CheckInCandidate;
}

/** The issue itself, its effect in `transaction` (for a use case that issues under its own idempotency key). */
export async function issueTicketWith(
	deps: Deps,
	actor: Actor,
	unitSlug: string,
	raw: unknown,
	origin: string,
	transaction: KeyedTransaction<IssuedTicket>,
	via: IssueVia = {}
): Promise<IssuedTicket> {
	const input = parse(IssueTicketInput, raw);
	// The unit, its services and the priority groups come from this process's copy of the
	// catalogue. The transaction's first statement says whether the copy is still current, and a
	// refusal the copy led to is confirmed against the database: either way a stale copy is
	// reloaded and the issue runs again on the fresh one.
	let copy = await catalogue(deps.db);
	// A kiosk's issue counts once against its rate limit, however many times a stale copy reruns it:
	// recorded here, counted by the transaction's first statement (issueIn).
	let counted = false;
	const countKioskIssue = async (unit: UnitRecord, now: Date) => {
		const ceiling = kioskLimitOf(actor, unit);
		if (counted || !ceiling) return;
		counted = true;
		await recordRateLimitEvent(deps.db, ceiling.limit, ceiling.key, now);
	};
	for (let attempt = 1; ; attempt++) {
		try {
			return await issueWithCopy(deps, actor, copy, unitSlug, input, origin, transaction, via, countKioskIssue);
		} catch (e) {
			const stale = e instanceof StaleCatalogue || (isVezError(e) && attempt < 3 && !(await confirmCatalogue(deps.db, copy)));
			if (!stale || attempt >= 3) throw e;
			copy = await reloadCatalogue(deps.db, copy);
		}
	}
}

async function issueWithCopy(
	deps: Deps,
	actor: Actor,
	copy: Catalogue,
	unitSlug: string,
	input: z.infer<typeof IssueTicketInput>,
	origin: string,
	transaction: KeyedTransaction<IssuedTicket>,
	via: IssueVia,
	countKioskIssue: (unit: UnitRecord, now: Date) => Promise<void>
): Promise<IssuedTicket> {
	const unit = copy.units.get(unitSlug);
	if (!unit) throw new VezError('unit_not_found', `Unit ${unitSlug} does not exist.`);
	const remote = via.remote ?? null;
	if (!remote && !via.appointment) authorize(actor, 'ticket:issue', { unitId: unit.id });
	const now = deps.now();
	const closed = closedNow(unit, now);
	if (closed) throw new VezError('unit_closed', 'The unit is closed now.', closed.opensAt ? { opensAt: closed.opensAt } : undefined);
	await countKioskIssue(unit, now);
	const checkIn = via.appointment
		? checkInOf(via.appointment, unit, input.service, now)
		: input.appointment
			? await resolveCheckIn(deps, actor, unit, input.service, input.appointment, now)
			: null;
	const base = (deps.config.publicUrl ?? origin).replace(/\/$/, '');
	const kioskTokenId = actor.kind === 'device' && actor.tokenKind === 'kiosk' ? actor.id : null;
	const wantsPrint = kioskTokenId !== null || (actor.kind === 'user' && input.print === true);
	const { service, priority } = offering(copy, unit, input);
	if (remote && !service.allowsRemote) throw new VezError('remote_not_allowed', 'This service takes no tickets before arriving here.', { service: 'not_remote' });
	const forecast = await unitForecast(deps, unit, service.code);
	const result = await transaction(
		deps.db,
		(trx) => issueIn(trx, { deps, actor, copy, unit, service, priority, checkIn, forecast, now, base, kioskTokenId, wantsPrint, remote }),
		(r) => r.issued
	);
	// The new ticket's own view goes to nobody: its page, opened from the answer, reads a snapshot
	// when it subscribes. The staff's queue and, behind a priority ticket, the line follow the beat.
	publishUnit(deps, unit, [], [], { placesMoved: result.placesMoved });
	return result.issued;
}

/** The service and priority group asked for, from the catalogue's copy. */
function offering(copy: Catalogue, unit: UnitRecord, input: z.infer<typeof IssueTicketInput>) {
	const service = copy.offered.get(unit.id)?.get(input.service);
	if (!service) throw new VezError('service_not_offered', 'This unit does not offer this service.', { service: 'not_offered' });
	let priority: CachedPriority | null = null;
	if (input.priority && input.priority !== 'normal') {
		priority = copy.priorities.get(input.priority) ?? null;
		if (!priority) throw new VezError('priority_not_found', 'No such priority group.', { priority: 'unknown' });
		if (!service.allowsPriority) {
			throw new VezError('priority_not_allowed', 'This service has no priority queue here.', { priority: 'not_allowed' });
		}
	}
	return { service, priority };
}

interface IssueContext {
	deps: Deps;
	actor: Actor;
	copy: Catalogue;
	unit: UnitRecord;
	service: OfferedService;
	priority: CachedPriority | null;
	checkIn: CheckIn | null;
	forecast: UnitForecast;
	now: Date;
	base: string;
	kioskTokenId: string | null;
	wantsPrint: boolean;
	remote: RemoteIssue | null;
}

/**
 * The issue's writes, in round trips that do not grow with the queue: the number, the catalogue's
 * change count and the service's queue counted in one statement; the appointment's check-in; the
 * ticket with its history row in one statement; the print job.
 */
async function issueIn(trx: Transaction<Database>, c: IssueContext) {
	const { unit, service, priority, checkIn, now, actor } = c;
	const settings = orderingOf(unit.settings);
	const day = localDay(now, unit.timezone);
	const taken = await takeNumberAndCount(trx, {
		unitId: unit.id,
		serviceId: service.id,
		serviceCode: service.code,
		day,
		now,
		withRecentCalls: settings.mode === 'ratio',
		// The kiosk's issues in the window (this one's recorded and committed before, in issueTicketWith),
		// counted before a number is taken.
		ceiling: kioskLimitOf(actor, unit)
	});
	// Staleness first: a stale copy's ceiling may not be the unit's now.
	checkGeneration(c.copy, taken.generation);
	if (taken.seq === null) throw await rateLimited(trx, taken.ceiling.limit, taken.ceiling.key, now, taken.counted);
	const { remote } = c;
	// Counted after the number is taken, under the sequence row's lock that every issue of this
	// service today takes: two visitors racing for the last remote ticket of the day cannot both get it.
	if (remote && service.remoteDailyCap !== null) {
		if ((await remoteTicketsOfDay(trx, unit.id, service.id, day)) >= service.remoteDailyCap) {
			throw new VezError('remote_cap_reached', "Today's tickets before arriving are taken for this service; come to the unit.", { service: 'cap_reached' });
		}
	}

	const newcomer: QueueTicket = {
		id: NEWCOMER_ID,
		number: '',
		serviceCode: service.code,
		priorityCode: priority?.code ?? 'normal',
		priorityWeight: priority?.weight ?? 0,
		arrivedAt: now,
		enqueuedAt: now,
		appointmentAt: checkIn?.appointmentAt ?? null,
		status: 'waiting'
	};
	const position = newcomerPosition(taken.summary, newcomer, {
		settings,
		recentCalls: taken.recentCalls ?? [],
		now,
		appointmentGraceMinutes: unit.settings.appointments?.lateMinutes
	});
	const queue = c.forecast.state.get(service.code);
	const appointment = checkIn?.appointmentAt ? { appointmentAt: checkIn.appointmentAt, arrivedAt: now, now, graceMinutes: unit.settings.appointments?.lateMinutes } : undefined;
	const place = queue ? placeFromForecast(queue, position, appointment, priority?.weight ?? 0) : { ...NO_PLACE, position };

	if (checkIn) await claimCheckIn(trx, checkIn, now);

	const publicId = newPublicId();
	const number = formatTicketNumber(service.prefix, taken.seq);
	const trackUrl = `${c.base}/t/${publicId}`;
	// The paper ticket is written in the ticket's own statement (insertIssuedTicket).
	const paper =
		c.wantsPrint && actor.kind !== 'anonymous'
			? {
					kioskTokenId: c.kioskTokenId,
					requestedBy: requester(actor),
					payload: {
						unitName: unit.name,
						number,
						serviceName: service.name,
						priorityName: priority?.name ?? null,
						issuedAt: now.toISOString(),
						timezone: unit.timezone,
						peopleAhead: place.position,
						estimatedWaitMinutes: place.estimatedWaitMinutes,
						estimatedWait: place.estimatedWait,
						promisedWaitMinutes: service.promisedWaitMinutes,
						trackUrl,
						appointmentTime: checkIn?.appointmentAt ? localTimeOf(checkIn.appointmentAt, unit.timezone) : null
					} satisfies TicketPayload
				}
			: null;
	const written = await insertIssuedTicket(
		trx,
		{
			public_id: publicId,
			unit_id: unit.id,
			service_id: service.id,
			number,
			day,
			priority_group_id: priority?.id ?? null,
			priority_weight: priority?.weight ?? 0,
			channel: remote ? 'remote' : checkIn?.appointmentAt ? 'appointment' : actorChannel(actor),
			awaiting_arrival: remote !== null,
			arrival_code: remote?.arrivalCode ?? null,
			appointment_id: checkIn?.appointmentId ?? null,
			appointment_at: checkIn?.appointmentAt ?? null,
			issued_at: now,
			queued_at: now,
			issued_by: actorLabel(actor),
			estimated_wait_minutes: place.estimatedWaitMinutes,
			estimated_wait_low: place.estimatedWait.low,
			estimated_wait_high: place.estimatedWait.high,
			naive_wait_minutes: place.naiveWaitMinutes,
			position_at_issue: place.position
		},
		{
			at: now,
			actor: actorLabel(actor),
			details: {
				priority: priority?.code ?? null,
				position: place.position,
				estimate: place.estimatedWaitMinutes,
				...(checkIn ? { appointment: checkIn.code, checkIn: checkIn.outcome } : {}),
				...(remote ? { remote: true } : {})
			}
		},
		paper
	);
	const { id } = written;
	if (remote) {
		await insertRemoteTicketContact(trx, { ticketId: id, phone: remote.contact.phone, email: remote.contact.email, lang: remote.lang, consentText: remote.consentText, at: now });
		if (remote.watch && remote.contact.phone) {
			await insertWatch(trx, {
				ticketId: id,
				unitId: unit.id,
				channel: remote.watch.channel,
				phone: remote.contact.phone,
				pushSubscription: null,
				ahead: remote.watch.ahead,
				lang: remote.lang,
				source: 'remote',
				consentText: remote.watch.consentText,
				at: now
			});
		}
	}
	const print = written.print && printJobWritten(written.print);
	const issued: IssuedTicket = {
		id,
		publicId,
		number,
		service: service.code,
		serviceName: service.name,
		priority: priority?.code ?? null,
		priorityName: priority?.name ?? null,
		issuedAt: now.toISOString(),
		position: place.position,
		estimatedWaitMinutes: place.estimatedWaitMinutes,
		estimatedWait: place.estimatedWait,
		promisedWaitMinutes: service.promisedWaitMinutes,
		trackUrl,
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
		appointment: checkIn && { code: checkIn.code, start: checkIn.start.toISOString(), outcome: checkIn.outcome },
		print: print && { status: print.status, printerName: print.printerName, printerOnline: print.printerOnline },
		...(remote ? { arrival: { awaiting: true, code: remote.arrivalCode } } : {})
	};
	return { issued, placesMoved: priority !== null };
}
