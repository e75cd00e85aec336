import type { RetryPolicy } from '../jobs/retry.js';
import type { WebhookDeliveryStatus } from '../server/db/schema.js';

/**
 * The schedule of docs/api.md#webhooks after a refused attempt: about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h
 * (Standard Webhooks' own), each moved up to 10 % either way so the deliveries that failed
 * together while an endpoint was down do not all come back in the same second.
 */
export const WEBHOOK_RETRY: RetryPolicy = { delaysSeconds: [5, 300, 1800, 7200, 18_000, 36_000, 36_000], jitter: 0.1 };

/** One attempt, connecting included, may take this long (docs/api.md#webhooks). */
export const DELIVERY_TIMEOUT_MS = 10_000;

/** What is kept of an endpoint's answer: enough to show why it refused, never a stored body. */
export const RESPONSE_EXCERPT_BYTES = 512;

/** During a rotation the previous secret keeps signing too, for this long. */
export const ROTATION_OVERLAP_HOURS = 24;

/** Whether an endpoint takes an event: its types (or "*") and, when it names units, the event's unit. */
export function endpointWants(endpoint: { events: readonly string[]; unitIds: readonly string[] }, event: { type: string; unitId: string | null }): boolean {
	if (!endpoint.events.includes('*') && !endpoint.events.includes(event.type)) return false;
	return endpoint.unitIds.length === 0 || (event.unitId !== null && endpoint.unitIds.includes(event.unitId));
}

/** The API's delivery status: a delivery being sent right now is still pending to its reader. */
export function apiDeliveryStatus(status: WebhookDeliveryStatus): 'pending' | 'delivered' | 'failed' {
	return status === 'sending' ? 'pending' : status;
}

/** How an attempt's answer counts: only a 2xx delivers; 410 Gone says the endpoint is gone for good. */
export function judgeAnswer(status: number): 'delivered' | 'gone' | 'refused' {
	if (status >= 200 && status < 300) return 'delivered';
	if (status === 410) return 'gone';
	return 'refused';
}

/** The body of a delivery, signed and sent as is on every attempt. */
export function deliveryBody(type: string, at: Date, data: Record<string, unknown>): string {
	return JSON.stringify({ type, timestamp: at.toISOString(), data });
}
