// The OpenAPI 3.1 description of /api/v1 (API.md is the contract; this is its machine-readable form).
import { z } from 'zod';
import { KIOSK_REPRINT_MINUTES, MAX_REPRINTS } from '$lib/printing/print-jobs';
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

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const errors = (...codes: number[]) =>
	Object.fromEntries(codes.map((c) => [String(c), { description: ERROR_TEXT[c], content: { 'application/json': { schema: ref('Error') } } }]));
const ERROR_TEXT: Record<number, string> = {
	400: 'Invalid input (fields names each problem)',
	401: 'No or invalid credentials',
	403: 'Not allowed for this actor or unit',
	404: 'Not found',
	409: 'State conflict (e.g. invalid_transition, counter_busy, unit_closed)',
	413: 'Body too large',
	422: 'idempotency_mismatch: this Idempotency-Key was already used by this caller with a different request',
	429: 'Rate limited',
	503: 'Unavailable (for a printer: it could not be reached; the message gives the reason)'
};
const ok = (schema: Schema, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const body = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const param = (name: string, description: string, where: 'path' | 'query' | 'header' = 'path', schema: Schema = { type: 'string' }) => ({
	name,
	in: where,
	required: where === 'path',
	description,
	schema
});
const unitParam = param('unit', 'Unit slug, e.g. `centro`');
/** API.md "Idempotency": one key per user action; a retry with it replays the first answer. */
const idempotencyKeyParam = {
	name: 'Idempotency-Key',
	in: 'header',
	required: false,
	description:
		'1–100 visible ASCII characters, one per user action. The same key from the same caller (person, device or integration token, or address when anonymous) within 24 h answers the first successful answer again (status and body) with no second effect; with a different body it is 422 idempotency_mismatch. A refused request stores nothing, so its retry runs again. A malformed key is 400.',
	schema: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[\\x21-\\x7e]+$' }
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
		responses: { '200': ok(ref('TicketState')), ...errors(400, 401, 403, 404, 409) }
	}
});

const counterAction = (summary: string, response: Schema = ref('CounterState')) => ({
	post: {
		tags: ['Queue'],
		summary,
		security: staff,
		parameters: [idParam('Counter id')],
		responses: { '200': ok(response), ...errors(400, 401, 403, 404, 409) }
	}
});

const DURATIONS: Schema = {
	type: 'object',
	description: 'Seconds. avg is exact; p50 and p90 are read from duration buckets (10 s wide up to 1 min, 30 s up to 10 min, 1 min up to 20 min, wider after).',
	properties: { avg: { type: ['number', 'null'] }, p50: { type: ['number', 'null'] }, p90: { type: ['number', 'null'] } }
};
/** GET /units/{unit}/stats: counts over tickets issued on the local days; waits of tickets called. */
const UNIT_STATS: Schema = {
	type: 'object',
	required: ['unit', 'from', 'to', 'issued', 'served', 'noShow', 'cancelled', 'wait', 'service', 'onTargetShare', 'csat', 'ratings', 'appointments'],
	properties: {
		unit: { type: 'string' },
		from: { type: 'string', format: 'date' },
		to: { type: 'string', format: 'date' },
		issued: { type: 'integer' },
		served: { type: 'integer' },
		noShow: { type: 'integer' },
		cancelled: { type: 'integer' },
		transfers: { type: 'integer' },
		wait: { ...DURATIONS, description: 'Seconds from arrival to the call, tickets called' },
		service: { ...DURATIONS, description: 'Seconds from the start (or call) to the finish, tickets served' },
		onTargetShare: { type: ['number', 'null'], description: "0–1: waits within the service's Carta de Serviços expected waiting time" },
		csat: { type: ['number', 'null'], description: '0–100: share of ratings 4 or 5' },
		ratings: { type: 'integer' },
		appointments: {
			type: 'object',
			description: "Appointments made for the local days (by the day of their start in the unit's zone), whatever became of them",
			required: ['booked', 'attended', 'noShow', 'cancelled'],
			properties: {
				booked: { type: 'integer', description: 'All appointments made for the days' },
				attended: { type: 'integer', description: 'Checked in' },
				noShow: { type: 'integer' },
				cancelled: { type: 'integer' }
			}
		}
	}
};

const CATALOGUE_SERVICE: Schema = {
	type: 'object',
	properties: {
		code: { type: 'string' },
		name: { type: 'string' },
		theme: { type: 'string' },
		subject: { type: 'string' },
		description: { type: 'string' },
		keywords: { type: 'array', items: { type: 'string' } },
		channels: { type: 'array', items: { enum: ['presencial', 'web', 'telefone', 'app', 'whatsapp'] } },
		deadline: {
			type: ['object', 'null'],
			properties: {
				amount: { type: 'integer' },
				unit: { enum: ['minutes', 'hours', 'days', 'calendar_days', 'business_days', 'months'] },
				text: { type: 'string', description: 'In words, e.g. "até 30 dias corridos"' }
			}
		},
		anonymousAllowed: { type: 'boolean' },
		organ: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, acronym: { type: 'string' } } }
	}
};
const CATALOGUE_ENTRY: Schema = {
	allOf: [
		CATALOGUE_SERVICE,
		{
			type: 'object',
			properties: {
				audience: { type: 'string' },
				requirements: { type: 'string' },
				documents: { type: 'array', items: { type: 'string' } },
				steps: { type: 'array', items: { type: 'string' } },
				delivery: { type: 'string' },
				fees: { type: 'string' },
				legalBasis: { type: 'string' },
				expectedWaitMinutes: { type: 'integer' },
				expectedServiceMinutes: { type: 'integer' },
				complaints: { type: 'string' },
				units: {
					type: 'array',
					items: {
						type: 'object',
						properties: {
							slug: { type: 'string' },
							name: { type: 'string' },
							address: { type: 'string' },
							region: { type: 'string' },
							prefix: { type: 'string' },
							allowsPriority: { type: 'boolean' },
							open: { type: 'boolean' },
							waiting: { type: 'integer' },
							openCounters: { type: 'integer' },
							estimatedWaitMinutes: { type: 'integer', description: 'The wait a ticket taken now faces: the middle (p50) of the forecast' },
							estimatedWait: ref('WaitRange')
						}
					}
				},
				request: {
					type: 'object',
					properties: { inPerson: { type: 'boolean' }, online: { type: 'boolean' }, bookable: { type: 'boolean' } }
				}
			}
		}
	]
};

const RATING: Schema = {
	type: 'object',
	properties: { score: { type: 'integer' }, comment: { type: ['string', 'null'] }, channel: { enum: ['ticket_page', 'counter_tablet', 'protocol_link'] } }
};

const admin = [{ session: [] }, { bearer: [] }];

const WEBHOOK_DELIVERY: Schema = {
	type: 'object',
	properties: {
		id: { type: 'string', description: 'The `webhook-id` of every attempt', examples: ['msg_2bq3Xo1m8Jc7Yv0dQe4tZg'] },
		type: { type: 'string' },
		status: { enum: ['pending', 'delivered', 'failed'] },
		attempts: { type: 'integer' },
		lastStatus: { type: ['integer', 'null'], description: 'HTTP status of the last answer' },
		lastError: { type: ['string', 'null'] },
		lastResponse: { type: ['string', 'null'], description: 'The first 512 bytes of the last answer, no more' },
		nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
		createdAt: { type: 'string', format: 'date-time' },
		deliveredAt: { type: ['string', 'null'], format: 'date-time' }
	}
};

const WEBHOOK: Schema = {
	type: 'object',
	properties: {
		id: { type: 'string' },
		url: { type: 'string', format: 'uri' },
		description: { type: 'string' },
		events: { type: 'array', items: { type: 'string' }, description: 'Event types, or `["*"]`' },
		units: { type: 'array', items: { type: 'string' }, description: 'Unit slugs; empty for every unit' },
		status: { enum: ['active', 'disabled'] },
		disabledReason: { type: ['string', 'null'] },
		previousSecretUntil: { type: ['string', 'null'], format: 'date-time', description: 'During a secret rotation, until when the previous secret also signs' },
		createdAt: { type: 'string', format: 'date-time' },
		lastDelivery: { oneOf: [WEBHOOK_DELIVERY, { type: 'null' }] }
	}
};

const WEBHOOK_PATHS = {
	'/webhooks': {
		get: { tags: ['Webhooks'], summary: 'Endpoints with their status and last delivery (never their secret)', security: admin, responses: { '200': ok({ type: 'array', items: WEBHOOK }), ...errors(401, 403) } },
		post: {
			tags: ['Webhooks'],
			summary: 'Create an endpoint; its `whsec_` secret is in this answer only',
			description:
				'Loopback, private and link-local addresses are refused (422 `address_refused`) unless `VEZ_WEBHOOKS_ALLOW_PRIVATE=1`; every delivery checks the resolved address again at connect time. 503 `secret_key_missing` when the server has no `VEZ_SECRET_KEY` to seal secrets with.',
			security: admin,
			responses: {
				'201': ok({ allOf: [WEBHOOK, { type: 'object', properties: { secret: { type: 'string', pattern: '^whsec_[A-Za-z0-9+/]+=*$' } } }] }, 'Created; keep the secret'),
				...errors(400, 401, 403, 404, 503),
				'422': { description: 'address_refused', content: { 'application/json': { schema: ref('Error') } } }
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
			responses: { '200': ok({ type: 'array', items: WEBHOOK_DELIVERY }), ...errors(400, 401, 403, 404) }
		}
	},
	'/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
		post: {
			tags: ['Webhooks'],
			summary: 'Send a delivery again now, with the same webhook-id and body',
			security: admin,
			parameters: [idParam('Webhook id'), param('deliveryId', 'Delivery id (`msg_…`)')],
			responses: { '202': ok(WEBHOOK_DELIVERY, 'Queued'), ...errors(401, 403, 404, 409) }
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

/**
 * The query each operation's use case validates, by `METHOD /path`: one parameter per field, its
 * description from the field's `meta`, so the documented parameters are the enforced ones.
 */
export const QUERY_PARAMETERS: Readonly<Record<string, z.ZodObject>> = {
	'GET /protocols': ListProtocolsInput,
	'GET /services': SearchInput,
	'GET /units/{unit}/calls': CallsQuery,
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
				'Queue, counters, tickets and devices of Vez. Errors always have the body `{"error": {"code", "message", "fields"?}}`. Browser screens authenticate with the session cookie; devices and integrations with `Authorization: Bearer <token>`. Realtime events (socket.io, path `/socket.io`): `call`, `queue`, `ticket` — see API.md.'
		},
		servers: [{ url: serverUrl }],
		components: {
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'vez_session' },
				bearer: { type: 'http', scheme: 'bearer', description: 'Device or integration token created by an admin' }
			},
			schemas: {
				Error: {
					type: 'object',
					required: ['error'],
					properties: {
						error: {
							type: 'object',
							required: ['code', 'message'],
							properties: {
								code: { type: 'string', examples: ['invalid_input', 'invalid_transition'] },
								message: { type: 'string' },
								fields: { type: 'object', additionalProperties: { type: 'string' } }
							}
						}
					}
				},
				Unit: {
					type: 'object',
					properties: {
						slug: { type: 'string' },
						name: { type: 'string' },
						address: { type: 'string' },
						region: { type: 'string' },
						timezone: { type: 'string', examples: ['America/Sao_Paulo'] },
						open: { type: 'boolean' },
						hours: { type: 'object', description: 'Weekly hours, e.g. {"mon": [["08:00","17:00"]]}' }
					}
				},
				UnitService: {
					type: 'object',
					properties: {
						code: { type: 'string' },
						name: { type: 'string' },
						theme: { type: 'string' },
						prefix: { type: 'string' },
						waiting: { type: 'integer' },
						estimatedWaitMinutes: { type: ['integer', 'null'], description: 'What a ticket taken now would wait: the middle (p50) of the forecast' },
						estimatedWait: { oneOf: [ref('WaitRange'), { type: 'null' }] },
						promisedWaitMinutes: { type: 'integer', description: "The Carta de Serviços' expected waiting time" },
						openCounters: { type: 'integer' },
						allowsPriority: { type: 'boolean' }
					}
				},
				WaitRange: {
					type: 'object',
					description:
						'A forecast wait in whole minutes from now: a forward simulation of the unit (shared counters, what is being served, pauses, priority and appointment arrivals, no-shows, transfers, the day\'s pace). About 4 in 5 actual waits fall inside; it narrows as the call nears.',
					properties: { low: { type: 'integer', minimum: 0 }, high: { type: 'integer', minimum: 0 } },
					required: ['low', 'high']
				},
				Priority: {
					type: 'object',
					properties: { code: { type: 'string' }, name: { type: 'string' }, weight: { type: 'integer' }, requiresDocument: { type: 'boolean' }, legalBasis: { type: 'string' } }
				},
				IssuedTicket: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						publicId: { type: 'string' },
						number: { type: 'string', examples: ['A001'] },
						service: { type: 'string' },
						serviceName: { type: 'string' },
						priority: { type: ['string', 'null'] },
						priorityName: { type: ['string', 'null'] },
						issuedAt: { type: 'string', format: 'date-time' },
						position: { type: 'integer' },
						estimatedWaitMinutes: { type: 'integer', description: 'The middle (p50) of the forecast, recorded with the ticket' },
						estimatedWait: ref('WaitRange'),
						promisedWaitMinutes: { type: 'integer', description: "The Carta de Serviços' expected waiting time" },
						trackUrl: { type: 'string', format: 'uri' },
						unit: { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' }, timezone: { type: 'string' } } },
						appointment: {
							type: ['object', 'null'],
							description: 'The appointment checked in with this ticket: on_time (called at its time) or late_walk_in',
							properties: { code: { type: 'string' }, start: { type: 'string', format: 'date-time' }, outcome: { enum: ['on_time', 'late_walk_in'] } }
						},
						print: {
							oneOf: [ref('IssuedPrint'), { type: 'null' }],
							description: 'The paper ticket; null when none was asked for (staff issue without `print: true`)'
						},
						arrival: {
							type: ['object', 'null'],
							description: 'A remote ticket: `awaiting` until its visitor checks in at the kiosk with `code` (typed, or scanned from the ticket page QR) or taps "Cheguei"',
							properties: { awaiting: { type: 'boolean' }, code: { type: 'string', examples: ['K7M-Q2X-9PD'] } }
						}
					}
				},
				Slot: {
					type: 'object',
					properties: { start: { type: 'string', format: 'date-time' }, end: { type: 'string', format: 'date-time' }, free: { type: 'integer' } }
				},
				Capacity: {
					type: 'object',
					description: 'Weekly windows per weekday (mon…sun: [{start, end, slotMinutes, places}]), walkInShare 0..1, horizonDays, minNoticeMinutes, oneActivePerCpf; exceptions per date (closed, or reduced with windows)',
					properties: {
						template: {
							type: 'object',
							required: ['windows', 'walkInShare', 'horizonDays', 'minNoticeMinutes'],
							properties: {
								windows: { type: 'object' },
								walkInShare: { type: 'number' },
								horizonDays: { type: 'integer' },
								minNoticeMinutes: { type: 'integer' },
								oneActivePerCpf: { type: 'boolean' }
							}
						},
						exceptions: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, kind: { enum: ['closed', 'reduced'] }, windows: { type: 'array' }, reason: { type: 'string' } } } }
					}
				},
				IssuedPrint: {
					type: 'object',
					required: ['status', 'printerName', 'printerOnline'],
					description:
						'What happened to the paper ticket. Issuing never waits for the printer: the job is queued and sent after commit. A kiosk shows its on-screen fallback when `status` is `no_printer` or `printerOnline` is false.',
					properties: {
						status: { enum: ['queued', 'no_printer'], description: '`no_printer`: the unit has no active printer for this kiosk, nothing will print' },
						printerName: { type: ['string', 'null'] },
						printerOnline: { type: ['boolean', 'null'], description: "From the printer's last known status; null when it was never heard from" }
					}
				},
				Reprint: {
					type: 'object',
					properties: {
						jobId: { type: 'string' },
						status: { enum: ['queued', 'no_printer'] },
						printerName: { type: ['string', 'null'] },
						printerOnline: { type: ['boolean', 'null'] },
						reprintsLeft: { type: 'integer', minimum: 0 }
					}
				},
				Printer: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						unit: { type: 'string' },
						name: { type: 'string' },
						host: { type: 'string' },
						port: { type: 'integer' },
						width: { enum: [58, 80] },
						codepage: { enum: ['cp860', 'cp850', 'cp1252'] },
						codepageNumber: { type: ['integer', 'null'] },
						qrMode: { enum: ['native', 'raster'] },
						kiosk: { type: ['string', 'null'] },
						kioskName: { type: ['string', 'null'] },
						model: { type: 'string' },
						header: { type: 'string' },
						footer: { type: 'string' },
						active: { type: 'boolean' },
						status: {
							type: 'object',
							description: 'What Vez last learned of the printer, from a job sent to it or a `DLE EOT` status query',
							properties: {
								health: { enum: ['unknown', 'unreachable', 'offline', 'paper_out', 'paper_near_end', 'ok'] },
								online: { type: ['boolean', 'null'] },
								at: { type: ['string', 'null'], format: 'date-time' },
								reason: { type: ['string', 'null'], examples: ['refused', 'timeout'] },
								error: { type: ['string', 'null'] }
							}
						},
						pendingJobs: { type: 'integer' }
					}
				},
				PublicTicket: {
					type: 'object',
					properties: {
						number: { type: 'string' },
						status: { enum: ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'] },
						service: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
						unit: { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' } } },
						position: { type: ['integer', 'null'] },
						estimatedWaitMinutes: { type: ['integer', 'null'], description: 'While waiting: the middle (p50) of the forecast, recomputed live' },
						estimatedWait: { oneOf: [ref('WaitRange'), { type: 'null' }] },
						promisedWaitMinutes: { type: ['integer', 'null'], description: "The Carta de Serviços' expected waiting time" },
						counter: { type: 'object', properties: { number: { type: 'integer' }, name: { type: 'string' } } },
						calledAt: { type: 'string', format: 'date-time' }
					}
				},
				Call: {
					type: 'object',
					properties: {
						number: { type: 'string' },
						counter: { type: 'integer' },
						counterName: { type: 'string' },
						service: { type: 'string' },
						calledAt: { type: 'string', format: 'date-time' },
						recall: { type: 'boolean' }
					}
				},
				CalledTicket: {
					type: 'object',
					properties: {
						id: { type: 'string' },
						publicId: { type: 'string' },
						number: { type: 'string' },
						status: { const: 'called' },
						service: { type: 'object' },
						priority: { type: ['object', 'null'] },
						calledAt: { type: 'string', format: 'date-time' },
						waitedSeconds: { type: 'integer' },
						counter: { type: 'object' },
						reason: { type: 'object', properties: { code: { enum: ['appointment_due', 'priority', 'fifo', 'ratio_normal_turn'] }, text: { type: 'string' } } }
					}
				},
				TicketState: {
					type: 'object',
					properties: { id: { type: 'string' }, publicId: { type: 'string' }, number: { type: 'string' }, status: { type: 'string' }, service: { type: 'string' }, recalls: { type: 'integer' } }
				},
				CounterState: {
					type: 'object',
					properties: { id: { type: 'string' }, number: { type: 'integer' }, name: { type: 'string' }, status: { enum: ['open', 'paused', 'closed'] }, services: { type: 'array', items: { type: 'string' } } }
				},
				User: {
					type: 'object',
					properties: { id: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { enum: ['admin', 'manager', 'clerk', 'agent', 'organ_staff'] }, units: { type: 'array', items: { type: 'string' } }, organ: { type: ['string', 'null'] } }
				}
			}
		},
		paths: withSchemas({
			'/openapi.json': { get: { tags: ['Session'], summary: 'This document', responses: { '200': ok({ type: 'object' }) } } },
			'/auth/login': {
				post: {
					tags: ['Session'],
					summary: 'Sign in; sets the httpOnly session cookie. Rate-limited per user and address.',
					responses: { '200': ok({ type: 'object', properties: { user: ref('User') } }), ...errors(400, 401, 413, 429) }
				}
			},
			'/auth/logout': { post: { tags: ['Session'], summary: 'End the session', responses: { '204': { description: 'Signed out' } } } },
			'/me': { get: { tags: ['Session'], summary: 'Who is calling: a person or a device token', security: staff, responses: { '200': ok({ type: 'object' }), ...errors(401) } } },
			'/users': {
				get: { tags: ['Admin'], summary: 'List users', security: staff, responses: { '200': ok({ type: 'array', items: ref('User') }), ...errors(401, 403) } },
				post: {
					tags: ['Admin'],
					summary: 'Create a user',
					security: staff,
					responses: { '201': ok(ref('User'), 'Created'), ...errors(400, 401, 403, 409) }
				}
			},
			'/tokens': {
				get: { tags: ['Admin'], summary: 'List device and integration tokens with their scopes (never the secrets)', security: staff, responses: { '200': ok({ type: 'array' }), ...errors(401, 403) } },
				post: {
					tags: ['Admin'],
					summary: 'Create a token; the secret is returned only here',
					description:
						'Integration tokens carry `scopes` (docs/privileges.md); without `scopes` an integration gets `protocols:create`, `protocols:read:own` and `open311`. Personal data of citizens only with `protocols:read:personal`, and every such read is audited. Kiosk and panel tokens carry no scopes.',
					security: staff,
					responses: { '201': ok({ type: 'object', properties: { id: { type: 'string' }, token: { type: 'string' } } }, 'Created'), ...errors(400, 401, 403, 404) }
				}
			},
			'/protocols': {
				get: {
					tags: ['Protocols'],
					summary: 'The protocols the caller may read, newest first, up to 500, without personal data',
					description:
						"Organ staff: their organ's inbox (the ouvidoria also escalated ones); clerks and managers: those of their units or that they opened; phone agents: those they opened; integration tokens: those they opened (`protocols:read:own`, `open311`) or all (`protocols:read:all`); admins: all. See docs/privileges.md.",
					security: staff,
					responses: { '200': ok({ type: 'array' }), ...errors(400, 401, 403) }
				},
				post: {
					tags: ['Protocols'],
					summary: 'Open a protocol (clerk, agent, manager, integration token)',
					security: device,
					parameters: [idempotencyKeyParam],
					responses: {
						'201': ok(
							{
								type: 'object',
								properties: {
									number: { type: 'string', example: '2026000123-7' },
									dueAt: { type: 'string', format: 'date-time' },
									organ: { type: 'object' },
									team: { type: 'string' },
									status: { type: 'string' },
									accessCode: { type: 'string' },
									lookupUrl: { type: 'string' },
									service: { type: 'object' }
								}
							},
							'Created'
						),
						...errors(400, 401, 403, 404, 422)
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
					responses: { '200': ok({ type: 'object' }), ...errors(401, 403, 404) }
				}
			},
			'/protocols/{number}/status': {
				post: {
					tags: ['Protocols'],
					summary: 'Change the status (organ staff of the current organ; the ouvidoria reopens a concluded one once)',
					security: staff,
					parameters: [param('number', 'Protocol number')],
					responses: { '200': ok({ type: 'object' }), ...errors(400, 401, 403, 404, 409) }
				}
			},
			'/citizens/lookup': {
				post: {
					tags: ['Citizens'],
					summary: "A citizen by CPF: latest name and contact, and their latest protocols (the desk and the phone centre; audited as `citizen.lookup`)",
					description: 'The CPF goes in the body, never in the address. `citizen` is null when no protocol carries the CPF.',
					security: staff,
					responses: { '200': ok({ type: 'object', properties: { citizen: { type: ['object', 'null'] } } }), ...errors(400, 401, 403) }
				}
			},
			'/citizens/report': {
				post: {
					tags: ['Citizens'],
					summary: 'LGPD art. 18: everything held about a CPF (admins; audited as `citizen.report`)',
					description: 'Protocols and appointments with the identity they hold, linked tickets and ratings, queued e-mails to the person, and the audit entries about them (who read or changed what, through which screen, endpoint or token).',
					security: staff,
					responses: {
						'200': ok({
							type: 'object',
							properties: {
								cpf: { type: 'string', description: 'Masked' },
								protocols: { type: 'array' },
								appointments: { type: 'array' },
								tickets: { type: 'array' },
								ratings: { type: 'array' },
								mails: { type: 'array' },
								audit: { type: 'array' }
							}
						}),
						...errors(400, 401, 403)
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
						'200': ok({ type: 'object', properties: { cpf: { type: 'string' }, protocols: { type: 'integer' }, appointments: { type: 'integer' }, cancelled: { type: 'integer' }, mails: { type: 'integer' } } }),
						...errors(400, 401, 403)
					}
				}
			},
			'/tokens/{id}': { delete: { tags: ['Admin'], summary: 'Revoke a token', security: staff, parameters: [idParam('Token id')], responses: { '204': { description: 'Revoked' }, ...errors(401, 403, 404) } } },
			'/units': { get: { tags: ['Units'], summary: 'Active units, open now or not', responses: { '200': ok({ type: 'array', items: ref('Unit') }) } } },
			'/units/{unit}/services': {
				get: { tags: ['Units'], summary: 'Services offered at a unit with queue length and the wait a new ticket faces', parameters: [unitParam], responses: { '200': ok({ type: 'array', items: ref('UnitService') }), ...errors(404) } }
			},
			'/units/{unit}/counters': {
				get: { tags: ['Units'], summary: 'Counters with status, clerk, services and current ticket', security: staff, parameters: [unitParam], responses: { '200': ok({ type: 'array' }), ...errors(401, 403, 404) } }
			},
			'/priorities': { get: { tags: ['Units'], summary: 'Priority groups; `normal` has weight 0', responses: { '200': ok({ type: 'array', items: ref('Priority') }) } } },
			'/services': {
				get: {
					tags: ['Catalogue'],
					summary: 'The Carta de Serviços: search forgiving accents and typos (ranked, name matches first), or the whole catalogue by theme → subject → name',
					responses: { '200': ok({ type: 'array', items: CATALOGUE_SERVICE }), ...errors(400) }
				}
			},
			'/services/{code}': {
				get: {
					tags: ['Catalogue'],
					summary: 'A full Carta de Serviços entry, the units offering it with their current wait, and how to ask for it',
					parameters: [param('code', 'Service code, e.g. `iptu-segunda-via`')],
					responses: { '200': ok(CATALOGUE_ENTRY), ...errors(404) }
				}
			},
			'/units/{unit}/tickets': {
				post: {
					tags: ['Queue'],
					summary:
						'Issue a ticket (kiosk token, clerk or manager). Anonymous callers take a remote ticket before arriving (`channel: "remote"`, a `phone` or an `email` required) where the unit allows it for the service: 409 remote_not_allowed, 409 remote_cap_reached past the daily cap, 429 per address and per contact. A remote ticket keeps its place but is not called until its visitor checks in at the kiosk with `arrival.code` (or its QR) or taps "Cheguei" (`POST /tickets/{publicId}/arrival`); it expires when the visitor has not arrived some minutes (the unit sets them) after it would have been called.',
					security: [...device, {}],
					parameters: [unitParam, idempotencyKeyParam],
					responses: { '201': ok(ref('IssuedTicket'), 'Issued'), ...errors(400, 401, 403, 404, 409, 413, 422, 429) }
				}
			},
			'/units/{unit}/printers': {
				get: { tags: ['Printing'], summary: "The unit's printers with their last known status (admin, manager)", security: staff, parameters: [unitParam], responses: { '200': ok({ type: 'array', items: ref('Printer') }), ...errors(401, 403, 404) } },
				post: {
					tags: ['Printing'],
					summary: 'Add an ESC/POS network printer to the unit (admin, manager)',
					security: staff,
					parameters: [unitParam],
					responses: { '201': ok(ref('Printer'), 'Created'), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/units/{unit}/queue': {
				get: { tags: ['Queue'], summary: 'Waiting tickets per service in call order (with the reason) and tickets in service', security: staff, parameters: [unitParam], responses: { '200': ok({ type: 'object' }), ...errors(401, 403, 404) } }
			},
			'/units/{unit}/stats': {
				get: {
					tags: ['Stats'],
					summary: "A unit's figures over local days in its zone (manager of the unit, admin); durations in seconds",
					security: staff,
					parameters: [
						unitParam,
						param('from', 'First local day, YYYY-MM-DD (default: `to`, or today in the unit zone)', 'query', { type: 'string', format: 'date' }),
						param('to', 'Last local day, YYYY-MM-DD (default: `from`, or today; at most 365 days after `from`)', 'query', { type: 'string', format: 'date' })
					],
					responses: { '200': ok(UNIT_STATS), ...errors(400, 401, 403, 404) }
				}
			},
			'/units/{unit}/calls': {
				get: {
					tags: ['Queue'],
					summary: 'Last calls for a panel — no personal data',
					parameters: [unitParam],
					responses: { '200': ok({ type: 'array', items: ref('Call') }), ...errors(400, 404) }
				}
			},
			'/units/{unit}/services/{code}/slots': {
				get: {
					tags: ['Appointments'],
					summary: "Bookable slots of a local date in the unit's zone (after the minimum notice, inside the horizon)",
					parameters: [unitParam, param('code', 'Service code')],
					responses: { '200': ok({ type: 'array', items: ref('Slot') }), ...errors(400, 404, 409) }
				}
			},
			'/units/{unit}/services/{code}/capacity': {
				get: { tags: ['Appointments'], summary: 'The weekly capacity template and date exceptions (manager); null when none', security: staff, parameters: [unitParam, param('code', 'Service code')], responses: { '200': ok(ref('Capacity')), ...errors(401, 403, 404, 409) } },
				put: {
					tags: ['Appointments'],
					summary: 'Set the capacity template and exceptions (manager; audited)',
					security: staff,
					parameters: [unitParam, param('code', 'Service code')],
					responses: { '200': ok(ref('Capacity')), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/units/{unit}/check-in': {
				post: {
					tags: ['Appointments'],
					summary: 'Kiosk check-in by booking code or CPF: a ticket with the appointment attached (too early: 409 check_in_too_early with comeBackAt)',
					security: device,
					parameters: [unitParam],
					responses: { '201': ok(ref('IssuedTicket'), 'Issued'), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/appointments': {
				post: {
					tags: ['Appointments'],
					summary: 'Book a slot (public); 409 slot_full when the last place was just taken, already_booked for a second active appointment of a CPF; 429 rate_limited past the public bookings allowed per IP and hour (VEZ_BOOKINGS_PER_IP_HOUR). With `notify`, reminders by SMS or WhatsApp at the leads the unit sets (the day before and 2 h before by default), in the language of the request (Accept-Language), never after a cancel, check-in or no-show; 422 channel_unavailable when no provider is configured for the channel; 400 with field `notify.phone` = `invalid_phone` or `not_mobile`',
					parameters: [idempotencyKeyParam],
					responses: {
						'201': ok({ type: 'object', properties: { code: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' }, manageUrl: { type: 'string' }, icsUrl: { type: 'string' } } }, 'Booked'),
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
					responses: { '200': ok({ type: 'object', properties: { code: { type: 'string' }, status: { const: 'cancelled' } } }), ...errors(400, 403, 404, 409) }
				}
			},
			'/appointments/{code}/reschedule': {
				post: {
					tags: ['Appointments'],
					summary: 'Move to another free slot of the same unit and service with the manage token',
					parameters: [param('code', 'Booking code')],
					responses: { '200': ok({ type: 'object', properties: { code: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } } }), ...errors(400, 403, 404, 409) }
				}
			},
			'/tickets/{id}': { get: { tags: ['Queue'], summary: 'The public view of a ticket, by its public id', parameters: [idParam('Public id')], responses: { '200': ok(ref('PublicTicket')), ...errors(404) } } },
			'/printers/{id}': {
				patch: {
					tags: ['Printing'],
					summary: 'Change a printer; only the fields sent change (admin, manager)',
					security: staff,
					parameters: [idParam('Printer id')],
					responses: { '200': ok(ref('Printer')), ...errors(400, 401, 403, 404, 409, 413) }
				}
			},
			'/printers/{id}/test': {
				post: {
					tags: ['Printing'],
					summary: "Print a test page now, not through the queue; the attempt updates the printer's status either way",
					security: staff,
					parameters: [idParam('Printer id')],
					responses: {
						'200': ok({ type: 'object', properties: { jobId: { type: 'string' }, status: { const: 'printed' }, printer: { type: 'string' } } }),
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
					responses: { '200': ok(ref('CalledTicket')), '204': { description: 'Nothing waits' }, ...errors(401, 403, 404, 409) }
				}
			},
			'/counters/{id}/call': counterAction('Call one particular waiting ticket', ref('CalledTicket')),
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
					responses: { '202': ok(ref('Reprint'), 'Queued (or no_printer)'), ...errors(400, 401, 403, 404, 409) }
				}
			},
			'/tickets/{id}/print': {
				get: {
					tags: ['Printing'],
					summary: `How the ticket's paper is doing: its latest print job (queued, printing, printed, failed, no_printer), or null when none was asked for. Staff of its unit for any ticket; a kiosk token only for the ticket it printed last, within ${KIOSK_REPRINT_MINUTES} minutes.`,
					security: device,
					parameters: [idParam('Ticket id')],
					responses: {
						'200': ok({
							type: 'object',
							properties: {
								print: {
									oneOf: [
										{ type: 'null' },
										{
											type: 'object',
											properties: {
												status: { type: 'string', enum: ['queued', 'printing', 'printed', 'failed', 'no_printer'] },
												printerName: { type: ['string', 'null'] },
												printerOnline: { type: ['boolean', 'null'] },
												attempts: { type: 'integer' }
											}
										}
									]
								}
							}
						}),
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
					responses: { '201': ok(RATING, 'Stored'), ...errors(400, 404, 409, 413) }
				}
			},
			'/tickets/{id}/arrival': {
				post: {
					tags: ['Queue'],
					summary: '"Cheguei": the visitor of a remote ticket is in the unit, and the ticket may now be called in the place it kept (public; the public id is the credential). 409 not_awaiting_arrival when it arrived already or no longer waits.',
					parameters: [idParam('Public id')],
					responses: { '200': ok({ type: 'object', properties: { arrived: { type: 'boolean' } } }, 'Arrived'), ...errors(404, 409) }
				}
			},
			'/tickets/{id}/notifications': {
				post: {
					tags: ['Queue'],
					summary:
						'"Avise-me" (public; the public id is the credential): `near` once when the people ahead are `ahead` or fewer (at once if already so), `called` at each call with the counter, nothing after the ticket ends; in the language of the request (Accept-Language). Choosing a channel again replaces the earlier choice on it. 409 ticket_not_waiting; 422 channel_unavailable when no provider is configured for the channel; 400 with `fields.phone` = `invalid_phone` or `not_mobile`.',
					parameters: [idParam('Public id')],
					responses: {
						'201': ok({ type: 'object', properties: { channel: { type: 'string' }, ahead: { type: 'integer' }, phone: { type: ['string', 'null'], description: 'Masked: area code and last four digits' } } }, 'Watching'),
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
					responses: { '201': ok(RATING, 'Stored'), ...errors(400, 404, 409, 413) }
				}
			},
			'/counters/{id}/rating': {
				get: {
					tags: ['Satisfaction'],
					summary: "The desk tablet's poll: the ticket just finished at this counter and not yet rated, or null (a panel or kiosk token of the unit, or its staff)",
					security: device,
					parameters: [idParam('Counter id')],
					responses: {
						'200': ok({
							type: 'object',
							properties: {
								counter: { type: 'object', properties: { number: { type: 'integer' }, name: { type: 'string' } } },
								ticket: { oneOf: [{ type: 'null' }, { type: 'object', properties: { publicId: { type: 'string' }, number: { type: 'string' }, service: { type: 'string' } } }] }
							}
						}),
						...errors(401, 403, 404)
					}
				},
				post: {
					tags: ['Satisfaction'],
					summary: 'Rate, from the desk tablet, a ticket finished at this counter (channel counter_tablet)',
					security: device,
					parameters: [idParam('Counter id')],
					responses: { '201': ok(RATING, 'Stored'), ...errors(400, 401, 403, 404, 409, 413) }
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
						'200': ok({
							type: 'object',
							properties: {
								counter: {
									type: 'object',
									properties: { id: { type: 'string' }, number: { type: 'integer' }, name: { type: 'string' }, status: { type: 'string', enum: ['open', 'paused', 'closed'] } }
								},
								unit: { type: 'object', properties: { slug: { type: 'string' }, name: { type: 'string' } } },
								ticket: {
									oneOf: [
										{ type: 'null' },
										{
											type: 'object',
											properties: {
												number: { type: 'string' },
												service: { type: 'string' },
												status: { type: 'string', enum: ['called', 'serving'] },
												calledAt: { type: 'string', format: 'date-time' },
												recall: { type: 'boolean' }
											}
										}
									]
								}
							}
						}),
						...errors(401, 403, 404)
					}
				}
			},
			...WEBHOOK_PATHS
		}),
		webhooks: EVENT_WEBHOOKS
	};
}
