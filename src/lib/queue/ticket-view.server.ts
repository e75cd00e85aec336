import type { UnitRecord } from '$lib/units/store.server';
import { placeOf, type ServiceQueue } from './snapshot';
import type { Conn } from './store.server';
import { publicTicketView, type PublicTicketView } from './views';

/** Public views of some tickets of a unit (by staff id), keyed by their public id. */
export async function publicViews(
	db: Conn,
	unit: UnitRecord,
	state: Map<string, ServiceQueue>,
	where: { ids?: readonly string[]; publicIds?: readonly string[] }
): Promise<Map<string, PublicTicketView>> {
	let query = db
		.selectFrom('tickets')
		.innerJoin('services', 'services.id', 'tickets.service_id')
		.leftJoin('counters', 'counters.id', 'tickets.counter_id')
		.select([
			'tickets.id',
			'tickets.public_id',
			'tickets.number',
			'tickets.status',
			'tickets.called_at',
			'tickets.awaiting_arrival',
			'services.code as serviceCode',
			'services.name as serviceName',
			'services.expected_wait_minutes as promisedWaitMinutes',
			'counters.number as counterNumber',
			'counters.name as counterName'
		])
		.where('tickets.unit_id', '=', unit.id);
	query = query.where((eb) => {
		const ors = [];
		if (where.ids?.length) ors.push(eb('tickets.id', 'in', where.ids));
		if (where.publicIds?.length) ors.push(eb('tickets.public_id', 'in', where.publicIds));
		return ors.length ? eb.or(ors) : eb.val(false);
	});
	const rows = await query.execute();
	const out = new Map<string, PublicTicketView>();
	for (const r of rows) {
		const place = r.status === 'waiting' ? placeOf(state.get(r.serviceCode), r.id) : null;
		out.set(
			r.public_id,
			publicTicketView({
				ticket: { number: r.number, status: r.status },
				service: { code: r.serviceCode, name: r.serviceName },
				unit: { slug: unit.slug, name: unit.name, timezone: unit.timezone },
				position: place?.position ?? null,
				estimatedWaitMinutes: place?.estimatedWaitMinutes ?? null,
				estimatedWait: place?.estimatedWait ?? null,
				promisedWaitMinutes: r.promisedWaitMinutes,
				counter: r.counterNumber !== null && r.counterName !== null ? { number: r.counterNumber, name: r.counterName } : null,
				calledAt: r.called_at,
				awaitingArrival: r.awaiting_arrival
			})
		);
	}
	return out;
}
