import { decodeByte, type CodepageName } from './codepages.js';

export type Align = 'left' | 'center' | 'right';

/** A run of characters printed in one style. */
export interface DecodedSegment {
	text: string;
	bold: boolean;
	widthScale: number;
	heightScale: number;
}

/** One printed line of text, with the style of its visible characters. */
export interface DecodedLine {
	text: string;
	segments: DecodedSegment[];
	bold: boolean;
	doubleWidth: boolean;
	doubleHeight: boolean;
	/** Largest character magnification on the line (GS ! / ESC !), 1–8. */
	widthScale: number;
	heightScale: number;
	align: Align;
	/** Width on paper in font-A cells: padding and magnified characters included. */
	columns: number;
}

export type DecodedElement =
	| ({ type: 'text' } & DecodedLine)
	| { type: 'qr'; data: string }
	/** `GS v 0` raster: `width` dots per row, rows of width/8 bytes, MSB first, 1 = black. */
	| { type: 'image'; width: number; height: number; data: Uint8Array }
	| { type: 'cut'; partial: boolean };

export interface DecodedEscPos {
	lines: DecodedLine[];
	qrCodes: string[];
	/** Raster pictures, a tall one sent in several GS v 0 bands counting once. */
	rasterImages: number;
	cuts: number;
	/** Every n seen in `ESC t n`, in order. */
	codepages: number[];
	/** Everything printed, in paper order: what a preview draws. */
	elements: DecodedElement[];
	/** Command bytes the decoder did not recognise and skipped. */
	unknownCommands: number;
}

/** Epson's `ESC t` numbering, which the virtual printer emulates. */
export const EPSON_CODEPAGE_NUMBERS: Readonly<Record<number, CodepageName>> = {
	0: 'cp437',
	2: 'cp850',
	3: 'cp860',
	16: 'cp1252'
};

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

interface Cell {
	char: string;
	bold: boolean;
	w: number;
	h: number;
}

/**
 * Reads ESC/POS bytes back into what a printer would put on paper: text through the active
 * code page, style, QR payloads, raster images and cuts. Commands it only needs to step over
 * are skipped by their documented length, so a layout change cannot desynchronise it silently.
 */
export function decodeEscPos(
	bytes: Uint8Array,
	initialCodepage: CodepageName = 'cp437',
	codepageNumbers: Readonly<Record<number, CodepageName>> = EPSON_CODEPAGE_NUMBERS
): DecodedEscPos {
	const out: DecodedEscPos = {
		lines: [],
		qrCodes: [],
		rasterImages: 0,
		cuts: 0,
		codepages: [],
		elements: [],
		unknownCommands: 0
	};
	let page = initialCodepage;
	let bold = false;
	let w = 1;
	let h = 1;
	let align: Align = 'left';
	let cells: Cell[] = [];
	let storedQr: string | null = null;

	const reset = () => {
		page = initialCodepage;
		bold = false;
		w = 1;
		h = 1;
		align = 'left';
	};
	const emitLine = () => {
		const visible = cells.filter((c) => c.char.trim() !== '');
		const segments: DecodedSegment[] = [];
		for (const c of cells) {
			const last = segments[segments.length - 1];
			if (last && last.bold === c.bold && last.widthScale === c.w && last.heightScale === c.h) last.text += c.char;
			else segments.push({ text: c.char, bold: c.bold, widthScale: c.w, heightScale: c.h });
		}
		const line: DecodedLine = {
			text: cells.map((c) => c.char).join(''),
			segments,
			bold: visible.some((c) => c.bold),
			widthScale: Math.max(1, ...visible.map((c) => c.w)),
			heightScale: Math.max(1, ...visible.map((c) => c.h)),
			doubleWidth: visible.some((c) => c.w >= 2),
			doubleHeight: visible.some((c) => c.h >= 2),
			align,
			columns: cells.reduce((sum, c) => sum + c.w, 0)
		};
		out.lines.push(line);
		out.elements.push({ type: 'text', ...line });
		cells = [];
	};
	/** Blocks (QR, images, cuts) print the pending text first, as the printer does. */
	const flushPending = () => {
		if (cells.length) emitLine();
	};
	const u16 = (at: number) => bytes[at] + bytes[at + 1] * 256;

	let i = 0;
	while (i < bytes.length) {
		const b = bytes[i];

		if (b === LF) {
			emitLine();
			i += 1;
		} else if (b === ESC) {
			const cmd = bytes[i + 1];
			const n = bytes[i + 2];
			switch (cmd) {
				case 0x40: // ESC @ initialise
					flushPending();
					reset();
					i += 2;
					break;
				case 0x74: // ESC t n code page
					out.codepages.push(n);
					page = codepageNumbers[n] ?? 'cp437';
					i += 3;
					break;
				case 0x45: // ESC E n bold
					bold = (n & 1) === 1;
					i += 3;
					break;
				case 0x21: // ESC ! n print mode: bit 3 bold, bit 4 double height, bit 5 double width
					bold = (n & 0x08) !== 0;
					h = n & 0x10 ? 2 : 1;
					w = n & 0x20 ? 2 : 1;
					i += 3;
					break;
				case 0x61: // ESC a n justification (0/'0' left, 1/'1' centre, 2/'2' right)
					align = (['left', 'center', 'right'] as const)[n % 48] ?? 'left';
					i += 3;
					break;
				case 0x64: // ESC d n print and feed n lines
					emitLine();
					for (let k = 1; k < n; k++) emitLine();
					i += 3;
					break;
				case 0x4a: // ESC J n print and feed n dots
					emitLine();
					i += 3;
					break;
				case 0x69: // ESC i / ESC m: legacy partial cut
				case 0x6d:
					flushPending();
					out.cuts += 1;
					out.elements.push({ type: 'cut', partial: true });
					i += 2;
					break;
				case 0x2a: {
					// ESC * m nL nH: column image, 1 byte per column in 8-dot modes, 3 in 24-dot
					const columns = u16(i + 3);
					i += 5 + columns * (n === 0 || n === 1 ? 1 : 3);
					break;
				}
				case 0x70: // ESC p m t1 t2 drawer pulse
					i += 5;
					break;
				case 0x24: // ESC $ nL nH absolute position
				case 0x5c: // ESC \ nL nH relative position
					i += 4;
					break;
				case 0x63: // ESC c 3 n / ESC c 4 n / ESC c 5 n
					i += 4;
					break;
				case 0x44: {
					// ESC D n1 … nk NUL tab stops
					let j = i + 2;
					while (j < bytes.length && bytes[j] !== 0) j++;
					i = j + 1;
					break;
				}
				case 0x32: // ESC 2 default line spacing
				case 0x3c: // ESC < return home
					i += 2;
					break;
				case 0x33: // ESC 3 n line spacing
				case 0x4d: // ESC M n font
				case 0x2d: // ESC - n underline
				case 0x34: // ESC 4 n italic
				case 0x47: // ESC G n double strike
				case 0x52: // ESC R n international set
				case 0x20: // ESC SP n right spacing
				case 0x7b: // ESC { n upside down
				case 0x56: // ESC V n rotation
				case 0x72: // ESC r n colour
				case 0x3d: // ESC = n peripheral
				case 0x55: // ESC U n unidirectional
				case 0x25: // ESC % n user-defined set
					i += 3;
					break;
				default:
					out.unknownCommands += 1;
					i += 2;
			}
		} else if (b === GS) {
			const cmd = bytes[i + 1];
			const n = bytes[i + 2];
			switch (cmd) {
				case 0x21: // GS ! n character size: high nibble width-1, low nibble height-1
					w = ((n >> 4) & 0x07) + 1;
					h = (n & 0x07) + 1;
					i += 3;
					break;
				case 0x56: {
					// GS V m [n] cut; function B (65/66) and C/D (97/98/103/104) carry a feed byte
					flushPending();
					out.cuts += 1;
					out.elements.push({ type: 'cut', partial: n % 2 === 1 });
					i += n >= 65 ? 4 : 3;
					break;
				}
				case 0x28: {
					// GS ( fn pL pH …: every GS ( function says its own length
					const length = u16(i + 3);
					if (n === 0x6b) {
						const cn = bytes[i + 5];
						const fn = bytes[i + 6];
						if (cn === 0x31 && fn === 0x50) {
							// QR "store the data in the symbol storage area": cn 49, fn 80, m 48
							storedQr = latin1(bytes.subarray(i + 8, i + 5 + length));
						} else if (cn === 0x31 && fn === 0x51 && storedQr !== null) {
							flushPending();
							out.qrCodes.push(storedQr);
							out.elements.push({ type: 'qr', data: storedQr });
						}
					}
					i += 5 + length;
					break;
				}
				case 0x76: {
					// GS v 0 m xL xH yL yH d…: raster bit image
					flushPending();
					const widthBytes = u16(i + 4);
					const height = u16(i + 6);
					const start = i + 8;
					const data = bytes.slice(start, start + widthBytes * height);
					const previous = out.elements[out.elements.length - 1];
					// Tall images come in bands of ≤ 255 rows (firmware reads one height byte);
					// bands printed back to back are one picture on paper.
					if (previous?.type === 'image' && previous.width === widthBytes * 8) {
						const joined = new Uint8Array(previous.data.length + data.length);
						joined.set(previous.data);
						joined.set(data, previous.data.length);
						previous.data = joined;
						previous.height += height;
					} else {
						out.rasterImages += 1;
						out.elements.push({ type: 'image', width: widthBytes * 8, height, data });
					}
					i = start + widthBytes * height;
					break;
				}
				case 0x38: {
					// GS 8 L p1 p2 p3 p4 …: like GS ( L with a 32-bit length
					const length = bytes[i + 3] + bytes[i + 4] * 0x100 + bytes[i + 5] * 0x10000 + bytes[i + 6] * 0x1000000;
					i += 7 + length;
					break;
				}
				case 0x6b: {
					// GS k m …: barcode; m ≤ 6 ends with NUL, m ≥ 65 gives a length byte
					if (n <= 6) {
						let j = i + 3;
						while (j < bytes.length && bytes[j] !== 0) j++;
						i = j + 1;
					} else {
						i += 4 + bytes[i + 3];
					}
					break;
				}
				case 0x2a: // GS * x y d…: downloaded bit image, x·y·8 bytes
					i += 4 + n * bytes[i + 3] * 8;
					break;
				case 0x50: // GS P x y motion units
				case 0x4c: // GS L nL nH left margin
				case 0x57: // GS W nL nH print area width
				case 0x24: // GS $ nL nH
					i += 4;
					break;
				case 0x42: // GS B n reverse
				case 0x48: // GS H n HRI position
				case 0x68: // GS h n barcode height
				case 0x77: // GS w n barcode width
				case 0x66: // GS f n HRI font
				case 0x61: // GS a n automatic status back
				case 0x72: // GS r n transmit status
				case 0x49: // GS I n transmit printer id
				case 0x62: // GS b n smoothing
				case 0x2f: // GS / m print downloaded image
					i += 3;
					break;
				case 0x3a: // GS : start/end macro
					i += 2;
					break;
				default:
					out.unknownCommands += 1;
					i += 2;
			}
		} else if (b === FS) {
			const cmd = bytes[i + 1];
			// FS . / FS & (kanji off/on) are two bytes; FS ! n, FS - n, FS p n m take arguments.
			i += cmd === 0x2e || cmd === 0x26 ? 2 : cmd === 0x70 ? 4 : 3;
		} else if (b === DLE) {
			// DLE EOT n / DLE ENQ n are real-time status requests; DLE DC4 fn a b is five bytes.
			i += bytes[i + 1] === 0x14 ? 5 : 3;
		} else if (b === 0x09) {
			cells.push({ char: ' ', bold, w, h });
			i += 1;
		} else if (b < 0x20 || b === 0x7f) {
			i += 1; // CR, FF and other controls print nothing on a line printer in standard mode
		} else {
			cells.push({ char: decodeByte(b, page), bold, w, h });
			i += 1;
		}
	}
	flushPending();
	return out;
}

function latin1(bytes: Uint8Array): string {
	return String.fromCharCode(...bytes);
}

/** The text of the lines, trimmed, without empty ones: what assertions usually compare. */
export function visibleText(decoded: DecodedEscPos): string[] {
	return decoded.lines.map((l) => l.text.trim()).filter((t) => t !== '');
}
