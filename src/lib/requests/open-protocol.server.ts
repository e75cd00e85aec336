import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { actorLabel } from '$lib/auth/actor-label';
import { parse, slug, text } from '$lib/server/http/validate';
import { CpfSchema } from '$lib/citizens/cpf';
import { addDeadline } from '$lib/units/business-days';
import { localDateOf } from '$lib/units/hours';
import { enqueueMail } from '$lib/mail/outbox.server';
import { formatProtocolNumber } from './protocol-number';
import { PROTOCOL_CHANNELS, PROTOCOL_KINDS, chooseRoute, protocolDeadline, type ProtocolChannel } from './protocol';
import { holidayRules, unitIdsBySlug, unitPlace } from '$lib/units/store.server';
import { routesOf, serviceForProtocol } from '$lib/catalogue/store.server';
import { organById } from '$lib/organs/store.server';
import { ticketStanding } from '$lib/queue/ticket-store.server';
import { insertProtocol, nextProtocolSeq, recordProtocolEvent } from './store.server';
import { openedMail, protocolLinks } from './protocol-mail';
import { publishInbox } from './publish.server';
import { once, type IdempotencyKey, type KeyedTransaction } from '$lib/server/idempotency.server';
import type { OpenedProtocol } from './views';

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.optional()
		.transform((v) => (v ? v : undefined));

export const OpenProtocolInput = z.object({
	service: slug,
	citizen: z
		.object({
			cpf: CpfSchema,
			name: text(200),
			email: z
				.union([z.literal(''), z.email().max(320)])
				.optional()
				.transform((v) => (v ? v : undefined)),
			phone: optionalText(40)
		})
		.optional(),
	anonymous: z.boolean().optional(),
	kind: z.enum(PROTOCOL_KINDS),
	// Stored as typed: screens escape it on display, so HTML stays text.
	description: z.string().trim().min(1).max(4000),
	address: optionalText(300),
	region: optionalText(80),
	/** The ticket being served at the counter (its id), when opened at a unit. */
	ticket: z.uuid().optional(),
	/** The unit where it is opened without a ticket (its slug). */
	unit: slug.optional(),
	channel: z.enum(PROTOCOL_CHANNELS).optional()
});

/** 8 characters without look-alikes (no 0/O, 1/I/L): typed from a receipt or read over the phone. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export function newAccessCode(): string {
	const bytes = randomBytes(8);
	let code = '';
	for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
	return code;
}

function defaultChannel(actor: Actor): ProtocolChannel {
	if (actor.kind === 'device') return 'integration';
	if (actor.kind === 'user' && actor.role === 'agent') return 'telefone';
	return 'presencial';
}

/**
 * Opens a protocol: the number from the year's counter row in the same transaction (gap-free),
 * the inbox from the routing table, the due date from the service's prazo over business days
 * and holidays of the place, the history's first row and the citizen's receipt e-mail — all or nothing.
 */
export async function openProtocol(deps: Deps, actor: Actor, raw: unknown, origin: string, key: IdempotencyKey | null = null): Promise<OpenedProtocol> {
	return once(deps, key && { key, scope: 'protocol', body: raw }, (transaction) => open(deps, actor, raw, origin, transaction));
}

async function open(deps: Deps, actor: Actor, raw: unknown, origin: string, transaction: KeyedTransaction<OpenedProtocol>): Promise<OpenedProtocol> {
	const input = parse(OpenProtocolInput, raw);
	authorize(actor, 'protocol:create');
	const anonymous = input.anonymous === true;
	if (!anonymous && !input.citizen) throw new VezError('invalid_input', 'Identify the citizen or mark the request anonymous.', { citizen: 'required' });
	const now = deps.now();
	const base = deps.config.publicUrl ?? origin;

	const out = await transaction(deps.db, async (trx) => {
		const service = await serviceForProtocol(trx, input.service);
		if (!service) throw new VezError('service_not_found', 'No such service in the catalogue.', { service: 'unknown' });
		if (anonymous && !service.anonymousAllowed) {
			throw new VezError('invalid_input', 'This service does not take anonymous requests.', { anonymous: 'not_allowed' });
		}

		let unitId: string | null = null;
		let ticketId: string | null = null;
		let counterId: string | null = null;
		if (input.ticket) {
			const ticket = await ticketStanding(trx, { id: input.ticket });
			if (!ticket) throw new VezError('ticket_not_found', 'No such ticket.', { ticket: 'unknown' });
			[unitId, ticketId, counterId] = [ticket.unitId, ticket.id, ticket.counterId];
		} else if (input.unit) {
			const id = (await unitIdsBySlug(trx, [input.unit])).get(input.unit);
			if (!id) throw new VezError('unit_not_found', 'No such unit.', { unit: 'unknown' });
			unitId = id;
		}
		const unit = unitId ? await unitPlace(trx, unitId) : null;
		const zone = unit?.timezone || deps.config.cityZone;
		// At a unit the field team of that unit's region takes it; elsewhere the region given.
		const region = unit?.region || input.region || null;

		const route = chooseRoute(service.organId, await routesOf(trx, service.id), region);
		const deadline = protocolDeadline(input.kind, service.deadline);
		const dueAt = addDeadline(now, deadline.amount, deadline.unit, zone, await holidayRules(trx, unitId));
		const organ = await organById(trx, route.organId);

		const year = Number(localDateOf(now, zone).slice(0, 4));
		const seq = await nextProtocolSeq(trx, year);
		const number = formatProtocolNumber(year, seq);
		const accessCode = newAccessCode();
		const citizen = anonymous ? undefined : input.citizen;
		const protocolId = await insertProtocol(trx, {
			number,
			year,
			seq,
			kind: input.kind,
			serviceId: service.id,
			organId: organ.id,
			team: route.team,
			routeReason: route.reason,
			description: input.description,
			address: input.address ?? null,
			region,
			citizen: citizen ? { cpf: citizen.cpf, name: citizen.name, email: citizen.email ?? null, phone: citizen.phone ?? null } : null,
			anonymous,
			channel: input.channel ?? defaultChannel(actor),
			ticketId,
			unitId,
			counterId,
			dueAt,
			accessCode,
			openedBy: actorLabel(actor),
			openerId: actor.kind === 'anonymous' ? null : actor.id,
			at: now
		});
		await recordProtocolEvent(trx, {
			protocolId,
			at: now,
			action: 'open',
			from: null,
			to: 'aberto',
			fromOrganId: null,
			toOrganId: organ.id,
			note: route.reason,
			public: false,
			author: actorLabel(actor)
		});
		const { lookupUrl, ratingUrl } = protocolLinks(base, number, accessCode);
		if (citizen?.email) {
			const mail = openedMail({
				number,
				serviceName: service.name,
				organName: organ.name,
				dueAt,
				timezone: zone,
				accessCode,
				lookupUrl,
				ratingUrl,
				citizenName: citizen.name
			});
			await enqueueMail(trx, { to: citizen.email, subject: mail.subject, text: mail.text, kind: 'protocol_opened', ref: number });
		}
		const opened: OpenedProtocol = {
			number,
			dueAt: dueAt.toISOString(),
			organ: { code: organ.code, name: organ.name },
			team: route.team,
			status: 'aberto',
			accessCode,
			lookupUrl,
			service: { code: service.code, name: service.name }
		};
		return opened;
	}, (opened) => opened);

	publishInbox(deps, [out.organ.code], { number: out.number, status: 'aberto' });
	return out;
}
