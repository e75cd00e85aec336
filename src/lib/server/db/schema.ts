import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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
}
export type DeadlineUnit = 'minutes' | 'hours' | 'days' | 'calendar_days' | 'business_days' | 'months';
export type Role = 'admin' | 'manager' | 'clerk' | 'agent' | 'organ_staff';
export type TokenKind = 'kiosk' | 'panel' | 'integration';

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

export interface CountersTable {
	id: Generated<string>;
	unit_id: string;
	number: number;
	name: string;
	active: Generated<boolean>;
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
}

export interface UnitServicesTable {
	unit_id: string;
	service_id: string;
	prefix: string;
	allows_priority: Generated<boolean>;
	active: Generated<boolean>;
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
	audit_log: AuditLogTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type ServiceRow = Selectable<ServicesTable>;
export type NewService = Insertable<ServicesTable>;
export type UserRow = Selectable<UsersTable>;
export type UnitUpdate = Updateable<UnitsTable>;
