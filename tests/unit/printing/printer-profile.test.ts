import { describe, expect, it } from 'vitest';
import { codepageNumber, columnsFor, printerConfigProblems, printerModels } from '$lib/printing/printer-profile';
import { printer } from './fixtures';

describe('printer profiles', () => {
	it('uses Epson code page numbers unless the vendor differs', () => {
		expect(codepageNumber(printer({ codepage: 'cp860' }))).toBe(3);
		expect(codepageNumber(printer({ codepage: 'cp850' }))).toBe(2);
		expect(codepageNumber(printer({ codepage: 'cp1252', model: 'epson-tm-t20iii' }))).toBe(16);
		expect(codepageNumber(printer({ codepage: 'cp860', model: 'bematech-mp-4200-th' }))).toBe(4);
		expect(codepageNumber(printer({ codepage: 'cp1252', model: 'bematech-mp-4200-th' }))).toBeNull();
	});

	it('lets a printer override its code page number', () => {
		expect(codepageNumber(printer({ codepage: 'cp860', codepageNumber: 25 }))).toBe(25);
	});

	it('fits 48 columns on 80 mm and 32 on 58 mm, fewer on a 180 dpi head', () => {
		expect(columnsFor(printer({ width: 80 }))).toBe(48);
		expect(columnsFor(printer({ width: 58 }))).toBe(32);
		expect(columnsFor(printer({ width: 80, model: 'epson-tm-t88vi' }))).toBe(42);
		expect(columnsFor(printer({ width: 58, model: 'epson-tm-t88vi' }))).toBe(32);
	});

	it('reports unknown models, bad ports and unsupported code pages', () => {
		expect(printerConfigProblems(printer())).toEqual({});
		expect(printerConfigProblems(printer({ model: 'hp-deskjet', port: 0, host: ' ' }))).toEqual({
			model: 'unknown',
			port: 'invalid',
			host: 'required'
		});
		expect(printerConfigProblems(printer({ model: 'bematech-mp-4200-th', codepage: 'cp1252' }))).toEqual({
			codepage: 'not_supported_by_model'
		});
	});

	it('offers the vendor profiles and the encoder models', () => {
		const ids = printerModels().map((m) => m.id);
		expect(ids).toContain('generic');
		expect(ids).toContain('bematech-mp-4200-th');
		expect(ids).toContain('epson-tm-t88vi');
	});
});
