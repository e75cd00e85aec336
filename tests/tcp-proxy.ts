// A TCP proxy in front of the shared PostgreSQL server that a test can cut and restore: the
// outage a database restart or a failover causes, without ever touching the server others use.
import net from 'node:net';

export interface TcpProxy {
	port: number;
	/** `url` (a postgres:// URL) pointed at the proxy instead. */
	via(url: string): string;
	/** Drops every open connection and refuses new ones, as a stopped database does. */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
	const open = new Set<net.Socket>();
	let up = true;
	const server = net.createServer((client) => {
		if (!up) return client.destroy();
		const upstream = net.connect(target.port, target.host);
		for (const s of [client, upstream]) {
			open.add(s);
			s.on('close', () => open.delete(s));
			s.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
		client.on('close', () => upstream.destroy());
		upstream.on('close', () => client.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		port,
		via(url) {
			const u = new URL(url);
			u.hostname = '127.0.0.1';
			u.port = String(port);
			return u.toString();
		},
		cut() {
			up = false;
			for (const s of open) s.destroy();
		},
		restore() {
			up = true;
		},
		close() {
			up = false;
			for (const s of open) s.destroy();
			return new Promise((resolve) => server.close(() => resolve()));
		}
	};
}

/** host and port of a postgres:// URL. */
export function addressOf(url: string): { host: string; port: number } {
	const u = new URL(url);
	return { host: u.hostname || '127.0.0.1', port: Number(u.port || 5432) };
}
