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
import { advisoryXactLock } from '../server/db/advisory-lock.js';
import { insertToken, insertUsersIfAbsent, tokenHashExists } from '../auth/store.server.js';
import { insertOrgansIfAbsent, organCodesById } from '../organs/store.server.js';
import { insertServicesIfAbsent, saveRouteRule, serviceCodesById, serviceIdByCode } from '../catalogue/store.server.js';
import {
	countersOfUnit,
	insertCounter,
	insertHoliday,
	insertPriorityGroupsIfAbsent,
	insertUnit,
	saveUnitServiceRow,
	unitIdsBySlug,
	unitList
} from '../units/store.server.js';
import { saveCapacity } from '../appointments/store.server.js';
import { insertPrinter } from '../printing/store.server.js';
import { insertAuditRows } from '../audit/store.server.js';
import type { MunicipalHoliday } from '../units/holidays.js';

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
			await advisoryXactLock(trx, DEMO_SEED_LOCK);
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
	return (await unitList(db)).length > 0;
}

/** The demo city is there when the central unit's demo kiosk token is. */
async function hasDemoCity(db: Db): Promise<boolean> {
	return tokenHashExists(db, sha256(demoKioskToken(DEMO_UNITS[0].slug)));
}

/** The demo city through the domains' stores (a few hundred rows: well under a second). */
async function insertCity(trx: Db, passwordHashes: readonly string[], virtualPrinterPort: number | null): Promise<void> {
	// Organs, services, priority groups and users may predate the units (created by an admin, a
	// migration or VEZ_ADMIN_PASSWORD) or be created by another process while this one seeds: the
	// stores keep what exists (ON CONFLICT DO NOTHING, which also waits for a concurrent insert of
	// the same code instead of failing on it), and ids are looked up by code.
	await insertOrgansIfAbsent(trx, DEMO_ORGANS.map((o) => ({ code: o.code, name: o.name, acronym: o.acronym, is_ombudsman: o.isOmbudsman })));
	const organId = byCode(await organCodesById(trx));

	const unitId = new Map<string, string>();
	for (const u of DEMO_UNITS) {
		const id = await insertUnit(trx, { slug: u.slug, name: u.name, address: u.address, timezone: u.timezone, region: u.region, opening_hours: u.openingHours, settings: u.settings, active: true });
		unitId.set(u.slug, id);
	}
	for (const u of DEMO_UNITS) {
		for (let i = 1; i <= u.counters; i++) await insertCounter(trx, need(unitId, u.slug), { number: i, name: `Guichê ${i}`, active: true });
	}

	await insertServicesIfAbsent(
		trx,
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
	);
	const serviceId = byCode(await serviceCodesById(trx));

	for (const u of DEMO_UNITS) {
		for (const us of u.services) {
			// The demo shows tickets taken before arriving (/remote/<unit>) at every unit.
			const offer = { prefix: us.prefix, allows_priority: us.allowsPriority, active: true, allows_remote: true, remote_daily_cap: 50 };
			await saveUnitServiceRow(trx, need(unitId, u.slug), need(serviceId, us.service), offer, false);
		}
	}
	const now = new Date();
	for (const u of DEMO_UNITS) {
		for (const us of u.services.filter((x) => DEMO_APPOINTMENT_SERVICES.includes(x.service))) {
			await saveCapacity(trx, need(unitId, u.slug), need(serviceId, us.service), { template: DEMO_CAPACITY_TEMPLATE, exceptions: [] }, now, 'system:demo');
		}
	}

	await insertPriorityGroupsIfAbsent(
		trx,
		DEMO_PRIORITY_GROUPS.map((p) => ({ code: p.code, name: p.name, weight: p.weight, requires_document: p.requiresDocument, legal_basis: p.legalBasis, sort: p.sort, active: true }))
	);

	const users = await insertUsersIfAbsent(
		trx,
		DEMO_USERS.map((u, i) => ({
			username: u.username,
			name: u.name,
			password_hash: passwordHashes[i],
			role: u.role,
			organ_id: u.organ ? need(organId, u.organ) : null,
			unitIds: u.units.map((slug) => need(unitId, slug))
		}))
	);

	// The units are new, so no token of theirs can exist yet.
	for (const t of DEMO_TOKENS) await insertToken(trx, { name: t.name, kind: t.kind, unit_id: need(unitId, t.unit), secret: t.secret, created_by: null, scopes: [] });

	// Every unit's kiosk prints on the in-process virtual printer, so the demo prints without hardware.
	if (virtualPrinterPort) {
		for (const u of DEMO_UNITS) {
			await insertPrinter(trx, need(unitId, u.slug), {
				name: 'Impressora virtual',
				host: '127.0.0.1',
				port: virtualPrinterPort,
				model: 'generic',
				width: 80,
				codepage: 'cp860',
				qr_mode: 'native',
				codepage_number: null,
				kiosk_token_id: null,
				header: '',
				footer: '',
				active: true
			});
		}
	}

	// Field services go to the regional team of the unit's (or the address's) region; the rest of
	// the city falls to the central team. Routing is data: admins change rows, not code.
	const routes = [
		...['Centro', 'Leste', 'Norte', 'Continente', 'Sul'].map((region) => ({ service: 'tapa-buraco', region, organ: 'smi', team: `Regional ${region}` })),
		{ service: 'tapa-buraco', region: null, organ: 'smi', team: 'Central de manutenção viária' },
		...['Norte', 'Sul'].map((region) => ({ service: 'poda-de-arvore', region, organ: 'floram', team: `Equipe de arborização ${region}` })),
		{ service: 'poda-de-arvore', region: null, organ: 'floram', team: 'Equipe de arborização central' }
	].filter((r) => serviceId.has(r.service) && organId.has(r.organ));
	for (const r of routes) await saveRouteRule(trx, { serviceId: need(serviceId, r.service), region: r.region, organId: need(organId, r.organ), team: r.team }, undefined);

	// Florianópolis: the city's anniversary, and the federal optional days the city observes.
	const holidays: MunicipalHoliday[] = [
		{ kind: 'date', month: 3, day: 23, name: 'Aniversário de Florianópolis' },
		{ kind: 'easter_offset', offset: -48, name: 'Carnaval (segunda-feira)' },
		{ kind: 'easter_offset', offset: -47, name: 'Carnaval (terça-feira)' },
		{ kind: 'easter_offset', offset: -46, half: { until: '14:00' }, name: 'Quarta-feira de Cinzas' },
		{ kind: 'easter_offset', offset: 60, name: 'Corpus Christi' }
	];
	for (const h of holidays) await insertHoliday(trx, null, h);

	await insertAuditRows(trx, [
		{
			actor: 'system:demo',
			action: 'demo.seed',
			entity: 'city',
			entityId: DEMO_CITY_NAME,
			details: { units: DEMO_UNITS.map((u) => u.slug), services: DEMO_SERVICES.length, users }
		}
	]);
}

/** A store's codes by id, turned round. */
function byCode(codesById: ReadonlyMap<string, string>): Map<string, string> {
	return new Map([...codesById].map(([id, code]) => [code, id]));
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
	const unitId = need(await unitIdsBySlug(trx, [unit]), unit);
	const serviceId = await serviceIdByCode(trx, service);
	if (!serviceId) throw new Error(`Demo city data refers to unknown "${service}".`);
	await saveCapacity(trx, unitId, serviceId, { template, exceptions: [] }, new Date(), 'system:demo');
}

/** The first counter of each demo unit, whose display the banner links (the others are on the admin's unit page). */
export async function demoFirstCounters(db: Db): Promise<Map<string, { id: string; name: string }>> {
	const first = new Map<string, { id: string; name: string }>();
	for (const u of await unitList(db)) {
		const counter = (await countersOfUnit(db, u.id)).find((c) => c.active);
		if (counter) first.set(u.slug, { id: counter.id, name: counter.name });
	}
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
