import type { Deps } from '$lib/server/deps';
import type { UnitRecord } from '$lib/units/store.server';
import { loadQueueState } from './queue-state.server';
import type { ServiceQueue } from './snapshot';

/*
 * The wait forecast plays the unit forward dozens of times over every waiting ticket: far too much
 * for each ticket issued in a morning rush. The unit's forecast is made once per beat instead, by
 * the coalesced publish that follows every change (publish.server.ts), and kept here per process;
 * an issue reads its newcomer's wait from it (placeFromForecast). A forecast older than
 * MAX_AGE_MS of the unit's clock — a unit whose changes all came through another process — is
 * made again on the spot.
 */

const MAX_AGE_MS = 30_000;

export interface UnitForecast {
	/** The clock's time it was made at. */
	readonly at: Date;
	readonly state: ReadonlyMap<string, ServiceQueue>;
}

const forecastsByApp = new WeakMap<Deps, Map<string, UnitForecast>>();

function forecastsOf(deps: Deps) {
	let byUnit = forecastsByApp.get(deps);
	if (!byUnit) forecastsByApp.set(deps, (byUnit = new Map()));
	return byUnit;
}

/** Keeps a forecast just made (by the publish beat) for the issues that follow. */
export function rememberForecast(deps: Deps, unitId: string, forecast: UnitForecast): void {
	const byUnit = forecastsOf(deps);
	const current = byUnit.get(unitId);
	if (!current || current.at.getTime() <= forecast.at.getTime()) byUnit.set(unitId, forecast);
}

/** The unit's latest forecast, made now when there is none recent enough (or it lacks this service). */
export async function unitForecast(deps: Deps, unit: UnitRecord, serviceCode: string): Promise<UnitForecast> {
	const now = deps.now();
	const cached = forecastsOf(deps).get(unit.id);
	const age = cached ? now.getTime() - cached.at.getTime() : Infinity;
	if (cached && age >= 0 && age <= MAX_AGE_MS && cached.state.has(serviceCode)) return cached;
	const fresh: UnitForecast = { at: now, state: await loadQueueState(deps.db, unit, now) };
	rememberForecast(deps, unit.id, fresh);
	return fresh;
}
