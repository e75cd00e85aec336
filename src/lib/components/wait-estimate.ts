import type { Translate } from '$lib/i18n';
import { FEW_MINUTES } from '$lib/wait-wording';

export interface ShownWait {
	/** The middle of the forecast, in minutes (null: no estimate). */
	readonly minutes: number | null;
	/** The range, in minutes; null for an estimate without one. */
	readonly range: { readonly low: number; readonly high: number } | null;
}

/**
 * How a wait is said on a screen: nothing below a minute ("Sem espera" for a service, "em
 * instantes" for a ticket), "alguns minutos" while the range stays short, else the range
 * ("12–18 min"), with a spoken form for screen readers ("entre 12 e 18 minutos").
 */
export function waitPhrase(t: Translate, wait: ShownWait, subject: 'service' | 'ticket'): { text: string; spoken: string } | null {
	if (wait.minutes === null) return null;
	const high = wait.range?.high ?? wait.minutes;
	const low = Math.min(wait.range?.low ?? wait.minutes, high);
	const say = (text: string) => ({ text, spoken: text });
	if (high < 1) return say(t(subject === 'service' ? 'wait.none' : 'wait.soon'));
	if (high <= FEW_MINUTES) return say(t('wait.few'));
	if (low === high) return say(t('wait.about', { minutes: high }));
	return { text: t('wait.range', { low, high }), spoken: t('wait.rangeExplained', { low, high }) };
}
