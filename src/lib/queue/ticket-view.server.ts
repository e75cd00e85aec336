import type { UnitRecord } from '$lib/units/store.server';
import { placeOf, type ServiceQueue } from './snapshot';
import type { Db } from '$lib/server/db/database';
import { publicTicketRows } from './view-store.server';
import { publicTicketView, type PublicTicketView } from './views';

/** Public views of some tickets of a unit (by staff id), keyed by their public id. */
export async function publicViews(
	db: Db,
	unit: UnitRecord,
	state: Map<string, ServiceQueue>,
	where: { ids?: readonly string[]; publicIds?: readonly string[] }
): Promise<Map<string, PublicTicketView>> {
	const rows = await publicTicketRows(db, unit.id, where);
	const out = new Map<string, PublicTicketView>();
	for (const r of rows) {
		const place = r.status === 'waiting' ? placeOf(state.get(r.serviceCode), r.id) : null;
		out.set(
			r.publicId,
			publicTicketView({
				ticket: { number: r.number, status: r.status },
				service: { code: r.serviceCode, name: r.serviceName },
				unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
				position: place?.position ?? null,
				estimatedWaitMinutes: place?.estimatedWaitMinutes ?? null,
				estimatedWait: place?.estimatedWait ?? null,
				promisedWaitMinutes: r.promisedWaitMinutes,
				counter: r.counterNumber !== null && r.counterName !== null ? { number: r.counterNumber, name: r.counterName } : null,
				calledAt: r.calledAt,
				awaitingArrival: r.awaitingArrival
			})
		);
	}
	return out;
}
