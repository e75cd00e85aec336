import { queueSnapshot } from '../src/lib/queue/snapshot';
import type { QueueTicket } from '../src/lib/queue/ticket';
const now = new Date('2026-03-02T13:00:00Z');
const codes = ['a','b','c'];
for (const n of [100, 500, 1000]) {
const waiting: QueueTicket[] = Array.from({length: n}, (_, i) => ({ id: `00000000-0000-0000-0000-${String(i).padStart(12,'0')}`, number: 'A', serviceCode: codes[i%3], priorityCode: i%7===0?'idoso':'normal', priorityWeight: i%7===0?20:0, arrivedAt: new Date(now.getTime() - (n-i)*2_000), enqueuedAt: now, appointmentAt: null, status: 'waiting' }));
const counters = Array.from({length: 12}, (_, i) => ({ id: `c${i}`, services: [codes[i%3], codes[(i+1)%3]], status: 'open' as const, current: {serviceCode: codes[i%3], elapsedSeconds: 100}, pausedSeconds: 0, closesInSeconds: 8*3600 }));
const facts = { localHour: 10, counters, profiles: new Map(codes.map(code => [code, { code, meanServiceSeconds: 400, logSpread: 0.5, noShowShare: 0.05, transferShare: 0.03, transfersTo: [{code: 'a', share: 1}], priorityArrivals: [{ code: 'idoso', weight: 20, perHour: Array(24).fill(3) }] }])), booked: [], appointmentShowShare: .85, todaySamples: [], typicalPauseSeconds: 900 };
const services = codes.map(code => ({ id: code, code, expectedServiceMinutes: 7 }));
const times: number[] = []; const cpu: number[] = [];
for (let i = 0; i < 15; i++) { const c0 = process.cpuUsage(); const t0 = performance.now(); queueSnapshot({ services, waiting, settings: {mode:'strict'}, recentCalls: [], now, facts }); times.push(performance.now()-t0); const c = process.cpuUsage(c0); cpu.push((c.user+c.system)/1000); }
console.log(n, 'wall min', Math.min(...times).toFixed(1), 'cpu min', Math.min(...cpu).toFixed(1), 'cpu median', cpu.sort((a,b)=>a-b)[7].toFixed(1));
}
