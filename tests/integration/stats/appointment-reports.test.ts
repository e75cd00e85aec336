import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { summariseClosedDays } from '../../../src/lib/stats/summarise-closed-days.server';
import { markNoShows } from '../../../src/lib/appointments/jobs.server';
import { engines, testDeps } from '../engines';
import { givenUnit, givenUser, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Actor } from '../../../src/lib/auth/actor';
import { generateAppointments, generateDay, seededRandom, type HistoryAppointment, type HistoryTicket } from '../../../src/lib/demo/history';
import { historyUnits, insertHistory } from '../../../src/lib/demo/history.server';
import { statsReport, unitStats } from '../../../src/lib/stats/reports.server';
import { exportReport } from '../../../src/lib/stats/report-export.server';

const DAY = '2026-03-03'; // a Tuesday
const HOURS = { tue: [['08:00', '17:00']] as [string, string][], wed: [['08:00', '17:00']] as [string, string][] };
const MORNING = { start: '08:00', end: '12:00', slotMinutes: 20, places: 4 };
const AFTERNOON = { start: '13:00', end: '17:00', slotMinutes: 30, places: 2 };
const template = (windows: object[], walkInShare: number) => JSON.stringify({ windows: { tue: windows, wed: windows }, walkInShare, horizonDays: 30, minNoticeMinutes: 60 });

/** The appointment figures of a list, computed here from the generated rows, not by the SQL under test. */
function expected(appointments: readonly HistoryAppointment[], tickets: readonly HistoryTicket[]) {
	const attended = appointments.filter((a) => a.status === 'checked_in').length;
	const noShow = appointments.filter((a) => a.status === 'no_show').length;
	const late = tickets
		.filter((t) => t.appointment && appointments.includes(t.appointment) && t.calledAt)
		.map((t) => Math.max(0, (t.calledAt!.getTime() - t.appointment!.start.getTime()) / 1000));
	return {
		booked: appointments.length,
		attended,
		noShow,
		cancelled: appointments.filter((a) => a.status === 'cancelled').length,
		attendedShare: attended + noShow ? attended / (attended + noShow) : null,
		waitAfterStart: late.length ? Math.round(late.reduce((a, b) => a + b, 0) / late.length) : null
	};
}

/** A cancelled appointment at a local time of the unit (São Paulo, UTC−3), to test the local-day cut. */
function cancelledAt(unitId: string, serviceId: string, utc: string): HistoryAppointment {
	const start = new Date(utc);
	return {
		unitId,
		serviceId,
		start,
		end: new Date(start.getTime() + 20 * 60_000),
		status: 'cancelled',
		createdAt: new Date(start.getTime() - 86_400_000),
		arrivedAt: null,
		cancelledAt: new Date(start.getTime() - 3_600_000),
		noShowAt: null,
		citizenCpf: '52998224725',
		citizenName: 'Maria da Silva',
		citizenPhone: '(48) 99999-0000'
	};
}

for (const engine of engines()) {
	describe(`appointment reports on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let manager: Actor;
		let appointments: HistoryAppointment[];
		let tickets: HistoryTicket[];
		let serviceIds: Record<string, string>;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-05T15:00:00Z') });
			unit = await givenUnit(handle.db, { counters: 3, hours: HOURS });
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			await givenUser(handle.db, 'clerk', [unit.id]);
			const services = await handle.db.selectFrom('services').select(['id', 'code']).where('code', 'in', Object.values(unit.services)).execute();
			serviceIds = Object.fromEntries(Object.entries(unit.services).map(([k, code]) => [k, services.find((s) => s.code === code)!.id]));
			await handle.db
				.insertInto('appointment_capacity')
				.values([
					{ unit_id: unit.id, service_id: serviceIds.iptu, template: template([MORNING], 0.25) },
					{ unit_id: unit.id, service_id: serviceIds.alvara, template: template([AFTERNOON], 0) }
				])
				.execute();
			const [history] = await historyUnits(handle.db, [unit.slug]);
			appointments = generateAppointments(history, DAY, seededRandom(11), 0.6);
			tickets = generateDay(history, DAY, seededRandom(12), { appointments });
			// 23:30 of DAY in São Paulo is the next day in UTC; 00:30 of the next day is not DAY.
			const edges = [cancelledAt(unit.id, serviceIds.iptu, '2026-03-04T02:30:00Z'), cancelledAt(unit.id, serviceIds.iptu, '2026-03-04T03:30:00Z')];
			await insertHistory(handle.db, tickets, t.clock.now, [...appointments, ...edges]);
			appointments.push(edges[0]);
		});
		afterAll(() => handle?.close());

		it('generates appointments within capacity, checked in as appointment tickets, with no-shows and cancellations', async () => {
			expect(appointments.length).toBeGreaterThan(20);
			for (const status of ['checked_in', 'no_show', 'cancelled'] as const) expect(appointments.some((a) => a.status === status), status).toBe(true);
			const checkedIn = appointments.filter((a) => a.status === 'checked_in');
			const appointmentTickets = tickets.filter((x) => x.appointment);
			expect(appointmentTickets.map((x) => x.appointment)).toEqual(expect.arrayContaining(checkedIn));
			expect(appointmentTickets).toHaveLength(checkedIn.length);
			expect(appointmentTickets.every((x) => x.channel === 'appointment')).toBe(true);
			// Walk-ins are most of the day; appointments a share of it.
			expect(appointmentTickets.length).toBeLessThan(tickets.length / 2);
			// The slots hold what was not cancelled, never more than their bookable places (3 of 4 in the morning, 2 in the afternoon).
			const slots = await handle.db.selectFrom('appointment_slots').select(['service_id', 'booked']).where('unit_id', '=', unit.id).execute();
			expect(slots.reduce((n, s) => n + s.booked, 0)).toBe(appointments.filter((a) => a.status !== 'cancelled').length);
			for (const s of slots) expect(s.booked).toBeLessThanOrEqual(s.service_id === serviceIds.iptu ? 3 : 2);
			const linked = await handle.db.selectFrom('tickets').select(sql<number>`count(*)::int`.as('n')).where('appointment_id', 'is not', null).executeTakeFirstOrThrow();
			expect(linked.n).toBe(checkedIn.length);
		});

		it('reports booked, attended, no-show, cancelled, attendance and the wait after the booked time', async () => {
			const report = await statsReport(t.deps, manager, { from: DAY, to: DAY });
			const want = expected(appointments, tickets);
			expect(want.waitAfterStart).not.toBeNull();
			expect(report.appointments.summary).toMatchObject({ ...want, attendedShare: expect.any(Number) });
			expect(report.appointments.summary.attendedShare).toBeCloseTo(want.attendedShare!, 10);
			expect(report.appointments.day).toEqual([expect.objectContaining({ key: DAY, booked: want.booked, attended: want.attended })]);
			expect(report.appointments.unit).toEqual([expect.objectContaining({ key: unit.slug, booked: want.booked, cancelled: want.cancelled })]);
			for (const [name, id] of Object.entries(serviceIds)) {
				const row = report.appointments.service.find((r) => r.key === unit.services[name])!;
				const mine = expected(
					appointments.filter((a) => a.serviceId === id),
					tickets
				);
				expect(row, name).toMatchObject({ booked: mine.booked, attended: mine.attended, noShow: mine.noShow, cancelled: mine.cancelled, waitAfterStart: mine.waitAfterStart });
			}
			// The ticket tables count the check-ins as tickets of the 'appointment' channel.
			const byChannel = await statsReport(t.deps, manager, { from: DAY, to: DAY, channels: ['appointment'] });
			expect(byChannel.summary.issued).toBe(want.attended);
			// A service filter narrows the appointments too; the next local day holds only the 00:30 one.
			const alvara = await statsReport(t.deps, manager, { from: DAY, to: DAY, services: [unit.services.alvara] });
			expect(alvara.appointments.summary.booked).toBe(appointments.filter((a) => a.serviceId === serviceIds.alvara).length);
			const next = await statsReport(t.deps, manager, { from: '2026-03-04', to: '2026-03-04' });
			expect(next.appointments.summary).toMatchObject({ booked: 1, cancelled: 1, attendedShare: null, waitAfterStart: null });
		});

		it('adds the counts to the unit summary API and the CSV export', async () => {
			const want = expected(appointments, tickets);
			const stats = await unitStats(t.deps, manager, unit.slug, { from: DAY, to: DAY });
			expect(stats.appointments).toEqual({ booked: want.booked, attended: want.attended, noShow: want.noShow, cancelled: want.cancelled });
			const file = await exportReport(t.deps, manager, 'pt-BR', 'appointmentsByService', { from: DAY, to: DAY });
			const lines = file.body.trim().split('\n');
			expect(lines[0]).toBe('Serviço,Agendados,Compareceram,Não compareceram,Cancelados,Comparecimento (%),Espera após o horário');
			expect(lines).toHaveLength(2 + Object.keys(serviceIds).length);
			expect(lines.at(-1)).toMatch(new RegExp(`^Total,${want.booked},${want.attended},${want.noShow},${want.cancelled},`));
		});

		it('reads the same appointment figures once the days are summarised', async () => {
			const queries = [
				{ from: DAY, to: DAY },
				{ from: '2026-03-04', to: '2026-03-04' },
				{ from: DAY, to: DAY, services: [unit.services.alvara] },
				{ from: '2026-03-01', to: '2026-03-31' },
				// Filters on channel, priority or clerk narrow the tickets, never the appointments.
				{ from: DAY, to: DAY, channels: ['appointment'] },
				{ from: '2026-03-01', to: '2026-03-31', priorities: ['normal'] },
				{ from: '2026-03-01', to: '2026-03-31', services: [unit.services.alvara], channels: ['kiosk', 'appointment'] }
			];
			const before = [];
			for (const q of queries) before.push((await statsReport(t.deps, manager, q)).appointments);
			const written = t.clock.now;
			t.clock.now = new Date('2026-04-10T15:00:00Z');
			try {
				expect(await summariseClosedDays(t.deps)).toBeGreaterThan(0);
				for (const [i, q] of queries.entries()) expect((await statsReport(t.deps, manager, q)).appointments, JSON.stringify(q)).toEqual(before[i]);

				// An appointment the no-show job had not reached when its day was summarised (a server
				// down for days): marking it reopens the day, and the report counts it at once.
				const pending = await handle.db.selectFrom('appointments').select('id').where('unit_id', '=', unit.id).where('status', '=', 'cancelled').where('start_at', '<', new Date('2026-03-04T00:00:00Z')).executeTakeFirstOrThrow();
				await handle.db.updateTable('appointments').set({ status: 'booked', cancelled_at: null }).where('id', '=', pending.id).execute();
				expect(await markNoShows(t.deps)).toBe(1);
				const after = (await statsReport(t.deps, manager, queries[0])).appointments.summary;
				expect(after).toMatchObject({ booked: before[0].summary.booked, noShow: before[0].summary.noShow + 1, cancelled: before[0].summary.cancelled - 1 });
			} finally {
				t.clock.now = written;
			}
		});
	});
}
