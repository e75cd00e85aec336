import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { databaseUrl } from '../template';
import { migrate, openPostgres, type DatabaseHandle } from '../../../src/lib/server/db/database';
import { verifyPassword, sha256 } from '../../../src/lib/auth/secrets.server';
import { login } from '../../../src/lib/auth/login.server';
import { actorFromToken } from '../../../src/lib/auth/store.server';
import { DEMO_SEED_LOCK, demoBanner, seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { firstFreeDay } from '../../../src/lib/appointments/capacity.server';
import { unitBySlug } from '../../../src/lib/units/store.server';
import { DEMO_PASSWORD, DEMO_SERVICES, DEMO_UNITS, DEMO_USERS } from '../../../src/lib/demo/city';

const UNITS = ['centro', 'lagoa', 'ingleses', 'canasvieiras', 'continente', 'rio-tavares'];

function seedDeps(handle: DatabaseHandle) {
	const { deps } = testDeps(handle);
	return { ...deps, config: { ...deps.config, publicUrl: 'http://vez.test' } };
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

// Two processes starting together on one empty PostgreSQL database: exactly one seeds.
const postgres = engines().find((e) => e.name === 'postgres');
// Concurrency is meaningful only on PostgreSQL (PGlite has one connection).
if (postgres) describe('demo city seeded once under concurrent start-up on postgres', () => {
	let handle: DatabaseHandle;
	let other: DatabaseHandle;

	beforeAll(async () => {
		handle = await postgres!.open();
		// A second pool on the same database, as a second process would have.
		const db = await handle.db
			.selectNoFrom((eb) => eb.fn<string>('current_database', []).as('name'))
			.executeTakeFirstOrThrow();
		other = openPostgres(databaseUrl(inject('postgresUrl')!, db.name), 4);
	});
	afterAll(async () => {
		await other?.close();
		await handle?.close();
	});

	it('leaves exactly one demo city', async () => {
		// Hold the seeding lock from a third session until both "processes" have found the database
		// empty and wait on it, so the race is certain rather than left to timing.
		const holder = await other.pool!.connect();
		let results: { seeded: boolean }[];
		try {
			await holder.query('BEGIN');
			await holder.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
			const racing = Promise.allSettled([seedDemoIfEmpty(seedDeps(handle)), seedDemoIfEmpty({ ...seedDeps(handle), db: other.db })]);
			const deadline = Date.now() + 20_000;
			let waiting = 0;
			while (Date.now() < deadline) {
				const { rows } = await holder.query(
					`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
					 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
				);
				waiting = rows[0].n;
				if (waiting >= 2) break;
				await new Promise((r) => setTimeout(r, 20));
			}
			expect(waiting).toBe(2);
			await holder.query('COMMIT');
			const settled = await racing;
			results = settled.map((r) => {
				if (r.status === 'rejected') throw r.reason;
				return r.value;
			});
		} finally {
			await holder.query('ROLLBACK').catch(() => {});
			holder.release();
		}
		expect(results.filter((r) => r.seeded)).toHaveLength(1);
		const units = await handle.db.selectFrom('units').select('slug').execute();
		expect(units).toHaveLength(6);
		const counters = await handle.db.selectFrom('counters').select('id').execute();
		expect(counters).toHaveLength(DEMO_UNITS.reduce((n, u) => n + u.counters, 0));
		const users = await handle.db.selectFrom('users').select('id').execute();
		expect(users).toHaveLength(DEMO_USERS.length);
	});
});
