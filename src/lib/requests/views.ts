import { z } from 'zod';
import { isoTime } from '$lib/api/wire';
import { PROTOCOL_CHANNELS, PROTOCOL_KINDS, PROTOCOL_STATUSES } from './protocol';

const serviceRef = z.object({ code: z.string(), name: z.string() });

/** `GET /protocols`: one line of an inbox or list — no personal data. */
export const ProtocolListItem = z.object({
	number: z.string(),
	kind: z.enum(PROTOCOL_KINDS),
	status: z.enum(PROTOCOL_STATUSES),
	service: serviceRef,
	organ: z.object({ code: z.string(), acronym: z.string() }),
	team: z.string(),
	region: z.string().nullable(),
	dueAt: isoTime,
	overdue: z.boolean(),
	escalated: z.boolean(),
	createdAt: isoTime
});
export type ProtocolListItem = z.infer<typeof ProtocolListItem>;

/** One step of a protocol's history; the citizen's view holds the public ones only. */
export const ProtocolEventView = z.object({
	at: isoTime,
	action: z.string(),
	from: z.string().nullable(),
	to: z.string(),
	fromOrgan: z.string().nullable(),
	toOrgan: z.string().nullable(),
	note: z.string(),
	public: z.boolean(),
	author: z.string().meta({ description: 'Who wrote it, as stored (`user:ana`, `anonymous`, …)' }),
	authorName: z.string().nullable().meta({ description: "The author's full name when a person wrote it" })
});
export type ProtocolEventView = z.infer<typeof ProtocolEventView>;

/**
 * `GET /protocols/{number}` and a status change: the citizen's view (public notes, the CPF masked
 * or, for an integration without `protocols:read:personal`, not even that) and, for staff the
 * privilege table lets read it, `staff` with the citizen's contact and the internal history.
 */
export const ProtocolView = z.object({
	number: z.string(),
	kind: z.enum(PROTOCOL_KINDS),
	status: z.enum(PROTOCOL_STATUSES),
	service: serviceRef,
	organ: z.object({ code: z.string(), name: z.string(), acronym: z.string() }),
	description: z.string(),
	address: z.string().nullable(),
	dueAt: isoTime,
	overdue: z.boolean(),
	escalated: z.boolean(),
	createdAt: isoTime,
	updatedAt: isoTime,
	anonymous: z.boolean(),
	citizen: z.object({ cpf: z.string().nullable().meta({ description: 'Masked, e.g. `***.456.789-**`' }) }),
	history: z.array(ProtocolEventView),
	staff: z
		.object({
			team: z.string(),
			region: z.string().nullable(),
			routeReason: z.string(),
			channel: z.enum(PROTOCOL_CHANNELS),
			citizenName: z.string().nullable(),
			citizenEmail: z.string().nullable(),
			citizenPhone: z.string().nullable(),
			reopenedCount: z.number().int(),
			openedBy: z.string(),
			next: z.array(z.enum(PROTOCOL_STATUSES)).readonly().meta({ description: 'The statuses this reader may choose next' })
		})
		.optional()
		.meta({ description: 'Only for readers allowed personal data; each such read is audited (`protocol.read`)' })
});
export type ProtocolView = z.infer<typeof ProtocolView>;

/** `POST /protocols`: the number, deadline, inbox and the access code the citizen looks it up with. */
export const OpenedProtocol = z.object({
	number: z.string().meta({ examples: ['2026000123-7'] }),
	dueAt: isoTime,
	organ: z.object({ code: z.string(), name: z.string() }),
	team: z.string(),
	status: z.enum(PROTOCOL_STATUSES),
	accessCode: z.string(),
	lookupUrl: z.url(),
	service: serviceRef
});
export type OpenedProtocol = z.infer<typeof OpenedProtocol>;

/** `POST /citizens/lookup`: the latest name and contact a CPF's protocols give, and the latest protocols. */
export const KnownCitizen = z.object({
	name: z.string(),
	email: z.string().nullable(),
	phone: z.string().nullable(),
	protocols: z.number().int().meta({ description: 'How many earlier protocols carry this CPF' }),
	recent: z.array(
		z.object({ number: z.string(), service: z.string(), organ: z.string(), status: z.enum(PROTOCOL_STATUSES), dueAt: isoTime, createdAt: isoTime })
	)
});
export type KnownCitizen = z.infer<typeof KnownCitizen>;

/** `POST /citizens/lookup`: null when no protocol carries the CPF. */
export const CitizenLookupAnswer = z.object({ citizen: KnownCitizen.nullable() });
