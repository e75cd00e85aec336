// A bare socket.io relay, the floor bench:queue sets Vez's call → panel event beside: the same
// socket.io server (realtime-host.js: same options, WebSocket, no compression) with no app, no
// database work and no authentication. `POST /emit/<number>` sends a call-sized `call` event to
// the room `panel:bench` and answers once it is handed to socket.io, as Vez's call-next answers
// after its publish. With DATABASE_URL, rooms span processes through socket.io's PostgreSQL
// adapter, as Vez's do. `GET /metrics` gives the resident memory as Vez's /metrics names it.
// Started by bench/queue.ts: node bench/socket-relay.js, with PORT (and DATABASE_URL).
import http from 'node:http';
import pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import { createRealtimeServer } from '../realtime-host.js';

const server = http.createServer((req, res) => {
	if (req.method === 'POST' && req.url?.startsWith('/emit/')) {
		const number = decodeURIComponent(req.url.slice('/emit/'.length));
		io.to('panel:bench').emit('call', { number, counter: 1, counterName: 'Guichê 1', service: 'bench-a', calledAt: new Date().toISOString(), recall: false });
		res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	} else if (req.url === '/metrics') {
		res.writeHead(200, { 'content-type': 'text/plain' }).end(`process_resident_memory_bytes ${process.memoryUsage.rss()}\n`);
	} else if (req.url === '/readyz') {
		res.writeHead(200).end('ready');
	} else res.writeHead(404).end();
});
const io = createRealtimeServer(server);
// Its own channel: a Vez server on the same database must not hear the relay's traffic.
if (process.env.DATABASE_URL) io.adapter(createAdapter(new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 }), { channelPrefix: 'bench-relay' }));
io.on('connection', (socket) => {
	socket.on('subscribe', async (msg, ack) => {
		await socket.join(String(msg?.room));
		if (typeof ack === 'function') ack({ ok: true });
	});
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => {
	io.close();
	process.exit(0);
});
