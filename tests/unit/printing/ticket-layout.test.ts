import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { decodeEscPos, visibleText, type DecodedElement } from '$lib/printing/escpos-decoder';
import type { PrinterCodepage } from '$lib/printing/printer-profile';
import { ticketBytes } from '$lib/printing/ticket-layout';
import { bytesOf, indexOfBytes, printer, ticket } from './fixtures';

/** `ESC t n` and the bytes of ã, ç and á, per code page on an Epson-numbered printer. */
const PAGES: Record<PrinterCodepage, { n: number; atilde: number; ccedil: number; aacute: number }> = {
	cp860: { n: 3, atilde: 0x84, ccedil: 0x87, aacute: 0xa0 },
	cp850: { n: 2, atilde: 0xc6, ccedil: 0x87, aacute: 0xa0 },
	cp1252: { n: 16, atilde: 0xe3, ccedil: 0xe7, aacute: 0xe1 }
};

const CP_NAMES = { 2: 'cp850', 3: 'cp860', 16: 'cp1252' } as const;

describe('ticketBytes', () => {
	for (const codepage of Object.keys(PAGES) as PrinterCodepage[]) {
		for (const width of [80, 58] as const) {
			describe(`${width} mm, ${codepage}`, () => {
				const p = printer({ width, codepage });
				const bytes = ticketBytes(
					ticket({ unitName: 'Central de Atendimento Ação Cidadã', priorityName: 'Pessoa idosa' }),
					p,
					{ header: 'Prefeitura de São José', footer: 'Horário: 8h às 17h' }
				);
				const decoded = decodeEscPos(bytes, 'cp437', CP_NAMES);
				const text = visibleText(decoded);

				it('selects the code page and encodes accents byte for byte', () => {
					expect(decoded.codepages).toEqual([PAGES[codepage].n]);
					expect(indexOfBytes(bytes, bytesOf(['Emiss', PAGES[codepage].atilde, 'o de RG']))).toBeGreaterThan(0);
					expect(indexOfBytes(bytes, bytesOf(['A', PAGES[codepage].ccedil, PAGES[codepage].atilde, 'o']))).toBeGreaterThan(0);
					expect(indexOfBytes(bytes, bytesOf(['Hor', PAGES[codepage].aacute, 'rio']))).toBeGreaterThan(0);
				});

				it('decodes to the expected lines with accents', () => {
					const joined = text.join('\n');
					expect(text[0]).toBe('Prefeitura de São José');
					expect(joined.replace(/\n/g, ' ')).toContain('Central de Atendimento Ação Cidadã');
					expect(text).toContain('A001');
					expect(text).toContain('Emissão de RG');
					expect(joined.replace(/\n/g, ' ')).toContain('Atendimento prioritário: Pessoa idosa');
					expect(text).toContain('Emitida em 05/03/2025 14:32');
					expect(text).toContain('3 pessoas à sua frente');
					expect(text).toContain('Espera estimada: ~12 min');
					expect(text).toContain('Acompanhe sua senha pelo celular');
					expect(joined).toContain('LGPD');
					expect(text[text.length - 1]).toBe('Horário: 8h às 17h');
				});

				it('prints the number magnified and bold', () => {
					const number = decoded.lines.find((l) => l.text.trim() === 'A001');
					expect(number).toMatchObject({ bold: true, doubleWidth: true, doubleHeight: true });
					expect(number!.widthScale).toBeGreaterThanOrEqual(2);
				});

				it(`keeps every line within ${width === 58 ? 32 : 48} columns`, () => {
					const limit = width === 58 ? 32 : 48;
					for (const line of decoded.lines) expect(line.columns, line.text).toBeLessThanOrEqual(limit);
				});

				it('puts the tracking URL in a native QR code and cuts at the end', () => {
					expect(decoded.qrCodes).toEqual(['https://vez.example.gov.br/t/8f3a2c9d']);
					expect(decoded.rasterImages).toBe(0);
					expect(decoded.cuts).toBe(1);
					expect(lastPrinted(decoded.elements)).toEqual({ type: 'cut', partial: false });
				});

				it('leaves no command undecoded', () => {
					expect(decoded.unknownCommands).toBe(0);
				});
			});
		}
	}

	it('orders the QR after the wait and before the line under it', () => {
		const decoded = decodeEscPos(ticketBytes(ticket(), printer(), {}));
		const kinds = decoded.elements
			.filter((e) => e.type !== 'text' || e.text.trim() !== '')
			.map((e) => (e.type === 'text' ? e.text.trim() : e.type));
		const qr = kinds.indexOf('qr');
		expect(kinds[qr - 1]).toBe('Espera estimada: ~12 min');
		expect(kinds[qr + 1]).toBe('Acompanhe sua senha pelo celular');
	});

	it('draws the QR as a raster image, without GS ( k, when the printer is set to raster', () => {
		const bytes = ticketBytes(ticket(), printer({ qrMode: 'raster' }), {});
		const decoded = decodeEscPos(bytes);
		expect(decoded.qrCodes).toEqual([]);
		expect(decoded.rasterImages).toBe(1);
		expect(indexOfBytes(bytes, [0x1d, 0x28, 0x6b])).toBe(-1);
		const image = decoded.elements.find((e) => e.type === 'image');
		expect(image && rasterShowsQr(image, 'https://vez.example.gov.br/t/8f3a2c9d')).toBe(true);
	});

	it('falls back to a raster QR on a model without GS ( k even when set to native', () => {
		const decoded = decodeEscPos(ticketBytes(ticket(), printer({ model: 'epson-tm-t88iii' }), {}));
		expect(decoded.qrCodes).toEqual([]);
		expect(decoded.rasterImages).toBe(1);
	});

	it('uses 42 columns on a 180 dpi Epson TM-T88VI', () => {
		const decoded = decodeEscPos(ticketBytes(ticket(), printer({ model: 'epson-tm-t88vi' }), {}));
		const widest = Math.max(...decoded.lines.map((l) => l.columns));
		expect(widest).toBe(42);
	});

	it('selects cp860 with ESC t 4 on a Bematech', () => {
		const bytes = ticketBytes(ticket(), printer({ model: 'bematech-mp-4200-th' }), {});
		expect(indexOfBytes(bytes, [0x1b, 0x74, 4])).toBeGreaterThan(0);
		expect(visibleText(decodeEscPos(bytes, 'cp437', { 4: 'cp860' }))).toContain('Emissão de RG');
	});

	it('refuses a code page the model does not have', () => {
		expect(() => ticketBytes(ticket(), printer({ model: 'bematech-mp-4200-th', codepage: 'cp1252' }), {})).toThrow(
			/cp1252/
		);
	});

	it('says so when nobody is ahead and leaves out an unknown wait', () => {
		const bytes = ticketBytes(ticket({ peopleAhead: 0, estimatedWaitMinutes: null }), printer(), {});
		const text = visibleText(decodeEscPos(bytes));
		expect(text).toContain('Você é o próximo da fila');
		expect(text.some((l) => l.startsWith('Espera estimada'))).toBe(false);
	});

	it("prints the Carta de Serviços' promised wait under the estimate, only for a service that has one", () => {
		const promised = visibleText(decodeEscPos(ticketBytes(ticket({ promisedWaitMinutes: 30 }), printer({ width: 58 }), {})));
		expect(promised[promised.indexOf('Espera estimada: ~12 min') + 1]).toBe('Meta da Carta: até 30 min');
		const without = visibleText(decodeEscPos(ticketBytes(ticket({ promisedWaitMinutes: null }), printer(), {})));
		expect(without.some((l) => l.startsWith('Meta da Carta'))).toBe(false);
	});

	it('prints the priority group and appointment time only when there are some', () => {
		const plain = visibleText(decodeEscPos(ticketBytes(ticket(), printer(), {})));
		expect(plain.some((l) => l.includes('prioritário'))).toBe(false);
		expect(plain.some((l) => l.startsWith('Agendamento'))).toBe(false);
		const booked = visibleText(
			decodeEscPos(ticketBytes(ticket({ priorityName: 'Gestante', appointmentTime: '14:30' }), printer(), {}))
		);
		expect(booked).toContain('Atendimento prioritário: Gestante');
		expect(booked).toContain('Agendamento: 14:30');
	});

	it('prints the time on the unit clock, not the server clock', () => {
		const manaus = visibleText(decodeEscPos(ticketBytes(ticket({ timezone: 'America/Manaus' }), printer(), {})));
		expect(manaus).toContain('Emitida em 05/03/2025 13:32');
	});

	it('normalises typographic characters in header and footer', () => {
		const text = visibleText(
			decodeEscPos(ticketBytes(ticket(), printer(), { header: '“Bem-vindo” — Sé', footer: 'Fila… rápida • 1º andar' }))
		);
		expect(text[0]).toBe('"Bem-vindo" - Sé');
		expect(text[text.length - 1]).toBe('Fila... rápida * 1º andar');
	});

	it('shrinks a long number so it still fits on 58 mm', () => {
		const decoded = decodeEscPos(ticketBytes(ticket({ number: 'PRIO-00123' }), printer({ width: 58 }), {}));
		const line = decoded.lines.find((l) => l.text.trim() === 'PRIO-00123');
		expect(line!.columns).toBeLessThanOrEqual(32);
		expect(line!.doubleWidth).toBe(true);
	});
});

function lastPrinted(elements: DecodedElement[]): DecodedElement | undefined {
	return elements.filter((e) => e.type !== 'text' || e.text.trim() !== '').at(-1);
}

/** Samples a raster at module centres and compares it with the QR matrix of `data`. */
function rasterShowsQr(image: Extract<DecodedElement, { type: 'image' }>, data: string): boolean {
	const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
	const black = (x: number, y: number) => (image.data[y * (image.width / 8) + (x >> 3)] & (0x80 >> (x & 7))) !== 0;
	let left = image.width;
	let top = image.height;
	for (let y = 0; y < image.height; y++)
		for (let x = 0; x < image.width; x++)
			if (black(x, y)) {
				left = Math.min(left, x);
				top = Math.min(top, y);
			}
	// The finder pattern starts at module (0,0), after a 4-module quiet zone.
	const scale = left / 4;
	if (!Number.isInteger(scale) || top !== left) return false;
	for (let r = 0; r < modules.size; r++)
		for (let c = 0; c < modules.size; c++) {
			const x = left + c * scale + Math.floor(scale / 2);
			const y = top + r * scale + Math.floor(scale / 2);
			if (black(x, y) !== Boolean(modules.get(r, c))) return false;
		}
	return true;
}
