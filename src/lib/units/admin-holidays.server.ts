import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit } from '$lib/audit/audit.server';
import type { Deps } from '$lib/server/deps';
import { isUuid, parse, slug } from '$lib/server/http/validate';
import { localDateOf } from './hours';
import { holidaysOf, MunicipalHolidaySchema, yearOf, type MunicipalHoliday } from './holidays';

/*
 * The municipal holiday table (Lei 9.093/1995): national holidays are computed by the rules in
 * holidays.ts; admins add the city's (or one unit's) days here. Used by appointment calendars
 * and by protocol deadlines in business days.
 */

const HolidayInput = z.intersection(MunicipalHolidaySchema, z.object({ unit: slug.optional() }));

/** The table's rows and the resulting city calendar of the current year (dates in Brasília time, the units' default zone). */
export async function holidaysForAdmin(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	const rows = await deps.db
		.selectFrom('holidays')
		.leftJoin('units', 'units.id', 'holidays.unit_id')
		.select(['holidays.id', 'holidays.rule', 'holidays.name', 'holidays.legal_act', 'units.slug as unit'])
		.orderBy('holidays.created_at')
		.execute();
	const rules = rows.map((r) => ({ ...(r.rule as object), name: r.name, legalAct: r.legal_act }) as MunicipalHoliday);
	const year = yearOf(localDateOf(deps.now(), deps.config.cityZone));
	const cityRules = rules.filter((_, i) => rows[i].unit === null);
	return {
		rows: rows.map((r, i) => ({ id: r.id, unit: r.unit, rule: rules[i] })),
		year,
		calendar: holidaysOf(year, cityRules)
	};
}

/** Adds a row to the municipal (or a unit's) holiday table. */
export async function addHoliday(deps: Deps, actor: Actor, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const { unit, name, legalAct, ...rule } = parse(HolidayInput, raw);
	await deps.db.transaction().execute(async (trx) => {
		let unitId: string | null = null;
		if (unit) {
			const row = await trx.selectFrom('units').select('id').where('slug', '=', unit).executeTakeFirst();
			if (!row) throw new VezError('unit_not_found', 'No such unit.', { unit: 'unknown' });
			unitId = row.id;
		}
		const row = await trx
			.insertInto('holidays')
			.values({ unit_id: unitId, rule: JSON.stringify(rule), name, legal_act: legalAct ?? '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await audit(trx, actor, 'holiday.create', 'holiday', row.id, { after: { unit: unit ?? null, name, legalAct: legalAct ?? '', rule } });
	});
}

/** Removes a row of the holiday table. */
export async function deleteHoliday(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'admin');
	if (!isUuid(id)) throw new VezError('not_found', 'No such holiday.');
	await deps.db.transaction().execute(async (trx) => {
		const row = await trx.deleteFrom('holidays').where('id', '=', id).returning(['rule', 'name', 'legal_act', 'unit_id']).executeTakeFirst();
		if (!row) throw new VezError('not_found', 'No such holiday.');
		await audit(trx, actor, 'holiday.delete', 'holiday', id, { before: row });
	});
}
