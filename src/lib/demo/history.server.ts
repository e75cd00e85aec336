import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '$lib/server/db/database';
import { localDay } from '$lib/queue/numbering';
import { formatProtocolNumber } from '$lib/requests/protocol-number';
import { newAccessCode } from '$lib/requests/open-protocol.server';
import { BOOKING_CODE_BYTES, formatBookingCode } from '$lib/appointments/codes';
import { hashToken } from '$lib/appointments/book.server';
import { capacitiesOfUnit } from '$lib/appointments/store.server';
import { usersWithUnits } from '$lib/auth/store.server';
import { activeOffersOfUnit, activePriorityGroups, activeUnits, countersOfUnit } from '$lib/units/store.server';
import {
	generateAppointments,
	generateDay,
	pastDays,
	seededRandom,
	seedOf,
	type HistoryAppointment,
	type HistoryOptions,
	type HistoryPriority,
	type HistoryProtocol,
	type HistoryTicket,
	type HistoryUnit
} from './history';

/** Rows per INSERT: one statement per column array (unnest), so a batch is one round trip. */
const BATCH = 2000;

export interface HistoryPlan extends HistoryOptions {
	readonly seed: number;
	/** The local day the history ends before (today: history never touches the live day). */
	readonly today?: string;
	readonly days: number;
	/** Only these unit slugs (default: every active unit). */
	readonly units?: readonly string[];
}

/** The units as the generator sees them (through the domains' stores): counters, clerks and services by prefix. */
export async function historyUnits(db: Db, slugs?: readonly string[]): Promise<(HistoryUnit & { slug: string })[]> {
	const units = (await activeUnits(db)).filter((u) => !slugs || slugs.includes(u.slug)).sort((a, b) => a.slug.localeCompare(b.slug));
	const users = await usersWithUnits(db);
	const out: (HistoryUnit & { slug: string })[] = [];
	for (const u of units) {
		const counters = (await countersOfUnit(db, u.id)).filter((c) => c.active);
		const clerks = users.filter((p) => p.role === 'clerk' && p.units.includes(u.slug));
		const services = await activeOffersOfUnit(db, u.id);
		const capacities = await capacitiesOfUnit(db, u.id);
		out.push({
			id: u.id,
			slug: u.slug,
			timezone: u.timezone,
			openingHours: u.openingHours,
			counterIds: counters.map((c) => c.id),
			clerkIds: clerks.map((c) => c.id),
			services: services.map((s) => ({ ...s, capacity: capacities.find((c) => c.serviceId === s.id) ?? null }))
		});
	}
	return out;
}

/** The legal priority groups with plausible shares of the visitors (elderly the most). */
export async function historyPriorities(db: Db): Promise<HistoryPriority[]> {
	const groups = (await activePriorityGroups(db)).filter((g) => g.weight > 0).sort((a, b) => a.sort - b.sort);
	return groups.map((g) => ({ id: g.id, weight: g.weight, share: g.code.includes('idos') ? 0.08 : 0.12 / Math.max(1, groups.length) }));
}

/**
 * Generates and stores `days` of history before `today` for the units, day by day so memory
 * stays flat; returns how many tickets and ratings it wrote. Each unit-day has its own seed.
 */
export async function generateHistory(db: Db, plan: HistoryPlan, now: Date): Promise<{ tickets: number; ratings: number; appointments: number }> {
	const units = await historyUnits(db, plan.units);
	const priorities = plan.priorities ?? (await historyPriorities(db));
	let pending: HistoryTicket[] = [];
	let booked: HistoryAppointment[] = [];
	const totals = { tickets: 0, ratings: 0, appointments: 0 };
	const flush = async () => {
		const r = await insertHistory(db, pending, now, booked);
		totals.tickets += r.tickets;
		totals.ratings += r.ratings;
		totals.appointments += booked.length;
		pending = [];
		booked = [];
	};
	for (const unit of units) {
		const today = plan.today ?? localDay(now, unit.timezone);
		for (const day of pastDays(today, plan.days)) {
			// Appointments draw from their own stream: the walk-ins of a day stay those of its seed.
			const appointments = generateAppointments(unit, day, seededRandom(seedOf(`${plan.seed}|${unit.slug}|${day}|appointments`)));
			const rand = seededRandom(seedOf(`${plan.seed}|${unit.slug}|${day}`));
			pending.push(...generateDay(unit, day, rand, { load: plan.load, staffing: plan.staffing, priorities, appointments }));
			booked.push(...appointments);
			if (pending.length >= BATCH * 5) await flush();
		}
	}
	await flush();
	return totals;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Writes appointments (with their slots' places), then tickets (and their ratings) in batches of
 * one INSERT … SELECT FROM unnest(arrays) each. A ticket's appointment must be among `appointments`.
 */
export async function insertHistory(
	db: Db,
	tickets: readonly HistoryTicket[],
	now: Date,
	appointments: readonly HistoryAppointment[] = []
): Promise<{ tickets: number; ratings: number }> {
	if (!db.isTransaction) return db.transaction().execute((trx) => insertHistory(trx, tickets, now, appointments));
	// The past is not news: no domain events (nor webhooks) for the generated days.
	await sql`SELECT set_config('vez.events', 'off', true)`.execute(db);
	const appointmentIds = await insertAppointments(db, appointments);
	let ratings = 0;
	const organOf = new Map((await db.selectFrom('services').select(['id', 'organ_id']).execute()).map((s) => [s.id, s.organ_id]));
	for (let i = 0; i < tickets.length; i += BATCH) {
		const batch = tickets.slice(i, i + BATCH);
		const ids = batch.map(() => randomUUID());
		const col = <T>(f: (t: HistoryTicket) => T) => batch.map(f);
		await sql`INSERT INTO tickets (id, public_id, unit_id, service_id, number, day, priority_group_id, priority_weight, status, channel,
				issued_at, queued_at, called_at, started_at, finished_at, counter_id, clerk_id, recalls, transfers, outcome,
				estimated_wait_minutes, position_at_issue, appointment_id, appointment_at, issued_by)
			SELECT *, 'system:history' FROM unnest(
				${ids}::uuid[], ${batch.map(() => randomBytes(16).toString('base64url'))}::text[], ${col((t) => t.unitId)}::uuid[],
				${col((t) => t.serviceId)}::uuid[], ${col((t) => t.number)}::text[], ${col((t) => t.day)}::text[],
				${col((t) => t.priorityGroupId)}::uuid[], ${col((t) => t.priorityWeight)}::int[], ${col((t) => t.status)}::text[],
				${col((t) => t.channel)}::text[], ${col((t) => iso(t.issuedAt))}::timestamptz[], ${col((t) => iso(t.queuedAt))}::timestamptz[],
				${col((t) => iso(t.calledAt))}::timestamptz[], ${col((t) => iso(t.startedAt))}::timestamptz[], ${col((t) => iso(t.finishedAt))}::timestamptz[],
				${col((t) => t.counterId)}::uuid[], ${col((t) => t.clerkId)}::uuid[], ${col((t) => t.recalls)}::int[], ${col((t) => t.transfers)}::int[],
				${col((t) => t.outcome)}::text[], ${col((t) => t.estimatedWaitMinutes)}::int[], ${col((t) => t.positionAtIssue)}::int[],
				${col((t) => (t.appointment ? appointmentIds.get(t.appointment)! : null))}::uuid[], ${col((t) => iso(t.appointment?.start ?? null))}::timestamptz[]
			)`.execute(db);
		const rated = batch.flatMap((t, j) => (t.rating ? [{ t, id: ids[j], r: t.rating }] : []));
		if (rated.length) {
			await sql`INSERT INTO ratings (ticket_id, score, comment, unit_id, service_id, counter_id, clerk_id, channel, created_at)
				SELECT * FROM unnest(
					${rated.map((x) => x.id)}::uuid[], ${rated.map((x) => x.r.score)}::smallint[], ${rated.map((x) => x.r.comment)}::text[],
					${rated.map((x) => x.t.unitId)}::uuid[], ${rated.map((x) => x.t.serviceId)}::uuid[], ${rated.map((x) => x.t.counterId)}::uuid[],
					${rated.map((x) => x.t.clerkId)}::uuid[], ${rated.map((x) => x.r.channel)}::text[], ${rated.map((x) => iso(x.r.at))}::timestamptz[]
				)`.execute(db);
			ratings += rated.length;
		}
		await insertProtocols(
			db,
			batch.flatMap((t, j) => (t.protocol ? [{ t, ticketId: ids[j], p: t.protocol, organId: organOf.get(t.serviceId)! }] : [])),
			now
		);
	}
	return { tickets: tickets.length, ratings };
}

/**
 * Appointments with fresh codes and manage-token hashes (history's links are never sent), and the
 * places they hold in their slots (a cancelled one gave its place back). Returns their ids.
 */
async function insertAppointments(db: Db, list: readonly HistoryAppointment[]): Promise<Map<HistoryAppointment, string>> {
	const ids = new Map<HistoryAppointment, string>();
	for (let i = 0; i < list.length; i += BATCH) {
		const batch = list.slice(i, i + BATCH);
		for (const a of batch) ids.set(a, randomUUID());
		const col = <T>(f: (a: HistoryAppointment) => T) => batch.map(f);
		await sql`INSERT INTO appointments (id, code, unit_id, service_id, start_at, end_at, status, citizen_cpf, citizen_name, citizen_phone,
				manage_token_hash, created_at, checked_in_at, cancelled_at, no_show_at, booked_by)
			SELECT *, 'system:history' FROM unnest(
				${col((a) => ids.get(a)!)}::uuid[], ${col(() => formatBookingCode(randomBytes(BOOKING_CODE_BYTES)))}::text[], ${col((a) => a.unitId)}::uuid[],
				${col((a) => a.serviceId)}::uuid[], ${col((a) => iso(a.start))}::timestamptz[], ${col((a) => iso(a.end))}::timestamptz[],
				${col((a) => a.status)}::text[], ${col((a) => a.citizenCpf)}::text[], ${col((a) => a.citizenName)}::text[], ${col((a) => a.citizenPhone)}::text[],
				${col(() => hashToken(randomBytes(24).toString('base64url')))}::text[], ${col((a) => iso(a.createdAt))}::timestamptz[],
				${col((a) => iso(a.arrivedAt))}::timestamptz[], ${col((a) => iso(a.cancelledAt))}::timestamptz[], ${col((a) => iso(a.noShowAt))}::timestamptz[]
			)`.execute(db);
		const held = batch.filter((a) => a.status !== 'cancelled');
		if (!held.length) continue;
		await sql`INSERT INTO appointment_slots (unit_id, service_id, start_at, booked)
			SELECT unit_id, service_id, start_at, count(*)::int FROM unnest(
				${held.map((a) => a.unitId)}::uuid[], ${held.map((a) => a.serviceId)}::uuid[], ${held.map((a) => iso(a.start))}::timestamptz[]
			) AS x(unit_id, service_id, start_at)
			GROUP BY unit_id, service_id, start_at
			ON CONFLICT (unit_id, service_id, start_at) DO UPDATE SET booked = appointment_slots.booked + excluded.booked`.execute(db);
	}
	return ids;
}

/**
 * Protocols opened at the desk, numbered from a block of the year's sequence taken in one
 * statement (so live protocols opened meanwhile never collide), with their opening and, once
 * past, concluding events. A protocol concluded after its due date was flagged and escalated
 * then; one whose conclusion lies ahead is still being handled and not yet due.
 */
async function insertProtocols(
	db: Db,
	list: readonly { t: HistoryTicket; ticketId: string; p: HistoryProtocol; organId: string }[],
	now: Date
): Promise<void> {
	const byYear = new Map<number, typeof list>();
	for (const x of list) {
		const year = x.p.openedAt.getUTCFullYear();
		byYear.set(year, [...(byYear.get(year) ?? []), x]);
	}
	for (const [year, items] of byYear) {
		const block = await db
			.insertInto('protocol_sequences')
			.values({ year, last: items.length })
			.onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`protocol_sequences.last + ${items.length}` }))
			.returning('last')
			.executeTakeFirstOrThrow();
		const first = block.last - items.length + 1;
		const rows = items.map((x, i) => {
			const concluded = x.p.concludedAt <= now;
			const late = (concluded ? x.p.concludedAt : now) > x.p.dueAt;
			return { ...x, id: randomUUID(), seq: first + i, concluded, late };
		});
		const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
		await sql`INSERT INTO protocols (id, number, year, seq, kind, service_id, organ_id, description, citizen_cpf, citizen_name, channel,
				ticket_id, unit_id, counter_id, status, due_at, overdue, escalated_at, access_code, opened_by, created_at, updated_at)
			SELECT id, number, ${year}::int, seq, kind, service_id, organ_id, description, cpf, name, 'presencial', ticket_id, unit_id, counter_id,
				status, due_at, overdue, CASE WHEN overdue THEN due_at END, access_code, 'system:history', created_at, updated_at
			FROM unnest(
				${col((r) => r.id)}::uuid[], ${col((r) => formatProtocolNumber(year, r.seq))}::text[], ${col((r) => r.seq)}::int[],
				${col((r) => r.p.kind)}::text[], ${col((r) => r.t.serviceId)}::uuid[], ${col((r) => r.organId)}::uuid[],
				${col((r) => r.p.description)}::text[], ${col((r) => r.p.citizenCpf)}::text[], ${col((r) => r.p.citizenName)}::text[],
				${col((r) => r.ticketId)}::uuid[], ${col((r) => r.t.unitId)}::uuid[], ${col((r) => r.t.counterId)}::uuid[],
				${col((r) => (r.concluded ? 'concluido' : 'em_atendimento'))}::text[], ${col((r) => iso(r.p.dueAt))}::timestamptz[],
				${col((r) => r.late)}::boolean[], ${col(() => newAccessCode())}::text[], ${col((r) => iso(r.p.openedAt))}::timestamptz[],
				${col((r) => iso(r.concluded ? r.p.concludedAt : r.p.openedAt))}::timestamptz[]
			) AS p(id, number, seq, kind, service_id, organ_id, description, cpf, name, ticket_id, unit_id, counter_id, status, due_at, overdue,
				access_code, created_at, updated_at)`.execute(db);
		const events = rows.flatMap((r) => [
			{ id: r.id, at: r.p.openedAt, action: 'open', from: null as string | null, to: 'aberto', organ: r.organId },
			{ id: r.id, at: new Date(r.p.openedAt.getTime() + 3_600_000), action: 'status', from: 'aberto', to: 'em_atendimento', organ: r.organId },
			...(r.concluded ? [{ id: r.id, at: r.p.concludedAt, action: 'status', from: 'em_atendimento', to: 'concluido', organ: r.organId }] : [])
		]);
		await sql`INSERT INTO protocol_events (protocol_id, at, action, from_status, to_status, to_organ_id, author)
			SELECT *, 'system:history' FROM unnest(
				${events.map((e) => e.id)}::uuid[], ${events.map((e) => iso(e.at))}::timestamptz[], ${events.map((e) => e.action)}::text[],
				${events.map((e) => e.from)}::text[], ${events.map((e) => e.to)}::text[], ${events.map((e) => e.organ)}::uuid[]
			)`.execute(db);
	}
}
