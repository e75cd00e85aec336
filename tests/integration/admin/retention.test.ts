import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser } from '../given';
import { ANONYMOUS, type Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { anonymiseOldCitizenData, retentionForAdmin, setRetention } from '../../../src/lib/citizens/retention.server';
import { saveService } from '../../../src/lib/catalogue/admin-catalogue.server';
import { saveOrgan } from '../../../src/lib/organs/admin-organs.server';
import { openProtocol } from '../../../src/lib/requests/open-protocol.server';
import { changeProtocolStatus } from '../../../src/lib/requests/change-protocol-status.server';
import { searchAudit } from '../../../src/lib/audit/audit.server';
import { setCapacity } from '../../../src/lib/appointments/capacity.server';
import { bookAppointment } from '../../../src/lib/appointments/book.server';

const MARIA = '529982247' + cpfCheckDigits('529982247');

for (const engine of engines()) {
	describe(`data retention on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let admin: Actor;
		const service = `retencao-${engine.name}`;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2025-01-10T13:00:00Z') });
			admin = await givenUser(handle.db, 'admin');
			await saveOrgan(t.deps, admin, null, { code: 'ouvidoria-teste', name: 'Ouvidoria', acronym: 'OUV', ombudsman: true });
			await saveService(t.deps, admin, null, {
				code: service, name: 'Reclamação', organ: 'ouvidoria-teste', theme: 'Cidade', subject: 'Geral', description: '', audience: '', requirements: '',
				documents: [], steps: [], deadlineAmount: 10, deadlineUnit: 'calendar_days', delivery: '', fees: '', legalBasis: '', channels: ['web'],
				anonymousAllowed: false, expectedWaitMinutes: 15, expectedServiceMinutes: 10, complaints: '', keywords: '', active: true
			});
		});
		afterAll(() => handle.close());

		const open = () =>
			openProtocol(t.deps, admin, { service, kind: 'reclamacao', description: 'Calçada quebrada', citizen: { cpf: MARIA, name: 'Maria Silva', email: 'maria@example.com', phone: '48999990000' } }, 'http://vez.test');
		const citizenOf = (number: string) =>
			handle.db.selectFrom('protocols').select(['citizen_cpf', 'citizen_name', 'citizen_email', 'citizen_phone', 'anonymised_at', 'description', 'status']).where('number', '=', number).executeTakeFirstOrThrow();

		it('blanks the citizen of closed protocols older than the period, once, and audits the setting and the run', async () => {
			expect(await anonymiseOldCitizenData(t.deps)).toEqual({ protocols: 0, appointments: 0 }); // no period set: keeps everything
			const oldClosed = await open();
			await changeProtocolStatus(t.deps, admin, oldClosed.number, { status: 'cancelado', note: 'Duplicado', public: true }, 'http://vez.test');
			const oldOpen = await open();
			t.clock.now = new Date('2026-03-01T13:00:00Z');
			const recentClosed = await open();
			await changeProtocolStatus(t.deps, admin, recentClosed.number, { status: 'cancelado', note: 'Duplicado', public: false }, 'http://vez.test');

			expect(await codeOf(setRetention(t.deps, admin, { anonymiseAfterMonths: 0 }))).toBe('invalid_input');
			await setRetention(t.deps, admin, { anonymiseAfterMonths: 12 });
			expect(await retentionForAdmin(t.deps, admin)).toEqual({ anonymiseAfterMonths: 12 });

			// Two processes running the job at once anonymise each protocol exactly once.
			const counts = await Promise.all([anonymiseOldCitizenData(t.deps), anonymiseOldCitizenData(t.deps)]);
			expect(counts.reduce((a, b) => a + b.protocols, 0)).toBe(1);
			expect(await anonymiseOldCitizenData(t.deps)).toEqual({ protocols: 0, appointments: 0 });

			expect(await citizenOf(oldClosed.number)).toMatchObject({
				citizen_cpf: null, citizen_name: null, citizen_email: null, citizen_phone: null, description: 'Calçada quebrada', status: 'cancelado'
			});
			expect((await citizenOf(oldClosed.number)).anonymised_at).not.toBeNull();
			// Its e-mails (opened, status) left the outbox with it; the others' stay.
			const mailsOf = (number: string) => handle.db.selectFrom('mail_outbox').select('to_address').where('ref', '=', number).execute();
			expect(await mailsOf(oldClosed.number)).toEqual([]);
			expect(await mailsOf(oldOpen.number)).toHaveLength(1);
			expect(await citizenOf(oldOpen.number)).toMatchObject({ citizen_cpf: MARIA, anonymised_at: null });
			expect(await citizenOf(recentClosed.number)).toMatchObject({ citizen_cpf: MARIA, anonymised_at: null });

			const trail = await searchAudit(t.deps, admin, { entity: 'setting' });
			expect(trail[0]).toMatchObject({ action: 'retention.update', details: { before: { anonymiseAfterMonths: null }, after: { anonymiseAfterMonths: 12 } } });
			const runs = await searchAudit(t.deps, admin, { actor: 'system:retention' });
			expect(runs.map((r) => [r.details.count, r.details.mails])).toEqual([[1, 2]]);
			const statusChanges = await searchAudit(t.deps, admin, { entity: 'protocol', entityId: oldClosed.number });
			expect(statusChanges).toMatchObject([{ action: 'protocol.status', details: { from: 'aberto', to: 'cancelado' } }]);
		});

		it('blanks the citizen of old appointments that are no longer active, once, keeping booked and recent ones', async () => {
			const unit = await givenUnit(handle.db);
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const day = { start: '08:00', end: '18:00', slotMinutes: 30, places: 5 };
			const windows = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [day]]));
			await setCapacity(t.deps, manager, unit.slug, unit.services.iptu, {
				template: { windows, walkInShare: 0, horizonDays: 30, minNoticeMinutes: 0, oneActivePerCpf: false }
			});
			const book = async (start: string, status: 'booked' | 'checked_in' | 'cancelled' | 'no_show') => {
				const { code } = await bookAppointment(
					t.deps,
					ANONYMOUS,
					{ unit: unit.slug, service: unit.services.iptu, start, citizen: { cpf: MARIA, name: 'Maria Silva', email: 'maria@example.com', phone: '48999990000' } },
					'http://vez.test'
				);
				await handle.db.updateTable('appointments').set({ status }).where('code', '=', code).execute();
				return code;
			};
			// Monday 13 January 2025, 08:00 in São Paulo.
			t.clock.now = new Date('2025-01-13T11:00:00Z');
			const old = {
				checkedIn: await book('2025-01-13T09:00:00-03:00', 'checked_in'),
				cancelled: await book('2025-01-14T10:00:00-03:00', 'cancelled'),
				noShow: await book('2025-01-15T11:00:00-03:00', 'no_show'),
				booked: await book('2025-01-16T12:00:00-03:00', 'booked')
			};
			t.clock.now = new Date('2026-02-02T11:00:00Z');
			const recentCancelled = await book('2026-02-03T09:00:00-03:00', 'cancelled');
			t.clock.now = new Date('2026-03-01T13:00:00Z');
			await setRetention(t.deps, admin, { anonymiseAfterMonths: 12 });

			const counts = await Promise.all([anonymiseOldCitizenData(t.deps), anonymiseOldCitizenData(t.deps)]);
			expect(counts.reduce((a, b) => a + b.appointments, 0)).toBe(3);
			expect(await anonymiseOldCitizenData(t.deps)).toEqual({ protocols: 0, appointments: 0 });

			const citizenOf = (code: string) =>
				handle.db.selectFrom('appointments').select(['citizen_cpf', 'citizen_name', 'citizen_email', 'citizen_phone', 'anonymised_at', 'status', 'start_at']).where('code', '=', code).executeTakeFirstOrThrow();
			for (const code of [old.checkedIn, old.cancelled, old.noShow]) {
				const row = await citizenOf(code);
				expect(row).toMatchObject({ citizen_cpf: null, citizen_name: null, citizen_email: null, citizen_phone: null });
				expect(row.anonymised_at).not.toBeNull();
			}
			expect(await citizenOf(old.noShow)).toMatchObject({ status: 'no_show', start_at: new Date('2025-01-15T14:00:00Z') });
			expect(await citizenOf(old.booked)).toMatchObject({ citizen_cpf: MARIA, citizen_name: 'Maria Silva', anonymised_at: null });
			expect(await citizenOf(recentCancelled)).toMatchObject({ citizen_cpf: MARIA, anonymised_at: null });
			// Their confirmation e-mails (address and name) go with them; the others' stay.
			const mailsTo = async (code: string) => (await handle.db.selectFrom('mail_outbox').select('id').where('ref', '=', code).execute()).length;
			for (const code of [old.checkedIn, old.cancelled, old.noShow]) expect(await mailsTo(code)).toBe(0);
			expect(await mailsTo(old.booked)).toBe(1);
			expect(await mailsTo(recentCancelled)).toBe(1);
			const runs = await searchAudit(t.deps, admin, { actor: 'system:retention', entity: 'appointment' });
			expect(runs.map((r) => [r.details.count, r.details.mails])).toEqual([[3, 3]]);
		});
	});
}
