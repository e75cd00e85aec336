import { describe, expect, it } from 'vitest';
import { escapeXml, listDocument, toXml } from '../../../src/lib/requests/open311-xml';
import { discoveryBody, errorsBody, open311Service, parseFormatted, serviceAttributes, serviceDefinitionBody, servicesBody } from '../../../src/lib/requests/open311';

describe('Open311 XML writer', () => {
	it('escapes markup characters and drops those XML 1.0 cannot carry', () => {
		expect(escapeXml(`<b>"Tom" & 'Jerry'</b>`)).toBe('&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;');
		expect(escapeXml('a\u0000b\u0007c\td\ne\uFFFEf')).toBe('abc\td\nef');
		expect(escapeXml('lone \uD800 surrogate, pair 😀')).toBe('lone  surrogate, pair 😀');
		expect(escapeXml('Poda de árvore — já')).toBe('Poda de árvore — já');
	});

	it('writes nested elements, scalars and empty elements', () => {
		expect(toXml(['a', [['b', 1], ['c', true], ['d', null], ['e', [['f', 'x&y']]]]])).toBe(
			'<?xml version="1.0" encoding="utf-8"?><a><b>1</b><c>true</c><d></d><e><f>x&amp;y</f></e></a>'
		);
	});

	it('writes a list document with one element per record field', () => {
		expect(listDocument('errors', 'error', [{ code: 403, description: 'bad <key>' }])).toBe(
			'<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>bad &lt;key&gt;</description></error></errors>'
		);
	});

	it('refuses element names that are not XML names', () => {
		expect(() => toXml(['bad tag', 'x'])).toThrow();
		expect(() => toXml(['<x>', 'x'])).toThrow();
		expect(() => toXml(['xmlfoo', 'x'])).toThrow();
	});
});

describe('Open311 resources', () => {
	it('reads the format from the file name', () => {
		expect(parseFormatted('services.json')).toEqual({ name: 'services', format: 'json' });
		expect(parseFormatted('2026000123-4.XML')).toEqual({ name: '2026000123-4', format: 'xml' });
		expect(parseFormatted('iptu.segunda.xml')).toEqual({ name: 'iptu.segunda', format: 'xml' });
		for (const bad of ['services', 'services.html', '.json', 'services.json.bak']) expect(parseFormatted(bad), bad).toBeNull();
	});

	const service = open311Service({
		code: 'poda-de-arvore',
		name: 'Poda de árvore em área pública',
		description: 'Poda em calçadas & praças',
		keywords: ['poda', 'árvore'],
		theme: 'Meio ambiente'
	});

	it('maps a catalogue service onto the spec fields', () => {
		expect(service).toEqual({
			service_code: 'poda-de-arvore',
			service_name: 'Poda de árvore em área pública',
			description: 'Poda em calçadas & praças',
			metadata: true,
			type: 'batch',
			keywords: 'poda, árvore',
			group: 'Meio ambiente'
		});
	});

	it('serves the service list as JSON and XML', () => {
		expect(JSON.parse(servicesBody('json', [service]).text)).toEqual([service]);
		const xml = servicesBody('xml', [service]);
		expect(xml.contentType).toContain('text/xml');
		expect(xml.text).toContain('<services><service><service_code>poda-de-arvore</service_code>');
		expect(xml.text).toContain('<description>Poda em calçadas &amp; praças</description><metadata>true</metadata><type>batch</type>');
		expect(xml.text).toContain('<group>Meio ambiente</group></service></services>');
	});

	it('serves a service definition, errors and discovery', () => {
		expect(JSON.parse(serviceDefinitionBody('json', 'x', []).text)).toEqual({ service_code: 'x', attributes: [] });
		expect(serviceDefinitionBody('xml', 'x', []).text).toContain('<service_definition><service_code>x</service_code><attributes></attributes></service_definition>');
		expect(JSON.parse(errorsBody('json', [{ code: 404, description: 'no' }]).text)).toEqual([{ code: 404, description: 'no' }]);
		const d = discoveryBody('xml', { baseUrl: 'https://vez.test', contact: 'c', changeset: '2026-01-01T00:00:00Z' }).text;
		expect(d).toContain('<url>https://vez.test/open311/v2</url>');
		expect(d).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');
		const j = JSON.parse(discoveryBody('json', { baseUrl: 'https://vez.test', contact: 'c', changeset: 'x' }).text);
		expect(j.endpoints[0]).toMatchObject({ type: 'production', url: 'https://vez.test/open311/v2' });
	});
});

describe('Open311 service definitions', () => {
	const SPEC_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'];

	it('advertises the CPF (required where anonymity is not allowed) and the kind list with the spec fields', () => {
		const strict = serviceAttributes({ anonymousAllowed: false });
		expect(strict.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
			['cpf', 'string', true, 1],
			['kind', 'singlevaluelist', false, 2]
		]);
		expect(serviceAttributes({ anonymousAllowed: true })[0].required).toBe(false);
		expect(Object.keys(strict[0]).sort()).toEqual([...SPEC_FIELDS].sort());
		expect(Object.keys(strict[1]).sort()).toEqual([...SPEC_FIELDS, 'values'].sort());
		expect(strict[1].values).toContainEqual({ key: 'reclamacao', name: 'Reclamação' });
		for (const v of strict[1].values!) expect(Object.keys(v).sort()).toEqual(['key', 'name']);
	});

	it('writes the definition in the spec XML shape', () => {
		const xml = serviceDefinitionBody('xml', 'tapa-buraco', serviceAttributes({ anonymousAllowed: false })).text;
		expect(xml).toContain(
			'<service_definition><service_code>tapa-buraco</service_code><attributes><attribute><variable>true</variable><code>cpf</code><datatype>string</datatype><required>true</required>'
		);
		expect(xml).toContain('<values><value><key>solicitacao</key><name>Solicitação</name></value>');
		expect(xml).toMatch(/<\/values><\/attribute><\/attributes><\/service_definition>$/);
	});
});
