import { describe, expect, it } from 'vitest';
import { addDays, ReportQuery, reportQueryFromSearch, reportSearch } from '../../../src/lib/stats/report-query';
import { appointmentTable, figureTable, minutes, percent } from '../../../src/lib/stats/report-table';
import { generateAppointments, generateDay, pastDays, seededRandom, seedOf, type HistoryUnit } from '../../../src/lib/demo/history';
import { average } from '../../../src/lib/stats/aggregate';
import { printerDown, unitLive } from '../../../src/lib/stats/live';

describe('report filter in the URL', () => {
	it('reads repeated and comma-separated lists, and writes them back', () => {
		const raw = reportQueryFromSearch(new URLSearchParams('from=2026-03-01&to=2026-03-31&units=centro&units=lagoa,centro&channels=kiosk'));
		expect(raw).toEqual({ from: '2026-03-01', to: '2026-03-31', units: ['centro', 'lagoa'], channels: ['kiosk'] });
		const q = ReportQuery.parse(raw);
		expect(reportSearch({ ...q, from: q.from!, to: q.to! })).toBe('from=2026-03-01&to=2026-03-31&units=centro&units=lagoa&channels=kiosk');
	});

	it('refuses impossible dates, reversed ranges and more than a year', () => {
		expect(ReportQuery.safeParse({ from: '2026-02-30' }).success).toBe(false);
		expect(ReportQuery.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
		expect(ReportQuery.safeParse({ from: '2025-01-01', to: '2026-01-02' }).success).toBe(false);
		expect(ReportQuery.safeParse({ from: '2025-01-01', to: '2025-12-31' }).success).toBe(true);
		expect(ReportQuery.safeParse({ channels: ['fax'] }).success).toBe(false);
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
	});
});

describe('report tables', () => {
	it('shows minutes and percentages with one decimal, an hour as "09h" and nobody by name', () => {
		expect(minutes(95)).toBe(1.6);
		expect(percent(0.98765)).toBe(98.8);
		const line = { key: '09', label: '', issued: 3, served: 2, noShow: 1, cancelled: 0, transfers: 0, wait: { avg: 600, p50: 540, p90: null }, service: { avg: 300, p50: 300, p90: 300 }, onTargetShare: 0.5, csat: 100, ratings: 1 };
		expect(figureTable('hour', [line], { nobody: '—' }).rows[0]).toEqual(['09h', 3, 2, 1, 0, 0, 10, 9, null, 5, 5, 5, 50, 100, 1]);
		expect(figureTable('clerk', [{ ...line, key: '' }], { nobody: 'Sem atendente' }).rows[0][0]).toBe('Sem atendente');
	});

	it('lists appointments per service by name, then the total line', () => {
		const line = { key: 'iptu', label: 'IPTU', booked: 10, attended: 6, noShow: 2, cancelled: 1, attendedShare: 0.75, waitAfterStart: 150 };
		const table = appointmentTable('service', [line], { ...line, key: 'total', label: '' }, 'Total');
		expect(table.columns[0]).toBe('reports.col.service');
		expect(table.rows).toEqual([
			['IPTU', 10, 6, 2, 1, 75, 2.5],
			['Total', 10, 6, 2, 1, 75, 2.5]
		]);
		expect(appointmentTable('day', [{ ...line, key: '2026-03-03' }], { ...line, attendedShare: null, waitAfterStart: null }, 'Total').rows).toEqual([
			['2026-03-03', 10, 6, 2, 1, 75, 2.5],
			['Total', 10, 6, 2, 1, null, null]
		]);
	});
});

describe('history generator', () => {
	const unit: HistoryUnit = {
		id: 'u',
		timezone: 'America/Sao_Paulo',
		openingHours: { mon: [['08:00', '17:00']], tue: [['08:00', '17:00']] },
		counterIds: ['c1', 'c2', 'c3', 'c4'],
		clerkIds: ['k1', 'k2'],
		services: [
			{ id: 's1', prefix: 'A', expectedServiceMinutes: 8, expectedWaitMinutes: 15, allowsPriority: true },
			{ id: 's2', prefix: 'B', expectedServiceMinutes: 15, expectedWaitMinutes: 20, allowsPriority: false }
		]
	};

	it('is the same for the same seed and differs for another', () => {
		const a = generateDay(unit, '2026-03-02', seededRandom(seedOf('x')));
		expect(generateDay(unit, '2026-03-02', seededRandom(seedOf('x')))).toEqual(a);
		expect(generateDay(unit, '2026-03-02', seededRandom(seedOf('y')))).not.toEqual(a);
	});

	it('issues during opening hours only, with gap-free numbers per service, and serves everyone it issues', () => {
		const day = generateDay(unit, '2026-03-02', seededRandom(1));
		expect(generateDay(unit, '2026-03-01', seededRandom(1))).toEqual([]); // Sunday: closed
		for (const t of day) {
			const hour = Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: unit.timezone }).format(t.issuedAt));
			expect(hour).toBeGreaterThanOrEqual(8);
			expect(hour).toBeLessThan(17);
			expect(['done', 'no_show', 'cancelled']).toContain(t.status);
			if (t.calledAt) expect(t.calledAt.getTime()).toBeGreaterThanOrEqual(t.queuedAt.getTime());
			if (t.status === 'done') expect(t.finishedAt!.getTime()).toBeGreaterThan(t.startedAt!.getTime());
		}
		const a = day.filter((t) => t.number.startsWith('A')).map((t) => Number(t.number.slice(1)));
		expect(a.sort((x, y) => x - y)).toEqual(a.map((_, i) => i + 1));
	});

	it('books appointments within the slots’ bookable places and calls the checked-in ones as appointment tickets', () => {
		const window = { start: '08:00', end: '10:00', slotMinutes: 30, places: 4 };
		const withCapacity: HistoryUnit = {
			...unit,
			services: [{ ...unit.services[0], capacity: { template: { windows: { mon: [window] }, walkInShare: 0.25, horizonDays: 30, minNoticeMinutes: 0 }, exceptions: [] } }, unit.services[1]]
		};
		const booked = generateAppointments(withCapacity, '2026-03-02', seededRandom(3), 1);
		// Every bookable place taken: 4 slots × (4 − ⌈4 × 0.25⌉) = 12, all for the service with capacity.
		expect(booked).toHaveLength(12);
		expect(new Set(booked.map((a) => a.start.toISOString())).size).toBe(4);
		expect(booked.every((a) => a.serviceId === 's1' && a.end.getTime() - a.start.getTime() === 30 * 60_000)).toBe(true);
		expect(generateAppointments(withCapacity, '2026-03-02', seededRandom(3), 1)).toEqual(booked);
		expect(generateAppointments(withCapacity, '2026-03-03', seededRandom(3), 1)).toEqual([]); // no window on Tuesdays
		for (const a of booked) {
			expect(a.createdAt.getTime()).toBeLessThan(a.start.getTime());
			expect(a.arrivedAt !== null).toBe(a.status === 'checked_in');
			if (a.cancelledAt) expect(a.cancelledAt.getTime()).toBeLessThanOrEqual(a.start.getTime());
		}
		const day = generateDay(withCapacity, '2026-03-02', seededRandom(4), { appointments: booked });
		const checkedIn = day.filter((t) => t.appointment);
		expect(checkedIn.map((t) => t.appointment)).toEqual(expect.arrayContaining(booked.filter((a) => a.status === 'checked_in')));
		expect(checkedIn.length).toBe(booked.filter((a) => a.status === 'checked_in').length);
		for (const t of checkedIn) {
			expect(t).toMatchObject({ channel: 'appointment', status: 'done', serviceId: 's1' });
			expect(t.calledAt!.getTime()).toBeGreaterThanOrEqual(t.issuedAt.getTime());
		}
	});

	it('has a morning peak busier than the lunch hour', () => {
		const all = pastDays('2026-03-31', 28).flatMap((d) => generateDay(unit, d, seededRandom(seedOf(d))));
		const at = (h: number) => all.filter((t) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: unit.timezone }).format(t.issuedAt) === String(h).padStart(2, '0')).length;
		expect(at(9)).toBeGreaterThan(at(12) * 1.5);
		expect(average(all.filter((t) => t.rating).map((t) => t.rating!.score))).toBeGreaterThan(3);
	});
});

describe('live view additions', () => {
	it('alerts on printers that cannot print, and gives today’s CSAT', () => {
		expect(['unreachable', 'offline', 'paper_out'].every((h) => printerDown(h as 'offline'))).toBe(true);
		expect(printerDown('paper_near_end')).toBe(false);
		const live = unitLive({
			unit: { slug: 'centro', name: 'Centro', timezone: 'America/Sao_Paulo' },
			day: '2026-03-02',
			services: [],
			counters: [],
			today: { issued: 0, served: 0, noShows: 0, called: 0, waitSecondsSum: 0 },
			ratings: [0, 0, 1, 1, 2],
			printers: [
				{ name: 'Totem', health: 'paper_out' },
				{ name: 'Balcão', health: 'ok' }
			]
		});
		expect(live.satisfaction).toMatchObject({ count: 4, csat: 75 });
		expect(live.printersDown).toEqual([{ name: 'Totem', health: 'paper_out' }]);
	});
});
