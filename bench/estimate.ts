// npm run bench:estimate — how good is the wait a visitor is shown? Simulated working days are
// replayed through the built server (`npm run build` first) on a throwaway PostgreSQL database.
// The bench holds the server's clock (VEZ_CLOCK_FILE) and plays each day's events in time order:
// a kiosk issues walk-in tickets (a fifth of them priority) and checks in booked appointments at
// the times of the day's non-stationary arrival process, and one simulated clerk per counter
// calls, serves (log-normal service times at the day's pace and the clerk's own speed), marks
// no-shows and pauses through the JSON API. Five counters share three services. The estimate
// recorded at issue is compared with the wait that followed (called_at − issued_at, as the
// manager's reports read it) for Vez and for the naive rule (people ahead × mean service time ÷
// open counters) recorded beside it on the same tickets, then splits each day's error by the
// ticket's queue at issue, kind, service, whether priority or appointment tickets went ahead of it,
// a pause while it waited and the hour. Last, it times the forecast of a unit with 500 waiting on
// the pure functions (bench/estimate-micro.ts, also `npm run bench:estimate:micro`).
//
// Before each issue the replay waits for the unit's publish beat (its `queue` room's message), so
// the issue reads a forecast that saw every change before it, as at a real unit, where visitors
// and clerks act seconds apart; played back to back (BENCH_STALE=1) an issue often read a forecast
// a few calls behind.
//
// BENCH_DATABASE_URL as for bench:queue; BENCH_DAYS (default 5) days; BENCH_DAY=2 or 2,3 only those
// (0-based); BENCH_KEEP=1 keeps the database (its URL is printed). Prints figures; asserts nothing. The timings are of whatever
// machine runs it: a shared one inflates them, and the replay's length, not its figures.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { migrate, openPostgres } from '../src/lib/server/db/database';
import { hashPassword, sha256 } from '../src/lib/auth/secrets.server';
import { BOOKING_CODE_BYTES, formatBookingCode } from '../src/lib/appointments/codes';
import { cpfCheckDigits } from '../src/lib/citizens/cpf';
import { refreshUnitProfiles } from '../src/lib/queue/estimate-inputs.server';
import { printMicro } from './estimate-micro';
import { unitBySlug } from '../src/lib/units/store.server';
import { seededRandom } from '../src/lib/random';
import { startServer, throwawayDatabase, type RunningServer } from '../tests/server-process';
import { io } from 'socket.io-client';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DAYS = Math.max(1, Number(process.env.BENCH_DAYS ?? 5));
// BENCH_DAY=n (or n,m,…) replays only those days (0-based), so a run can be split.
const ONLY_DAYS = process.env.BENCH_DAY ? process.env.BENCH_DAY.split(',').map(Number) : null;
if (ONLY_DAYS && !ONLY_DAYS.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`BENCH_DAY must list day indexes (0, 1, …), not ${process.env.BENCH_DAY}`);
const ZONE = 'America/Sao_Paulo';
const FIRST_DAY = '2026-03-02';
const HISTORY_DAYS = 28;
// The server's clock: the bench writes each event's time here before playing it.
const CLOCK_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-bench-estimate-')), 'clock');
const OPEN_HOUR = 8;
// How long an issue waits at most for the beat after the last change: the unit's snapshots are
// spaced by their cost (publish.server.ts, 100 ms to 1 s) and wait up to 5 s for the one before.
const BEAT_TIMEOUT_MS = 10_000;
// BENCH_STALE=1 plays events back to back as before (an issue may read a forecast a beat behind).
const FRESH_FORECASTS = process.env.BENCH_STALE !== '1';
// Walk-ins per hour from 08:00 on an ordinary day (the last hour is the last that issues).
const HOURLY = [38, 44, 40, 32, 24];

// ─── The unit ────────────────────────────────────────────────────────────────────────────────
interface ServiceModel {
	code: string;
	prefix: string;
	/** Mean service time (minutes) on the usual pace, and the log-normal's spread. */
	mean: number;
	spread: number;
	noShow: number;
	/** Share of walk-ins. */
	share: number;
}
const SERVICES: ServiceModel[] = [
	{ code: 'bench-rg', prefix: 'R', mean: 6, spread: 0.45, noShow: 0.07, share: 0.45 },
	{ code: 'bench-cnh', prefix: 'C', mean: 11, spread: 0.5, noShow: 0.05, share: 0.3 },
	{ code: 'bench-cad', prefix: 'S', mean: 4, spread: 0.4, noShow: 0.1, share: 0.25 }
];
// Counters share services: only counter 1 and 3 serve one service each.
const COUNTERS: string[][] = [['bench-rg'], ['bench-rg', 'bench-cnh'], ['bench-cnh'], ['bench-cnh', 'bench-cad'], ['bench-rg', 'bench-cad']];
const PRIORITIES = [
	{ code: 'idoso', weight: 20, share: 0.14 },
	{ code: 'pcd', weight: 20, share: 0.06 }
];
// Appointments: CNH every 20 minutes from 08:20 to 12:20; 85 % come, 0–15 minutes early.
const APPOINTMENT_SERVICE = 'bench-cnh';
const APPOINTMENT_MINUTES = Array.from({ length: 13 }, (_, i) => 20 + i * 20);
const SHOW_SHARE = 0.85;

// ─── The days: what makes each one unlike the history ────────────────────────────────────────
interface DayPlan {
	label: string;
	/** Walk-ins ÷ an ordinary day's, per hour from opening. */
	volume: (hour: number) => number;
	/** Service times ÷ the usual ones, by local hour. */
	pace: (hour: number) => number;
	/** A counter (index) stops calling at a local time for some minutes. */
	pauses: { counter: number; at: number; minutes: number }[];
	/** Visitors already at the door when the unit opens. */
	atOpening: number;
}
// The unit's breaks: each day a counter takes, with this chance, one pause begun between 09:30 and
// 11:30 for 15–25 minutes. The history's days draw theirs from it; the plans below are days it
// could give (six pauses in 25 counter-days, where it expects 6.25, all within its hours and lengths).
const BREAK_SHARE = 0.25;
const BREAK_HOURS = [9.5, 11.5];
const BREAK_MINUTES = [15, 25];
const PLANS: DayPlan[] = [
	{ label: 'ordinary, one pause', volume: () => 1, pace: () => 1, pauses: [{ counter: 1, at: 10.5, minutes: 20 }], atOpening: 0 },
	{ label: 'busy and slow', volume: () => 1.2, pace: () => 1.15, pauses: [{ counter: 3, at: 9.75, minutes: 15 }], atOpening: 0 },
	{ label: 'queue at the door', volume: (h) => (h < 9 ? 0.8 : 1), pace: () => 1, pauses: [{ counter: 0, at: 11, minutes: 25 }], atOpening: 18 },
	{ label: 'quiet, two pauses', volume: () => 0.8, pace: () => 0.95, pauses: [{ counter: 4, at: 9.5, minutes: 15 }, { counter: 2, at: 10.25, minutes: 20 }], atOpening: 0 },
	{ label: 'slows after 10h', volume: () => 1, pace: (h) => (h < 10 ? 0.95 : 1.3), pauses: [{ counter: 1, at: 11.5, minutes: 15 }], atOpening: 0 }
];

const gaussian = (random: () => number) => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
const logNormal = (random: () => number, mean: number, spread: number) => Math.exp(Math.log(mean) - (spread * spread) / 2 + spread * gaussian(random));
const pick = <T extends { share: number }>(items: T[], u: number): T | null => {
	for (const item of items) {
		if (u < item.share) return item;
		u -= item.share;
	}
	return null;
};

interface Arrival {
	/** Seconds after the local midnight. */
	at: number;
	service: string;
	priority: string | null;
	/** A booked appointment's code (checked in at the kiosk) and time. */
	appointment: { code: string; start: number } | null;
}

/** One day's visitors: a Poisson process per hour at the plan's volume, plus the booked appointments that come (`shows`). */
function arrivalsOf(plan: DayPlan, random: () => number, booked: { code: string; shows: boolean }[]): Arrival[] {
	const out: Arrival[] = [];
	const walkIn = (at: number): Arrival => {
		const service = pick(SERVICES, random())!.code;
		return { at, service, priority: pick(PRIORITIES, random())?.code ?? null, appointment: null };
	};
	for (let i = 0; i < plan.atOpening; i++) out.push(walkIn(OPEN_HOUR * 3600 + i * 5));
	for (const [h, perHour] of HOURLY.entries()) {
		const rate = perHour * plan.volume(OPEN_HOUR + h);
		let t = 0;
		for (;;) {
			t += (-Math.log(Math.max(random(), 1e-12)) / rate) * 3600;
			if (t >= 3600) break;
			out.push(walkIn((OPEN_HOUR + h) * 3600 + t));
		}
	}
	for (const [i, minutes] of APPOINTMENT_MINUTES.entries()) {
		const start = OPEN_HOUR * 3600 + minutes * 60;
		const early = random() * 15 * 60;
		if (booked[i].shows) out.push({ at: start - early, service: APPOINTMENT_SERVICE, priority: null, appointment: { code: booked[i].code, start } });
	}
	return out.sort((a, b) => a.at - b.at);
}

const localTime = (day: string, seconds: number) => DateTime.fromISO(day, { zone: ZONE }).plus({ seconds }).toJSDate();
const dayAfter = (day: string, n: number) => DateTime.fromISO(day).plus({ days: n }).toISODate()!;

// ─── Database: the unit and its four weeks of history ────────────────────────────────────────
const database = await throwawayDatabase(ADMIN_URL, 'vez_bench_estimate');
const handle = openPostgres(database.url, 4);
await migrate(handle.db);
const db = handle.db;
const unitRow = await db
	.insertInto('units')
	.values({ slug: 'bench', name: 'Bench', timezone: ZONE, opening_hours: '{}', settings: JSON.stringify({ issueOutsideHours: true, kioskIssuesPerMinute: 1_000_000 }) })
	.returning('id')
	.executeTakeFirstOrThrow();
const organ = await db.insertInto('organs').values({ code: 'bench', name: 'Bench', acronym: 'B' }).returning('id').executeTakeFirstOrThrow();
const serviceIds = new Map<string, string>();
for (const s of SERVICES) {
	const row = await db
		.insertInto('services')
		.values({ code: s.code, name: s.code, organ_id: organ.id, theme: 't', subject: 's', documents: '[]', steps: '[]', channels: '[]', deadline_amount: null, deadline_unit: null, expected_service_minutes: s.mean, expected_wait_minutes: 30 })
		.returning('id')
		.executeTakeFirstOrThrow();
	serviceIds.set(s.code, row.id);
	await db.insertInto('unit_services').values({ unit_id: unitRow.id, service_id: row.id, prefix: s.prefix }).execute();
}
const priorityIds = new Map<string, string>();
for (const [i, p] of PRIORITIES.entries()) {
	const row = await db.insertInto('priority_groups').values({ code: p.code, name: p.code, weight: p.weight, sort: i }).returning('id').executeTakeFirstOrThrow();
	priorityIds.set(p.code, row.id);
}
const passwordHash = await hashPassword('bench-password');
const counterIds: string[] = [];
for (const [i] of COUNTERS.entries()) {
	const c = await db.insertInto('counters').values({ unit_id: unitRow.id, number: i + 1, name: `Guichê ${i + 1}` }).returning('id').executeTakeFirstOrThrow();
	const u = await db.insertInto('users').values({ username: `clerk${i + 1}`, name: `Clerk ${i + 1}`, password_hash: passwordHash, role: 'clerk', organ_id: null }).returning('id').executeTakeFirstOrThrow();
	await db.insertInto('user_units').values({ user_id: u.id, unit_id: unitRow.id }).execute();
	counterIds.push(c.id);
}
await db.insertInto('api_tokens').values({ name: 'kiosk', kind: 'kiosk', unit_id: unitRow.id, token_hash: sha256('bench-kiosk'), created_by: null }).execute();
// Listens to the unit's `queue` room: each message follows a publish beat, which leaves the forecast issues read.
await db.insertInto('api_tokens').values({ name: 'beat', kind: 'integration', unit_id: null, token_hash: sha256('bench-beat'), created_by: null, scopes: JSON.stringify(['queue:read']) }).execute();

// Each booking a citizen of its own (one active booking per CPF and service).
let citizens = 100_000_000;
const citizenCpf = () => {
	const base = String(citizens++);
	return base + cpfCheckDigits(base);
};

/**
 * Books the day's appointments (as the booking page would have), each coming or not; a past day's
 * are already checked in or missed, a day to replay's still booked. Returns them in slot order.
 */
async function bookDay(day: string, random: () => number, past: boolean) {
	const shows = APPOINTMENT_MINUTES.map(() => random() < SHOW_SHARE);
	const rows = APPOINTMENT_MINUTES.map((minutes, i) => ({
		code: formatBookingCode(randomBytes(BOOKING_CODE_BYTES)),
		unit_id: unitRow.id,
		service_id: serviceIds.get(APPOINTMENT_SERVICE)!,
		start_at: localTime(day, OPEN_HOUR * 3600 + minutes * 60),
		end_at: localTime(day, OPEN_HOUR * 3600 + minutes * 60 + 20 * 60),
		status: !past ? ('booked' as const) : shows[i] ? ('checked_in' as const) : ('no_show' as const),
		citizen_cpf: citizenCpf(),
		citizen_name: 'Bench',
		manage_token_hash: sha256(randomBytes(16).toString('hex')),
		booked_by: 'bench'
	}));
	const ids = await db.insertInto('appointments').values(rows).returning(['id', 'code']).execute();
	return ids.map((r, i) => ({ ...r, shows: shows[i] }));
}

/**
 * Four ordinary weeks before the first day, written straight to the tables: what the profile job
 * reads (service times, no-shows, priority walk-ins per hour, appointments that came). The waits of
 * history tickets are not used by the forecast, so they are a plain ten minutes.
 */
async function writeHistory() {
	const random = seededRandom(1);
	// Breaks from a stream of their own: the tickets are the same as without them.
	const breaks = seededRandom(2);
	const ordinary: DayPlan = { label: 'history', volume: () => 1, pace: () => 1, pauses: [], atOpening: 0 };
	for (let d = HISTORY_DAYS; d >= 1; d--) {
		const day = dayAfter(FIRST_DAY, -d);
		const booked = await bookDay(day, random, true);
		const arrivals = arrivalsOf(ordinary, random, booked);
		const numbers = new Map<string, number>();
		const rows = arrivals.map((a) => {
			const model = SERVICES.find((s) => s.code === a.service)!;
			const n = (numbers.get(a.service) ?? 0) + 1;
			numbers.set(a.service, n);
			const issued = localTime(day, a.at);
			const called = new Date(issued.getTime() + 600_000);
			const noShow = random() < model.noShow;
			const seconds = logNormal(random, model.mean * 60, model.spread);
			const appointment = a.appointment ? booked.find((b) => b.code === a.appointment!.code)! : null;
			return {
				public_id: randomBytes(16).toString('base64url'),
				unit_id: unitRow.id,
				service_id: serviceIds.get(a.service)!,
				number: `${model.prefix}${String(n).padStart(3, '0')}`,
				day,
				priority_group_id: a.priority ? priorityIds.get(a.priority)! : null,
				priority_weight: a.priority ? 20 : 0,
				status: noShow ? ('no_show' as const) : ('done' as const),
				channel: appointment ? ('appointment' as const) : ('kiosk' as const),
				issued_at: issued,
				queued_at: issued,
				called_at: called,
				started_at: noShow ? null : called,
				finished_at: noShow ? null : new Date(called.getTime() + seconds * 1000),
				outcome: noShow ? null : ('resolved' as const),
				appointment_at: appointment ? localTime(day, a.appointment!.start) : null,
				appointment_id: appointment?.id ?? null,
				issued_by: 'bench'
			};
		});
		await db.insertInto('tickets').values(rows).execute();
		// The counters' opens and breaks, as the audit trail records them (the profiles learn breaks from it).
		const trail = counterIds.flatMap((id, i) => {
			const opened = { at: localTime(day, OPEN_HOUR * 3600), actor: `user:clerk${i + 1}`, action: 'counter.open', entity: 'counter', entity_id: id, details: '{}' };
			if (!(breaks() < BREAK_SHARE)) return [opened];
			const from = (BREAK_HOURS[0] + (BREAK_HOURS[1] - BREAK_HOURS[0]) * breaks()) * 3600;
			const minutes = BREAK_MINUTES[0] + (BREAK_MINUTES[1] - BREAK_MINUTES[0]) * breaks();
			return [
				opened,
				{ ...opened, at: localTime(day, from), action: 'counter.pause', details: JSON.stringify({ reason: 'bench' }) },
				{ ...opened, at: localTime(day, from + minutes * 60) }
			];
		});
		await db.insertInto('audit_log').values(trail).execute();
	}
}
await writeHistory();
const unit = await unitBySlug(db, 'bench');

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const p90 = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length ? s[Math.min(s.length - 1, Math.floor(0.9 * s.length))] : NaN;
};
// ─── One day through the server ──────────────────────────────────────────────────────────────
interface DayResult {
	day: string;
	plan: DayPlan;
	issued: number;
	requests: number;
	failures: string[];
	/** Issues that waited for a publish beat, and those whose wait ended by the timeout. */
	beatWaits: number;
	beatTimeouts: number;
}

/** What happens next in a day, at `at` seconds after local midnight. */
type SimEvent =
	| { at: number; kind: 'arrive'; arrival: Arrival }
	/** A counter looks for its next visitor (or starts a pause that is due). */
	| { at: number; kind: 'look'; counter: number }
	| { at: number; kind: 'end'; counter: number; ticket: string; noShow: boolean }
	| { at: number; kind: 'resume'; counter: number };

/**
 * One day through the server, one event after the other: the bench sets the server's clock
 * (VEZ_CLOCK_FILE) to each event's time and waits for its requests before the next, so the
 * server's latency on a loaded machine slows the replay but never the simulated clerks.
 */
async function runDay(dayIndex: number): Promise<DayResult> {
	const plan = PLANS[dayIndex % PLANS.length];
	const day = dayAfter(FIRST_DAY, dayIndex);
	const random = seededRandom(1000 + dayIndex);
	// Profiles as the nightly job leaves them: the last four weeks, this day excluded.
	await refreshUnitProfiles(db, unit, localTime(day, 6 * 3600));
	const arrivals = arrivalsOf(plan, random, await bookDay(day, random, false));
	const failures: string[] = [];
	let requests = 0;
	const setClock = (seconds: number) => fs.writeFileSync(CLOCK_FILE, localTime(day, seconds).toISOString());
	setClock((OPEN_HOUR - 0.25) * 3600);

	const server: RunningServer = await startServer({ DATABASE_URL: database.url, VEZ_LOG_LEVEL: 'error', VEZ_JOBS: '0', VEZ_CLOCK_FILE: CLOCK_FILE });
	// The unit's publish beats, as they reach a screen: real time (performance.now()) of each.
	const socket = io(server.url, { path: '/socket.io', transports: ['websocket'], auth: { token: 'bench-beat' }, forceNew: true, reconnection: false });
	let lastBeat = -Infinity;
	let beatWaiter: (() => void) | null = null;
	socket.on('queue', () => {
		lastBeat = performance.now();
		beatWaiter?.();
	});
	await new Promise<void>((resolve, reject) => {
		socket.on('connect', () => resolve());
		socket.on('connect_error', reject);
	});
	const joined = await socket.emitWithAck('subscribe', { room: 'queue:bench' });
	if (!joined?.ok) throw new Error(`queue room: ${JSON.stringify(joined)}`);
	/** Real time the last change's answer came back: the beat that follows it refreshes the forecast. */
	let lastChange = -Infinity;
	let beatWaits = 0;
	let beatTimeouts = 0;
	/**
	 * At a real unit visitors and clerks act seconds apart, so an issue reads the forecast of a
	 * publish beat that saw every change before it. The replay plays them milliseconds apart:
	 * before an issue it waits for the unit's `queue` message that follows the last change's answer
	 * — the beat that change joined, however far its snapshots are spaced (a snapshot already under
	 * way when the change came can be the one that arrives, a change behind).
	 */
	const afterBeat = async () => {
		if (lastBeat > lastChange) return;
		beatWaits++;
		await new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				beatTimeouts++;
				resolve();
			}, BEAT_TIMEOUT_MS);
			beatWaiter = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		beatWaiter = null;
	};
	/** A POST whose answer is read whole: its status and parsed body (null when empty). */
	const post = async (path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any; cookie: string | null }> => {
		requests++;
		const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) }).catch((e: Error) => {
			throw new Error(`${path}: ${e.message} ${(e.cause as Error)?.message ?? ''}\n${server.output().slice(-3000)}`);
		});
		// A change the unit publishes (a call with nothing to call, a sign-in or a refusal changes nothing),
		// as of its answer: the server published it before answering.
		if (res.ok && res.status !== 204 && !path.startsWith('/api/v1/auth/')) lastChange = performance.now();
		const text = await res.text();
		if (res.status >= 400) failures.push(`${path.replace(/[0-9a-f-]{36}/g, ':id')} ${res.status} ${text.slice(0, 160)}`);
		return { status: res.status, body: text ? JSON.parse(text) : null, cookie: res.headers.get('set-cookie') };
	};
	try {
		const cookies: string[] = [];
		for (const [i, services] of COUNTERS.entries()) {
			const res = await post('/api/v1/auth/login', {}, { username: `clerk${i + 1}`, password: 'bench-password' });
			cookies.push(res.cookie!.split(';')[0]);
			await post(`/api/v1/counters/${counterIds[i]}/open`, { cookie: cookies[i] }, { services });
		}
		const clerks = COUNTERS.map((_, i) => ({
			busy: false,
			// Each clerk has a speed of their own the forecast does not know.
			speed: 0.85 + 0.3 * random(),
			random: seededRandom(dayIndex * 100 + i),
			pauses: plan.pauses.filter((p) => p.counter === i).map((p) => ({ at: p.at * 3600, minutes: p.minutes }))
		}));
		const queue: SimEvent[] = [];
		// Kept sorted by time, first in first out among equal times (a few hundred events a day).
		const schedule = (e: SimEvent) => {
			let i = queue.length;
			while (i > 0 && queue[i - 1].at > e.at) i--;
			queue.splice(i, 0, e);
		};
		for (const arrival of arrivals) schedule({ at: arrival.at, kind: 'arrive', arrival });
		for (const [i, clerk] of clerks.entries()) {
			schedule({ at: OPEN_HOUR * 3600, kind: 'look', counter: i });
			for (const p of clerk.pauses) schedule({ at: p.at, kind: 'look', counter: i });
		}
		while (queue.length) {
			const e = queue.shift()!;
			setClock(e.at);
			if (e.kind === 'arrive') {
				const a = e.arrival;
				if (FRESH_FORECASTS) await afterBeat();
				if (a.appointment) await post('/api/v1/units/bench/check-in', { authorization: 'Bearer bench-kiosk' }, { appointment: a.appointment.code });
				else await post('/api/v1/units/bench/tickets', { authorization: 'Bearer bench-kiosk' }, { service: a.service, ...(a.priority ? { priority: a.priority } : {}) });
				// Idle clerks see the new ticket on their screens.
				for (const [i, clerk] of clerks.entries()) if (!clerk.busy) schedule({ at: e.at, kind: 'look', counter: i });
				continue;
			}
			const clerk = clerks[e.counter];
			const id = counterIds[e.counter];
			const cookie = cookies[e.counter];
			if (e.kind === 'end') {
				if (e.noShow) await post(`/api/v1/tickets/${e.ticket}/no-show`, { cookie });
				else await post(`/api/v1/tickets/${e.ticket}/finish`, { cookie }, { outcome: 'resolved' });
				clerk.busy = false;
				// The clerk files the case and looks up: 10–40 s before the next call.
				schedule({ at: e.at + 10 + 30 * clerk.random(), kind: 'look', counter: e.counter });
			} else if (e.kind === 'resume') {
				await post(`/api/v1/counters/${id}/open`, { cookie }, { services: COUNTERS[e.counter] });
				clerk.busy = false;
				schedule({ at: e.at, kind: 'look', counter: e.counter });
			} else if (!clerk.busy) {
				const due = clerk.pauses.findIndex((p) => p.at <= e.at);
				if (due !== -1) {
					const [p] = clerk.pauses.splice(due, 1);
					await post(`/api/v1/counters/${id}/pause`, { cookie }, { reason: 'bench' });
					clerk.busy = true;
					schedule({ at: e.at + p.minutes * 60, kind: 'resume', counter: e.counter });
					continue;
				}
				const res = await post(`/api/v1/counters/${id}/call-next`, { cookie });
				if (res.status !== 200) continue;
				const called = res.body as { id: string; service: { code: string } };
				const model = SERVICES.find((s) => s.code === called.service.code)!;
				const noShow = clerk.random() < model.noShow;
				const seconds = noShow ? 60 + 60 * clerk.random() : logNormal(clerk.random, model.mean * 60 * plan.pace(e.at / 3600) * clerk.speed, model.spread);
				clerk.busy = true;
				schedule({ at: e.at + seconds, kind: 'end', counter: e.counter, ticket: called.id, noShow });
			}
		}
	} finally {
		socket.close();
		await server.stop();
	}
	return { day, plan, issued: arrivals.length, requests, failures, beatWaits, beatTimeouts };
}

// ─── Figures ─────────────────────────────────────────────────────────────────────────────────
interface Measured {
	actual: number;
	vez: number;
	naive: number;
	low: number;
	high: number;
	kind: 'normal' | 'priority' | 'appointment';
	service: string;
	/** Tickets of its service already waiting when it was issued (its queue at issue). */
	ahead: number;
	/** Priority or appointment tickets issued after it that its counters called before it. */
	overtaken: number;
	/** A planned counter pause began while it waited, or it was issued during one. */
	paused: boolean;
	/** Local hour of issue. */
	hour: number;
}

async function measured(day: string, plan: DayPlan): Promise<Measured[]> {
	const all = await db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.select(['tickets.issued_at', 'tickets.called_at', 'tickets.estimated_wait_minutes', 'tickets.estimated_wait_low', 'tickets.estimated_wait_high', 'tickets.naive_wait_minutes', 'tickets.priority_weight', 'tickets.appointment_id', 'tickets.transfers', 'services.code'])
		.where('tickets.unit_id', '=', unitRow.id)
		.where('tickets.day', '=', day)
		.execute();
	const pauses = plan.pauses.map((p) => ({ from: localTime(day, p.at * 3600).getTime(), to: localTime(day, p.at * 3600 + p.minutes * 60).getTime() }));
	const sharing = (a: string, b: string) => COUNTERS.some((c) => c.includes(a) && c.includes(b));
	const rows = all.filter((r) => r.transfers === 0 && r.called_at !== null && r.estimated_wait_minutes !== null);
	return rows.map((r) => {
		const issued = r.issued_at.getTime();
		const called = r.called_at!.getTime();
		return {
			actual: (called - issued) / 60_000,
			vez: r.estimated_wait_minutes!,
			naive: r.naive_wait_minutes ?? 0,
			low: r.estimated_wait_low ?? r.estimated_wait_minutes!,
			high: r.estimated_wait_high ?? r.estimated_wait_minutes!,
			kind: r.appointment_id ? 'appointment' : r.priority_weight > 0 ? 'priority' : 'normal',
			service: r.code,
			ahead: all.filter((o) => o.code === r.code && o.issued_at.getTime() < issued && (o.called_at === null || o.called_at.getTime() > issued)).length,
			overtaken: all.filter((o) => (o.priority_weight > 0 || o.appointment_id) && sharing(o.code, r.code) && o.issued_at.getTime() > issued && o.called_at !== null && o.called_at.getTime() < called).length,
			paused: pauses.some((p) => p.from < called && p.to > issued),
			hour: DateTime.fromJSDate(r.issued_at, { zone: ZONE }).hour
		};
	});
}

function figures(ms: Measured[]) {
	const vezErr = ms.map((m) => m.vez - m.actual);
	const naiveErr = ms.map((m) => m.naive - m.actual);
	return {
		n: ms.length,
		actual: mean(ms.map((m) => m.actual)),
		vezMae: mean(vezErr.map(Math.abs)),
		naiveMae: mean(naiveErr.map(Math.abs)),
		vezP90: p90(vezErr.map(Math.abs)),
		naiveP90: p90(naiveErr.map(Math.abs)),
		// As the reports read it: the wait in whole minutes inside the range shown.
		inRange: ms.filter((m) => Math.round(m.actual) >= m.low && Math.round(m.actual) <= m.high).length / Math.max(1, ms.length),
		vezBias: mean(vezErr),
		naiveBias: mean(naiveErr)
	};
}
const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
const row = (label: string, ms: Measured[]) => {
	const f = figures(ms);
	return `${label.padEnd(30)} ${String(f.n).padStart(4)} ${f1(f.actual).padStart(6)} │ ${f1(f.vezMae).padStart(5)} ${f1(f.vezP90).padStart(5)} ${(f.inRange * 100).toFixed(0).padStart(4)}% ${f1(f.vezBias).padStart(6)} │ ${f1(f.naiveMae).padStart(5)} ${f1(f.naiveP90).padStart(5)} ${f1(f.naiveBias).padStart(6)} │ ${(f.vezMae / f.naiveMae).toFixed(2).padStart(5)}`;
};
const header = `${'day'.padEnd(30)} ${'n'.padStart(4)} ${'wait'.padStart(6)} │ ${'MAE'.padStart(5)} ${'p90'.padStart(5)} ${'range'.padStart(5)} ${'bias'.padStart(6)} │ ${'MAE'.padStart(5)} ${'p90'.padStart(5)} ${'bias'.padStart(6)} │ ${'ratio'.padStart(5)}`;

try {
	console.log(`bench:estimate — ${DAYS} simulated days through the server on PostgreSQL; minutes; Vez columns, then the naive rule's; ratio = Vez MAE ÷ naive MAE`);
	const all: Measured[] = [];
	const lines: string[] = [];
	const breakdowns: { label: string; ms: Measured[] }[] = [];
	for (let d = 0; d < DAYS; d++) {
		if (ONLY_DAYS && !ONLY_DAYS.includes(d)) continue;
		const t0 = performance.now();
		const result = await runDay(d);
		const ms = await measured(result.day, result.plan);
		breakdowns.push({ label: `${result.day} ${result.plan.label}`, ms });
		all.push(...ms);
		lines.push(row(`${result.day} ${result.plan.label}`, ms));
		console.log(`  ${result.day}: ${result.issued} visitors replayed in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${result.requests} requests, ${result.beatWaits} issues waited for a beat (${result.beatTimeouts} timed out)${result.failures.length ? `; ${result.failures.length} failed requests, e.g. ${result.failures[0]}` : ''}`);
	}
	console.log(`\n${' '.repeat(42)}│ Vez${' '.repeat(25)}│ naive${' '.repeat(13)}│`);
	console.log(header);
	for (const line of lines) console.log(line);
	console.log(row('all days', all));
	console.log('\nby kind of ticket (all days)');
	for (const kind of ['normal', 'priority', 'appointment'] as const) console.log(row(`  ${kind}`, all.filter((m) => m.kind === kind)));
	console.log('by service (all days)');
	for (const s of SERVICES) console.log(row(`  ${s.code}`, all.filter((m) => m.service === s.code)));

	// Where each day's error comes from: the share of the day's Vez absolute error (|err|) each
	// group of tickets holds, beside its MAE and bias, so the effect costing the most stands out.
	const groups: [string, (m: Measured) => string][] = [
		['queue at issue', (m) => (m.ahead < 5 ? ' 0–4 ahead' : m.ahead < 15 ? ' 5–14 ahead' : m.ahead < 30 ? '15–29 ahead' : '30+ ahead')],
		['kind', (m) => m.kind],
		['service', (m) => m.service],
		['overtaken', (m) => (m.overtaken === 0 ? 'none' : m.overtaken < 4 ? '1–3' : '4+')],
		['pause while waiting', (m) => (m.paused ? 'yes' : 'no')],
		['hour of issue', (m) => `${m.hour}h`]
	];
	console.log('\nper day, where the error is: n, Vez MAE, Vez bias, naive MAE, ratio, share of the day\'s Vez |error|');
	for (const b of breakdowns) {
		const total = b.ms.reduce((sum, m) => sum + Math.abs(m.vez - m.actual), 0);
		console.log(`${b.label}`);
		for (const [name, key] of groups) {
			const values = [...new Set(b.ms.map(key))].sort();
			const cells = values.map((v) => {
				const g = b.ms.filter((m) => key(m) === v);
				const f = figures(g);
				const share = g.reduce((sum, m) => sum + Math.abs(m.vez - m.actual), 0) / Math.max(1e-9, total);
				return `${v.trim()}: ${g.length} ${f1(f.vezMae)}/${f1(f.vezBias)} vs ${f1(f.naiveMae)} (${(f.vezMae / f.naiveMae).toFixed(2)}) ${(share * 100).toFixed(0)}%`;
			});
			console.log(`  ${name.padEnd(20)} ${cells.join(' │ ')}`);
		}
	}

	// ─── 500 waiting: the pure functions alone (bench/estimate-micro.ts) ─────────────────────
	console.log('');
	printMicro();
} finally {
	fs.rmSync(path.dirname(CLOCK_FILE), { recursive: true, force: true });
	await handle.close();
	if (process.env.BENCH_KEEP === '1') console.log(`kept ${database.url}`);
	else await database.drop();
}
