import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createAdapter } from '@socket.io/postgres-adapter';
import type { Logger } from '../log';

export interface ListenerOptions {
	log: Logger;
	/** How often the LISTEN connection is sent a probe; three in a row unheard, it is replaced. */
	livenessMs?: number;
	/**
	 * The LISTEN connection is (again) listening. `resumed` is true after a loss: what other
	 * processes published meanwhile never arrived, so local screens must fetch a fresh snapshot.
	 */
	onListening(resumed: boolean): void;
}

/**
 * socket.io's PostgreSQL adapter on a LISTEN connection of its own, kept alive. The adapter
 * (0.5) takes that connection from the pool for good, without an `error` listener (a database
 * restart then kills the process) and trusts it forever, while a LISTEN connection can go
 * silent without an error (node-postgres issues #1543, #2641). Here the connection is a
 * dedicated client that must hear a probe sent through the pool every `livenessMs`; an error or
 * three unheard probes in a row end it, and the adapter's own `end` handler connects again.
 */
export function postgresAdapter(pool: pg.Pool, opts: ListenerOptions): { adapter: ReturnType<typeof createAdapter>; listening(): boolean } {
	const config = (pool as unknown as { options: pg.ClientConfig }).options;
	const livenessMs = opts.livenessMs ?? 5000;
	const probeChannel = `vez_liveness_${randomBytes(6).toString('hex')}`;
	let listenedBefore = false;
	let listening = false;

	async function connectListener(): Promise<pg.Client> {
		const client = new pg.Client({ ...config, keepAlive: true });
		let ended = false;
		const end = () => {
			if (ended) return;
			ended = true;
			void client.end().catch(() => {});
		};
		client.on('error', (e) => {
			opts.log.warn('realtime listener lost its connection', { error: e.message });
			end();
		});
		client.on('end', () => {
			ended = true;
			listening = false;
			clearInterval(beat);
		});
		// Counted in probes, not in time: a busy event loop (a demo city being seeded) delays the
		// beats and the notifications alike, and must not pass for a silent connection.
		let unanswered = 0;
		client.on('notification', (n) => {
			if (n.channel === probeChannel) unanswered = 0;
		});
		const beat = setInterval(() => {
			if (unanswered >= 3) {
				opts.log.warn('realtime listener went silent; reconnecting', { unansweredProbes: unanswered });
				end();
				return;
			}
			// Counted once sent: a pool too busy to send it says nothing about this connection.
			pool.query('SELECT pg_notify($1, $2)', [probeChannel, '']).then(
				() => void (unanswered += 1),
				() => {}
			);
		}, livenessMs);
		beat.unref();
		try {
			await client.connect();
			await client.query(`LISTEN ${probeChannel}`);
		} catch (e) {
			clearInterval(beat);
			end();
			throw e;
		}
		// The adapter gives its connection back with release(); this one is not the pool's.
		(client as unknown as { release(): void }).release = end;
		// The adapter sends its LISTEN right after this resolves; a query queued behind it
		// completes once the adapter really listens.
		setImmediate(() => {
			client
				.query('SELECT 1')
				.then(() => {
					if (ended) return;
					listening = true;
					opts.onListening(listenedBefore);
					listenedBefore = true;
				})
				.catch(() => {});
		});
		return client;
	}

	// The adapter only calls connect() for its LISTEN connection and query() for everything else.
	const source = { connect: connectListener, query: (text: string, values?: unknown[]) => pool.query(text, values) };
	const adapter = createAdapter(source as unknown as pg.Pool, {
		heartbeatInterval: 5000,
		errorHandler: (e: Error) => opts.log.debug('realtime adapter error', { error: e.message })
	});
	return { adapter, listening: () => listening };
}
