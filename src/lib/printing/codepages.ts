/**
 * The upper halves (0x80–0xFF) of the single-byte code pages Vez prints with, as Unicode.
 * Node's TextDecoder knows windows-1252 but not the IBM PC pages, so cp437/cp850/cp860 are
 * spelled out here; the decoder reads them and the text normaliser asks them what fits.
 */

export type CodepageName = 'cp437' | 'cp850' | 'cp860' | 'cp1252';

const BOX_AND_MATH_B0_FF =
	'░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
	'└┴┬├─┼╞╟╚╔╩╦╠═╬╧' +
	'╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
	'αßΓπΣσµτΦΘΩδ∞φε∩' +
	'≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const CP437 =
	'ÇüéâäàåçêëèïîìÄÅ' + 'ÉæÆôöòûùÿÖÜ¢£¥₧ƒ' + 'áíóúñÑªº¿⌐¬½¼¡«»' + BOX_AND_MATH_B0_FF;

// cp860 is cp437 with the Portuguese capitals and tildes moved into 0x80–0xAF.
const CP860 =
	'ÇüéâãàÁçêÊèÍÔìÃÂ' + 'ÉÀÈôõòÚùÌÕÜ¢£Ù₧Ó' + 'áíóúñÑªº¿Ò¬½¼¡«»' + BOX_AND_MATH_B0_FF;

const CP850 =
	'ÇüéâäàåçêëèïîìÄÅ' +
	'ÉæÆôöòûùÿÖÜø£Ø×ƒ' +
	'áíóúñÑªº¿®¬½¼¡«»' +
	'░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐' +
	'└┴┬├─┼ãÃ╚╔╩╦╠═╬¤' +
	'ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀' +
	'ÓßÔÒõÕµþÞÚÛÙýÝ¯´' +
	'\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

// Spelled out too: Node's TextDecoder('windows-1252') decodes 0x80–0x9F as C1 controls, which
// is where cp1252 keeps € and the typographic quotes. Holes are U+FFFD.
const CP1252 =
	'€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd' +
	'\ufffd‘’“”•–—˜™š›œ\ufffdžŸ' +
	String.fromCharCode(...Array.from({ length: 96 }, (_, i) => 0xa0 + i));

const UPPER_HALF: Record<CodepageName, string> = { cp437: CP437, cp850: CP850, cp860: CP860, cp1252: CP1252 };

/** The character a byte prints as in a code page (ASCII below 0x80 on every page). */
export function decodeByte(byte: number, page: CodepageName): string {
	return byte < 0x80 ? String.fromCharCode(byte) : UPPER_HALF[page][byte - 0x80];
}

const ENCODABLE = new Map<CodepageName, Map<string, number>>();

/** The byte for a character in a code page, or undefined when the page cannot print it. */
export function encodeChar(char: string, page: CodepageName): number | undefined {
	const code = char.codePointAt(0) ?? 0;
	if (char.length === 1 && code < 0x80) return code;
	let table = ENCODABLE.get(page);
	if (!table) {
		table = new Map();
		[...UPPER_HALF[page]].forEach((c, i) => {
			if (c !== '\ufffd' && !table!.has(c)) table!.set(c, 0x80 + i);
		});
		ENCODABLE.set(page, table);
	}
	return table.get(char);
}
