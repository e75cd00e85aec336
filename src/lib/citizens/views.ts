import { z } from 'zod';
import { isoTime } from '$lib/api/wire';

/*
 * LGPD art. 18 answers for the data protection officer (admins only): these carry personal data
 * by design — the report is everything held about one CPF, asked for by its holder.
 */

const at = isoTime;

/** `POST /citizens/report`: everything held about a CPF (the CPF itself masked). */
export const CitizenReport = z.object({
	cpf: z.string().meta({ description: 'Masked' }),
	protocols: z.array(
		z.object({
			number: z.string(),
			kind: z.string(),
			status: z.string(),
			service: z.string(),
			organ: z.string(),
			unit: z.string().nullable(),
			channel: z.string(),
			name: z.string().nullable(),
			email: z.string().nullable(),
			phone: z.string().nullable(),
			description: z.string(),
			address: z.string().nullable(),
			createdAt: at,
			updatedAt: at,
			dueAt: at,
			anonymisedAt: at.nullable()
		})
	),
	appointments: z.array(
		z.object({
			code: z.string(),
			unit: z.string(),
			service: z.string(),
			start: at,
			status: z.string(),
			name: z.string().nullable(),
			email: z.string().nullable(),
			phone: z.string().nullable(),
			bookedBy: z.string(),
			createdAt: at,
			reminders: z
				.object({ channel: z.string(), phone: z.string().nullable(), consentText: z.string(), consentAt: at })
				.nullable()
				.meta({ description: 'Phone reminders asked for at booking: the channel, the number and the consent as shown' })
		})
	),
	tickets: z
		.array(z.object({ number: z.string(), unit: z.string(), service: z.string(), day: z.string(), status: z.string(), issuedAt: at, linkedTo: z.string() }))
		.meta({ description: "Tickets linked to them: a protocol opened while serving the ticket, or an appointment's check-in (tickets hold no identity)" }),
	ratings: z.array(z.object({ score: z.number().int(), comment: z.string().nullable(), channel: z.string(), createdAt: at, linkedTo: z.string() })),
	mails: z
		.array(z.object({ kind: z.string(), ref: z.string().nullable(), to: z.string(), subject: z.string(), status: z.string(), createdAt: at }))
		.meta({ description: 'E-mails to them still in the outbox' }),
	ticketContacts: z
		.array(
			z.object({
				number: z.string(),
				unit: z.string(),
				service: z.string(),
				status: z.string(),
				issuedAt: at,
				phone: z.string().nullable(),
				email: z.string().nullable(),
				consentText: z.string(),
				consentAt: at
			})
		)
		.meta({ description: 'Tickets taken before arriving with a phone or e-mail their protocols or appointments give' }),
	chats: z
		.array(
			z.object({
				phone: z.string(),
				name: z.string().nullable(),
				neighbourhood: z.string().nullable(),
				consentAt: at.nullable(),
				messages: z.number().int(),
				lastMessageAt: at.nullable()
			})
		)
		.meta({ description: 'WhatsApp contacts on a number their protocols or appointments give, with the size of the chat' }),
	audit: z
		.array(z.object({ at, actor: z.string(), action: z.string(), entity: z.string(), entityId: z.string(), via: z.string().nullable() }))
		.meta({ description: 'Who read or changed their data, and when (through which screen, endpoint or token)' })
});
export type CitizenReport = z.infer<typeof CitizenReport>;

/** `POST /citizens/anonymise`: how many records lost the identity. */
export const Anonymised = z.object({
	cpf: z.string().meta({ description: 'Masked' }),
	protocols: z.number().int(),
	appointments: z.number().int(),
	cancelled: z.number().int().meta({ description: 'Booked appointments that had to be cancelled (a booking cannot stand without its holder)' }),
	mails: z.number().int(),
	chats: z.number().int().meta({ description: 'WhatsApp contacts erased with their conversations' }),
	ticketContacts: z.number().int().meta({ description: 'Contacts given for tickets (taken before arriving, "Avise-me") erased' })
});
export type Anonymised = z.infer<typeof Anonymised>;
