import type { Deps } from '$lib/server/deps';
import { searchServices, serviceEntry } from '$lib/catalogue/catalogue-views.server';
import type { ServiceSummary } from '$lib/catalogue/views';
import { activeUnits, offeredService, unitBySlug } from '$lib/units/store.server';
import type { IsoDate } from '$lib/units/holidays';
import { firstFreeDay, freeDays, slotsOfDate } from './capacity.server';
import { appointmentOfManageLink, appointmentView } from './book.server';
import { DEFAULT_EARLY_MINUTES } from './check-in';
import { bookableServiceCodes, unitsBookingServiceCode } from './store.server';
import { offeredChannels } from '$lib/notify/providers.server';
import { DEFAULT_REMINDER_MINUTES, REMINDER_CHANNELS } from './reminders';

/** Catalogue services some unit takes appointments for, searched like the catalogue. */
export async function bookableServices(deps: Deps, q: string): Promise<ServiceSummary[]> {
	const [services, bookable] = await Promise.all([searchServices(deps, { q }), bookableServiceCodes(deps.db)]);
	return services.filter((s) => bookable.has(s.code));
}

export interface BookableUnit {
	slug: string;
	name: string;
	address: string;
	region: string;
	nextFreeDay: IsoDate | null;
}

/** Units taking appointments for a service, by region then name, each with its first day with a free slot. */
export async function bookableUnits(deps: Deps, serviceCode: string): Promise<BookableUnit[]> {
	const rows = await unitsBookingServiceCode(deps.db, serviceCode);
	const units = (await activeUnits(deps.db)).filter((u) => rows.some((r) => r.unitId === u.id));
	const out: BookableUnit[] = [];
	for (const u of units) {
		const serviceId = rows.find((r) => r.unitId === u.id)!.serviceId;
		out.push({ slug: u.slug, name: u.name, address: u.address, region: u.region, nextFreeDay: await firstFreeDay(deps, u, serviceId) });
	}
	return out.sort((a, b) => a.region.localeCompare(b.region, 'pt-BR') || a.name.localeCompare(b.name, 'pt-BR'));
}

/** What the booking wizard has chosen so far, one query parameter per step. */
export interface BookingChoices {
	q: string;
	service: string | null;
	unit: string | null;
	date: string | null;
	start: string | null;
}

/**
 * The booking wizard's next step, so it works without JavaScript: service → unit → day → slot →
 * the identification form. An unknown service or unit, or a unit that does not offer the service,
 * is a 404 like any other missing record.
 */
export async function bookingStep(deps: Deps, chosen: BookingChoices) {
	const q = chosen.q.slice(0, 200);
	if (!chosen.service) return { step: 'service' as const, q, services: await bookableServices(deps, q) };
	const service = await serviceEntry(deps, chosen.service);
	const chosenService = { code: service.code, name: service.name };
	if (!chosen.unit) return { step: 'unit' as const, service: chosenService, units: await bookableUnits(deps, service.code) };
	const unit = await unitBySlug(deps.db, chosen.unit);
	const offered = await offeredService(deps.db, unit.id, service.code);
	const chosenUnit = { slug: unit.slug, name: unit.name, address: unit.address, timezone: unit.timezone };
	const date = chosen.date;
	if (!date) return { step: 'day' as const, service: chosenService, unit: chosenUnit, days: await freeDays(deps, unit, offered.id) };
	const start = chosen.start;
	if (!start) return { step: 'slot' as const, service: chosenService, unit: chosenUnit, date, slots: (await slotsOfDate(deps, unit.slug, service.code, date)).filter((s) => s.free > 0) };
	const reminderMinutes = unit.settings.appointments?.reminderMinutes ?? DEFAULT_REMINDER_MINUTES;
	// Reminders are offered on the phone channels a provider carries, where the unit sends any.
	const reminderChannels = reminderMinutes.length ? REMINDER_CHANNELS.filter((c) => offeredChannels(deps.config.providers).includes(c)) : [];
	return { step: 'you' as const, service: chosenService, unit: chosenUnit, date, start, reminders: { channels: reminderChannels, minutes: reminderMinutes } };
}

/**
 * The manage link's page: the appointment, from when the kiosk checks it in, and — while it is
 * booked and the visitor asked to move it — the days with a free slot or a chosen day's free slots.
 */
export async function manageLinkView(deps: Deps, token: string, address: string, asked: { reschedule: boolean; date: string | null }) {
	const a = await appointmentOfManageLink(deps, token, address);
	const unit = await unitBySlug(deps.db, a.unitSlug);
	const checkInFromMinutes = unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES;
	let reschedule = null;
	if (a.status === 'booked' && asked.reschedule) {
		reschedule = asked.date
			? { date: asked.date, slots: (await slotsOfDate(deps, a.unitSlug, a.serviceCode, asked.date)).filter((s) => s.free > 0), days: null }
			: { date: null, slots: null, days: await freeDays(deps, unit, a.serviceId) };
	}
	return { appointment: appointmentView(a), code: a.code, checkInFromMinutes, reschedule, icsUrl: `/api/v1/appointments/${a.code}.ics` };
}
