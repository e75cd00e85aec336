// The OpenAPI 3.1 description of /api/v1 (docs/api.md is the contract in prose; this is its machine-readable form).
import { z } from 'zod';
import { KIOSK_REPRINT_MINUTES, MAX_REPRINTS } from '$lib/printing/print-jobs';
import { errorBody } from '$lib/errors';
import { CreatedToken, LoginAnswer, SignedInMe, TokenView, UserView } from '$lib/auth/views';
import { CitizenLookupAnswer, OpenedProtocol, ProtocolListItem, ProtocolView } from '$lib/requests/views';
import { Anonymised, CitizenReport } from '$lib/citizens/views';
import { PriorityView, UnitView } from '$lib/units/views';
import { ServiceEntry, ServiceSummary } from '$lib/catalogue/views';
import { ArrivalView, CalledTicket, CallView, CounterStateView, PublicTicketAnswer, TicketStateView, UnitCounterView, UnitQueueView, UnitServiceView } from '$lib/queue/views';
import { IssuedTicket } from '$lib/queue/issued';
import { CounterDisplayView } from '$lib/queue/counter-display';
import { PrinterView, Reprint, TestPageResult, TicketPrintAnswer } from '$lib/printing/views';
import { CounterRatingView, StoredRating, UnitStatsView } from '$lib/stats/views';
import { BookedAppointment, CancelledAppointment, PublicSlot, RescheduledAppointment } from '$lib/appointments/views';
import { WatchView } from '$lib/notify/views';
import { CreatedWebhook, WebhookDeliveryView, WebhookView } from '$lib/webhooks/views';
import { EVENT_DATA, EVENT_TYPES, TEST_EVENT_TYPE } from '$lib/events/types';
import { LoginInput } from '$lib/auth/login.server';
import { NewUserInput } from '$lib/auth/users.server';
import { NewTokenInput } from '$lib/auth/tokens.server';
import { OpenProtocolInput } from '$lib/requests/open-protocol.server';
import { ChangeStatusInput } from '$lib/requests/change-protocol-status.server';
import { LookupInput } from '$lib/requests/citizen-lookup.server';
import { ListProtocolsInput } from '$lib/requests/list-protocols.server';
import { SearchInput } from '$lib/catalogue/catalogue-views.server';
import { CallsQuery } from '$lib/queue/queue-views.server';
import { UnitStatsQuery } from '$lib/stats/report-query';
import { SlotsQuery } from '$lib/appointments/capacity.server';
import { AnonymiseInput, CitizenInput } from '$lib/citizens/lgpd.server';
import { TicketRequestInput } from '$lib/queue/remote-ticket.server';
import { OpenInput, PauseInput } from '$lib/queue/counter-status.server';
import { CallInput } from '$lib/queue/call-ticket.server';
import { FinishInput, TransferInput } from '$lib/queue/ticket-actions.server';
import { NewPrinterInput, PrinterPatch } from '$lib/printing/printers.server';
import { CapacitySettingsSchema } from '$lib/appointments/capacity';
import { CheckInInput } from '$lib/queue/kiosk-check-in.server';
import { BookInput, RescheduleInput, TokenInput } from '$lib/appointments/book.server';
import { RateInput } from '$lib/stats/rate-ticket.server';
import { WatchInput } from '$lib/notify/watch-ticket.server';
import { ProtocolRateInput } from '$lib/stats/rate-protocol.server';
import { CounterRateInput } from '$lib/stats/counter-rating.server';
import { CreateInput as NewWebhookInput, DeliveriesInput } from '$lib/webhooks/webhooks.server';
import { IdempotencyKeySyntax } from '$lib/server/idempotency.server';

type Schema = Record<string, unknown>;

/** The error body (docs/api.md#errors) for each status an operation can answer, with the codes that status carries. */
const errors = (...statuses: number[]) =>
	Object.fromEntries(statuses.map((c) => [String(c), { description: ERROR_TEXT[c], content: { 'application/json': { schema: responseSchemaOf(errorBody(c)) } } }]));
const ERROR_TEXT: Record<number, string> = {
	400: 'Invalid input (fields names each problem)',
	401: 'No or invalid credentials',
	403: 'Not allowed for this actor or unit',
	404: 'Not found',
	409: 'State conflict (e.g. invalid_transition, counter_busy, unit_closed)',
	413: 'Body too large',
	422: 'Refused as sent: idempotency_mismatch (this Idempotency-Key was already used by this caller with a different request), channel_unavailable, address_refused',
	429: 'Rate limited',
	503: 'Unavailable (for a printer: it could not be reached; the message gives the reason)'
};
/** A success answer; its JSON schema comes from `RESPONSES`. */
const ok = (description = 'OK') => ({ description });
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const param = (name: string, description: string, where: 'path' | 'query' | 'header' = 'path', schema: Schema = { type: 'string' }) => ({
	name,
	in: where,
	required: where === 'path',
	description,
	schema
});
const unitParam = param('unit', 'Unit slug, e.g. `centro`');
/** docs/api.md#idempotency: one key per user action; a retry with it replays the first answer. */
const idempotencyKeyParam = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	description:
		'1–100 visible ASCII characters, one per user action. The same key from the same caller (person, device or integration token, or address when anonymous) within 24 h answers the first successful answer again (status and body) with no second effect; with a different body it is 422 idempotency_mismatch. A refused request stores nothing, so its retry runs again. A malformed key is 400.',
	schema: jsonSchemaOf(IdempotencyKeySyntax)
};
const idParam = (what: string) => param('id', what);
const staff = [{ session: [] }, { bearer: [] }];
const device = [{ bearer: [] }, { session: [] }];

const ticketAction = (summary: string) => ({
	post: {
		tags: ['Queue'],
		summary,
		security: staff,
		parameters: [idParam('Ticket id (staff)')],
		responses: { '200': ok(), ...errors(400, 401, 403, 404, 409, 413) }
	}
});

const counterAction = (summary: string) => ({
	post: {
		tags: ['Queue'],
		summary,
		security: staff,
		parameters: [idParam('Counter id')],
		responses: { '200': ok(), ...errors(400, 401, 403, 404, 409, 413) }
	}
});

const admin = [{ session: [] }, { bearer: [] }];

const WEBHOOK_PATHS = {
	'/webhooks': {
		get: { tags: ['Webhooks'], summary: 'Endpoints with their status and last delivery (never their secret)', security: admin, responses: { '200': ok(), ...errors(401, 403) } },
		post: {
			tags: ['Webhooks'],
			summary: 'Create an endpoint; its `whsec_` secret is in this answer only',
			description:
				'Loopback, private and link-local addresses are refused (422 `address_refused`) unless `VEZ_WEBHOOKS_ALLOW_PRIVATE=1`; every delivery checks the resolved address again at connect time. 503 `secret_key_missing` when the server has no `VEZ_SECRET_KEY` to seal secrets with.',
			security: admin,
			responses: {
				'201': ok('Created; keep the secret'),
				...errors(400, 401, 403, 404, 413, 422, 503)
			}
		}
	},
	'/webhooks/{id}': {
		delete: { tags: ['Webhooks'], summary: 'Remove an endpoint; its pending deliveries stop', security: admin, parameters: [idParam('Webhook id')], responses: { '204': { description: 'Removed' }, ...errors(401, 403, 404) } }
	},
	'/webhooks/{id}/deliveries': {
		get: {
			tags: ['Webhooks'],
			summary: 'The newest deliveries of an endpoint',
			security: admin,
			parameters: [idParam('Webhook id')],
			responses: { '200': ok(), ...errors(400, 401, 403, 404) }
		}
	},
	'/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
		post: {
			tags: ['Webhooks'],
			summary: 'Send a delivery again now, with the same webhook-id and body',
			security: admin,
			parameters: [idParam('Webhook id'), param('deliveryId', 'Delivery id (`msg_…`)')],
			responses: { '202': ok('Queued'), ...errors(401, 403, 404, 409) }
		}
	}
};

/**
 * Each event type as an OpenAPI 3.1 webhook: what Vez POSTs to an endpoint, with the Standard
 * Webhooks headers and the event's thin payload schema (the same one the tests hold events to).
 */
const EVENT_WEBHOOKS = Object.fromEntries(
	[...EVENT_TYPES, TEST_EVENT_TYPE].map((type) => [
		type,
		{
			post: {
				summary: type === TEST_EVENT_TYPE ? 'Sent by "send a test event" on /admin/webhooks' : `Sent for every ${type.replace('.', ' ').replace('_', ' ')}`,
				description:
					'Standard Webhooks 1.0. Verify `webhook-signature` (`v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">` keyed by the base64-decoded secret after `whsec_`; space-separated entries during a rotation) before trusting the body. Answer 2xx to acknowledge; anything else is retried about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later (with jitter); 410 disables the endpoint. No personal data is ever sent.',
				parameters: [
					param('webhook-id', 'The delivery id, the same on every attempt (deduplicate on it)', 'header'),
					param('webhook-timestamp', 'Unix seconds of this attempt', 'header'),
					param('webhook-signature', 'Space-separated `v1,<base64>` signatures', 'header')
				].map((p) => ({ ...p, required: true })),
				requestBody: body({
					type: 'object',
					required: ['type', 'timestamp', 'data'],
					properties: {
						type: { const: type },
						timestamp: { type: 'string', format: 'date-time', description: 'When it happened' },
						data: z.toJSONSchema(EVENT_DATA[type as keyof typeof EVENT_DATA], { target: 'draft-2020-12' })
					}
				}),
				responses: { '200': { description: 'Any 2xx acknowledges the delivery' } }
			}
		}
	])
);

/**
 * The JSON body each operation's use case validates, by `METHOD /path`: the document shows the
 * very schema the use case parses with, so what is documented is what is enforced.
 */
export const REQUEST_BODIES: Readonly<Record<string, z.ZodType>> = {
	'POST /auth/login': LoginInput,
	'POST /users': NewUserInput,
	'POST /tokens': NewTokenInput,
	'POST /protocols': OpenProtocolInput,
	'POST /protocols/{number}/status': ChangeStatusInput,
	'POST /protocols/{number}/rating': ProtocolRateInput,
	'POST /citizens/lookup': LookupInput,
	'POST /citizens/report': CitizenInput,
	'POST /citizens/anonymise': AnonymiseInput,
	'POST /units/{unit}/tickets': TicketRequestInput,
	'POST /units/{unit}/printers': NewPrinterInput,
	'PUT /units/{unit}/services/{code}/capacity': CapacitySettingsSchema,
	'POST /units/{unit}/check-in': CheckInInput,
	'POST /appointments': BookInput,
	'POST /appointments/{code}/cancel': TokenInput,
	'POST /appointments/{code}/reschedule': RescheduleInput,
	'PATCH /printers/{id}': PrinterPatch,
	'POST /counters/{id}/open': OpenInput,
	'POST /counters/{id}/pause': PauseInput,
	'POST /counters/{id}/call': CallInput,
	'POST /tickets/{id}/finish': FinishInput,
	'POST /tickets/{id}/transfer': TransferInput,
	'POST /tickets/{id}/rating': RateInput,
	'POST /tickets/{id}/notifications': WatchInput,
	'POST /counters/{id}/rating': CounterRateInput,
	'POST /webhooks': NewWebhookInput
};

/** A zod schema as OpenAPI 3.1's JSON Schema: what a client sends (the input side of any transform). */
export function jsonSchemaOf(schema: z.ZodType): Schema {
	const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
	return json;
}

/** A zod schema as the JSON a client receives (the output side; instants as JSON writes them). */
export function responseSchemaOf(schema: z.ZodType): Schema {
	const { $schema: _, ...json } = z.toJSONSchema(schema, {
		target: 'draft-2020-12',
		io: 'output',
		unrepresentable: 'any',
		override: (ctx) => {
			// A `Date` a use case returns reaches the client through JSON.stringify: an ISO string.
			if (ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
		}
	});
	return json;
}

/** The shape of this document, as far as a client relies on it. */
const OpenApiDocumentShape = z.looseObject({
	openapi: z.literal('3.1.0'),
	info: z.looseObject({ title: z.string(), version: z.string() }),
	paths: z.record(z.string(), z.record(z.string(), z.unknown()))
});

/**
 * The JSON each operation answers on success, by `METHOD /path` and status: the zod schema its use
 * case's return type is inferred from (`z.infer`), so the documented answer is the returned one.
 * Errors are the body of docs/api.md#errors (`errorBody` in `$lib/errors`), listed per operation in the paths.
 */
export const RESPONSES: Readonly<Record<string, Readonly<Record<number, z.ZodType>>>> = {
	'GET /openapi.json': { 200: OpenApiDocumentShape },
	'POST /auth/login': { 200: LoginAnswer },
	'GET /me': { 200: SignedInMe },
	'GET /users': { 200: z.array(UserView) },
	'POST /users': { 201: UserView },
	'GET /tokens': { 200: z.array(TokenView) },
	'POST /tokens': { 201: CreatedToken },
	'GET /protocols': { 200: z.array(ProtocolListItem) },
	'POST /protocols': { 201: OpenedProtocol },
	'GET /protocols/{number}': { 200: ProtocolView },
	'POST /protocols/{number}/status': { 200: ProtocolView },
	'POST /protocols/{number}/rating': { 201: StoredRating },
	'POST /citizens/lookup': { 200: CitizenLookupAnswer },
	'POST /citizens/report': { 200: CitizenReport },
	'POST /citizens/anonymise': { 200: Anonymised },
	'GET /units': { 200: z.array(UnitView) },
	'GET /units/{unit}/services': { 200: z.array(UnitServiceView) },
	'GET /units/{unit}/counters': { 200: z.array(UnitCounterView) },
	'GET /priorities': { 200: z.array(PriorityView) },
	'GET /services': { 200: z.array(ServiceSummary) },
	'GET /services/{code}': { 200: ServiceEntry },
	'POST /units/{unit}/tickets': { 201: IssuedTicket },
	'GET /units/{unit}/printers': { 200: z.array(PrinterView) },
	'POST /units/{unit}/printers': { 201: PrinterView },
	'GET /units/{unit}/queue': { 200: UnitQueueView },
	'GET /units/{unit}/stats': { 200: UnitStatsView },
	'GET /units/{unit}/calls': { 200: z.array(CallView) },
	'GET /units/{unit}/services/{code}/slots': { 200: z.array(PublicSlot) },
	'GET /units/{unit}/services/{code}/capacity': { 200: CapacitySettingsSchema.nullable() },
	'PUT /units/{unit}/services/{code}/capacity': { 200: CapacitySettingsSchema },
	'POST /units/{unit}/check-in': { 201: IssuedTicket },
	'POST /appointments': { 201: BookedAppointment },
	'POST /appointments/{code}/cancel': { 200: CancelledAppointment },
	'POST /appointments/{code}/reschedule': { 200: RescheduledAppointment },
	'GET /tickets/{id}': { 200: PublicTicketAnswer },
	'PATCH /printers/{id}': { 200: PrinterView },
	'POST /printers/{id}/test': { 200: TestPageResult },
	'POST /counters/{id}/open': { 200: CounterStateView },
	'POST /counters/{id}/pause': { 200: CounterStateView },
	'POST /counters/{id}/close': { 200: CounterStateView },
	'POST /counters/{id}/call-next': { 200: CalledTicket },
	'POST /counters/{id}/call': { 200: CalledTicket },
	...Object.fromEntries(['recall', 'start', 'no-show', 'cancel', 'reactivate', 'finish', 'transfer'].map((a) => [`POST /tickets/{id}/${a}`, { 200: TicketStateView }])),
	'POST /tickets/{id}/reprint': { 202: Reprint },
	'GET /tickets/{id}/print': { 200: TicketPrintAnswer },
	'POST /tickets/{id}/rating': { 201: StoredRating },
	'POST /tickets/{id}/arrival': { 200: ArrivalView },
	'POST /tickets/{id}/notifications': { 201: WatchView },
	'GET /counters/{id}/rating': { 200: CounterRatingView },
	'POST /counters/{id}/rating': { 201: StoredRating },
	'GET /counters/{id}/display': { 200: CounterDisplayView },
	'GET /webhooks': { 200: z.array(WebhookView) },
	'POST /webhooks': { 201: CreatedWebhook },
	'GET /webhooks/{id}/deliveries': { 200: z.array(WebhookDeliveryView) },
	'POST /webhooks/{id}/deliveries/{deliveryId}/redeliver': { 202: WebhookDeliveryView }
};

/**
 * The query each operation's use case validates, by `METHOD /path`: one parameter per field, its
 * description from the field's `meta`, so the documented parameters are the enforced ones.
 */
export const QUERY_PARAMETERS: Readonly<Record<string, z.ZodObject>> = {
	'GET /protocols': ListProtocolsInput,
	'GET /services': SearchInput,
	'GET /units/{unit}/calls': CallsQuery,
	'GET /units/{unit}/stats': UnitStatsQuery,
	'GET /units/{unit}/services/{code}/slots': SlotsQuery,
	'GET /webhooks/{id}/deliveries': DeliveriesInput
};

/** A zod object as OpenAPI query parameters: required unless the field is optional or has a default. */
export function queryParametersOf(schema: z.ZodObject): Schema[] {
	const json = jsonSchemaOf(schema) as { properties?: Record<string, Schema>; required?: string[] };
	return Object.entries(json.properties ?? {}).map(([name, { description, ...field }]) => ({
		name,
		in: 'query',
		required: (json.required ?? []).includes(name),
		...(description ? { description } : {}),
		schema: field
	}));
}

function operationOf(paths: Record<string, Record<string, Schema>>, key: string, table: string): Schema {
	const [method, path] = key.split(' ');
	const operation = paths[path]?.[method.toLowerCase()];
	if (!operation) throw new Error(`${table} names ${key}, which the document does not describe`);
	return operation;
}

function withSchemas(paths: Record<string, Record<string, Schema>>): Record<string, Record<string, Schema>> {
	for (const [key, statuses] of Object.entries(RESPONSES)) {
		const responses = operationOf(paths, key, 'RESPONSES').responses as Record<string, Schema>;
		for (const [status, schema] of Object.entries(statuses)) {
			if (!responses[status]) throw new Error(`RESPONSES gives ${key} a ${status} the document does not list`);
			responses[status] = { ...responses[status], content: { 'application/json': { schema: responseSchemaOf(schema) } } };
		}
	}
	for (const [key, schema] of Object.entries(REQUEST_BODIES)) operationOf(paths, key, 'REQUEST_BODIES').requestBody = body(jsonSchemaOf(schema));
	for (const [key, schema] of Object.entries(QUERY_PARAMETERS)) {
		const operation = operationOf(paths, key, 'QUERY_PARAMETERS');
		operation.parameters = [...((operation.parameters as Schema[] | undefined) ?? []), ...queryParametersOf(schema)];
	}
	return paths;
}

export function openApiDocument(serverUrl: string) {
	return {
		openapi: '3.1.0',
		info: {
			title: 'Vez API',
			version: '1',
			description:
				'Queue, counters, tickets and devices of Vez. Errors always have the body `{"error": {"code", "message", "fields"?}}`. Browser screens authenticate with the session cookie; devices and integrations with `Authorization: Bearer <token>`. Realtime (socket.io, path `/socket.io`): rooms `panel:<unit>`, `ticket:<publicId>` and `line:<unit>` (public), `queue:<unit>`, `counter:<id>`, `inbox:<organ>`, `conversations:whatsapp`; events `call`, `ticket`, `line`, `queue`, `counter`, `inbox`, `conversation`, `server`. Rooms, events, webhooks and their domain events are described in docs/api.md of the Vez repository.'
		},
		servers: [{ url: serverUrl }],
		components: {
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'vez_session' },
				bearer: { type: 'http', scheme: 'bearer', description: 'Device or integration token created by an admin' }
			}
		},
		paths: withSchemas({
			'/openapi.json': { get: { tags: ['Session'], summary: 'This document', responses: { '200': ok() } } },
			'/auth/login': {
				post: {
					tags: ['Session'],
					summary: 'Sign in; sets the httpOnly session cookie. Rate-limited per user and address.',
					responses: { '200': ok(), ...errors(400, 401, 413, 429) }
				}
			},
			'/auth/logout': { post: { tags: ['Session'], summary: 'End the session', responses: { '204': { description: 'Signed out' } } } },
			'/me': { get: { tags: ['Session'], summary: 'Who is calling: a person or a device token', security: staff, responses: { '200': ok(), ...errors(401) } } },
			'/users': {
				get: { tags: ['Admin'], summary: 'List users', security: staff, responses: { '200': ok(), ...errors(401, 403) } },
				post: {
					tags: ['Admin'],
					summary: 'Create a user',
					security: staff,
					responses: { '201': ok('Created'), ...errors(400, 401, 403, 409, 413) }
				}
			},
			'/tokens': {
				get: { tags: ['Admin'], summary: 'List device and integration tokens with their scopes (never the secrets)', security: staff, responses: { '200': ok(), ...errors(401, 403) } },
				post: {
					tags: ['Admin'],
					summary: 'Create a token; the secret is returned only here',
					description:
						'Integration tokens carry `scopes` (docs/privileges.md); without `scopes` an integration gets `protocols:create`, `protocols:read:own` and `open311`. Personal data of citizens only with `protocols:read:personal`, and every such read is audited. Kiosk and panel tokens carry no scopes.',
					security: staff,
					responses: { '201': ok('Created'), ...errors(400, 401, 403, 404, 413) }
				}
			},
			'/protocols': {
				get: {
					tags: ['Protocols'],
					summary: 'The protocols the caller may read, newest first, up to 500, without personal data',
					description:
						"Organ staff: their organ's inbox (the ouvidoria also escalated ones); clerks and managers: those of their units or that they opened; phone agents: those they opened; integration tokens: those they opened (`protocols:read:own`, `open311`) or all (`protocols:read:all`); admins: all. See docs/privileges.md.",
					security: staff,
					responses: { '200': ok(), ...errors(400, 401, 403) }
				},
				post: {
					tags: ['Protocols'],
					summary: 'Open a protocol (clerk, agent, manager, integration token)',
					security: device,
					parameters: [idempotencyKeyParam],
					responses: {
						'201': ok('Created'),
						...errors(400, 401, 403, 404, 413, 422)
					}
				}
			},
			'/protocols/{number}': {
				get: {
					tags: ['Protocols'],
					summary: 'A protocol: public notes with `cpf` or `code`; the whole record for readers the privilege table allows',
					description:
						'Staff the privilege table (docs/privileges.md) lets read it get the citizen\'s name, e-mail, phone and the internal history, and each such read is written to the audit trail (`protocol.read`). Integration tokens get the citizen\'s view without even the masked CPF unless they hold `protocols:read:personal`. A protocol out of reach answers 404 `protocol_not_found`, like an unknown number.',
					parameters: [param('number', 'Protocol number, e.g. 2026000123-7'), param('cpf', "The citizen's CPF", 'query'), param('code', 'The access code of the receipt', 'query')],
					responses: { '200': ok(), ...errors(401, 403, 404) }
				}
			},
			'/protocols/{number}/status': {
				post: {
					tags: ['Protocols'],
					summary: 'Change the status (organ staff of the current organ; the ouvidoria reopens a concluded one once)',
					security: staff,
					parameters: [param('number', 'Protocol number')],
					responses: { '200': ok(), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/citizens/lookup': {
				post: {
					tags: ['Citizens'],
					summary: "A citizen by CPF: latest name and contact, and their latest protocols (the desk and the phone centre; audited as `citizen.lookup`)",
					description: 'The CPF goes in the body, never in the address. `citizen` is null when no protocol carries the CPF.',
					security: staff,
					responses: { '200': ok(), ...errors(400, 401, 403, 413) }
				}
			},
			'/citizens/report': {
				post: {
					tags: ['Citizens'],
					summary: 'LGPD art. 18: everything held about a CPF (admins; audited as `citizen.report`)',
					description: 'Protocols and appointments with the identity they hold, linked tickets and ratings, queued e-mails to the person, and the audit entries about them (who read or changed what, through which screen, endpoint or token).',
					security: staff,
					responses: {
						'200': ok(),
						...errors(400, 401, 403, 413)
					}
				}
			},
			'/citizens/anonymise': {
				post: {
					tags: ['Citizens'],
					summary: 'LGPD art. 18: anonymise a CPF on request (admins; audited as `citizen.anonymise`)',
					description:
						"Wipes CPF, name, e-mail and phone from every protocol and appointment of the CPF, cancels booked appointments (freeing their places) and drops queued e-mails to them. Services, dates, statuses, tickets and ratings stay, so report figures do not change. Cannot be undone.",
					security: staff,
					responses: {
						'200': ok(),
						...errors(400, 401, 403, 413)
					}
				}
			},
			'/tokens/{id}': { delete: { tags: ['Admin'], summary: 'Revoke a token', security: staff, parameters: [idParam('Token id')], responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) } } },
			'/units': { get: { tags: ['Units'], summary: 'Active units, open now or not', responses: { '200': ok() } } },
			'/units/{unit}/services': {
				get: { tags: ['Units'], summary: 'Services offered at a unit with queue length and the wait a new ticket faces', parameters: [unitParam], responses: { '200': ok(), ...errors(404) } }
			},
			'/units/{unit}/counters': {
				get: { tags: ['Units'], summary: 'Counters with status, clerk, services and current ticket', security: staff, parameters: [unitParam], responses: { '200': ok(), ...errors(401, 403, 404) } }
			},
			'/priorities': { get: { tags: ['Units'], summary: 'Priority groups; `normal` has weight 0', responses: { '200': ok() } } },
			'/services': {
				get: {
					tags: ['Catalogue'],
					summary: 'The Carta de Serviços: search forgiving accents and typos (ranked, name matches first), or the whole catalogue by theme → subject → name',
					responses: { '200': ok(), ...errors(400) }
				}
			},
			'/services/{code}': {
				get: {
					tags: ['Catalogue'],
					summary: 'A full Carta de Serviços entry, the units offering it with their current wait, and how to ask for it',
					parameters: [param('code', 'Service code, e.g. `iptu-segunda-via`')],
					responses: { '200': ok(), ...errors(404) }
				}
			},
			'/units/{unit}/tickets': {
				post: {
					tags: ['Queue'],
					summary:
						'Issue a ticket (kiosk token, clerk or manager). Anonymous callers take a remote ticket before arriving (`channel: "remote"`, a `phone` or an `email` required) where the unit allows it for the service: 409 remote_not_allowed, 409 remote_cap_reached past the daily cap, 429 per address and per contact. A remote ticket keeps its place but is not called until its visitor checks in at the kiosk with `arrival.code` (or its QR) or taps "Cheguei" (`POST /tickets/{publicId}/arrival`); it expires when the visitor has not arrived some minutes (the unit sets them) after it would have been called.',
					security: [...device, {}],
					parameters: [unitParam, idempotencyKeyParam],
					responses: { '201': ok('Issued'), ...errors(400, 401, 403, 404, 409, 413, 422, 429) }
				}
			},
			'/units/{unit}/printers': {
				get: { tags: ['Printing'], summary: "The unit's printers with their last known status (admin, manager)", security: staff, parameters: [unitParam], responses: { '200': ok(), ...errors(401, 403, 404) } },
				post: {
					tags: ['Printing'],
					summary: 'Add an ESC/POS network printer to the unit (admin, manager)',
					security: staff,
					parameters: [unitParam],
					responses: { '201': ok('Created'), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/units/{unit}/queue': {
				get: { tags: ['Queue'], summary: 'Waiting tickets per service in call order (with the reason) and tickets in service', security: staff, parameters: [unitParam], responses: { '200': ok(), ...errors(401, 403, 404) } }
			},
			'/units/{unit}/stats': {
				get: {
					tags: ['Stats'],
					summary: "A unit's figures over local days in its zone (manager of the unit, admin); durations in seconds",
					security: staff,
					parameters: [unitParam],
					responses: { '200': ok(), ...errors(400, 401, 403, 404) }
				}
			},
			'/units/{unit}/calls': {
				get: {
					tags: ['Queue'],
					summary: 'Last calls for a panel — no personal data',
					parameters: [unitParam],
					responses: { '200': ok(), ...errors(400, 404) }
				}
			},
			'/units/{unit}/services/{code}/slots': {
				get: {
					tags: ['Appointments'],
					summary: "Bookable slots of a local date in the unit's zone (after the minimum notice, inside the horizon)",
					parameters: [unitParam, param('code', 'Service code')],
					responses: { '200': ok(), ...errors(400, 404, 409) }
				}
			},
			'/units/{unit}/services/{code}/capacity': {
				get: { tags: ['Appointments'], summary: 'The weekly capacity template and date exceptions (manager); null when none', security: staff, parameters: [unitParam, param('code', 'Service code')], responses: { '200': ok(), ...errors(401, 403, 404, 409) } },
				put: {
					tags: ['Appointments'],
					summary: 'Set the capacity template and exceptions (manager; audited)',
					security: staff,
					parameters: [unitParam, param('code', 'Service code')],
					responses: { '200': ok(), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/units/{unit}/check-in': {
				post: {
					tags: ['Appointments'],
					summary: 'Kiosk check-in by booking code or CPF: a ticket with the appointment attached (too early: 409 check_in_too_early with comeBackAt)',
					security: device,
					parameters: [unitParam, idempotencyKeyParam],
					responses: { '201': ok('Issued'), ...errors(400, 401, 403, 404, 409, 413, 422, 429) }
				}
			},
			'/appointments': {
				post: {
					tags: ['Appointments'],
					summary: 'Book a slot (public); 409 slot_full when the last place was just taken, already_booked for a second active appointment of a CPF; 429 rate_limited past the public bookings allowed per IP and hour (VEZ_BOOKINGS_PER_IP_HOUR). With `notify`, reminders by SMS or WhatsApp at the leads the unit sets (the day before and 2 h before by default), in the language of the request (Accept-Language), never after a cancel, check-in or no-show; 422 channel_unavailable when no provider is configured for the channel; 400 with field `notify.phone` = `invalid_phone` or `not_mobile`',
					parameters: [idempotencyKeyParam],
					responses: {
						'201': ok('Booked'),
						...errors(400, 404, 409, 413, 422, 429)
					}
				}
			},
			'/appointments/{code}.ics': {
				get: {
					tags: ['Appointments'],
					summary: 'The appointment as an iCalendar file (local time with TZID, reminder alarm)',
					parameters: [param('code', 'Booking code')],
					responses: { '200': { description: 'text/calendar', content: { 'text/calendar': { schema: { type: 'string' } } } }, ...errors(404, 409) }
				}
			},
			'/appointments/{code}/cancel': {
				post: {
					tags: ['Appointments'],
					summary: 'Cancel with the manage token; frees the slot',
					parameters: [param('code', 'Booking code')],
					responses: { '200': ok(), ...errors(400, 403, 404, 409, 413) }
				}
			},
			'/appointments/{code}/reschedule': {
				post: {
					tags: ['Appointments'],
					summary: 'Move to another free slot of the same unit and service with the manage token',
					parameters: [param('code', 'Booking code')],
					responses: { '200': ok(), ...errors(400, 403, 404, 409, 413) }
				}
			},
			'/tickets/{id}': { get: { tags: ['Queue'], summary: 'The public view of a ticket, by its public id', parameters: [idParam('Public id')], responses: { '200': ok(), ...errors(404) } } },
			'/printers/{id}': {
				patch: {
					tags: ['Printing'],
					summary: 'Change a printer; only the fields sent change (admin, manager)',
					security: staff,
					parameters: [idParam('Printer id')],
					responses: { '200': ok(), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/printers/{id}/test': {
				post: {
					tags: ['Printing'],
					summary: "Print a test page now, not through the queue; the attempt updates the printer's status either way",
					security: staff,
					parameters: [idParam('Printer id')],
					responses: {
						'200': ok(),
						...errors(401, 403, 404, 503)
					}
				}
			},
			'/counters/{id}/open': counterAction('Take a counter and say which services it serves'),
			'/counters/{id}/pause': counterAction('Pause calls'),
			'/counters/{id}/close': counterAction('Close the counter (refused while a ticket is at the desk)'),
			'/counters/{id}/call-next': {
				post: {
					tags: ['Queue'],
					summary: 'Call the next ticket under the ordering policy',
					security: staff,
					parameters: [idParam('Counter id')],
					responses: { '200': ok(), '204': { description: 'Nothing waits' }, ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/counters/{id}/call': counterAction('Call one particular waiting ticket'),
			'/tickets/{id}/recall': ticketAction('Call the same ticket again'),
			'/tickets/{id}/start': ticketAction('The visitor reached the desk'),
			'/tickets/{id}/no-show': ticketAction('Nobody came'),
			'/tickets/{id}/cancel': ticketAction('Cancel a waiting or called ticket'),
			'/tickets/{id}/reactivate': ticketAction("Put today's no-show or cancelled ticket back in its queue, at the end"),
			'/tickets/{id}/finish': ticketAction('Finish with an outcome'),
			'/tickets/{id}/reprint': {
				post: {
					tags: ['Printing'],
					summary: `Print a waiting, called or in-service ticket again: staff of its unit any ticket; a kiosk token only the ticket it printed last, within ${KIOSK_REPRINT_MINUTES} minutes. At most ${MAX_REPRINTS} reprints per ticket (409 with fields.reprints = limit_reached).`,
					security: device,
					parameters: [idParam('Ticket id')],
					responses: { '202': ok('Queued (or no_printer)'), ...errors(400, 401, 403, 404, 409) }
				}
			},
			'/tickets/{id}/print': {
				get: {
					tags: ['Printing'],
					summary: `How the ticket's paper is doing: its latest print job (queued, printing, printed, failed, no_printer), or null when none was asked for. Staff of its unit for any ticket; a kiosk token only for the ticket it printed last, within ${KIOSK_REPRINT_MINUTES} minutes.`,
					security: device,
					parameters: [idParam('Ticket id')],
					responses: {
						'200': ok(),
						...errors(400, 401, 403, 404)
					}
				}
			},
			'/tickets/{id}/transfer': ticketAction('Same number, back in the queue of another service'),
			'/tickets/{id}/rating': {
				post: {
					tags: ['Satisfaction'],
					summary: 'Rate a finished ticket, once (public; the public id is the credential). 409 not_finished before the service is done, 409 already_rated on a second rating.',
					parameters: [idParam('Public id')],
					responses: { '201': ok('Stored'), ...errors(400, 404, 409, 413) }
				}
			},
			'/tickets/{id}/arrival': {
				post: {
					tags: ['Queue'],
					summary: '"Cheguei": the visitor of a remote ticket is in the unit, and the ticket may now be called in the place it kept (public; the public id is the credential). 409 not_awaiting_arrival when it arrived already or no longer waits.',
					parameters: [idParam('Public id')],
					responses: { '200': ok('Arrived'), ...errors(404, 409) }
				}
			},
			'/tickets/{id}/notifications': {
				post: {
					tags: ['Queue'],
					summary:
						'"Avise-me" (public; the public id is the credential): `near` once when the people ahead are `ahead` or fewer (at once if already so), `called` at each call with the counter, nothing after the ticket ends; in the language of the request (Accept-Language). Choosing a channel again replaces the earlier choice on it. 409 ticket_not_waiting; 422 channel_unavailable when no provider is configured for the channel; 400 with `fields.phone` = `invalid_phone` or `not_mobile`.',
					parameters: [idParam('Public id')],
					responses: {
						'201': ok('Watching'),
						...errors(400, 404, 409, 413, 422)
					}
				},
				delete: {
					tags: ['Queue'],
					summary: 'Stops every message for the ticket (public; the public id is the credential)',
					parameters: [idParam('Public id')],
					responses: { '204': { description: 'Stopped' }, ...errors(404) }
				}
			},
			'/protocols/{number}/rating': {
				post: {
					tags: ['Satisfaction'],
					summary: "Rate a protocol's service, once (public; the access code of the receipt and e-mails is the credential). 409 already_rated on a second rating.",
					parameters: [param('number', 'Protocol number')],
					responses: { '201': ok('Stored'), ...errors(400, 404, 409, 413) }
				}
			},
			'/counters/{id}/rating': {
				get: {
					tags: ['Satisfaction'],
					summary: "The desk tablet's poll: the ticket just finished at this counter and not yet rated, or null (a panel or kiosk token of the unit, or its staff)",
					security: device,
					parameters: [idParam('Counter id')],
					responses: {
						'200': ok(),
						...errors(401, 403, 404)
					}
				},
				post: {
					tags: ['Satisfaction'],
					summary: 'Rate, from the desk tablet, a ticket finished at this counter (channel counter_tablet)',
					security: device,
					parameters: [idParam('Counter id')],
					responses: { '201': ok('Stored'), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/counters/{id}/display': {
				get: {
					tags: ['Queue'],
					summary:
						"The counter display's snapshot (/display/{id}): the counter and the ticket called or served at its desk (a panel or kiosk token of the unit, or its staff). Live changes come as `call` and `counter` events in the room counter:<id>.",
					security: device,
					parameters: [idParam('Counter id')],
					responses: {
						'200': ok(),
						...errors(401, 403, 404)
					}
				}
			},
			...WEBHOOK_PATHS
		}),
		webhooks: EVENT_WEBHOOKS
	};
}
