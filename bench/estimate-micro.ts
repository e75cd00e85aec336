// npm run bench:estimate:micro — the target "every waiting ticket of a unit with 500 waiting
// estimated in < 20 ms", timed on the pure functions alone: no server, no database, no I/O. The
// unit is bench:estimate's (five counters sharing three services, priority walk-ins at its hourly
// rates, appointments booked every 20 minutes), its profiles written out instead of read from a
// history. Prints min and p50 of wall and CPU time over BENCH_REPEATS (default 50) repeats after
// a warm-up of both functions, with the load average: a shared machine inflates the wall time and the p50, the min is
// the closest to the function's own cost. bench:estimate ends with the same figures.
import os from 'node:os';
import { forecastWaits, type ForecastCounter, type ServiceProfile } from '../src/lib/queue/estimate';
import { queueSnapshot, type SnapshotInput } from '../src/lib/queue/snapshot';
import type { QueueTicket } from '../src/lib/queue/ticket';
import { seededRandom } from '../src/lib/random';

const SERVICES = [
	{ code: 'bench-rg', mean: 6, spread: 0.45, noShow: 0.07, share: 0.45 },
	{ code: 'bench-cnh', mean: 11, spread: 0.5, noShow: 0.05, share: 0.3 },
	{ code: 'bench-cad', mean: 4, spread: 0.4, noShow: 0.1, share: 0.25 }
];
const COUNTERS = [['bench-rg'], ['bench-rg', 'bench-cnh'], ['bench-cnh'], ['bench-cnh', 'bench-cad'], ['bench-rg', 'bench-cad']];
const PRIORITIES = [
	{ code: 'idoso', weight: 20, share: 0.14 },
	{ code: 'pcd', weight: 20, share: 0.06 }
];
const HOURLY = [38, 44, 40, 32, 24];
const WARM_UP = 40;

const pick = <T extends { share: number }>(items: T[], u: number): T | null => {
	for (const item of items) {
		if (u < item.share) return item;
		u -= item.share;
	}
	return null;
};

export interface MicroResult {
	readonly forecast: string;
	readonly snapshot: string;
}

/** Times the forecast of `size` waiting tickets (all tracked, plus a newcomer per service) and the whole queue snapshot. */
export function microBenchmark(size = 500, repeats = 50): MicroResult {
	const now = new Date('2026-03-09T13:00:00Z');
	const localHour = 10;
	const profiles: ServiceProfile[] = SERVICES.map((s) => ({
		code: s.code,
		meanServiceSeconds: s.mean * 60,
		logSpread: s.spread,
		noShowShare: s.noShow,
		transferShare: 0,
		transfersTo: [],
		priorityArrivals: PRIORITIES.map((p) => ({ code: p.code, weight: p.weight, perHour: Array.from({ length: 24 }, (_, h) => (HOURLY[h - 8] ?? 0) * s.share * p.share) }))
	}));
	const counters: ForecastCounter[] = COUNTERS.map((services, i) => ({ id: `c${i}`, services, status: 'open', current: { serviceCode: services[0], elapsedSeconds: 60 * i }, pausedSeconds: 0, closesInSeconds: 5 * 3600 }));
	const booked = Array.from({ length: 8 }, (_, i) => ({ serviceCode: 'bench-cnh', at: new Date(now.getTime() + (i + 1) * 20 * 60_000) }));
	const random = seededRandom(7);
	const waiting: QueueTicket[] = Array.from({ length: size }, (_, i) => {
		const service = pick(SERVICES, random())!.code;
		const priority = pick(PRIORITIES, random());
		const at = new Date(now.getTime() - (size - i) * 20_000);
		return { id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, number: String(i), serviceCode: service, priorityCode: priority?.code ?? 'normal', priorityWeight: priority?.weight ?? 0, arrivedAt: at, enqueuedAt: at, appointmentAt: null, status: 'waiting' };
	});
	const services = SERVICES.map((s) => ({ id: s.code, code: s.code, expectedServiceMinutes: s.mean }));
	// bench:estimate's breaks: a 1-in-4 chance a day per counter, begun between 09:30 and 11:30.
	const pausesPerHour = Array.from({ length: 24 }, (_, h) => (h === 10 ? 0.125 : h === 9 || h === 11 ? 0.0625 : 0));
	const snapshotInput: SnapshotInput = {
		services,
		waiting,
		settings: { mode: 'strict' },
		recentCalls: [],
		now,
		facts: { localHour, counters, profiles: new Map(profiles.map((p) => [p.code, p])), booked, appointmentShowShare: 0.85, todaySamples: [], typicalPauseSeconds: 1200, pausesPerHour }
	};
	const time = (f: () => void) => {
		const wall: number[] = [];
		const cpu: number[] = [];
		for (let i = 0; i < repeats; i++) {
			const t = performance.now();
			const c = process.cpuUsage();
			f();
			const used = process.cpuUsage(c);
			wall.push(performance.now() - t);
			cpu.push((used.user + used.system) / 1000);
		}
		const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
		const p50 = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)].toFixed(1);
		return `wall min ${Math.min(...wall).toFixed(1)} ms, p50 ${p50(wall)} ms; CPU min ${Math.min(...cpu).toFixed(1)} ms, p50 ${p50(cpu)} ms`;
	};
	// As queueSnapshot runs it for this many waiting (runsFor in snapshot.ts: 16 runs for 500).
	const runs = Math.max(8, Math.min(48, Math.floor(8_000 / Math.max(1, size))));
	const direct = () =>
		forecastWaits({ now, localHour, waiting, newcomers: SERVICES.map((s) => s.code), services: profiles, counters, booked, appointmentShowShare: 0.85, pace: 1, typicalPauseSeconds: 1200, pausesPerHour, settings: { mode: 'strict' }, recentCalls: [], runs, random: seededRandom(20) });
	const whole = () => queueSnapshot(snapshotInput);
	// Both warmed up before either is timed: a handful of calls leaves the code unoptimised, and
	// whichever was timed first read 3× slower than the other.
	for (let i = 0; i < WARM_UP; i++) {
		direct();
		whole();
	}
	const forecast = time(direct);
	const snapshot = time(whole);
	return { forecast: `forecastWaits, ${runs} runs: ${forecast}`, snapshot: `queueSnapshot (forecast + every service's order): ${snapshot}` };
}

export function printMicro(size = 500, repeats = Math.max(5, Number(process.env.BENCH_REPEATS ?? 50))) {
	const r = microBenchmark(size, repeats);
	console.log(`${size} waiting, 5 counters, 3 services, pure functions in process, ${repeats} repeats (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores; target < 20 ms):`);
	console.log(`  ${r.forecast}`);
	console.log(`  ${r.snapshot}`);
}

if (process.argv[1]?.endsWith('estimate-micro.ts')) printMicro();
