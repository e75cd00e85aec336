import { describe, expect, it } from 'vitest';
import { decodeEscPos, visibleText } from '$lib/printing/escpos-decoder';
import { protocolReceiptBytes, type ProtocolReceiptPrint } from '$lib/printing/receipt-layout';
import { testPageBytes, TEST_PAGE_ACCENTS } from '$lib/printing/test-page';
import { printer } from './fixtures';

const receipt: ProtocolReceiptPrint = {
	unitName: 'Poupatempo Sé',
	protocolNumber: '2025.000123-4',
	serviceName: 'Alvará de funcionamento',
	organName: 'Secretaria da Fazenda',
	openedAt: new Date('2025-03-05T17:32:00Z'),
	dueAt: new Date('2025-03-20T15:00:00Z'),
	timezone: 'America/Sao_Paulo',
	maskedCpf: '***.456.789-**',
	accessCode: 'K7PX3QMA',
	lookupUrl: 'https://vez.example.gov.br/p/2025.000123-4'
};

describe('protocolReceiptBytes', () => {
	for (const width of [80, 58] as const) {
		it(`prints the protocol, its service, organ, deadline and masked CPF on ${width} mm`, () => {
			const decoded = decodeEscPos(protocolReceiptBytes(receipt, printer({ width }), {}));
			const text = visibleText(decoded);
			const joined = text.join(' ');
			expect(text).toContain('COMPROVANTE DE PROTOCOLO');
			expect(text).toContain('Serviço: Alvará de funcionamento');
			expect(text).toContain('Órgão: Secretaria da Fazenda');
			expect(text).toContain('Aberto em 05/03/2025 14:32');
			expect(text).toContain('Prazo de resposta: 20/03/2025');
			expect(text).toContain('CPF: ***.456.789-**');
			expect(text).toContain('Código de acesso: K7PX3QMA');
			expect(joined).toContain('vez.example.gov.br');
			expect(decoded.qrCodes).toEqual([receipt.lookupUrl]);
			expect(decoded.cuts).toBe(1);
			for (const line of decoded.lines) expect(line.columns).toBeLessThanOrEqual(width === 58 ? 32 : 48);
		});
	}

	it('prints the protocol number large and bold', () => {
		const decoded = decodeEscPos(protocolReceiptBytes(receipt, printer(), {}));
		expect(decoded.lines.find((l) => l.text.trim() === '2025.000123-4')).toMatchObject({
			bold: true,
			doubleWidth: true,
			doubleHeight: true
		});
	});

	it('leaves out the deadline and CPF when there are none', () => {
		const text = visibleText(
			decodeEscPos(protocolReceiptBytes({ ...receipt, dueAt: null, maskedCpf: null }, printer(), {}))
		);
		expect(text.some((l) => l.startsWith('Prazo'))).toBe(false);
		expect(text.some((l) => l.startsWith('CPF'))).toBe(false);
	});
});

describe('testPageBytes', () => {
	for (const codepage of ['cp860', 'cp850', 'cp1252'] as const) {
		it(`shows the printer's settings and the accent line on ${codepage}`, () => {
			const p = printer({ codepage, width: 58, qrMode: 'raster' });
			const bytes = testPageBytes(p, {
				qrData: 'https://vez.example.gov.br/',
				printedAt: new Date('2025-03-05T17:32:00Z'),
				timezone: 'America/Sao_Paulo'
			});
			const decoded = decodeEscPos(bytes);
			const joined = visibleText(decoded).join(' ');
			expect(joined).toContain('Totem 1');
			expect(joined).toContain('58 mm (32 colunas)');
			expect(joined).toContain(codepage);
			expect(joined).toContain(TEST_PAGE_ACCENTS);
			expect(decoded.rasterImages).toBe(1);
			expect(decoded.cuts).toBe(1);
		});
	}
});
