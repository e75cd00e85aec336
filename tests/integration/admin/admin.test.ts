import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { createUnit, saveCounter, saveUnitService, unitForAdmin, updateRemoteSettings, updateUnit } from '../../../src/lib/units/admin-units.server';
import { deleteRoute, saveRoute, saveService, serviceForAdmin } from '../../../src/lib/catalogue/admin-catalogue.server';
import { saveOrgan } from '../../../src/lib/organs/admin-organs.server';
import { addHoliday, deleteHoliday, holidaysForAdmin } from '../../../src/lib/units/admin-holidays.server';
import { savePriorityGroup } from '../../../src/lib/units/admin-priorities.server';
import { createUser, resetPassword, updateUser } from '../../../src/lib/auth/users.server';
import { searchAudit } from '../../../src/lib/audit/audit.server';
import { cancelTicket, transferTicket } from '../../../src/lib/queue/ticket-actions.server';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { callTicket } from '../../../src/lib/queue/call-ticket.server';

let n = 0;
const uniq = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 6)}`;

const unitBody = (slug: string, extra: Record<string, unknown> = {}) => ({
	slug,
	name: `Unidade ${slug}`,
	address: 'Rua Felipe Schmidt, 100',
	region: 'Centro',
	timezone: 'America/Sao_Paulo',
	hours: { mon: [['08:00', '12:00'], ['13:00', '17:00']], tue: [['08:00', '17:00']] },
	issueOutsideHours: false,
	ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 },
	...extra
});

const serviceBody = (code: string, organ: string, extra: Record<string, unknown> = {}) => ({
	code,
	name: `Serviço ${code}`,
	organ,
	theme: 'Tributos',
	subject: 'IPTU',
	description: 'Emite a segunda via.',
	audience: 'Contribuintes',
	requirements: 'Inscrição imobiliária',
	documents: ['RG', 'CPF'],
	steps: ['Pedir', 'Receber'],
	deadlineAmount: 5,
	deadlineUnit: 'business_days',
	delivery: 'Na hora',
	fees: 'Gratuito',
	legalBasis: 'Lei 13.460/2017',
	channels: ['presencial', 'web'],
	anonymousAllowed: false,
	expectedWaitMinutes: 15,
	expectedServiceMinutes: 10,
	complaints: 'Ouvidoria',
	keywords: 'iptu boleto',
	active: true,
	...extra
});

for (const engine of engines()) {
	describe(`admin screens' use cases on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let admin: Actor;
		let organ: string;
		const auditOf = (entity: string, action: string) =>
			handle.db.selectFrom('audit_log').selectAll().where('entity', '=', entity).where('action', '=', action).orderBy('id', 'desc').execute();

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			admin = await givenUser(handle.db, 'admin');
			organ = uniq('organ');
			await saveOrgan(t.deps, admin, null, { code: organ, name: 'Secretaria da Fazenda', acronym: 'SEFAZ', ombudsman: false });
		});
		afterAll(() => handle.close());

		it('creates a unit with a service and a counter, auditing each change with its details', async () => {
			const slug = uniq('unidade');
			const code = uniq('iptu');
			await createUnit(t.deps, admin, unitBody(slug));
			await saveService(t.deps, admin, null, serviceBody(code, organ));
			await saveUnitService(t.deps, admin, slug, { service: code, prefix: 'ia', allowsPriority: true, active: true });
			await saveCounter(t.deps, admin, slug, { number: 1, name: 'Guichê 1' });

			const view = await unitForAdmin(t.deps, admin, slug);
			expect(view.unit).toMatchObject({ slug, region: 'Centro', issueOutsideHours: false, ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 } });
			expect(view.unit.hours.mon).toEqual([['08:00', '12:00'], ['13:00', '17:00']]);
			expect(view.offered).toEqual([{ code, name: `Serviço ${code}`, prefix: 'IA', allowsPriority: true, active: true, allowsRemote: false, remoteDailyCap: null }]);
			expect(view.remote).toEqual({ expireMinutes: 15 });

			// Tickets before arriving: allowed per service with a daily cap, the expiry per unit.
			await saveUnitService(t.deps, admin, slug, { service: code, prefix: 'IA', allowsPriority: true, active: true, allowsRemote: true, remoteDailyCap: 40 });
			await updateRemoteSettings(t.deps, admin, slug, { expireMinutes: 25 });
			const remote = await unitForAdmin(t.deps, admin, slug);
			expect(remote.offered[0]).toMatchObject({ allowsRemote: true, remoteDailyCap: 40 });
			expect(remote.remote).toEqual({ expireMinutes: 25 });
			expect((await auditOf('unit', 'unit.remote_settings'))[0].details).toMatchObject({ after: { expireMinutes: 25 } });
			expect(view.counters).toMatchObject([{ number: 1, name: 'Guichê 1', active: true }]);

			const [created] = await auditOf('unit', 'unit.create');
			expect(created.actor).toBe(`user:${(admin as { username: string }).username}`);
			expect(created.details).toMatchObject({ after: { slug, timezone: 'America/Sao_Paulo' } });
			const [offered] = await auditOf('unit', 'unit_service.create');
			expect(offered.details).toMatchObject({ service: code, after: { prefix: 'IA' } });
		});

		it('records before and after of an edit, keeps other settings, and renames a slug', async () => {
			const slug = uniq('unidade');
			await createUnit(t.deps, admin, unitBody(slug));
			const row = await handle.db.selectFrom('units').select(['id', 'settings']).where('slug', '=', slug).executeTakeFirstOrThrow();
			await handle.db.updateTable('units').set({ settings: JSON.stringify({ ...row.settings, endOfDay: '18:00' }) }).where('id', '=', row.id).execute();
			const renamed = uniq('nova');
			await updateUnit(t.deps, admin, slug, unitBody(renamed, { region: 'Norte', ordering: { mode: 'strict' } }));
			const after = await handle.db.selectFrom('units').select(['slug', 'region', 'settings']).where('id', '=', row.id).executeTakeFirstOrThrow();
			expect(after).toMatchObject({ slug: renamed, region: 'Norte', settings: { endOfDay: '18:00', ordering: { mode: 'strict' } } });
			const [entry] = await auditOf('unit', 'unit.update');
			expect(entry.entity_id).toBe(row.id);
			expect(entry.details).toMatchObject({ before: { slug, region: 'Centro' }, after: { slug: renamed, region: 'Norte' } });
			expect(Object.keys(entry.details.before as object).sort()).toEqual(['name', 'region', 'settings', 'slug']);
			// Saving the same values again records no change.
			await updateUnit(t.deps, admin, renamed, unitBody(renamed, { region: 'Norte', ordering: { mode: 'strict' } }));
			expect((await auditOf('unit', 'unit.update'))[0].details).toEqual({ before: {}, after: {} });
		});

		it('rejects a bad time zone, bad hours and a bad ratio with the fields named, saving nothing', async () => {
			const slug = uniq('unidade');
			const e = await errorOf(
				createUnit(t.deps, admin, unitBody(slug, { timezone: 'America/Florianopolis', hours: { mon: [['12:00', '08:00']], tue: [['8h', '17:00']] }, ordering: { mode: 'ratio', priorityCalls: 0, normalCalls: 1 } }))
			);
			expect(e.status).toBe(400);
			expect(Object.keys(e.fields ?? {})).toEqual(expect.arrayContaining(['timezone', 'hours.mon.0', 'hours.tue.0.0', 'ordering.priorityCalls']));
			expect(await handle.db.selectFrom('units').select('id').where('slug', '=', slug).execute()).toHaveLength(0);
			expect(await codeOf(createUnit(t.deps, admin, unitBody('Não É Slug')))).toBe('invalid_input');
		});

		it('answers 409 for a taken slug, prefix or counter number and leaves the first intact', async () => {
			const unit = await givenUnit(handle.db, { services: [{ code: 'a', prefix: 'A' }, { code: 'b', prefix: 'B' }], counters: 1 });
			const before = await handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

			const slugClash = await errorOf(createUnit(t.deps, admin, unitBody(unit.slug)));
			expect([slugClash.status, slugClash.fields]).toEqual([409, { slug: 'taken' }]);
			const prefixClash = await errorOf(saveUnitService(t.deps, admin, unit.slug, { service: unit.services.b, prefix: 'A', allowsPriority: true, active: true }));
			expect([prefixClash.status, prefixClash.fields]).toEqual([409, { prefix: 'taken' }]);
			const numberClash = await errorOf(saveCounter(t.deps, admin, unit.slug, { number: 1, name: 'Outro' }));
			expect([numberClash.status, numberClash.fields]).toEqual([409, { number: 'taken' }]);

			const prefixes = await handle.db.selectFrom('unit_services').select('prefix').where('unit_id', '=', unit.id).orderBy('prefix').execute();
			expect(prefixes.map((p) => p.prefix)).toEqual(['A', 'B']);
			const afterCount = await handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
			expect(Number(afterCount.n)).toBe(Number(before.n));
		});

		it('gives one of two simultaneous creations of the same slug a 409, never a 500', async () => {
			const slug = uniq('corrida');
			const codes = await Promise.all([codeOf(createUnit(t.deps, admin, unitBody(slug))), codeOf(createUnit(t.deps, admin, unitBody(slug)))]);
			expect(codes.sort()).toEqual(['conflict', 'ok']);
			expect(await handle.db.selectFrom('units').select('id').where('slug', '=', slug).execute()).toHaveLength(1);
			expect(await handle.db.selectFrom('audit_log').select('id').where('action', '=', 'unit.create').where(sql<boolean>`details->'after'->>'slug' = ${slug}`).execute()).toHaveLength(1);
		});

		it('renames and disables a counter, refusing to disable one that is open', async () => {
			const unit = await givenUnit(handle.db, { counters: 2 });
			const [c1, c2] = unit.counters;
			await saveCounter(t.deps, admin, unit.slug, { id: c1.id, number: 1, name: 'Mesa 1', active: false });
			const row = await handle.db.selectFrom('counters').select(['name', 'active']).where('id', '=', c1.id).executeTakeFirstOrThrow();
			expect(row).toEqual({ name: 'Mesa 1', active: false });
			const [entry] = await auditOf('counter', 'counter.update');
			expect(entry.details).toMatchObject({ before: { name: 'Guichê 1', active: true }, after: { name: 'Mesa 1', active: false } });

			await handle.db.updateTable('counters').set({ status: 'open' }).where('id', '=', c2.id).execute();
			const busy = await errorOf(saveCounter(t.deps, admin, unit.slug, { id: c2.id, number: 2, name: 'Guichê 2', active: false }));
			expect(busy.status).toBe(409);
			expect((await handle.db.selectFrom('counters').select('active').where('id', '=', c2.id).executeTakeFirstOrThrow()).active).toBe(true);
		});

		it('keeps every Carta field of a service, checks the deadline pair and audits the changed fields only', async () => {
			const code = uniq('alvara');
			await saveService(t.deps, admin, null, serviceBody(code, organ));
			await saveService(t.deps, admin, code, serviceBody(code, organ, { deadlineAmount: 30, deadlineUnit: 'calendar_days', anonymousAllowed: true }));
			const { service } = await serviceForAdmin(t.deps, admin, code);
			expect(service).toMatchObject({ documents: ['RG', 'CPF'], steps: ['Pedir', 'Receber'], deadlineAmount: 30, deadlineUnit: 'calendar_days', anonymousAllowed: true, channels: ['presencial', 'web'], organ });
			const [entry] = await auditOf('service', 'service.update');
			expect(entry.details).toEqual({
				before: { deadlineAmount: 5, deadlineUnit: 'business_days', anonymousAllowed: false },
				after: { deadlineAmount: 30, deadlineUnit: 'calendar_days', anonymousAllowed: true }
			});
			const half = await errorOf(saveService(t.deps, admin, code, serviceBody(code, organ, { deadlineUnit: null })));
			expect(half.fields).toHaveProperty('deadlineAmount');
			expect(await codeOf(saveService(t.deps, admin, null, serviceBody(uniq('x'), 'orgao-que-nao-existe')))).toBe('organ_not_found');
			expect((await errorOf(saveService(t.deps, admin, null, serviceBody(code, organ)))).status).toBe(409);
		});

		it('edits routing rules by region as data: add, replace, remove', async () => {
			const code = uniq('tapa-buraco');
			const regional = uniq('obras');
			await saveOrgan(t.deps, admin, null, { code: regional, name: 'Obras', acronym: 'SMI', ombudsman: false });
			await saveService(t.deps, admin, null, serviceBody(code, organ));
			await saveRoute(t.deps, admin, code, { region: '', organ, team: 'Central' });
			await saveRoute(t.deps, admin, code, { region: 'Norte', organ: regional, team: 'Regional Norte' });
			await saveRoute(t.deps, admin, code, { region: 'Norte', organ: regional, team: 'Regional Norte II' });
			let { routes } = await serviceForAdmin(t.deps, admin, code);
			expect(routes.map((r) => [r.region, r.organ, r.team])).toEqual([
				['Norte', regional, 'Regional Norte II'],
				[null, organ, 'Central']
			]);
			const [entry] = await auditOf('service', 'route.update');
			expect(entry.details).toEqual({ region: 'Norte', before: { team: 'Regional Norte' }, after: { team: 'Regional Norte II' } });
			await deleteRoute(t.deps, admin, code, routes[0].id);
			({ routes } = await serviceForAdmin(t.deps, admin, code));
			expect(routes).toHaveLength(1);
			expect(await codeOf(deleteRoute(t.deps, admin, code, 'not-a-uuid'))).toBe('not_found');
		});

		it('adds and removes municipal holidays, validated, next to the computed national ones', async () => {
			await addHoliday(t.deps, admin, { kind: 'once', date: '2026-03-23', name: 'Aniversário da cidade', half: { until: '12:00' } });
			// The screen posts every kind's fields: a row keeps those of its kind, for the unit chosen among all.
			const unit = await givenUnit(handle.db, { counters: 1 });
			await addHoliday(t.deps, admin, { kind: 'date', month: 11, day: 20, offset: '', date: '', name: 'Dia da unidade', half: null, unit: unit.slug });
			const view = await holidaysForAdmin(t.deps, admin);
			expect(view.units.map((u) => u.slug)).toContain(unit.slug);
			const ofUnit = view.rows.find((r) => r.rule.name === 'Dia da unidade');
			expect(ofUnit).toMatchObject({ unit: unit.slug, rule: { kind: 'date', month: 11, day: 20 } });
			expect(Object.keys(ofUnit!.rule)).not.toContain('date');
			expect(Object.keys(ofUnit!.rule)).not.toContain('offset');
			expect(view.year).toBe(2026);
			expect(view.calendar.find((h) => h.date === '2026-03-23')).toMatchObject({ name: 'Aniversário da cidade', half: { until: '12:00' }, national: false });
			expect(view.calendar.find((h) => h.date === '2026-04-03')).toMatchObject({ national: true });
			const row = view.rows.find((r) => r.rule.name === 'Aniversário da cidade')!;
			const bad = await errorOf(addHoliday(t.deps, admin, { kind: 'date', month: 2, day: 30, name: 'Dia inexistente' }));
			expect(bad.fields).toHaveProperty('day');
			await deleteHoliday(t.deps, admin, row.id);
			expect((await holidaysForAdmin(t.deps, admin)).rows.find((r) => r.id === row.id)).toBeUndefined();
			expect((await auditOf('holiday', 'holiday.delete'))[0].details).toMatchObject({ before: { name: 'Aniversário da cidade' } });
		});

		it('edits priority groups but keeps normal at weight 0', async () => {
			const code = uniq('gestante');
			await savePriorityGroup(t.deps, admin, null, { code, name: 'Gestantes', weight: 50, requiresDocument: false, legalBasis: 'Lei 10.048/2000', sort: 3, active: true });
			await savePriorityGroup(t.deps, admin, code, { code, name: 'Gestantes', weight: 60, requiresDocument: false, legalBasis: 'Lei 10.048/2000', sort: 3, active: true });
			expect((await auditOf('priority_group', 'priority.update'))[0].details).toEqual({ before: { weight: 50 }, after: { weight: 60 } });
			await handle.db.insertInto('priority_groups').values({ code: 'normal', name: 'Normal', weight: 0 }).onConflict((oc) => oc.column('code').doNothing()).execute();
			expect(await codeOf(savePriorityGroup(t.deps, admin, 'normal', { code: 'normal', name: 'Normal', weight: 5, requiresDocument: false, legalBasis: '', sort: 0, active: true }))).toBe('invalid_input');
		});

		it('edits roles and units, deactivates (ending sessions) and resets passwords of users', async () => {
			const unit = await givenUnit(handle.db, { counters: 1 });
			const username = uniq('maria').replace(/-/g, '.');
			await createUser(t.deps, admin, { username, name: 'Maria', password: 'segredo-123', role: 'clerk', units: [] });
			const user = await handle.db.selectFrom('users').select(['id', 'password_hash']).where('username', '=', username).executeTakeFirstOrThrow();
			await handle.db.insertInto('sessions').values({ id: uniq('s'), user_id: user.id, expires_at: new Date('2030-01-01T00:00:00Z') }).execute();
			await updateUser(t.deps, admin, username, { name: 'Maria S.', role: 'manager', units: [unit.slug], active: false });
			const after = await handle.db.selectFrom('users').select(['name', 'role', 'active']).where('id', '=', user.id).executeTakeFirstOrThrow();
			expect(after).toEqual({ name: 'Maria S.', role: 'manager', active: false });
			expect(await handle.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toHaveLength(0);
			expect((await auditOf('user', 'user.update'))[0].details).toEqual({
				before: { name: 'Maria', role: 'clerk', active: true, units: [] },
				after: { name: 'Maria S.', role: 'manager', active: false, units: [unit.slug] }
			});
			await resetPassword(t.deps, admin, username, { password: 'outra-senha-456' });
			const reset = await handle.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow();
			expect(reset.password_hash).not.toBe(user.password_hash);
			expect(JSON.stringify((await auditOf('user', 'user.reset_password'))[0].details)).not.toContain('outra-senha');
			expect(await codeOf(resetPassword(t.deps, admin, username, { password: 'curta' }))).toBe('invalid_input');
			expect(await codeOf(updateUser(t.deps, admin, username, { name: 'X', role: 'clerk', units: ['nao-existe'], active: true }))).toBe('invalid_input');
			expect(await codeOf(updateUser(t.deps, admin, (admin as { username: string }).username, { name: 'Eu', role: 'clerk', units: [], active: true }))).toBe('invalid_input');
		});

		it('answers malformed form input with a 4xx naming the problem, never a crash, and saves nothing', async () => {
			const unit = await givenUnit(handle.db, { counters: 1 });
			const other = await givenUnit(handle.db, { counters: 1 });
			const code = uniq('svc');
			await saveService(t.deps, admin, null, serviceBody(code, organ));
			const auditRows = async () => Number((await handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
			const before = await auditRows();
			// What the form helpers hand over for blank or non-numeric fields: strings, empty values.
			// Thunks: each runs (and fails) on its own, in turn.
			const bad: [string, () => Promise<unknown>][] = [
				['counter of another unit', () => saveCounter(t.deps, admin, unit.slug, { id: other.counters[0].id, number: 7, name: 'X', active: true })],
				['counter id not a uuid', () => saveCounter(t.deps, admin, unit.slug, { id: 'abc', number: 7, name: 'X', active: true })],
				['counter number typed as text', () => saveCounter(t.deps, admin, unit.slug, { number: 'doze', name: 'X', active: true })],
				['unknown unit', () => saveCounter(t.deps, admin, uniq('nenhuma'), { number: 7, name: 'X', active: true })],
				['prefix with digits', () => saveUnitService(t.deps, admin, unit.slug, { service: code, prefix: 'A1', allowsPriority: false, active: true })],
				['unknown service', () => saveUnitService(t.deps, admin, unit.slug, { service: uniq('nenhum'), prefix: 'Z', allowsPriority: false, active: true })],
				['ratio typed as text', () => updateUnit(t.deps, admin, unit.slug, unitBody(unit.slug, { ordering: { mode: 'ratio', priorityCalls: '', normalCalls: 'x' } }))],
				['unknown ordering mode', () => createUnit(t.deps, admin, unitBody(uniq('u'), { ordering: { mode: 'roleta' } }))],
				['holiday of an unknown kind', () => addHoliday(t.deps, admin, { kind: 'lua', date: '', name: 'X' })],
				['holiday with an empty date', () => addHoliday(t.deps, admin, { kind: 'once', date: '', name: 'X' })],
				['holiday at an unknown unit', () => addHoliday(t.deps, admin, { kind: 'once', date: '2026-05-05', name: 'X', unit: uniq('nenhuma') })],
				['holiday with a bad half day', () => addHoliday(t.deps, admin, { kind: 'once', date: '2026-05-05', name: 'X', half: { until: '25:99' } })],
				['holiday id not a uuid', () => deleteHoliday(t.deps, admin, "1' or '1'='1")],
				['service deadline typed as text', () => saveService(t.deps, admin, code, serviceBody(code, organ, { deadlineAmount: 'cinco' }))],
				['service with an unknown channel', () => saveService(t.deps, admin, code, serviceBody(code, organ, { channels: ['pombo'] }))],
				['service of an unknown organ', () => saveService(t.deps, admin, code, serviceBody(code, uniq('nenhum')))],
				['editing an unknown service', () => saveService(t.deps, admin, uniq('nenhum'), serviceBody(uniq('novo'), organ))],
				['route to an unknown organ', () => saveRoute(t.deps, admin, code, { region: 'Norte', organ: uniq('nenhum'), team: '' })],
				['route of an unknown service', () => saveRoute(t.deps, admin, uniq('nenhum'), { region: 'Norte', organ, team: '' })],
				['organ without a name', () => saveOrgan(t.deps, admin, null, { code: uniq('o'), name: '', acronym: 'X', ombudsman: false })],
				['editing an unknown organ', () => saveOrgan(t.deps, admin, uniq('nenhum'), { code: uniq('o'), name: 'X', acronym: 'X', ombudsman: false })],
				['priority weight typed as text', () => savePriorityGroup(t.deps, admin, null, { code: uniq('p'), name: 'X', weight: 'alto', requiresDocument: false, legalBasis: '', sort: 0, active: true })],
				['editing an unknown priority', () => savePriorityGroup(t.deps, admin, uniq('nenhum'), { code: uniq('p'), name: 'X', weight: 1, requiresDocument: false, legalBasis: '', sort: 0, active: true })],
				['user with an unknown role', () => createUser(t.deps, admin, { username: uniq('u'), name: 'X', password: 'segredo-123', role: 'rei', units: [] })],
				['user with an unknown organ', () => createUser(t.deps, admin, { username: uniq('u'), name: 'X', password: 'segredo-123', role: 'organ_staff', organ: uniq('nenhum') })],
				['editing an unknown user', () => updateUser(t.deps, admin, uniq('ninguem'), { name: 'X', role: 'clerk', units: [], active: true })],
				['password of an unknown user', () => resetPassword(t.deps, admin, uniq('ninguem'), { password: 'segredo-123' })],
				['audit day that does not exist', () => searchAudit(t.deps, admin, { to: '2026-02-30' })]
			];
			for (const [what, run] of bad) {
				const e = await errorOf(run());
				expect(e.status, what).toBeGreaterThanOrEqual(400);
				expect(e.status, what).toBeLessThan(500);
			}
			expect(await auditRows()).toBe(before);
			expect((await unitForAdmin(t.deps, admin, unit.slug)).counters).toHaveLength(1);
		});

		it('gives one of two simultaneous creations of the same username a 409, never a 500', async () => {
			const username = uniq('joao').replace(/-/g, '.');
			const body = { username, name: 'João', password: 'segredo-123', role: 'clerk', units: [] };
			const codes = await Promise.all([codeOf(createUser(t.deps, admin, body)), codeOf(createUser(t.deps, admin, body))]);
			expect(codes.sort()).toEqual(['ok', 'username_taken']);
		});

		it("names the organ by its code in a user edit's audit row, as on creation", async () => {
			const username = uniq('ana').replace(/-/g, '.');
			await createUser(t.deps, admin, { username, name: 'Ana', password: 'segredo-123', role: 'organ_staff', organ });
			await updateUser(t.deps, admin, username, { name: 'Ana', role: 'clerk', units: [], active: true });
			expect((await auditOf('user', 'user.update'))[0].details).toEqual({ before: { role: 'organ_staff', organ }, after: { role: 'clerk', organ: null } });
		});

		it('refuses every admin change to a manager and a clerk', async () => {
			const unit = await givenUnit(handle.db, { counters: 1 });
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			for (const actor of [manager, clerk]) {
				expect(await codeOf(createUnit(t.deps, actor, unitBody(uniq('u'))))).toBe('forbidden');
				expect(await codeOf(saveCounter(t.deps, actor, unit.slug, { number: 9, name: 'X' }))).toBe('forbidden');
				expect(await codeOf(searchAudit(t.deps, actor, {}))).toBe('forbidden');
			}
		});

		it('lists manual ticket changes in the audit trail and filters it by entity, actor and date', async () => {
			const unit = await givenUnit(handle.db, { counters: 1 });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const a = await issueTicket(t.deps, clerk, unit.slug, { service: unit.services.iptu }, 'http://vez.test');
			const b = await issueTicket(t.deps, clerk, unit.slug, { service: unit.services.iptu }, 'http://vez.test');
			await openCounter(t.deps, clerk, unit.counters[0].id, { services: [unit.services.iptu] });
			await callTicket(t.deps, clerk, unit.counters[0].id, { ticket: a.id });
			await transferTicket(t.deps, clerk, a.id, { service: unit.services.alvara });
			await cancelTicket(t.deps, clerk, b.id);
			// The trail is stamped by the database clock; pin these rows to a known instant for the date filter.
			await handle.db.updateTable('audit_log').set({ at: new Date('2026-03-10T13:00:00Z') }).where('entity_id', 'in', [a.id, b.id]).execute();
			const mine = await searchAudit(t.deps, admin, { entity: 'ticket', actor: clerk.kind === 'user' ? clerk.username : '' });
			expect(mine.map((e) => [e.action, e.entityId])).toEqual([
				['ticket.cancel', b.id],
				['ticket.transfer', a.id]
			]);
			expect(mine[1].details).toMatchObject({ number: a.number, from: 'called', to: 'waiting', toService: unit.services.alvara });
			expect(await searchAudit(t.deps, admin, { entity: 'ticket', actor: clerk.kind === 'user' ? clerk.username : '', from: '2026-03-11' })).toEqual([]);
			// 13:00Z on 10 March is 10:00 in Brasília: the 10th, local time.
			expect(await searchAudit(t.deps, admin, { entity: 'ticket', actor: clerk.kind === 'user' ? clerk.username : '', from: '2026-03-10', to: '2026-03-10' })).toHaveLength(2);
			expect(await codeOf(searchAudit(t.deps, admin, { from: '10/03/2026' }))).toBe('invalid_input');
		});
	});
}
