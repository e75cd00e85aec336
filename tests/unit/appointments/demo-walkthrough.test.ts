import { describe, expect, it } from 'vitest';
import { checkInDecision } from '$lib/appointments/check-in';
import { slotsForDate } from '$lib/appointments/slots';
import { localDateOf } from '$lib/units/hours';
import { DEMO_WALKTHROUGH_CAPACITY } from '$lib/demo/city';

const ZONE = 'America/Sao_Paulo';

describe("the demo's book-then-check-in", () => {
	// Weekday office hours, a Sunday night, the last minutes of a day: the walk-through works at any of them.
	it.each(['2026-12-02T13:05:00Z', '2026-12-06T06:00:00Z', '2026-12-03T02:57:00Z', '2026-12-05T18:31:00Z'])(
		'at %s offers a slot the kiosk checks in straight away',
		(iso) => {
			const now = new Date(iso);
			const ctx = { template: DEMO_WALKTHROUGH_CAPACITY.template, exceptions: [], holidays: [], timezone: ZONE, now, booked: new Map() };
			const today = slotsForDate({ ...ctx, date: localDateOf(now, ZONE) });
			const tomorrow = slotsForDate({ ...ctx, date: localDateOf(new Date(now.getTime() + 86_400_000), ZONE) });
			const first = [...today, ...tomorrow].find((s) => s.free > 0);
			expect(first).toBeDefined();
			expect(checkInDecision({ appointmentStart: first!.start, now })).toEqual({ kind: 'on_time' });
		}
	);
});
