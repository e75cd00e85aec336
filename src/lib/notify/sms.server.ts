import type { Notifier, SendOutcome, VisitorMessage } from './notifier';
import { twilioVerdict, verdictForStatus } from './provider-errors';
import { field, ProviderUnreachable, providerRequest } from './provider-http.server';
import { messageText } from './templates';

/**
 * SMS through Zenvia or Twilio with plain `fetch` (docs/decisions.md says why): one POST each,
 * shaped as the providers document it, and the base URL configurable so the tests and the demo
 * reach the virtual phone with this very code.
 */

async function send(url: string, headers: Record<string, string>, body: string, read: (status: number, json: unknown) => SendOutcome): Promise<SendOutcome> {
	try {
		const answer = await providerRequest(url, { headers, body });
		return read(answer.status, answer.json);
	} catch (e) {
		if (e instanceof ProviderUnreachable) return { ok: false, verdict: 'retry', status: null, error: e.message };
		throw e;
	}
}

export interface ZenviaConfig {
	apiUrl: string;
	token: string;
	/** The sender id Zenvia gave the account (VEZ_ZENVIA_FROM). */
	from: string;
}

/** Zenvia's API v2: `POST /v2/channels/sms/messages`, `X-API-TOKEN`, `{from, to, contents: [{type: "text", text}]}`; `to` as digits with the country code. */
export function zenviaNotifier(config: ZenviaConfig): Notifier {
	const url = `${config.apiUrl.replace(/\/+$/, '')}/v2/channels/sms/messages`;
	return {
		channel: 'sms',
		provider: 'zenvia',
		send: (to: string, message: VisitorMessage) =>
			send(
				url,
				{ 'x-api-token': config.token, 'content-type': 'application/json' },
				JSON.stringify({ from: config.from, to: to.replace(/^\+/, ''), contents: [{ type: 'text', text: messageText(message) }] }),
				(status, json) => {
					if (status >= 200 && status < 300) {
						const id = field(json, 'id');
						return { ok: true, providerMessageId: typeof id === 'string' ? id : null };
					}
					const code = field(json, 'code');
					const text = field(json, 'message');
					return { ok: false, verdict: verdictForStatus(status), status, error: `${typeof code === 'string' ? `${code} ` : ''}${typeof text === 'string' ? text : `HTTP ${status}`}` };
				}
			)
	};
}

export interface TwilioConfig {
	apiUrl: string;
	accountSid: string;
	authToken: string;
	/** A Twilio number in E.164, or a Messaging Service SID (`MG…`). */
	from: string;
}

/** Twilio's Messages resource: `POST /2010-04-01/Accounts/{sid}/Messages.json`, form `To, From, Body`, HTTP basic auth. */
export function twilioNotifier(config: TwilioConfig): Notifier {
	const url = `${config.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
	const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString('base64')}`;
	return {
		channel: 'sms',
		provider: 'twilio',
		send: (to: string, message: VisitorMessage) => {
			const form = new URLSearchParams({ To: to, Body: messageText(message) });
			form.set(config.from.startsWith('MG') ? 'MessagingServiceSid' : 'From', config.from);
			return send(url, { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, form.toString(), (status, json) => {
				if (status >= 200 && status < 300) {
					const sid = field(json, 'sid');
					return { ok: true, providerMessageId: typeof sid === 'string' ? sid : null };
				}
				const code = field(json, 'code');
				const text = field(json, 'message');
				const n = typeof code === 'number' ? code : null;
				return { ok: false, verdict: twilioVerdict(status, n), status, error: `${n === null ? '' : `#${n} `}${typeof text === 'string' ? text : `HTTP ${status}`}` };
			});
		}
	};
}
