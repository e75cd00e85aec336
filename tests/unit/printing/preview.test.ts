import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '$lib/printing/escpos-decoder';
import { qrSvg, renderTicketHtml } from '$lib/printing/preview-html';
import { renderTicketText } from '$lib/printing/preview-text';
import { ticketBytes } from '$lib/printing/ticket-layout';
import { printer, ticket } from './fixtures';

describe('ticket previews', () => {
	const decoded = decodeEscPos(ticketBytes(ticket({ unitName: 'Sé <Centro> & "Leste"' }), printer(), {}));

	it('renders HTML with escaped text, the magnified number and the QR as SVG', () => {
		const html = renderTicketHtml(decoded);
		expect(html).toContain('Sé &#60;Centro&#62; &#38; &#34;Leste&#34;');
		expect(html).not.toContain('<Centro>');
		expect(html).toMatch(/font-size:4em[^>]*>A001</);
		expect(html).toContain('<svg');
		expect(html).toContain('https://vez.example.gov.br/t/8f3a2c9d');
		expect(html).toContain('width:48ch');
		expect(html).toContain('vez-cut');
	});

	it('draws raster images from their bits', () => {
		const raster = decodeEscPos(ticketBytes(ticket(), printer({ qrMode: 'raster', width: 58 }), {}));
		const html = renderTicketHtml(raster);
		expect(html).toContain('vez-image');
		expect(html).toContain('width:32ch');
	});

	it('draws the same QR matrix for the same payload', () => {
		expect(qrSvg('https://x.example/1')).toBe(qrSvg('https://x.example/1'));
		expect(qrSvg('https://x.example/1')).not.toBe(qrSvg('https://x.example/2'));
	});

	it('renders terminal text framed at paper width with the number spread over its cells', () => {
		const text = renderTicketText(decoded);
		const rows = text.split('\n');
		expect(rows.every((r) => r.length === rows[0].length)).toBe(true);
		expect(text).toContain('A   0   0   1');
		expect(text).toContain('[QR]');
		expect(text).toContain('✂');
	});
});
