import type { CallPayload } from '$lib/queue/events';
import { applyCall, displayScreen, type CounterDisplayView, type DisplayScreen } from '$lib/queue/counter-display';

/** Why the display shows no counter: not linked to its unit yet (no or wrong token), or no such counter. */
export type DisplayProblem = 'unpaired' | 'not_found';

/**
 * The counter display's live state: the last snapshot or `counter` event is the truth, a `call`
 * puts the number up at once. `connection` is `connecting` until the first join.
 */
export class CounterDisplayLive {
	view = $state<CounterDisplayView | null>(null);
	problem = $state<DisplayProblem | null>(null);
	connection = $state<'connecting' | 'up' | 'down'>('connecting');
	readonly screen: DisplayScreen | null = $derived(this.view ? displayScreen(this.view) : null);

	reset(view: CounterDisplayView): void {
		this.view = view;
		this.problem = null;
	}

	call(call: CallPayload): void {
		if (this.view) this.view = applyCall(this.view, call);
	}

	refused(problem: DisplayProblem): void {
		this.view = null;
		this.problem = problem;
	}
}
