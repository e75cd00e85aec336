import { describe, expect, it } from 'vitest';
import { interpretStatus } from '$lib/printing/printer-status';

describe('interpretStatus', () => {
	it('reads an online printer with paper', () => {
		expect(interpretStatus([0x12, 0x12])).toEqual({
			reachable: true,
			answered: true,
			online: true,
			paperOut: false,
			paperNearEnd: false,
			raw: [0x12, 0x12]
		});
	});

	it('reads offline with the roll out, and a roll near its end', () => {
		expect(interpretStatus([0x1a, 0x72])).toMatchObject({ online: false, paperOut: true, paperNearEnd: false });
		expect(interpretStatus([0x12, 0x1e])).toMatchObject({ online: true, paperOut: false, paperNearEnd: true });
	});

	it('leaves paper unknown when only the first query was answered', () => {
		expect(interpretStatus([0x12])).toMatchObject({ answered: true, paperOut: null, paperNearEnd: null });
	});

	it('ignores Automatic Status Back blocks and noise', () => {
		expect(interpretStatus([0x10, 0x00, 0x00, 0x00])).toEqual({ reachable: true, answered: false });
		expect(interpretStatus([0x14, 0x00, 0x00, 0x0f, 0x12, 0x12])).toMatchObject({ answered: true, online: true });
		expect(interpretStatus([])).toEqual({ reachable: true, answered: false });
	});
});
