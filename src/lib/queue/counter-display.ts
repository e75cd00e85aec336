import { z } from 'zod';
import { isoTime } from '$lib/api/wire';
import type { CallPayload } from './events';
import { COUNTER_STATUSES } from './views';

/**
 * What the small screen above a counter shows (`GET /api/v1/counters/{id}/display` and the
 * `counter` event of `counter:<id>`): the counter and the ticket at its desk. No personal data.
 */
export const CounterDisplayView = z.object({
	counter: z.object({ id: z.string(), number: z.number().int(), name: z.string(), status: z.enum(COUNTER_STATUSES) }),
	unit: z.object({ slug: z.string(), name: z.string() }),
	ticket: z
		.object({ number: z.string(), service: z.string(), status: z.enum(['called', 'serving']), calledAt: isoTime, recall: z.boolean() })
		.nullable()
		.meta({ description: 'The ticket called to or being served at this desk, or null' })
});
export type CounterDisplayView = z.infer<typeof CounterDisplayView>;

export type DisplayScreen = 'calling' | 'serving' | 'idle' | 'paused' | 'closed';

/** Which of its five states the display is in; a closed counter shows closed even if a ticket lingers. */
export function displayScreen(view: CounterDisplayView): DisplayScreen {
	if (view.counter.status === 'closed') return 'closed';
	if (view.ticket) return view.ticket.status === 'called' ? 'calling' : 'serving';
	return view.counter.status === 'paused' ? 'paused' : 'idle';
}

/**
 * A live `call` for this counter puts its number on screen at once, before the fuller `counter`
 * event (or a snapshot) follows; calls for other counters and stale ones change nothing.
 */
export function applyCall(view: CounterDisplayView, call: CallPayload): CounterDisplayView {
	if (call.counter !== view.counter.number) return view;
	if (view.ticket && view.ticket.number !== call.number && view.ticket.calledAt > call.calledAt) return view;
	return {
		...view,
		counter: { ...view.counter, status: view.counter.status === 'closed' ? 'open' : view.counter.status },
		ticket: { number: call.number, service: call.service, status: 'called', calledAt: call.calledAt, recall: call.recall }
	};
}

/** Where a counter's display lives (docs/api.md#counter-displays); the panel token follows as `?token=`. */
export const displayPath = (counterId: string) => `/display/${encodeURIComponent(counterId)}`;

/** A display linked by an admin: its address with a new panel token of the unit (shown once, like every token). */
export interface DisplayPairing {
	counterId: string;
	url: string;
	qrSvg: string;
}
