import { createHmac, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { escapeHtml } from '../printing/preview-html.js';
import { notificationOf } from '../conversations/cloud-webhook.js';
import { maskCpfsIn } from '../citizens/cpf.js';
import type { PhoneMessage, VirtualPhone } from './virtual-phone.server.js';

/*
 * The virtual phone's chat screen (`/chat`): a newcomer talks to Vez's WhatsApp bot as a citizen
 * would. What they type or tap is posted to Vez's webhook as Meta posts it — the Cloud API's
 * notification shape, signed with `X-Hub-Signature-256` by the app secret — and Vez's answers
 * arrive through the Cloud API stand-in the phone already is. Relative imports only: the
 * stand-alone `npm run phone:virtual` runs this file without SvelteKit.
 */

export interface PhoneChatOptions {
	/** Vez's `/webhooks/whatsapp`, or a function giving it (known only once the app listens). */
	webhookUrl: string | (() => string);
	/** VEZ_WHATSAPP_APP_SECRET of that Vez. */
	appSecret: string;
	/** The business number's id the notifications name (VEZ_WHATSAPP_PHONE_NUMBER_ID). */
	phoneNumberId?: string;
}

interface Sent {
	from: string;
	text: string;
	at: Date;
}

export interface PhoneChat {
	route(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<boolean>;
	attach(phone: VirtualPhone): void;
}

export const DEFAULT_CHAT_NUMBER = '+5563999990001';

const e164 = (v: string | null | undefined) => {
	const digits = (v ?? '').replace(/[^\d]/g, '');
	return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
};

export function phoneChat(options: PhoneChatOptions): PhoneChat {
	let phone: VirtualPhone | null = null;
	const sent: Sent[] = [];

	const post = async (from: string, message: Record<string, unknown>, shown: string): Promise<number> => {
		const url = typeof options.webhookUrl === 'function' ? options.webhookUrl() : options.webhookUrl;
		const body = JSON.stringify(notificationOf({ phoneNumberId: options.phoneNumberId ?? 'vez-demo', from, id: `wamid.${randomBytes(18).toString('base64url')}`, at: new Date(), message }));
		// The demo's phone is shared by whoever opens it: what it keeps of a sent message shows a CPF
		// masked, as /conversas does. The notification itself carries what was typed.
		sent.push({ from, text: maskCpfsIn(shown), at: new Date() });
		if (sent.length > 500) sent.splice(0, sent.length - 500);
		const signature = `sha256=${createHmac('sha256', options.appSecret).update(body).digest('hex')}`;
		const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body, signal: AbortSignal.timeout(10_000) });
		await res.arrayBuffer();
		return res.status;
	};

	const thread = (number: string) => {
		const incoming = (phone?.messages() ?? []).filter((m) => m.channel === 'whatsapp' && m.to === number).map((m) => ({ kind: 'vez' as const, at: m.at, m }));
		const outgoing = sent.filter((s) => s.from === number).map((s) => ({ kind: 'me' as const, at: s.at, s }));
		return [...incoming, ...outgoing].sort((a, b) => a.at.getTime() - b.at.getTime());
	};

	const fragment = (number: string): string => {
		const items = thread(number);
		if (items.length === 0) return '<p class="empty">Diga <b>oi</b> para começar.</p>';
		const lastVez = [...items].reverse().find((i) => i.kind === 'vez');
		return items
			.map((i) => {
				if (i.kind === 'me') return `<li class="msg me"><p>${escapeHtml(i.s.text)}</p><time>${i.at.toLocaleTimeString('pt-BR')}</time></li>`;
				const m: PhoneMessage = i.m;
				const choices =
					m.choices.length && i === lastVez
						? `<div class="choices">${m.choices.map((c) => `<button type="button" class="choice" data-id="${escapeHtml(c.id)}" data-title="${escapeHtml(c.title)}">${escapeHtml(c.title)}</button>`).join('')}</div>`
						: m.options.length
							? `<ul class="options">${m.options.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>`
							: '';
				return `<li class="msg vez"><p>${escapeHtml(m.text)}</p>${choices}<time>${i.at.toLocaleTimeString('pt-BR')}</time></li>`;
			})
			.join('\n');
	};

	return {
		attach(p) {
			phone = p;
		},
		async route(req, res, body) {
			const url = new URL(req.url ?? '/', 'http://phone');
			if (!url.pathname.startsWith('/chat')) return false;
			const number = e164(url.searchParams.get('n')) ?? DEFAULT_CHAT_NUMBER;
			if (req.method === 'GET' && url.pathname === '/chat') {
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(url.searchParams.has('fragment') ? fragment(number) : page(number, fragment(number)));
				return true;
			}
			if (req.method === 'POST' && url.pathname === '/chat/send') {
				let input: { from?: string; text?: string; choice?: { id?: string; title?: string }; location?: { latitude?: number; longitude?: number; name?: string; address?: string } };
				try {
					input = JSON.parse(body) as typeof input;
				} catch {
					res.writeHead(400).end();
					return true;
				}
				const from = e164(input.from) ?? number;
				let status = 400;
				if (typeof input.text === 'string' && input.text.trim()) status = await post(from, { type: 'text', text: { body: input.text.slice(0, 4096) } }, input.text);
				else if (input.choice?.id) {
					const list = /^[msuta]:/.test(input.choice.id);
					const reply = { id: input.choice.id, title: input.choice.title ?? '' };
					status = await post(from, { type: 'interactive', interactive: list ? { type: 'list_reply', list_reply: reply } : { type: 'button_reply', button_reply: reply } }, reply.title);
				} else if (typeof input.location?.latitude === 'number' && typeof input.location.longitude === 'number') {
					const l = input.location;
					status = await post(from, { type: 'location', location: l }, `📍 ${[l.name, l.address].filter(Boolean).join(', ') || `${l.latitude}, ${l.longitude}`}`);
				}
				res.writeHead(status >= 200 && status < 300 ? 202 : 502, { 'content-type': 'application/json' }).end(JSON.stringify({ webhookStatus: status }));
				return true;
			}
			return false;
		}
	};
}

function page(number: string, initial: string): string {
	return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>WhatsApp da Prefeitura — celular virtual (demo)</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f3f1ec;color:#1a1a1a;display:grid;place-items:start center;min-height:100vh}
.phone{width:min(24rem,100vw);border:10px solid #222;border-radius:2rem;background:#e5ddd5;overflow:hidden;margin:1rem 0;display:flex;flex-direction:column;height:min(46rem,calc(100vh - 2rem))}
header{background:#075e54;color:#fff;padding:.75rem 1rem}header h1{font-size:1rem;margin:0}header p{margin:.2rem 0 0;font-size:.8rem;opacity:.9}
ol{list-style:none;margin:0;padding:.75rem;display:flex;flex-direction:column;gap:.5rem;overflow-y:auto;flex:1}
.msg{border-radius:.6rem;padding:.5rem .7rem;box-shadow:0 1px 1px #0002;max-width:85%}.msg p{margin:.1rem 0;white-space:pre-wrap}
.msg.vez{background:#fff;align-self:flex-start}.msg.me{background:#dcf8c6;align-self:flex-end}
time{display:block;text-align:right;font-size:.7rem;color:#4a4a4a}
.choices{display:grid;gap:.25rem;margin-top:.3rem}.choice{border:1px solid #0a7cff;color:#0a5bc4;background:#fff;border-radius:.4rem;padding:.35rem;font:inherit;cursor:pointer}
.options{list-style:none;padding:0;margin:.3rem 0;display:grid;gap:.2rem}.options li{border:1px solid #bbb;color:#555;border-radius:.4rem;text-align:center;padding:.15rem}
form{display:flex;gap:.4rem;padding:.5rem;background:#f0f0f0}input[name=text]{flex:1;border-radius:1.2rem;border:1px solid #ccc;padding:.5rem .8rem;font:inherit}
button.send,button.where{border:0;border-radius:1.2rem;background:#075e54;color:#fff;padding:.5rem .8rem;font:inherit;cursor:pointer}button.where{background:#128c7e}
.empty{color:#4a4a4a;text-align:center}
</style></head>
<body><section class="phone" aria-label="Celular ${escapeHtml(number)}">
<header><h1>Prefeitura — WhatsApp</h1><p>Você é ${escapeHtml(number)} · <a style="color:#fff" href="/chat?n=%2B55639${Math.floor(Math.random() * 9e7 + 1e7)}">outro número</a></p></header>
<ol id="chat" aria-live="polite">${initial}</ol>
<form id="send"><input name="text" autocomplete="off" aria-label="Mensagem" placeholder="Mensagem"><button class="where" type="button" id="where" title="Enviar localização">📍</button><button class="send" type="submit">Enviar</button></form>
</section>
<script>
const number = ${JSON.stringify(number)};
const chat = document.getElementById('chat');
let shown = chat.innerHTML;
async function refresh() {
	try {
		const r = await fetch('/chat?fragment=1&n=' + encodeURIComponent(number), { cache: 'no-store' });
		if (!r.ok) return;
		const html = await r.text();
		if (html !== shown) { shown = html; chat.innerHTML = html; chat.scrollTop = chat.scrollHeight; }
	} catch {}
}
async function send(payload) {
	await fetch('/chat/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: number, ...payload }) });
	await refresh();
}
document.getElementById('send').addEventListener('submit', (e) => {
	e.preventDefault();
	const input = e.target.elements.text;
	const text = input.value.trim();
	if (!text) return;
	input.value = '';
	void send({ text });
});
document.getElementById('where').addEventListener('click', () => void send({ location: { latitude: -27.5969, longitude: -48.5495, name: 'Praça XV de Novembro', address: 'Centro, Florianópolis' } }));
chat.addEventListener('click', (e) => {
	const b = e.target.closest('button.choice');
	if (b) void send({ choice: { id: b.dataset.id, title: b.dataset.title } });
});
chat.scrollTop = chat.scrollHeight;
setInterval(refresh, 1000);
</script></body></html>`;
}
