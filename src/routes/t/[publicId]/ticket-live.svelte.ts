import type { CallPayload } from '$lib/queue/events';
import { isNewerLine, placeInLine, type LinePayload } from '$lib/queue/line';
import type { PublicTicketView } from '$lib/queue/views';

/** A `call` event for this ticket, folded into its public view until the `ticket` event that follows arrives. */
export function withCall(view: PublicTicketView, call: CallPayload): PublicTicketView {
	return {
		...view,
		status: 'called',
		position: null,
		estimatedWaitMinutes: null,
		counter: { number: call.counter, name: call.counterName },
		calledAt: call.calledAt
	};
}

/**
 * A `line` event folded into a waiting ticket's view: its place and forecast as the unit's line
 * lists them. A ticket the line does not list (called meanwhile, issued after it) keeps its view.
 */
export function withLine(view: PublicTicketView, line: LinePayload): PublicTicketView {
	if (view.status !== 'waiting') return view;
	const place = placeInLine(line, { unit: view.unit.slug, service: view.service.code, number: view.number });
	return place ? { ...view, ...place } : view;
}

/** The visitor's live ticket: `ticket` events replace the view, `line` events move its place, `call` events raise the alert. */
export class TicketLive {
	view = $state<PublicTicketView>() as PublicTicketView;
	/** The socket: `connecting` until the room is joined the first time, then `up` or `down`. */
	connection = $state<'connecting' | 'up' | 'down'>('connecting');
	/** Bumped on each call or recall received live; the alert keys on it to draw attention again. */
	calls = $state(0);
	recall = $state(false);

	constructor(view: PublicTicketView) {
		this.view = view;
	}

	reset(view: PublicTicketView): void {
		this.view = view;
	}

	applyTicket(view: PublicTicketView): void {
		this.view = view;
	}

	#lineAt: string | null = null;

	applyLine(line: LinePayload): void {
		if (!isNewerLine(line, this.#lineAt)) return;
		this.#lineAt = line.at;
		this.view = withLine(this.view, line);
	}

	applyCall(call: CallPayload): void {
		this.view = withCall(this.view, call);
		this.recall = call.recall;
		this.calls += 1;
	}
}
