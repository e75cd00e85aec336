import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit } from '$lib/audit/audit.server';
import type { Deps } from '$lib/server/deps';
import { isUuid, parse, slug } from '$lib/server/http/validate';
import { localDateOf } from './hours';
import { holidaysOf, MunicipalHolidaySchema, yearOf, type MunicipalHoliday } from './holidays';
import { deleteHolidayRow, holidayTable, insertHoliday, unitIdsBySlug, unitList } from './store.server';

/*
 * The municipal holiday table (Lei 9.093/1995): national holidays are computed by the rules in
 * holidays.ts; admins add the city's (or one unit's) days here. Used by appointment calendars
 * and by protocol deadlines in business days.
 */

/** A row and the unit it is for (none: the whole city). Each kind keeps its own rule fields and drops the others', so a form may post them all. */
const HolidayInput = z.intersection(MunicipalHolidaySchema, z.object({ unit: slug.optional() }));

/**
 * The table's rows, the resulting city calendar of the current year (dates in Brasília time, the
 * units' default zone) and every unit a new row may belong to.
 */
export async function holidaysForAdmin(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	const rows = await holidayTable(deps.db);
	const year = yearOf(localDateOf(deps.now(), deps.config.cityZone));
	const cityRules = rows.filter((r) => r.unit === null).map((r) => r.rule);
	return {
		rows,
		year,
		calendar: holidaysOf(year, cityRules),
		units: await unitList(deps.db)
	};
}

/** Adds a row to the municipal (or a unit's) holiday table. */
export async function addHoliday(deps: Deps, actor: Actor, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const { unit, name, legalAct, ...rule } = parse(HolidayInput, raw);
	await deps.db.transaction().execute(async (trx) => {
		const unitId = unit ? ((await unitIdsBySlug(trx, [unit])).get(unit) ?? null) : null;
		if (unit && !unitId) throw new VezError('unit_not_found', 'No such unit.', { unit: 'unknown' });
		const id = await insertHoliday(trx, unitId, { ...rule, name, legalAct } as MunicipalHoliday);
		await audit(trx, actor, 'holiday.create', 'holiday', id, { after: { unit: unit ?? null, name, legalAct: legalAct ?? '', rule } });
	});
}

/** Removes a row of the holiday table. */
export async function deleteHoliday(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'admin');
	if (!isUuid(id)) throw new VezError('not_found', 'No such holiday.');
	await deps.db.transaction().execute(async (trx) => {
		const row = await deleteHolidayRow(trx, id);
		if (!row) throw new VezError('not_found', 'No such holiday.');
		await audit(trx, actor, 'holiday.delete', 'holiday', id, { before: row });
	});
}
