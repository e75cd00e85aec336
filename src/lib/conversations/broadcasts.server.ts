import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import type { Db } from '$lib/server/db/database';
import { unitIdsBySlug, unitList } from '$lib/units/store.server';
import { parse } from '$lib/server/http/validate';
import { audit } from '$lib/audit/audit.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { NOTICE_TEMPLATE_NAMES, noticeParams, sendSchedule, type NoticeTarget } from './broadcast';
import type { NoticeRegion } from './machine';
import { CHAT_BROADCAST, insertBroadcast, insertSubscription, lastScheduledFirstSend, optedInContacts, recentBroadcasts, subscriptionsOf } from './broadcast-store.server';

export const SendBroadcastInput = z.object({
	template: z.enum(NOTICE_TEMPLATE_NAMES as [string, ...string[]]),
	/** `unit:<slug>` or `region:<name>`. */
	target: z.string().trim().regex(/^(unit|region):.{1,80}$/),
	when: z.string().trim().min(1).max(60),
	detail: z.string().trim().min(1).max(120)
});

/** Where a broadcast goes, as stored and as shown; `unitIds`: the units whose opt-ins it reaches. */
interface ResolvedTarget {
	unitId: string | null;
	region: string;
	label: string;
	unitIds: string[];
}

/** The active units, by region then name (through the units' store). */
async function places(db: Db) {
	const units = (await unitList(db)).filter((u) => u.active);
	return units.sort((a, b) => a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}

const regionsOf = (units: readonly { region: string }[]) => [...new Set(units.map((u) => u.region).filter((r) => r.trim()))];

/** A notice for a unit reaches that unit's and its region's opt-ins; for a region, the region's and every one of its units'. */
function targetOf(units: Awaited<ReturnType<typeof places>>, target: string): ResolvedTarget {
	const [kind, value] = [target.slice(0, target.indexOf(':')), target.slice(target.indexOf(':') + 1)];
	if (kind === 'unit') {
		const u = units.find((x) => x.slug === value);
		if (!u) throw new VezError('invalid_input', 'No such unit.', { target: 'unknown' });
		return { unitId: u.id, region: u.region, label: u.name, unitIds: [u.id] };
	}
	const inRegion = units.filter((x) => x.region === value);
	if (!value.trim() || inRegion.length === 0) throw new VezError('invalid_input', 'No such region.', { target: 'unknown' });
	return { unitId: null, region: value, label: value, unitIds: inRegion.map((x) => x.id) };
}

/** Contacts who opted in where a notice applies (see {@link targetOf}), each once whatever it opted in to. */
const recipients = (db: Db, t: ResolvedTarget) => optedInContacts(db, { region: t.region, unitIds: t.unitIds });

/**
 * An admin sends an approved notice to the contacts who opted in to a unit or a region: one
 * delivery per contact, spread at the provider's rate after any notice still going out, then sent
 * by the job runner (deliver-broadcasts). Audited.
 */
export async function sendBroadcast(deps: Deps, actor: Actor, raw: unknown): Promise<{ id: string; recipients: number }> {
	authorize(actor, 'admin');
	const user = requireUser(actor);
	const input = parse(SendBroadcastInput, raw);
	const now = deps.now();
	const out = await deps.db.transaction().execute(async (trx) => {
		const target = targetOf(await places(trx), input.target);
		const params = noticeParams(target.label, input.when, input.detail);
		const to = await recipients(trx, target);
		// After the last first send already scheduled: two notices at once still keep to the rate.
		const lastAt = await lastScheduledFirstSend(trx);
		const start = lastAt && lastAt.getTime() >= now.getTime() ? new Date(lastAt.getTime() + 1000) : now;
		const slots = sendSchedule(to.length, deps.config.chat.broadcastPerSecond, start);
		const id = await insertBroadcast(
			trx,
			{ template: input.template, params, unitId: target.unitId, region: target.unitId ? null : target.region, targetLabel: target.label, createdBy: user.id, at: now },
			to.map((c, i) => ({ contactId: c.id, lang: c.lang, at: slots[i] }))
		);
		await audit(trx, actor, 'chat_broadcast.send', 'chat_broadcast', id, { template: input.template, target: input.target, recipients: to.length });
		return { id, recipients: to.length };
	});
	if (out.recipients) announceJobQueued(CHAT_BROADCAST.kind);
	return out;
}

/** What `/admin/avisos` shows: the templates, where one may send, how many opted in there, and the last notices with their counts. */
export async function broadcastScreen(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	const units = await places(deps.db);
	const optedIn = async (value: string) => (await recipients(deps.db, targetOf(units, value))).length;
	const targets = [
		...regionsOf(units).map((r) => ({ value: `region:${r}`, label: r, kind: 'region' as const })),
		...units.map((u) => ({ value: `unit:${u.slug}`, label: u.name, kind: 'unit' as const }))
	];
	const counted = await Promise.all(targets.map(async (x) => ({ ...x, optedIn: await optedIn(x.value) })));
	const broadcasts = await recentBroadcasts(deps.db, 30);
	return { templates: NOTICE_TEMPLATE_NAMES, targets: counted, broadcasts, perSecond: deps.config.chat.broadcastPerSecond };
}

/** The regions and their units a contact may opt in to, and those it did. */
export async function noticeOptions(db: Db, contactId: string): Promise<NoticeRegion[]> {
	const units = await places(db);
	const subs = await subscriptionsOf(db, contactId);
	return regionsOf(units).map((region) => ({
		region,
		subscribed: subs.some((s) => s.region === region),
		units: units.filter((u) => u.region === region).map((u) => ({ slug: u.slug, name: u.name, subscribed: subs.some((s) => s.unitId === u.id) }))
	}));
}

/** Opts a contact in to a unit's or a region's notices (once: a second opt-in changes nothing); an unknown unit is ignored. */
export async function subscribe(db: Db, contactId: string, target: NoticeTarget, now: Date): Promise<void> {
	if ('region' in target) return insertSubscription(db, contactId, { region: target.region }, now);
	const unitId = (await unitIdsBySlug(db, [target.unit])).get(target.unit);
	if (unitId) await insertSubscription(db, contactId, { unitId }, now);
}
