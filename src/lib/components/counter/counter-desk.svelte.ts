import { invalidate } from '$app/navigation';
import type { MessageKey, Translate } from '$lib/i18n';
import { allowedActions } from '$lib/queue/state-machine';
import type { TicketStatus } from '$lib/queue/ticket';
import { apiRequest, worthRetrying, type ApiFailure, type ApiSuccess } from '$lib/api/client';
import { TapGuard } from '$lib/components/tap-guard.svelte';
import { commandOf, type CounterCommand } from './shortcuts';

/** What the desk acts on, from the counter page's snapshot (`GET` of /counter). */
export interface DeskView {
	unit: { slug: string } | null;
	counter: { id: string; status: string; services: string[] } | null;
	ticket: { id: string; number: string; status: TicketStatus } | null;
	services: readonly { code: string; name: string }[];
}

export type DeskMessage =
	| { kind: 'ok' | 'info' | 'error'; text: string }
	/** No answer from the server: Vez's own words and a retry of the same action. */
	| { kind: 'unreachable'; reason: 'network' | 'gateway' | 'timeout' | 'unavailable'; retry: () => unknown };

const KNOWN_ERRORS = [
	'counter_busy',
	'counter_closed',
	'counter_taken',
	'invalid_transition',
	'service_not_offered',
	'ticket_not_found',
	'counter_not_found',
	'invalid_input',
	'forbidden',
	'unauthenticated',
	'rate_limited'
] as const;

/**
 * The clerk's desk on the counter page: each action is one call of the JSON API, one at a time
 * (the tap guard drops a second tap), answered in words; the keyboard shortcuts run the same
 * actions. The page keeps the layout; this keeps what the buttons do.
 */
export class CounterDesk {
	/** Every control stays disabled until the page is hydrated: before that a click would do nothing useful. */
	hydrated = $state(false);
	message = $state<DeskMessage | null>(null);
	pauseReason = $state('');
	readonly guard = new TapGuard();
	readonly #view: () => DeskView;
	readonly #t: () => Translate;

	constructor(view: () => DeskView, t: () => Translate) {
		this.#view = view;
		this.#t = t;
	}

	/** The action in flight, 'hydrating' before the page can act, or null. */
	get busy(): string | null {
		return this.hydrated ? this.guard.busy : 'hydrating';
	}
	get ticket() {
		return this.#view().ticket;
	}
	get allowed() {
		const ticket = this.ticket;
		return ticket ? allowedActions(ticket.status) : [];
	}
	get isOpen(): boolean {
		return this.#view().counter?.status === 'open';
	}
	get canCall(): boolean {
		return this.isOpen && !this.ticket;
	}

	#errorText(error: ApiFailure): string {
		const t = this.#t();
		// The one conflict the console words on its own: a ticket already reprinted as often as allowed.
		if (error.fields.reprints === 'limit_reached') return t('counter.error.reprintLimit');
		return (KNOWN_ERRORS as readonly string[]).includes(error.code) ? t(`counter.error.${error.code}` as MessageKey) : t('counter.error.generic');
	}

	#say(kind: 'ok' | 'info', key: MessageKey, params?: Record<string, string | number>) {
		this.message = { kind, text: this.#t()(key, params) };
	}

	/**
	 * Runs one use case through the JSON API: conflicts come back as words, then the screen
	 * re-syncs. With no answer the screen says so and offers `retry`, and does not re-sync:
	 * SvelteKit turns a reload that cannot reach the server into a full-page navigation, which is
	 * how the browser's own error page used to appear here.
	 */
	async #act<T>(name: string, path: string, body: unknown, retry: () => unknown): Promise<ApiSuccess<T> | null> {
		if (!this.hydrated) return null;
		const slug = this.#view().unit?.slug;
		const res = await this.guard.run(name, async () => {
			this.message = null;
			const res = await apiRequest<T>(path, { method: 'POST', body });
			if (slug && (res.ok || (res.kind === 'error' && res.code !== 'unavailable'))) await invalidate(`vez:unit:${slug}`);
			return res;
		});
		if (!res || res.ok) return res ?? null;
		if (res.kind === 'unreachable' || worthRetrying(res)) {
			this.message = { kind: 'unreachable', reason: res.kind === 'unreachable' ? res.reason : 'unavailable', retry };
		} else {
			this.message = { kind: 'error', text: this.#errorText(res) };
		}
		return null;
	}

	#counterPath(action: string) {
		return `/api/v1/counters/${this.#view().counter?.id}/${action}`;
	}
	#ticketPath(action: string) {
		return `/api/v1/tickets/${this.ticket?.id}/${action}`;
	}

	openCounter = async (id: string, services: string[]) => {
		if (await this.#act('open', `/api/v1/counters/${id}/open`, { services }, () => this.openCounter(id, services))) this.#say('ok', 'counter.msg.opened');
	};

	// Only an open counter is required here: the screen may be a moment behind (a refresh in
	// flight), so the server decides, and a ticket still at the desk comes back as words.
	callNext = async () => {
		if (!this.#view().counter || !this.isOpen) return;
		const res = await this.#act<{ number: string } | null>('call-next', this.#counterPath('call-next'), {}, this.callNext);
		if (!res) return;
		if (res.status === 204 || !res.data) this.#say('info', 'counter.msg.nobody');
		else this.#say('ok', 'counter.msg.called', { number: res.data.number });
	};

	callThis = async (ticketId: string, number: string) => {
		if (!this.#view().counter || !this.canCall) return;
		if (await this.#act('call', this.#counterPath('call'), { ticket: ticketId }, () => this.callThis(ticketId, number))) this.#say('ok', 'counter.msg.called', { number });
	};

	ticketAction = async (action: 'recall' | 'start' | 'no-show' | 'cancel', done: MessageKey) => {
		const current = this.ticket;
		if (!current) return;
		if (await this.#act(action, this.#ticketPath(action), {}, () => this.ticketAction(action, done))) this.#say('ok', done, { number: current.number });
	};

	reactivate = async (ticketId: string, number: string) => {
		if (await this.#act('reactivate', `/api/v1/tickets/${ticketId}/reactivate`, {}, () => this.reactivate(ticketId, number))) this.#say('ok', 'counter.msg.reactivated', { number });
	};

	finish = async (outcome: string, note: string) => {
		const current = this.ticket;
		if (!current) return;
		const body = note ? { outcome, note } : { outcome };
		if (await this.#act('finish', this.#ticketPath('finish'), body, () => this.finish(outcome, note))) this.#say('ok', 'counter.msg.finished', { number: current.number });
	};

	transfer = async (service: string, counter: string | null, toEnd: boolean) => {
		const current = this.ticket;
		if (!current) return;
		const body = { service, ...(counter ? { counter } : {}), toEnd };
		const name = this.#view().services.find((s) => s.code === service)?.name ?? service;
		if (await this.#act('transfer', this.#ticketPath('transfer'), body, () => this.transfer(service, counter, toEnd))) {
			this.#say('ok', 'counter.msg.transferred', { number: current.number, service: name });
		}
	};

	/** Another paper copy of the ticket at the desk, on the printer it first came out of. */
	reprint = async () => {
		const current = this.ticket;
		if (!current) return;
		const res = await this.#act<{ status: 'queued' | 'no_printer'; printerName: string | null; printerOnline: boolean | null }>('reprint', this.#ticketPath('reprint'), {}, this.reprint);
		if (!res) return;
		const out = res.data;
		const params = { number: current.number, printer: out.printerName ?? '' };
		if (out.status === 'no_printer') this.#say('info', 'counter.msg.reprintNoPrinter');
		else if (out.printerOnline === false) this.#say('info', 'counter.msg.reprintOffline', params);
		else this.#say('ok', 'counter.msg.reprinted', params);
	};

	pause = async (event?: SubmitEvent) => {
		event?.preventDefault();
		if (!this.#view().counter || !this.isOpen) return;
		const reason = this.pauseReason.trim() || this.#t()('counter.pause.defaultReason');
		if (await this.#act('pause', this.#counterPath('pause'), { reason }, () => this.pause())) {
			this.pauseReason = '';
			this.#say('ok', 'counter.msg.paused');
		}
	};

	resume = async () => {
		const counter = this.#view().counter;
		if (!counter || counter.status !== 'paused') return;
		if (await this.#act('resume', this.#counterPath('open'), { services: counter.services }, this.resume)) this.#say('ok', 'counter.msg.resumed');
	};

	closeCounter = async () => {
		if (!this.#view().counter) return;
		if (await this.#act('close', this.#counterPath('close'), {}, this.closeCounter)) this.#say('ok', 'counter.msg.closed');
	};

	/** What a shortcut does now, or null when it does nothing (its action is not allowed at this moment). */
	#shortcut(command: CounterCommand): (() => unknown) | null {
		const allowed = this.allowed;
		switch (command) {
			case 'callNext':
				return this.callNext;
			case 'recall':
				return allowed.includes('recall') ? () => this.ticketAction('recall', 'counter.msg.recalled') : null;
			case 'start':
				return allowed.includes('start') ? () => this.ticketAction('start', 'counter.msg.started') : null;
			case 'noShow':
				return allowed.includes('no_show') ? () => this.ticketAction('no-show', 'counter.msg.noShow') : null;
			case 'finish':
				return allowed.includes('finish') ? () => focus('finish-outcome') : null;
			case 'transfer':
				return allowed.includes('transfer') ? () => focus('transfer-service') : null;
			case 'pause':
				return () => (this.isOpen ? focus('pause-reason') : this.resume());
		}
	}

	onkeydown = (event: KeyboardEvent) => {
		if (!this.#view().counter) return;
		const command = commandOf(event);
		const run = command && this.#shortcut(command);
		if (!run) return;
		event.preventDefault();
		void run();
	};
}

function focus(id: string) {
	const el = document.getElementById(id);
	el?.focus();
	el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
}
