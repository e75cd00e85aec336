import { sql } from 'kysely';
import { hashPassword, sha256 } from '../auth/secrets.server.js';
import type { Config } from '../server/config.js';
import type { Db } from '../server/db/database.js';
import type { Logger } from '../server/log.js';
import {
	DEMO_APPOINTMENT_SERVICES,
	DEMO_CAPACITY_TEMPLATE,
	DEMO_WALKTHROUGH_CAPACITY,
	DEMO_CITY_NAME,
	DEMO_ORGANS,
	DEMO_PASSWORD,
	DEMO_PRIORITY_GROUPS,
	DEMO_SERVICES,
	DEMO_TOKENS,
	DEMO_UNITS,
	DEMO_USERS,
	demoKioskToken,
	demoPanelToken
} from './city.js';
import { generateHistory } from './history.server.js';

/** Key of the transaction-scoped advisory lock that serialises demo seeding across processes ("VEZ" + 1). */
export const DEMO_SEED_LOCK = 0x56455a01;

/** Days of generated history the demo city starts with, and its seed (the same figures every start). */
export const DEMO_HISTORY_DAYS = 60;
const DEMO_HISTORY_SEED = 2026;
/** Part of the counters staffed in the history: realistic queues with fewer rows to write at first start. */
const DEMO_HISTORY_STAFFING = 0.6;

/** Where the in-process virtual printer shows what it printed (the demo's default). */
export const DEMO_PRINTER_PREVIEW_URL = 'http://127.0.0.1:9180/';

export interface SeedDemoDeps {
	db: Db;
	log: Logger;
	config: Config;
}

/**
 * Creates the demo city when the database has no unit yet, in one transaction that first takes
 * an advisory lock, so processes starting together on one PostgreSQL seed it exactly once.
 * `present` tells whether the demo city is there (just made or from an earlier start).
 */
export async function seedDemoIfEmpty(deps: SeedDemoDeps): Promise<{ seeded: boolean; present: boolean }> {
	const { db, log } = deps;
	let seeded = false;
	if (!(await hasUnits(db))) {
		// argon2 is slow on purpose: hash before taking the lock, outside the transaction.
		const hashes = await Promise.all(DEMO_USERS.map(() => hashPassword(DEMO_PASSWORD)));
		seeded = await db.transaction().execute(async (trx) => {
			await sql`SELECT pg_advisory_xact_lock(${sql.lit(DEMO_SEED_LOCK)})`.execute(trx);
			if (await hasUnits(trx)) return false;
			await insertCity(trx, hashes, deps.config.virtualPrinterPort);
			// Every chart and report has something to show on first start; today stays empty for live use.
			await generateHistory(trx, { seed: DEMO_HISTORY_SEED, days: DEMO_HISTORY_DAYS, staffing: DEMO_HISTORY_STAFFING }, new Date());
			await insertWalkthroughCapacity(trx);
			return true;
		});
		if (seeded) {
			log.info('demo city created', {
				city: DEMO_CITY_NAME,
				units: DEMO_UNITS.length,
				services: DEMO_SERVICES.length,
				users: DEMO_USERS.length
			});
		}
	}
	return { seeded, present: seeded || (await hasDemoCity(db)) };
}

async function hasUnits(db: Db): Promise<boolean> {
	return (await db.selectFrom('units').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** The demo city is there when the central unit's demo kiosk token is. */
async function hasDemoCity(db: Db): Promise<boolean> {
	const row = await db
		.selectFrom('api_tokens')
		.select('id')
		.where('token_hash', '=', sha256(demoKioskToken(DEMO_UNITS[0].slug)))
		.executeTakeFirst();
	return row !== undefined;
}

async function insertCity(trx: Db, passwordHashes: readonly string[], virtualPrinterPort: number | null): Promise<void> {
	// Organs, services and priority groups may predate the units (created by an admin or a
	// migration): keep what exists and look ids up by code.
	await trx
		.insertInto('organs')
		.values(DEMO_ORGANS.map((o) => ({ code: o.code, name: o.name, acronym: o.acronym, is_ombudsman: o.isOmbudsman })))
		.onConflict((oc) => oc.column('code').doNothing())
		.execute();
	const organId = await idsByCode(trx, 'organs');

	const units = await trx
		.insertInto('units')
		.values(
			DEMO_UNITS.map((u) => ({
				slug: u.slug,
				name: u.name,
				address: u.address,
				timezone: u.timezone,
				region: u.region,
				opening_hours: JSON.stringify(u.openingHours),
				settings: JSON.stringify(u.settings)
			}))
		)
		.returning(['id', 'slug'])
		.execute();
	const unitId = new Map(units.map((u) => [u.slug, u.id]));

	await trx
		.insertInto('counters')
		.values(
			DEMO_UNITS.flatMap((u) =>
				Array.from({ length: u.counters }, (_, i) => ({ unit_id: need(unitId, u.slug), number: i + 1, name: `Guichê ${i + 1}` }))
			)
		)
		.execute();

	await trx
		.insertInto('services')
		.values(
			DEMO_SERVICES.map((s) => ({
				code: s.code,
				name: s.name,
				organ_id: need(organId, s.organ),
				theme: s.theme,
				subject: s.subject,
				description: s.description,
				audience: s.audience,
				requirements: s.requirements,
				documents: JSON.stringify(s.documents),
				steps: JSON.stringify(s.steps),
				deadline_amount: s.deadlineAmount,
				deadline_unit: s.deadlineUnit,
				delivery: s.delivery,
				fees: s.fees,
				legal_basis: s.legalBasis,
				channels: JSON.stringify(s.channels),
				anonymous_allowed: s.anonymousAllowed,
				expected_wait_minutes: s.expectedWaitMinutes,
				expected_service_minutes: s.expectedServiceMinutes,
				complaints: s.complaints,
				keywords: s.keywords
			}))
		)
		.onConflict((oc) => oc.column('code').doNothing())
		.execute();
	const serviceId = await idsByCode(trx, 'services');

	await trx
		.insertInto('unit_services')
		.values(
			DEMO_UNITS.flatMap((u) =>
				u.services.map((us) => ({
					unit_id: need(unitId, u.slug),
					service_id: need(serviceId, us.service),
					prefix: us.prefix,
					allows_priority: us.allowsPriority,
					// The demo shows tickets taken before arriving (/remote/<unit>) at every unit.
					allows_remote: true,
					remote_daily_cap: 50
				}))
			)
		)
		.execute();

	await trx
		.insertInto('appointment_capacity')
		.values(
			DEMO_UNITS.flatMap((u) =>
				u.services
					.filter((us) => DEMO_APPOINTMENT_SERVICES.includes(us.service))
					.map((us) => ({
						unit_id: need(unitId, u.slug),
						service_id: need(serviceId, us.service),
						template: JSON.stringify(DEMO_CAPACITY_TEMPLATE),
						updated_by: 'system:demo'
					}))
			)
		)
		.execute();

	await trx
		.insertInto('priority_groups')
		.values(
			DEMO_PRIORITY_GROUPS.map((p) => ({
				code: p.code,
				name: p.name,
				weight: p.weight,
				requires_document: p.requiresDocument,
				legal_basis: p.legalBasis,
				sort: p.sort
			}))
		)
		.onConflict((oc) => oc.column('code').doNothing())
		.execute();

	// A username already taken (the `admin` of VEZ_ADMIN_PASSWORD, or a real person) is left alone.
	const users = await trx
		.insertInto('users')
		.values(
			DEMO_USERS.map((u, i) => ({
				username: u.username,
				name: u.name,
				password_hash: passwordHashes[i],
				role: u.role,
				organ_id: u.organ ? need(organId, u.organ) : null
			}))
		)
		.onConflict((oc) => oc.column('username').doNothing())
		.returning(['id', 'username'])
		.execute();
	const links = users.flatMap((row) =>
		(DEMO_USERS.find((u) => u.username === row.username)?.units ?? []).map((slug) => ({ user_id: row.id, unit_id: need(unitId, slug) }))
	);
	if (links.length) await trx.insertInto('user_units').values(links).execute();

	await trx
		.insertInto('api_tokens')
		.values(DEMO_TOKENS.map((t) => ({ name: t.name, kind: t.kind, unit_id: need(unitId, t.unit), token_hash: sha256(t.secret) })))
		.onConflict((oc) => oc.column('token_hash').doNothing())
		.execute();

	// Every unit's kiosk prints on the in-process virtual printer, so the demo prints without hardware.
	if (virtualPrinterPort) {
		await trx
			.insertInto('printers')
			.values(
				DEMO_UNITS.map((u) => ({
					unit_id: need(unitId, u.slug),
					name: 'Impressora virtual',
					host: '127.0.0.1',
					port: virtualPrinterPort,
					model: 'generic',
					width: 80 as const,
					codepage: 'cp860' as const,
					qr_mode: 'native' as const
				}))
			)
			.execute();
	}

	// Field services go to the regional team of the unit's (or the address's) region; the rest of
	// the city falls to the central team. Routing is data: admins change rows, not code.
	const routes = [
		...['Centro', 'Leste', 'Norte', 'Continente', 'Sul'].map((region) => ({ service: 'tapa-buraco', region, organ: 'smi', team: `Regional ${region}` })),
		{ service: 'tapa-buraco', region: null, organ: 'smi', team: 'Central de manutenção viária' },
		...['Norte', 'Sul'].map((region) => ({ service: 'poda-de-arvore', region, organ: 'floram', team: `Equipe de arborização ${region}` })),
		{ service: 'poda-de-arvore', region: null, organ: 'floram', team: 'Equipe de arborização central' }
	].filter((r) => serviceId.has(r.service) && organId.has(r.organ));
	if (routes.length) {
		await trx
			.insertInto('service_routes')
			.values(routes.map((r) => ({ service_id: need(serviceId, r.service), region: r.region, organ_id: need(organId, r.organ), team: r.team })))
			.execute();
	}
	// Florianópolis: the city's anniversary, and the federal optional days the city observes.
	await trx
		.insertInto('holidays')
		.values([
			{ unit_id: null, rule: JSON.stringify({ kind: 'date', month: 3, day: 23 }), name: 'Aniversário de Florianópolis' },
			{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: -48 }), name: 'Carnaval (segunda-feira)' },
			{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: -47 }), name: 'Carnaval (terça-feira)' },
			{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: -46, half: { until: '14:00' } }), name: 'Quarta-feira de Cinzas' },
			{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: 60 }), name: 'Corpus Christi' }
		])
		.execute();

	await trx
		.insertInto('audit_log')
		.values({
			actor: 'system:demo',
			action: 'demo.seed',
			entity: 'city',
			entity_id: DEMO_CITY_NAME,
			details: JSON.stringify({ units: DEMO_UNITS.map((u) => u.slug), services: DEMO_SERVICES.length, users: users.length })
		})
		.execute();
}

async function idsByCode(trx: Db, table: 'organs' | 'services'): Promise<Map<string, string>> {
	const rows = await trx.selectFrom(table).select(['id', 'code']).execute();
	return new Map(rows.map((r) => [r.code, r.id]));
}

function need(ids: ReadonlyMap<string, string>, key: string): string {
	const id = ids.get(key);
	if (!id) throw new Error(`Demo city data refers to unknown "${key}".`);
	return id;
}

const ROLE_LABEL = {
	admin: 'administrador',
	manager: 'gerente de unidade',
	clerk: 'atendente',
	agent: 'agente da central 156',
	organ_staff: 'equipe de órgão'
} as const;

/** The all-hours capacity of the demo's walk-through (see DEMO_WALKTHROUGH_CAPACITY). */
async function insertWalkthroughCapacity(trx: Db): Promise<void> {
	const { unit, service, template } = DEMO_WALKTHROUGH_CAPACITY;
	const ids = await trx
		.selectFrom('units')
		.innerJoin('services', (join) => join.on('services.code', '=', service))
		.select(['units.id as unit_id', 'services.id as service_id'])
		.where('units.slug', '=', unit)
		.executeTakeFirstOrThrow();
	await trx
		.insertInto('appointment_capacity')
		.values({ ...ids, template: JSON.stringify(template), updated_by: 'system:demo' })
		.execute();
}

/** The first counter of each demo unit, whose display the banner links (the others are on the admin's unit page). */
export async function demoFirstCounters(db: Db): Promise<Map<string, { id: string; name: string }>> {
	const rows = await db
		.selectFrom('counters')
		.innerJoin('units', 'units.id', 'counters.unit_id')
		.select(['units.slug', 'counters.id', 'counters.name', 'counters.number'])
		.where('counters.active', '=', true)
		.orderBy('counters.number')
		.execute();
	const first = new Map<string, { id: string; name: string }>();
	for (const r of rows) if (!first.has(r.slug)) first.set(r.slug, { id: r.id, name: r.name });
	return first;
}

/** The demo's screens and logins, for the console at start-up. */
export function demoBanner(
	baseUrl: string,
	options: {
		printerPreviewUrl?: string | null;
		displays?: ReadonlyMap<string, { id: string; name: string }>;
		webhookReceiverUrl?: string | null;
		phoneUrl?: string | null;
	} = {}
): string {
	const base = baseUrl.replace(/\/+$/, '');
	const printer = options.printerPreviewUrl === undefined ? DEMO_PRINTER_PREVIEW_URL : options.printerPreviewUrl;
	const pad = (s: string, n: number) => s.padEnd(n);
	const lines: string[] = [
		'',
		`════════ Vez — cidade de demonstração "${DEMO_CITY_NAME}" ════════`,
		'',
		'Telas:',
		`  ${pad('Início', 26)}${base}/`,
		`  ${pad('Entrar', 26)}${base}/login`,
		`  ${pad('Console do guichê', 26)}${base}/counter`,
		`  ${pad('Gestão da unidade', 26)}${base}/manage`,
		`  ${pad('Relatórios', 26)}${base}/manage/reports`,
		`  ${pad('Agendamentos do dia', 26)}${base}/manage/appointments`,
		`  ${pad('Administração', 26)}${base}/admin`,
		`  ${pad('Acompanhar senha', 26)}${base}/t/<publicId>  (link do QR code impresso na senha)`,
		`  ${pad('Carta de Serviços', 26)}${base}/services`,
		`  ${pad('Agendar atendimento', 26)}${base}/book`,
		`  ${pad('Abrir protocolo', 26)}${base}/protocolos/novo`,
		`  ${pad('Caixa de protocolos', 26)}${base}/inbox`,
		`  ${pad('Conversas do WhatsApp', 26)}${base}/conversas  (agente156)`,
		`  ${pad('Consultar protocolo', 26)}${base}/protocol`,
		`  ${pad('Open311 GeoReport v2', 26)}${base}/open311/v2/discovery.json`,
		`  ${pad('API (OpenAPI)', 26)}${base}/api/v1/openapi.json`
	];
	if (printer) lines.push(`  ${pad('Impressora virtual', 26)}${printer}`);
	if (options.phoneUrl) {
		lines.push(`  ${pad('Celular virtual', 26)}${options.phoneUrl}  (SMS e WhatsApp enviados aos visitantes)`);
		lines.push(`  ${pad('WhatsApp da Prefeitura', 26)}${options.phoneUrl}chat  (converse com o robô; atendentes em ${base}/conversas)`);
	}
	if (options.webhookReceiverUrl) lines.push(`  ${pad('Receptor de webhooks', 26)}${options.webhookReceiverUrl}  (webhooks: ${base}/admin/webhooks)`);
	lines.push('', 'Totens (kiosk), painéis e telas de guichê por unidade:');
	for (const u of DEMO_UNITS) {
		lines.push(`  ${u.name} (${u.slug})`);
		lines.push(`    totem   ${base}/kiosk/${u.slug}?token=${demoKioskToken(u.slug)}`);
		lines.push(`    painel  ${base}/panel/${u.slug}?token=${demoPanelToken(u.slug)}`);
		const display = options.displays?.get(u.slug);
		if (display) lines.push(`    tela    ${base}/display/${display.id}?token=${demoPanelToken(u.slug)}  (${display.name})`);
	}
	lines.push('', `Usuários de demonstração (senha de todos: ${DEMO_PASSWORD}):`);
	for (const u of DEMO_USERS) {
		// Names, not codes: whoever reads the banner has not seen the seed data.
		const organ = DEMO_ORGANS.find((o) => o.code === u.organ);
		const units = u.units.map((slug) => DEMO_UNITS.find((x) => x.slug === slug)?.name ?? slug);
		const where = units.length ? ` — ${units.join(', ')}` : organ ? ` — ${organ.acronym} (${organ.name})` : '';
		lines.push(`  ${pad(u.username, 24)}${ROLE_LABEL[u.role]}${where}`);
	}
	lines.push('', 'Dados de demonstração: não use em produção.', '');
	return lines.join('\n');
}
