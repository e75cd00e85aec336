import type { Deps } from '$lib/server/deps';
import { searchServices, type ServiceSummary } from '$lib/catalogue/catalogue-views.server';
import { activeUnits } from '$lib/units/store.server';
import type { IsoDate } from '$lib/units/holidays';
import { firstFreeDay } from './capacity.server';

/** Catalogue services some unit takes appointments for, searched like the catalogue. */
export async function bookableServices(deps: Deps, q: string): Promise<ServiceSummary[]> {
	const [services, rows] = await Promise.all([
		searchServices(deps, { q }),
		deps.db
			.selectFrom('appointment_capacity')
			.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
			.select('services.code')
			.distinct()
			.execute()
	]);
	const bookable = new Set(rows.map((r) => r.code));
	return services.filter((s) => bookable.has(s.code));
}

export interface BookableUnit {
	slug: string;
	name: string;
	address: string;
	region: string;
	nextFreeDay: IsoDate | null;
}

/** Units taking appointments for a service, by region then name, each with its first day with a free slot. */
export async function bookableUnits(deps: Deps, serviceCode: string): Promise<BookableUnit[]> {
	const rows = await deps.db
		.selectFrom('appointment_capacity')
		.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
		.innerJoin('unit_services', (j) =>
			j.onRef('unit_services.unit_id', '=', 'appointment_capacity.unit_id').onRef('unit_services.service_id', '=', 'appointment_capacity.service_id')
		)
		.select(['appointment_capacity.unit_id', 'services.id as serviceId'])
		.where('services.code', '=', serviceCode)
		.where('services.active', '=', true)
		.where('unit_services.active', '=', true)
		.execute();
	const units = (await activeUnits(deps.db)).filter((u) => rows.some((r) => r.unit_id === u.id));
	const out: BookableUnit[] = [];
	for (const u of units) {
		const serviceId = rows.find((r) => r.unit_id === u.id)!.serviceId;
		out.push({ slug: u.slug, name: u.name, address: u.address, region: u.region, nextFreeDay: await firstFreeDay(deps, u, serviceId) });
	}
	return out.sort((a, b) => a.region.localeCompare(b.region, 'pt-BR') || a.name.localeCompare(b.name, 'pt-BR'));
}
