import { z } from 'zod';
import { isoTime } from '$lib/api/wire';

/** `GET /units/{unit}/services/{code}/slots`: a bookable slot, local time with the unit's offset. */
export const PublicSlot = z.object({ start: isoTime, end: isoTime, free: z.number().int().min(0) });
export type PublicSlot = z.infer<typeof PublicSlot>;

/** `POST /appointments`: the booking, its code and where to manage it. */
export const BookedAppointment = z.object({
	code: z.string(),
	start: isoTime,
	end: isoTime,
	manageUrl: z.url().meta({ description: 'Carries the manage token: cancel and reschedule there' }),
	icsUrl: z.url()
});
export type BookedAppointment = z.infer<typeof BookedAppointment>;

/** `POST /appointments/{code}/cancel`. */
export const CancelledAppointment = z.object({ code: z.string(), status: z.literal('cancelled') });
export type CancelledAppointment = z.infer<typeof CancelledAppointment>;

/** `POST /appointments/{code}/reschedule`: the new time. */
export const RescheduledAppointment = z.object({ code: z.string(), start: isoTime, end: isoTime });
export type RescheduledAppointment = z.infer<typeof RescheduledAppointment>;
