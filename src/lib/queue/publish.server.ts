import type { Deps } from '$lib/server/deps';
import type { UnitRecord } from '$lib/units/store.server';
import type { CallPayload, QueuePayload } from './events';
import { loadQueueState } from './queue-state.server';
import { publicViews } from './ticket-view.server';
import { lineOf } from './line';
import type { ServiceQueue } from './snapshot';
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

/** A unit's `line` beat. */
interface LineBeat {
	/** performance.now() when the last line went out. */
	sentAt: number;
	/** The clock's time of the newest state seen, sent or not: an older one finishing late is dropped. */
	newest: number;
	/** A state newer than the last line sent, for the next beat. */
	next: ReadonlyMap<string, ServiceQueue> | null;
	timer: NodeJS.Timeout | null;
}

// Queue snapshots are coalesced per unit: in a burst (20 counters calling, a kiosk queue at
// opening time) one snapshot per window serves every change in it. The places of the waiting
// phones go out as one `line` message per unit (every waiting number in call order with its
// forecast; each page reads its own place from it), at most once per LINE_MS: the list is the
// unit's whole queue, and a place a few seconds old misleads nobody. Keyed by the app's deps, so
// separate apps (tests) never share a window.
const COALESCE_MS = 100;
const LINE_MS = 3000;
const pendingByApp = new WeakMap<Deps, Map<string, Pending>>();
const linesByApp = new WeakMap<Deps, Map<string, LineBeat>>();
// A snapshot reads and forecasts the unit's whole queue, so it costs more the longer the queue
// and the busier the machine: the next one for a unit waits PROJECTION_SPACING times as long as the
// last one took (between COALESCE_MS and MAX_COALESCE_MS), so in a flood of issues the snapshots
// keep to a tenth of the process instead of running ten times a second over every waiting ticket.
const PROJECTION_SPACING = 10;
const MAX_COALESCE_MS = 1000;
const projectionMsByApp = new WeakMap<Deps, Map<string, number>>();
// The snapshot each unit is sending now. The next waits for it: two at once could send their views
// out of order, and a screen would keep the older state until the unit's next change.
const flushingByApp = new WeakMap<Deps, Map<string, Promise<void>>>();
const LONGEST_WAIT_MS = 5_000;

/** How long a unit's changes are gathered before its next snapshot. */
function coalesceMs(deps: Deps, unitId: string): number {
	const last = projectionMsByApp.get(deps)?.get(unitId) ?? 0;
	return Math.min(MAX_COALESCE_MS, Math.max(COALESCE_MS, last * PROJECTION_SPACING));
}

/**
 * Sends the unit's line from a state just projected: at once when the last one is older than
 * LINE_MS, else once that much has passed, from the newest state projected meanwhile.
 */
function beatLine(deps: Deps, unit: UnitRecord, at: Date, state: ReadonlyMap<string, ServiceQueue>) {
	let beats = linesByApp.get(deps);
	if (!beats) linesByApp.set(deps, (beats = new Map()));
	let beat = beats.get(unit.id);
	if (!beat) beats.set(unit.id, (beat = { sentAt: -Infinity, newest: -Infinity, next: null, timer: null }));
	if (at.getTime() < beat.newest) return;
	beat.newest = at.getTime();
	beat.next = state;
	if (beat.timer) return;
	const wait = beat.sentAt + LINE_MS - performance.now();
	if (wait <= 0) sendLine(deps, unit, beat);
	else {
		const due = beat;
		due.timer = setTimeout(() => sendLine(deps, unit, due), wait);
		due.timer.unref();
	}
}

function sendLine(deps: Deps, unit: UnitRecord, beat: LineBeat) {
	beat.timer = null;
	const state = beat.next;
	if (!state) return;
	beat.next = null;
	beat.sentAt = performance.now();
	deps.realtime.emit(`line:${unit.slug}`, 'line', lineOf(unit.slug, state, new Date(beat.newest)));
}

async function flush(deps: Deps, pending: Pending) {
	const { unit } = pending;
	const started = performance.now();
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
		if (pending.placesMoved) beatLine(deps, unit, now, state);
	} catch (e) {
		// The change is committed; a failed broadcast only delays screens until their next snapshot.
		deps.log.warn('realtime publish failed', { unit: unit.slug, error: e instanceof Error ? e.message : String(e) });
	} finally {
		let costs = projectionMsByApp.get(deps);
		if (!costs) projectionMsByApp.set(deps, (costs = new Map()));
		costs.set(unit.id, performance.now() - started);
	}
}

/**
 * Projects a committed change to the rooms that show it: a call goes at once to the panel, the
 * counter and the ticket; the fresh queue (staff), the touched tickets' views and the displays
 * of the touched counters follow within {@link COALESCE_MS} (longer when snapshots cost: {@link coalesceMs}), and the unit's line (every waiting
 * ticket's place) with them, or within {@link LINE_MS} of the previous line.
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
		timer: setTimeout(() => flushWhenFree(deps, byUnit, pending), coalesceMs(deps, unit.id))
	};
	pending.timer.unref();
	byUnit.set(unit.id, pending);
}

/**
 * Sends `pending` once the unit's running snapshot is out; until then it keeps taking changes in.
 * It waits {@link LONGEST_WAIT_MS} at most: a snapshot stuck on a dead connection must not hold
 * the unit's screens until the connection is given up.
 */
function flushWhenFree(deps: Deps, byUnit: Map<string, Pending>, pending: Pending, waited = false): void {
	let flushing = flushingByApp.get(deps);
	if (!flushing) flushingByApp.set(deps, (flushing = new Map()));
	const unitId = pending.unit.id;
	const running = flushing.get(unitId);
	if (running && !waited) {
		const gaveUp = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), LONGEST_WAIT_MS).unref());
		void Promise.race([running.then(() => false), gaveUp]).then((late) => flushWhenFree(deps, byUnit, pending, late));
		return;
	}
	byUnit.delete(unitId);
	const sending: Promise<void> = flush(deps, pending).finally(() => {
		if (flushing.get(unitId) === sending) flushing.delete(unitId);
	});
	flushing.set(unitId, sending);
}
