import type { Deps } from '$lib/server/deps';
import type { UnitRecord } from '$lib/units/store.server';
import type { CallPayload, QueuePayload } from './events';
import { loadQueueState } from './queue-state.server';
import { publicViews } from './ticket-view.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { EVENTS_KIND } from '$lib/events/dispatch.server';
import { loadCounterDisplay } from './counter-display.server';
import { rememberForecast } from './forecast-cache.server';

export interface CallNotice {
	counterId: string;
	publicId: string;
	payload: CallPayload;
}

interface Pending {
	unit: UnitRecord;
	touched: Set<string>;
	/** Counters whose desk changed: their displays get a fresh view. */
	counters: Set<string>;
	placesMoved: boolean;
	timer: NodeJS.Timeout;
}

// Queue snapshots are coalesced per unit: in a burst (20 counters calling, a kiosk queue at
// opening time) one snapshot per window serves every change in it. The new places of every
// waiting phone move on a slower beat: each is one message per ticket (and one NOTIFY through
// the PostgreSQL adapter), and a place a few seconds old misleads nobody. Keyed by the app's
// deps, so separate apps (tests) never share a window.
const COALESCE_MS = 100;
const PLACES_MS = 3000;
const pendingByApp = new WeakMap<Deps, Map<string, Pending>>();
const placesByApp = new WeakMap<Deps, Set<string>>();

function schedulePlaces(deps: Deps, unit: UnitRecord) {
	let units = placesByApp.get(deps);
	if (!units) placesByApp.set(deps, (units = new Set()));
	if (units.has(unit.id)) return;
	units.add(unit.id);
	setTimeout(async () => {
		units.delete(unit.id);
		try {
			const state = await loadQueueState(deps.db, unit, deps.now());
			const views = await publicViews(deps.db, unit, state, { waiting: true });
			for (const [publicId, view] of views) deps.realtime.emit(`ticket:${publicId}`, 'ticket', view);
		} catch (e) {
			deps.log.warn('realtime publish failed', { unit: unit.slug, error: e instanceof Error ? e.message : String(e) });
		}
	}, PLACES_MS).unref();
}

async function flush(deps: Deps, pending: Pending) {
	const { unit } = pending;
	try {
		const now = deps.now();
		const state = await loadQueueState(deps.db, unit, now);
		// The beat's forecast serves the issues until the next one (forecast-cache.server.ts).
		rememberForecast(deps, unit.id, { at: now, state });
		const queue: QueuePayload = {
			unit: unit.slug,
			services: [...state.values()].map((q) => ({
				code: q.service.code,
				waiting: q.order.length,
				longestWaitSeconds: q.longestWaitSeconds,
				estimatedWaitMinutes: q.estimateForNewMinutes
			}))
		};
		deps.realtime.emit(`queue:${unit.slug}`, 'queue', queue);
		const views = await publicViews(deps.db, unit, state, { ids: [...pending.touched] });
		for (const [publicId, view] of views) deps.realtime.emit(`ticket:${publicId}`, 'ticket', view);
		for (const id of pending.counters) {
			const display = await loadCounterDisplay(deps.db, id);
			if (display) deps.realtime.emit(`counter:${id}`, 'counter', { counter: display.counter, unit: display.unit, ticket: display.ticket });
		}
		if (pending.placesMoved) schedulePlaces(deps, unit);
	} catch (e) {
		// The change is committed; a failed broadcast only delays screens until their next snapshot.
		deps.log.warn('realtime publish failed', { unit: unit.slug, error: e instanceof Error ? e.message : String(e) });
	}
}

/**
 * Projects a committed change to the rooms that show it: a call goes at once to the panel, the
 * counter and the ticket; the fresh queue (staff), the touched tickets' views and the displays
 * of the touched counters follow within {@link COALESCE_MS}, every other waiting ticket's new
 * place within {@link PLACES_MS}.
 * Called only after commit, so no screen shows a rollback.
 */
export function publishUnit(
	deps: Deps,
	unit: UnitRecord,
	calls: readonly CallNotice[],
	touchedIds: readonly string[] = [],
	{ placesMoved = true, counters = [] }: { placesMoved?: boolean; counters?: readonly (string | null)[] } = {}
): void {
	// The change just committed wrote domain events: the dispatcher takes them now, not at its tick.
	announceJobQueued(EVENTS_KIND);
	const touchedCounters = [...counters, ...calls.map((c) => c.counterId)].filter((id): id is string => id !== null);
	for (const call of calls) {
		deps.realtime.emit(`panel:${unit.slug}`, 'call', call.payload);
		deps.realtime.emit(`counter:${call.counterId}`, 'call', call.payload);
		deps.realtime.emit(`ticket:${call.publicId}`, 'call', call.payload);
	}
	let byUnit = pendingByApp.get(deps);
	if (!byUnit) pendingByApp.set(deps, (byUnit = new Map()));
	const existing = byUnit.get(unit.id);
	if (existing) {
		for (const id of touchedIds) existing.touched.add(id);
		for (const id of touchedCounters) existing.counters.add(id);
		existing.placesMoved ||= placesMoved;
		return;
	}
	const pending: Pending = {
		unit,
		touched: new Set(touchedIds),
		counters: new Set(touchedCounters),
		placesMoved,
		timer: setTimeout(() => {
			byUnit.delete(unit.id);
			void flush(deps, pending);
		}, COALESCE_MS)
	};
	pending.timer.unref();
	byUnit.set(unit.id, pending);
}
