import dns from 'node:dns/promises';
import net from 'node:net';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit } from '$lib/audit/audit.server';
import type { Db } from '$lib/server/db/database';
import type { Deps } from '$lib/server/deps';
import { isUuid, parse } from '$lib/server/http/validate';
import { isPublicAddress } from '$lib/net/address-policy';
import { activeUnits, unitIdsBySlug, unitSlugsById } from '$lib/units/store.server';
import { retryJob } from '$lib/jobs/store.server';
import { announceJobQueued } from '$lib/jobs/wake.server';
import { EVENT_TYPES, TEST_EVENT_TYPE } from '$lib/events/types';
import { newDeliveryId, newWebhookSecret, seal, sealingKey, unseal } from './signature.server';
import { apiDeliveryStatus, deliveryBody, ROTATION_OVERLAP_HOURS } from './webhook';
import {
	allEndpoints,
	deleteEndpoint,
	deliveriesOf,
	endpointById,
	endpointDelivery,
	endpointByUrl,
	insertDeliveries,
	insertEndpoint,
	lastDeliveries,
	saveRotation,
	setEndpointStatus,
	WEBHOOK_DELIVERIES,
	type Delivery,
	type Endpoint
} from './store.server';
import type { CreatedWebhook, WebhookDeliveryView, WebhookView } from './views';

const EventFilter = z.union([z.tuple([z.literal('*')]), z.array(z.enum(EVENT_TYPES)).min(1).max(EVENT_TYPES.length)]);

export const CreateInput = z.object({
	url: z
		.url({ protocol: /^https?$/ })
		.max(2000)
		// zod runs refinements after a failed format check too: a string that is no URL at all is the format's 400, not a throw here.
		.refine((u) => !URL.canParse(u) || (!new URL(u).username && !new URL(u).password), 'no credentials in the URL'),
	events: EventFilter,
	units: z.array(z.string().max(60)).max(200).default([]),
	description: z.string().trim().max(200).default('')
});

export const DeliveriesInput = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100).meta({ description: 'How many, newest first' }) });

function deliveryView(d: Delivery): WebhookDeliveryView {
	const status = apiDeliveryStatus(d.status);
	return {
		id: d.id,
		type: d.type,
		status,
		attempts: d.attempts,
		lastStatus: d.lastStatus,
		lastError: d.lastError,
		lastResponse: d.lastResponse,
		nextAttemptAt: status === 'pending' ? d.nextAttemptAt.toISOString() : null,
		createdAt: d.createdAt.toISOString(),
		deliveredAt: d.deliveredAt?.toISOString() ?? null
	};
}

function view(e: Endpoint, slugs: Map<string, string>, last: Delivery | undefined, now: Date): WebhookView {
	return {
		id: e.id,
		url: e.url,
		description: e.description,
		events: e.events,
		units: e.unitIds.map((id) => slugs.get(id) ?? id),
		status: e.status,
		disabledReason: e.disabledReason,
		previousSecretUntil: e.previousUntil && e.previousUntil > now ? e.previousUntil.toISOString() : null,
		createdAt: e.createdAt.toISOString(),
		lastDelivery: last ? deliveryView(last) : null
	};
}

/** The key that seals endpoint secrets; without one, no secret could be kept safely. */
export function webhookKey(deps: Deps): Buffer {
	if (!deps.config.secretKey) throw new VezError('secret_key_missing', 'Set VEZ_SECRET_KEY to create or rotate webhooks: their secrets are sealed with it.');
	return sealingKey(deps.config.secretKey);
}

/** The secrets that sign a delivery now: the current one, and the previous one during a rotation. */
export function signingSecrets(deps: Deps, e: Endpoint, now: Date): string[] {
	const key = webhookKey(deps);
	const secrets = [unseal(key, e.secretEnc)];
	if (e.previousSecretEnc && e.previousUntil && e.previousUntil > now) secrets.push(unseal(key, e.previousSecretEnc));
	return secrets;
}

/**
 * Refuses a URL whose host is, or resolves to, a loopback, private or link-local address, unless
 * the installation allows them. Checked again at every connection: this is the early, friendly
 * refusal; the delivery's own lookup is the guarantee (DNS may answer differently later).
 */
async function checkAddress(deps: Deps, url: string): Promise<void> {
	if (deps.config.webhooksAllowPrivate) return;
	const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
	let addresses: string[];
	try {
		addresses = net.isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
	} catch {
		// A name that does not resolve yet may later; every delivery checks what it resolves to then.
		return;
	}
	if (addresses.some((a) => !isPublicAddress(a))) {
		throw new VezError('address_refused', 'The URL reaches a loopback, private or link-local address; set VEZ_WEBHOOKS_ALLOW_PRIVATE=1 to allow it.', { url: 'address_refused' });
	}
}

async function unitIdsOf(db: Db, slugs: readonly string[]): Promise<string[]> {
	if (slugs.length === 0) return [];
	const ids = await unitIdsBySlug(db, slugs);
	const missing = slugs.filter((s) => !ids.has(s));
	if (missing.length) throw new VezError('unit_not_found', `No such unit: ${missing.join(', ')}.`, { units: 'unknown' });
	return [...ids.values()];
}

async function endpointOrThrow(db: Db, id: string): Promise<Endpoint> {
	const e = isUuid(id) ? await endpointById(db, id) : undefined;
	if (!e) throw new VezError('webhook_not_found', 'No such webhook.');
	return e;
}

/** Creates an endpoint; its secret is returned here and never again (docs/api.md#webhooks). Audited. */
export async function createWebhook(deps: Deps, actor: Actor, raw: unknown): Promise<CreatedWebhook> {
	authorize(actor, 'admin');
	const input = parse(CreateInput, raw);
	const key = webhookKey(deps);
	await checkAddress(deps, input.url);
	const secret = newWebhookSecret();
	const now = deps.now();
	const row = await deps.db.transaction().execute(async (trx) => {
		const unitIds = await unitIdsOf(trx, [...new Set(input.units)]);
		const created = await insertEndpoint(trx, {
			url: input.url,
			description: input.description,
			events: input.events,
			unitIds,
			secretEnc: seal(key, secret),
			createdBy: actor.kind === 'user' ? `user:${actor.id}` : 'system'
		});
		await audit(trx, actor, 'webhook.create', 'webhook', created.id, { url: input.url, events: input.events, units: input.units });
		return created;
	});
	return { ...view(row, await unitSlugsById(deps.db), undefined, now), secret };
}

/** Every endpoint with its last delivery; no secret, ever. */
export async function listWebhooks(deps: Deps, actor: Actor): Promise<WebhookView[]> {
	authorize(actor, 'admin');
	const [rows, slugs] = await Promise.all([allEndpoints(deps.db), unitSlugsById(deps.db)]);
	const last = await lastDeliveries(deps.db, rows.map((r) => r.id));
	const now = deps.now();
	return rows.map((r) => view(r, slugs, last.get(r.id), now));
}

/** Removes an endpoint and its deliveries: pending ones stop (a runner holding one finds it gone). */
export async function removeWebhook(deps: Deps, actor: Actor, id: string): Promise<void> {
	authorize(actor, 'admin');
	await deps.db.transaction().execute(async (trx) => {
		const e = await endpointOrThrow(trx, id);
		await deleteEndpoint(trx, e.id);
		await audit(trx, actor, 'webhook.delete', 'webhook', e.id, { url: e.url });
	});
}

/** Disables or enables an endpoint by hand; a disabled one gets no new deliveries. */
export async function setWebhookEnabled(deps: Deps, actor: Actor, id: string, enabled: boolean): Promise<void> {
	authorize(actor, 'admin');
	await deps.db.transaction().execute(async (trx) => {
		const e = await endpointOrThrow(trx, id);
		await setEndpointStatus(trx, e.id, enabled ? 'active' : 'disabled', enabled ? null : 'disabled by an administrator', deps.now());
		await audit(trx, actor, enabled ? 'webhook.enable' : 'webhook.disable', 'webhook', e.id, { url: e.url });
	});
}

/**
 * A new secret, shown once; the previous one keeps signing alongside it for
 * ROTATION_OVERLAP_HOURS so the receiver can switch without losing a delivery.
 */
export async function rotateWebhookSecret(deps: Deps, actor: Actor, id: string): Promise<{ secret: string; previousSecretUntil: string }> {
	authorize(actor, 'admin');
	const key = webhookKey(deps);
	const secret = newWebhookSecret();
	const now = deps.now();
	const until = new Date(now.getTime() + ROTATION_OVERLAP_HOURS * 3_600_000);
	await deps.db.transaction().execute(async (trx) => {
		const e = await endpointOrThrow(trx, id);
		await saveRotation(trx, e.id, seal(key, secret), e.secretEnc, until, now);
		await audit(trx, actor, 'webhook.rotate_secret', 'webhook', e.id, { previousSecretUntil: until.toISOString() });
	});
	return { secret, previousSecretUntil: until.toISOString() };
}

/** The newest deliveries of an endpoint. */
export async function listDeliveries(deps: Deps, actor: Actor, id: string, raw: { limit?: unknown } = {}): Promise<WebhookDeliveryView[]> {
	authorize(actor, 'admin');
	const input = parse(DeliveriesInput, raw);
	const e = await endpointOrThrow(deps.db, id);
	return (await deliveriesOf(deps.db, e.id, input.limit)).map(deliveryView);
}

/** Sends a delivery again now, with the same webhook-id and body; refused while it is being sent. Audited. */
export async function redeliver(deps: Deps, actor: Actor, id: string, deliveryId: string): Promise<WebhookDeliveryView> {
	authorize(actor, 'admin');
	const out = await deps.db.transaction().execute(async (trx) => {
		const e = await endpointOrThrow(trx, id);
		const d = await endpointDelivery(trx, e.id, deliveryId);
		if (!d) throw new VezError('delivery_not_found', 'No such delivery of this webhook.');
		if (e.status !== 'active') throw new VezError('conflict', 'The webhook is disabled: enable it first.');
		if (!(await retryJob(trx, WEBHOOK_DELIVERIES, d.id, deps.now(), { anyIdle: true }))) throw new VezError('conflict', 'This delivery is being sent right now.');
		await audit(trx, actor, 'webhook.redeliver', 'webhook', e.id, { delivery: d.id, type: d.type });
		return (await endpointDelivery(trx, e.id, d.id))!;
	});
	announceJobQueued(WEBHOOK_DELIVERIES.kind);
	return deliveryView(out);
}

/** Queues a `webhook.test` delivery to the endpoint, whatever its filter, so an administrator can check the receiver. Audited. */
export async function sendTestEvent(deps: Deps, actor: Actor, id: string): Promise<WebhookDeliveryView> {
	authorize(actor, 'admin');
	const now = deps.now();
	const deliveryId = newDeliveryId();
	const out = await deps.db.transaction().execute(async (trx) => {
		const e = await endpointOrThrow(trx, id);
		if (e.status !== 'active') throw new VezError('conflict', 'The webhook is disabled: enable it first.');
		const body = deliveryBody(TEST_EVENT_TYPE, now, { webhookId: e.id, message: 'Test event sent from Vez', at: now.toISOString() });
		await insertDeliveries(trx, [{ id: deliveryId, endpointId: e.id, eventId: null, type: TEST_EVENT_TYPE, body, at: now }]);
		await audit(trx, actor, 'webhook.test', 'webhook', e.id, { delivery: deliveryId });
		return (await endpointDelivery(trx, e.id, deliveryId))!;
	});
	announceJobQueued(WEBHOOK_DELIVERIES.kind);
	return deliveryView(out);
}

export interface WebhooksScreen {
	webhooks: WebhookView[];
	units: { slug: string; name: string }[];
	eventTypes: readonly string[];
	/** The endpoint whose deliveries are open, with them. */
	selected: { id: string; deliveries: WebhookDeliveryView[] } | null;
}

/** What /admin/webhooks shows: every endpoint, the choices of the form, and one endpoint's deliveries. */
export async function webhooksScreen(deps: Deps, actor: Actor, selectedId: string | null): Promise<WebhooksScreen> {
	const webhooks = await listWebhooks(deps, actor);
	const units = (await activeUnits(deps.db)).map((u) => ({ slug: u.slug, name: u.name }));
	const chosen = webhooks.find((w) => w.id === selectedId);
	return {
		webhooks,
		units,
		eventTypes: EVENT_TYPES,
		selected: chosen ? { id: chosen.id, deliveries: await listDeliveries(deps, actor, chosen.id, { limit: 50 }) } : null
	};
}

/** The demo's own webhook, to every event, pointed at the demo receiver; created once per receiver URL. */
export async function ensureDemoWebhook(deps: Deps, url: string): Promise<void> {
	const key = webhookKey(deps);
	await deps.db.transaction().execute(async (trx) => {
		if (await endpointByUrl(trx, url)) return;
		const created = await insertEndpoint(trx, {
			url,
			description: 'Receptor da demonstração',
			events: ['*'],
			unitIds: [],
			secretEnc: seal(key, newWebhookSecret()),
			createdBy: 'system:demo'
		});
		await audit(trx, 'system:demo', 'webhook.create', 'webhook', created.id, { url, events: ['*'] });
	});
}

/** The secrets that sign deliveries to `url` now (the demo receiver verifies with them). */
export async function secretsForUrl(deps: Deps, url: string): Promise<string[]> {
	const e = await endpointByUrl(deps.db, url);
	return e ? signingSecrets(deps, e, deps.now()) : [];
}
