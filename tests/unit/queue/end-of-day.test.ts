import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closingCutoff, expiryCutoff, ticketsToExpire, type OpeningHours } from '$lib/queue/end-of-day';
import { localDay } from '$lib/queue/numbering';
import type { TicketStatus } from '$lib/queue/ticket';

const SP = 'America/Sao_Paulo';
// 2026-03-02 is a Monday; São Paulo is UTC−3 all year.
const HOURS: OpeningHours = {
	mon: [
		['08:00', '12:00'],
		['13:00', '17:00']
	],
	sat: [['08:00', '12:00']]
};
const utc = (iso: string) => new Date(iso);

describe('closingCutoff', () => {
	it("is today's last closing time in the unit's zone", () => {
		expect(closingCutoff(HOURS, null, SP, utc('2026-03-02T13:00:00Z'))).toEqual(utc('2026-03-02T20:00:00Z'));
	});

	it('takes the configured end-of-day hour over the opening hours', () => {
		expect(closingCutoff(HOURS, '18:30', SP, utc('2026-03-02T13:00:00Z'))).toEqual(utc('2026-03-02T21:30:00Z'));
	});

	it('is null on a day the unit does not open', () => {
		expect(closingCutoff(HOURS, null, SP, utc('2026-03-01T15:00:00Z'))).toBeNull();
	});

	it('uses the local day, not the UTC one, late in the evening', () => {
		// 22:30 on Saturday in São Paulo is already Sunday in UTC.
		expect(closingCutoff(HOURS, null, SP, utc('2026-03-08T01:30:00Z'))).toEqual(utc('2026-03-07T15:00:00Z'));
	});

	it('works in other zones', () => {
		const hours: OpeningHours = { tue: [['09:00', '18:00']] };
		expect(closingCutoff(hours, null, 'Asia/Tokyo', utc('2026-03-02T16:00:00Z'))).toEqual(utc('2026-03-03T09:00:00Z'));
	});

	it('keeps the wall-clock hour on the day a zone moves its clock', () => {
		// New York switches to daylight time on 2026-03-08: 17:00 EDT is 21:00 UTC.
		const hours: OpeningHours = { sun: [['09:00', '17:00']] };
		expect(closingCutoff(hours, null, 'America/New_York', utc('2026-03-08T15:00:00Z'))).toEqual(utc('2026-03-08T21:00:00Z'));
	});

	it('reads 24:00 as the end of the day and ignores malformed hours', () => {
		expect(closingCutoff({}, '24:00', SP, utc('2026-03-02T13:00:00Z'))).toEqual(utc('2026-03-03T03:00:00Z'));
		const messy: OpeningHours = { mon: [['8h', '17h'], ['14:00', '10:00'], ['09:00', '16:00']] };
		expect(closingCutoff(messy, 'soon', SP, utc('2026-03-02T13:00:00Z'))).toEqual(utc('2026-03-02T19:00:00Z'));
	});
});

describe('expiryCutoff', () => {
	it("is today's closing time once it has passed", () => {
		expect(expiryCutoff(HOURS, null, SP, utc('2026-03-02T20:30:00Z'))).toEqual(utc('2026-03-02T20:00:00Z'));
	});

	it('is the start of the local day while the unit is still open', () => {
		expect(expiryCutoff(HOURS, null, SP, utc('2026-03-02T13:00:00Z'))).toEqual(utc('2026-03-02T03:00:00Z'));
	});

	it('is the start of the local day on a closed day', () => {
		expect(expiryCutoff(HOURS, null, SP, utc('2026-03-01T15:00:00Z'))).toEqual(utc('2026-03-01T03:00:00Z'));
	});

	it('is never in the future and always on the current local day', () => {
		fc.assert(
			fc.property(
				fc.date({ min: utc('2026-01-01T00:00:00Z'), max: utc('2027-01-01T00:00:00Z'), noInvalidDate: true }),
				fc.constantFrom(SP, 'America/Noronha', 'Asia/Tokyo', 'America/New_York'),
				fc.option(fc.constantFrom('17:00', '00:00', '23:59', '24:00')),
				(now, zone, endOfDay) => {
					const cutoff = expiryCutoff(HOURS, endOfDay, zone, now);
					expect(cutoff.getTime()).toBeLessThanOrEqual(now.getTime());
					expect(localDay(cutoff, zone)).toBe(localDay(now, zone));
				}
			)
		);
	});
});

describe('ticketsToExpire', () => {
	const t = (id: string, status: TicketStatus, enqueuedAt: string) => ({ id, status, enqueuedAt: utc(enqueuedAt) });
	const tickets = [
		t('waiting-morning', 'waiting', '2026-03-02T12:00:00Z'),
		t('called', 'called', '2026-03-02T12:00:00Z'),
		t('done', 'done', '2026-03-02T12:00:00Z'),
		t('waiting-after-close', 'waiting', '2026-03-02T20:10:00Z'),
		t('waiting-yesterday', 'waiting', '2026-03-01T19:00:00Z')
	];

	it('expires the tickets still waiting at closing time', () => {
		const now = utc('2026-03-02T20:30:00Z');
		const expired = ticketsToExpire(tickets, expiryCutoff(HOURS, null, SP, now), now).map((x) => x.id);
		expect(expired).toEqual(['waiting-morning', 'waiting-yesterday']);
	});

	it("expires only earlier days' leftovers while the unit is open", () => {
		const now = utc('2026-03-02T13:00:00Z');
		const expired = ticketsToExpire(tickets, expiryCutoff(HOURS, null, SP, now), now).map((x) => x.id);
		expect(expired).toEqual(['waiting-yesterday']);
	});

	it('expires nothing for a cutoff still in the future', () => {
		expect(ticketsToExpire(tickets, utc('2026-03-02T20:00:00Z'), utc('2026-03-02T19:00:00Z'))).toEqual([]);
	});
});
