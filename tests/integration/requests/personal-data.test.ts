import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engines, testDeps } from '../engines';
import { codeOf, errorOf, givenUnit, givenUser, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { actorFromToken } from '../../../src/lib/auth/store.server';
import { createToken, listTokens } from '../../../src/lib/auth/tokens.server';
import { citizenRef, searchAudit } from '../../../src/lib/audit/audit.server';
import { openProtocol } from '../../../src/lib/requests/open-protocol.server';
import { findProtocol } from '../../../src/lib/requests/find-protocol.server';
import { inboxProtocolPage } from '../../../src/lib/requests/protocol-form.server';
import { listProtocols } from '../../../src/lib/requests/list-protocols.server';
import { lookupCitizen } from '../../../src/lib/requests/citizen-lookup.server';
import { mailProtocolReceipt } from '../../../src/lib/requests/protocol-receipt.server';
import { anonymiseCitizen, citizenReport } from '../../../src/lib/citizens/lgpd.server';

// Least privilege for citizens' personal data (issue 14 A), through the use cases on both
// engines: reads audited, token scopes, receipts, and the LGPD report and anonymisation.
// tests/integration/api/privileges-http.test.ts walks the whole privilege table over HTTP.
const ORIGIN = 'http://vez.test';
const cpf = (base: string) => base + cpfCheckDigits(base);
const ANA = cpf('390533447');
const BIA = cpf('714602380');

for (const engine of engines()) {
	describe(`personal data on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let clerk: Extract<Actor, { kind: 'user' }>;
		let admin: Actor;
		const service = () => unit.services.iptu;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			unit = await givenUnit(handle.db);
			clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			admin = await givenUser(handle.db, 'admin');
		});
		afterAll(() => handle?.close());

		const open = (actor: Actor, citizen: Record<string, string> = { cpf: ANA, name: 'Ana Lima', email: 'ana@example.com', phone: '48 3333-0000' }, extra = {}) =>
			openProtocol(t.deps, actor, { service: service(), kind: 'solicitacao', description: 'Segunda via', citizen, ...extra }, ORIGIN);
		const trail = (action: string, entityId: string) =>
			handle.db.selectFrom('audit_log').select(['actor', 'details']).where('action', '=', action).where('entity_id', '=', entityId).orderBy('id').execute();

		async function integration(scopes: string[] | undefined, name = 'Central 156') {
			const secret = randomBytes(16).toString('hex');
			await createToken(t.deps, admin, { kind: 'integration', name, ...(scopes ? { scopes } : {}) }, secret);
			return (await actorFromToken(handle.db, secret, t.clock.now)) as Extract<Actor, { kind: 'device' }>;
		}

		it('audits every read of a protocol that shows who the citizen is, naming the reader, the protocol and the route', async () => {
			const p = await open(clerk, undefined, { unit: unit.slug });
			// The inbox's protocol page, with the organs it may be forwarded to.
			const page = await inboxProtocolPage(t.deps, clerk, p.number);
			expect(page.protocol.staff?.citizenName).toBe('Ana Lima');
			expect(page.organs.length).toBeGreaterThan(0);
			const rows = await trail('protocol.read', p.number);
			expect(rows).toEqual([{ actor: `user:${clerk.username}`, details: { via: 'screen /inbox/[number]', citizen: await citizenRef(handle.db, ANA) } }]);
			// The citizen's own look-up is not a staff read.
			await findProtocol(t.deps, { kind: 'anonymous' }, p.number, { cpf: ANA });
			expect(await trail('protocol.read', p.number)).toHaveLength(1);
			// The trail shows it, by action and by citizen (the CPF itself is nowhere in it).
			const byCitizen = await searchAudit(t.deps, admin, { citizen: await citizenRef(handle.db, ANA), action: 'protocol.read' });
			expect(byCitizen.map((e) => e.entityId)).toContain(p.number);
			const all = await handle.db.selectFrom('audit_log').select('details').execute();
			expect(JSON.stringify(all)).not.toContain(ANA);
		});

		it('gives integration tokens the scopes chosen, a safe default, and personal data only with its scope', async () => {
			const plain = await integration(undefined);
			expect(plain.scopes).toEqual(['protocols:create', 'protocols:read:own', 'open311']);
			const p = await open(plain);
			const own = await findProtocol(t.deps, plain, p.number);
			expect(own.staff).toBeUndefined();
			expect(own.citizen.cpf).toBeNull();
			expect(JSON.stringify(own)).not.toMatch(/Ana Lima|ana@example|3333/);
			expect(await trail('protocol.read', p.number)).toEqual([]);
			// Another integration, even with the same name, reads none of it.
			const twin = await integration(['protocols:read:own'], 'Central 156');
			expect(await codeOf(findProtocol(t.deps, twin, p.number))).toBe('protocol_not_found');
			expect((await listProtocols(t.deps, twin)).map((x) => x.number)).not.toContain(p.number);
			expect((await listProtocols(t.deps, plain)).map((x) => x.number)).toEqual([p.number]);
			// Reading everything is a scope of its own; personal data another, audited with the token's id.
			const bi = await integration(['protocols:read:all']);
			expect((await findProtocol(t.deps, bi, p.number)).staff).toBeUndefined();
			const crm = await integration(['protocols:read:all', 'protocols:read:personal']);
			expect((await findProtocol(t.deps, crm, p.number, {}, { via: 'GET /api/v1/protocols/{number}' })).staff?.citizenEmail).toBe('ana@example.com');
			expect((await trail('protocol.read', p.number)).map((r) => r.details)).toEqual([
				{ via: 'GET /api/v1/protocols/{number}', citizen: await citizenRef(handle.db, ANA), token: crm.id }
			]);
			// Without a read scope a token lists nothing and opens nothing it is not allowed to.
			const writer = await integration(['protocols:create']);
			expect(await codeOf(listProtocols(t.deps, writer))).toBe('forbidden');
			const reader = await integration(['protocols:read:all']);
			expect(await codeOf(open(reader))).toBe('forbidden');
			expect((await listTokens(t.deps, admin)).find((x) => x.id === crm.id)?.scopes).toEqual(['protocols:read:all', 'protocols:read:personal']);
		});

		it('refuses scopes that make no sense, naming the field', async () => {
			const fail = (body: Record<string, unknown>) => errorOf(createToken(t.deps, admin, { name: 'X', ...body }));
			for (const body of [
				{ kind: 'integration', scopes: [] },
				{ kind: 'integration', scopes: ['protocols:read:personal'] },
				{ kind: 'integration', scopes: ['admin'] },
				{ kind: 'kiosk', unit: unit.slug, scopes: ['queue:read'] }
			]) {
				const e = await fail(body);
				expect(e.code, JSON.stringify(body)).toBe('invalid_input');
				expect(Object.keys(e.fields ?? {}).some((k) => k.startsWith('scopes')), JSON.stringify(body)).toBe(true);
			}
			const kiosk = await createToken(t.deps, admin, { kind: 'kiosk', unit: unit.slug, name: 'Totem' });
			expect(kiosk.scopes).toEqual([]);
		});

		it('mails the receipt only to the protocol’s address, or records a new one given at the desk with the trail', async () => {
			const p = await open(clerk, undefined, { unit: unit.slug });
			expect(await mailProtocolReceipt(t.deps, clerk, p.number, 'ANA@example.com', ORIGIN)).toEqual({ to: 'ANA@example.com', changed: false });
			expect(await mailProtocolReceipt(t.deps, clerk, p.number, 'ana.nova@example.com', ORIGIN)).toEqual({ to: 'ana.nova@example.com', changed: true });
			const row = await handle.db.selectFrom('protocols').select('citizen_email').where('number', '=', p.number).executeTakeFirstOrThrow();
			expect(row.citizen_email).toBe('ana.nova@example.com');
			expect((await trail('protocol.email_change', p.number)).map((r) => r.details)).toEqual([
				{ before: 'ana@example.com', after: 'ana.nova@example.com', citizen: await citizenRef(handle.db, ANA) }
			]);
			expect((await trail('protocol.receipt_mail', p.number)).map((r) => (r.details as { to: string }).to)).toEqual(['ANA@example.com', 'ana.nova@example.com']);
			// A clerk elsewhere cannot send it anywhere: to them the protocol does not exist.
			const stranger = await givenUser(handle.db, 'clerk', [(await givenUnit(handle.db)).id]);
			expect(await codeOf(mailProtocolReceipt(t.deps, stranger, p.number, 'thief@example.com', ORIGIN))).toBe('protocol_not_found');
			const mails = await handle.db.selectFrom('mail_outbox').select('to_address').where('kind', '=', 'protocol_receipt').where('ref', '=', p.number).execute();
			expect(mails.map((m) => m.to_address).sort()).toEqual(['ANA@example.com', 'ana.nova@example.com']);
		});

		it('keeps an anonymous request without an address', async () => {
			await handle.db.updateTable('services').set({ anonymous_allowed: true }).where('code', '=', service()).execute();
			const p = await openProtocol(t.deps, clerk, { service: service(), kind: 'denuncia', description: 'Obra irregular', anonymous: true, unit: unit.slug }, ORIGIN);
			const e = await errorOf(mailProtocolReceipt(t.deps, clerk, p.number, 'someone@example.com', ORIGIN));
			expect(e.fields).toEqual({ email: 'anonymous' });
		});

		it('reports everything held about a CPF to an admin and anonymises it on request, keeping the figures', async () => {
			const agent = await givenUser(handle.db, 'agent');
			const first = await open(agent, { cpf: BIA, name: 'Bia Souza', email: 'bia@example.com' });
			const second = await open(clerk, { cpf: BIA, name: 'Bia Souza', phone: '48 9999-0000' }, { unit: unit.slug });
			const other = await open(clerk, { cpf: ANA, name: 'Ana Lima' }, { unit: unit.slug });
			await lookupCitizen(t.deps, agent, { cpf: BIA }, 'screen /protocolos/novo');
			await findProtocol(t.deps, clerk, second.number, {}, { via: 'screen /inbox/[number]' });
			// An appointment still ahead (its place taken) and one attended, with its ticket and rating.
			const serviceId = (await handle.db.selectFrom('services').select('id').where('code', '=', service()).executeTakeFirstOrThrow()).id;
			const ahead = new Date('2026-03-20T13:00:00Z');
			await handle.db.insertInto('appointment_slots').values({ unit_id: unit.id, service_id: serviceId, start_at: ahead, booked: 1 }).execute();
			const appointment = (code: string, start: Date, status: 'booked' | 'checked_in') =>
				handle.db
					.insertInto('appointments')
					.values({
						code,
						unit_id: unit.id,
						service_id: serviceId,
						start_at: start,
						end_at: new Date(start.getTime() + 20 * 60_000),
						status,
						citizen_cpf: BIA,
						citizen_name: 'Bia Souza',
						citizen_email: 'bia@example.com',
						manage_token_hash: randomBytes(16).toString('hex'),
						booked_by: 'public'
					})
					.returning('id')
					.executeTakeFirstOrThrow();
			await appointment('BIA2', ahead, 'booked');
			const past = await appointment('BIA1', new Date('2026-03-02T13:00:00Z'), 'checked_in');
			const ticket = await handle.db
				.insertInto('tickets')
				.values({ public_id: randomBytes(12).toString('hex'), unit_id: unit.id, service_id: serviceId, number: 'A001', day: '2026-03-02', issued_by: 'kiosk:Totem', appointment_id: past.id, status: 'done' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await handle.db.insertInto('ratings').values({ ticket_id: ticket.id, score: 5, service_id: serviceId, unit_id: unit.id, channel: 'ticket_page' }).execute();
			// A ticket she took before arriving, with the e-mail her records give (typed in other case).
			const remote = await handle.db
				.insertInto('tickets')
				.values({ public_id: randomBytes(12).toString('hex'), unit_id: unit.id, service_id: serviceId, number: 'A002', day: '2026-03-02', issued_by: 'anonymous', channel: 'remote', status: 'expired' })
				.returning('id')
				.executeTakeFirstOrThrow();
			await handle.db
				.insertInto('remote_ticket_contacts')
				.values({ ticket_id: remote.id, phone: null, email: 'Bia@Example.com', lang: 'pt-BR', consent_text: 'Autorizo o uso deste contato para esta senha.', consent_at: new Date('2026-03-02T11:00:00Z') })
				.execute();
			await handle.db.insertInto('mail_outbox').values({ to_address: 'bia@example.com', subject: 'Lembrete', text_body: 'x', kind: 'appointment_reminder', ref: 'BIA2' }).execute();

			expect(await codeOf(citizenReport(t.deps, clerk, { cpf: BIA }))).toBe('forbidden');
			expect(await codeOf(citizenReport(t.deps, admin, { cpf: '123' }))).toBe('invalid_input');
			const report = await citizenReport(t.deps, admin, { cpf: BIA }, 'screen /admin/citizens');
			expect(report.cpf).toBe(`***.${BIA.slice(3, 6)}.${BIA.slice(6, 9)}-**`);
			expect(report.protocols.map((p) => p.number).sort()).toEqual([first.number, second.number].sort());
			expect(report.protocols.find((p) => p.number === second.number)).toMatchObject({ name: 'Bia Souza', phone: '48 9999-0000', unit: unit.slug });
			expect(report.appointments.map((a) => [a.code, a.status])).toEqual([['BIA2', 'booked'], ['BIA1', 'checked_in']]);
			expect(report.tickets).toEqual([expect.objectContaining({ number: 'A001', linkedTo: 'appointment:BIA1' })]);
			expect(report.ratings).toEqual([expect.objectContaining({ score: 5, linkedTo: 'ticket:A001' })]);
			expect(report.ticketContacts).toEqual([expect.objectContaining({ number: 'A002', status: 'expired', email: 'Bia@Example.com', consentText: 'Autorizo o uso deste contato para esta senha.' })]);
			expect(report.mails.map((m) => m.to)).toContain('bia@example.com');
			const actions = report.audit.map((a) => `${a.action} ${a.actor}`);
			expect(actions).toEqual(expect.arrayContaining([`citizen.lookup user:${agent.username}`, `protocol.read user:${clerk.username}`, 'citizen.report user:' + (admin.kind === 'user' ? admin.username : '')]));
			expect(JSON.stringify(report)).not.toContain('Ana Lima');

			const protocolsBefore = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
			expect(await codeOf(anonymiseCitizen(t.deps, clerk, { cpf: BIA, reason: 'Pedido 123' }))).toBe('forbidden');
			expect((await errorOf(anonymiseCitizen(t.deps, admin, { cpf: BIA }))).fields).toHaveProperty('reason');
			const done = await anonymiseCitizen(t.deps, admin, { cpf: BIA, reason: 'Pedido LGPD 2026/7' });
			expect(done).toEqual({ cpf: report.cpf, protocols: 2, appointments: 2, cancelled: 1, mails: 2, chats: 0, ticketContacts: 1 });
			expect(await handle.db.selectFrom('remote_ticket_contacts').select(['phone', 'email', 'consent_text']).where('ticket_id', '=', remote.id).execute()).toEqual([
				{ phone: null, email: null, consent_text: 'Autorizo o uso deste contato para esta senha.' }
			]);
			const wiped = await handle.db
				.selectFrom('protocols')
				.select(['citizen_cpf', 'citizen_name', 'citizen_email', 'citizen_phone', 'status', 'anonymised_at'])
				.where('number', 'in', [first.number, second.number])
				.execute();
			for (const w of wiped) expect(w).toMatchObject({ citizen_cpf: null, citizen_name: null, citizen_email: null, citizen_phone: null, status: 'aberto' });
			const appointments = await handle.db.selectFrom('appointments').select(['code', 'status', 'citizen_cpf', 'citizen_name']).where('code', 'in', ['BIA1', 'BIA2']).orderBy('code').execute();
			expect(appointments).toEqual([
				{ code: 'BIA1', status: 'checked_in', citizen_cpf: null, citizen_name: null },
				{ code: 'BIA2', status: 'cancelled', citizen_cpf: null, citizen_name: null }
			]);
			expect((await handle.db.selectFrom('appointment_slots').select('booked').where('start_at', '=', ahead).where('unit_id', '=', unit.id).executeTakeFirstOrThrow()).booked).toBe(0);
			// The figures stay: the same protocols, the ticket and its rating; the other citizen is untouched.
			const protocolsAfter = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
			expect(Number(protocolsAfter.n)).toBe(Number(protocolsBefore.n));
			expect(await handle.db.selectFrom('ratings').select('score').where('ticket_id', '=', ticket.id).execute()).toEqual([{ score: 5 }]);
			expect((await findProtocol(t.deps, clerk, other.number)).staff?.citizenName).toBe('Ana Lima');
			// Afterwards the CPF holds nothing, but who read it before (and the anonymisation) is still on record.
			const after = await citizenReport(t.deps, admin, { cpf: BIA });
			expect([after.protocols, after.appointments, after.mails]).toEqual([[], [], []]);
			expect(after.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['citizen.anonymise', 'citizen.lookup', 'protocol.read']));
			const anonymiseRow = await handle.db.selectFrom('audit_log').select('details').where('action', '=', 'citizen.anonymise').executeTakeFirstOrThrow();
			expect(anonymiseRow.details).toMatchObject({ reason: 'Pedido LGPD 2026/7', protocols: expect.arrayContaining([first.number, second.number]), cancelled: 1 });
		});
	});
}
