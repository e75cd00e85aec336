import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../src/lib/api/openapi';
import { EVENT_TYPES } from '../../../src/lib/events/types';

describe('OpenAPI: webhooks', () => {
	const doc = openApiDocument('http://vez.test/api/v1') as unknown as {
		paths: Record<string, Record<string, unknown>>;
		webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { schema: { properties: { data: { properties: Record<string, unknown>; additionalProperties: unknown } } } } } } } }>;
	};

	it('documents the webhook endpoints of docs/api.md', () => {
		expect(Object.keys(doc.paths['/webhooks']).sort()).toEqual(['get', 'post']);
		expect(Object.keys(doc.paths['/webhooks/{id}'])).toEqual(['delete']);
		expect(Object.keys(doc.paths['/webhooks/{id}/deliveries'])).toEqual(['get']);
		expect(Object.keys(doc.paths['/webhooks/{id}/deliveries/{deliveryId}/redeliver'])).toEqual(['post']);
	});

	it('gives every event type its payload schema, closed, with no personal field', () => {
		expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES, 'webhook.test'].sort());
		for (const type of EVENT_TYPES) {
			const data = doc.webhooks[type].post.requestBody.content['application/json'].schema.properties.data;
			expect(data.additionalProperties, type).toBe(false);
			const fields = Object.keys(data.properties);
			expect(fields).toContain('unit');
			// A counter's name ("Guichê 3") is the only name sent; a person's never is.
			for (const personal of ['cpf', 'email', 'phone', 'citizen', 'citizenName', 'clerk']) expect(fields, type).not.toContain(personal);
			if (!type.startsWith('counter.')) expect(fields, type).not.toContain('name');
		}
	});
});
