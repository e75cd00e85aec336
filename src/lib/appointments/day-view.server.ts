import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import { maskCpf } from '$lib/citizens/cpf';
import { auditPersonalReads } from '$lib/audit/audit.server';
import type { Deps } from '$lib/server/deps';
import type { AppointmentStatus } from '$lib/server/db/schema';
import { isSaneDate } from '$lib/units/holidays';
import { activeUnits, unitsWithSlugs } from '$lib/units/store.server';
import { appointmentsOfUnitBetween, capacitiesOfUnit, statusCountsBetween } from './store.server';
import type { StoredCapacityException, StoredCapacityTemplate } from './capacity';
import { localRange, staffDaySlots } from './capacity.server';
import { localIso } from './slots';
import { localDateOf } from '$lib/units/hours';

export interface DayAppointment {
	code: string;
	start: string;
	status: AppointmentStatus;
	citizenName: string | null;
	cpf: string | null;
	/** Who booked, as stored (`anonymous` for the citizen online); screens say it through actorText. */
	bookedBy: string;
	bookedByName: string | null;
}

export interface DayService {
	code: string;
	name: string;
	/** The stored template and exceptions, as the editor shows them. */
	capacity: { template: StoredCapacityTemplate; exceptions: readonly StoredCapacityException[] };
	slots: { start: string; end: string; places: number; booked: number; free: number }[];
	appointments: DayAppointment[];
	counts: Record<AppointmentStatus, number>;
}

/**
 * The managers' day view of a unit: per bookable service, the day's slots (places, booked, free)
 * and appointments with their status (booked, checked in, no-show, cancelled), CPF masked. The
 * citizens' names are personal data read by whoever opens the day (its managers and admins, the
 * only readers `unit:manage` lets in): each appointment shown with a name is audited
 * (`appointment.read`, via the screen), so the LGPD report of a CPF lists who saw it on a day list.
 */
export async function appointmentDay(deps: Deps, actor: Actor, unitSlug: string | null, date: string | null, context: { via: string }) {
	const user = requireUser(actor);
	const all = await activeUnits(deps.db);
	const mine = all.filter((u) => user.role === 'admin' || user.unitIds.includes(u.id));
	const unit = unitSlug ? mine.find((u) => u.slug === unitSlug) : mine[0];
	if (!unit) {
		if (unitSlug && all.some((u) => u.slug === unitSlug)) throw new VezError('forbidden', 'You are not allowed to do this here.');
		throw new VezError(unitSlug ? 'unit_not_found' : 'forbidden', unitSlug ? `Unit ${unitSlug} does not exist.` : 'You manage no unit.');
	}
	authorize(actor, 'unit:manage', { unitId: unit.id });
	const day = date && isSaneDate(date) ? date : localDateOf(deps.now(), unit.timezone);
	const range = localRange(day, day, unit.timezone);
	const capacities = await capacitiesOfUnit(deps.db, unit.id);
	const rows = await appointmentsOfUnitBetween(deps.db, unit.id, range.from, range.to);
	const iso = (d: Date) => localIso(d, unit.timezone);
	const shown = rows.filter((r) => capacities.some((c) => c.serviceId === r.serviceId) && (r.citizenName !== null || r.citizenCpf !== null));
	await auditPersonalReads(
		deps.db,
		actor,
		shown.map((r) => ({ entity: 'appointment', entityId: r.code, cpf: r.citizenCpf, via: context.via, details: { unit: unit.slug, date: day } }))
	);
	const services: DayService[] = [];
	for (const c of capacities) {
		const slots = await staffDaySlots(deps, unit, c.serviceId, { template: c.template, exceptions: c.exceptions }, day);
		const mineRows = rows.filter((r) => r.serviceId === c.serviceId);
		const counts: Record<AppointmentStatus, number> = { booked: 0, checked_in: 0, no_show: 0, cancelled: 0 };
		for (const r of mineRows) counts[r.status]++;
		services.push({
			code: c.code,
			name: c.name,
			capacity: { template: c.template, exceptions: c.exceptions },
			slots: slots.map((s) => ({ start: iso(s.start), end: iso(s.end), places: s.places, booked: s.booked, free: s.free })),
			appointments: mineRows.map((r) => ({
				code: r.code,
				start: iso(r.startAt),
				status: r.status,
				citizenName: r.citizenName,
				cpf: r.citizenCpf === null ? null : maskCpf(r.citizenCpf),
				bookedBy: r.bookedBy,
				bookedByName: r.bookedByName
			})),
			counts
		});
	}
	return {
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
		units: mine.map((u) => ({ slug: u.slug, name: u.name })),
		date: day,
		services
	};
}

/** Today's appointments per unit slug by status, for the managers' live view (each unit's own local day). */
export async function todayAppointmentCounts(deps: Deps, slugs: readonly string[]): Promise<Record<string, Record<AppointmentStatus, number>>> {
	if (slugs.length === 0) return {};
	const units = await unitsWithSlugs(deps.db, slugs);
	const out: Record<string, Record<AppointmentStatus, number>> = {};
	const now = deps.now();
	for (const unit of units) {
		const today = localDateOf(now, unit.timezone);
		const range = localRange(today, today, unit.timezone);
		out[unit.slug] = await statusCountsBetween(deps.db, unit.id, range.from, range.to);
	}
	return out;
}
