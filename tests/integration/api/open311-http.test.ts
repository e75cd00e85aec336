import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from './server';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { OPEN311_REQUEST_FIELDS } from '../open311-spec';

// A third-party Open311 GeoReport v2 client (the phone centre, the city app, a bot) against the
// built server: only what the spec (wiki.open311.org/GeoReport_v2) promises, in JSON and XML.
const CPF = `529982247${cpfCheckDigits('529982247')}`;
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const ATTRIBUTE_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'];
const POST_FIELDS = ['service_request_id', 'service_notice', 'account_id'];
/** W3C / ISO 8601 date-time with an offset, to the second (the spec's examples: 2010-04-14T06:37:38-08:00). */
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** The child element names of each `<item>` under `<root>` of a spec XML document. */
function xmlItems(xml: string, root: string, item: string): string[][] {
	expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
	const body = new RegExp(`<${root}>([\\s\\S]*)</${root}>$`).exec(xml);
	expect(body, `<${root}> root`).not.toBeNull();
	return [...body![1].matchAll(new RegExp(`<${item}>([\\s\\S]*?)</${item}>`, 'g'))].map((m) => childTags(m[1]));
}

/** Top-level element names of an XML fragment. */
function childTags(fragment: string): string[] {
	const tags: string[] = [];
	let rest = fragment;
	while (rest.length) {
		const open = /^<([A-Za-z_][\w.-]*)>/.exec(rest);
		if (!open) throw new Error(`unexpected XML: ${rest.slice(0, 60)}`);
		const close = `</${open[1]}>`;
		let depth = 0;
		let i = 0;
		// Skip to the matching close tag (nested elements of the same name are counted).
		for (;;) {
			const nextOpen = rest.indexOf(`<${open[1]}>`, i + 1);
			const nextClose = rest.indexOf(close, i + 1);
			if (nextOpen !== -1 && nextOpen < nextClose) {
				depth++;
				i = nextOpen;
			} else if (depth > 0) {
				depth--;
				i = nextClose;
			} else {
				i = nextClose;
				break;
			}
		}
		tags.push(open[1]);
		rest = rest.slice(i + close.length);
	}
	return tags;
}

describe('Open311 GeoReport v2 as a third-party client', () => {
	let server: RunningServer;
	let key = '';
	const get = (path: string) => fetch(`${server.url}/open311/v2/${path}`);
	const post = (path: string, form: Record<string, string>) =>
		fetch(`${server.url}/open311/v2/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
	const login = async (username: string) => {
		const res = await fetch(`${server.url}/api/v1/auth/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password: 'vez-demo' })
		});
		expect(res.status).toBe(200);
		return res.headers.get('set-cookie')!.split(';')[0];
	};

	beforeAll(async () => {
		server = await startServer({ VEZ_DATA_DIR: tempDataDir() });
		const admin = await login('admin.demo');
		const res = await fetch(`${server.url}/api/v1/tokens`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: admin },
			body: JSON.stringify({ kind: 'integration', name: 'Central 156' })
		});
		expect(res.status).toBe(201);
		key = (await res.json()).token;
	}, 90_000);
	afterAll(async () => {
		await server?.stop();
	});

	it('lists the services and their definitions with the spec fields, in JSON and XML', async () => {
		const json = await get('services.json');
		expect(json.headers.get('content-type')).toContain('application/json');
		const services = (await json.json()) as Record<string, unknown>[];
		expect(services.length).toBeGreaterThan(10);
		for (const s of services) expect(Object.keys(s).sort()).toEqual([...SERVICE_FIELDS].sort());
		expect(services.find((s) => s.service_code === 'tapa-buraco')).toMatchObject({ metadata: true, type: 'batch' });

		const xml = await get('services.xml');
		expect(xml.headers.get('content-type')).toContain('text/xml');
		const items = xmlItems(await xml.text(), 'services', 'service');
		expect(items).toHaveLength(services.length);
		for (const tags of items) expect(tags).toEqual(SERVICE_FIELDS);

		const definition = await (await get('services/tapa-buraco.json')).json();
		expect(Object.keys(definition).sort()).toEqual(['attributes', 'service_code']);
		expect(definition.service_code).toBe('tapa-buraco');
		for (const a of definition.attributes) {
			const listed = a.datatype === 'singlevaluelist' || a.datatype === 'multivaluelist';
			expect(Object.keys(a).sort()).toEqual([...ATTRIBUTE_FIELDS, ...(listed ? ['values'] : [])].sort());
			expect(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']).toContain(a.datatype);
			for (const v of a.values ?? []) expect(Object.keys(v).sort()).toEqual(['key', 'name']);
		}
		expect(definition.attributes.find((a: { code: string }) => a.code === 'cpf')).toMatchObject({ datatype: 'string', required: true, variable: true });
		const defXml = await (await get('services/tapa-buraco.xml')).text();
		expect(childTags(/<service_definition>([\s\S]*)<\/service_definition>$/.exec(defXml)![1])).toEqual(['service_code', 'attributes']);
		const attrs = xmlItems(defXml.replace(/^[\s\S]*<attributes>/, '<?xml version="1.0" encoding="utf-8"?><attributes>').replace(/<\/service_definition>$/, ''), 'attributes', 'attribute');
		expect(attrs[0]).toEqual(ATTRIBUTE_FIELDS);
		expect(attrs[1]).toEqual([...ATTRIBUTE_FIELDS, 'values']);

		const unknown = await get('services/nao-existe.json');
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toEqual([{ code: 404, description: expect.any(String) }]);
		const discovery = await (await get('discovery.json')).json();
		expect(discovery.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] });
	});

	it('refuses to post or read requests without a valid api_key (403, spec errors)', async () => {
		const form = { service_code: 'tapa-buraco', address_string: 'Rua A, 1', description: 'Buraco', 'attribute[cpf]': CPF };
		for (const bad of [form, { ...form, api_key: 'nope' }, { ...form, api_key: 'demo-kiosk-centro' }]) {
			const res = await post('requests.json', bad);
			expect(res.status).toBe(403);
			expect(await res.json()).toEqual([{ code: 403, description: expect.any(String) }]);
		}
		const xml = await post('requests.xml', form);
		expect(xml.status).toBe(403);
		expect(xmlItems(await xml.text(), 'errors', 'error')).toEqual([['code', 'description']]);
		expect((await get('requests.json')).status).toBe(403);
		expect((await get('requests.json?api_key=nope')).status).toBe(403);
	});

	it('posts a request, reads it back and filters the list by dates, status and service', async () => {
		const before = new Date(Date.now() - 60_000);
		const created = await post('requests.json', {
			api_key: key,
			service_code: 'tapa-buraco',
			lat: '-27.5954',
			long: '-48.548',
			description: 'Buraco fundo na esquina',
			first_name: 'Maria',
			last_name: 'Silva',
			email: 'maria@example.org',
			'attribute[cpf]': CPF,
			'attribute[kind]': 'reclamacao'
		});
		expect(created.status).toBe(200);
		const [receipt] = await created.json();
		expect(Object.keys(receipt).sort()).toEqual([...POST_FIELDS].sort());
		const id: string = receipt.service_request_id;

		const xmlPost = await post('requests.xml', { api_key: key, service_code: 'tapa-buraco', address_string: 'Rua B, 2', 'attribute[cpf]': CPF });
		expect(xmlPost.status).toBe(200);
		expect(xmlItems(await xmlPost.text(), 'service_requests', 'request')).toEqual([POST_FIELDS]);
		const bad = await post('requests.json', { api_key: key, service_code: 'tapa-buraco', address_string: 'Rua B, 2' });
		expect(bad.status).toBe(400);

		const [read] = await (await get(`requests/${id}.json?api_key=${key}`)).json();
		expect(Object.keys(read).sort()).toEqual([...OPEN311_REQUEST_FIELDS].sort());
		expect(read).toMatchObject({ service_request_id: id, status: 'open', service_code: 'tapa-buraco', lat: -27.5954, long: -48.548 });
		for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(read[f]).toMatch(DATETIME);
		expect(read.agency_responsible).toContain('Infraestrutura');
		const readXml = await (await get(`requests/${id}.xml?api_key=${key}`)).text();
		expect(xmlItems(readXml, 'service_requests', 'request')).toEqual([OPEN311_REQUEST_FIELDS]);
		expect((await get(`requests/2026999999-9.json?api_key=${key}`)).status).toBe(404);

		const list = async (params: Record<string, string>) => {
			const res = await get(`requests.json?${new URLSearchParams({ api_key: key, ...params })}`);
			expect(res.status).toBe(200);
			return ((await res.json()) as { service_request_id: string }[]).map((r) => r.service_request_id);
		};
		const start = before.toISOString().replace(/\.\d{3}Z$/, '+00:00');
		expect(await list({ start_date: start })).toContain(id);
		expect(await list({ start_date: start, status: 'open', service_code: 'tapa-buraco' })).toContain(id);
		expect(await list({ start_date: start, service_code: 'poda-de-arvore' })).not.toContain(id);
		expect(await list({ end_date: start })).not.toContain(id);

		// The organ concludes it: the list's closed filter and status_notes follow.
		const infra = await login('infra');
		for (const status of ['em_analise', 'em_atendimento', 'concluido']) {
			const res = await fetch(`${server.url}/api/v1/protocols/${id}/status`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie: infra },
				body: JSON.stringify({ status, note: status === 'concluido' ? 'Buraco tapado.' : '', public: status === 'concluido' })
			});
			expect(res.status).toBe(200);
		}
		expect(await list({ start_date: start, status: 'closed' })).toContain(id);
		expect(await list({ start_date: start, status: 'open' })).not.toContain(id);
		const [closed] = await (await get(`requests/${id}.json?api_key=${key}`)).json();
		expect(closed).toMatchObject({ status: 'closed', status_notes: 'Buraco tapado.' });

		// The spec's limits: a window of at most 90 days, dates with a zone, status open|closed.
		for (const params of [
			{ start_date: '2026-01-01T00:00:00-03:00', end_date: '2026-06-01T00:00:00-03:00' },
			{ start_date: '2026-01-01' },
			{ status: 'pending' }
		] as Record<string, string>[]) {
			const res = await get(`requests.json?${new URLSearchParams({ api_key: key, ...params })}`);
			expect(res.status).toBe(400);
			expect(await res.json()).toEqual([{ code: 400, description: expect.any(String) }]);
		}
	});
});
