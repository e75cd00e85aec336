import { openPostgres } from '../src/lib/server/db/database';
import { readConfig } from '../src/lib/server/config';
import { statsReport } from '../src/lib/stats/reports.server';
const handle = openPostgres('postgres://postgres@127.0.0.1:5432/vez_bench_d11421fc', 2);
const deps: any = { db: handle.db, engine: 'postgres', now: () => new Date('2026-11-23T15:00:00Z'), config: { ...readConfig({}), demo: false }, log: { debug() {}, info() {}, warn() {}, error() {} }, realtime: { emit() {} } };
const actor: any = { kind: 'user', id: '00000000-0000-0000-0000-000000000000', username: 'b', name: 'B', role: 'admin', unitIds: [], organId: null };
const q = JSON.parse(process.argv[2]);
for (let i = 0; i < 2; i++) { const s = performance.now(); await statsReport(deps, actor, q); console.log(performance.now() - s); }
await handle.close();
