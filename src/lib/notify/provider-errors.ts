/**
 * Whether a provider's failure is worth another attempt. Each rule follows the provider's own
 * error documentation; what no rule names falls back on the HTTP status: 429 and 5xx are
 * temporary, any other 4xx says the request itself is wrong and would fail again.
 */
export type Verdict = 'retry' | 'give_up';

export function verdictForStatus(status: number): Verdict {
	return status === 429 || status === 408 || status >= 500 ? 'retry' : 'give_up';
}

/**
 * Graph API error codes of the WhatsApp Cloud API that are temporary: throttling (4, 80007,
 * 130429, 131048, 131056), "something went wrong" and unavailable services (1, 2, 131000, 131016,
 * 133004), the account in maintenance (131057). Everything else Meta documents — bad token (0, 190),
 * permissions (3, 10, 200–299), invalid parameters (100, 131008, 131009), undeliverable or
 * unregistered recipients (131026, 131030, 133010), outside the 24-hour window (131047), template
 * problems (132000–132016) — fails the same way next time.
 */
const WHATSAPP_TEMPORARY = new Set([1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 131057, 133004]);

export function whatsappVerdict(status: number, code: number | null): Verdict {
	if (code !== null) return WHATSAPP_TEMPORARY.has(code) ? 'retry' : status >= 500 ? 'retry' : 'give_up';
	return verdictForStatus(status);
}

/**
 * Twilio's REST errors carry a numeric `code`: 20429 (too many requests) and 20500/20503 (internal
 * error, unavailable) are temporary; 21211 (invalid To), 21408 (region not enabled), 21610
 * (recipient unsubscribed), 20003 (authentication) and the rest are not.
 */
const TWILIO_TEMPORARY = new Set([20429, 20500, 20503]);

export function twilioVerdict(status: number, code: number | null): Verdict {
	if (code !== null && TWILIO_TEMPORARY.has(code)) return 'retry';
	return verdictForStatus(status);
}
