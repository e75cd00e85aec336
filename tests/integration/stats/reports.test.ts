import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, priorityGroup, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Actor } from '../../../src/lib/auth/actor';
import { generateDay, seededRandom, type HistoryOptions, type HistoryTicket, type HistoryUnit } from '../../../src/lib/demo/history';
import { historyUnits, insertHistory } from '../../../src/lib/demo/history.server';
import { average, csatPercent, meanAbsoluteError, share } from '../../../src/lib/stats/aggregate';
import { histogramOf, histogramQuantile } from '../../../src/lib/stats/histogram';
import { invalidateSummary } from '../../../src/lib/stats/summary-store.server';
import { summariseClosedDays } from '../../../src/lib/stats/summarise-closed-days.server';
import { finishTicket } from '../../../src/lib/queue/ticket-actions.server';
import { sql } from 'kysely';
import { rateTicket } from '../../../src/lib/stats/rate-ticket.server';
import { expireTickets } from '../../../src/lib/queue/expire-tickets.server';
import { annualReport, statsReport, unitStats } from '../../../src/lib/stats/reports.server';
import { liveOverview } from '../../../src/lib/stats/live.server';
import { exportReport } from '../../../src/lib/stats/report-export.server';

const DAY = '2026-03-03'; // a Tuesday
const HOURS = { tue: [['08:00', '17:00']] as [string, string][] };
const secs = (a: Date, b: Date) => (a.getTime() - b.getTime()) / 1000;
const round = (v: number | null) => (v === null ? null : Math.round(v));

/** Average, and the median and p90 as the report reads them from duration buckets. */
function durations(values: number[]) {
	const h = histogramOf(values);
	return { avg: round(average(values)), p50: round(histogramQuantile(h, 0.5)), p90: round(histogramQuantile(h, 0.9)) };
}

/** The figures of a list of tickets, computed here from the generated rows, not by the SQL under test. */
function expected(tickets: readonly HistoryTicket[], targetOf: (serviceId: string) => number) {
	const called = tickets.filter((t) => t.calledAt);
	const waits = called.map((t) => secs(t.calledAt!, t.queuedAt));
	const done = tickets.filter((t) => t.status === 'done');
	const service = done.map((t) => secs(t.finishedAt!, t.startedAt ?? t.calledAt!));
	const ratings = tickets.flatMap((t) => (t.rating ? [t.rating.score] : []));
	return {
		issued: tickets.length,
		served: done.length,
		noShow: tickets.filter((t) => t.status === 'no_show').length,
		cancelled: tickets.filter((t) => t.status === 'cancelled').length,
		wait: durations(waits),
		service: durations(service),
		onTargetShare: share(called.filter((t) => secs(t.calledAt!, t.queuedAt) <= targetOf(t.serviceId) * 60).length, called.length),
		csat: csatPercent(ratings.filter((s) => s >= 4).length, ratings.length),
		ratings: ratings.length
	};
}

for (const engine of engines()) {
	describe(`reports on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unit: GivenUnit;
		let other: GivenUnit;
		let manager: Actor;
		let admin: Actor;
		let tickets: HistoryTicket[];
		let otherTickets: HistoryTicket[];
		const targets = new Map<string, number>();
		let history: HistoryUnit;
		let options: HistoryOptions;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-04T15:00:00Z') });
			unit = await givenUnit(handle.db, { counters: 3, hours: HOURS });
			other = await givenUnit(handle.db, { counters: 2, hours: HOURS });
			manager = await givenUser(handle.db, 'manager', [unit.id]);
			admin = await givenUser(handle.db, 'admin');
			await givenUser(handle.db, 'clerk', [unit.id]);
			await givenUser(handle.db, 'clerk', [unit.id]);
			await handle.db.updateTable('services').set({ expected_wait_minutes: 20 }).where('code', '=', unit.services.alvara).execute();
			await priorityGroup(handle.db, 'idoso', 10);
			for (const s of await handle.db.selectFrom('services').select(['id', 'expected_wait_minutes']).execute()) targets.set(s.id, s.expected_wait_minutes);
			const groups = await handle.db.selectFrom('priority_groups').select(['id', 'weight']).where('code', '=', 'idoso').execute();
			const [mine, theirs] = await Promise.all([historyUnits(handle.db, [unit.slug]), historyUnits(handle.db, [other.slug])]);
			options = { load: 1.1, priorities: groups.map((g) => ({ id: g.id, weight: g.weight, share: 0.15 })) };
			history = mine[0];
			tickets = generateDay(history, DAY, seededRandom(7), options);
			otherTickets = generateDay(theirs[0], DAY, seededRandom(8), options);
			await insertHistory(handle.db, [...tickets, ...otherTickets], t.clock.now);
		});
		afterAll(() => handle?.close());

		it('generates a realistic day: peaks, no-shows, transfers, ratings', () => {
			expect(tickets.length).toBeGreaterThan(50);
			expect(tickets.some((x) => x.status === 'no_show')).toBe(true);
			expect(tickets.some((x) => x.transfers > 0)).toBe(true);
			expect(tickets.some((x) => x.rating?.comment)).toBe(true);
			expect(tickets.some((x) => x.priorityGroupId)).toBe(true);
			// The same seed gives the same day; a closed day gives none.
			expect(generateDay(history, DAY, seededRandom(7), options)).toEqual(tickets);
			expect(generateDay(history, '2026-03-04', seededRandom(7), options)).toEqual([]);
		});

		it('answers the unit summary with the numbers computed from the generated rows', async () => {
			const stats = await unitStats(t.deps, manager, unit.slug, { from: DAY, to: DAY });
			const want = expected(tickets, (id) => targets.get(id)!);
			expect(stats).toMatchObject({ unit: unit.slug, from: DAY, to: DAY, ...want, onTargetShare: expect.any(Number), csat: expect.any(Number) });
			expect(stats.onTargetShare).toBeCloseTo(want.onTargetShare!, 10);
			expect(stats.csat).toBeCloseTo(want.csat!, 10);
			expect(stats.transfers).toBe(tickets.reduce((n, x) => n + x.transfers, 0));
			// A day without tickets is all zeros and nulls, not an error.
			expect(await unitStats(t.deps, manager, unit.slug, { from: '2026-03-01', to: '2026-03-01' })).toMatchObject({ issued: 0, wait: { avg: null }, csat: null, ratings: 0 });
		});

		it('breaks the figures down per hour, service and clerk, and filters by priority and channel', async () => {
			const report = await statsReport(t.deps, manager, { from: DAY, to: DAY });
			const byTarget = (id: string) => targets.get(id)!;
			expect(report.summary.issued).toBe(tickets.length);
			const tz = 'America/Sao_Paulo';
			const hourOf = (d: Date) => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: tz }).format(d);
			for (const row of report.tables.hour) {
				const mine = tickets.filter((x) => hourOf(x.issuedAt) === row.key);
				expect(row, `hour ${row.key}`).toMatchObject({ issued: mine.length, wait: expected(mine, byTarget).wait });
			}
			expect(report.tables.hour.reduce((n, r) => n + r.issued, 0)).toBe(tickets.length);
			const services = await handle.db.selectFrom('services').select(['id', 'code']).execute();
			for (const row of report.tables.service) {
				const id = services.find((s) => s.code === row.key)!.id;
				const mine = tickets.filter((x) => x.serviceId === id);
				const want = expected(mine, byTarget);
				expect(row).toMatchObject({ issued: want.issued, served: want.served, service: want.service, ratings: want.ratings });
			}
			expect(report.tables.clerk.reduce((n, r) => n + r.served, 0)).toBe(tickets.filter((x) => x.status === 'done').length);
			expect(report.tables.day).toHaveLength(1);
			expect(report.tables.unit.map((r) => r.key)).toEqual([unit.slug]);

			const priority = await statsReport(t.deps, manager, { from: DAY, to: DAY, priorities: ['idoso'] });
			expect(priority.summary.issued).toBe(tickets.filter((x) => x.priorityGroupId).length);
			const normal = await statsReport(t.deps, manager, { from: DAY, to: DAY, priorities: ['normal'], channels: ['kiosk'] });
			expect(normal.summary.issued).toBe(tickets.filter((x) => !x.priorityGroupId && x.channel === 'kiosk').length);

			const pairs = tickets
				.filter((x) => x.transfers === 0 && x.calledAt && x.serviceId === services.find((s) => s.code === unit.services.iptu)!.id)
				.map((x) => ({ estimate: x.estimatedWaitMinutes * 60, actual: secs(x.calledAt!, x.issuedAt) }));
			const estimate = report.estimates.find((e) => e.scope === 'service' && e.service === unit.services.iptu)!;
			expect(estimate.count).toBe(pairs.length);
			expect(estimate.mae).toBeCloseTo(meanAbsoluteError(pairs)!, 6);
			expect(estimate.bias).toBeCloseTo(pairs.reduce((sum, p) => sum + p.estimate - p.actual, 0) / pairs.length, 6);
			// The unit as a whole and each hour of issue get a line too.
			expect(report.estimates.find((e) => e.scope === 'unit')!.count).toBe(tickets.filter((x) => x.transfers === 0 && x.calledAt).length);
			expect(report.estimates.filter((e) => e.scope === 'hour').reduce((n, e) => n + e.count, 0)).toBe(tickets.filter((x) => x.transfers === 0 && x.calledAt).length);
		});

		it('exports the filtered tickets as CSV rows, one per ticket, without citizen data', async () => {
			const file = await exportReport(t.deps, manager, 'pt-BR', 'tickets', { from: DAY, to: DAY, priorities: ['normal'], channels: ['kiosk'] });
			// Codes, times and names here hold no commas or quotes.
			const [header, ...lines] = file.body.trim().split('\n').map((line) => line.split(','));
			expect(header.slice(0, 4)).toEqual(['Unidade', 'Dia', 'Senha', 'Serviço']);
			const want = tickets.filter((x) => !x.priorityGroupId && x.channel === 'kiosk');
			expect(want.length).toBeGreaterThan(10);
			expect(lines.map((l) => l[2]).sort()).toEqual(want.map((x) => x.number).sort());
			expect(new Set(lines.map((l) => `${l[0]} ${l[1]} ${l[4]} ${l[5]}`))).toEqual(new Set([`${unit.slug} ${DAY} normal kiosk`]));
		});

		it('counts the year’s ratings per unit and service for the annual report', async () => {
			const annual = await annualReport(t.deps, manager, { year: '2026' });
			const mine = annual.units.find((u) => u.unit === unit.slug)!;
			const rated = tickets.filter((x) => x.rating);
			expect(mine.total.count).toBeGreaterThanOrEqual(rated.length);
			expect(annual.units.map((u) => u.unit)).toEqual([unit.slug]);
			expect((await annualReport(t.deps, manager, { year: '2025' })).units).toEqual([]);
		});

		it('counts the protocols opened at the desk, concluded on time and overdue', async () => {
			const written = t.clock.now;
			const opened = tickets.flatMap((x) => (x.protocol ? [x.protocol] : []));
			expect(opened.length).toBeGreaterThan(0);
			const onTime = opened.filter((p) => p.concludedAt <= written && p.concludedAt <= p.dueAt).length;
			const report = await statsReport(t.deps, manager, { from: DAY, to: DAY });
			expect(report.protocols.summary).toMatchObject({ opened: opened.length, concludedOnTime: onTime, overdue: 0 });
			expect(report.protocols.byService.reduce((n, r) => n + r.opened, 0)).toBe(opened.length);
			// Two months on, whatever was still open past its due date is overdue.
			t.clock.now = new Date('2026-05-04T15:00:00Z');
			const later = await statsReport(t.deps, manager, { from: DAY, to: DAY });
			t.clock.now = written;
			const stillOpen = opened.filter((p) => p.concludedAt > written && p.dueAt < new Date('2026-05-04T15:00:00Z')).length;
			expect(later.protocols.summary.overdue).toBe(stillOpen);
			const rows = await handle.db.selectFrom('protocols').select(['number', 'status']).where('unit_id', '=', unit.id).execute();
			expect(new Set(rows.map((r) => r.number)).size).toBe(opened.length);
		});

		it('shows a manager only their units and an admin all', async () => {
			expect(await codeOf(statsReport(t.deps, manager, { from: DAY, to: DAY, units: [other.slug] }))).toBe('forbidden');
			expect(await codeOf(unitStats(t.deps, manager, other.slug, { from: DAY }))).toBe('forbidden');
			const all = await statsReport(t.deps, admin, { from: DAY, to: DAY, units: [unit.slug, other.slug] });
			expect(all.summary.issued).toBe(tickets.length + otherTickets.length);
			expect(all.tables.unit.map((r) => r.issued).sort()).toEqual([tickets.length, otherTickets.length].sort());
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			expect(await codeOf(statsReport(t.deps, clerk, {}))).toBe('forbidden');
		});

		it("adds today's CSAT and printers that cannot print to the live view", async () => {
			const now = t.clock.now;
			await handle.db
				.insertInto('ratings')
				.values([4, 5, 2].map((score, i) => ({ protocol_number: `2026000${i}-0`, score, unit_id: unit.id, service_id: tickets[0].serviceId, channel: 'ticket_page' as const, created_at: now })))
				.execute();
			await handle.db
				.insertInto('printers')
				.values({ unit_id: unit.id, name: 'Totem', host: '127.0.0.1', last_status: JSON.stringify({ health: 'unreachable', source: 'send', reason: 'refused', answers: null, error: 'ECONNREFUSED' }), last_status_at: now })
				.execute();
			const live = await liveOverview(t.deps, manager);
			const card = live.units.find((u) => u.unit.slug === unit.slug)!;
			expect(card.satisfaction).toMatchObject({ count: 3 });
			expect(card.satisfaction.csat).toBeCloseTo(200 / 3, 10);
			expect(card.printersDown).toEqual([{ name: 'Totem', health: 'unreachable' }]);
		});

		it('reads the same figures from the summaries of closed days and months as from the tickets', async () => {
			const written = t.clock.now;
			const both = { units: [unit.slug, other.slug] };
			const servedBy = [...new Set(tickets.flatMap((x) => (x.clerkId ? [x.clerkId] : [])))].sort();
			expect(servedBy.length).toBeGreaterThanOrEqual(2);
			const queries = [
				{ ...both, from: DAY, to: DAY },
				{ ...both, from: '2026-03-01', to: '2026-03-31' }, // a whole month
				{ ...both, from: '2026-02-20', to: '2026-04-02' }, // a month, summarised days after it, unsummarised days before
				{ ...both, from: DAY, to: DAY, services: [unit.services.iptu] },
				// Chosen services over whole months: hours and clerks come from the month rows split by service.
				{ ...both, from: '2026-02-20', to: '2026-04-02', services: [unit.services.iptu, unit.services.alvara] },
				// Each filter on its own reads the dims split by it; two at once read the tickets.
				{ ...both, from: '2026-02-20', to: '2026-04-02', channels: ['kiosk'] },
				{ ...both, from: '2026-03-01', to: '2026-03-31', channels: ['counter', 'remote'] },
				{ ...both, from: '2026-02-20', to: '2026-04-02', priorities: ['idoso'] },
				{ ...both, from: '2026-03-01', to: '2026-03-31', priorities: ['normal'] },
				{ ...both, from: DAY, to: DAY, priorities: ['normal', 'idoso'] },
				{ ...both, from: '2026-02-20', to: '2026-04-02', clerks: [servedBy[0]] },
				{ ...both, from: '2026-03-01', to: '2026-03-31', clerks: servedBy.slice(0, 2) },
				{ ...both, from: '2026-02-20', to: '2026-04-02', services: [unit.services.iptu], channels: ['kiosk'] },
				{ ...both, from: '2026-03-01', to: '2026-03-31', services: [unit.services.iptu], clerks: [servedBy[0]] },
				{ ...both, from: '2026-02-20', to: '2026-04-02', priorities: ['normal'], channels: ['kiosk'] },
				{ ...both, from: DAY, to: DAY, clerks: [servedBy[1]], priorities: ['idoso'], channels: ['kiosk', 'counter'] }
			];
			// Floating sums added in another order may differ in the last bits.
			const figures = (r: Awaited<ReturnType<typeof statsReport>>) => ({
				summary: r.summary,
				tables: r.tables,
				appointments: r.appointments,
				estimates: r.estimates.map((e) => ({ ...e, mae: e.mae?.toFixed(6), averageEstimate: e.averageEstimate?.toFixed(6), averageActual: e.averageActual?.toFixed(6), bias: e.bias?.toFixed(6), naiveMae: e.naiveMae?.toFixed(6), naiveBias: e.naiveBias?.toFixed(6) }))
			});
			const fromTickets = [];
			for (const q of queries) fromTickets.push(figures(await statsReport(t.deps, admin, q)));
			const unitFromTickets = await unitStats(t.deps, manager, unit.slug, { from: DAY, to: DAY });
			t.clock.now = new Date('2026-04-05T15:00:00Z');
			try {
				// From the month of the first ticket to the day before yesterday: 2026-03-01…2026-04-03, two
				// units. Two runners at once (two server processes) may both do a day; never twice its figures.
				const [a, b] = await Promise.all([summariseClosedDays(t.deps), summariseClosedDays(t.deps)]);
				expect(a + b).toBeGreaterThanOrEqual(2 * 34);
				expect(await summariseClosedDays(t.deps)).toBe(0);
				const months = await handle.db.selectFrom('ticket_stats').select('unit_id').where('span', '=', 'month').where('dim', '=', 'unit').where('unit_id', 'in', [unit.id, other.id]).execute();
				expect(months).toHaveLength(2);
				for (const [i, q] of queries.entries()) expect(figures(await statsReport(t.deps, admin, q)), JSON.stringify(q)).toEqual(fromTickets[i]);
				expect(await unitStats(t.deps, manager, unit.slug, { from: DAY, to: DAY })).toEqual(unitFromTickets);

				// A filtered report adds up the summaries: a change to a summarised day that nothing announced
				// does not show; once the day is reopened, it is read from the tickets again.
				const kiosk = queries[5];
				const moved = await handle.db.updateTable('tickets').set({ channel: 'api' }).where('day', '=', DAY).where('channel', '=', 'kiosk').where('unit_id', '=', unit.id).executeTakeFirst();
				try {
					expect(Number(moved.numUpdatedRows)).toBeGreaterThan(0);
					expect(figures(await statsReport(t.deps, admin, kiosk))).toEqual(fromTickets[5]);
					await invalidateSummary(handle.db, unit.id, [DAY], t.clock.now);
					expect((await statsReport(t.deps, admin, kiosk)).summary.issued).toBe(fromTickets[5].summary.issued - Number(moved.numUpdatedRows));
				} finally {
					await handle.db.updateTable('tickets').set({ channel: 'kiosk' }).where('day', '=', DAY).where('channel', '=', 'api').where('unit_id', '=', unit.id).execute();
				}

				// A late rating reopens its day and month; the report counts it at once, and after the next summary.
				const unrated = await handle.db
					.selectFrom('tickets as x')
					.leftJoin('ratings as r', 'r.ticket_id', 'x.id')
					.select('x.public_id')
					.where('x.unit_id', '=', unit.id)
					.where('x.status', '=', 'done')
					.where('r.id', 'is', null)
					.executeTakeFirstOrThrow();
				await rateTicket(t.deps, unrated.public_id, { score: 5 }, 'ticket_page');
				const left = (span: 'day' | 'month', day: string) => handle.db.selectFrom('ticket_stats').select('dim').where('unit_id', '=', unit.id).where('span', '=', span).where('day', '=', day).execute();
				expect(await left('day', DAY)).toEqual([]);
				expect(await left('month', '2026-03-01')).toEqual([]);
				expect(await left('day', '2026-03-02')).toHaveLength(1);
				expect((await statsReport(t.deps, admin, queries[1])).summary.ratings).toBe(fromTickets[1].summary.ratings + 1);
				expect(await summariseClosedDays(t.deps)).toBe(1);
				expect((await statsReport(t.deps, admin, queries[1])).summary.ratings).toBe(fromTickets[1].summary.ratings + 1);
			} finally {
				t.clock.now = written;
			}
		});

		it('reopens a summarised day the end-of-day sweep or a late finish changes, so the report never shows stale figures', async () => {
			const written = t.clock.now;
			t.clock.now = new Date('2026-04-07T15:00:00Z');
			try {
				await summariseClosedDays(t.deps);
				const query = { from: DAY, to: DAY, units: [other.slug] };
				const before = (await statsReport(t.deps, admin, query)).summary;
				// A ticket left waiting on a summarised day (a server down over night): the sweep expires it.
				const left = await handle.db.selectFrom('tickets').select('id').where('unit_id', '=', other.id).where('status', '=', 'done').executeTakeFirstOrThrow();
				await handle.db.updateTable('tickets').set({ status: 'waiting', called_at: null, started_at: null, finished_at: null, clerk_id: null, counter_id: null }).where('id', '=', left.id).execute();
				expect(await expireTickets(t.deps)).toBe(1);
				const after = (await statsReport(t.deps, admin, query)).summary;
				expect(after).toMatchObject({ issued: before.issued, served: before.served - 1 });
				await summariseClosedDays(t.deps);
				expect((await statsReport(t.deps, admin, query)).summary).toEqual(after);

				// A ticket left in service that day and finished days later counts as served at once.
				const serving = await handle.db.selectFrom('tickets').select('id').where('unit_id', '=', other.id).where('status', '=', 'no_show').executeTakeFirstOrThrow();
				await handle.db.updateTable('tickets').set({ status: 'serving', started_at: sql`called_at`, finished_at: null }).where('id', '=', serving.id).execute();
				await invalidateSummary(handle.db, other.id, [DAY], t.clock.now);
				await summariseClosedDays(t.deps);
				const open = (await statsReport(t.deps, admin, query)).summary;
				await finishTicket(t.deps, admin, serving.id, { outcome: 'resolved' });
				expect((await statsReport(t.deps, admin, query)).summary).toMatchObject({ served: open.served + 1, noShow: open.noShow });
			} finally {
				t.clock.now = written;
			}
		});

		it('refuses a bad range or an unknown code with a 400', async () => {
			expect(await codeOf(unitStats(t.deps, manager, unit.slug, { from: '2026-02-30' }))).toBe('invalid_input');
			expect(await codeOf(unitStats(t.deps, manager, unit.slug, { from: '2026-03-05', to: '2026-03-01' }))).toBe('invalid_input');
			expect(await codeOf(statsReport(t.deps, manager, { from: '2025-01-01', to: '2026-03-01' }))).toBe('invalid_input');
			expect(await codeOf(statsReport(t.deps, manager, { services: ['no-such-service'] }))).toBe('invalid_input');
			expect(await codeOf(statsReport(t.deps, admin, { units: ['no-such-unit'] }))).toBe('invalid_input');
		});
	});
}
