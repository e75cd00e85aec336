/**
 * The one guard for buttons that change state. A second tap does nothing while the first one's
 * request is in flight, nor for a moment after the screen changed under the finger: a double tap
 * on "Concluir" must not land its second half on the next screen's first button and open a
 * service nobody chose.
 *
 * Screens disable their buttons while `busy` is set and put `settling` on the changed screen as
 * a class with `pointer-events: none`, so the browser itself drops taps aimed at the screen
 * before (and test drivers wait, as a person would, until the screen takes taps). Keys are not
 * held back: a key press is aimed at the focused control of the screen it is on.
 */
export class TapGuard {
	/** The action in flight (its name), or null. */
	busy = $state<string | null>(null);
	/** The screen changed a moment ago and does not take taps yet. */
	settling = $state(false);
	readonly #settleMs: number;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(settleMs = SETTLE_MS) {
		this.#settleMs = settleMs;
	}

	/** The screen just changed: pointer taps in the next moment were aimed at the one before. */
	screenChanged(): void {
		this.settling = true;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => (this.settling = false), this.#settleMs);
	}

	/** Whether an action may start now: none is in flight. */
	get ready(): boolean {
		return this.busy === null;
	}

	/** Runs `action` unless another is in flight, in which case this tap is dropped (undefined). */
	async run<T>(name: string, action: () => Promise<T>): Promise<T | undefined> {
		if (!this.ready) return undefined;
		this.busy = name;
		try {
			return await action();
		} finally {
			this.busy = null;
		}
	}
}

/** Longer than the gap between the two taps of a double tap (about 300 ms on touch screens). */
export const SETTLE_MS = 500;
