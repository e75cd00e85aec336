import { VezError } from '$lib/errors';
import { ANONYMOUS, type Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import { findProtocol } from '$lib/requests/find-protocol.server';
import { openProtocol } from '$lib/requests/open-protocol.server';
import { normaliseQuery } from '$lib/catalogue/search';
import { matchingServices } from '$lib/catalogue/store.server';
import { listUnits } from '$lib/units/list-units.server';
import { unitServices } from '$lib/queue/queue-views.server';
import { remoteServices, takeRemoteTicket } from '$lib/queue/remote-ticket.server';
import { upcomingAppointmentsOfPhone } from '$lib/appointments/store.server';
import { cancelAppointmentOfPhone } from '$lib/appointments/book.server';
import type { IdempotencyKey } from '$lib/server/idempotency.server';
import type { Lang } from '$lib/i18n';
import type { Ask, Result, TicketRefusal } from './machine';
import { noticeOptions } from './broadcasts.server';

/** Who opens a protocol from a chat: the channel itself, recorded as `integration:whatsapp` (the citizen is the one identified by CPF, or nobody). */
const WHATSAPP_CHANNEL: Actor = { kind: 'device', id: '00000000-0000-0000-0000-000000000000', name: 'whatsapp', tokenKind: 'integration', unitId: null, scopes: ['protocols:create'] };

const MAX_SERVICES = 8;
const MAX_UNITS = 5;
const MAX_SERVICES_PER_UNIT = 4;

export interface ChatCitizen {
	contactId: string;
	phone: string;
	name: string | null;
	lang: Lang;
}

/**
 * The key that makes an effect of a bot's turn happen once: the turn is the citizen's message
 * (its row id), so a turn retried after a failure — its state and replies rolled back — finds the
 * protocol or ticket the first attempt made and answers it again instead of making another.
 */
const turnKey = (turn: string, ask: Ask['kind']): IdempotencyKey => ({ caller: 'whatsapp', key: `chat:${turn}:${ask}` });

const REFUSALS: Record<string, TicketRefusal> = { remote_cap_reached: 'cap', rate_limited: 'limit' };

/**
 * Answers what the bot asked for, through the same use cases the screens and the API call, so a
 * chat can never see or do more than the citizen could on the web: a protocol only with its
 * access code or CPF (under the same guess throttles, keyed by the phone number), only services
 * that accept WhatsApp, a protocol opened with the service's own anonymity rule.
 */
export async function answerAsk(deps: Deps, ask: Ask, citizen: ChatCitizen, turn: string): Promise<Result> {
	const origin = deps.config.publicUrl ?? 'http://localhost';
	switch (ask.kind) {
		case 'lookup_protocol': {
			try {
				const p = await findProtocol(deps, ANONYMOUS, ask.number, { code: ask.code, cpf: ask.cpf, address: `whatsapp:${citizen.phone}` }, { via: 'whatsapp' });
				const note = [...p.history].reverse().find((e) => e.public && e.note)?.note ?? null;
				return { kind: 'protocol', found: true, number: p.number, status: p.status, service: p.service.name, dueAt: p.dueAt, note };
			} catch (e) {
				// Unknown number, wrong secret and too many guesses read the same: nothing is revealed.
				if (e instanceof VezError) return { kind: 'protocol', found: false };
				throw e;
			}
		}
		case 'search_services': {
			const matches = await matchingServices(deps.db, normaliseQuery(ask.query), undefined, 40);
			const services = matches
				.filter((s) => s.channels.includes('whatsapp'))
				.slice(0, MAX_SERVICES)
				.map((s) => ({ code: s.code, name: s.name, anonymousAllowed: s.anonymousAllowed }));
			return { kind: 'services', services };
		}
		case 'open_request': {
			const d = ask.draft;
			try {
				const opened = await openProtocol(
					deps,
					WHATSAPP_CHANNEL,
					{
						service: d.service.code,
						kind: 'solicitacao',
						description: d.description,
						anonymous: d.anonymous || !d.cpf,
						...(d.cpf && !d.anonymous ? { citizen: { cpf: d.cpf, name: citizen.name ?? 'Cidadão (WhatsApp)', phone: citizen.phone } } : {}),
						...(d.address ? { address: d.location ? `${d.address} (${d.location.latitude.toFixed(6)}, ${d.location.longitude.toFixed(6)})`.slice(0, 300) : d.address } : {}),
						channel: 'whatsapp'
					},
					origin,
					turnKey(turn, ask.kind)
				);
				return { kind: 'opened', ok: true, number: opened.number, accessCode: opened.accessCode, dueAt: opened.dueAt, organ: opened.organ.name };
			} catch (e) {
				if (e instanceof VezError) {
					deps.log.warn('whatsapp request not opened', { code: e.code, service: d.service.code });
					return { kind: 'opened', ok: false };
				}
				throw e;
			}
		}
		case 'unit_waits': {
			const units = (await listUnits(deps)).slice(0, MAX_UNITS);
			const out = [];
			for (const u of units) {
				const [all, remote] = await Promise.all([unitServices(deps, u.slug), remoteServices(deps, u.slug)]);
				const remoteCodes = new Set(remote.services.map((s) => s.code));
				// Services one can take a ticket for come first, then the longest queues.
				const services = all
					.map((s) => ({ code: s.code, name: s.name, waiting: s.waiting, minutes: s.estimatedWaitMinutes, remote: remoteCodes.has(s.code) }))
					.sort((a, b) => Number(b.remote) - Number(a.remote) || b.waiting - a.waiting)
					.slice(0, MAX_SERVICES_PER_UNIT);
				out.push({ slug: u.slug, name: u.name, address: u.address, open: u.open, services });
			}
			return { kind: 'waits', units: out };
		}
		case 'take_ticket': {
			try {
				const t = await takeRemoteTicket(
					deps,
					ask.unit,
					{ service: ask.service, channel: 'remote', phone: citizen.phone },
					{ origin, address: `whatsapp:${citizen.phone}`, lang: citizen.lang },
					turnKey(turn, ask.kind)
				);
				return { kind: 'ticket', ok: true, number: t.number, service: t.serviceName, unit: t.unit.name, ahead: t.position, minutes: t.estimatedWaitMinutes, arrivalCode: t.arrival?.code ?? '', trackUrl: t.trackUrl };
			} catch (e) {
				if (e instanceof VezError) {
					deps.log.warn('whatsapp ticket not taken', { code: e.code, unit: ask.unit, service: ask.service });
					return { kind: 'ticket', ok: false, reason: REFUSALS[e.code] ?? 'other' };
				}
				throw e;
			}
		}
		case 'list_appointments': {
			const rows = await upcomingAppointmentsOfPhone(deps.db, citizen.phone, deps.now(), 5);
			return { kind: 'appointments', items: rows.map((r) => ({ code: r.code, service: r.service, unit: r.unit, start: r.startAt.toISOString() })) };
		}
		case 'notice_options':
			return { kind: 'notice_options', regions: await noticeOptions(deps.db, citizen.contactId) };
		case 'cancel_appointment': {
			try {
				await cancelAppointmentOfPhone(deps, ask.code, citizen.phone);
				return { kind: 'cancelled', ok: true, code: ask.code };
			} catch (e) {
				// A turn retried after its cancellation committed finds it cancelled: that is the answer it gave.
				if (e instanceof VezError) return { kind: 'cancelled', ok: e.code === 'appointment_not_active' && e.fields?.status === 'cancelled', code: ask.code };
				throw e;
			}
		}
	}
}
