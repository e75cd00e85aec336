import QRCode from 'qrcode';
import type { IssuedPrint, IssuedTicket } from '$lib/queue/issued';
import type { TicketPrintState } from '$lib/printing/print-jobs';
import { apiRequest, newIdempotencyKey, worthRetrying } from '$lib/api/client';
import { TapGuard } from '$lib/components/tap-guard.svelte';

/** One service button: what `GET /api/v1/units/{unit}/services` answers. */
export interface KioskService {
	code: string;
	name: string;
	theme: string;
	prefix: string;
	waiting: number;
	estimatedWaitMinutes: number | null;
	estimatedWait: { low: number; high: number } | null;
	promisedWaitMinutes: number;
	openCounters: number;
	allowsPriority: boolean;
}

export interface KioskPriority {
	code: string;
	name: string;
	weight: number;
	requiresDocument: boolean;
}

/** What the server said about the paper ticket (`print` of the issue answer, or a reprint's). */
export type KioskPrint = IssuedPrint;
export type KioskTicket = IssuedTicket;

/** The answer to a "print again" tap, in the words the screen needs. */
export type KioskReprintResult =
	| { ok: true; print: KioskPrint; reprintsLeft: number }
	| { ok: false; reason: 'limit' | 'expired' | 'network' | 'generic' };

export type KioskErrorKind = 'closed' | 'unauthorized' | 'network' | 'generic';

/** Why a check-in did not give a ticket, in the words the screen needs. */
export type CheckInProblem =
	| { kind: 'too_early'; time: string }
	| { kind: 'not_found' | 'invalid' | 'not_active' | 'too_late' | 'other_unit' | 'network' };

export type KioskPhase =
	| { name: 'start' }
	| { name: 'checkin'; problem: CheckInProblem | null; busy: boolean }
	| { name: 'priority'; service: KioskService }
	| { name: 'issuing'; service: KioskService; priority: KioskPriority | null }
	| { name: 'ticket'; ticket: KioskTicket; qrSvg: string }
	| { name: 'error'; kind: KioskErrorKind; opensAt: string | null; retry: KioskIssue | null };

/** One visitor's request for a ticket; a retry sends the same idempotency key, so it never makes a second ticket. */
export interface KioskIssue {
	service: KioskService;
	priority: KioskPriority | null;
	key: string;
}

/** The browser's storage key of a unit's kiosk token (a device keeps one per unit). */
export const kioskTokenKey = (unit: string) => `vez.kiosk.${unit}`;

/** Groups services by catalogue theme (tema), keeping the server's order; the search is accent-insensitive. */
export function groupByTheme(services: readonly KioskService[], query: string): [string, KioskService[]][] {
	const q = fold(query.trim());
	const groups = new Map<string, KioskService[]>();
	for (const s of services) {
		if (q && !fold(`${s.name} ${s.theme} ${s.prefix}`).includes(q)) continue;
		const list = groups.get(s.theme) ?? [];
		list.push(s);
		groups.set(s.theme, list);
	}
	return [...groups];
}

function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The kiosk's flow — start → (priority) → issuing → ticket, or an error screen — and its
 * connection to the server. Every tap goes through one guard: a second tap while a ticket is
 * being issued, or in the moment after the screen changed, does nothing, so a visitor who taps
 * twice never walks away with two numbers nor leaves a service chosen for the next visitor.
 */
export class KioskFlow {
	#phase = $state<KioskPhase>({ name: 'start' });
	/** Fresh service list from the last refresh; null until the first one (the page's load data stands in). */
	services = $state<KioskService[] | null>(null);
	online = $state(true);
	authorised = $state<'unknown' | 'yes' | 'no'>('unknown');
	token: string | null = null;
	readonly guard = new TapGuard();
	readonly unit: string;
	readonly #hasPriorities: () => boolean;

	constructor(unit: string, hasPriorities: () => boolean) {
		this.unit = unit;
		this.#hasPriorities = hasPriorities;
	}

	get phase(): KioskPhase {
		return this.#phase;
	}

	set phase(next: KioskPhase) {
		if (next.name !== this.#phase.name) this.guard.screenChanged();
		this.#phase = next;
	}

	/** Reads the device token (a `?token=` on first load wins and is kept) and asks the server who this kiosk is. */
	async authenticate(urlToken: string | null): Promise<void> {
		const key = kioskTokenKey(this.unit);
		if (urlToken) localStorage.setItem(key, urlToken);
		this.token = localStorage.getItem(key);
		const me = await apiRequest<{ kind: string; tokenKind?: string; unit?: string | null }>('/api/v1/me', { token: this.token });
		// Unreachable server: the issue attempt will say so.
		if (!me.ok) return void (me.kind === 'error' && me.status === 401 && this.setAuthorised(false));
		// A device token must be a kiosk token of this unit; staff sessions are checked by the server on issue.
		if (me.data.kind === 'token') this.setAuthorised(me.data.tokenKind === 'kiosk' && me.data.unit === this.unit);
		else this.setAuthorised(me.data.kind === 'user');
	}

	private setAuthorised(ok: boolean) {
		this.authorised = ok ? 'yes' : 'no';
		if (!ok) this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
		else if (this.phase.name === 'error' && this.phase.kind === 'unauthorized') this.phase = { name: 'start' };
	}

	choose(service: KioskService): void {
		if (this.phase.name !== 'start' || !this.guard.ready) return;
		if (service.allowsPriority && this.#hasPriorities()) this.phase = { name: 'priority', service };
		else void this.issue(service, null);
	}

	/** A new request for a ticket (a tap on a service or a priority): a new idempotency key. */
	issue(service: KioskService, priority: KioskPriority | null): Promise<void> {
		return this.#send({ service, priority, key: newIdempotencyKey() });
	}

	async #send(request: KioskIssue): Promise<void> {
		await this.guard.run('issue', async () => {
			this.phase = { name: 'issuing', service: request.service, priority: request.priority };
			const res = await apiRequest<KioskTicket>(`/api/v1/units/${encodeURIComponent(this.unit)}/tickets`, {
				token: this.token,
				idempotencyKey: request.key,
				body: { service: request.service.code, ...(request.priority ? { priority: request.priority.code } : {}) }
			});
			this.online = res.ok || res.kind === 'error';
			if (res.ok) return this.showTicket(res.data);
			if (res.kind === 'unreachable' || worthRetrying(res)) {
				this.phase = { name: 'error', kind: 'network', opensAt: null, retry: request };
			} else if (res.code === 'unit_closed') {
				this.phase = { name: 'error', kind: 'closed', opensAt: res.fields.opensAt ?? null, retry: null };
			} else if (res.status === 401 || res.status === 403) {
				this.authorised = 'no';
				this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			} else {
				this.phase = { name: 'error', kind: 'generic', opensAt: null, retry: null };
			}
		});
	}

	private async showTicket(ticket: KioskTicket): Promise<void> {
		const qrSvg = await QRCode.toString(ticket.trackUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
		this.phase = { name: 'ticket', ticket, qrSvg };
	}

	/**
	 * Asks for the ticket on screen to be printed again (`POST /tickets/{id}/reprint` with this
	 * device's token). The server keeps the limits: the kiosk's last ticket only, a few minutes,
	 * at most a couple of copies.
	 */
	async reprint(ticket: KioskTicket): Promise<KioskReprintResult> {
		const res = await apiRequest<KioskPrint & { reprintsLeft: number }>(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/reprint`, {
			method: 'POST',
			token: this.token
		});
		if (res.ok) {
			const { status, printerName, printerOnline, reprintsLeft } = res.data;
			return { ok: true, print: { status, printerName, printerOnline }, reprintsLeft };
		}
		if (res.kind === 'unreachable' || worthRetrying(res)) return { ok: false, reason: 'network' };
		if (res.status === 409 && res.fields.reprints === 'limit_reached') return { ok: false, reason: 'limit' };
		// 403 (no longer this kiosk's last ticket, or too late) and 409 (already called) mean the same to the visitor.
		if (res.status === 403 || res.status === 409) return { ok: false, reason: 'expired' };
		return { ok: false, reason: 'generic' };
	}

	/** The paper's real state (`GET /tickets/{id}/print`), or undefined when the server cannot say now. */
	async printState(ticket: KioskTicket): Promise<TicketPrintState | null | undefined> {
		const res = await apiRequest<{ print: TicketPrintState | null }>(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/print`, { token: this.token, timeoutMs: 5000 });
		return res.ok ? res.data.print : undefined;
	}

	/** "Tenho agendamento": the code or CPF field. */
	startCheckIn(): void {
		if (this.phase.name !== 'start' || !this.guard.ready) return;
		this.phase = { name: 'checkin', problem: null, busy: false };
	}

	/** Checks an appointment in by code (typed or scanned) or CPF: a ticket, or why not. A retry of the same code reuses its key. */
	async checkIn(typed: string): Promise<void> {
		const appointment = typed.trim();
		if (this.phase.name !== 'checkin' || !appointment) return;
		if (this.#checkInKey?.appointment !== appointment) this.#checkInKey = { appointment, key: newIdempotencyKey() };
		const key = this.#checkInKey.key;
		await this.guard.run('check-in', async () => {
			this.phase = { name: 'checkin', problem: null, busy: true };
			const fail = (problem: CheckInProblem) => (this.phase = { name: 'checkin', problem, busy: false });
			const res = await apiRequest<KioskTicket>(`/api/v1/units/${encodeURIComponent(this.unit)}/check-in`, {
				token: this.token,
				idempotencyKey: key,
				body: { appointment }
			});
			this.online = res.ok || res.kind === 'error';
			if (res.ok) {
				this.#checkInKey = null;
				return this.showTicket(res.data);
			}
			if (res.kind === 'unreachable' || worthRetrying(res)) return void fail({ kind: 'network' });
			// Answered: whatever comes next is a new attempt.
			this.#checkInKey = null;
			const code = res.code;
			if (code === 'unit_closed') this.phase = { name: 'error', kind: 'closed', opensAt: res.fields.opensAt ?? null, retry: null };
			else if (res.status === 401 || res.status === 403) {
				this.authorised = 'no';
				this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			} else if (code === 'check_in_too_early') fail({ kind: 'too_early', time: res.fields.comeBackTime ?? '' });
			else if (code === 'check_in_too_late') fail({ kind: 'too_late' });
			else if (code === 'appointment_not_active') fail({ kind: 'not_active' });
			else if (code === 'appointment_not_found') fail({ kind: res.fields.appointment === 'other_unit' ? 'other_unit' : 'not_found' });
			else if (code === 'invalid_input') fail({ kind: 'invalid' });
			else fail({ kind: 'network' });
		});
	}

	#checkInKey: { appointment: string; key: string } | null = null;

	/** "Tentar de novo": the same request again, with its key, so a lost answer never becomes a second ticket. */
	retry(): void {
		if (this.phase.name === 'error' && this.phase.retry) void this.#send(this.phase.retry);
		else this.restart();
	}

	/** Back to the first screen, unless the kiosk cannot issue at all. */
	restart(): void {
		if (this.guard.busy) return;
		if (this.authorised === 'no') {
			this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			return;
		}
		this.#checkInKey = null;
		this.phase = { name: 'start' };
		void this.refresh();
	}

	/** The unit is closed until `opensAt` (from the page load or a refused issue). */
	closedUntil(opensAt: string | null): void {
		this.phase = { name: 'error', kind: 'closed', opensAt, retry: null };
	}

	/** Fetches fresh queue lengths and estimates; also how the kiosk notices the server is back. */
	async refresh(): Promise<void> {
		const res = await apiRequest<KioskService[]>(`/api/v1/units/${encodeURIComponent(this.unit)}/services`);
		this.online = res.ok;
		if (res.ok) this.services = res.data;
	}
}
