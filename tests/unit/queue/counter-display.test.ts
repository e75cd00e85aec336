import { describe, expect, it } from 'vitest';
import { applyCall, displayPath, displayScreen, type CounterDisplayView } from '../../../src/lib/queue/counter-display';
import type { CallPayload } from '../../../src/lib/queue/events';

const view = (status: CounterDisplayView['counter']['status'], ticket: CounterDisplayView['ticket'] = null): CounterDisplayView => ({
	counter: { id: 'c3', number: 3, name: 'Guichê 3', status },
	unit: { slug: 'centro', name: 'Pró-Cidadão Centro' },
	ticket
});
const call = (over: Partial<CallPayload> = {}): CallPayload => ({
	number: 'A012',
	counter: 3,
	counterName: 'Guichê 3',
	service: 'IPTU',
	calledAt: '2026-03-10T13:00:00.000Z',
	recall: false,
	...over
});

describe('counter display', () => {
	it('says closed, paused or free when nobody is at the desk, calling or serving when someone is', () => {
		expect(displayScreen(view('closed'))).toBe('closed');
		expect(displayScreen(view('paused'))).toBe('paused');
		expect(displayScreen(view('open'))).toBe('idle');
		const at = '2026-03-10T13:00:00.000Z';
		expect(displayScreen(view('open', { number: 'A1', service: 'IPTU', status: 'called', calledAt: at, recall: false }))).toBe('calling');
		expect(displayScreen(view('open', { number: 'A1', service: 'IPTU', status: 'serving', calledAt: at, recall: false }))).toBe('serving');
		// Paused while still serving the last visitor: the number stays up.
		expect(displayScreen(view('paused', { number: 'A1', service: 'IPTU', status: 'serving', calledAt: at, recall: false }))).toBe('serving');
	});

	it("puts a call for this counter on screen at once and ignores other counters' calls", () => {
		const called = applyCall(view('open'), call());
		expect(called.ticket).toEqual({ number: 'A012', service: 'IPTU', status: 'called', calledAt: '2026-03-10T13:00:00.000Z', recall: false });
		expect(displayScreen(called)).toBe('calling');
		expect(applyCall(view('open'), call({ counter: 4 }))).toEqual(view('open'));
	});

	it('shows a recall as a call again, and never lets a late, older call replace a newer number', () => {
		const first = applyCall(view('open'), call());
		expect(applyCall(first, call({ recall: true, calledAt: '2026-03-10T13:02:00.000Z' })).ticket).toMatchObject({ number: 'A012', recall: true });
		const newer = applyCall(first, call({ number: 'A013', calledAt: '2026-03-10T13:05:00.000Z' }));
		expect(applyCall(newer, call({ number: 'A011', calledAt: '2026-03-10T12:55:00.000Z' }))).toEqual(newer);
	});

	it('lives at /display/{counter id}', () => {
		expect(displayPath('2b1f0c5e-1d5a-4c1e-9a4e-0f3d2c1b0a99')).toBe('/display/2b1f0c5e-1d5a-4c1e-9a4e-0f3d2c1b0a99');
	});
});
