/*
 * Kiosk time limits (eMAG 2.5, WCAG 2.2.1): a screen left mid-way goes back to the start so the
 * next visitor never inherits someone's choice, but first it warns and lets the visitor ask for
 * more time; the accessibility mode doubles every limit.
 */

/** How long a screen waits for a touch, and for how much of that the warning shows. */
export interface IdleLimit {
	limitMs: number;
	warnMs: number;
}

export const WARN_MS = 15_000;

/** The idle limit of a kiosk screen, or null where nothing is lost by staying (the start, a closed unit, the ticket with its own countdown). */
export function idleLimit(screen: { name: string; kind?: string }, accessible: boolean): IdleLimit | null {
	const scale = accessible ? 2 : 1;
	if (screen.name === 'priority' || screen.name === 'checkin') return { limitMs: 45_000 * scale, warnMs: WARN_MS * scale };
	if (screen.name === 'error' && (screen.kind === 'network' || screen.kind === 'generic')) return { limitMs: 60_000 * scale, warnMs: WARN_MS * scale };
	return null;
}

/** Seconds the ticket screen stays before going back to the start by itself. */
export const ticketSeconds = (accessible: boolean) => (accessible ? 40 : 20);
