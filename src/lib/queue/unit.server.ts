import { VezError } from '$lib/errors';
import type { Conn } from './store.server';

/** The unit a counter or ticket belongs to, as `unitBySlug` returns it. */
export async function unitById(db: Conn, unitId: string) {
	const unit = await db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
	if (!unit) throw new VezError('unit_not_found', 'No such unit.');
	return unit;
}
