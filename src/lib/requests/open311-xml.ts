/**
 * A tiny XML writer for Open311 GeoReport v2, whose spec makes XML the required format: elements
 * with text, nested elements, and nothing else (no attributes, no namespaces).
 */

/** An element's content: text (a scalar; null and undefined write an empty element) or child elements in order. */
export type XmlValue = string | number | boolean | null | undefined | readonly XmlElement[];
export type XmlElement = readonly [tag: string, value: XmlValue];

const TAG = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// XML 1.0 allows tab, LF, CR and everything from U+0020 except lone surrogates, U+FFFE and U+FFFF.
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content or an attribute, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
	return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => {
		switch (c) {
			case '&':
				return '&amp;';
			case '<':
				return '&lt;';
			case '>':
				return '&gt;';
			case '"':
				return '&quot;';
			default:
				return '&apos;';
		}
	});
}

function write([tag, value]: XmlElement, out: string[]): void {
	if (!TAG.test(tag) || /^xml/i.test(tag)) throw new Error(`Not an XML element name: ${tag}`);
	if (Array.isArray(value)) {
		out.push(`<${tag}>`);
		for (const child of value as readonly XmlElement[]) write(child, out);
		out.push(`</${tag}>`);
	} else {
		const text = value === null || value === undefined ? '' : escapeXml(String(value));
		out.push(`<${tag}>${text}</${tag}>`);
	}
}

/** A whole UTF-8 XML document with one root element. */
export function toXml(root: XmlElement): string {
	const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
	write(root, out);
	return out.join('');
}

/** An element whose children are a record's fields in their order; arrays of scalars repeat `itemTag`. */
export function recordElement(tag: string, record: Readonly<Record<string, unknown>>): XmlElement {
	const children: XmlElement[] = [];
	for (const [key, value] of Object.entries(record)) children.push(valueElement(key, value));
	return [tag, children];
}

function valueElement(tag: string, value: unknown): XmlElement {
	if (Array.isArray(value)) {
		const item = tag.endsWith('s') ? tag.slice(0, -1) : 'item';
		return [tag, value.map((v) => valueElement(item, v))];
	}
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		return recordElement(tag, value as Record<string, unknown>);
	}
	if (value instanceof Date) return [tag, value.toISOString()];
	return [tag, value as string | number | boolean | null | undefined];
}

/** A list document: `<services><service>…</service>…</services>`. */
export function listDocument(rootTag: string, itemTag: string, items: readonly Readonly<Record<string, unknown>>[]): string {
	return toXml([rootTag, items.map((i) => recordElement(itemTag, i))]);
}
