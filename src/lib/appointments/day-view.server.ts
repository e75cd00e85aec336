import { sql } from 'kysely';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import { maskCpf } from '$lib/citizens/cpf';
import { auditPersonalReads } from '$lib/audit/audit.server';
import type { Deps } from '$lib/server/deps';
import type { AppointmentStatus } from '$lib/server/db/schema';
import { isSaneDate } from '$lib/units/holidays';
import { activeUnits } from '$lib/units/store.server';
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
	const capacities = await deps.db
		.selectFrom('appointment_capacity')
		.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
		.select(['services.id', 'services.code', 'services.name', 'appointment_capacity.template', 'appointment_capacity.exceptions'])
		.where('appointment_capacity.unit_id', '=', unit.id)
		.orderBy('services.name')
		.execute();
	const rows = await deps.db
		.selectFrom('appointments')
		.leftJoin('users as by', (join) => join.on(sql<boolean>`appointments.booked_by = 'user:' || by.username`))
		.select(['code', 'service_id', 'start_at', 'status', 'citizen_name', 'citizen_cpf', 'booked_by', 'by.name as booked_by_name'])
		.where('unit_id', '=', unit.id)
		.where('start_at', '>=', range.from)
		.where('start_at', '<', range.to)
		.orderBy('start_at')
		.execute();
	const iso = (d: Date) => localIso(d, unit.timezone);
	const shown = rows.filter((r) => capacities.some((c) => c.id === r.service_id) && (r.citizen_name !== null || r.citizen_cpf !== null));
	await auditPersonalReads(
		deps.db,
		actor,
		shown.map((r) => ({ entity: 'appointment', entityId: r.code, cpf: r.citizen_cpf, via: context.via, details: { unit: unit.slug, date: day } }))
	);
	const services: DayService[] = [];
	for (const c of capacities) {
		const slots = await staffDaySlots(deps, unit, c.id, { template: c.template, exceptions: c.exceptions }, day);
		const mineRows = rows.filter((r) => r.service_id === c.id);
		const counts: Record<AppointmentStatus, number> = { booked: 0, checked_in: 0, no_show: 0, cancelled: 0 };
		for (const r of mineRows) counts[r.status]++;
		services.push({
			code: c.code,
			name: c.name,
			capacity: { template: c.template, exceptions: c.exceptions },
			slots: slots.map((s) => ({ start: iso(s.start), end: iso(s.end), places: s.places, booked: s.booked, free: s.free })),
			appointments: mineRows.map((r) => ({
				code: r.code,
				start: iso(r.start_at),
				status: r.status,
				citizenName: r.citizen_name,
				cpf: r.citizen_cpf === null ? null : maskCpf(r.citizen_cpf),
				bookedBy: r.booked_by,
				bookedByName: r.booked_by_name
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
	const units = await deps.db.selectFrom('units').select(['id', 'slug', 'timezone']).where('slug', 'in', [...slugs]).execute();
	const out: Record<string, Record<AppointmentStatus, number>> = {};
	const now = deps.now();
	for (const unit of units) {
		const today = localDateOf(now, unit.timezone);
		const range = localRange(today, today, unit.timezone);
		const rows = await deps.db
			.selectFrom('appointments')
			.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
			.where('unit_id', '=', unit.id)
			.where('start_at', '>=', range.from)
			.where('start_at', '<', range.to)
			.groupBy('status')
			.execute();
		const counts: Record<AppointmentStatus, number> = { booked: 0, checked_in: 0, no_show: 0, cancelled: 0 };
		for (const r of rows) counts[r.status] = Number(r.n);
		out[unit.slug] = counts;
	}
	return out;
}
