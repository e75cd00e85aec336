import { describe, expect, it } from 'vitest';
import { decodeEscPos, visibleText } from '$lib/printing/escpos-decoder';

const ESC = 0x1b;
const GS = 0x1d;
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('decodeEscPos', () => {
	it('reads bytes above 0x80 through the page selected by ESC t', () => {
		const bytes = Uint8Array.from([
			...[ESC, 0x74, 3], ...ascii('S'), 0x84, ...ascii('o'), 0x0a,
			...[ESC, 0x74, 2], ...ascii('S'), 0xc6, ...ascii('o'), 0x0a,
			...[ESC, 0x74, 16], ...ascii('S'), 0xe3, ...ascii('o'), 0x0a
		]);
		const decoded = decodeEscPos(bytes);
		expect(visibleText(decoded)).toEqual(['São', 'São', 'São']);
		expect(decoded.codepages).toEqual([3, 2, 16]);
	});

	it('starts from the given page and returns to it on ESC @', () => {
		const bytes = Uint8Array.from([0x84, 0x0a, ESC, 0x74, 0, 0x84, 0x0a, ESC, 0x40, 0x84, 0x0a]);
		expect(visibleText(decodeEscPos(bytes, 'cp860'))).toEqual(['ã', 'ä', 'ã']);
	});

	it('tracks bold and size from ESC E, ESC ! and GS !', () => {
		const bytes = Uint8Array.from([
			...[ESC, 0x45, 1], ...ascii('B'), ...[ESC, 0x45, 0], 0x0a,
			...[ESC, 0x21, 0x38], ...ascii('D'), ...[ESC, 0x21, 0], 0x0a,
			...ascii('  '), ...[GS, 0x21, 0x33], ...ascii('X'), ...[GS, 0x21, 0], 0x0a
		]);
		const [bold, double, big] = decodeEscPos(bytes).lines;
		expect(bold).toMatchObject({ text: 'B', bold: true, doubleWidth: false });
		expect(double).toMatchObject({ bold: true, doubleWidth: true, doubleHeight: true, widthScale: 2 });
		expect(big).toMatchObject({ text: '  X', bold: false, widthScale: 4, heightScale: 4, columns: 6 });
		expect(big.segments).toEqual([
			{ text: '  ', bold: false, widthScale: 1, heightScale: 1 },
			{ text: 'X', bold: false, widthScale: 4, heightScale: 4 }
		]);
	});

	it('records ESC a justification', () => {
		const bytes = Uint8Array.from([ESC, 0x61, 1, ...ascii('c'), 0x0a, ESC, 0x61, 0x32, ...ascii('r'), 0x0a]);
		expect(decodeEscPos(bytes).lines.map((l) => l.align)).toEqual(['center', 'right']);
	});

	it('takes the QR payload from GS ( k store and prints it on GS ( k print', () => {
		const data = ascii('https://vez.example/t/1');
		const length = data.length + 3;
		const bytes = Uint8Array.from([
			...[GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0],
			...[GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30, ...data],
			...[GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
			0x0a
		]);
		const decoded = decodeEscPos(bytes);
		expect(decoded.qrCodes).toEqual(['https://vez.example/t/1']);
		expect(decoded.unknownCommands).toBe(0);
	});

	it('joins raster bands printed back to back into one image', () => {
		const band = (rows: number) => [GS, 0x76, 0x30, 0, 2, 0, rows, 0, ...new Array(2 * rows).fill(0xff)];
		const decoded = decodeEscPos(Uint8Array.from([...band(3), ...band(2), 0x0a, ...band(1)]));
		expect(decoded.rasterImages).toBe(2);
		expect(decoded.elements[0]).toMatchObject({ type: 'image', width: 16, height: 5 });
	});

	it('counts full and partial GS V cuts, with and without a feed byte', () => {
		const bytes = Uint8Array.from([GS, 0x56, 0, GS, 0x56, 1, GS, 0x56, 66, 3, ...ascii('x'), 0x0a]);
		const decoded = decodeEscPos(bytes);
		expect(decoded.cuts).toBe(3);
		expect(decoded.elements.filter((e) => e.type === 'cut')).toEqual([
			{ type: 'cut', partial: false },
			{ type: 'cut', partial: true },
			{ type: 'cut', partial: false }
		]);
		expect(visibleText(decoded)).toEqual(['x']);
	});

	it('steps over commands it does not draw without printing their arguments', () => {
		const bytes = Uint8Array.from([
			...[0x1c, 0x2e], // FS . kanji off
			...[ESC, 0x4d, 0], // font A
			...[ESC, 0x33, 24], // line spacing
			...[ESC, 0x2a, 0x21, 2, 0, 0x41, 0x41, 0x41, 0x41, 0x41, 0x41], // 24-dot column image
			...[GS, 0x6b, 4, ...ascii('ABC'), 0], // CODE39 barcode
			...[ESC, 0x70, 0, 50, 250], // drawer pulse
			...[0x10, 0x04, 1], // status request
			...ascii('ok'), 0x0d, 0x0a
		]);
		const decoded = decodeEscPos(bytes);
		expect(visibleText(decoded)).toEqual(['ok']);
		expect(decoded.unknownCommands).toBe(0);
	});

	it('prints text that is not ended by a line feed', () => {
		expect(visibleText(decodeEscPos(Uint8Array.from(ascii('sem LF'))))).toEqual(['sem LF']);
	});

	it('survives a command cut off at the end of the data', () => {
		expect(() => decodeEscPos(Uint8Array.from([...ascii('a'), GS, 0x76, 0x30, 0, 10]))).not.toThrow();
	});
});
