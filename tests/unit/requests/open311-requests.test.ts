import { describe, expect, it } from 'vitest';
import { open311Status, parseRequestFilters, protocolDraft } from '../../../src/lib/requests/open311-requests';

const NOW = new Date('2026-03-10T13:00:00Z');
const params = (p: Record<string, string>) => new URLSearchParams(p);

describe('Open311 request rules', () => {
	it('maps the protocol workflow onto open and closed', () => {
		for (const s of ['aberto', 'em_analise', 'encaminhado', 'em_atendimento'] as const) expect(open311Status(s)).toBe('open');
		for (const s of ['concluido', 'indeferido', 'cancelado'] as const) expect(open311Status(s)).toBe('closed');
	});

	it('defaults the window to the last 90 days and bounds it at 90 days', () => {
		const none = parseRequestFilters(params({}), NOW);
		expect(none).toEqual({ ok: true, value: { ids: null, serviceCode: null, start: new Date('2025-12-10T13:00:00Z'), end: NOW, status: null } });
		const ok = parseRequestFilters(params({ start_date: '2026-01-01T00:00:00-03:00', end_date: '2026-03-31T00:00:00-03:00', status: 'closed' }), NOW);
		expect(ok.ok && ok.value.status).toBe('closed');
		expect(parseRequestFilters(params({ start_date: '2025-12-01T00:00:00Z', end_date: '2026-03-10T00:00:00Z' }), NOW).ok).toBe(false);
		expect(parseRequestFilters(params({ start_date: '2026-03-10T00:00:00Z', end_date: '2026-03-01T00:00:00Z' }), NOW).ok).toBe(false);
	});

	it('refuses dates without a zone and unknown statuses', () => {
		expect(parseRequestFilters(params({ start_date: '2026-03-01' }), NOW).ok).toBe(false);
		expect(parseRequestFilters(params({ end_date: '2026-03-01T10:00:00' }), NOW).ok).toBe(false);
		expect(parseRequestFilters(params({ status: 'pending' }), NOW).ok).toBe(false);
	});

	it('reads a list of ids', () => {
		const f = parseRequestFilters(params({ service_request_id: '2026000001-1, 2026000002-0,' }), NOW);
		expect(f.ok && f.value.ids).toEqual(['2026000001-1', '2026000002-0']);
	});

	it('lets service_request_id override every other argument, as GeoReport v2 says', () => {
		const f = parseRequestFilters(
			params({ service_request_id: '2026000001-1', status: 'closed', service_code: 'tapa-buraco', start_date: '2020-01-01T00:00:00Z', end_date: 'nonsense' }),
			NOW
		);
		expect(f).toEqual({ ok: true, value: { ids: ['2026000001-1'], serviceCode: null, start: NOW, end: NOW, status: null } });
		// An empty list is no list: the other arguments count again.
		expect(parseRequestFilters(params({ service_request_id: ' , ', status: 'pending' }), NOW).ok).toBe(false);
	});

	it('turns a posted form into a protocol draft, identified by attribute[cpf] or else anonymous', () => {
		const named = protocolDraft(
			params({ service_code: 'tapa-buraco', address_string: 'Rua A, 1', description: 'Buraco', first_name: 'Ana', last_name: 'Souza', email: 'a@b.c', 'attribute[cpf]': '52998224725' })
		);
		expect(named).toEqual({
			ok: true,
			value: {
				service: 'tapa-buraco',
				kind: 'solicitacao',
				description: 'Buraco',
				address: 'Rua A, 1',
				channel: 'integration',
				citizen: { cpf: '52998224725', name: 'Ana Souza', email: 'a@b.c' }
			}
		});
		const anonymous = protocolDraft(params({ service_code: 'x', lat: '-27.5', long: '-48.5' }));
		expect(anonymous.ok && anonymous.value).toMatchObject({ address: '-27.5,-48.5', anonymous: true });
	});

	it('refuses a form without a service, a place, a whole point, or with a long description', () => {
		expect(protocolDraft(params({ address_string: 'Rua A' })).ok).toBe(false);
		expect(protocolDraft(params({ service_code: 'x' })).ok).toBe(false);
		expect(protocolDraft(params({ service_code: 'x', lat: '-27.5' })).ok).toBe(false);
		expect(protocolDraft(params({ service_code: 'x', lat: '-127.5', long: '10' })).ok).toBe(false);
		expect(protocolDraft(params({ service_code: 'x', address_string: 'A', description: 'x'.repeat(4001) })).ok).toBe(false);
		expect(protocolDraft(params({ service_code: 'x', address_string: 'A', description: 'x'.repeat(4000) })).ok).toBe(true);
		expect(protocolDraft(params({ service_code: 'x', address_string: 'A', 'attribute[kind]': 'petição' })).ok).toBe(false);
	});

	it('takes the kind of manifestação from attribute[kind], solicitação by default', () => {
		const complaint = protocolDraft(params({ service_code: 'x', address_string: 'A', 'attribute[kind]': 'reclamacao' }));
		expect(complaint.ok && complaint.value.kind).toBe('reclamacao');
		const plain = protocolDraft(params({ service_code: 'x', address_string: 'A' }));
		expect(plain.ok && plain.value.kind).toBe('solicitacao');
	});
});
