import type { Role, TokenKind, TokenScope } from '../../auth/actor.js';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PrintJobKind, PrintJobStatus, StoredPrinterStatus } from '../../printing/print-jobs.js';
import type { PaperWidth, PrinterCodepage, QrMode } from '../../printing/printer-profile.js';
import type { MailStatus } from '../../mail/mail-outbox.js';
import type { StoredCapacityException, StoredCapacityTemplate } from '../../appointments/capacity.js';

/** A timestamptz: read as Date, written as Date or ISO string, defaulted by the database. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
/** Weekly opening hours in the unit's zone, e.g. `{ mon: [['08:00', '17:00']] }`. */
export type OpeningHours = Partial<Record<Weekday, [string, string][]>>;
export type OrderingSettings =
	| { mode: 'strict' }
	| { mode: 'ratio'; priorityCalls: number; normalCalls: number };
export interface UnitSettings {
	ordering?: OrderingSettings;
	/** Local "HH:mm" when waiting tickets expire; defaults to the day's closing time. */
	endOfDay?: string | null;
	/** Let kiosks issue tickets outside opening hours (the demo, a unit on an extended shift). */
	issueOutsideHours?: boolean;
	/** Tickets one kiosk token may issue per minute; defaults in src/lib/server/throttles.ts. */
	kioskIssuesPerMinute?: number;
	/** Kiosk check-in of appointments; defaults in src/lib/appointments/check-in.ts. */
	appointments?: AppointmentSettings;
	/** Tickets taken before arriving; which services allow them is per service (unit_services.allows_remote). */
	remoteTickets?: RemoteTicketSettings;
}
export interface RemoteTicketSettings {
	/** Minutes a remote ticket may still arrive after it would have been called; then it expires. Default in src/lib/queue/remote.ts. */
	expireMinutes?: number;
}
export interface AppointmentSettings {
	/** Minutes before the appointment a check-in opens. */
	earlyMinutes?: number;
	/** Minutes after the appointment a check-in still keeps it. */
	lateMinutes?: number;
	/** A later check-in gets an ordinary walk-in ticket (true) or is refused (false). */
	lateBecomesWalkIn?: boolean;
	/** Minutes before the appointment its phone reminders go out; defaults in src/lib/appointments/reminders.ts. */
	reminderMinutes?: number[];
}
export type DeadlineUnit = 'minutes' | 'hours' | 'days' | 'calendar_days' | 'business_days' | 'months';

export interface OrgansTable {
	id: Generated<string>;
	code: string;
	name: string;
	acronym: string;
	is_ombudsman: Generated<boolean>;
	created_at: DefaultTimestamp;
}

export interface UnitsTable {
	id: Generated<string>;
	slug: string;
	name: string;
	address: Generated<string>;
	timezone: Generated<string>;
	region: Generated<string>;
	opening_hours: Json<OpeningHours>;
	settings: Json<UnitSettings>;
	active: Generated<boolean>;
	created_at: DefaultTimestamp;
}

export type CounterStatus = 'closed' | 'open' | 'paused';

export interface CountersTable {
	id: Generated<string>;
	unit_id: string;
	number: number;
	name: string;
	active: Generated<boolean>;
	status: Generated<CounterStatus>;
	clerk_id: string | null;
	/** The services this counter serves while open (ids). */
	service_ids: ColumnType<string[], string | undefined, string>;
	pause_reason: string | null;
	status_since: Timestamp | null;
}

export interface TicketSequencesTable {
	unit_id: string;
	service_id: string;
	day: string;
	last_number: number;
}

export type TicketRowStatus = 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'cancelled' | 'expired';
export type TicketChannel = 'kiosk' | 'counter' | 'api' | 'appointment' | 'remote';
export type TicketOutcome = 'resolved' | 'unresolved' | 'referred';

export interface TicketsTable {
	id: Generated<string>;
	public_id: string;
	unit_id: string;
	service_id: string;
	number: string;
	day: string;
	priority_group_id: string | null;
	priority_weight: Generated<number>;
	status: Generated<TicketRowStatus>;
	channel: Generated<TicketChannel>;
	issued_at: DefaultTimestamp;
	/** The time that orders the queue: arrival, kept across a transfer unless sent to the end. */
	queued_at: DefaultTimestamp;
	called_at: Timestamp | null;
	started_at: Timestamp | null;
	finished_at: Timestamp | null;
	counter_id: string | null;
	clerk_id: string | null;
	/** A transfer aimed at one counter: only that counter calls it. */
	target_counter_id: string | null;
	recalls: Generated<number>;
	transfers: Generated<number>;
	outcome: TicketOutcome | null;
	note: string | null;
	estimated_wait_minutes: number | null;
	position_at_issue: number | null;
	/** The range shown at issue (minutes) and the naive rule's figure, measured against the wait. */
	estimated_wait_low: ColumnType<number | null, number | null | undefined, number | null>;
	estimated_wait_high: ColumnType<number | null, number | null | undefined, number | null>;
	naive_wait_minutes: ColumnType<number | null, number | null | undefined, number | null>;
	appointment_at: Timestamp | null;
	issued_by: string;
	/** The appointment this ticket was issued for at check-in. */
	appointment_id: ColumnType<string | null, string | null | undefined, string | null>;
	/** A remote ticket whose visitor has not checked in yet: it keeps its place but is never called (migration 0026). */
	awaiting_arrival: Generated<boolean>;
	arrived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
	/** When a later ticket of its lane was called while it had not arrived: when it would have been called. */
	passed_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
	/** A remote ticket's check-in code (the booking-code format), typed or scanned at the kiosk. */
	arrival_code: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TicketEventsTable {
	id: Generated<number>;
	ticket_id: string;
	unit_id: string;
	at: Timestamp;
	action: string;
	from_status: string | null;
	to_status: string;
	service_id: string;
	counter_id: string | null;
	actor: string;
	details: Json<Record<string, unknown>>;
}

export interface ServicesTable {
	id: Generated<string>;
	code: string;
	name: string;
	organ_id: string;
	theme: string;
	subject: string;
	description: Generated<string>;
	audience: Generated<string>;
	requirements: Generated<string>;
	documents: Json<string[]>;
	steps: Json<string[]>;
	deadline_amount: number | null;
	deadline_unit: DeadlineUnit | null;
	delivery: Generated<string>;
	fees: Generated<string>;
	legal_basis: Generated<string>;
	channels: Json<string[]>;
	anonymous_allowed: Generated<boolean>;
	expected_wait_minutes: Generated<number>;
	expected_service_minutes: Generated<number>;
	complaints: Generated<string>;
	keywords: Generated<string>;
	active: Generated<boolean>;
	created_at: DefaultTimestamp;
	updated_at: DefaultTimestamp;
	/** Folded (lower case, no accents) name and search text, generated by the database (0004). */
	search_name: ColumnType<string, never, never>;
	search_text: ColumnType<string, never, never>;
}

export interface UnitServicesTable {
	unit_id: string;
	service_id: string;
	prefix: string;
	allows_priority: Generated<boolean>;
	active: Generated<boolean>;
	/** Visitors may take a ticket before arriving (migration 0026). */
	allows_remote: Generated<boolean>;
	/** Remote tickets a day; null: no cap. */
	remote_daily_cap: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface PriorityGroupsTable {
	id: Generated<string>;
	code: string;
	name: string;
	weight: number;
	requires_document: Generated<boolean>;
	legal_basis: Generated<string>;
	sort: Generated<number>;
	active: Generated<boolean>;
}

export interface UsersTable {
	id: Generated<string>;
	username: string;
	name: string;
	password_hash: string;
	role: Role;
	organ_id: string | null;
	active: Generated<boolean>;
	created_at: DefaultTimestamp;
}

export interface UserUnitsTable {
	user_id: string;
	unit_id: string;
}

export interface SessionsTable {
	id: string;
	user_id: string;
	created_at: DefaultTimestamp;
	expires_at: Timestamp;
}

export interface ApiTokensTable {
	id: Generated<string>;
	name: string;
	kind: TokenKind;
	unit_id: string | null;
	token_hash: string;
	created_by: string | null;
	created_at: DefaultTimestamp;
	last_used_at: Timestamp | null;
	revoked_at: Timestamp | null;
	/** What an integration token may do (0015; src/lib/auth/actor.ts TOKEN_SCOPES); empty for devices. */
	scopes: ColumnType<TokenScope[], string | undefined, string>;
}

export interface LoginFailuresTable {
	id: Generated<string>;
	username: string;
	ip: string;
	at: DefaultTimestamp;
}

export interface AuditLogTable {
	id: Generated<string>;
	at: DefaultTimestamp;
	actor: string;
	action: string;
	entity: string;
	entity_id: string;
	details: Json<Record<string, unknown>>;
}

export interface PrintersTable {
	id: Generated<string>;
	unit_id: string;
	name: string;
	host: string;
	port: Generated<number>;
	/** An encoder model id or one of VENDOR_PROFILES ('generic', 'bematech-mp-4200-th'…). */
	model: Generated<string>;
	width: Generated<PaperWidth>;
	codepage: Generated<PrinterCodepage>;
	qr_mode: Generated<QrMode>;
	codepage_number: number | null;
	/** The kiosk token (api_tokens.id) this printer serves; null = the unit's default printer. */
	kiosk_token_id: string | null;
	header: Generated<string>;
	footer: Generated<string>;
	active: Generated<boolean>;
	last_status: ColumnType<StoredPrinterStatus | null, string | null | undefined, string | null>;
	last_status_at: Timestamp | null;
	created_at: DefaultTimestamp;
}

export interface PrintJobsTable {
	id: Generated<string>;
	seq: Generated<number>;
	unit_id: string;
	printer_id: string | null;
	ticket_id: string | null;
	kind: PrintJobKind;
	/** The data a layout needs (dates as ISO strings), never the bytes: the printer may change. */
	payload: Json<Record<string, unknown>>;
	status: Generated<PrintJobStatus>;
	attempts: Generated<number>;
	next_attempt_at: DefaultTimestamp;
	last_error: string | null;
	/** `token:<id>` or `user:<id>`: who asked, and which kiosk's last ticket it is. */
	requested_by: string;
	reprint: Generated<boolean>;
	created_at: DefaultTimestamp;
	printed_at: Timestamp | null;
}

export interface MailOutboxTable {
	id: Generated<string>;
	seq: Generated<number>;
	to_address: string;
	subject: string;
	text_body: string;
	html_body: string | null;
	/** What the mail tells, e.g. 'protocol_opened': for the outbox screen and tests, not for sending. */
	kind: string;
	/** What it is about (a protocol number…), so the outbox can be searched by it. */
	ref: string | null;
	status: Generated<MailStatus>;
	attempts: Generated<number>;
	next_attempt_at: DefaultTimestamp;
	last_error: string | null;
	created_at: DefaultTimestamp;
	sent_at: Timestamp | null;
}

export type ProtocolKind = 'solicitacao' | 'reclamacao' | 'denuncia' | 'elogio' | 'sugestao' | 'informacao';
export type ProtocolStatus = 'aberto' | 'em_analise' | 'encaminhado' | 'em_atendimento' | 'concluido' | 'indeferido' | 'cancelado';
export type ProtocolChannel = 'presencial' | 'telefone' | 'web' | 'app' | 'whatsapp' | 'integration';

/** A municipal (unit_id null) or per-unit holiday; `rule` is a HolidayRule plus `half`. */
export interface HolidaysTable {
	id: Generated<string>;
	unit_id: string | null;
	rule: Json<Record<string, unknown>>;
	name: string;
	legal_act: Generated<string>;
	created_at: DefaultTimestamp;
}

export interface ServiceRoutesTable {
	id: Generated<string>;
	service_id: string;
	/** null: the service's default route; a region's row wins over it. */
	region: string | null;
	organ_id: string;
	team: Generated<string>;
}

export interface ProtocolSequencesTable {
	year: number;
	last: number;
}

export interface ProtocolsTable {
	id: Generated<string>;
	number: string;
	year: number;
	seq: number;
	kind: ProtocolKind;
	service_id: string;
	/** The inbox it is in now. */
	organ_id: string;
	team: Generated<string>;
	route_reason: Generated<string>;
	description: string;
	address: string | null;
	region: string | null;
	citizen_cpf: string | null;
	citizen_name: string | null;
	citizen_email: string | null;
	citizen_phone: string | null;
	anonymous: Generated<boolean>;
	channel: ProtocolChannel;
	ticket_id: string | null;
	unit_id: string | null;
	counter_id: string | null;
	status: Generated<ProtocolStatus>;
	due_at: Timestamp;
	overdue: Generated<boolean>;
	escalated_at: Timestamp | null;
	reopened_count: Generated<number>;
	access_code: string;
	opened_by: string;
	/** The user or token that opened it (0015): "the protocols you opened" reads this. */
	opener_id: ColumnType<string | null, string | null | undefined, string | null>;
	created_at: DefaultTimestamp;
	updated_at: DefaultTimestamp;
	/** When the retention job blanked the citizen's data (0010). */
	anonymised_at: Timestamp | null;
}

export interface ProtocolEventsTable {
	id: Generated<number>;
	protocol_id: string;
	at: Timestamp;
	action: string;
	from_status: string | null;
	to_status: string;
	from_organ_id: string | null;
	to_organ_id: string | null;
	note: Generated<string>;
	public: Generated<boolean>;
	author: string;
}

/** Where a rating was given: the visitor's own tracking page or the tablet at the desk. */
export type RatingChannel = 'ticket_page' | 'counter_tablet' | 'protocol_link';

/** A satisfaction rating; tied to where and by whom the citizen was served, never to the citizen. */
export interface RatingsTable {
	id: Generated<string>;
	ticket_id: string | null;
	protocol_number: string | null;
	score: number;
	comment: string | null;
	unit_id: string | null;
	service_id: string;
	counter_id: string | null;
	clerk_id: string | null;
	channel: RatingChannel;
	created_at: DefaultTimestamp;
}

/** Installation-wide settings edited on the admin screens, one JSON value per key (0010). */
export interface AppSettingsTable {
	key: string;
	value: Json<unknown>;
	updated_at: DefaultTimestamp;
}

export type AppointmentStatus = 'booked' | 'checked_in' | 'cancelled' | 'no_show';

export interface AppointmentCapacityTable {
	unit_id: string;
	service_id: string;
	/** A CapacityTemplate (src/lib/appointments/capacity.ts) plus `oneActivePerCpf`. */
	template: Json<StoredCapacityTemplate>;
	exceptions: ColumnType<StoredCapacityException[], string | undefined, string>;
	updated_at: DefaultTimestamp;
	updated_by: Generated<string>;
}

export interface AppointmentsTable {
	id: Generated<string>;
	code: string;
	unit_id: string;
	service_id: string;
	start_at: Timestamp;
	end_at: Timestamp;
	status: Generated<AppointmentStatus>;
	/** Null once the retention job anonymised the appointment (never while booked). */
	citizen_cpf: string | null;
	citizen_name: string | null;
	citizen_email: string | null;
	citizen_phone: string | null;
	manage_token_hash: string;
	exclusive: Generated<boolean>;
	booked_by: string;
	created_at: DefaultTimestamp;
	checked_in_at: Timestamp | null;
	cancelled_at: Timestamp | null;
	no_show_at: Timestamp | null;
	reminder_sent_at: Timestamp | null;
	anonymised_at: Timestamp | null;
	/** Reminders on the phone (0029): null when the citizen asked for none. */
	reminder_channel: 'sms' | 'whatsapp' | null;
	/** E.164; null once anonymised. */
	reminder_phone: string | null;
	reminder_lang: string | null;
	reminder_consent_text: string | null;
	reminder_consent_at: Timestamp | null;
	/** The booking's or last reschedule's time: a reminder whose moment came before it is not sent. */
	reminders_from: Timestamp | null;
}

export interface AppointmentSlotsTable {
	unit_id: string;
	service_id: string;
	start_at: Timestamp;
	booked: number;
}

/** One counted action (a public booking, …) of a rate limit; see src/lib/server/rate-limit.ts. */
export interface RateLimitEventsTable {
	id: Generated<string>;
	scope: string;
	key: string;
	at: DefaultTimestamp;
}

/**
 * What a row of ticket_stats summarises: a unit, or the unit's service, hour or clerk, and those
 * split by channel or priority group, or (month rows only) by service or clerk; the key joins the
 * values (`kiosk:<service id>`). See DIM_COLUMNS in src/lib/stats/summary-layout.ts.
 */
export type TicketStatsDim =
	| 'unit'
	| 'service'
	| 'hour'
	| 'clerk'
	| 'service_hour'
	| 'service_clerk'
	| 'clerk_hour'
	| 'channel'
	| 'channel_service'
	| 'channel_hour'
	| 'channel_clerk'
	| 'priority'
	| 'priority_service'
	| 'priority_hour'
	| 'priority_clerk';

/**
 * A day's or a month's tickets of a unit, summarised (0013): sums and per-bucket duration counts
 * (w0… waits, s0… service times; see src/lib/stats/histogram.ts), NULL for an empty bucket.
 */
export type TicketStatsTable = {
	unit_id: string;
	span: 'day' | 'month';
	day: string;
	dim: TicketStatsDim;
	key: string;
	issued: Generated<number>;
	served: Generated<number>;
	no_show: Generated<number>;
	cancelled: Generated<number>;
	transfers: Generated<number>;
	waited: Generated<number>;
	wait_sum: Generated<number>;
	service_sum: Generated<number>;
	on_target: Generated<number>;
	ratings: Generated<number>;
	satisfied: Generated<number>;
	score_sum: Generated<number>;
	est_count: Generated<number>;
	est_error_sum: Generated<number>;
	est_sum: Generated<number>;
	actual_sum: Generated<number>;
	est_ranged: Generated<number>;
	est_in_range: Generated<number>;
	naive_count: Generated<number>;
	naive_error_sum: Generated<number>;
	naive_bias_sum: Generated<number>;
	/** Remote tickets (0027), those whose visitor arrived, and those that expired unarrived. */
	remote: Generated<number>;
	remote_arrived: Generated<number>;
	remote_expired: Generated<number>;
	/** Tickets whose visitor opted in to messages (0027), and of those, served and no-shows. */
	notified: Generated<number>;
	notified_served: Generated<number>;
	notified_no_show: Generated<number>;
	appt_booked: Generated<number>;
	appt_attended: Generated<number>;
	appt_no_show: Generated<number>;
	appt_cancelled: Generated<number>;
	appt_waited: Generated<number>;
	appt_late_sum: Generated<number>;
} & Record<`w${number}` | `s${number}`, number | null>;

export interface Database {
	organs: OrgansTable;
	units: UnitsTable;
	counters: CountersTable;
	services: ServicesTable;
	unit_services: UnitServicesTable;
	priority_groups: PriorityGroupsTable;
	users: UsersTable;
	user_units: UserUnitsTable;
	sessions: SessionsTable;
	api_tokens: ApiTokensTable;
	login_failures: LoginFailuresTable;
	audit_log: AuditLogTable;
	ticket_sequences: TicketSequencesTable;
	tickets: TicketsTable;
	ticket_events: TicketEventsTable;
	printers: PrintersTable;
	print_jobs: PrintJobsTable;
	mail_outbox: MailOutboxTable;
	holidays: HolidaysTable;
	service_routes: ServiceRoutesTable;
	protocol_sequences: ProtocolSequencesTable;
	protocols: ProtocolsTable;
	protocol_events: ProtocolEventsTable;
	ratings: RatingsTable;
	app_settings: AppSettingsTable;
	appointment_capacity: AppointmentCapacityTable;
	appointments: AppointmentsTable;
	appointment_slots: AppointmentSlotsTable;
	rate_limit_events: RateLimitEventsTable;
	ticket_stats: TicketStatsTable;
	idempotency_keys: IdempotencyKeysTable;
	queue_profiles: QueueProfilesTable;
	domain_events: DomainEventsTable;
	webhook_endpoints: WebhookEndpointsTable;
	webhook_deliveries: WebhookDeliveriesTable;
	ticket_watches: TicketWatchesTable;
	remote_ticket_contacts: RemoteTicketContactsTable;
	visitor_messages: VisitorMessagesTable;
	chat_contacts: ChatContactsTable;
	chat_conversations: ChatConversationsTable;
	chat_messages: ChatMessagesTable;
	chat_subscriptions: ChatSubscriptionsTable;
	chat_broadcasts: ChatBroadcastsTable;
	chat_broadcast_deliveries: ChatBroadcastDeliveriesTable;
	catalogue_generation: CatalogueGenerationTable;
}

/** One row counting changes to units, services, unit_services and priority_groups (migration 0022): per-process caches compare it. */
export interface CatalogueGenerationTable {
	id: Generated<boolean>;
	generation: string;
}

/** The first answer to a keyed request (src/lib/server/idempotency.server.ts); `answer` is set before commit. */
export interface IdempotencyKeysTable {
	/** SHA-256 of caller and key. */
	id: string;
	/** HMAC of the endpoint and the request body: another body under the same key is refused. */
	fingerprint: string;
	/** The answer's JSON, AES-256-GCM under a key derived from caller and key. */
	answer: string | null;
	created_at: Timestamp;
}

/** What a unit's recent history says about a service, for wait forecasts (migration 0020). */
export interface QueueProfilesTable {
	unit_id: string;
	service_id: string;
	computed_day: string;
	days: number;
	served: number;
	mean_service_seconds: number | null;
	log_spread: number | null;
	no_show_share: number;
	transfer_share: number;
	transfers_to: Json<{ code: string; share: number }[]>;
	priority_arrivals: Json<{ code: string; weight: number; perHour: number[] }[]>;
	appointment_show_share: number | null;
	/** How early booked visitors who come on time check in, as the span of an even spread before their time (migration 0033). */
	appointment_early_seconds: number | null;
	/** Share of booked visitors who come that check in after their time. */
	appointment_late_share: number | null;
	/** Pauses an open counter of the unit starts per local hour (24 values), and their mean length (migration 0038). */
	pauses_per_hour: ColumnType<number[] | null, string | null | undefined, string | null>;
	pause_mean_seconds: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One domain event, written by a trigger in the transaction of the change it tells of (0017). */
export interface DomainEventsTable {
	id: Generated<string>;
	seq: Generated<number>;
	type: string;
	unit_id: string | null;
	at: Timestamp;
	data: ColumnType<Record<string, unknown>, string, string>;
	dispatched_at: Timestamp | null;
}

export interface WebhookEndpointsTable {
	id: Generated<string>;
	url: string;
	description: Generated<string>;
	events: ColumnType<string[], string, string>;
	unit_ids: ColumnType<string[], string | undefined, string>;
	secret_enc: string;
	previous_secret_enc: string | null;
	previous_until: Timestamp | null;
	status: Generated<'active' | 'disabled'>;
	disabled_reason: string | null;
	created_by: string;
	created_at: DefaultTimestamp;
	updated_at: DefaultTimestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
	id: string;
	seq: Generated<number>;
	endpoint_id: string;
	event_id: string | null;
	type: string;
	body: string;
	status: Generated<WebhookDeliveryStatus>;
	attempts: Generated<number>;
	next_attempt_at: DefaultTimestamp;
	last_error: string | null;
	last_status: number | null;
	last_response: string | null;
	last_attempt_at: Timestamp | null;
	created_at: DefaultTimestamp;
	delivered_at: Timestamp | null;
}

/** How to reach the visitor of a remote ticket, with the consent shown (migration 0026). */
export interface RemoteTicketContactsTable {
	ticket_id: string;
	phone: string | null;
	email: string | null;
	lang: string;
	consent_text: string;
	consent_at: Timestamp;
	personal_data_cleared_at: Timestamp | null;
}

/** A visitor's request to be told about a ticket (migration 0025). */
export interface TicketWatchesTable {
	id: Generated<string>;
	ticket_id: string;
	unit_id: string;
	channel: 'sms' | 'whatsapp' | 'webpush';
	phone: string | null;
	push_subscription: ColumnType<unknown | null, string | null | undefined, string | null>;
	ahead: number;
	lang: string;
	source: 'ticket_page' | 'kiosk' | 'api' | 'remote';
	consent_text: string;
	consent_at: Timestamp;
	near_queued_at: Timestamp | null;
	stopped_at: Timestamp | null;
	personal_data_cleared_at: Timestamp | null;
	created_at: DefaultTimestamp;
}

export type VisitorMessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dropped';

export interface VisitorMessagesTable {
	id: Generated<string>;
	seq: Generated<number>;
	/** A ticket's message belongs to its watch, an appointment's reminder to the appointment (0029): one of the two. */
	watch_id: string | null;
	ticket_id: string | null;
	appointment_id: string | null;
	unit_id: string;
	kind: 'near' | 'called' | 'reminder';
	channel: string;
	dedupe_key: string;
	message: ColumnType<unknown, string, string>;
	status: Generated<VisitorMessageStatus>;
	attempts: Generated<number>;
	next_attempt_at: Timestamp;
	last_error: string | null;
	provider: string | null;
	provider_message_id: string | null;
	created_at: DefaultTimestamp;
	sent_at: Timestamp | null;
}

export type NewService = Insertable<ServicesTable>;
export type UserRow = Selectable<UsersTable>;
export type UnitUpdate = Updateable<UnitsTable>;

/** A citizen on WhatsApp (migration 0028): the number, what they told the bot and their consent. */
export interface ChatContactsTable {
	id: Generated<string>;
	channel: Generated<'whatsapp'>;
	phone: string;
	name: string | null;
	neighbourhood: string | null;
	lang: Generated<string>;
	consent_text: string | null;
	consent_at: Timestamp | null;
	created_at: DefaultTimestamp;
	updated_at: DefaultTimestamp;
}

export type ChatConversationStatus = 'bot' | 'waiting' | 'agent';

/** One per contact: the bot's state, or the agent who holds it. */
export interface ChatConversationsTable {
	id: Generated<string>;
	contact_id: string;
	status: Generated<ChatConversationStatus>;
	state: Json<unknown>;
	agent_id: string | null;
	waiting_since: Timestamp | null;
	taken_at: Timestamp | null;
	last_inbound_at: Timestamp | null;
	last_message_at: Timestamp;
	created_at: DefaultTimestamp;
}

export type ChatMessageStatus = 'received' | 'handling' | 'handled' | 'unhandled' | 'queued' | 'sending' | 'sent' | 'failed';

/** A message of a conversation: inbound ones are the bot's jobs, outbound ones the outbox to the Cloud API. */
export interface ChatMessagesTable {
	id: Generated<string>;
	seq: Generated<number>;
	conversation_id: string;
	direction: 'in' | 'out';
	author: 'citizen' | 'bot' | 'agent';
	agent_id: string | null;
	body: string;
	payload: Json<unknown>;
	wa_message_id: string | null;
	status: ChatMessageStatus;
	attempts: Generated<number>;
	next_attempt_at: DefaultTimestamp;
	last_error: string | null;
	done_at: Timestamp | null;
	delivery: 'sent' | 'delivered' | 'read' | 'failed' | null;
	delivery_at: Timestamp | null;
	created_at: DefaultTimestamp;
}

/** A contact's opt-in to a unit's or a region's notices (migration 0032); exactly one of the two. */
export interface ChatSubscriptionsTable {
	id: Generated<string>;
	contact_id: string;
	unit_id: string | null;
	region: string | null;
	created_at: DefaultTimestamp;
}

/** A notice an admin sent: an approved template to those who opted in to a unit or a region. */
export interface ChatBroadcastsTable {
	id: Generated<string>;
	template: string;
	params: Json<string[]>;
	unit_id: string | null;
	region: string | null;
	target_label: string;
	created_by: string | null;
	created_at: DefaultTimestamp;
}

/** One recipient of a broadcast: a job of the outbox to the Cloud API. */
export interface ChatBroadcastDeliveriesTable {
	id: Generated<string>;
	seq: Generated<number>;
	broadcast_id: string;
	contact_id: string | null;
	lang: string;
	status: 'queued' | 'sending' | 'sent' | 'failed' | 'cancelled';
	attempts: Generated<number>;
	next_attempt_at: Timestamp;
	last_error: string | null;
	done_at: Timestamp | null;
	wa_message_id: string | null;
	created_at: DefaultTimestamp;
}
