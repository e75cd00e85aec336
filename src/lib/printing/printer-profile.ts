import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';

export type PaperWidth = 58 | 80;
export type PrinterCodepage = 'cp860' | 'cp850' | 'cp1252';
export type QrMode = 'native' | 'raster';

export const DEFAULT_PRINTER_PORT = 9100;

/** One ESC/POS printer on the network, as a unit configures it. */
export interface PrinterConfig {
	name: string;
	host: string;
	/** Raw TCP port; DEFAULT_PRINTER_PORT (9100) unless the printer says otherwise. */
	port: number;
	/** An encoder printer model id ('epson-tm-t88vi'), one of VENDOR_PROFILES ('bematech-mp-4200-th') or 'generic'. */
	model: string;
	width: PaperWidth;
	codepage: PrinterCodepage;
	/** 'raster' for clones whose firmware lacks GS ( k. */
	qrMode: QrMode;
	/** The n of `ESC t n` when a printer numbers its code pages unlike its vendor's table. */
	codepageNumber?: number | null;
}

/** Characters per line in font A (12×24 dots) on a 203 dpi head: 576 dots on 80 mm, 384 on 58 mm. */
export const COLUMNS_BY_WIDTH: Record<PaperWidth, number> = { 80: 48, 58: 32 };

/**
 * `ESC t n` numbers per vendor. Epson's table is the one most clones (Elgin, Daruma, the
 * generic 80 mm printers sold in Brazil) copy; Bematech's ESC/POS mode moved cp860 to 4 and
 * has no cp1252.
 */
const EPSON_CODEPAGES: Record<PrinterCodepage, number> = { cp850: 2, cp860: 3, cp1252: 16 };
const BEMATECH_CODEPAGES: Partial<Record<PrinterCodepage, number>> = { cp850: 2, cp860: 4 };

interface VendorProfile {
	label: string;
	codepages: Partial<Record<PrinterCodepage, number>>;
	columns80: number;
	/** Lines fed before `GS V` so the cut falls below the last line, not through it. */
	feedBeforeCut: number;
}

/** Printers the encoder has no definition for, keyed by the model id kept in configuration. */
export const VENDOR_PROFILES: Record<string, VendorProfile> = {
	generic: { label: 'ESC/POS genérica (tabela Epson)', codepages: EPSON_CODEPAGES, columns80: 48, feedBeforeCut: 4 },
	'bematech-mp-4200-th': { label: 'Bematech MP-4200 TH', codepages: BEMATECH_CODEPAGES, columns80: 48, feedBeforeCut: 4 },
	'elgin-i9': { label: 'Elgin i9', codepages: EPSON_CODEPAGES, columns80: 48, feedBeforeCut: 4 },
	'daruma-dr800': { label: 'Daruma DR800', codepages: EPSON_CODEPAGES, columns80: 48, feedBeforeCut: 4 }
};

const ENCODER_MODELS = new Set(ReceiptPrinterEncoder.printerModels.map((m) => m.id));

/** Whether the encoder has a definition (fonts, cutter feed, QR support) for this model id. */
export function isEncoderModel(model: string): boolean {
	return ENCODER_MODELS.has(model);
}

/** Model ids an admin can choose from, encoder definitions first. */
export function printerModels(): { id: string; name: string }[] {
	return [
		...Object.entries(VENDOR_PROFILES).map(([id, p]) => ({ id, name: p.label })),
		...ReceiptPrinterEncoder.printerModels
	];
}

/** The n of `ESC t n` that selects the configured code page on this printer, or null if it has none. */
export function codepageNumber(printer: PrinterConfig): number | null {
	if (printer.codepageNumber != null) return printer.codepageNumber;
	const vendor = VENDOR_PROFILES[printer.model];
	if (vendor) return vendor.codepages[printer.codepage] ?? null;
	// Every encoder model Vez targets (Epson, and the clones that copy it) uses Epson's numbers.
	return EPSON_CODEPAGES[printer.codepage];
}

/**
 * Characters per line in font A. 58 mm paper is 32 everywhere; on 80 mm a 180 dpi head (the
 * TM-T88 family) fits only 42, which is why a known model's own count wins over 48.
 */
export function columnsFor(printer: PrinterConfig): number {
	if (printer.width === 58) return COLUMNS_BY_WIDTH[58];
	if (isEncoderModel(printer.model)) {
		return new ReceiptPrinterEncoder({ printerModel: printer.model as never }).columns;
	}
	return VENDOR_PROFILES[printer.model]?.columns80 ?? COLUMNS_BY_WIDTH[80];
}

/** What is wrong with a printer configuration, by field; empty when it can print. */
export function printerConfigProblems(printer: PrinterConfig): Record<string, string> {
	const problems: Record<string, string> = {};
	if (!printer.host.trim()) problems.host = 'required';
	if (!Number.isInteger(printer.port) || printer.port < 1 || printer.port > 65535) problems.port = 'invalid';
	if (!isEncoderModel(printer.model) && !VENDOR_PROFILES[printer.model]) problems.model = 'unknown';
	if (codepageNumber(printer) === null) problems.codepage = 'not_supported_by_model';
	return problems;
}

/** Lines to feed before cutting on printers the encoder does not define. */
export function feedBeforeCut(printer: PrinterConfig): number | undefined {
	return isEncoderModel(printer.model) ? undefined : (VENDOR_PROFILES[printer.model]?.feedBeforeCut ?? 4);
}
