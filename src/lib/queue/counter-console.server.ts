import { z } from 'zod';
import { VezError } from '$lib/errors';
import { localDay } from './numbering';
import { can, type Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { parse, slug } from '$lib/server/http/validate';
import type { TicketRowStatus } from '$lib/server/db/schema';
import { activePriorityGroups, activeUnits } from '$lib/units/store.server';
import { countersOfClerk } from './counter-store.server';
import { missedTicketsOn, ticketAtDesk } from './view-store.server';
import { orderingOf, type OrderingSettings } from './ordering';
import { unitCounters, unitQueue, unitServices } from './queue-views.server';

const ConsoleInput = z.object({
	unit: slug.nullish(),
	counter: z.string().uuid().nullish()
});

/** The ticket at the clerk's desk, with what the clerk must check before serving. */
export interface DeskTicket {
	id: string;
	number: string;
	status: Extract<TicketRowStatus, 'called' | 'serving'>;
	service: { code: string; name: string };
	priority: { code: string; name: string; weight: number; requiresDocument: boolean } | null;
	appointmentAt: string | null;
	issuedAt: string;
	calledAt: string | null;
	startedAt: string | null;
	/** Time in the queue before the call: called_at − queued_at. */
	waitedSeconds: number;
	recalls: number;
	transfers: number;
}

type UnitCounters = Awaited<ReturnType<typeof unitCounters>>;

export interface CounterConsole {
	/** The person's user id, to tell their own counter from a colleague's. */
	me: string;
	/** The units this person may work a counter in (all for an admin); empty means no desk here. */
	units: { slug: string; name: string }[];
	unit: { slug: string; name: string; timezone: string; ordering: OrderingSettings } | null;
	counters: UnitCounters;
	services: Awaited<ReturnType<typeof unitServices>>;
	/** The counter this person works now in the chosen unit (open or paused), if any. */
	counter: UnitCounters[number] | null;
	/** A counter this person still holds in another unit. */
	heldElsewhere: { unit: string; counter: string } | null;
	/** Counter preselected in the "open" form (from the address). */
	selectedCounterId: string | null;
	ticket: DeskTicket | null;
	queue: Awaited<ReturnType<typeof unitQueue>> | null;
	/** Today's no-shows and cancellations in the unit, latest first: a visitor who comes back is reactivated from here. */
	missed: MissedTicket[];
	priorities: { code: string; name: string; weight: number; requiresDocument: boolean }[];
	now: string;
}

export interface MissedTicket {
	id: string;
	number: string;
	status: 'no_show' | 'cancelled';
	service: string;
	at: string;
}

const MISSED_SHOWN = 8;

async function missedToday(deps: Deps, unitId: string, day: string): Promise<MissedTicket[]> {
	const rows = await missedTicketsOn(deps.db, unitId, day, MISSED_SHOWN);
	return rows.map((r) => ({
		id: r.id,
		number: r.number,
		status: r.status as MissedTicket['status'],
		service: r.service,
		at: (r.finishedAt ?? new Date(0)).toISOString()
	}));
}

async function deskTicket(deps: Deps, counterId: string, now: Date): Promise<DeskTicket | null> {
	const row = await ticketAtDesk(deps.db, counterId);
	if (!row) return null;
	const calledAt = row.calledAt ?? now;
	return {
		id: row.id,
		number: row.number,
		status: row.status as DeskTicket['status'],
		service: { code: row.serviceCode, name: row.serviceName },
		priority:
			row.priorityCode && row.priorityCode !== 'normal' && row.priorityWeight > 0
				? { code: row.priorityCode, name: row.priorityName ?? row.priorityCode, weight: row.priorityWeight, requiresDocument: row.requiresDocument ?? false }
				: null,
		appointmentAt: row.appointmentAt?.toISOString() ?? null,
		issuedAt: row.issuedAt.toISOString(),
		calledAt: row.calledAt?.toISOString() ?? null,
		startedAt: row.startedAt?.toISOString() ?? null,
		waitedSeconds: Math.max(0, Math.round((calledAt.getTime() - row.queuedAt.getTime()) / 1000)),
		recalls: row.recalls,
		transfers: row.transfers
	};
}

/**
 * The clerk's console: the units the person may work in, and for the chosen one (asked for,
 * else where they hold a counter, else the only one) its counters, services, the queue in
 * call order with reasons, the counter they hold and the ticket at their desk. Someone who
 * may sign in but works no counter (a phone agent) gets an empty list, not an error.
 */
export async function counterConsole(deps: Deps, actor: Actor, raw: unknown): Promise<CounterConsole> {
	const user = requireUser(actor);
	const input = parse(ConsoleInput, raw);
	const now = deps.now();
	const all = await activeUnits(deps.db);
	const units = all.filter((u) => can(actor, 'counter:operate', { unitId: u.id }));
	const empty: CounterConsole = {
		me: user.id,
		units: units.map((u) => ({ slug: u.slug, name: u.name })),
		unit: null,
		counters: [],
		services: [],
		counter: null,
		heldElsewhere: null,
		selectedCounterId: null,
		ticket: null,
		queue: null,
		missed: [],
		priorities: [],
		now: now.toISOString()
	};
	if (units.length === 0) return empty;

	const held = (await countersOfClerk(deps.db, user.id)).find((c) => c.status !== 'closed');
	let unit = input.unit ? all.find((u) => u.slug === input.unit) : (units.find((u) => u.id === held?.unitId) ?? (units.length === 1 ? units[0] : undefined));
	if (input.unit && !unit) throw new VezError('unit_not_found', `Unit ${input.unit} does not exist.`);
	if (!unit) return empty;
	authorize(actor, 'counter:operate', { unitId: unit.id });

	const [counters, services, queue, groups] = await Promise.all([
		unitCounters(deps, actor, unit.slug),
		unitServices(deps, unit.slug),
		unitQueue(deps, actor, unit.slug),
		activePriorityGroups(deps.db)
	]);
	const counter = held && held.unitId === unit.id ? (counters.find((c) => c.id === held.id) ?? null) : null;
	const heldUnit = held && held.unitId !== unit.id ? all.find((u) => u.id === held.unitId) : undefined;
	return {
		...empty,
		unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone, ordering: orderingOf(unit.settings) },
		counters,
		services,
		counter,
		heldElsewhere: held && heldUnit ? { unit: heldUnit.slug, counter: held.name } : null,
		selectedCounterId: input.counter && counters.some((c) => c.id === input.counter) ? input.counter : null,
		ticket: counter ? await deskTicket(deps, counter.id, now) : null,
		queue,
		missed: counter ? await missedToday(deps, unit.id, localDay(now, unit.timezone)) : [],
		priorities: groups.map((g) => ({ code: g.code, name: g.name, weight: g.weight, requiresDocument: g.requiresDocument }))
	};
}
