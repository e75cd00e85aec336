import { DEFAULT_REMOTE_EXPIRE_MINUTES } from '$lib/queue/remote';
import { IANAZone } from 'luxon';
import { ownCheck } from '$lib/i18n/field-problem';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate, taken } from '$lib/server/db/conflict';
import type { OrderingSettings, UnitSettings } from '$lib/server/db/schema';
import type { Deps } from '$lib/server/deps';
import { isUuid, parse, slug, text } from '$lib/server/http/validate';
import { DEFAULT_EARLY_MINUTES, DEFAULT_LATE_MINUTES } from '$lib/appointments/check-in';
import { DEFAULT_REMINDER_MINUTES, MAX_REMINDER_MINUTES, MAX_REMINDERS, reminderLeadsFromText } from '$lib/appointments/reminders';
import { OpeningHoursSchema } from './hours';
import { orderingOf } from '$lib/queue/ordering';
import { DEFAULT_KIOSK_ISSUES_PER_MINUTE } from '$lib/server/throttles';
import { serviceChoices, serviceIdByCode } from '$lib/catalogue/store.server';
import {
	anyUnitBySlug,
	counterForUpdate,
	counterNumberTaken,
	countersOfUnit,
	insertCounter,
	insertUnit,
	prefixTaken,
	saveUnitServiceRow,
	servicesOfferedAt,
	setUnitSettings,
	unitList,
	unitServiceOf,
	unitSlugTaken,
	updateCounter,
	updateUnitRow,
	type UnitServiceWrite,
	type UnitWrite
} from './store.server';

/*
 * The admin's units: their place, zone, hours and queue policy, the services each offers under
 * which ticket prefix, and their counters. Every change is audited with what it was before.
 */

const Ordering = z.discriminatedUnion('mode', [
	z.object({ mode: z.literal('strict') }),
	z.object({ mode: z.literal('ratio'), priorityCalls: z.number().int().min(1).max(20), normalCalls: z.number().int().min(1).max(20) })
]);

export const UnitInput = z.object({
	slug,
	name: text(120),
	address: z.string().trim().max(300),
	region: z.string().trim().max(80),
	timezone: z.string().trim().refine((zone) => IANAZone.isValidZone(zone), ownCheck('unknown_zone', 'Unknown IANA time zone (e.g. America/Sao_Paulo).')),
	hours: OpeningHoursSchema,
	issueOutsideHours: z.boolean(),
	/** The ceiling on tickets one kiosk token issues per minute (a stolen token cannot flood the queue). */
	kioskIssuesPerMinute: z.number().int().min(1).max(600).default(DEFAULT_KIOSK_ISSUES_PER_MINUTE),
	ordering: Ordering,
	active: z.boolean().default(true)
});

export const UnitServiceInput = z.object({
	service: slug,
	prefix: z.string().trim().toUpperCase().regex(/^[A-Z]{1,3}$/, 'Use 1 to 3 letters (A, B… AA).'),
	allowsPriority: z.boolean(),
	active: z.boolean(),
	/** Visitors may take a ticket before arriving (remote tickets), at most `remoteDailyCap` a day (null: no cap). */
	allowsRemote: z.boolean().default(false),
	remoteDailyCap: z.number().int().min(0).max(100_000).nullable().default(null)
});

/** How long a remote ticket may still arrive after it would have been called (src/lib/queue/remote.ts). */
export const RemoteSettingsInput = z.object({ expireMinutes: z.number().int().min(1).max(240) });

export const CounterInput = z.object({
	id: z.string().refine(isUuid, 'Unknown counter.').optional(),
	number: z.number().int().min(1).max(999),
	name: text(60),
	active: z.boolean().default(true)
});

/** Kiosk check-in of appointments (see src/lib/appointments/check-in.ts). */
export const CheckInSettingsInput = z.object({
	earlyMinutes: z.number().int().min(0).max(240),
	lateMinutes: z.number().int().min(0).max(120),
	lateBecomesWalkIn: z.boolean()
});

/**
 * Appointment reminders on the phone, as minutes before the time (src/lib/appointments/reminders.ts),
 * or as the admin screen's text ("24 h, 2 h"); none: no reminders.
 */
export const ReminderSettingsInput = z.object({
	minutes: z.preprocess(
		(leads) => (typeof leads === 'string' ? reminderLeadsFromText(leads) : leads),
		z
			.array(z.number().int().min(1).max(MAX_REMINDER_MINUTES))
			.max(MAX_REMINDERS)
			.refine((h) => new Set(h).size === h.length, ownCheck('invalid', 'Each time once.'))
	)
});

const UNIT_CONSTRAINTS = { units_slug_key: 'slug' };
const PREFIX_CONSTRAINTS = { unit_services_unit_id_prefix_key: 'prefix', unit_services_pkey: 'service' };
const COUNTER_CONSTRAINTS = { counters_unit_id_number_key: 'number' };

function unitFields(input: z.infer<typeof UnitInput>, settings: UnitSettings): UnitWrite {
	const ordering: OrderingSettings = input.ordering;
	return {
		slug: input.slug,
		name: input.name,
		address: input.address,
		region: input.region,
		timezone: input.timezone,
		opening_hours: input.hours,
		settings: { ...settings, ordering, issueOutsideHours: input.issueOutsideHours, kioskIssuesPerMinute: input.kioskIssuesPerMinute },
		active: input.active
	};
}

/** Every unit, active or not, for the admin list. */
export async function listUnitsForAdmin(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	return unitList(deps.db);
}

/** One unit with its services (all, with whether offered here) and counters, for its edit page. */
export async function unitForAdmin(deps: Deps, actor: Actor, slugValue: string) {
	authorize(actor, 'admin');
	const unit = await anyUnitBySlug(deps.db, slugValue);
	const [offered, services, counters] = await Promise.all([
		servicesOfferedAt(deps.db, unit.id),
		serviceChoices(deps.db).then((all) => all.map(({ code, name }) => ({ code, name }))),
		countersOfUnit(deps.db, unit.id)
	]);
	return {
		unit: {
			slug: unit.slug,
			name: unit.name,
			address: unit.address,
			region: unit.region,
			timezone: unit.timezone,
			hours: unit.openingHours,
			issueOutsideHours: unit.settings.issueOutsideHours ?? false,
			kioskIssuesPerMinute: unit.settings.kioskIssuesPerMinute ?? DEFAULT_KIOSK_ISSUES_PER_MINUTE,
			ordering: orderingOf(unit.settings),
			active: unit.active
		},
		checkIn: {
			earlyMinutes: unit.settings.appointments?.earlyMinutes ?? DEFAULT_EARLY_MINUTES,
			lateMinutes: unit.settings.appointments?.lateMinutes ?? DEFAULT_LATE_MINUTES,
			lateBecomesWalkIn: unit.settings.appointments?.lateBecomesWalkIn ?? true
		},
		reminders: { minutes: unit.settings.appointments?.reminderMinutes ?? DEFAULT_REMINDER_MINUTES },
		remote: { expireMinutes: unit.settings.remoteTickets?.expireMinutes ?? DEFAULT_REMOTE_EXPIRE_MINUTES },
		offered,
		services,
		counters
	};
}

/** Creates a unit; its slug is its address in every URL, so it must be free. */
export async function createUnit(deps: Deps, actor: Actor, raw: unknown): Promise<{ slug: string }> {
	authorize(actor, 'admin');
	const input = parse(UnitInput, raw);
	return conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				if (await unitSlugTaken(trx, input.slug)) throw taken('slug', 'Another unit already uses this slug.');
				const fields = unitFields(input, {});
				const id = await insertUnit(trx, fields);
				await audit(trx, actor, 'unit.create', 'unit', id, { after: fields });
				return { slug: input.slug };
			}),
		UNIT_CONSTRAINTS
	);
}

/** Changes one part of a unit's settings under its row lock, every other setting kept, audited with the part before and after. */
async function changeSettings<K extends keyof UnitSettings>(deps: Deps, actor: Actor, unitSlug: string, action: string, part: K, next: (before: UnitSettings[K]) => NonNullable<UnitSettings[K]>): Promise<void> {
	await deps.db.transaction().execute(async (trx) => {
		const unit = await anyUnitBySlug(trx, unitSlug, true);
		const after = next(unit.settings[part]);
		await setUnitSettings(trx, unit.id, { ...unit.settings, [part]: after });
		await audit(trx, actor, action, 'unit', unit.id, changes((unit.settings[part] ?? {}) as Record<string, unknown>, after as Record<string, unknown>));
	});
}

/** Sets how the unit's kiosk checks in appointments (settings.appointments); every other setting is kept. */
export async function updateCheckInSettings(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(CheckInSettingsInput, raw);
	await changeSettings(deps, actor, unitSlug, 'unit.check_in_settings', 'appointments', (before) => ({ ...before, ...input }));
}

/** Sets when booked visitors who asked for them get reminders on their phone (settings.appointments.reminderMinutes). */
export async function updateReminderSettings(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(ReminderSettingsInput, raw);
	await changeSettings(deps, actor, unitSlug, 'unit.reminder_settings', 'appointments', (before) => ({ ...before, reminderMinutes: input.minutes }));
}

/** Sets how long the unit's remote tickets may still arrive after their turn (settings.remoteTickets); every other setting is kept. */
export async function updateRemoteSettings(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(RemoteSettingsInput, raw);
	await changeSettings(deps, actor, unitSlug, 'unit.remote_settings', 'remoteTickets', () => input);
}

/** Changes a unit's place, zone, hours, policy or slug; other settings (end of day) are kept. */
export async function updateUnit(deps: Deps, actor: Actor, currentSlug: string, raw: unknown): Promise<{ slug: string }> {
	authorize(actor, 'admin');
	const input = parse(UnitInput, raw);
	return conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const unit = await anyUnitBySlug(trx, currentSlug, true);
				if (input.slug !== unit.slug && (await unitSlugTaken(trx, input.slug))) throw taken('slug', 'Another unit already uses this slug.');
				const fields = unitFields(input, unit.settings);
				await updateUnitRow(trx, unit.id, fields);
				const before = { slug: unit.slug, name: unit.name, address: unit.address, region: unit.region, timezone: unit.timezone, opening_hours: unit.openingHours, settings: unit.settings, active: unit.active };
				await audit(trx, actor, 'unit.update', 'unit', unit.id, changes(before, fields));
				return { slug: input.slug };
			}),
		UNIT_CONSTRAINTS
	);
}

/** Offers a service at a unit under a ticket prefix (unique in the unit), or changes or disables it. */
export async function saveUnitService(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(UnitServiceInput, raw);
	await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const unit = await anyUnitBySlug(trx, unitSlug);
				const serviceId = await serviceIdByCode(trx, input.service);
				if (!serviceId) throw new VezError('service_not_found', 'No such service.', { service: 'unknown' });
				if (await prefixTaken(trx, unit.id, input.prefix, serviceId)) throw taken('prefix', `Prefix ${input.prefix} is already used by another service of this unit.`);
				const current = await unitServiceOf(trx, unit.id, serviceId);
				const after: UnitServiceWrite = {
					prefix: input.prefix,
					allows_priority: input.allowsPriority,
					active: input.active,
					allows_remote: input.allowsRemote,
					remote_daily_cap: input.remoteDailyCap
				};
				await saveUnitServiceRow(trx, unit.id, serviceId, after, current !== undefined);
				await audit(trx, actor, current ? 'unit_service.update' : 'unit_service.create', 'unit', unit.id, {
					service: input.service,
					...(current ? changes(current, after) : { after })
				});
			}),
		PREFIX_CONSTRAINTS
	);
}

/** Adds a counter to a unit or renames, renumbers or disables one; an open counter cannot be disabled. */
export async function saveCounter(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(CounterInput, raw);
	await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const unit = await anyUnitBySlug(trx, unitSlug);
				if (await counterNumberTaken(trx, unit.id, input.number, input.id)) throw taken('number', `Counter number ${input.number} already exists in this unit.`);
				const after = { number: input.number, name: input.name, active: input.active };
				if (!input.id) {
					const id = await insertCounter(trx, unit.id, after);
					await audit(trx, actor, 'counter.create', 'counter', id, { unit: unit.slug, after });
					return;
				}
				const current = await counterForUpdate(trx, input.id, unit.id);
				if (!current) throw new VezError('counter_not_found', 'No such counter in this unit.');
				if (!input.active && current.active && current.status !== 'closed') {
					throw new VezError('counter_busy', 'Close the counter before disabling it.', { active: 'open' });
				}
				await updateCounter(trx, input.id, after);
				const { status: _status, ...before } = current;
				await audit(trx, actor, 'counter.update', 'counter', input.id, { unit: unit.slug, ...changes(before, after) });
			}),
		COUNTER_CONSTRAINTS
	);
}
