import type { OpeningHours, Weekday } from '../units/hours';

// The server's config reads this file from scripts too (plain tsx, no `$lib`): relative, type-only imports.
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * The WhatsApp channel's settings from the environment (README lists them). Pure: the
 * environment comes in as an argument. In the embedded demo with its virtual phone, the inbound
 * side gets fixed demo secrets so the phone's chat can sign what it posts.
 */
export interface ChatSettings {
	/** Meta's verification handshake answers only this token (VEZ_WHATSAPP_VERIFY_TOKEN). */
	verifyToken: string | null;
	/** Signs every notification (X-Hub-Signature-256) (VEZ_WHATSAPP_APP_SECRET); unset: every POST is refused. */
	appSecret: string | null;
	/** When people answer the chat (VEZ_WHATSAPP_AGENT_HOURS, e.g. `mon-fri 13:30-18:00`); null: whenever agents are signed in. */
	agentHours: OpeningHours | null;
	/**
	 * Most notices sent a second (VEZ_WHATSAPP_BROADCAST_RATE). Meta's Cloud API takes 80 messages a
	 * second per number by default; the default leaves room for the chat's own replies.
	 */
	broadcastPerSecond: number;
}

const DEFAULT_BROADCAST_PER_SECOND = 20;

export const DEMO_CHAT_SECRETS = { verifyToken: 'vez-demo-verify', appSecret: 'vez-demo-app-secret' } as const;

const text = (v: string | undefined) => v?.trim() || null;

/**
 * `mon-fri 13:30-18:00; sat 08:00-12:00` → opening hours; throws with the mistake so a wrong
 * setting stops the start instead of silently closing the chat.
 */
export function parseAgentHours(value: string): OpeningHours {
	const hours: OpeningHours = {};
	for (const part of value.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
		const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part.toLowerCase());
		if (!m) throw new Error(`VEZ_WHATSAPP_AGENT_HOURS: "${part}" is not like "mon-fri 13:30-18:00"`);
		const from = WEEKDAYS.indexOf(m[1] as Weekday);
		const to = m[2] ? WEEKDAYS.indexOf(m[2] as Weekday) : from;
		if (from < 0 || to < 0 || to < from) throw new Error(`VEZ_WHATSAPP_AGENT_HOURS: unknown days in "${part}" (mon…sun)`);
		if (!(m[3] < m[4]) || m[4] > '24:00') throw new Error(`VEZ_WHATSAPP_AGENT_HOURS: "${part}" ends before it starts`);
		for (let d = from; d <= to; d++) (hours[WEEKDAYS[d]] ??= []).push([m[3], m[4]]);
	}
	return hours;
}

function broadcastRate(value: string | null): number {
	if (value === null) return DEFAULT_BROADCAST_PER_SECOND;
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`VEZ_WHATSAPP_BROADCAST_RATE: "${value}" is not a whole number of messages a second (1–1000)`);
	return n;
}

export function chatFromEnv(env: Record<string, string | undefined>, virtualPhonePort: number | null): ChatSettings {
	const demo = virtualPhonePort !== null;
	const hours = text(env.VEZ_WHATSAPP_AGENT_HOURS);
	return {
		verifyToken: text(env.VEZ_WHATSAPP_VERIFY_TOKEN) ?? (demo ? DEMO_CHAT_SECRETS.verifyToken : null),
		appSecret: text(env.VEZ_WHATSAPP_APP_SECRET) ?? (demo ? DEMO_CHAT_SECRETS.appSecret : null),
		agentHours: hours ? parseAgentHours(hours) : null,
		broadcastPerSecond: broadcastRate(text(env.VEZ_WHATSAPP_BROADCAST_RATE))
	};
}

const DAY_NAMES: Record<string, Record<Weekday, string>> = {
	'pt-BR': { mon: 'seg', tue: 'ter', wed: 'qua', thu: 'qui', fri: 'sex', sat: 'sáb', sun: 'dom' },
	en: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
	es: { mon: 'lun', tue: 'mar', wed: 'mié', thu: 'jue', fri: 'vie', sat: 'sáb', sun: 'dom' }
};

/** The hours as the bot says them: "seg–sex 13:30–18:00". */
export function describeHours(hours: OpeningHours, lang: string): string {
	const names = DAY_NAMES[lang] ?? DAY_NAMES['pt-BR'];
	const groups: { days: Weekday[]; spans: string }[] = [];
	for (const day of WEEKDAYS) {
		const spans = (hours[day] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
		if (!spans) continue;
		const last = groups.at(-1);
		if (last && last.spans === spans && WEEKDAYS.indexOf(last.days.at(-1)!) === WEEKDAYS.indexOf(day) - 1) last.days.push(day);
		else groups.push({ days: [day], spans });
	}
	return groups.map((g) => `${names[g.days[0]]}${g.days.length > 1 ? `–${names[g.days.at(-1)!]}` : ''} ${g.spans}`).join('; ');
}
