import { VezError } from '$lib/errors';
import type { Db } from '$lib/server/db/database';

/*
 * The organs (secretariats and their teams' inboxes): the one place their table is read and
 * written. The catalogue names an organ for each service, requests route protocols to them, and
 * staff belong to one; each of those asks here.
 */

export type OrganWrite = { code: string; name: string; acronym: string; is_ombudsman: boolean };

export async function organIdByCode(db: Db, code: string): Promise<string | null> {
	const row = await db.selectFrom('organs').select('id').where('code', '=', code).executeTakeFirst();
	return row?.id ?? null;
}

/** The organ's id, or organ_not_found naming the form field that held the code. */
export async function requireOrganId(db: Db, code: string, field = 'organ'): Promise<string> {
	const id = await organIdByCode(db, code);
	if (!id) throw new VezError('organ_not_found', 'No such organ.', { [field]: 'unknown' });
	return id;
}

export async function organCodeById(db: Db, id: string): Promise<string | null> {
	const row = await db.selectFrom('organs').select('code').where('id', '=', id).executeTakeFirst();
	return row?.code ?? null;
}

/** An organ's code and name, for the messages that name the inbox a protocol went to. */
export async function organById(db: Db, id: string): Promise<{ id: string; code: string; name: string }> {
	return db.selectFrom('organs').select(['id', 'code', 'name']).where('id', '=', id).executeTakeFirstOrThrow();
}

/** Every organ's code by its id, for messages that name several inboxes. */
export async function organCodesById(db: Db): Promise<Map<string, string>> {
	const rows = await db.selectFrom('organs').select(['id', 'code']).execute();
	return new Map(rows.map((o) => [o.id, o.code]));
}

/** The organs to pick from on forms, by name. */
export function organChoices(db: Db) {
	return db.selectFrom('organs').select(['code', 'name', 'acronym', 'is_ombudsman']).orderBy('name').execute();
}

/** Whether the organ is the ombudsman's (it also reads overdue protocols), or null if unknown. */
export async function isOmbudsman(db: Db, id: string): Promise<boolean | null> {
	const row = await db.selectFrom('organs').select('is_ombudsman').where('id', '=', id).executeTakeFirst();
	return row ? row.is_ombudsman : null;
}

/** The ombudsman's organ, where overdue protocols are escalated; the oldest if several. */
export async function ombudsmanOrganId(db: Db): Promise<string | null> {
	const row = await db.selectFrom('organs').select('id').where('is_ombudsman', '=', true).orderBy('created_at').executeTakeFirst();
	return row?.id ?? null;
}

/** The organ's editable fields with its id, locked for the change under way. */
export function organForUpdate(db: Db, code: string) {
	return db.selectFrom('organs').select(['id', 'code', 'name', 'acronym', 'is_ombudsman']).where('code', '=', code).forUpdate().executeTakeFirst();
}

export async function insertOrgan(db: Db, organ: OrganWrite): Promise<string> {
	const row = await db.insertInto('organs').values(organ).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/**
 * Adds the organs whose code is free; an organ that has the code already stays as it is, also
 * when another transaction is adding it at this moment (the unique code settles it, no error).
 */
export async function insertOrgansIfAbsent(db: Db, organs: readonly OrganWrite[]): Promise<void> {
	if (organs.length) await db.insertInto('organs').values([...organs]).onConflict((oc) => oc.column('code').doNothing()).execute();
}

export async function updateOrgan(db: Db, id: string, organ: OrganWrite): Promise<void> {
	await db.updateTable('organs').set(organ).where('id', '=', id).execute();
}
