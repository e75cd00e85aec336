// A TLS-terminating reverse proxy, as nginx or Caddy sit in front of Vez in production: HTTPS
// with a self-signed certificate made for the test, forwarded over plain HTTP with the
// X-Forwarded-Proto/-Host/-For headers adapter-node reads. No test framework import here.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TlsProxy {
	/** `https://localhost:<port>` */
	url: string;
	/** The certificate, for clients to trust (the check stays on: nothing here skips verification). */
	ca: string;
	close(): Promise<void>;
}

/** A fresh self-signed certificate for localhost and 127.0.0.1 (openssl; one day). */
function selfSignedCertificate(): { key: string; cert: string } {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vez-tls-'));
	try {
		execFileSync(
			'openssl',
			['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
			{ cwd: dir, stdio: 'ignore' }
		);
		return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

export async function startTlsProxy(target: string): Promise<TlsProxy> {
	const { key, cert } = selfSignedCertificate();
	const upstream = new URL(target);
	const server = https.createServer({ key, cert }, (req, res) => {
		const forwarded = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, 'x-forwarded-proto': 'https', 'x-forwarded-host': req.headers.host ?? '', 'x-forwarded-for': req.socket.remoteAddress ?? '' }
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		forwarded.on('error', () => {
			res.writeHead(502);
			res.end();
		});
		req.pipe(forwarded);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	return {
		url: `https://localhost:${port}`,
		ca: cert,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export interface TlsAnswer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One HTTPS request that trusts only `ca` (fetch cannot be given a CA without a dispatcher). */
export function httpsRequest(url: string, ca: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<TlsAnswer> {
	return new Promise((resolve, reject) => {
		const req = https.request(url, { method: init.method ?? 'GET', headers: init.headers, ca }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => (body += d));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
		});
		req.on('error', reject);
		req.end(init.body);
	});
}
