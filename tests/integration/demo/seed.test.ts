import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { engines, secondProcess, testDeps } from '../engines';
import { migrate, type DatabaseHandle, type Db } from '../../../src/lib/server/db/database';
import { verifyPassword, sha256 } from '../../../src/lib/auth/secrets.server';
import { login } from '../../../src/lib/auth/login.server';
import { actorFromToken } from '../../../src/lib/auth/store.server';
import { DEMO_SEED_LOCK, demoBanner, seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { firstFreeDay } from '../../../src/lib/appointments/capacity.server';
import { unitBySlug } from '../../../src/lib/units/store.server';
import { DEMO_ORGANS, DEMO_PASSWORD, DEMO_SERVICES, DEMO_UNITS, DEMO_USERS } from '../../../src/lib/demo/city';

const UNITS = ['centro', 'lagoa', 'ingleses', 'canasvieiras', 'continente', 'rio-tavares'];

function seedDeps(handle: DatabaseHandle) {
	const { deps } = testDeps(handle);
	return { ...deps, config: { ...deps.config, publicUrl: 'http://vez.test' } };
}

/** Rows of everything the seed writes: the same for any database the demo city was seeded into once. */
async function cityRows(db: Db): Promise<Record<string, number>> {
	const tables = [
		'units', 'counters', 'organs', 'services', 'unit_services', 'appointment_capacity', 'priority_groups', 'users', 'user_units', 'api_tokens',
		'printers', 'service_routes', 'holidays', 'tickets', 'ratings', 'appointments', 'protocols'
	] as const;
	const rows: Record<string, number> = {};
	for (const t of tables) rows[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const seeds = await db.selectFrom('audit_log').select('id').where('action', '=', 'demo.seed').execute();
	return { ...rows, 'demo.seed audit entries': seeds.length };
}

/**
 * Waits until a session is blocked on a lock `holder` holds — or `work` settles first (a seed that
 * failed instead of waiting) — so the interleaving is certain rather than left to timing.
 */
async function untilBlockedBy(holder: pg.PoolClient, work: Promise<unknown>): Promise<boolean> {
	let settled = false;
	void work.then(
		() => (settled = true),
		() => (settled = true)
	);
	const { rows } = await holder.query('SELECT pg_backend_pid() AS pid');
	const deadline = Date.now() + 20_000;
	while (!settled && Date.now() < deadline) {
		// pg_locks, not pg_stat_activity: inside a transaction the activity view is a snapshot taken once.
		const blocked = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND $1 = ANY(pg_blocking_pids(pid))`, [rows[0].pid]);
		if (blocked.rows[0].n > 0) return true;
		await new Promise((r) => setTimeout(r, 20));
	}
	return false;
}

/**
 * Two processes starting together on one empty database, each seeding. On PostgreSQL a third
 * session holds the seeding lock until both have found the database empty and wait on it; PGlite
 * (one process, one transaction at a time) runs the second seed's transaction after the first.
 */
async function seedTogether(handle: DatabaseHandle, other: DatabaseHandle): Promise<{ seeded: boolean }[]> {
	if (!other.pool) return Promise.all([seedDemoIfEmpty(seedDeps(handle)), seedDemoIfEmpty(seedDeps(other))]);
	const holder = await other.pool.connect();
	try {
		await holder.query('BEGIN');
		await holder.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
		const racing = Promise.all([seedDemoIfEmpty(seedDeps(handle)), seedDemoIfEmpty(seedDeps(other))]);
		const deadline = Date.now() + 20_000;
		let waiting = 0;
		while (waiting < 2 && Date.now() < deadline) {
			const { rows } = await holder.query(
				`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
				 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
			);
			waiting = rows[0].n;
			if (waiting < 2) await new Promise((r) => setTimeout(r, 20));
		}
		expect(waiting).toBe(2);
		await holder.query('COMMIT');
		return await racing;
	} finally {
		await holder.query('ROLLBACK').catch(() => {});
		holder.release();
	}
}

for (const engine of engines()) {
	describe(`demo city on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let first: { seeded: boolean; present: boolean };

		beforeAll(async () => {
			handle = await engine.open();
			await migrate(handle.db);
			first = await seedDemoIfEmpty(seedDeps(handle));
		});
		afterAll(() => handle?.close());

		it('creates the six units with 3–8 counters each', async () => {
			expect(first.seeded).toBe(true);
			const units = await handle.db.selectFrom('units').select(['id', 'slug', 'region', 'opening_hours', 'settings']).execute();
			expect(units.map((u) => u.slug).sort()).toEqual([...UNITS].sort());
			const counters = await handle.db
				.selectFrom('counters')
				.innerJoin('units', 'units.id', 'counters.unit_id')
				.select(['units.slug', 'counters.number', 'counters.name'])
				.execute();
			for (const slug of UNITS) {
				const mine = counters.filter((c) => c.slug === slug);
				expect(mine.length, slug).toBeGreaterThanOrEqual(3);
				expect(mine.length, slug).toBeLessThanOrEqual(8);
				expect(mine.map((c) => c.name)).toContain('Guichê 1');
			}
			expect(counters.filter((c) => c.slug === 'centro')).toHaveLength(8);
			const centro = units.find((u) => u.slug === 'centro')!;
			expect(centro.opening_hours.sat).toEqual([['08:00', '12:00']]);
			expect(units.filter((u) => u.settings.ordering?.mode === 'ratio')).toHaveLength(1);
		});

		it('fills a catalogue of at least 40 services with full Carta de Serviços fields', async () => {
			const services = await handle.db.selectFrom('services').selectAll().execute();
			expect(services.length).toBeGreaterThanOrEqual(40);
			for (const s of services) {
				expect(s.description, s.code).not.toBe('');
				expect(s.documents.length, s.code).toBeGreaterThan(0);
				expect(s.steps.length, s.code).toBeGreaterThan(0);
				expect(s.channels.length, s.code).toBeGreaterThan(0);
				expect(s.legal_basis, s.code).not.toBe('');
				expect(s.deadline_amount, s.code).toBeGreaterThan(0);
				expect(s.expected_wait_minutes).toBeGreaterThanOrEqual(10);
				expect(s.expected_wait_minutes).toBeLessThanOrEqual(30);
				expect(s.expected_service_minutes).toBeGreaterThanOrEqual(5);
				expect(s.expected_service_minutes).toBeLessThanOrEqual(25);
			}
			expect(services.filter((s) => s.anonymous_allowed).map((s) => s.code)).toContain('denuncia-fiscalizacao-obras');
			const organs = await handle.db.selectFrom('organs').selectAll().execute();
			expect(organs.filter((o) => o.is_ombudsman)).toHaveLength(1);
			expect(organs.length).toBeGreaterThanOrEqual(8);
		});

		it('gives every unit services with prefixes unique in the unit; field services have no ticket', async () => {
			const offered = await handle.db
				.selectFrom('unit_services')
				.innerJoin('units', 'units.id', 'unit_services.unit_id')
				.innerJoin('services', 'services.id', 'unit_services.service_id')
				.select(['units.slug', 'unit_services.prefix', 'services.code'])
				.execute();
			for (const slug of UNITS) {
				const prefixes = offered.filter((o) => o.slug === slug).map((o) => o.prefix);
				expect(prefixes.length, slug).toBeGreaterThanOrEqual(5);
				expect(new Set(prefixes).size, slug).toBe(prefixes.length);
				for (const p of prefixes) expect(p).toMatch(/^[A-Z]{1,3}$/);
			}
			expect(offered.filter((o) => o.slug === 'centro').length).toBeGreaterThanOrEqual(15);
			expect(offered.some((o) => o.code === 'tapa-buraco' || o.code === 'poda-de-arvore')).toBe(false);
		});

		it('gives every unit appointment capacity for several services, with a free day ahead', async () => {
			const rows = await handle.db
				.selectFrom('appointment_capacity')
				.innerJoin('units', 'units.id', 'appointment_capacity.unit_id')
				.select(['units.slug', 'appointment_capacity.service_id'])
				.execute();
			for (const slug of UNITS) expect(rows.filter((r) => r.slug === slug).length, slug).toBeGreaterThanOrEqual(2);
			const { deps } = testDeps(handle, { now: new Date('2026-03-09T12:00:00Z') });
			const unit = await unitBySlug(handle.db, 'rio-tavares');
			const service = rows.find((r) => r.slug === 'rio-tavares')!.service_id;
			expect(await firstFreeDay(deps, unit, service)).toBe('2026-03-09');
		});

		it('seeds the legal priority groups in order of weight', async () => {
			const groups = await handle.db.selectFrom('priority_groups').selectAll().execute();
			const weight = (code: string) => groups.find((g) => g.code === code)!.weight;
			expect(weight('normal')).toBe(0);
			expect(weight('idoso-80')).toBeGreaterThan(weight('idoso'));
			expect(weight('idoso')).toBeGreaterThan(weight('doador-sangue'));
			expect(weight('doador-sangue')).toBeGreaterThan(weight('normal'));
			for (const code of ['pcd', 'gestante', 'lactante', 'crianca-colo', 'obeso', 'tea', 'mobilidade-reduzida']) {
				expect(weight(code), code).toBe(weight('idoso'));
			}
			expect(groups.find((g) => g.code === 'doador-sangue')!.requires_document).toBe(true);
		});

		it('lets the demo users sign in with the demo password, in their units or organ', async () => {
			const users = await handle.db.selectFrom('users').select(['username', 'password_hash', 'role', 'organ_id']).execute();
			expect(users.map((u) => u.username).sort()).toEqual(DEMO_USERS.map((u) => u.username).sort());
			const clerk = users.find((u) => u.username === 'atendente')!;
			expect(await verifyPassword(clerk.password_hash, DEMO_PASSWORD)).toBe(true);
			expect(await verifyPassword(clerk.password_hash, 'wrong')).toBe(false);

			const { deps } = testDeps(handle);
			const manager = await login(deps, { username: 'gerente', password: DEMO_PASSWORD }, '10.1.0.1');
			expect(manager.actor.role).toBe('manager');
			const unitIds = await handle.db.selectFrom('units').select('id').where('slug', 'in', ['centro', 'lagoa']).execute();
			expect([...manager.actor.unitIds].sort()).toEqual(unitIds.map((u) => u.id).sort());
			const ombudsman = await login(deps, { username: 'ouvidoria', password: DEMO_PASSWORD }, '10.1.0.1');
			const organ = await handle.db.selectFrom('organs').select('id').where('is_ombudsman', '=', true).executeTakeFirstOrThrow();
			expect(ombudsman.actor).toMatchObject({ role: 'organ_staff', organId: organ.id });
		});

		it('stores kiosk and panel tokens hashed, one of each per unit', async () => {
			const tokens = await handle.db.selectFrom('api_tokens').selectAll().execute();
			expect(tokens).toHaveLength(UNITS.length * 2);
			expect(tokens.some((t) => t.token_hash === 'demo-kiosk-centro')).toBe(false);
			expect(tokens.some((t) => t.token_hash === sha256('demo-kiosk-centro'))).toBe(true);
			const lagoa = await handle.db.selectFrom('units').select('id').where('slug', '=', 'lagoa').executeTakeFirstOrThrow();
			const panel = await actorFromToken(handle.db, 'demo-panel-lagoa', new Date());
			expect(panel).toMatchObject({ kind: 'device', tokenKind: 'panel', unitId: lagoa.id });
		});

		it('reports the demo present, and changes nothing the second time', async () => {
			expect(first.present).toBe(true);
			const counts = async () =>
				Promise.all(
					(['units', 'counters', 'services', 'unit_services', 'priority_groups', 'users', 'api_tokens'] as const).map(async (t) =>
						Number((await handle.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
					)
				);
			const before = await counts();
			const again = await seedDemoIfEmpty(seedDeps(handle));
			expect(again).toEqual({ seeded: false, present: true });
			expect(await counts()).toEqual(before);
		});

		it('leaves one demo city, the same as a single start, when two processes seed an empty database at once', async () => {
			const fresh = await engine.open();
			const other = secondProcess(fresh);
			try {
				const results = await seedTogether(fresh, other);
				expect(results.filter((r) => r.seeded)).toHaveLength(1);
				expect(await cityRows(fresh.db)).toEqual(await cityRows(handle.db));
			} finally {
				await other.close();
				await fresh.close();
			}
		});
	});
}

describe('a database that already has units', () => {
	it('is left alone: no demo data, no banner', async () => {
		const handle = await engines()[0].open();
		try {
			await handle.db.insertInto('units').values({ slug: 'sede', name: 'Sede', opening_hours: '{}', settings: '{}' }).execute();
			expect(await seedDemoIfEmpty(seedDeps(handle))).toEqual({ seeded: false, present: false });
			expect(await handle.db.selectFrom('services').select('id').execute()).toEqual([]);
			expect(await handle.db.selectFrom('users').select('id').execute()).toEqual([]);
		} finally {
			await handle.close();
		}
	});
});

describe('demo banner', () => {
	it('lists every screen, every unit device and every demo login', () => {
		const text = demoBanner('http://localhost:3000/');
		for (const path of ['/login', '/counter', '/manage', '/manage/reports', '/manage/appointments', '/admin', '/t/', '/services', '/book', '/protocolos/novo', '/inbox', '/protocol', '/open311/v2/discovery.json', '/api/v1/openapi.json']) {
			expect(text).toContain(`http://localhost:3000${path}`);
		}
		expect(text).toContain('http://localhost:3000/\n');
		for (const u of DEMO_UNITS) {
			expect(text).toContain(`/kiosk/${u.slug}?token=demo-kiosk-${u.slug}`);
			expect(text).toContain(`/panel/${u.slug}?token=demo-panel-${u.slug}`);
		}
		for (const u of DEMO_USERS) expect(text).toContain(u.username);
		// Organs and units by name, never by their codes.
		expect(text).toContain('fazenda                 equipe de órgão — SMF (Secretaria Municipal da Fazenda)');
		expect(text).toContain('gerente                 gerente de unidade — Pró-Cidadão Centro, Pró-Cidadão Lagoa da Conceição');
		expect(text).not.toMatch(/órgão (smf|smi|ouvidoria)\b/);
		expect(text).toContain('vez-demo');
		expect(text).toContain('http://127.0.0.1:9180/');
		expect(demoBanner('http://x', { printerPreviewUrl: null })).not.toContain('9180');
	});

	it("links each unit's first counter display with the unit's panel token", () => {
		const displays = new Map(DEMO_UNITS.map((u, i) => [u.slug, { id: `00000000-0000-4000-8000-00000000000${i}`, name: 'Guichê 1' }]));
		const text = demoBanner('http://localhost:3000', { displays });
		DEMO_UNITS.forEach((u, i) => expect(text).toContain(`http://localhost:3000/display/00000000-0000-4000-8000-00000000000${i}?token=demo-panel-${u.slug}  (Guichê 1)`));
	});

	it('uses kebab-case codes and known organs throughout the city data', () => {
		for (const s of DEMO_SERVICES) expect(s.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
		expect(new Set(DEMO_SERVICES.map((s) => s.code)).size).toBe(DEMO_SERVICES.length);
	});
});

// Check-then-insert on a code another process is inserting at the same moment fails on the unique
// index; the seed keeps what the other process made instead. Concurrent sessions: PostgreSQL only.
// Services and priority groups are not raced here: their inserts also write the catalogue's change
// count (migration 0022), a row the seed holds from its first unit on, so another process's insert
// meets the seed on that row (it waits, or PostgreSQL breaks a deadlock) before any check of a code.
const postgres = engines().find((e) => e.name === 'postgres');
if (postgres) describe('demo city seeded while another process adds an organ and a person of the same code, on postgres', () => {
	let handle: DatabaseHandle;
	let other: DatabaseHandle;

	beforeAll(async () => {
		handle = await postgres!.open();
		other = secondProcess(handle);
	});
	afterAll(async () => {
		await other?.close();
		await handle?.close();
	});

	it('waits for each and keeps it as the other process made it', async () => {
		// One open transaction per table, each adding a code the city has, in the order the seed meets them.
		const adds = [
			{ sql: `INSERT INTO organs (code, name, acronym) VALUES ($1, 'Órgão de outro processo', 'OP')`, params: [DEMO_ORGANS[0].code] },
			{ sql: `INSERT INTO users (username, name, password_hash, role) VALUES ($1, 'Pessoa de outro processo', 'x', 'clerk')`, params: [DEMO_USERS[0].username] }
		];
		const holders: pg.PoolClient[] = [];
		try {
			for (const add of adds) {
				const holder = await other.pool!.connect();
				holders.push(holder);
				await holder.query('BEGIN');
				await holder.query(add.sql, add.params);
			}
			const seeding = seedDemoIfEmpty(seedDeps(handle));
			for (const holder of holders) {
				const blocked = await untilBlockedBy(holder, seeding);
				if (!blocked) await seeding; // a seed that failed instead of waiting fails here with its own error
				expect(blocked).toBe(true);
				await holder.query('COMMIT');
			}
			expect(await seeding).toEqual({ seeded: true, present: true });
		} finally {
			for (const holder of holders) {
				await holder.query('ROLLBACK').catch(() => {});
				holder.release();
			}
		}
		const organs = await handle.db.selectFrom('organs').select('name').where('code', '=', DEMO_ORGANS[0].code).execute();
		expect(organs.map((o) => o.name)).toEqual(['Órgão de outro processo']);
		const users = await handle.db.selectFrom('users').select('name').where('username', '=', DEMO_USERS[0].username).execute();
		expect(users.map((u) => u.name)).toEqual(['Pessoa de outro processo']);
		// The rest of the city is there.
		expect(await handle.db.selectFrom('organs').select('id').execute()).toHaveLength(DEMO_ORGANS.length);
		expect(await handle.db.selectFrom('users').select('id').execute()).toHaveLength(DEMO_USERS.length);
		expect(await handle.db.selectFrom('units').select('id').execute()).toHaveLength(DEMO_UNITS.length);
	});
});
