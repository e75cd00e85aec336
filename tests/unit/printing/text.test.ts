import { describe, expect, it } from 'vitest';
import { printableLines, printableText } from '$lib/printing/text';

describe('printableText', () => {
	it('turns typographic dashes, quotes, ellipsis, bullets and spaces into ASCII', () => {
		expect(printableText('“Senha” – ‘A’ — fila… • sala\u00a01', 'cp860')).toBe('"Senha" - \'A\' - fila... * sala 1');
	});

	it('does so on cp1252 too, which could print them, so every printer reads the same', () => {
		expect(printableText('“a” – b…', 'cp1252')).toBe('"a" - b...');
	});

	for (const page of ['cp860', 'cp850', 'cp1252'] as const) {
		it(`keeps Portuguese letters and ordinals on ${page}`, () => {
			const text = 'Ação, coração, não, três, você, º ª ÁÉÍÓÚ ÂÊÔ ÃÕ À Ç';
			expect(printableText(text, page)).toBe(text);
		});
	}

	it('composes decomposed accents before looking them up', () => {
		expect(printableText('a\u0303o', 'cp860')).toBe('ão');
	});

	it('drops accents the page lacks and marks what cannot print', () => {
		expect(printableText('Dvořák Łódź', 'cp860')).toBe('Dvorák ?ódz');
		expect(printableText('😀 €', 'cp860')).toBe('? EUR');
	});

	it('removes zero-width and soft hyphen characters and blanks control characters', () => {
		expect(printableText('Sé\u00ad\u200bde\tLeste\n', 'cp850')).toBe('Séde Leste ');
	});
});

describe('printableLines', () => {
	it('splits on any newline and trims blank lines at both ends', () => {
		expect(printableLines('\n Linha 1 \r\n\r\nLinha 2\n\n', 'cp860')).toEqual(['Linha 1', '', 'Linha 2']);
		expect(printableLines(null, 'cp860')).toEqual([]);
	});
});
