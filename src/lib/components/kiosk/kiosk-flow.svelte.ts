import QRCode from 'qrcode';
import type { IssuedPrint, IssuedTicket } from '$lib/queue/issued';

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

/**
 * What the ticket screen says about paper: `printing` when a printer took the job and was not
 * known to be down, `unavailable` when no paper will come (no printer, or its last attempt
 * failed), `none` when nobody asked for paper.
 */
export type PaperState = 'printing' | 'unavailable' | 'none';

export function paperState(print: KioskPrint | null): PaperState {
	if (!print) return 'none';
	return print.status === 'no_printer' || print.printerOnline === false ? 'unavailable' : 'printing';
}

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
	| { name: 'error'; kind: KioskErrorKind; opensAt: string | null; retry: { service: KioskService; priority: KioskPriority | null } | null };

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

interface ApiError {
	error?: { code?: string; message?: string; fields?: Record<string, string> };
}

/**
 * The kiosk's flow — start → (priority) → issuing → ticket, or an error screen — and its
 * connection to the server. A second tap while a ticket is being issued does nothing: a
 * visitor who taps twice must not walk away with two numbers.
 */
export class KioskFlow {
	phase = $state<KioskPhase>({ name: 'start' });
	/** Fresh service list from the last refresh; null until the first one (the page's load data stands in). */
	services = $state<KioskService[] | null>(null);
	online = $state(true);
	authorised = $state<'unknown' | 'yes' | 'no'>('unknown');
	token: string | null = null;
	readonly unit: string;
	readonly #hasPriorities: () => boolean;
	#issuing = false;

	constructor(unit: string, hasPriorities: () => boolean) {
		this.unit = unit;
		this.#hasPriorities = hasPriorities;
	}

	/** Reads the device token (a `?token=` on first load wins and is kept) and asks the server who this kiosk is. */
	async authenticate(urlToken: string | null): Promise<void> {
		const key = kioskTokenKey(this.unit);
		if (urlToken) localStorage.setItem(key, urlToken);
		this.token = localStorage.getItem(key);
		try {
			const res = await fetch('/api/v1/me', { headers: this.headers() });
			if (res.status === 401) return void this.setAuthorised(false);
			if (!res.ok) return;
			const me = (await res.json()) as { kind: string; tokenKind?: string; unit?: string | null };
			// A device token must be a kiosk token of this unit; staff sessions are checked by the server on issue.
			if (me.kind === 'token') this.setAuthorised(me.tokenKind === 'kiosk' && me.unit === this.unit);
			else this.setAuthorised(me.kind === 'user');
		} catch {
			// Unreachable server: the issue attempt will say so.
		}
	}

	private setAuthorised(ok: boolean) {
		this.authorised = ok ? 'yes' : 'no';
		if (!ok) this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
		else if (this.phase.name === 'error' && this.phase.kind === 'unauthorized') this.phase = { name: 'start' };
	}

	private headers(): Record<string, string> {
		return this.token ? { authorization: `Bearer ${this.token}` } : {};
	}

	choose(service: KioskService): void {
		if (this.phase.name !== 'start' || this.#issuing) return;
		if (service.allowsPriority && this.#hasPriorities()) this.phase = { name: 'priority', service };
		else void this.issue(service, null);
	}

	async issue(service: KioskService, priority: KioskPriority | null): Promise<void> {
		if (this.#issuing) return;
		this.#issuing = true;
		this.phase = { name: 'issuing', service, priority };
		try {
			let res: Response;
			try {
				res = await fetch(`/api/v1/units/${encodeURIComponent(this.unit)}/tickets`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...this.headers() },
					body: JSON.stringify({ service: service.code, ...(priority ? { priority: priority.code } : {}) })
				});
			} catch {
				this.online = false;
				this.phase = { name: 'error', kind: 'network', opensAt: null, retry: { service, priority } };
				return;
			}
			this.online = true;
			if (res.status === 201) {
				const ticket = (await res.json()) as KioskTicket;
				const qrSvg = await QRCode.toString(ticket.trackUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
				this.phase = { name: 'ticket', ticket, qrSvg };
				return;
			}
			const body = (await res.json().catch(() => ({}))) as ApiError;
			const code = body.error?.code;
			if (code === 'unit_closed') {
				this.phase = { name: 'error', kind: 'closed', opensAt: body.error?.fields?.opensAt ?? null, retry: null };
			} else if (res.status === 401 || res.status === 403) {
				this.authorised = 'no';
				this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			} else if (res.status >= 500) {
				this.phase = { name: 'error', kind: 'network', opensAt: null, retry: { service, priority } };
			} else {
				this.phase = { name: 'error', kind: 'generic', opensAt: null, retry: null };
			}
		} finally {
			this.#issuing = false;
		}
	}

	/**
	 * Asks for the ticket on screen to be printed again (`POST /tickets/{id}/reprint` with this
	 * device's token). The server keeps the limits: the kiosk's last ticket only, a few minutes,
	 * at most a couple of copies.
	 */
	async reprint(ticket: KioskTicket): Promise<KioskReprintResult> {
		let res: Response;
		try {
			res = await fetch(`/api/v1/tickets/${encodeURIComponent(ticket.id)}/reprint`, { method: 'POST', headers: this.headers() });
		} catch {
			return { ok: false, reason: 'network' };
		}
		if (res.status === 202) {
			const body = (await res.json()) as KioskPrint & { reprintsLeft: number };
			return { ok: true, print: { status: body.status, printerName: body.printerName, printerOnline: body.printerOnline }, reprintsLeft: body.reprintsLeft };
		}
		const body = (await res.json().catch(() => ({}))) as ApiError;
		if (res.status === 409 && body.error?.fields?.reprints === 'limit_reached') return { ok: false, reason: 'limit' };
		// 403 (no longer this kiosk's last ticket, or too late) and 409 (already called) mean the same to the visitor.
		if (res.status === 403 || res.status === 409) return { ok: false, reason: 'expired' };
		if (res.status >= 500) return { ok: false, reason: 'network' };
		return { ok: false, reason: 'generic' };
	}

	/** "Tenho agendamento": the code or CPF field. */
	startCheckIn(): void {
		if (this.phase.name !== 'start' || this.#issuing) return;
		this.phase = { name: 'checkin', problem: null, busy: false };
	}

	/** Checks an appointment in by code (typed or scanned) or CPF: a ticket, or why not. */
	async checkIn(typed: string): Promise<void> {
		if (this.phase.name !== 'checkin' || this.#issuing || !typed.trim()) return;
		this.#issuing = true;
		this.phase = { name: 'checkin', problem: null, busy: true };
		const fail = (problem: CheckInProblem) => (this.phase = { name: 'checkin', problem, busy: false });
		try {
			let res: Response;
			try {
				res = await fetch(`/api/v1/units/${encodeURIComponent(this.unit)}/check-in`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...this.headers() },
					body: JSON.stringify({ appointment: typed.trim() })
				});
			} catch {
				this.online = false;
				return void fail({ kind: 'network' });
			}
			this.online = true;
			if (res.status === 201) {
				const ticket = (await res.json()) as KioskTicket;
				const qrSvg = await QRCode.toString(ticket.trackUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
				this.phase = { name: 'ticket', ticket, qrSvg };
				return;
			}
			const body = (await res.json().catch(() => ({}))) as ApiError;
			const code = body.error?.code;
			if (code === 'unit_closed') this.phase = { name: 'error', kind: 'closed', opensAt: body.error?.fields?.opensAt ?? null, retry: null };
			else if (res.status === 401 || res.status === 403) {
				this.authorised = 'no';
				this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			} else if (code === 'check_in_too_early') fail({ kind: 'too_early', time: body.error?.fields?.comeBackTime ?? '' });
			else if (code === 'check_in_too_late') fail({ kind: 'too_late' });
			else if (code === 'appointment_not_active') fail({ kind: 'not_active' });
			else if (code === 'appointment_not_found') fail({ kind: body.error?.fields?.appointment === 'other_unit' ? 'other_unit' : 'not_found' });
			else if (code === 'invalid_input') fail({ kind: 'invalid' });
			else fail({ kind: 'network' });
		} finally {
			this.#issuing = false;
		}
	}

	retry(): void {
		if (this.phase.name === 'error' && this.phase.retry) void this.issue(this.phase.retry.service, this.phase.retry.priority);
		else this.restart();
	}

	/** Back to the first screen, unless the kiosk cannot issue at all. */
	restart(): void {
		if (this.#issuing) return;
		if (this.authorised === 'no') {
			this.phase = { name: 'error', kind: 'unauthorized', opensAt: null, retry: null };
			return;
		}
		this.phase = { name: 'start' };
		void this.refresh();
	}

	/** The unit is closed until `opensAt` (from the page load or a refused issue). */
	closedUntil(opensAt: string | null): void {
		this.phase = { name: 'error', kind: 'closed', opensAt, retry: null };
	}

	/** Fetches fresh queue lengths and estimates; also how the kiosk notices the server is back. */
	async refresh(): Promise<void> {
		try {
			const res = await fetch(`/api/v1/units/${encodeURIComponent(this.unit)}/services`);
			if (!res.ok) throw new Error(String(res.status));
			this.services = (await res.json()) as KioskService[];
			this.online = true;
		} catch {
			this.online = false;
		}
	}
}
