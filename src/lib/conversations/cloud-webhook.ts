import type { Inbound } from './machine';

/*
 * The WhatsApp Cloud API's webhook notifications, as Meta documents them
 * (`{object: "whatsapp_business_account", entry: [{changes: [{field: "messages", value}]}]}`,
 * `value.messages[]` from citizens and `value.statuses[]` for what we sent), read into plain
 * values. Pure; anything it does not know is left out rather than guessed.
 */

export interface InboundMessage {
	/** Meta's message id (`wamid.…`): the key that makes a re-delivery a no-op. */
	id: string;
	/** The sender in E.164. */
	from: string;
	at: Date;
	input: Exclude<Inbound, { kind: 'result' }>;
	/** What a person reads of it in the inbox. */
	body: string;
}

export interface DeliveryStatus {
	/** The `wamid.…` Meta answered when we sent it. */
	id: string;
	status: 'sent' | 'delivered' | 'read' | 'failed';
	at: Date;
}

export interface Notification {
	messages: InboundMessage[];
	statuses: DeliveryStatus[];
}

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Meta's unix-seconds string, or `fallback` when it is missing. */
function timeOf(v: unknown, fallback: Date): Date {
	const n = num(v);
	return n === null ? fallback : new Date(n * 1000);
}

function e164(waId: string | null): string | null {
	return waId && /^[1-9]\d{7,14}$/.test(waId) ? `+${waId}` : null;
}

const MAX_TEXT = 4096;

function readMessage(m: Record<string, unknown>, now: Date): InboundMessage | null {
	const id = str(m.id);
	const from = e164(str(m.from));
	if (!id || !from || id.length > 200) return null;
	const at = timeOf(m.timestamp, now);
	const type = str(m.type);
	if (type === 'text') {
		const text = (str(obj(m.text).body) ?? '').slice(0, MAX_TEXT);
		return { id, from, at, input: { kind: 'text', text }, body: text };
	}
	if (type === 'interactive') {
		const i = obj(m.interactive);
		const reply = obj(i.type === 'list_reply' ? i.list_reply : i.button_reply);
		const choice = str(reply.id);
		const title = str(reply.title) ?? '';
		if (choice) return { id, from, at, input: { kind: 'choice', id: choice.slice(0, 200), title: title.slice(0, 200) }, body: title };
	}
	if (type === 'button') {
		// A template's quick-reply button: its text is what the citizen tapped.
		const text = (str(obj(m.button).text) ?? '').slice(0, MAX_TEXT);
		return { id, from, at, input: { kind: 'text', text }, body: text };
	}
	if (type === 'location') {
		const l = obj(m.location);
		const latitude = num(l.latitude);
		const longitude = num(l.longitude);
		if (latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
			const name = str(l.name)?.slice(0, 200);
			const address = str(l.address)?.slice(0, 300);
			const body = [name, address].filter(Boolean).join(', ') || `📍 ${latitude.toFixed(5)}, ${longitude.toFixed(5)}`;
			return { id, from, at, input: { kind: 'location', latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) }, body };
		}
	}
	return { id, from, at, input: { kind: 'other' }, body: `[${(type ?? 'unknown').slice(0, 20)}]` };
}

const STATUSES = new Set(['sent', 'delivered', 'read', 'failed']);

/** The messages and delivery statuses of one notification body (already verified and parsed as JSON). */
export function readNotification(json: unknown, now: Date): Notification {
	const out: Notification = { messages: [], statuses: [] };
	const root = obj(json);
	if (root.object !== 'whatsapp_business_account') return out;
	for (const entry of arr(root.entry)) {
		for (const change of arr(obj(entry).changes)) {
			const c = obj(change);
			if (c.field !== 'messages') continue;
			const value = obj(c.value);
			for (const m of arr(value.messages)) {
				const read = readMessage(obj(m), now);
				if (read) out.messages.push(read);
			}
			for (const s of arr(value.statuses)) {
				const st = obj(s);
				const id = str(st.id);
				const status = str(st.status);
				if (id && status && STATUSES.has(status)) out.statuses.push({ id, status: status as DeliveryStatus['status'], at: timeOf(st.timestamp, now) });
			}
		}
	}
	return out;
}

/** Delivery only moves forward: a late "delivered" never replaces "read". */
export function laterDelivery(current: DeliveryStatus['status'] | null, next: DeliveryStatus['status']): boolean {
	const rank = { sent: 1, delivered: 2, read: 3, failed: 4 } as const;
	return current === null || rank[next] > rank[current];
}

/** A notification as Meta sends it, for one citizen's message: what the virtual phone and the tests post. */
export function notificationOf(p: { phoneNumberId: string; from: string; name?: string; id: string; at: Date; message: Record<string, unknown> }): Record<string, unknown> {
	const waId = p.from.replace(/^\+/, '');
	return {
		object: 'whatsapp_business_account',
		entry: [
			{
				id: 'vez-waba',
				changes: [
					{
						field: 'messages',
						value: {
							messaging_product: 'whatsapp',
							metadata: { display_phone_number: '556332120000', phone_number_id: p.phoneNumberId },
							contacts: [{ profile: { name: p.name ?? '' }, wa_id: waId }],
							messages: [{ from: waId, id: p.id, timestamp: String(Math.floor(p.at.getTime() / 1000)), ...p.message }]
						}
					}
				]
			}
		]
	};
}
