import { z } from 'zod';
import { isoTime } from '$lib/api/wire';

/** `GET /webhooks/{id}/deliveries` and a redelivery: one event sent to an endpoint, with its attempts. */
export const WebhookDeliveryView = z.object({
	id: z.string().meta({ description: 'The `webhook-id` of every attempt', examples: ['msg_2bq3Xo1m8Jc7Yv0dQe4tZg'] }),
	type: z.string(),
	status: z.enum(['pending', 'delivered', 'failed']),
	attempts: z.number().int(),
	lastStatus: z.number().int().nullable().meta({ description: 'HTTP status of the last answer' }),
	lastError: z.string().nullable(),
	lastResponse: z.string().nullable().meta({ description: 'The first 512 bytes of the last answer, no more' }),
	nextAttemptAt: isoTime.nullable(),
	createdAt: isoTime,
	deliveredAt: isoTime.nullable()
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

/** `GET /webhooks`: an endpoint with its status and last delivery, never its secret. */
export const WebhookView = z.object({
	id: z.string(),
	url: z.url(),
	description: z.string(),
	events: z.array(z.string()).meta({ description: 'Event types, or `["*"]`' }),
	units: z.array(z.string()).meta({ description: 'Unit slugs; empty for every unit' }),
	status: z.enum(['active', 'disabled']),
	disabledReason: z.string().nullable(),
	previousSecretUntil: isoTime.nullable().meta({ description: 'During a secret rotation, until when the previous secret also signs' }),
	createdAt: isoTime,
	lastDelivery: WebhookDeliveryView.nullable()
});
export type WebhookView = z.infer<typeof WebhookView>;

/** `POST /webhooks`: the endpoint and its `whsec_` secret, shown in this answer only. */
export const CreatedWebhook = WebhookView.extend({ secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/) });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;
