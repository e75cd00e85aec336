import { enhance } from '$app/forms';
import type { ActionResult, SubmitFunction } from '@sveltejs/kit';
import { DEFAULT_TIMEOUT_MS, IDEMPOTENCY_FIELD, newIdempotencyKey } from '$lib/api/client';
import { TapGuard } from './tap-guard.svelte';

export interface FormSubmissionOptions {
	/** Send one idempotency key per user action (issuing, booking, opening a protocol). */
	idempotent?: boolean;
	/** Called as the submit starts; what it returns handles the answer instead of the default update. */
	submitted?: () => (answer: { result: ActionResult; update: (options?: { reset?: boolean; invalidateAll?: boolean }) => Promise<void> }) => Promise<void>;
}

/** Per form: `use:submission.enhance={{ reset: false }}` keeps what was typed after a successful answer. */
export interface FormOptions {
	reset?: boolean;
}

/**
 * The form actions of a screen, sent through `use:enhance` so they survive a lost server: a
 * second submit while one is in flight is dropped (the one tap guard), an unanswered submit
 * leaves the form as it was and sets `unreachable` for Vez's own message and retry — instead of
 * SvelteKit's error page or the browser's — and an idempotent form sends one key per user action:
 * the same key while the form is sent unchanged, so a retry after a lost answer is replayed,
 * never acted on twice; a changed form is a new action with a new key.
 */
export class FormSubmission {
	readonly guard = new TapGuard();
	/** Why the last submit got no answer (the network or server is down, a proxy answered for it, or it took too long), or null. */
	unreachable = $state<'network' | 'timeout' | null>(null);
	#key: { key: string; form: HTMLFormElement; body: string } | null = null;
	#last: { form: HTMLFormElement; submitter: HTMLElement | null } | null = null;
	readonly #options: FormSubmissionOptions;

	constructor(options: FormSubmissionOptions = {}) {
		this.#options = options;
	}

	get pending(): boolean {
		return this.guard.busy !== null;
	}

	/** The Svelte action: `<form method="POST" use:submission.enhance>`; one instance may serve every form of a screen. */
	enhance = (form: HTMLFormElement, options: FormOptions = {}) => enhance(form, (input) => this.#submit(input, options));

	/** Sends the last form again as it is (same button, same key). */
	retry = () => {
		const last = this.#last;
		if (!last || !last.form.isConnected) return;
		last.form.requestSubmit(last.submitter?.isConnected && last.submitter instanceof HTMLButtonElement ? last.submitter : undefined);
	};

	#submit = ({ formData, formElement, submitter, cancel, controller }: Parameters<SubmitFunction>[0], options: FormOptions): ReturnType<SubmitFunction> => {
		if (!this.guard.ready) return cancel();
		this.guard.busy = 'submit';
		this.unreachable = null;
		this.#last = { form: formElement, submitter };
		if (this.#options.idempotent) formData.set(IDEMPOTENCY_FIELD, this.#keyFor(formElement, formData));
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
			else await update({ reset: options.reset ?? true });
		};
	};

	/** The key of this user action: kept while the same form is sent unchanged (a retry), new otherwise. */
	#keyFor(form: HTMLFormElement, data: FormData): string {
		const body = JSON.stringify([...data].filter(([name]) => name !== IDEMPOTENCY_FIELD).map(([name, value]) => [name, String(value)]));
		if (this.#key?.form !== form || this.#key.body !== body) this.#key = { key: newIdempotencyKey(), form, body };
		return this.#key.key;
	}
}
