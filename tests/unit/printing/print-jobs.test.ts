import { describe, expect, it } from 'vitest';
import { afterFailure } from '$lib/jobs/retry';
import {
	KIOSK_REPRINT_MINUTES,
	kioskMayReprint,
	MAX_ATTEMPTS,
	MAX_REPRINTS,
	mayRetryPrint,
	PRINT_RETRY,
	printerOnline,
	reprintAllowance,
	RETRY_DELAYS_SECONDS,
	statusAfterSend,
	statusFromQuery,
	type StoredPrinterStatus
} from '$lib/printing/print-jobs';

const now = new Date('2026-03-10T13:00:00Z');
const secondsAfter = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

/** The print schedule has no jitter: whatever the random draw, the waits are the same. */
const afterFailedAttempt = (attempts: number, at: Date) => afterFailure(PRINT_RETRY, attempts, at, 0.93);

describe('print back-off', () => {
	it('waits longer after each failure: 5 s, 15 s, 45 s, 135 s', () => {
		expect(RETRY_DELAYS_SECONDS).toEqual([5, 15, 45, 135]);
		const waits = [1, 2, 3, 4].map((attempts) => {
			const next = afterFailedAttempt(attempts, now);
			if (next.status !== 'queued') throw new Error(`attempt ${attempts} gave up`);
			return (next.nextAttemptAt.getTime() - now.getTime()) / 1000;
		});
		expect(waits).toEqual([5, 15, 45, 135]);
	});

	it('gives up once the last attempt failed, about three and a half minutes after the first', () => {
		expect(MAX_ATTEMPTS).toBe(5);
		expect(afterFailedAttempt(MAX_ATTEMPTS, now)).toEqual({ status: 'failed' });
		expect(afterFailedAttempt(MAX_ATTEMPTS + 3, now)).toEqual({ status: 'failed' });
		expect(RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0)).toBe(200);
	});

	it('treats a job that was never counted as a first failure', () => {
		expect(afterFailedAttempt(0, now)).toEqual({ status: 'queued', nextAttemptAt: secondsAfter(now, 5) });
	});
});

describe('mayRetryPrint', () => {
	it('lets a failed ticket print again while its visit is on', () => {
		for (const status of ['waiting', 'called', 'serving']) expect(mayRetryPrint('ticket', status)).toBe(true);
	});

	it('refuses the paper of a visit that is over, or of a ticket that is gone', () => {
		for (const status of ['done', 'no_show', 'cancelled', 'transferred', 'expired']) expect(mayRetryPrint('ticket', status)).toBe(false);
		expect(mayRetryPrint('ticket', null)).toBe(false);
	});

	it('always lets a receipt or a test page print again', () => {
		expect(mayRetryPrint('receipt', null)).toBe(true);
		expect(mayRetryPrint('test', null)).toBe(true);
	});
});

describe('reprintAllowance', () => {
	it('allows MAX_REPRINTS copies, counting down what is left', () => {
		expect(MAX_REPRINTS).toBe(2);
		expect(reprintAllowance(0)).toEqual({ ok: true, reprintsLeft: 1 });
		expect(reprintAllowance(1)).toEqual({ ok: true, reprintsLeft: 0 });
	});

	it('refuses a copy past the limit', () => {
		expect(reprintAllowance(2)).toEqual({ ok: false, code: 'limit_reached' });
		expect(reprintAllowance(7)).toEqual({ ok: false, code: 'limit_reached' });
	});
});

describe('kioskMayReprint', () => {
	const last = { ticketId: 't-1', printedAt: now };

	it('lets a kiosk reprint the ticket it printed last, for a few minutes', () => {
		expect(kioskMayReprint(last, 't-1', secondsAfter(now, 30))).toBe(true);
		expect(kioskMayReprint(last, 't-1', secondsAfter(now, KIOSK_REPRINT_MINUTES * 60))).toBe(true);
	});

	it('refuses once the visitor has had time to walk away', () => {
		expect(kioskMayReprint(last, 't-1', secondsAfter(now, KIOSK_REPRINT_MINUTES * 60 + 1))).toBe(false);
	});

	it("refuses an earlier ticket, someone else's, or any ticket of a kiosk that printed none", () => {
		expect(kioskMayReprint(last, 't-0', now)).toBe(false);
		expect(kioskMayReprint(null, 't-1', now)).toBe(false);
		expect(kioskMayReprint(undefined, 't-1', now)).toBe(false);
	});
});

describe('printer status', () => {
	const refused = { reason: 'refused' as const, error: 'printer 10.0.0.50:9100 unavailable (refused)' };
	const queried = (over: Partial<StoredPrinterStatus>): StoredPrinterStatus => ({ health: 'ok', source: 'query', reason: null, answers: true, error: null, ...over });

	it('marks a printer unreachable when a send fails, keeping what it knew about status answers', () => {
		expect(statusAfterSend(queried({ answers: true }), refused)).toEqual({ health: 'unreachable', source: 'send', reason: 'refused', answers: true, error: refused.error });
		expect(statusAfterSend(null, refused)).toMatchObject({ health: 'unreachable', answers: null });
	});

	it('clears unreachable after a send that went through', () => {
		const down = statusAfterSend(null, refused);
		expect(statusAfterSend(down, null)).toEqual({ health: 'ok', source: 'send', reason: null, answers: null, error: null });
	});

	it('keeps paper out and offline from a status query: a socket taking bytes does not prove paper', () => {
		const paperOut = queried({ health: 'paper_out' });
		expect(statusAfterSend(paperOut, null)).toBe(paperOut);
		const offline = queried({ health: 'offline' });
		expect(statusAfterSend(offline, null)).toBe(offline);
	});

	it('reads a status query worst first: paper out, then offline, then paper near its end', () => {
		const answered = { reachable: true as const, answered: true as const, raw: [0x12, 0x12] };
		expect(statusFromQuery({ ...answered, online: false, paperOut: true, paperNearEnd: true }).health).toBe('paper_out');
		expect(statusFromQuery({ ...answered, online: false, paperOut: false, paperNearEnd: true }).health).toBe('offline');
		expect(statusFromQuery({ ...answered, online: true, paperOut: false, paperNearEnd: true }).health).toBe('paper_near_end');
		expect(statusFromQuery({ ...answered, online: true, paperOut: null, paperNearEnd: null })).toEqual({ health: 'ok', source: 'query', reason: null, answers: true, error: null });
	});

	it('counts a printer that takes the connection but never answers DLE EOT as ok, and notes it', () => {
		expect(statusFromQuery({ reachable: true, answered: false })).toEqual({ health: 'ok', source: 'query', reason: null, answers: false, error: null });
	});

	it('reports an unreachable printer with the reason', () => {
		expect(statusFromQuery({ reachable: false, answered: false, reason: 'timeout' })).toMatchObject({ health: 'unreachable', reason: 'timeout', answers: null });
	});

	it('says a printer can print when ok or only near the end of its roll; unknown when never heard from', () => {
		expect(printerOnline(null)).toBeNull();
		expect(printerOnline(queried({ health: 'ok' }))).toBe(true);
		expect(printerOnline(queried({ health: 'paper_near_end' }))).toBe(true);
		expect(printerOnline(queried({ health: 'paper_out' }))).toBe(false);
		expect(printerOnline(queried({ health: 'offline' }))).toBe(false);
		expect(printerOnline(statusAfterSend(null, refused))).toBe(false);
	});
});
