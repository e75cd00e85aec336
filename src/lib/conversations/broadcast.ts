import { cleanParam } from '../notify/templates';

/*
 * Notices by broadcast (Palmas' list): the approved templates an admin may send to the contacts
 * who opted in to a unit or a region, and how their first sends are spread at the provider's rate.
 * Pure: the rate, the clock and the recipients come in.
 */

/** The notice templates (docs/whatsapp-templates.md): {{1}} is the unit or region; the admin writes the others. */
export const NOTICE_TEMPLATES = {
	vez_notice_unit_closed: { fields: ['when', 'reason'] },
	vez_notice_special_hours: { fields: ['when', 'hours'] }
} as const;

export type NoticeTemplate = keyof typeof NOTICE_TEMPLATES;
export const NOTICE_TEMPLATE_NAMES = Object.keys(NOTICE_TEMPLATES) as NoticeTemplate[];

/** A notice's body parameters in `{{1}}…{{3}}` order: where it applies, when, and what. */
export function noticeParams(place: string, when: string, detail: string): string[] {
	return [place, when, detail].map(cleanParam);
}

/**
 * When each of `count` first sends may go: `rate` of them in each whole second from `start`, so
 * however many processes send, a broadcast never asks the provider for more than `rate` messages
 * a second (retries come later, on their back-off).
 */
export function sendSchedule(count: number, rate: number, start: Date): Date[] {
	const perSecond = Math.max(1, Math.floor(rate));
	return Array.from({ length: count }, (_, i) => new Date(start.getTime() + Math.floor(i / perSecond) * 1000));
}

/** Where a contact may opt in: a unit (by slug) or a region (by name). */
export type NoticeTarget = { unit: string } | { region: string };
