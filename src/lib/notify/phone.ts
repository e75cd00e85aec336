/**
 * Phone numbers as visitors type them, to E.164. Brazilian forms — `(48) 99999-0000`,
 * `48 99999 0000`, `048999990000`, `+55 48 99999-0000`, `0055…` — are read with the country code
 * 55 and a two-digit area code (DDD) from Anatel's plan; SMS and WhatsApp need a mobile, which in
 * Brazil has nine digits starting with 9 since 2016. Any other country's number must come with
 * "+" and its country code (ITU-T E.164: at most 15 digits).
 */
export type PhoneResult = { ok: true; e164: string } | { ok: false; code: 'invalid_phone' | 'not_mobile' };

/** Area codes in use (Anatel's national numbering plan). */
const DDD = new Set([
	11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65,
	66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99
]);

function brazilian(national: string): PhoneResult {
	if (!/^\d{10,11}$/.test(national) || !DDD.has(Number(national.slice(0, 2)))) return { ok: false, code: 'invalid_phone' };
	const subscriber = national.slice(2);
	if (subscriber.length === 9 && subscriber.startsWith('9')) return { ok: true, e164: `+55${national}` };
	// Eight digits: a landline (2–5) or a pre-2016 mobile form no longer dialled.
	return { ok: false, code: subscriber.length === 8 && /^[2-5]/.test(subscriber) ? 'not_mobile' : 'invalid_phone' };
}

/** A mobile number in E.164, from what a visitor typed. */
export function parsePhone(input: string): PhoneResult {
	const raw = input.trim();
	if (!/^[+\d\s().-]{8,25}$/.test(raw)) return { ok: false, code: 'invalid_phone' };
	const digits = raw.replace(/\D/g, '');
	if (raw.startsWith('+') || digits.startsWith('00')) {
		const full = raw.startsWith('+') ? digits : digits.slice(2);
		if (full.startsWith('55')) return brazilian(full.slice(2));
		return /^[1-9]\d{7,14}$/.test(full) ? { ok: true, e164: `+${full}` } : { ok: false, code: 'invalid_phone' };
	}
	// A trunk prefix 0 (and a carrier code after it: 0 XX DDD number) is dialling, not the number.
	let national = digits.replace(/^0(\d{2})?(?=\d{10,11}$)/, '');
	if (national.length === 13 && national.startsWith('55')) national = national.slice(2);
	return brazilian(national);
}

/** What staff screens show of a number: the country, the area code and the last four digits. */
export function maskPhone(e164: string): string {
	const m = /^\+55(\d{2})\d+(\d{4})$/.exec(e164);
	if (m) return `+55 ${m[1]} •••••-${m[2]}`;
	return `${e164.slice(0, 3)} ••• ${e164.slice(-4)}`;
}
