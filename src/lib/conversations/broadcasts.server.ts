import { sql } from 'kysely';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize, requireUser } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import type { Db } from '$lib/server/db/database';
import { unitIdsBySlug, unitList } from '$lib/units/store.server';
import type { ChatBroadcastDeliveriesTable } from '$lib/server/db/schema';
import { parse } from '$lib/server/http/validate';
import { audit } from '$lib/audit/audit.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { registerJobTable } from '$lib/jobs/metrics.server';
import { OUTBOX_STATUS } from '$lib/jobs/retry';
import { NOTICE_TEMPLATE_NAMES, noticeParams, sendSchedule, type NoticeTarget } from './broadcast';
import type { NoticeRegion } from './machine';

type DeliveryStatus = ChatBroadcastDeliveriesTable['status'];

/** One recipient of a notice on its way to the Cloud API. */
export const CHAT_BROADCAST = registerJobTable({ kind: 'chat-broadcast', table: 'chat_broadcast_deliveries', status: OUTBOX_STATUS, doneAt: 'done_at' });

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
function recipients(db: Db, t: ResolvedTarget) {
	return db
		.selectFrom('chat_contacts')
		.select(['chat_contacts.id', 'chat_contacts.lang'])
		.where('chat_contacts.consent_at', 'is not', null)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('chat_subscriptions as s')
					.select('s.id')
					.whereRef('s.contact_id', '=', 'chat_contacts.id')
					.where((w) => w.or([w('s.region', '=', t.region), w('s.unit_id', 'in', t.unitIds)]))
			)
		)
		.orderBy('chat_contacts.created_at')
		.execute();
}

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
		const b = await trx
			.insertInto('chat_broadcasts')
			.values({ template: input.template, params: JSON.stringify(params), unit_id: target.unitId, region: target.unitId ? null : target.region, target_label: target.label, created_by: user.id, created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const to = await recipients(trx, target);
		// After the last first send already scheduled: two notices at once still keep to the rate.
		const last = await trx.selectFrom('chat_broadcast_deliveries').select((eb) => eb.fn.max('next_attempt_at').as('at')).where('status', '=', 'queued').where('attempts', '=', 0).executeTakeFirst();
		const lastAt = last?.at ? new Date(last.at) : null;
		const start = lastAt && lastAt.getTime() >= now.getTime() ? new Date(lastAt.getTime() + 1000) : now;
		const slots = sendSchedule(to.length, deps.config.chat.broadcastPerSecond, start);
		if (to.length) {
			await trx
				.insertInto('chat_broadcast_deliveries')
				.values(to.map((c, i) => ({ broadcast_id: b.id, contact_id: c.id, lang: c.lang, status: 'queued' as const, next_attempt_at: slots[i], created_at: now })))
				.execute();
		}
		await audit(trx, actor, 'chat_broadcast.send', 'chat_broadcast', b.id, { template: input.template, target: input.target, recipients: to.length });
		return { id: b.id, recipients: to.length };
	});
	if (out.recipients) announceJobQueued(CHAT_BROADCAST.kind);
	return out;
}

/** The counts the screen shows per notice, by the deliveries' statuses ("queued" holds those being sent). */
const COUNTED: Record<'queued' | 'sent' | 'failed' | 'cancelled', DeliveryStatus[]> = { queued: ['queued', 'sending'], sent: ['sent'], failed: ['failed'], cancelled: ['cancelled'] };

export interface BroadcastLine {
	id: string;
	template: string;
	target: string;
	params: string[];
	createdAt: string;
	by: string | null;
	queued: number;
	sent: number;
	failed: number;
	cancelled: number;
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
	const rows = await deps.db
		.selectFrom('chat_broadcasts')
		.leftJoin('users', 'users.id', 'chat_broadcasts.created_by')
		.select(['chat_broadcasts.id', 'chat_broadcasts.template', 'chat_broadcasts.target_label', 'chat_broadcasts.params', 'chat_broadcasts.created_at', 'users.name as by'])
		.select((eb) =>
			(Object.keys(COUNTED) as (keyof typeof COUNTED)[]).map((count) =>
				eb
					.selectFrom('chat_broadcast_deliveries as d')
					.select(sql<string>`count(*)`.as('n'))
					.whereRef('d.broadcast_id', '=', 'chat_broadcasts.id')
					.where('d.status', 'in', COUNTED[count])
					.as(count)
			)
		)
		.orderBy('chat_broadcasts.created_at', 'desc')
		.limit(30)
		.execute();
	const broadcasts: BroadcastLine[] = rows.map((r) => ({
		id: r.id,
		template: r.template,
		target: r.target_label,
		params: r.params,
		createdAt: r.created_at.toISOString(),
		by: r.by,
		queued: Number(r.queued ?? 0),
		sent: Number(r.sent ?? 0),
		failed: Number(r.failed ?? 0),
		cancelled: Number(r.cancelled ?? 0)
	}));
	return { templates: NOTICE_TEMPLATE_NAMES, targets: counted, broadcasts, perSecond: deps.config.chat.broadcastPerSecond };
}

/** The regions and their units a contact may opt in to, and those it did. */
export async function noticeOptions(db: Db, contactId: string): Promise<NoticeRegion[]> {
	const units = await places(db);
	const subs = await db.selectFrom('chat_subscriptions').select(['unit_id', 'region']).where('contact_id', '=', contactId).execute();
	return regionsOf(units).map((region) => ({
		region,
		subscribed: subs.some((s) => s.region === region),
		units: units.filter((u) => u.region === region).map((u) => ({ slug: u.slug, name: u.name, subscribed: subs.some((s) => s.unit_id === u.id) }))
	}));
}

/** Opts a contact in to a unit's or a region's notices (once: a second opt-in changes nothing). */
export async function subscribe(db: Db, contactId: string, target: NoticeTarget, now: Date): Promise<void> {
	const unitId = 'unit' in target ? (await unitIdsBySlug(db, [target.unit])).get(target.unit) : null;
	if ('unit' in target && !unitId) return;
	await db
		.insertInto('chat_subscriptions')
		.values({ contact_id: contactId, unit_id: unitId ?? null, region: 'region' in target ? target.region : null, created_at: now })
		.onConflict((oc) => oc.doNothing())
		.execute();
}

/** "sair": the contact receives no notice any more, and none still on its way. */
export async function unsubscribeAll(db: Db, contactId: string): Promise<void> {
	await db.deleteFrom('chat_subscriptions').where('contact_id', '=', contactId).execute();
	await db.updateTable('chat_broadcast_deliveries').set({ status: 'cancelled', last_error: 'opted out' }).where('contact_id', '=', contactId).where('status', '=', 'queued').execute();
}
