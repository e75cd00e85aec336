import { z } from 'zod';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { anonymiseAppointmentsOfCpf, appointmentCodes, appointmentsOfCitizen, cancelBookedOfCpf, emailsOfCitizenAppointments, phonesOfCitizenAppointments, releasePlace } from '$lib/appointments/store.server';
import { anonymiseProtocolsOfCpf, emailsOfCitizenProtocols, phonesOfCitizenProtocols, protocolsOfCitizen } from '$lib/requests/store.server';
import { deleteMailsOf, mailsAbout } from '$lib/mail/store.server';
import { audit, auditPersonalRead, citizenRef } from '$lib/audit/audit.server';
import { trailOfCitizen } from '$lib/audit/store.server';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { parse, text } from '$lib/server/http/validate';
import { CpfSchema, maskCpf } from './cpf';
import { APPOINTMENT_MAIL_KINDS, PROTOCOL_MAIL_KINDS } from './retention.server';
import { contactsByPhones, eraseContacts } from '$lib/conversations/contact-store.server';
import { eraseTicketContacts, ticketContactsOf } from '$lib/notify/store.server';
import { parsePhone } from '$lib/notify/phone';
import { ticketsLinkedTo } from '$lib/queue/view-store.server';
import { ratingsAbout } from '$lib/stats/store.server';
import type { Anonymised, CitizenReport } from './views';

/*
 * LGPD (Lei 13.709/2018) art. 18 for the city's data protection officer: confirmation of and
 * access to everything held about a person (II), and anonymisation or elimination on request
 * (IV, VI). Admins only; both are audited with the CPF masked and keyed, like every read of
 * personal data. Figures survive an anonymisation: the rows stay, only the identity goes.
 */

export const CitizenInput = z.object({ cpf: CpfSchema });
export const AnonymiseInput = z.object({
	cpf: CpfSchema,
	/** The request being answered (its protocol, e-mail or letter), for the trail. */
	reason: text(300)
});

const iso = (d: Date | string) => new Date(d).toISOString();
const AUDIT_LIMIT = 1000;

async function gather(db: Db, cpf: string, ref: string): Promise<Omit<CitizenReport, 'cpf'>> {
	const protocols = await protocolsOfCitizen(db, cpf);
	const appointments = await appointmentsOfCitizen(db, cpf);
	const numbers = protocols.map((p) => p.number);
	const codes = appointments.map((a) => a.code);
	const protocolTickets = protocols.filter((p) => p.ticketId !== null).map((p) => p.ticketId!);
	const appointmentIds = appointments.map((a) => a.id);
	const tickets = await ticketsLinkedTo(db, { ticketIds: protocolTickets, appointmentIds });
	const protocolOfTicket = new Map(protocols.filter((p) => p.ticketId).map((p) => [p.ticketId!, p.number]));
	// A ticket of one of their protocols may have been checked in for someone else's appointment.
	const codeOfAppointment = new Map(appointments.map((a) => [a.id, a.code]));
	const otherAppointments = [...new Set(tickets.map((t) => t.appointmentId).filter((id): id is string => !!id && !codeOfAppointment.has(id)))];
	for (const [id, code] of await appointmentCodes(db, otherAppointments)) codeOfAppointment.set(id, code);
	const numberOfTicket = new Map(tickets.map((t) => [t.id, t.number]));
	const ratings = await ratingsAbout(db, { ticketIds: tickets.map((t) => t.id), protocolNumbers: numbers });
	const mails = await mailsAbout(db, { protocols: numbers, protocolKinds: PROTOCOL_MAIL_KINDS, appointments: codes, appointmentKinds: APPOINTMENT_MAIL_KINDS });
	const trail = await trailOfCitizen(db, ref, { protocols: numbers, appointments: codes }, AUDIT_LIMIT);
	const phones = [...protocols.map((p) => p.citizenPhone), ...appointments.flatMap((a) => [a.citizenPhone, a.reminders?.phone ?? null])].filter((p): p is string => !!p);
	const chats = await contactsByPhones(db, phones);
	const given = addressesOf(phones, [...protocols.map((p) => p.citizenEmail), ...appointments.map((a) => a.citizenEmail)]);
	const ticketContacts = await ticketContactsOf(db, given.phones, given.emails);
	return {
		ticketContacts: ticketContacts.map((c) => ({ ...c, issuedAt: iso(c.issuedAt), consentAt: iso(c.consentAt) })),
		chats: chats.map((c) => ({ phone: c.phone, name: c.name, neighbourhood: c.neighbourhood, consentAt: c.consentAt ? iso(c.consentAt) : null, messages: c.messages, lastMessageAt: c.lastMessageAt ? iso(c.lastMessageAt) : null })),
		protocols: protocols.map((p) => ({
			number: p.number,
			kind: p.kind,
			status: p.status,
			service: p.service,
			organ: p.organ,
			unit: p.unit,
			channel: p.channel,
			name: p.citizenName,
			email: p.citizenEmail,
			phone: p.citizenPhone,
			description: p.description,
			address: p.address,
			createdAt: iso(p.createdAt),
			updatedAt: iso(p.updatedAt),
			dueAt: iso(p.dueAt),
			anonymisedAt: p.anonymisedAt ? iso(p.anonymisedAt) : null
		})),
		appointments: appointments.map((a) => ({
			code: a.code,
			unit: a.unit,
			service: a.service,
			start: iso(a.startAt),
			status: a.status,
			name: a.citizenName,
			email: a.citizenEmail,
			phone: a.citizenPhone,
			bookedBy: a.bookedBy,
			createdAt: iso(a.createdAt),
			reminders: a.reminders && { ...a.reminders, consentAt: iso(a.reminders.consentAt) }
		})),
		tickets: tickets.map((t) => ({
			number: t.number,
			unit: t.unit,
			service: t.service,
			day: t.day,
			status: t.status,
			issuedAt: iso(t.issuedAt),
			linkedTo: t.appointmentId && codeOfAppointment.has(t.appointmentId) ? `appointment:${codeOfAppointment.get(t.appointmentId)}` : `protocol:${protocolOfTicket.get(t.id) ?? ''}`
		})),
		ratings: ratings.map((r) => ({
			score: r.score,
			comment: r.comment,
			channel: r.channel,
			createdAt: iso(r.createdAt),
			linkedTo: r.protocolNumber ? `protocol:${r.protocolNumber}` : `ticket:${(r.ticketId && numberOfTicket.get(r.ticketId)) ?? ''}`
		})),
		mails: mails.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
		audit: trail.map((a) => ({
			at: iso(a.at),
			actor: a.actor,
			action: a.action,
			entity: a.entity,
			entityId: a.entityId,
			via: typeof a.details?.via === 'string' ? a.details.via : null
		}))
	};
}

/** Everything held about a CPF (LGPD art. 18 I–II), audited as a read of it. */
export async function citizenReport(deps: Deps, actor: Actor, raw: unknown, via = 'api'): Promise<CitizenReport> {
	authorize(actor, 'admin');
	const { cpf } = parse(CitizenInput, raw);
	const ref = await citizenRef(deps.db, cpf);
	return deps.db.transaction().execute(async (trx) => {
		// The report's own audit row comes first, so the report shows this very read too.
		await auditPersonalRead(trx, actor, { entity: 'citizen', entityId: maskCpf(cpf), cpf, via, action: 'citizen.report' });
		return { cpf: maskCpf(cpf), ...(await gather(trx, cpf, ref)) };
	});
}

/**
 * The numbers (E.164, as tickets keep them) and e-mail addresses (lower case) a person's records
 * give, to find what they gave when taking a ticket: a record keeps a phone as it was typed.
 */
function addressesOf(phones: readonly (string | null)[], emails: readonly (string | null)[]): { phones: string[]; emails: string[] } {
	const e164 = phones.flatMap((p) => {
		const parsed = p ? parsePhone(p) : null;
		return parsed?.ok ? [parsed.e164] : [];
	});
	return { phones: [...new Set(e164)], emails: [...new Set(emails.filter((e): e is string => !!e).map((e) => e.toLowerCase()))] };
}

/**
 * Anonymisation on request (LGPD art. 18 IV/VI): the CPF, name, e-mail and phone go from every
 * protocol and appointment of the CPF, booked appointments are cancelled and their places freed,
 * and the outbox forgets e-mails to them; services, dates, statuses, tickets and ratings stay, so
 * the figures do not change. One transaction, audited with the reason and the counts.
 */
export async function anonymiseCitizen(deps: Deps, actor: Actor, raw: unknown, via = 'api'): Promise<Anonymised> {
	authorize(actor, 'admin');
	const { cpf, reason } = parse(AnonymiseInput, raw);
	const ref = await citizenRef(deps.db, cpf);
	const now = deps.now();
	return deps.db.transaction().execute(async (trx) => {
		const cancelled = await cancelBookedOfCpf(trx, cpf, now);
		for (const a of cancelled) await releasePlace(trx, a.unitId, a.serviceId, a.startAt);
		// Their WhatsApp chats, found by the numbers their records give, go whole (before those numbers are blanked).
		const phones = [...(await phonesOfCitizenProtocols(trx, cpf)), ...(await phonesOfCitizenAppointments(trx, cpf))];
		const chats = await eraseContacts(trx, (await contactsByPhones(trx, phones)).map((c) => c.id));
		// What they gave when taking a ticket, found by the same numbers and addresses.
		const given = addressesOf(phones, [...(await emailsOfCitizenProtocols(trx, cpf)), ...(await emailsOfCitizenAppointments(trx, cpf))]);
		const ticketContacts = await eraseTicketContacts(trx, given.phones, given.emails, now);
		const appointments = await anonymiseAppointmentsOfCpf(trx, cpf, now);
		const protocols = await anonymiseProtocolsOfCpf(trx, cpf, now);
		const mails = (await deleteMailsOf(trx, protocols, PROTOCOL_MAIL_KINDS)) + (await deleteMailsOf(trx, appointments, APPOINTMENT_MAIL_KINDS));
		const out = { cpf: maskCpf(cpf), protocols: protocols.length, appointments: appointments.length, cancelled: cancelled.length, mails, chats, ticketContacts };
		await audit(trx, actor, 'citizen.anonymise', 'citizen', out.cpf, {
			via,
			citizen: ref,
			reason,
			protocols,
			appointments,
			cancelled: out.cancelled,
			mails,
			chats
		});
		return out;
	});
}
