import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { escapeHtml } from '../printing/preview-html.js';
import { paramCount, renderTemplate, TEMPLATE_TEXTS } from './templates.js';

/**
 * The demo's phone: one local HTTP server that speaks the three providers' APIs as they document
 * them — WhatsApp Cloud API (`/whatsapp/{version}/{phone-number-id}/messages`), Zenvia
 * (`/zenvia/v2/channels/sms/messages`) and Twilio (`/twilio/2010-04-01/Accounts/{sid}/Messages.json`)
 * — keeps every message it accepts and shows them, per recipient, as a phone would. Vez's real
 * adapters are pointed at it by their base URL; there is no fake code path in the product. The
 * integration tests use it as their recording stand-in, with failures injected per provider.
 */

export type PhoneProvider = 'whatsapp' | 'zenvia' | 'twilio';

export interface PhoneMessage {
	/** The provider's message id as answered (`wamid.…`, Zenvia's uuid, Twilio's `SM…`). */
	id: string;
	provider: PhoneProvider;
	channel: 'whatsapp' | 'sms';
	/** The recipient in E.164. */
	to: string;
	from: string;
	at: Date;
	/** What the phone shows: the template rendered, the text, or the interactive message's body. */
	text: string;
	template: { name: string; language: string; params: string[] } | null;
	/** Reply buttons or list rows offered by an interactive message. */
	options: string[];
	/** The same with their ids, which a tap sends back (the chat screen). */
	choices: { id: string; title: string }[];
	/** The request body as received. */
	raw: string;
}

export interface VirtualPhoneOptions {
	port: number;
	host?: string;
	/** Credentials the phone insists on, as the providers would; unset: any non-empty credential passes. */
	credentials?: { whatsappToken?: string; zenviaToken?: string; twilio?: { accountSid: string; authToken: string } };
	/** Messages kept in memory, newest kept. */
	keep?: number;
	onMessage?: (message: PhoneMessage) => void;
	/**
	 * Handles a request before the phone's own routes (answer it and return true): where another
	 * part of the demo adds its screens, such as a chat that answers back.
	 */
	extraRoute?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean | Promise<boolean>;
}

export interface VirtualPhone {
	/** The phone's page. */
	url: string;
	/** Base URLs to configure Vez's providers with. */
	whatsappApiUrl: string;
	zenviaApiUrl: string;
	twilioApiUrl: string;
	messages(): readonly PhoneMessage[];
	/** Requests received per provider, accepted or not (attempts, for retry tests). */
	requests(provider: PhoneProvider): number;
	/** The next `times` requests to `provider` fail with `status` and the provider's error body. */
	failNext(provider: PhoneProvider, status: number, times?: number): void;
	/** Resolves once `count` messages were accepted since start. */
	waitForMessages(count: number, timeoutMs?: number): Promise<readonly PhoneMessage[]>;
	clear(): void;
	close(): Promise<void>;
}

type Answer = { status: number; body: unknown };

const MAX_BODY = 64 * 1024;

/** A WhatsApp Graph API error body, as Meta shapes them. */
function metaError(status: number, code: number, message: string, details?: string): Answer {
	return {
		status,
		body: {
			error: {
				message,
				type: status === 401 ? 'OAuthException' : 'GraphMethodException',
				code,
				...(details ? { error_data: { messaging_product: 'whatsapp', details } } : {}),
				fbtrace_id: randomBytes(8).toString('base64url')
			}
		}
	};
}

/** The error Meta answers for the status a test injected: 500 is its "something went wrong", 400 an invalid parameter. */
function injectedError(provider: PhoneProvider, status: number): Answer {
	if (provider === 'whatsapp') return status >= 500 ? metaError(status, 131000, 'Something went wrong') : metaError(status, 131009, 'Parameter value is not valid');
	if (provider === 'twilio') return { status, body: { code: status >= 500 ? 20500 : 21211, message: status >= 500 ? 'Internal Server Error' : "The 'To' number is not a valid phone number.", more_info: 'https://www.twilio.com/docs/errors', status } };
	return { status, body: { code: status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR', message: status >= 500 ? 'Internal error' : 'Validation error' } };
}

function digitsToE164(to: unknown): string | null {
	if (typeof to !== 'string') return null;
	const digits = to.replace(/^\+/, '');
	return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
}

interface Parsed {
	text: string;
	template: PhoneMessage['template'];
	options: string[];
	choices: { id: string; title: string }[];
}

/** Checks a Cloud API message body the way Meta does, and what the phone would show of it. */
function readWhatsApp(body: Record<string, unknown>): Parsed | Answer {
	if (body.messaging_product !== 'whatsapp') return metaError(400, 100, '(#100) The parameter messaging_product is required.');
	const type = body.type ?? 'text';
	if (type === 'template') {
		const t = body.template as { name?: unknown; language?: { code?: unknown }; components?: { type?: string; parameters?: { type?: string; text?: unknown }[] }[] } | undefined;
		const name = typeof t?.name === 'string' ? t.name : '';
		const language = typeof t?.language?.code === 'string' ? t.language.code : '';
		const text = TEMPLATE_TEXTS[name]?.[language];
		if (text === undefined) return metaError(404, 132001, 'Template name does not exist in the translation', `template name (${name}) does not exist in ${language}`);
		const params = (t?.components ?? []).filter((c) => c.type === 'body').flatMap((c) => c.parameters ?? []).map((p) => String(p.text ?? ''));
		if (params.length !== paramCount(text)) return metaError(400, 132000, 'Number of parameters does not match the expected number of params', `body: number of localizable_params (${params.length}) does not match the expected number of params (${paramCount(text)})`);
		if (params.some((p) => /[\n\t]| {5,}/.test(p))) return metaError(400, 132018, 'There was an issue with the parameters in your template.', 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
		return { text: renderTemplate(name, language, params)!, template: { name, language, params }, options: [], choices: [] };
	}
	if (type === 'text') {
		const text = (body.text as { body?: unknown } | undefined)?.body;
		if (typeof text !== 'string' || text.length === 0) return metaError(400, 100, '(#100) Param text[body] is required.');
		return { text, template: null, options: [], choices: [] };
	}
	if (type === 'interactive') {
		const i = body.interactive as {
			type?: unknown;
			body?: { text?: unknown };
			action?: { buttons?: { reply?: { id?: unknown; title?: unknown } }[]; button?: unknown; sections?: { rows?: { id?: unknown; title?: unknown }[] }[] };
		} | undefined;
		const text = i?.body?.text;
		if (typeof text !== 'string' || !text) return metaError(400, 131009, 'Parameter value is not valid', 'interactive.body.text is required');
		const choices =
			i?.type === 'button'
				? (i.action?.buttons ?? []).map((b) => ({ id: String(b.reply?.id ?? ''), title: String(b.reply?.title ?? '') }))
				: i?.type === 'list'
					? (i.action?.sections ?? []).flatMap((s) => s.rows ?? []).map((r) => ({ id: String(r.id ?? ''), title: String(r.title ?? '') }))
					: null;
		if (choices === null) return metaError(400, 131009, 'Parameter value is not valid', `interactive.type ${String(i?.type)} is not supported here`);
		return { text, template: null, options: choices.map((c) => c.title), choices };
	}
	return metaError(400, 131051, 'Message type is not currently supported', `type ${String(type)}`);
}

function json(res: http.ServerResponse, a: Answer): void {
	res.writeHead(a.status, { 'content-type': 'application/json' }).end(JSON.stringify(a.body));
}

function basicAuth(header: string | undefined): { user: string; pass: string } | null {
	const m = /^Basic (.+)$/i.exec(header ?? '');
	if (!m) return null;
	const [user, ...rest] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
	return { user, pass: rest.join(':') };
}

export async function startVirtualPhone(options: VirtualPhoneOptions): Promise<VirtualPhone> {
	const { host = '127.0.0.1', keep = 200, credentials = {} } = options;
	const list: PhoneMessage[] = [];
	let accepted = 0;
	const counts: Record<PhoneProvider, number> = { whatsapp: 0, zenvia: 0, twilio: 0 };
	const failures: Record<PhoneProvider, { status: number; times: number }[]> = { whatsapp: [], zenvia: [], twilio: [] };
	const waiters = new Set<() => void>();

	const record = (m: Omit<PhoneMessage, 'at'>) => {
		const message = { ...m, at: new Date() };
		list.push(message);
		if (list.length > keep) list.splice(0, list.length - keep);
		accepted += 1;
		options.onMessage?.(message);
		for (const wake of waiters) wake();
	};
	const injected = (provider: PhoneProvider): Answer | null => {
		const next = failures[provider][0];
		if (!next) return null;
		next.times -= 1;
		if (next.times <= 0) failures[provider].shift();
		return injectedError(provider, next.status);
	};

	const whatsapp = (req: http.IncomingMessage, raw: string, phoneNumberId: string): Answer => {
		const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
		if (!token || (credentials.whatsappToken !== undefined && token !== credentials.whatsappToken)) return metaError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(raw) as Record<string, unknown>;
		} catch {
			return metaError(400, 100, '(#100) Invalid JSON');
		}
		if (body.status === 'read' && typeof body.message_id === 'string') return { status: 200, body: { success: true } };
		const to = digitsToE164(body.to);
		if (!to) return metaError(400, 131009, 'Parameter value is not valid', 'to must be a phone number with its country code');
		const fail = injected('whatsapp');
		if (fail) return fail;
		const parsed = readWhatsApp(body);
		if ('status' in parsed) return parsed;
		const id = `wamid.${randomBytes(18).toString('base64url')}`;
		record({ id, provider: 'whatsapp', channel: 'whatsapp', to, from: phoneNumberId, ...parsed, raw });
		return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: String(body.to), wa_id: to.slice(1) }], messages: [{ id, message_status: 'accepted' }] } };
	};

	const zenvia = (req: http.IncomingMessage, raw: string): Answer => {
		const token = req.headers['x-api-token'];
		if (typeof token !== 'string' || !token || (credentials.zenviaToken !== undefined && token !== credentials.zenviaToken)) {
			return { status: 401, body: { code: 'AUTHENTICATION_ERROR', message: 'Invalid token' } };
		}
		let body: { from?: unknown; to?: unknown; contents?: { type?: unknown; text?: unknown }[] };
		try {
			body = JSON.parse(raw) as typeof body;
		} catch {
			return { status: 400, body: { code: 'VALIDATION_ERROR', message: 'Invalid JSON' } };
		}
		const to = digitsToE164(body.to);
		const text = (body.contents ?? []).filter((c) => c.type === 'text').map((c) => String(c.text ?? '')).join('\n');
		if (!to || typeof body.from !== 'string' || !text) {
			return { status: 400, body: { code: 'VALIDATION_ERROR', message: 'Validation error', details: [{ code: 'INVALID', path: !to ? 'to' : !text ? 'contents' : 'from', message: 'is invalid' }] } };
		}
		const fail = injected('zenvia');
		if (fail) return fail;
		const id = randomUUID();
		record({ id, provider: 'zenvia', channel: 'sms', to, from: body.from, text, template: null, options: [], choices: [], raw });
		return { status: 200, body: { id, from: body.from, to: body.to, direction: 'OUT', channel: 'sms', contents: body.contents, timestamp: new Date().toISOString() } };
	};

	const twilio = (req: http.IncomingMessage, raw: string, sid: string): Answer => {
		const auth = basicAuth(req.headers.authorization);
		const expected = credentials.twilio;
		if (!auth || auth.user !== sid || !auth.pass || (expected && (auth.user !== expected.accountSid || auth.pass !== expected.authToken))) {
			return { status: 401, body: { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 } };
		}
		const form = new URLSearchParams(raw);
		const to = form.get('To')?.startsWith('+') ? digitsToE164(form.get('To')) : null;
		const from = form.get('From') ?? form.get('MessagingServiceSid');
		const text = form.get('Body');
		if (!to) return { status: 400, body: { code: 21211, message: `The 'To' number ${form.get('To') ?? ''} is not a valid phone number.`, more_info: 'https://www.twilio.com/docs/errors/21211', status: 400 } };
		if (!from) return { status: 400, body: { code: 21603, message: "The 'From' phone number is required.", more_info: 'https://www.twilio.com/docs/errors/21603', status: 400 } };
		if (!text) return { status: 400, body: { code: 21602, message: 'Message body is required.', more_info: 'https://www.twilio.com/docs/errors/21602', status: 400 } };
		const fail = injected('twilio');
		if (fail) return fail;
		const id = `SM${randomBytes(16).toString('hex')}`;
		record({ id, provider: 'twilio', channel: 'sms', to, from, text, template: null, options: [], choices: [], raw });
		const now = new Date().toUTCString();
		return { status: 201, body: { sid: id, account_sid: sid, to, from, body: text, status: 'queued', num_segments: '1', direction: 'outbound-api', date_created: now, date_updated: now, uri: `/2010-04-01/Accounts/${sid}/Messages/${id}.json` } };
	};

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', async () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const url = new URL(req.url ?? '/', 'http://phone');
			try {
				if (options.extraRoute && (await options.extraRoute(req, res, raw))) return;
			} catch {
				if (!res.headersSent) res.writeHead(500).end();
				return;
			}
			if (req.method === 'POST') {
				let m = /^\/whatsapp\/v\d+\.\d+\/([^/]+)\/messages$/.exec(url.pathname);
				if (m) {
					counts.whatsapp += 1;
					return json(res, whatsapp(req, raw, decodeURIComponent(m[1])));
				}
				if (url.pathname === '/zenvia/v2/channels/sms/messages') {
					counts.zenvia += 1;
					return json(res, zenvia(req, raw));
				}
				m = /^\/twilio\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(url.pathname);
				if (m) {
					counts.twilio += 1;
					return json(res, twilio(req, raw, decodeURIComponent(m[1])));
				}
			}
			if (req.method === 'GET' && url.pathname === '/messages.json') return json(res, { status: 200, body: list });
			if (req.method === 'GET' && url.pathname === '/') {
				const fragment = url.searchParams.has('fragment');
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(fragment ? phonesHtml(list) : page(list));
				return;
			}
			res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
		});
	});
	// Never close an idle keep-alive connection on a timer: a client reusing it at that very moment
	// gets a reset before any answer, which the outbox counts as a failed attempt (a race with the
	// real providers too, where the retry covers it, but it made the tests' attempts uncountable).
	server.keepAliveTimeout = 0;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	return {
		url: `${origin}/`,
		whatsappApiUrl: `${origin}/whatsapp/v21.0`,
		zenviaApiUrl: `${origin}/zenvia`,
		twilioApiUrl: `${origin}/twilio`,
		messages: () => list,
		requests: (provider) => counts[provider],
		failNext(provider, status, times = 1) {
			failures[provider].push({ status, times });
		},
		waitForMessages(count, timeoutMs = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (accepted < count) return;
					clearTimeout(timer);
					waiters.delete(check);
					resolve(list);
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`virtual phone got ${accepted} of ${count} messages in ${timeoutMs} ms`));
				}, timeoutMs);
				waiters.add(check);
				check();
			});
		},
		clear() {
			list.length = 0;
			accepted = 0;
			for (const p of Object.keys(counts) as PhoneProvider[]) {
				counts[p] = 0;
				failures[p] = [];
			}
		},
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}

const CHANNEL_LABEL: Record<PhoneMessage['channel'], string> = { whatsapp: 'WhatsApp', sms: 'SMS' };

/** One phone per recipient, newest message last as in a chat, newest phone first. */
export function phonesHtml(list: readonly PhoneMessage[]): string {
	if (list.length === 0) return '<p class="empty">Nenhuma mensagem ainda. Tire uma senha no totem, digite um celular e chame a senha no guichê.</p>';
	const byPhone = new Map<string, PhoneMessage[]>();
	for (const m of list) byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m]);
	const phones = [...byPhone.entries()].sort((a, b) => b[1].at(-1)!.at.getTime() - a[1].at(-1)!.at.getTime());
	return phones
		.map(
			([to, messages]) => `<section class="phone" aria-label="Celular ${escapeHtml(to)}"><header><span class="num">${escapeHtml(to)}</span></header><ol>
${messages
	.map(
		(m) => `<li class="msg ${m.channel}"><span class="via">${CHANNEL_LABEL[m.channel]}${m.template ? ` · modelo ${escapeHtml(m.template.name)}` : ''}</span>
<p>${escapeHtml(m.text)}</p>${m.options.length ? `<ul class="options">${m.options.map((o) => `<li>${escapeHtml(o)}</li>`).join('')}</ul>` : ''}
<time datetime="${m.at.toISOString()}">${escapeHtml(m.at.toLocaleTimeString('pt-BR'))}</time></li>`
	)
	.join('\n')}</ol></section>`
		)
		.join('\n');
}

function page(list: readonly PhoneMessage[]): string {
	return `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Celular virtual — Vez (demo)</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1a1a1a;background:#f3f1ec}
main{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
.phone{width:20rem;border:10px solid #222;border-radius:2rem;background:#e5ddd5;overflow:hidden}
.phone header{background:#075e54;color:#fff;padding:.75rem 1rem;font-weight:600}
.phone ol{list-style:none;margin:0;padding:.75rem;display:flex;flex-direction:column;gap:.5rem;max-height:32rem;overflow-y:auto}
.msg{background:#fff;border-radius:.6rem;padding:.5rem .7rem;box-shadow:0 1px 1px #0002;max-width:90%}
.msg.sms{background:#dfe9f7}.msg p{margin:.2rem 0;white-space:pre-wrap}
.via{font-size:.75rem;color:#4a4a4a}time{display:block;text-align:right;font-size:.75rem;color:#4a4a4a}
.options{list-style:none;padding:0;margin:.3rem 0;display:grid;gap:.25rem}.options li{border:1px solid #0a7cff;color:#0a5bc4;border-radius:.4rem;text-align:center;padding:.2rem}
.empty{font-size:1.1rem}
</style></head>
<body><h1>Celular virtual da demonstração</h1>
<p>Mensagens que o Vez enviou por WhatsApp (Cloud API) e SMS (Zenvia, Twilio), como chegariam ao celular do visitante. A página se atualiza sozinha.</p>
<main id="phones" aria-live="polite">${phonesHtml(list)}</main>
<script>
setInterval(async () => {
	try {
		const r = await fetch('/?fragment=1', { cache: 'no-store' });
		if (r.ok) document.getElementById('phones').innerHTML = await r.text();
	} catch {}
}, 1500);
</script></body></html>`;
}
