import { ReceiptWriter } from './layout-kit.js';
import { codepageNumber, columnsFor, type PrinterConfig } from './printer-profile.js';
import { formatIssuedAt } from './ticket-layout.js';

export const TEST_PAGE_ACCENTS = 'Ação, coração, não, três, você, º ª';

/** A page that shows at a glance whether width, code page and QR mode are configured right. */
export function testPageBytes(
	printer: PrinterConfig,
	page: { qrData: string; printedAt: Date; timezone: string }
): Uint8Array {
	const w = new ReceiptWriter(printer);
	const e = w.encoder;
	const columns = columnsFor(printer);

	e.align('center').bold(true);
	w.line('PÁGINA DE TESTE');
	e.bold(false);
	w.line(printer.name);
	w.separator();
	e.align('left');
	w.line(`Endereço: ${printer.host}:${printer.port}`);
	w.line(`Modelo: ${printer.model}`);
	w.line(`Papel: ${printer.width} mm (${columns} colunas)`);
	w.line(`Página de código: ${printer.codepage} (ESC t ${codepageNumber(printer)})`);
	w.line(`QR: ${printer.qrMode === 'native' ? 'nativo (GS ( k)' : 'imagem raster'}`);
	w.line(`Impresso em ${formatIssuedAt(page.printedAt, page.timezone)}`);
	w.separator();
	w.line(TEST_PAGE_ACCENTS);
	w.line('ÁÉÍÓÚ ÂÊÔ ÃÕ À Ç áéíóú âêô ãõ à ç');
	// A full ruler shows at once whether the configured width matches the paper.
	w.line('1234567890'.repeat(Math.ceil(columns / 10)).slice(0, columns));
	e.bold(true);
	w.line('Negrito');
	e.bold(false);
	w.big('A001', 2);
	w.qr(page.qrData);
	w.line('Se o QR acima lê e os acentos saem certos, a impressora está pronta.');
	return w.finish();
}
