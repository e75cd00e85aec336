import type { DecodedEscPos } from './escpos-decoder.js';

const CUT = '✂';

/** 32, 42 or 48 columns: the narrowest paper every line fits on. */
export function paperColumns(decoded: DecodedEscPos): number {
	const widest = Math.max(0, ...decoded.lines.map((l) => l.columns));
	return widest <= 32 ? 32 : widest <= 42 ? 42 : 48;
}

/**
 * Plain text of a decoded ticket for a terminal, framed at paper width. Magnified characters
 * are spread over the cells they take on paper, so columns line up as printed.
 */
export function renderTicketText(decoded: DecodedEscPos, columns = paperColumns(decoded)): string {
	const rows: string[] = [];
	const centre = (s: string) => ' '.repeat(Math.max(0, Math.floor((columns - s.length) / 2))) + s;
	for (const el of decoded.elements) {
		if (el.type === 'text') {
			const spread = (text: string, w: number) => [...text].map((c) => c + ' '.repeat(w - 1)).join('');
			rows.push(el.segments.map((s) => spread(s.text, s.widthScale)).join('').trimEnd());
		} else if (el.type === 'qr') {
			rows.push(centre('[QR]'), centre(el.data));
		} else if (el.type === 'image') {
			rows.push(centre(`[imagem ${el.width}x${el.height}]`));
		} else {
			// The blank feed before a cut is paper for the cutter, not content worth showing.
			while (rows.length && rows[rows.length - 1] === '') rows.pop();
			rows.push(CUT + ' -'.repeat(Math.floor((columns - 1) / 2)));
		}
	}
	while (rows.length && rows[rows.length - 1] === '') rows.pop();
	const edge = '+' + '-'.repeat(columns + 2) + '+';
	return [edge, ...rows.map((r) => `| ${r.slice(0, columns).padEnd(columns)} |`), edge].join('\n');
}
