import type { Db } from '$lib/server/db/database';

/*
 * The installation's key–value settings (`app_settings`): each key belongs to the domain that
 * writes it (`retention` to citizens/, `citizen_audit_key` to audit/), which parses its value.
 */

/** A setting's stored value, or undefined while it was never set. */
export async function settingValue(db: Db, key: string): Promise<unknown> {
	const row = await db.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
	return row?.value;
}

export async function saveSetting(db: Db, key: string, value: unknown, at: Date): Promise<void> {
	const stored = JSON.stringify(value);
	await db
		.insertInto('app_settings')
		.values({ key, value: stored, updated_at: at })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: stored, updated_at: at }))
		.execute();
}
