import path from 'node:path';
import { IANAZone } from 'luxon';
import { parseNetworks, PRIVATE_NETWORKS, type Networks } from '../net/address-policy';
import { parseClock, type ClockSetting } from './clock';
import { providersFromEnv, type ProviderSettings } from '../notify/provider-settings';
import { chatFromEnv, type ChatSettings } from '../conversations/chat-settings';

export interface Config {
	/** PostgreSQL connection string; unset means the embedded PGlite database. */
	databaseUrl: string | null;
	dataDir: string;
	/** Create the demo city on an empty database. */
	demo: boolean;
	adminPassword: string | null;
	/** Public base URL for links printed on tickets and e-mails (QR codes). */
	publicUrl: string | null;
	sessionHours: number;
	/** Public bookings one IP address may make per hour (0: no limit). */
	bookingsPerIpHour: number;
	logLevel: 'debug' | 'info' | 'warn' | 'error';
	/** Background jobs (print jobs, end of day) run in this process. */
	jobs: boolean;
	/** Start an in-process virtual printer for the demo (port), or null. */
	virtualPrinterPort: number | null;
	/** smtp://user:pass@host:587 or smtps://…; null = e-mails stay queued in the outbox, unsent. */
	smtpUrl: string | null;
	/** The From of every e-mail, e.g. `Vez <no-reply@example.gov.br>`. */
	mailFrom: string;
	/** How often sockets in staff rooms have their rights checked again (a logout or a revoked token leaves them). */
	realtimeRecheckSeconds: number;
	/**
	 * Seals webhook secrets at rest (VEZ_SECRET_KEY). The embedded database without it gets a
	 * stable development key derived from its data directory's path; PostgreSQL without it
	 * refuses to create webhooks.
	 */
	secretKey: string | null;
	/** Port of the demo's webhook receiver page (VEZ_DEMO_WEBHOOK_PORT; "off" or not the demo: none). */
	demoWebhookPort: number | null;
	/** Webhooks may reach loopback, private and link-local addresses (on by default only in the embedded demo). */
	webhooksAllowPrivate: boolean;
	/** Where printers may be (VEZ_PRINTER_NETWORKS); see src/lib/printing/printer-address.ts. */
	printerNetworks: Networks;
	/** PostgreSQL: how long to wait for a connection before answering 503 `unavailable`. */
	dbConnectTimeoutMs: number;
	/** PostgreSQL: statement_timeout of every connection (0 = none). */
	dbStatementTimeoutMs: number;
	/** Another clock for benchmarks and demos (VEZ_CLOCK_START / VEZ_CLOCK_RATE, or VEZ_CLOCK_FILE); null = real time. */
	clock: ClockSetting | null;
	/** Port of the demo's virtual phone (VEZ_VIRTUAL_PHONE; "off" or not the embedded demo: none). */
	virtualPhonePort: number | null;
	/**
	 * The city's IANA time zone (VEZ_CITY_TIMEZONE): the day and clock of records that belong to no
	 * unit (protocols, audit, outbox, the city's holidays). Each unit keeps its own zone.
	 */
	cityZone: string;
	/** Visitor-message providers (WhatsApp Cloud API, SMS, Web Push); a channel without one is not offered. */
	providers: ProviderSettings;
	/** The WhatsApp channel's inbound side and its people's hours (see conversations/chat-settings.ts). */
	chat: ChatSettings;
}

function millis(value: string | undefined, fallback: number): number {
	return /^\d+$/.test(value ?? '') ? Number(value) : fallback;
}

function flag(value: string | undefined, fallback: boolean): boolean {
	if (value === undefined || value === '') return fallback;
	return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/** A port number, or "off"; by default the embedded demo gets its helper (virtual printer, webhook receiver) on `port`. */
function demoPort(value: string | undefined, demoDefault: boolean, port: number): number | null {
	if (value === undefined || value === '') return demoDefault ? port : null;
	return /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

/** A list of networks from the environment; a wrong entry stops the start with its name, never a silent default. */
function networksOf(name: string, value: string | undefined, fallback: string): Networks {
	try {
		return parseNetworks(value?.trim() || fallback);
	} catch (e) {
		throw new Error(`${name}: ${(e as Error).message}`);
	}
}

/** A time zone from the environment; a wrong name stops the start, never a silent UTC. */
function zoneOf(name: string, value: string | undefined, fallback: string): string {
	const zone = value?.trim() || fallback;
	if (!IANAZone.isValidZone(zone)) throw new Error(`${name}: unknown IANA time zone "${zone}" (e.g. America/Sao_Paulo).`);
	return zone;
}

/** Reads the environment once, at start-up; README.md documents each variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || null;
	const level = env.VEZ_LOG_LEVEL;
	const virtualPhonePort = demoPort(env.VEZ_VIRTUAL_PHONE, databaseUrl === null && flag(env.VEZ_DEMO, true), 9182);
	return {
		databaseUrl,
		dataDir: path.resolve(env.VEZ_DATA_DIR || './data'),
		demo: flag(env.VEZ_DEMO, databaseUrl === null),
		adminPassword: env.VEZ_ADMIN_PASSWORD || null,
		publicUrl: env.ORIGIN || env.VEZ_PUBLIC_URL || null,
		sessionHours: Number(env.VEZ_SESSION_HOURS) > 0 ? Number(env.VEZ_SESSION_HOURS) : 12,
		bookingsPerIpHour: /^\d+$/.test(env.VEZ_BOOKINGS_PER_IP_HOUR ?? '') ? Number(env.VEZ_BOOKINGS_PER_IP_HOUR) : 20,
		logLevel: level === 'debug' || level === 'warn' || level === 'error' ? level : 'info',
		jobs: flag(env.VEZ_JOBS, true),
		virtualPrinterPort: demoPort(env.VEZ_VIRTUAL_PRINTER, databaseUrl === null && flag(env.VEZ_DEMO, true), 9100),
		smtpUrl: env.VEZ_SMTP_URL?.trim() || null,
		mailFrom: env.VEZ_MAIL_FROM?.trim() || 'Vez <no-reply@localhost>',
		realtimeRecheckSeconds: Number(env.VEZ_REALTIME_RECHECK_SECONDS) >= 1 ? Math.min(60, Number(env.VEZ_REALTIME_RECHECK_SECONDS)) : 30,
		secretKey: env.VEZ_SECRET_KEY?.trim() || (databaseUrl === null ? `dev-only:${path.resolve(env.VEZ_DATA_DIR || './data')}` : null),
		demoWebhookPort: demoPort(env.VEZ_DEMO_WEBHOOK_PORT, databaseUrl === null && flag(env.VEZ_DEMO, true), 9181),
		webhooksAllowPrivate: flag(env.VEZ_WEBHOOKS_ALLOW_PRIVATE, databaseUrl === null && flag(env.VEZ_DEMO, true)),
		printerNetworks: networksOf('VEZ_PRINTER_NETWORKS', env.VEZ_PRINTER_NETWORKS, PRIVATE_NETWORKS),
		dbConnectTimeoutMs: Math.max(100, millis(env.VEZ_DB_CONNECT_TIMEOUT_MS, 5000)),
		dbStatementTimeoutMs: millis(env.VEZ_DB_STATEMENT_TIMEOUT_MS, 0),
		clock: parseClock(env),
		virtualPhonePort,
		cityZone: zoneOf('VEZ_CITY_TIMEZONE', env.VEZ_CITY_TIMEZONE, 'America/Sao_Paulo'),
		providers: providersFromEnv(env, virtualPhonePort),
		chat: chatFromEnv(env, virtualPhonePort)
	};
}
