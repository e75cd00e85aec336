import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '$lib/printing/preview-html';
import { verifySignature } from './signature.server';

export interface ReceivedDelivery {
	receivedAt: Date;
	id: string;
	timestamp: string;
	type: string;
	body: string;
	/** Whether a `v1` signature matched one of the endpoint's secrets. */
	verified: boolean;
}

export interface DemoReceiver {
	/** Where the demo webhook points (POST). */
	hookUrl: string;
	/** The page that lists what arrived. */
	pageUrl: string;
	received(): readonly ReceivedDelivery[];
	close(): Promise<void>;
}

/**
 * The demo's webhook receiver: a small HTTP server on loopback that takes deliveries at `/hook`,
 * checks their signature with the endpoint's secrets (asked for at each delivery, so a rotation
 * shows at once) and lists the last ones at `/`, newest first, so a newcomer sees events arrive.
 */
export async function startDemoReceiver(options: { port: number; secrets: () => Promise<string[]>; keep?: number }): Promise<DemoReceiver> {
	const keep = options.keep ?? 100;
	const list: ReceivedDelivery[] = [];
	const server = http.createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://receiver').pathname;
		if (req.method === 'POST' && path === '/hook') {
			const chunks: Buffer[] = [];
			let size = 0;
			req.on('data', (c: Buffer) => {
				size += c.length;
				if (size <= 256 * 1024) chunks.push(c);
			});
			req.on('end', async () => {
				const body = Buffer.concat(chunks).toString('utf8');
				const id = String(req.headers['webhook-id'] ?? '');
				const timestamp = String(req.headers['webhook-timestamp'] ?? '');
				const signature = String(req.headers['webhook-signature'] ?? '');
				let type = '?';
				try {
					type = String((JSON.parse(body) as { type?: unknown }).type ?? '?');
				} catch {
					/* shown as "?" */
				}
				const secrets = await options.secrets().catch(() => []);
				const verified = secrets.some((s) => verifySignature(s, id, timestamp, body, signature));
				list.unshift({ receivedAt: new Date(), id, timestamp, type, body, verified });
				list.length = Math.min(list.length, keep);
				res.writeHead(verified ? 204 : 401).end();
			});
			return;
		}
		if (req.method === 'GET' && path === '/') {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(list));
			return;
		}
		res.writeHead(404).end();
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	return {
		hookUrl: `http://127.0.0.1:${port}/hook`,
		pageUrl: `http://127.0.0.1:${port}/`,
		received: () => list,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

function page(list: readonly ReceivedDelivery[]): string {
	const rows = list
		.map(
			(d) => `<tr><td>${escapeHtml(d.receivedAt.toLocaleTimeString('pt-BR'))}</td><td><code>${escapeHtml(d.type)}</code></td>
<td><code>${escapeHtml(d.id)}</code></td><td class="${d.verified ? 'ok' : 'bad'}">${d.verified ? '✔ assinatura válida' : '✘ assinatura inválida'}</td>
<td><details><summary>JSON</summary><pre>${escapeHtml(d.body)}</pre></details></td></tr>`
		)
		.join('\n');
	return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><meta http-equiv="refresh" content="3">
<title>Receptor de webhooks — Vez (demo)</title>
<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
.ok{color:#0a6b2c;font-weight:600}.bad{color:#a30d0d;font-weight:600}pre{white-space:pre-wrap;max-width:40rem}</style></head>
<body><h1>Receptor de webhooks da demonstração</h1>
<p>Cada evento do Vez (senhas, guichês, agendamentos, protocolos) chega aqui como uma entrega Standard Webhooks; a assinatura é conferida com o segredo do webhook. A página se atualiza a cada 3 s. Os webhooks são administrados em <code>/admin/webhooks</code> no Vez.</p>
<table><thead><tr><th>Recebido</th><th>Evento</th><th>webhook-id</th><th>Assinatura</th><th>Corpo</th></tr></thead><tbody>
${rows || '<tr><td colspan="5">Nada ainda: chame uma senha no guichê.</td></tr>'}</tbody></table></body></html>`;
}
