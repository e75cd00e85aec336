/**
 * Open311 GeoReport v2 (open311.org) on top of the catalogue: every resource is served as
 * `name.json` or `name.xml` (XML is the spec's required format), errors are a list of
 * `{code, description}`, and the catalogue's fields map onto the spec's service fields.
 */
import { listDocument, recordElement, toXml } from './open311-xml';
import { PROTOCOL_KINDS } from '$lib/requests/protocol';
import { protocolsMessages } from '$lib/i18n/screens/protocols';

export type Open311Format = 'json' | 'xml';

export interface Formatted {
	readonly name: string;
	readonly format: Open311Format;
}

/** Splits `services.json` / `2026000123-4.xml` into the name and the format; null for anything else. */
export function parseFormatted(file: string): Formatted | null {
	const m = /^(.+)\.(json|xml)$/i.exec(file);
	if (!m || m[1].length > 120) return null;
	return { name: m[1], format: m[2].toLowerCase() as Open311Format };
}

/** The spec's service list entry. */
export interface Open311Service {
	service_code: string;
	service_name: string;
	description: string;
	metadata: boolean;
	type: 'realtime' | 'batch' | 'blackbox';
	keywords: string;
	group: string;
}

/** A catalogue service as Open311 lists it: it has attributes (metadata true, see serviceAttributes), answered later (batch). */
export function open311Service(s: {
	code: string;
	name: string;
	description: string;
	keywords: readonly string[];
	theme: string;
}): Open311Service {
	return {
		service_code: s.code,
		service_name: s.name,
		description: s.description,
		metadata: true,
		type: 'batch',
		keywords: s.keywords.join(', '),
		group: s.theme
	};
}

export interface Open311Error {
	code: number;
	description: string;
}

/** The body of one Open311 answer, in the asked format. */
export interface Open311Body {
	readonly contentType: string;
	readonly text: string;
}

function body(format: Open311Format, json: unknown, xml: () => string): Open311Body {
	return format === 'json'
		? { contentType: 'application/json; charset=utf-8', text: JSON.stringify(json) }
		: { contentType: 'text/xml; charset=utf-8', text: xml() };
}

export function servicesBody(format: Open311Format, services: readonly Open311Service[]): Open311Body {
	return body(format, services, () => listDocument('services', 'service', services as unknown as Record<string, unknown>[]));
}

/** The spec's attribute of a service definition; `values` only for the list datatypes. */
export interface Open311Attribute {
	variable: boolean;
	code: string;
	datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
	required: boolean;
	datatype_description: string;
	order: number;
	description: string;
	values?: { key: string; name: string }[];
}

/**
 * What a POST may carry as `attribute[code]` beyond the spec's fields: the citizen's CPF
 * (required where the service takes no anonymous requests) and the kind of manifestação.
 */
export function serviceAttributes(s: { anonymousAllowed: boolean }): Open311Attribute[] {
	const labels = protocolsMessages['pt-BR'];
	return [
		{
			variable: true,
			code: 'cpf',
			datatype: 'string',
			required: !s.anonymousAllowed,
			datatype_description: 'CPF do cidadão: 11 dígitos, com ou sem pontuação (000.000.000-00).',
			order: 1,
			description: s.anonymousAllowed
				? 'CPF do cidadão. Sem ele, a solicitação é registrada como anônima.'
				: 'CPF do cidadão. Este serviço não aceita solicitações anônimas.'
		},
		{
			variable: true,
			code: 'kind',
			datatype: 'singlevaluelist',
			required: false,
			datatype_description: 'Uma das chaves listadas; sem ela, solicitação.',
			order: 2,
			description: 'Tipo de manifestação',
			values: PROTOCOL_KINDS.map((k) => ({ key: k, name: labels[`protocols.kind.${k}`] }))
		}
	];
}

/** A service definition: the attributes a request for this service may carry. */
export function serviceDefinitionBody(format: Open311Format, code: string, attributes: readonly Open311Attribute[]): Open311Body {
	const definition = { service_code: code, attributes };
	return body(format, definition, () => toXml(recordElement('service_definition', definition)));
}

export function errorsBody(format: Open311Format, errors: readonly Open311Error[]): Open311Body {
	return body(format, errors, () => listDocument('errors', 'error', errors as unknown as Record<string, unknown>[]));
}

/** Generic list bodies (requests, request tokens): `[{…}]` or `<root><item>…</item></root>`. */
export function listBody(format: Open311Format, rootTag: string, itemTag: string, items: readonly Readonly<Record<string, unknown>>[]): Open311Body {
	return body(format, items, () => listDocument(rootTag, itemTag, items));
}

export interface DiscoveryInput {
	/** The server's public base URL, without a trailing slash. */
	readonly baseUrl: string;
	readonly contact: string;
	readonly changeset: string;
}

/** The discovery document: where the production endpoint lives and which formats it speaks. */
export function discoveryBody(format: Open311Format, input: DiscoveryInput): Open311Body {
	const endpoint = {
		specification: 'http://wiki.open311.org/GeoReport_v2',
		url: `${input.baseUrl}/open311/v2`,
		changeset: input.changeset,
		type: 'production',
		formats: ['text/xml', 'application/json']
	};
	const discovery = {
		changeset: input.changeset,
		contact: input.contact,
		key_service: `${input.baseUrl}/admin`,
		endpoints: [endpoint]
	};
	return body(format, discovery, () =>
		toXml([
			'discovery',
			[
				['changeset', discovery.changeset],
				['contact', discovery.contact],
				['key_service', discovery.key_service],
				[
					'endpoints',
					[
						[
							'endpoint',
							[
								['specification', endpoint.specification],
								['url', endpoint.url],
								['changeset', endpoint.changeset],
								['type', endpoint.type],
								['formats', endpoint.formats.map((f) => ['format', f] as const)]
							]
						]
					]
				]
			]
		])
	);
}

