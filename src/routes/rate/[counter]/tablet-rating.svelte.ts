import type { CounterRatingView } from '$lib/stats/views';

export type { CounterRatingView };

export type TabletScreen = 'starting' | 'idle' | 'rating' | 'thanks' | 'unauthorized';

/** How long the thanks stay on screen before the tablet goes back to idle. */
export const THANKS_MS = 6000;

/**
 * The desk tablet's state: each poll's answer is the truth, except that the thanks stay up for
 * a few seconds after a rating so the citizen sees them.
 */
export class TabletRating {
	screen = $state<TabletScreen>('starting');
	offline = $state(false);
	counter = $state<CounterRatingView['counter'] | null>(null);
	ticket = $state<CounterRatingView['ticket']>(null);
	#thanksUntil = 0;

	apply(view: CounterRatingView, now: number): void {
		this.offline = false;
		this.counter = view.counter;
		if (this.screen === 'thanks' && now < this.#thanksUntil) return;
		this.ticket = view.ticket;
		this.screen = view.ticket ? 'rating' : 'idle';
	}

	rated(now: number): void {
		this.screen = 'thanks';
		this.ticket = null;
		this.#thanksUntil = now + THANKS_MS;
	}

	refused(): void {
		this.offline = false;
		this.screen = 'unauthorized';
	}
}
