import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { parse, slug, text } from '$lib/server/http/validate';
import { mayOperate } from './operator';
import { counterBusy, countersOfClerk, lockCounter, setCounterState } from './counter-store.server';
import { publishUnit } from './publish.server';
import { offeredServicesByCode, unitById } from '$lib/units/store.server';
import type { CounterStateView } from './views';

export const OpenInput = z.object({ services: z.array(slug).min(1).max(100) });
export const PauseInput = z.object({ reason: text(200) });

/** A clerk takes a counter and says which services it serves; leaving any other counter they held. */
export async function openCounter(deps: Deps, actor: Actor, counterId: string, raw: unknown): Promise<CounterStateView> {
	const user = requireUser(actor);
	const input = parse(OpenInput, raw);
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const counter = await lockCounter(trx, counterId);
		authorize(actor, 'counter:operate', { unitId: counter.unitId });
		if (counter.status !== 'closed' && counter.clerkId && counter.clerkId !== user.id) {
			throw new VezError('counter_taken', 'Another clerk is working at this counter.');
		}
		const services = await offeredServicesByCode(trx, counter.unitId, input.services);
		const missing = input.services.filter((c) => !services.some((s) => s.code === c));
		if (missing.length) throw new VezError('service_not_offered', `Not offered here: ${missing.join(', ')}.`, { services: 'not_offered' });
		const elsewhere = (await countersOfClerk(trx, user.id)).filter((c) => c.id !== counter.id);
		for (const other of elsewhere) {
			if (await counterBusy(trx, other.id)) {
				throw new VezError('counter_busy', 'Finish or transfer the ticket at your other counter first.');
			}
			await setCounterState(trx, other.id, { status: 'closed', clerkId: null, pauseReason: null, since: now });
			// Written like a close by hand: the trail shows who left the counter, and the forecast's
			// break habits read a pause ended here, not one lasting until the counter reopens.
			await audit(trx, actor, 'counter.close', 'counter', other.id, { movedTo: counter.id });
		}
		await setCounterState(trx, counter.id, { status: 'open', clerkId: user.id, serviceIds: services.map((s) => s.id), pauseReason: null, since: now });
		await audit(trx, actor, 'counter.open', 'counter', counter.id, { services: input.services });
		return { counter, codes: services.map((s) => s.code), closed: elsewhere.map((c) => c.id) };
	});
	publishUnit(deps, await unitById(deps.db, out.counter.unitId), [], [], { counters: [out.counter.id, ...out.closed] });
	return { id: out.counter.id, number: out.counter.number, name: out.counter.name, status: 'open', services: out.codes, pauseReason: null };
}

async function setClosedOrPaused(deps: Deps, actor: Actor, counterId: string, status: 'paused' | 'closed', reason: string | null) {
	requireUser(actor);
	const now = deps.now();
	const counter = await deps.db.transaction().execute(async (trx) => {
		const counter = await lockCounter(trx, counterId);
		authorize(actor, 'counter:operate', { unitId: counter.unitId });
		if (counter.status === 'closed') throw new VezError('counter_closed', 'This counter is closed.');
		if (!mayOperate(actor, counter.clerkId)) throw new VezError('counter_taken', 'Another clerk is working at this counter.');
		if (status === 'closed' && (await counterBusy(trx, counter.id))) {
			throw new VezError('counter_busy', 'Finish or transfer the current ticket before closing.');
		}
		await setCounterState(trx, counter.id, {
			status,
			clerkId: status === 'closed' ? null : counter.clerkId,
			serviceIds: status === 'closed' ? [] : counter.serviceIds,
			pauseReason: reason,
			since: now
		});
		await audit(trx, actor, `counter.${status === 'closed' ? 'close' : 'pause'}`, 'counter', counter.id, reason ? { reason } : {});
		return counter;
	});
	publishUnit(deps, await unitById(deps.db, counter.unitId), [], [], { counters: [counter.id] });
	return { id: counter.id, number: counter.number, name: counter.name, status, services: [], pauseReason: reason } satisfies CounterStateView;
}

/** A pause (lunch, a break, a system outage) stops calls; the reason shows to the manager. */
export async function pauseCounter(deps: Deps, actor: Actor, counterId: string, raw: unknown) {
	return setClosedOrPaused(deps, actor, counterId, 'paused', parse(PauseInput, raw).reason);
}

/** Closing frees the counter for another clerk; it refuses while a ticket is still at the desk. */
export async function closeCounter(deps: Deps, actor: Actor, counterId: string) {
	return setClosedOrPaused(deps, actor, counterId, 'closed', null);
}
