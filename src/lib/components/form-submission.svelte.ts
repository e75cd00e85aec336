import { enhance } from '$app/forms';
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';
import { DEFAULT_TIMEOUT_MS, IDEMPOTENCY_FIELD, newIdempotencyKey } from '$lib/api/client';
import { TapGuard } from './tap-guard.svelte';

export interface FormSubmissionOptions {
	/** Send one idempotency key per user action (issuing, booking, opening a protocol). */
	idempotent?: boolean;
	/** Clear the form after a successful answer (SvelteKit's default); off keeps what was typed. */
	reset?: boolean;
	/** Called as the submit starts; what it returns handles the answer instead of the default update. */
	submitted?: () => (answer: { result: ActionResult; update: (options?: { reset?: boolean; invalidateAll?: boolean }) => Promise<void> }) => Promise<void>;
}

/**
 * A form action sent through `use:enhance` that survives a lost server: a second submit while
 * one is in flight is dropped (the one tap guard), an unanswered submit leaves the form as it
 * was and sets `unreachable` for the screen's own message and retry — instead of SvelteKit's
 * error page or the browser's — and an idempotent form sends one key per user action, kept for
 * the retry, so a lost answer is replayed, never acted on twice.
 */
export class FormSubmission {
	readonly guard = new TapGuard();
	/** Why the last submit got no answer (the network or server is down, a proxy answered for it, or it took too long), or null. */
	unreachable = $state<'network' | 'timeout' | null>(null);
	#key: string | null = null;
	#form: HTMLFormElement | null = null;
	readonly #options: FormSubmissionOptions;

	constructor(options: FormSubmissionOptions = {}) {
		this.#options = options;
	}

	get pending(): boolean {
		return this.guard.busy !== null;
	}

	/** The Svelte action: `<form method="POST" use:submission.enhance>`. */
	enhance = (form: HTMLFormElement) => {
		this.#form = form;
		return enhance(form, this.#submit);
	};

	/** Sends the form again as it is, with the same key. */
	retry = () => {
		this.#form?.requestSubmit();
	};

	#submit: SubmitFunction = ({ formData, cancel, controller }) => {
		if (!this.guard.ready) return cancel();
		this.guard.busy = 'submit';
		this.unreachable = null;
		if (this.#options.idempotent) formData.set(IDEMPOTENCY_FIELD, (this.#key ??= newIdempotencyKey()));
		// enhance() has no time limit and says nothing when aborted: this guard does both.
		const timer = setTimeout(() => {
			controller.abort();
			this.guard.busy = null;
			this.unreachable = 'timeout';
		}, DEFAULT_TIMEOUT_MS);
		const answered = this.#options.submitted?.();
		return async ({ result, update }) => {
			clearTimeout(timer);
			this.guard.busy = null;
			// SvelteKit's enhance reports a fetch that failed, or an answer that was not ours (a
			// proxy's page), as an error without a status.
			if (result.type === 'error' && result.status === undefined) {
				this.unreachable = 'network';
				return;
			}
			this.#key = null;
			if (answered) await answered({ result, update });
			else await update({ reset: this.#options.reset ?? true });
		};
	};
}
