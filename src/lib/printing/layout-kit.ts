import { FEW_MINUTES } from '../wait-wording.js';
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import QRCode from 'qrcode';
import { VezError } from '../errors.js';
import type { CodepageName } from './codepages.js';
import {
	codepageNumber,
	columnsFor,
	feedBeforeCut,
	isEncoderModel,
	type PrinterCodepage,
	type PrinterConfig
} from './printer-profile.js';
import { printableLines, printableText } from './text.js';

/** The encoder library's name for each code page Vez configures. */
const ENCODER_CODEPAGE: Record<PrinterCodepage, 'cp850' | 'cp860' | 'windows1252'> = {
	cp850: 'cp850',
	cp860: 'cp860',
	cp1252: 'windows1252'
};

/** A receipt being written for one printer: text goes through `text()`/`lines()` so it is printable. */
export class ReceiptWriter {
	readonly encoder: ReceiptPrinterEncoder;
	readonly columns: number;
	readonly page: CodepageName;

	constructor(readonly printer: PrinterConfig) {
		const n = codepageNumber(printer);
		if (n === null) {
			throw new VezError('invalid_input', `printer ${printer.name} has no ${printer.codepage}`, {
				codepage: 'not_supported_by_model'
			});
		}
		const feed = feedBeforeCut(printer);
		this.columns = columnsFor(printer);
		this.page = printer.codepage;
		this.encoder = new ReceiptPrinterEncoder({
			...(isEncoderModel(printer.model) ? { printerModel: printer.model as never } : {}),
			columns: this.columns,
			// One page only: the encoder then never switches pages mid-line behind our back.
			codepageMapping: { [ENCODER_CODEPAGE[printer.codepage]]: n },
			...(feed === undefined ? {} : { feedBeforeCut: feed }),
			imageMode: 'raster',
			errors: 'strict'
		});
		this.encoder.initialize().codepage(ENCODER_CODEPAGE[printer.codepage]);
	}

	text(value: string): this {
		this.encoder.text(printableText(value, this.page));
		return this;
	}

	line(value: string): this {
		this.encoder.line(printableText(value, this.page));
		return this;
	}

	/** Free text (header, footer) as its own lines; nothing when empty. */
	lines(value: string | null | undefined): this {
		for (const line of printableLines(value, this.page)) this.encoder.line(line);
		return this;
	}

	separator(): this {
		this.encoder.line('-'.repeat(this.columns));
		return this;
	}

	/** Text in double size or larger, shrunk so a long value still fits on one line. */
	big(value: string, scale: number): this {
		const text = printableText(value, this.page);
		const fit = Math.max(1, Math.min(scale, Math.floor(this.columns / Math.max(1, text.length))));
		this.encoder.size(fit, fit).line(text).size(1, 1);
		return this;
	}

	/**
	 * A QR code of `data`, centred. Native `GS ( k` where the printer has it; otherwise a raster
	 * image drawn from the same matrix, because clones without `GS ( k` print its bytes as junk.
	 */
	qr(data: string): this {
		const capabilities = this.encoder.printerCapabilities as { qrcode?: { supported?: boolean } };
		const native = this.printer.qrMode === 'native' && capabilities.qrcode?.supported !== false;
		this.encoder.align('center');
		if (native) {
			this.encoder.qrcode(data, { model: 2, size: this.printer.width === 58 ? 5 : 6, errorlevel: 'm' });
		} else {
			this.encoder.image(qrImage(data, this.encoder.printableWidth), { mode: 'raster' });
		}
		return this;
	}

	/** Feeds past the cutter, cuts, and returns the bytes. */
	finish(): Uint8Array {
		this.encoder.align('left').cut('full');
		return this.encoder.encode();
	}
}

/** Quiet zone the QR standard asks for, in modules. */
const QR_QUIET = 4;

/**
 * RGBA pixels of a QR code in whole dots per module: up to 6, the size native QR prints at,
 * and no wider than 60% of the paper.
 */
function qrImage(data: string, printableWidth: number) {
	const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
	const span = modules.size + 2 * QR_QUIET;
	const scale = Math.max(2, Math.min(6, Math.floor((printableWidth * 0.6) / span)));
	const side = span * scale;
	const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
	for (let y = 0; y < side; y++) {
		const row = Math.floor(y / scale) - QR_QUIET;
		for (let x = 0; x < side; x++) {
			const col = Math.floor(x / scale) - QR_QUIET;
			const dark = row >= 0 && col >= 0 && row < modules.size && col < modules.size && modules.get(row, col);
			if (dark) pixels.fill(0, (y * side + x) * 4, (y * side + x) * 4 + 3);
		}
	}
	// A plain object literal is what the encoder recognises as raw pixel data.
	return { data: pixels, width: side, height: side };
}

/** "~12 min", "~1 h 05 min", "menos de 1 min" — the wait as a citizen reads it. */
/** A forecast range on paper (pt-BR, plain ASCII): "12 a 18 min", "alguns minutos" when short. */
export function formatWaitRange(low: number, high: number): string {
	if (high <= FEW_MINUTES) return 'alguns minutos';
	if (high >= 60) return `${formatWait(low).replace('~', '')} a ${formatWait(high).replace('~', '')}`;
	return low === high ? `~${high} min` : `${low} a ${high} min`;
}

export function formatWait(minutes: number): string {
	const m = Math.round(minutes);
	if (m < 1) return 'menos de 1 min';
	if (m < 60) return `~${m} min`;
	const rest = m % 60;
	return rest === 0 ? `~${m / 60} h` : `~${Math.floor(m / 60)} h ${String(rest).padStart(2, '0')} min`;
}
