import { describe, expect, it } from 'vitest';
import { printSettled, ticketPaper } from '$lib/printing/print-jobs';

describe("the kiosk's paper state", () => {
	it('follows the print job: waiting, printing, printed, failed', () => {
		expect(ticketPaper({ status: 'queued', printerOnline: null })).toBe('waiting');
		expect(ticketPaper({ status: 'queued', printerOnline: true })).toBe('waiting');
		expect(ticketPaper({ status: 'printing', printerOnline: true })).toBe('printing');
		expect(ticketPaper({ status: 'printed', printerOnline: true })).toBe('printed');
		expect(ticketPaper({ status: 'failed', printerOnline: false })).toBe('failed');
	});

	it('says no paper will come when there is no printer or it is known to be off, and nothing when none was asked for', () => {
		expect(ticketPaper({ status: 'no_printer', printerOnline: null })).toBe('unavailable');
		expect(ticketPaper({ status: 'queued', printerOnline: false })).toBe('unavailable');
		expect(ticketPaper(null)).toBe('none');
	});

	it('keeps asking until the job is printed, given up or never sent', () => {
		expect(printSettled({ status: 'queued' })).toBe(false);
		expect(printSettled({ status: 'printing' })).toBe(false);
		expect(printSettled({ status: 'printed' })).toBe(true);
		expect(printSettled({ status: 'failed' })).toBe(true);
		expect(printSettled({ status: 'no_printer' })).toBe(true);
		expect(printSettled(null)).toBe(true);
	});
});
