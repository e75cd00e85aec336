// npm run bench:demo-seed — the demo's first start on PGlite (its default engine, in memory here):
//   1. seeding the demo city, timed whole (argon2 hashes, the city's rows, 60 days of history),
//      with the rows the history wrote;
//   2. the history alone: the generator again over the 60 days before those, on the seeded city;
//   3. what one visitor costs through the queue's use cases (issue at the kiosk, call, finish), at
//      BENCH_TICKETS (default 200) tickets one after the other: the figure a per-row history would pay.
// Prints figures; asserts nothing.
import { DateTime } from 'luxon';
import { migrate, openPglite } from '../src/lib/server/db/database';
import { readConfig } from '../src/lib/server/config';
import type { Deps } from '../src/lib/server/deps';
import type { Actor } from '../src/lib/auth/actor';
import { DEMO_HISTORY_DAYS, seedDemoIfEmpty } from '../src/lib/demo/seed.server';
import { generateHistory } from '../src/lib/demo/history.server';
import { issueTicket } from '../src/lib/queue/issue-ticket.server';
import { openCounter } from '../src/lib/queue/counter-status.server';
import { callNext } from '../src/lib/queue/call-ticket.server';
import { finishTicket } from '../src/lib/queue/ticket-actions.server';
import { addDays } from '../src/lib/stats/report-query';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 200);
const log = { debug() {}, info() {}, warn() {}, error() {} };
const config = { ...readConfig({ VEZ_VIRTUAL_PHONE: 'off' }), demo: true, virtualPrinterPort: null };

const handle = await openPglite();
await migrate(handle.db);
const db = handle.db;
const count = async (table: 'tickets' | 'ratings' | 'appointments' | 'protocols' | 'protocol_events') =>
	Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

let t0 = performance.now();
await seedDemoIfEmpty({ db, log, config });
const seedMs = performance.now() - t0;
const rows = { tickets: await count('tickets'), ratings: await count('ratings'), appointments: await count('appointments'), protocols: await count('protocols'), protocolEvents: await count('protocol_events') };
const written = Object.values(rows).reduce((a, b) => a + b, 0);
console.log(`demo seed (city + ${DEMO_HISTORY_DAYS} days of history)   ${(seedMs / 1000).toFixed(2)} s`);
console.log(`  history rows: ${Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(', ')} (${written} in all)`);

const today = DateTime.now().setZone(config.cityZone).toISODate()!;
t0 = performance.now();
const again = await generateHistory(db, { seed: 7, days: DEMO_HISTORY_DAYS, staffing: 0.6, today: addDays(today, -DEMO_HISTORY_DAYS) }, new Date());
const historyMs = performance.now() - t0;
console.log(`history alone, ${DEMO_HISTORY_DAYS} more days (bulk INSERT … unnest)   ${(historyMs / 1000).toFixed(2)} s for ${again.tickets} tickets: ${((historyMs / again.tickets) * 1000).toFixed(0)} µs a ticket`);

// A weekday morning at the central unit, the clock moving 10 s a visitor (under the kiosk's ceiling).
let at = DateTime.now().setZone(config.cityZone).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
while (at.weekday > 5) at = at.plus({ days: 1 });
const clock = { now: at.toJSDate() };
const deps: Deps = { db, engine: handle.engine, now: () => clock.now, config, log, realtime: { emit() {} } };
const unit = await db.selectFrom('units').select(['id', 'slug']).where('slug', '=', 'centro').executeTakeFirstOrThrow();
const counter = await db.selectFrom('counters').select('id').where('unit_id', '=', unit.id).orderBy('number').executeTakeFirstOrThrow();
const clerkRow = await db
	.selectFrom('users')
	.innerJoin('user_units', 'user_units.user_id', 'users.id')
	.select(['users.id', 'users.username', 'users.name'])
	.where('user_units.unit_id', '=', unit.id)
	.where('users.role', '=', 'clerk')
	.executeTakeFirstOrThrow();
const clerk: Actor = { kind: 'user', id: clerkRow.id, username: clerkRow.username, name: clerkRow.name, role: 'clerk', unitIds: [unit.id], organId: null };
const device: Actor = { kind: 'device', id: 'bench-kiosk', name: 'Totem', tokenKind: 'kiosk', unitId: unit.id, scopes: [] };
await openCounter(deps, clerk, counter.id, { services: ['iptu-segunda-via'] });
t0 = performance.now();
for (let i = 0; i < TICKETS; i++) {
	await issueTicket(deps, device, unit.slug, { service: 'iptu-segunda-via' }, 'http://bench');
	const called = await callNext(deps, clerk, counter.id);
	if (called) await finishTicket(deps, clerk, called.id, { outcome: 'resolved' });
	clock.now = new Date(clock.now.getTime() + 10_000);
}
const perTicketMs = (performance.now() - t0) / TICKETS;
console.log(`one visitor through the use cases (issue, call, finish)   ${perTicketMs.toFixed(1)} ms a ticket over ${TICKETS}`);
console.log(`  the demo's ${rows.tickets} history tickets that way: ~${((rows.tickets * perTicketMs) / 1000).toFixed(0)} s (before appointments, ratings and protocols)`);
await handle.close();
