import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Db } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { parseProtocolNumber } from '../../../src/lib/requests/protocol-number';
import { openProtocol } from '../../../src/lib/requests/open-protocol.server';
import { findProtocol } from '../../../src/lib/requests/find-protocol.server';
import { listProtocols } from '../../../src/lib/requests/list-protocols.server';
import { changeProtocolStatus } from '../../../src/lib/requests/change-protocol-status.server';
import { escalateOverdue } from '../../../src/lib/requests/escalate-overdue.server';
import { inboxFilterOptions } from '../../../src/lib/requests/protocol-form.server';
import { lookupCitizen } from '../../../src/lib/requests/citizen-lookup.server';
import { mailProtocolReceipt, printProtocolReceipt } from '../../../src/lib/requests/protocol-receipt.server';
import { ratableProtocol, rateProtocol } from '../../../src/lib/stats/rate-protocol.server';

const ORIGIN = 'http://vez.test';
const ADDRESS = '203.0.113.7';
const cpf = (base: string) => base + cpfCheckDigits(base);
const MARIA = cpf('529982247');
const JOAO = cpf('111444777');

let n = 0;
const code = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 6)}`;

async function givenOrgan(db: Db, opts: { ombudsman?: boolean } = {}) {
	const c = code('organ');
	const row = await db
		.insertInto('organs')
		.values({ code: c, name: `Órgão ${c}`, acronym: c.slice(0, 8).toUpperCase(), is_ombudsman: opts.ombudsman ?? false })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, code: c };
}

async function givenService(
	db: Db,
	organId: string,
	opts: { amount?: number | null; unit?: 'days' | 'business_days' | 'calendar_days' | null; anonymous?: boolean } = {}
) {
	const c = code('svc');
	const row = await db
		.insertInto('services')
		.values({
			code: c,
			name: `Serviço ${c}`,
			organ_id: organId,
			theme: 'Cidade',
			subject: 'Vias',
			documents: '[]',
			steps: '[]',
			channels: '["presencial"]',
			deadline_amount: opts.amount === undefined ? 10 : opts.amount,
			deadline_unit: opts.unit === undefined ? 'business_days' : opts.unit,
			anonymous_allowed: opts.anonymous ?? false
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, code: c };
}

async function givenStaff(db: Db, organId: string): Promise<Actor> {
	const user = await givenUser(db, 'organ_staff');
	await db.updateTable('users').set({ organ_id: organId }).where('id', '=', user.id).execute();
	return { ...user, organId };
}

for (const engine of engines()) {
	describe(`protocols on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let ombudsman: { id: string; code: string };
		let ombudsmanStaff: Actor;
		let agent: Actor;
		const at = (iso: string) => (t.clock.now = new Date(iso));

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			ombudsman = await givenOrgan(handle.db, { ombudsman: true });
			ombudsmanStaff = await givenStaff(handle.db, ombudsman.id);
			agent = await givenUser(handle.db, 'agent');
			// Florianópolis observes Carnaval Monday and Tuesday as municipal holidays.
			await handle.db
				.insertInto('holidays')
				.values([
					{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: -48 }), name: 'Carnaval (segunda-feira)' },
					{ unit_id: null, rule: JSON.stringify({ kind: 'easter_offset', offset: -47 }), name: 'Carnaval (terça-feira)' }
				])
				.execute();
		});
		afterAll(() => handle.close());

		async function setup(serviceOpts: Parameters<typeof givenService>[2] = {}) {
			const organ = await givenOrgan(handle.db);
			const service = await givenService(handle.db, organ.id, serviceOpts);
			const staff = await givenStaff(handle.db, organ.id);
			const open = (body: Record<string, unknown> = {}, actor: Actor = agent) =>
				openProtocol(
					t.deps,
					actor,
					{ service: service.code, kind: 'solicitacao', description: 'Buraco na rua', citizen: { cpf: MARIA, name: 'Maria Silva', email: 'maria@example.com' }, ...body },
					ORIGIN
				);
			return { organ, service, staff, open };
		}

		it('numbers protocols per year with a check digit and consecutive sequences, and mails the receipt', async () => {
			const { open, organ, service } = await setup();
			at('2026-03-10T13:00:00Z');
			const a = await open();
			const b = await open({ citizen: { cpf: '111.444.777-35', name: 'João' } });
			expect(a.number).toMatch(/^2026\d{6}-\d$/);
			const pa = parseProtocolNumber(a.number)!;
			const pb = parseProtocolNumber(b.number)!;
			expect(pa.year).toBe(2026);
			expect(pb.seq).toBe(pa.seq + 1);
			expect(a).toMatchObject({ status: 'aberto', organ: { code: organ.code }, service: { code: service.code } });
			expect(a.accessCode).toMatch(/^[A-Z2-9]{8}$/);
			expect(a.lookupUrl).toBe(`${ORIGIN}/protocol?numero=${a.number}`);
			const mails = await handle.db.selectFrom('mail_outbox').select(['to_address', 'kind', 'subject', 'text_body']).where('ref', '=', a.number).execute();
			expect(mails).toHaveLength(1);
			expect(mails[0]).toMatchObject({ to_address: 'maria@example.com', kind: 'protocol_opened' });
			expect(mails[0].text_body).toContain(a.accessCode);
			expect(mails[0].text_body).not.toContain(MARIA);
			// No e-mail, no mail.
			expect(await handle.db.selectFrom('mail_outbox').select('id').where('ref', '=', b.number).execute()).toHaveLength(0);
		});

		it('rejects a bad CPF, a long description and an unknown service, saving nothing', async () => {
			const { open } = await setup();
			const before = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			const bad = await errorOf(open({ citizen: { cpf: '123.456.789-00', name: 'X' } }));
			expect(bad.code).toBe('invalid_input');
			expect(bad.fields).toHaveProperty(['citizen.cpf']);
			expect((await errorOf(open({ description: 'x'.repeat(4001) }))).fields).toHaveProperty('description');
			expect(await codeOf(open({ service: 'nao-existe' }))).toBe('service_not_found');
			expect(await codeOf(openProtocol(t.deps, { kind: 'anonymous' }, { service: 'x', kind: 'elogio', description: 'x', anonymous: true }, ORIGIN))).toBe('unauthenticated');
			const staff = await givenStaff(handle.db, ombudsman.id);
			expect(await codeOf(open({}, staff))).toBe('forbidden');
			const after = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			expect(Number(after.n)).toBe(Number(before.n));
		});

		it('keeps HTML in the description as text', async () => {
			const { open } = await setup();
			const p = await open({ description: '<script>alert(1)</script> buraco' });
			const view = await findProtocol(t.deps, { kind: 'anonymous' }, p.number, { cpf: MARIA });
			expect(view.description).toBe('<script>alert(1)</script> buraco');
		});

		it('refuses an anonymous request where the service does not allow it and accepts it where it does', async () => {
			const closed = await setup({ anonymous: false });
			const e = await errorOf(closed.open({ anonymous: true, citizen: undefined }));
			expect(e.code).toBe('invalid_input');
			expect(e.fields).toEqual({ anonymous: 'not_allowed' });
			expect(await codeOf(closed.open({ citizen: undefined }))).toBe('invalid_input');
			const open = await setup({ anonymous: true });
			const p = await open.open({ anonymous: true, citizen: undefined, kind: 'denuncia' });
			const view = await findProtocol(t.deps, { kind: 'anonymous' }, p.number, { code: p.accessCode });
			expect(view).toMatchObject({ anonymous: true, citizen: { cpf: null }, kind: 'denuncia' });
		});

		it('counts the due date in business days skipping Carnaval from the municipal table', async () => {
			const { open } = await setup({ amount: 2, unit: 'business_days' });
			// Friday 13 Feb 2026; Carnaval is Mon 16 and Tue 17; Ash Wednesday is a (half) business day.
			at('2026-02-13T15:00:00Z');
			const p = await open();
			expect(p.dueAt).toBe('2026-02-20T02:59:59.999Z'); // end of Thu 19 Feb in São Paulo
		});

		it('gives information requests the LAI 20 days and ombudsman kinds 30 days when the service has none', async () => {
			const { open } = await setup({ amount: null, unit: null });
			at('2026-03-06T15:00:00Z'); // a Friday
			expect((await open({ kind: 'informacao' })).dueAt).toBe('2026-03-27T02:59:59.999Z'); // end of Thu 26 Mar
			expect((await open({ kind: 'reclamacao' })).dueAt).toBe('2026-04-07T02:59:59.999Z'); // Sun 5 Apr → end of Mon 6 Apr
		});

		it('routes by region to a regional team and records why', async () => {
			const { open, service, organ } = await setup();
			const regional = await givenOrgan(handle.db);
			await handle.db
				.insertInto('service_routes')
				.values([
					{ service_id: service.id, region: 'Norte', organ_id: regional.id, team: 'Regional Norte' },
					{ service_id: service.id, region: null, organ_id: organ.id, team: 'Equipe central' }
				])
				.execute();
			const north = await open({ region: 'norte' });
			expect(north.organ.code).toBe(regional.code);
			expect(north.team).toBe('Regional Norte');
			const south = await open({ region: 'Sul' });
			expect(south.organ.code).toBe(organ.code);
			expect(south.team).toBe('Equipe central');
			// At a unit, the unit's region decides, whatever the body says.
			const unit = await givenUnit(handle.db);
			await handle.db.updateTable('units').set({ region: 'Norte' }).where('id', '=', unit.id).execute();
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const atUnit = await open({ unit: unit.slug, region: 'Sul' }, clerk);
			expect(atUnit.organ.code).toBe(regional.code);
			const row = await handle.db.selectFrom('protocols').select(['route_reason', 'region', 'channel', 'unit_id']).where('number', '=', atUnit.number).executeTakeFirstOrThrow();
			expect(row).toEqual({ route_reason: 'Rota da região Norte', region: 'Norte', channel: 'presencial', unit_id: unit.id });
			const other = await handle.db.selectFrom('protocols').select(['route_reason', 'channel']).where('number', '=', south.number).executeTakeFirstOrThrow();
			expect(other).toEqual({ route_reason: 'Rota padrão do serviço (sem rota para a região Sul)', channel: 'telefone' });
		});

		it('shows the protocol with the right CPF or access code and answers the same for a wrong one or an unknown number', async () => {
			const { open, staff } = await setup();
			const p = await open();
			const nobody: Actor = { kind: 'anonymous' };
			const byCpf = await findProtocol(t.deps, nobody, p.number, { cpf: MARIA.replace(/(\d{3})(\d{3})(\d{3})(\d{2})/, '$1.$2.$3-$4') });
			expect(byCpf).toMatchObject({ number: p.number, status: 'aberto', citizen: { cpf: `***.${MARIA.slice(3, 6)}.${MARIA.slice(6, 9)}-**` } });
			expect(byCpf.staff).toBeUndefined();
			expect(byCpf.history).toEqual([]); // the opening row is internal (it names the route)
			expect((await findProtocol(t.deps, nobody, p.number, { code: p.accessCode.toLowerCase() })).number).toBe(p.number);
			expect(await codeOf(findProtocol(t.deps, nobody, p.number, { cpf: JOAO }))).toBe('protocol_not_found');
			expect(await codeOf(findProtocol(t.deps, nobody, p.number, { code: 'AAAAAAAA' }))).toBe('protocol_not_found');
			expect(await codeOf(findProtocol(t.deps, nobody, '2026999999-0', { cpf: MARIA }))).toBe('protocol_not_found');
			expect(await codeOf(findProtocol(t.deps, nobody, 'lixo', { cpf: MARIA }))).toBe('protocol_not_found');
			expect(await codeOf(findProtocol(t.deps, nobody, p.number))).toBe('unauthenticated');
			// Staff of the organ read the full history; staff of another organ do not see it.
			const full = await findProtocol(t.deps, staff, p.number);
			expect(full.history.map((h) => h.action)).toEqual(['open']);
			expect(full.staff?.citizenName).toBe('Maria Silva');
			const stranger = await givenStaff(handle.db, (await givenOrgan(handle.db)).id);
			expect(await codeOf(findProtocol(t.deps, stranger, p.number))).toBe('protocol_not_found');
			expect((await findProtocol(t.deps, ombudsmanStaff, p.number)).number).toBe(p.number);
		});

		it('moves along the workflow with history, refuses skipped steps with 409 and mails public changes', async () => {
			const { open, staff } = await setup();
			const p = await open();
			const change = (body: Record<string, unknown>, actor: Actor = staff) => changeProtocolStatus(t.deps, actor, p.number, body, ORIGIN);
			expect(await codeOf(change({ status: 'concluido', note: 'pronto' }))).toBe('invalid_transition');
			expect(await codeOf(change({ status: 'em_analise' }, agent))).toBe('protocol_not_found');
			await change({ status: 'em_analise', note: 'Vistoria marcada', public: true });
			await change({ status: 'em_atendimento', note: 'equipe interna', public: false });
			const done = await change({ status: 'concluido', note: 'Buraco tapado', public: true });
			expect(done.status).toBe('concluido');
			expect(done.history.map((h) => [h.from, h.to])).toEqual([
				[null, 'aberto'],
				['aberto', 'em_analise'],
				['em_analise', 'em_atendimento'],
				['em_atendimento', 'concluido']
			]);
			expect(await codeOf(change({ status: 'em_analise' }))).toBe('invalid_transition');
			const mails = await handle.db.selectFrom('mail_outbox').select(['kind', 'text_body']).where('ref', '=', p.number).orderBy('seq').execute();
			expect(mails.map((m) => m.kind)).toEqual(['protocol_opened', 'protocol_status', 'protocol_status']);
			expect(mails[2].text_body).toContain('Buraco tapado');
			const citizen = await findProtocol(t.deps, { kind: 'anonymous' }, p.number, { cpf: MARIA });
			expect(citizen.history.map((h) => h.note)).toEqual(['Vistoria marcada', 'Buraco tapado']);
			expect(citizen.history.every((h) => h.author === '')).toBe(true);
		});

		it('forwards to another organ with a note, into that organ’s inbox', async () => {
			const { open, staff, organ } = await setup();
			const other = await givenOrgan(handle.db);
			const otherStaff = await givenStaff(handle.db, other.id);
			const p = await open();
			const change = (body: Record<string, unknown>, actor: Actor = staff) => changeProtocolStatus(t.deps, actor, p.number, body, ORIGIN);
			await change({ status: 'em_analise' });
			expect((await errorOf(change({ status: 'encaminhado', note: 'não é nosso' }))).fields).toEqual({ organ: 'required' });
			expect((await errorOf(change({ status: 'encaminhado', organ: other.code }))).fields).toEqual({ note: 'required' });
			expect(await codeOf(change({ status: 'encaminhado', organ: 'nao-existe', note: 'x' }))).toBe('organ_not_found');
			const moved = await change({ status: 'encaminhado', organ: other.code, note: 'Competência da outra secretaria' });
			expect(moved.organ.code).toBe(other.code);
			expect(moved.history.at(-1)).toMatchObject({ action: 'forward', fromOrgan: organ.code.slice(0, 8).toUpperCase(), note: 'Competência da outra secretaria' });
			expect((await listProtocols(t.deps, otherStaff)).map((x) => x.number)).toContain(p.number);
			expect((await listProtocols(t.deps, staff)).map((x) => x.number)).not.toContain(p.number);
			expect(await codeOf(change({ status: 'em_atendimento' }))).toBe('protocol_not_found');
			expect((await change({ status: 'em_atendimento' }, otherStaff)).status).toBe('em_atendimento');
		});

		it('lets only the ouvidoria reopen a concluded protocol, and only once', async () => {
			const { open, staff } = await setup();
			const p = await open();
			const change = (body: Record<string, unknown>, actor: Actor = staff) => changeProtocolStatus(t.deps, actor, p.number, body, ORIGIN);
			await change({ status: 'em_analise' });
			await change({ status: 'em_atendimento' });
			const concluded = await change({ status: 'concluido', note: 'feito', public: true });
			// The status form offers the reopening to the ouvidoria only.
			expect(concluded.staff?.next).toEqual([]);
			expect((await findProtocol(t.deps, ombudsmanStaff, p.number)).staff?.next).toEqual(['aberto']);
			expect(await codeOf(change({ status: 'aberto', note: 'de novo' }))).toBe('forbidden');
			expect(await codeOf(change({ status: 'aberto' }, ombudsmanStaff))).toBe('invalid_input');
			const reopened = await change({ status: 'aberto', note: 'Cidadão contestou', public: true }, ombudsmanStaff);
			expect(reopened.status).toBe('aberto');
			expect(reopened.staff?.reopenedCount).toBe(1);
			await change({ status: 'em_analise' });
			await change({ status: 'em_atendimento' });
			await change({ status: 'concluido', note: 'refeito' });
			expect((await findProtocol(t.deps, ombudsmanStaff, p.number)).staff?.next).toEqual([]);
			expect(await codeOf(change({ status: 'aberto', note: 'outra vez' }, ombudsmanStaff))).toBe('invalid_transition');
		});

		it('lists an organ’s inbox with filters', async () => {
			const { open, staff } = await setup();
			const a = await open();
			const b = await open();
			await changeProtocolStatus(t.deps, staff, b.number, { status: 'em_analise' }, ORIGIN);
			expect((await listProtocols(t.deps, staff)).map((x) => x.number).sort()).toEqual([a.number, b.number].sort());
			expect((await listProtocols(t.deps, staff, { status: 'em_analise' })).map((x) => x.number)).toEqual([b.number]);
			expect(await listProtocols(t.deps, staff, { overdue: 'true' })).toEqual([]);
			expect(await codeOf(listProtocols(t.deps, staff, { status: 'nada' }))).toBe('invalid_input');
			expect(await codeOf(listProtocols(t.deps, { kind: 'anonymous' }))).toBe('unauthenticated');
		});

		it('flags overdue protocols and escalates each once to the ouvidoria', async () => {
			const { open, staff } = await setup({ amount: 1, unit: 'calendar_days' });
			at('2026-05-04T13:00:00Z');
			const late = await open();
			const done = await open();
			for (const s of ['em_analise', 'em_atendimento', 'concluido']) await changeProtocolStatus(t.deps, staff, done.number, { status: s }, ORIGIN);
			at('2026-05-05T20:00:00Z'); // still 5 May in São Paulo: not yet due
			await escalateOverdue(t.deps);
			expect((await findProtocol(t.deps, staff, late.number)).overdue).toBe(false);
			at('2026-05-06T04:00:00Z');
			const first = await escalateOverdue(t.deps);
			expect(first.escalated).toBeGreaterThanOrEqual(1);
			const view = await findProtocol(t.deps, staff, late.number);
			expect(view).toMatchObject({ overdue: true, escalated: true });
			expect(view.history.at(-1)).toMatchObject({ action: 'escalate', toOrgan: ombudsman.code.slice(0, 8).toUpperCase(), author: 'system:overdue' });
			expect((await findProtocol(t.deps, staff, done.number)).overdue).toBe(false);
			await escalateOverdue(t.deps);
			expect((await findProtocol(t.deps, staff, late.number)).history.filter((h) => h.action === 'escalate')).toHaveLength(1);
			const inbox = await listProtocols(t.deps, ombudsmanStaff, { overdue: true });
			expect(inbox.map((x) => x.number)).toContain(late.number);
			expect(inbox.map((x) => x.number)).not.toContain(done.number);
		});

		it('looks a citizen up by CPF for staff only, from the latest protocols, audited with the CPF masked', async () => {
			const { open, staff } = await setup();
			const lonely = cpf('390533447');
			await open({ citizen: { cpf: lonely, name: 'Ana Velha', email: 'ana@example.com', phone: '48 3333-0000' } });
			await open({ citizen: { cpf: lonely, name: 'Ana Souza' } });
			const found = await lookupCitizen(t.deps, agent, { cpf: `${lonely.slice(0, 3)}.${lonely.slice(3, 6)}.${lonely.slice(6, 9)}-${lonely.slice(9)}` });
			expect(found).toMatchObject({ name: 'Ana Souza', email: 'ana@example.com', phone: '48 3333-0000', protocols: 2 });
			// The phone centre answers "how is my request?" from the citizen's latest protocols.
			expect(found?.recent.map((r) => r.status)).toEqual(['aberto', 'aberto']);
			expect(await lookupCitizen(t.deps, agent, { cpf: cpf('123456789') })).toBeNull();
			expect(await codeOf(lookupCitizen(t.deps, agent, { cpf: '111.111.111-11' }))).toBe('invalid_input');
			expect(await codeOf(lookupCitizen(t.deps, staff, { cpf: lonely }))).toBe('forbidden');
			expect(await codeOf(lookupCitizen(t.deps, { kind: 'anonymous' }, { cpf: lonely }))).toBe('unauthenticated');
			const integration: Actor = { kind: 'device', id: '00000000-0000-0000-0000-000000000001', name: 'Central', tokenKind: 'integration', unitId: null, scopes: ['protocols:create', 'protocols:read:own'] };
			expect(await codeOf(lookupCitizen(t.deps, integration, { cpf: lonely }))).toBe('forbidden');
			const audits = await handle.db.selectFrom('audit_log').select(['entity_id', 'details']).where('action', '=', 'citizen.lookup').where('entity_id', 'like', `%${lonely.slice(3, 6)}%`).execute();
			expect(audits.length).toBeGreaterThanOrEqual(1);
			for (const a of audits) expect(a.entity_id).toBe(`***.${lonely.slice(3, 6)}.${lonely.slice(6, 9)}-**`);
		});

		it('prints the receipt on the unit printer and e-mails it, with number and access code', async () => {
			const { open } = await setup();
			const unit = await givenUnit(handle.db);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const stranger = await givenUser(handle.db, 'clerk', [(await givenUnit(handle.db)).id]);
			const p = await open({ unit: unit.slug }, clerk);
			expect(await printProtocolReceipt(t.deps, clerk, p.number, ORIGIN)).toMatchObject({ status: 'no_printer' });
			await handle.db.insertInto('printers').values({ unit_id: unit.id, name: 'Balcão', host: '127.0.0.1' }).execute();
			const printed = await printProtocolReceipt(t.deps, clerk, p.number, ORIGIN);
			expect(printed).toMatchObject({ status: 'queued', printerName: 'Balcão' });
			const job = await handle.db.selectFrom('print_jobs').select(['kind', 'payload', 'ticket_id']).where('id', '=', printed.jobId).executeTakeFirstOrThrow();
			expect(job.kind).toBe('receipt');
			expect(job.payload).toMatchObject({ protocolNumber: p.number, accessCode: p.accessCode, lookupUrl: p.lookupUrl, maskedCpf: `***.${MARIA.slice(3, 6)}.${MARIA.slice(6, 9)}-**` });
			// A clerk of another unit may not read it, so it is unknown to them.
			expect(await codeOf(printProtocolReceipt(t.deps, stranger, p.number, ORIGIN))).toBe('protocol_not_found');
			expect(await codeOf(printProtocolReceipt(t.deps, clerk, '2026999999-9', ORIGIN))).toBe('protocol_not_found');
			// Opened by phone: no unit, no printer — only the e-mail.
			const byPhone = await open({ citizen: { cpf: MARIA, name: 'Maria' } });
			expect(await codeOf(printProtocolReceipt(t.deps, agent, byPhone.number, ORIGIN))).toBe('invalid_input');
			expect(await codeOf(mailProtocolReceipt(t.deps, agent, byPhone.number, '', ORIGIN))).toBe('invalid_input');
			expect(await codeOf(mailProtocolReceipt(t.deps, agent, byPhone.number, 'not-an-email', ORIGIN))).toBe('invalid_input');
			expect(await mailProtocolReceipt(t.deps, agent, byPhone.number, 'maria@outro.example', ORIGIN)).toEqual({ to: 'maria@outro.example', changed: true });
			expect(await mailProtocolReceipt(t.deps, clerk, p.number, undefined, ORIGIN)).toEqual({ to: 'maria@example.com', changed: false });
			const mails = await handle.db.selectFrom('mail_outbox').select(['to_address', 'text_body']).where('kind', '=', 'protocol_receipt').where('ref', 'in', [p.number, byPhone.number]).execute();
			expect(mails.map((m) => m.to_address).sort()).toEqual(['maria@example.com', 'maria@outro.example']);
			for (const m of mails) expect(m.text_body).toMatch(/Código de acesso: [A-Z2-9]{8}/);
			expect(await codeOf(mailProtocolReceipt(t.deps, { kind: 'anonymous' }, p.number, undefined, ORIGIN))).toBe('unauthenticated');
		});

		it('tells the inboxes of the organs involved about openings, changes, forwards and escalations', async () => {
			const { open, organ, staff } = await setup({ amount: 1, unit: 'calendar_days' });
			const other = await givenOrgan(handle.db);
			const inboxEvents = () => t.events.splice(0).filter((e) => e.event === 'inbox');
			t.events.splice(0);
			at('2026-06-01T13:00:00Z');
			const p = await open();
			expect(inboxEvents()).toEqual([{ room: `inbox:${organ.code}`, event: 'inbox', payload: { number: p.number, status: 'aberto' } }]);
			await changeProtocolStatus(t.deps, staff, p.number, { status: 'em_analise' }, ORIGIN);
			expect(inboxEvents().map((e) => [e.room, (e.payload as { status: string }).status])).toEqual([[`inbox:${organ.code}`, 'em_analise']]);
			const late = await open();
			inboxEvents();
			at('2026-06-05T13:00:00Z');
			await escalateOverdue(t.deps);
			const escalated = inboxEvents().filter((e) => (e.payload as { number: string }).number === late.number);
			expect(escalated.map((e) => e.room).sort()).toEqual([`inbox:${organ.code}`, `inbox:${ombudsman.code}`].sort());
			await changeProtocolStatus(t.deps, staff, p.number, { status: 'encaminhado', organ: other.code, note: 'Não é conosco' }, ORIGIN);
			expect(inboxEvents().map((e) => e.room).sort()).toEqual([`inbox:${organ.code}`, `inbox:${other.code}`].sort());
		});

		it("filters the inbox by the city's local days, in the configured time zone", async () => {
			const { open, staff } = await setup();
			at('2026-06-02T02:30:00Z'); // 1 June, 23:30 in São Paulo
			const lateEvening = await open();
			at('2026-06-02T03:30:00Z'); // 2 June, 00:30 in São Paulo; still 1 June in Manaus
			const pastMidnight = await open();
			const numbers = async (day: string) => (await listProtocols(t.deps, staff, { from: day, to: day })).map((x) => x.number).sort();
			expect(await numbers('2026-06-01')).toEqual([lateEvening.number]);
			expect(await numbers('2026-06-02')).toEqual([pastMidnight.number]);
			const config = t.deps.config;
			t.deps.config = { ...config, cityZone: 'America/Manaus' };
			try {
				expect(await numbers('2026-06-01')).toEqual([lateEvening.number, pastMidnight.number].sort());
				expect(await numbers('2026-06-02')).toEqual([]);
			} finally {
				t.deps.config = config;
			}
		});

		it('filters the inbox by service and region, ignoring the region’s case', async () => {
			const { open, staff, organ } = await setup();
			const second = await givenService(handle.db, organ.id);
			const north = await open({ region: 'Norte' });
			const south = await open({ region: 'Sul' });
			const other = await openProtocol(t.deps, agent, { service: second.code, kind: 'reclamacao', description: 'x', region: 'Norte', citizen: { cpf: MARIA, name: 'M' } }, ORIGIN);
			const numbers = async (f: Record<string, string>) => (await listProtocols(t.deps, staff, f)).map((x) => x.number).sort();
			expect(await numbers({ region: 'norte' })).toEqual([north.number, other.number].sort());
			expect(await numbers({ region: 'SUL' })).toEqual([south.number]);
			expect(await numbers({ service: second.code })).toEqual([other.number]);
			expect(await numbers({ service: second.code, region: 'Sul' })).toEqual([]);
			expect(await codeOf(listProtocols(t.deps, staff, { region: 'x'.repeat(81) }))).toBe('invalid_input');
			const own = await inboxFilterOptions(t.deps, staff, undefined);
			expect(own.room).toBe(`inbox:${organ.code}`);
			expect(own.organs).toEqual([]);
			expect(own.services.map((x) => x.code)).toContain(second.code);
			const admin = await givenUser(handle.db, 'admin');
			const central = await inboxFilterOptions(t.deps, admin, organ.code);
			expect(central.room).toBe(`inbox:${organ.code}`);
			expect(central.organs.map((o) => o.code)).toContain(organ.code);
			expect((await inboxFilterOptions(t.deps, admin, undefined)).room).toBeNull();
			expect(await codeOf(inboxFilterOptions(t.deps, { kind: 'anonymous' }, undefined))).toBe('unauthenticated');
		});

		it('rates a protocol once through the link of its e-mails, tied to its service and not to the citizen', async () => {
			const { open, service } = await setup();
			const p = await open();
			const mail = await handle.db.selectFrom('mail_outbox').select('text_body').where('ref', '=', p.number).where('kind', '=', 'protocol_opened').executeTakeFirstOrThrow();
			expect(mail.text_body).toContain(`${ORIGIN}/protocol/rate?numero=${p.number}&codigo=${p.accessCode}`);
			expect(await codeOf(ratableProtocol(t.deps, p.number, 'ZZZZZZZZ', ADDRESS))).toBe('protocol_not_found');
			expect(await codeOf(rateProtocol(t.deps, p.number, { score: 5 }, ADDRESS))).toBe('protocol_not_found');
			expect(await codeOf(rateProtocol(t.deps, p.number, { code: p.accessCode, score: 6 }, ADDRESS))).toBe('invalid_input');
			expect(await ratableProtocol(t.deps, p.number, p.accessCode.toLowerCase(), ADDRESS)).toMatchObject({ number: p.number, rated: false });
			expect(await rateProtocol(t.deps, p.number, { code: p.accessCode, score: 4, comment: ' Rápido ' }, ADDRESS)).toEqual({ score: 4, comment: 'Rápido', channel: 'protocol_link' });
			expect(await codeOf(rateProtocol(t.deps, p.number, { code: p.accessCode, score: 1 }, ADDRESS))).toBe('already_rated');
			expect(await ratableProtocol(t.deps, p.number, p.accessCode, ADDRESS)).toMatchObject({ rated: true });
			const rows = await handle.db.selectFrom('ratings').select(['score', 'service_id', 'channel']).where('protocol_number', '=', p.number).execute();
			expect(rows).toEqual([{ score: 4, service_id: service.id, channel: 'protocol_link' }]);
		});
	});

	if (engine.name === 'postgres') {
		describe(`protocol numbers under concurrency on ${engine.name}`, () => {
			let handle: DatabaseHandle;
			beforeAll(async () => {
				handle = await engine.open();
			});
			afterAll(() => handle.close());

			it('gives 500 openings from 10 concurrent clients 500 distinct, consecutive numbers', async () => {
				const t = testDeps(handle, { now: new Date('2027-06-01T13:00:00Z') });
				const organ = await givenOrgan(handle.db);
				const service = await givenService(handle.db, organ.id);
				const agent = await givenUser(handle.db, 'agent');
				const opened: string[] = [];
				await Promise.all(
					Array.from({ length: 10 }, async (_, client) => {
						for (let i = 0; i < 50; i++) {
							const p = await openProtocol(
								t.deps,
								agent,
								{ service: service.code, kind: 'solicitacao', description: `Pedido ${client}-${i}`, citizen: { cpf: MARIA, name: 'Maria' } },
								ORIGIN
							);
							opened.push(p.number);
						}
					})
				);
				const seqs = opened.map((n) => parseProtocolNumber(n)!.seq).sort((a, b) => a - b);
				expect(new Set(opened).size).toBe(500);
				expect(seqs).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
			}, 120_000);
		});
	}
}
