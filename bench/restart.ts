// npm run bench:restart — how fast every screen comes back, through the built server
// (`npm run build` first) on a throwaway PostgreSQL database reached through a TCP proxy:
//   1. a graceful restart (SIGTERM, start again on the same port),
//   2. a database outage of BENCH_OUTAGE_SECONDS (the proxy is cut, then restored).
// BENCH_SOCKETS screens use the browser's own socket module (src/lib/realtime/socket.ts): a
// fifth are TV panels on `panel:centro`, the rest visitors' phones on `ticket:<publicId>`. A
// screen is resynced once its snapshot (the panel's last calls, the phone's ticket) has been
// fetched again after the server came back. Calls are made at once when the server is ready;
// a call is lost for a screen when neither an event nor its latest snapshot shows it.
// BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names a server where a
// database may be created; that server is never stopped. Prints figures; asserts nothing.
import { backoffDelay } from '../src/lib/realtime/backoff';
import { connectLive } from '../src/lib/realtime/socket';
import { startServer, throwawayDatabase, waitUntilReady, type RunningServer } from '../tests/server-process';
import { addressOf, startTcpProxy } from '../tests/tcp-proxy';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 500);
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE_SECONDS ?? 10);
const CALLS = Number(process.env.BENCH_CALLS ?? 10);
const SERVICE = 'iptu-segunda-via';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function report(label: string, ms: number[]) {
	const s = [...ms].sort((a, b) => a - b);
	console.log(`${label.padEnd(52)} n=${String(s.length).padStart(4)}  p50 ${pct(s, 50).toFixed(0).padStart(6)} ms  p99 ${pct(s, 99).toFixed(0).padStart(6)} ms  max ${s.at(-1)!.toFixed(0).padStart(6)} ms`);
}

// The browser module in node: it only needs these to listen for a phone waking up.
const noop = () => {};
Object.assign(globalThis, {
	document: { visibilityState: 'visible', addEventListener: noop, removeEventListener: noop },
	window: { addEventListener: noop, removeEventListener: noop }
});

const db = await throwawayDatabase(ADMIN_URL, 'vez_bench_restart');
const proxy = await startTcpProxy(addressOf(ADMIN_URL));
const env = { DATABASE_URL: proxy.via(db.url), VEZ_DEMO: '1', VEZ_LOG_LEVEL: 'error' };
let server: RunningServer = await startServer(env);
const base = server.url;
Object.assign(globalThis, { location: new URL(base) });

const post = (path: string, headers: Record<string, string>, body?: unknown) =>
	fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body ?? {}) });

interface Screen {
	kind: 'panel' | 'phone';
	number?: string;
	publicId?: string;
	/** Numbers this screen shows as called, from events and snapshots. */
	seen: Set<string>;
	/** When each snapshot fetch completed (performance.now()). */
	synced: number[];
	close(): void;
}

try {
	const login = await post('/api/v1/auth/login', {}, { username: 'atendente', password: 'vez-demo' });
	const cookie = login.headers.get('set-cookie')!.split(';')[0];
	const counters = (await (await fetch(`${base}/api/v1/units/centro/counters`, { headers: { cookie } })).json()) as { id: string }[];
	const counter = counters[0].id;
	await (await post(`/api/v1/counters/${counter}/open`, { cookie }, { services: [SERVICE] })).arrayBuffer();

	const phones = SOCKETS - Math.floor(SOCKETS / 5);
	const tickets: { number: string; publicId: string }[] = [];
	for (let i = 0; i < phones; i++) {
		// Issued by the clerk: a kiosk token is held to 30 tickets a minute.
		const res = await post('/api/v1/units/centro/tickets', { cookie }, { service: SERVICE });
		tickets.push(await res.json());
	}

	// Like SvelteKit's invalidate(): one snapshot in flight per screen, and one more after it if
	// asked meanwhile, so a burst of resyncs never piles up requests.
	const inFlight = new Map<Screen, 'running' | 'again'>();
	const snapshot = async (screen: Screen): Promise<void> => {
		if (inFlight.has(screen)) return void inFlight.set(screen, 'again');
		inFlight.set(screen, 'running');
		try {
			await fetchSnapshot(screen);
		} finally {
			const again = inFlight.get(screen) === 'again';
			inFlight.delete(screen);
			if (again) void snapshot(screen);
		}
	};
	// A refused snapshot is tried again with the screens' own back-off, as the 503 page does.
	const fetchSnapshot = async (screen: Screen) => {
		for (let attempt = 0; ; attempt++) {
			const res = await fetch(screen.kind === 'panel' ? `${base}/api/v1/units/centro/calls?limit=30` : `${base}/api/v1/tickets/${screen.publicId}`).catch(() => null);
			if (res?.ok) {
				const body = await res.json();
				if (screen.kind === 'panel') for (const c of body as { number: string }[]) screen.seen.add(c.number);
				else if ((body as { status: string }).status !== 'waiting') screen.seen.add(screen.number!);
				screen.synced.push(performance.now());
				return;
			}
			await sleep(backoffDelay(attempt, Math.random()));
		}
	};
	const open = (kind: Screen['kind'], ticket?: { number: string; publicId: string }): Screen => {
		const screen: Screen = { kind, number: ticket?.number, publicId: ticket?.publicId, seen: new Set(), synced: [], close: noop };
		const live = connectLive({
			token: kind === 'panel' ? 'demo-panel-centro' : null,
			rooms: [kind === 'panel' ? 'panel:centro' : `ticket:${ticket!.publicId}`],
			onResync: () => void snapshot(screen)
		});
		live.on('call', (c) => screen.seen.add(c.number));
		screen.close = () => live.close();
		return screen;
	};
	const screens = [...Array.from({ length: SOCKETS - phones }, () => open('panel')), ...tickets.map((t) => open('phone', t))];
	while (screens.some((s) => s.synced.length === 0)) await sleep(100);
	console.log(`${screens.length} screens connected (${SOCKETS - phones} panels, ${phones} phones)`);

	let lost = 0;
	let callsMade = 0;
	let held: string | null = null;
	/** Calls CALLS tickets one after another at once, then counts the screens that never showed them. */
	const callAndCount = async () => {
		const called: string[] = [];
		// As the console does: a 503 (the pool still busy with every screen resyncing) is tried again.
		const clerkPost = async (path: string, body?: unknown) => {
			for (;;) {
				const res = await post(path, { cookie }, body);
				if (res.status !== 503) return res;
				await res.arrayBuffer();
				await sleep(200);
			}
		};
		for (let i = 0; i < CALLS; i++) {
			if (held) await (await clerkPost(`/api/v1/tickets/${held}/finish`, { outcome: 'resolved' })).arrayBuffer();
			const res = await clerkPost(`/api/v1/counters/${counter}/call-next`);
			if (res.status !== 200) throw new Error(`call-next answered ${res.status}: ${await res.text()}`);
			const t = (await res.json()) as { id: string; number: string };
			held = t.id;
			called.push(t.number);
		}
		callsMade += called.length;
		// Give events and resyncs time to land, then look.
		await sleep(8000);
		let missing = 0;
		for (const s of screens) {
			if (s.kind === 'panel') missing += called.filter((n) => !s.seen.has(n)).length;
			else if (called.includes(s.number!) && !s.seen.has(s.number!)) missing += 1;
		}
		lost += missing;
		return missing;
	};
	const resyncedAfter = (since: number) => screens.map((s) => (s.synced.find((t) => t >= since) ?? NaN) - since);
	const waitAllResynced = async (since: number) => {
		const deadline = performance.now() + 120_000;
		while (screens.some((s) => !s.synced.some((t) => t >= since)) && performance.now() < deadline) await sleep(50);
	};

	// 1. Graceful restart.
	const port = server.port;
	const stopAt = performance.now();
	await server.stop('SIGTERM');
	const stoppedMs = performance.now() - stopAt;
	server = await startServer(env, { port, waitReady: false });
	await waitUntilReady(server);
	const ready = performance.now();
	const missedRestart = await callAndCount();
	await waitAllResynced(ready);
	const restart = resyncedAfter(ready);
	console.log(`graceful stop took ${stoppedMs.toFixed(0)} ms; start to ready ${(ready - stopAt - stoppedMs).toFixed(0)} ms`);
	report('restart: server ready → screen resynced', restart.filter(Number.isFinite));
	console.log(`restart: screens never resynced ${restart.filter((x) => !Number.isFinite(x)).length}; calls lost ${missedRestart} of ${CALLS} calls × screens`);

	// 2. Database outage through the proxy.
	proxy.cut();
	const cutAt = performance.now();
	let readyzDown = NaN;
	while (performance.now() - cutAt < OUTAGE_SECONDS * 1000) {
		if (Number.isNaN(readyzDown) && (await fetch(`${base}/readyz`).then((r) => r.status, () => 0)) === 503) readyzDown = performance.now() - cutAt;
		await sleep(100);
	}
	proxy.restore();
	const back = performance.now();
	await waitUntilReady(server);
	const readyAgain = performance.now();
	const missedOutage = await callAndCount();
	await waitAllResynced(back);
	const outage = resyncedAfter(back);
	console.log(`outage of ${OUTAGE_SECONDS} s: /readyz 503 after ${readyzDown.toFixed(0)} ms; 200 again ${(readyAgain - back).toFixed(0)} ms after the database returned`);
	report('outage: database back → screen resynced', outage.filter(Number.isFinite));
	report('outage: /readyz 200 → screen resynced', outage.filter(Number.isFinite).map((x) => x - (readyAgain - back)));
	console.log(`outage: screens never resynced ${outage.filter((x) => !Number.isFinite(x)).length}; calls lost ${missedOutage} of ${CALLS} calls × screens`);
	console.log(`process alive after both: ${server.process.exitCode === null}; calls made ${callsMade}, lost ${lost}`);
	for (const s of screens) s.close();
} finally {
	await server.stop('SIGKILL');
	await proxy.close();
	await db.drop();
}
