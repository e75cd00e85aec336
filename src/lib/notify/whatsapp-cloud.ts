import { whatsappVerdict } from './provider-errors';
import type { SendOutcome } from './notifier';

/**
 * The request bodies of the WhatsApp Cloud API's `POST /{phone-number-id}/messages`, as Meta
 * documents them, and the reading of its answers. Pure, so the shapes are unit-tested and the
 * virtual phone can check what it receives against the same rules.
 */

/** Meta takes the recipient as digits with the country code, without "+". */
export function waRecipient(e164: string): string {
	return e164.replace(/^\+/, '');
}

export interface TemplateSend {
	name: string;
	/** Meta's code: `pt_BR`, `en`, `es`. */
	language: string;
	/** Body parameters, `{{1}}` first. */
	bodyParams: readonly string[];
}

/** A reply button: at most three per message, title up to 20 characters. */
export interface ReplyButton {
	id: string;
	title: string;
}

/** A list row: at most ten in all, title up to 24 and description up to 72 characters. */
export interface ListRow {
	id: string;
	title: string;
	description?: string;
}

export type InteractiveSend =
	| { type: 'button'; body: string; header?: string; footer?: string; buttons: readonly ReplyButton[] }
	| { type: 'list'; body: string; header?: string; footer?: string; button: string; sections: readonly { title?: string; rows: readonly ListRow[] }[] };

/** Meta's limits on interactive messages, checked before sending (a breach is error 131009). */
export const INTERACTIVE_LIMITS = { buttons: 3, buttonTitle: 20, rows: 10, rowTitle: 24, rowDescription: 72, listButton: 20, body: 1024 } as const;

const base = (to: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to: waRecipient(to) });

export function templateBody(to: string, t: TemplateSend): Record<string, unknown> {
	return {
		...base(to),
		type: 'template',
		template: {
			name: t.name,
			language: { code: t.language },
			components: t.bodyParams.length ? [{ type: 'body', parameters: t.bodyParams.map((text) => ({ type: 'text', text })) }] : []
		}
	};
}

export function textBody(to: string, body: string, previewUrl = false): Record<string, unknown> {
	return { ...base(to), type: 'text', text: { preview_url: previewUrl, body } };
}

/** Throws RangeError when the message breaks one of {@link INTERACTIVE_LIMITS}: a programming error, not a provider's. */
export function interactiveBody(to: string, m: InteractiveSend): Record<string, unknown> {
	const L = INTERACTIVE_LIMITS;
	const check = (ok: boolean, what: string) => {
		if (!ok) throw new RangeError(`WhatsApp interactive message: ${what}`);
	};
	check(m.body.length > 0 && m.body.length <= L.body, `body must be 1–${L.body} characters`);
	const frame = {
		...(m.header ? { header: { type: 'text', text: m.header } } : {}),
		body: { text: m.body },
		...(m.footer ? { footer: { text: m.footer } } : {})
	};
	if (m.type === 'button') {
		check(m.buttons.length >= 1 && m.buttons.length <= L.buttons, `1–${L.buttons} buttons`);
		for (const b of m.buttons) check(b.title.length >= 1 && b.title.length <= L.buttonTitle, `button title "${b.title}" over ${L.buttonTitle} characters`);
		return {
			...base(to),
			type: 'interactive',
			interactive: { type: 'button', ...frame, action: { buttons: m.buttons.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) } }
		};
	}
	const rows = m.sections.flatMap((s) => s.rows);
	check(rows.length >= 1 && rows.length <= L.rows, `1–${L.rows} rows`);
	check(m.button.length >= 1 && m.button.length <= L.listButton, `list button over ${L.listButton} characters`);
	for (const r of rows) {
		check(r.title.length >= 1 && r.title.length <= L.rowTitle, `row title "${r.title}" over ${L.rowTitle} characters`);
		check((r.description ?? '').length <= L.rowDescription, `row description over ${L.rowDescription} characters`);
	}
	return {
		...base(to),
		type: 'interactive',
		interactive: {
			type: 'list',
			...frame,
			action: {
				button: m.button,
				sections: m.sections.map((s) => ({ ...(s.title ? { title: s.title } : {}), rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })) }))
			}
		}
	};
}

/** The body that marks an inbound message read (blue ticks), as the Cloud API documents it. */
export function readReceiptBody(messageId: string): Record<string, unknown> {
	return { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
}

function num(v: unknown): number | null {
	return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * Reads an answer of the messages endpoint: 200 with `messages[0].id` (a `wamid.…`) is sent;
 * otherwise Meta's `{error: {code, message, error_data: {details}}}` decides, by its code, whether
 * to try again.
 */
export function readCloudAnswer(status: number, json: unknown): SendOutcome {
	const j = (json ?? {}) as { messages?: { id?: unknown }[]; error?: { code?: unknown; message?: unknown; error_data?: { details?: unknown } } };
	if (status >= 200 && status < 300) {
		const id = j.messages?.[0]?.id;
		return { ok: true, providerMessageId: typeof id === 'string' ? id : null };
	}
	const code = num(j.error?.code);
	const message = typeof j.error?.message === 'string' ? j.error.message : `HTTP ${status}`;
	const details = typeof j.error?.error_data?.details === 'string' ? ` (${j.error.error_data.details})` : '';
	return { ok: false, verdict: whatsappVerdict(status, code), status, error: `${code === null ? '' : `#${code} `}${message}${details}` };
}
