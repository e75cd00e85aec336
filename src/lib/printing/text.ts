import { encodeChar, type CodepageName } from './codepages.js';

/**
 * Typographic characters that arrive from word processors and admin forms. They are turned into
 * ASCII on every code page, even cp1252 which has most of them, so a ticket reads the same on
 * every printer of a unit.
 */
const TYPOGRAPHIC: Record<string, string> = {
	'\u2010': '-', // hyphen
	'\u2011': '-', // non-breaking hyphen
	'\u2012': '-', // figure dash
	'\u2013': '-', // en dash
	'\u2014': '-', // em dash
	'\u2015': '-', // horizontal bar
	'\u2212': '-', // minus sign
	'\u2018': "'",
	'\u2019': "'",
	'\u201a': "'",
	'\u201b': "'",
	'\u2032': "'",
	'\u201c': '"',
	'\u201d': '"',
	'\u201e': '"',
	'\u201f': '"',
	'\u2033': '"',
	'\u2026': '...',
	'\u2022': '*',
	'\u2023': '*',
	'\u25cf': '*',
	'\u2122': '(TM)',
	'\u00a9': '(c)',
	'\u00ae': '(R)',
	'\u20ac': 'EUR',
	'\u00a0': ' ', // NBSP would print as a box or nothing on some clones
	'\u2007': ' ',
	'\u2009': ' ',
	'\u202f': ' ',
	'\u00ad': '', // soft hyphen
	'\u200b': '', // zero-width space
	'\u200c': '',
	'\u200d': '',
	'\u2060': '',
	'\ufeff': ''
};

/**
 * Text one line of a ticket can print on a code page: NFC, typographic characters as ASCII,
 * Portuguese letters kept; other letters lose their accents, and what is left becomes '?'.
 */
export function printableText(text: string, page: CodepageName): string {
	let out = '';
	for (const char of text.normalize('NFC')) {
		const mapped = TYPOGRAPHIC[char];
		if (mapped !== undefined) {
			out += mapped;
		} else if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(char)) {
			out += ' ';
		} else if (encodeChar(char, page) !== undefined) {
			out += char;
		} else {
			const bare = char.normalize('NFD').replace(/\p{M}/gu, '');
			out += bare && [...bare].every((c) => encodeChar(c, page) !== undefined) ? bare : '?';
		}
	}
	return out;
}

/** Splits free text (header, footer) into lines, each made printable. */
export function printableLines(text: string | null | undefined, page: CodepageName): string[] {
	const lines = (text ?? '').split(/\r\n|\r|\n/).map((line) => printableText(line, page).trim());
	while (lines.length && lines[0] === '') lines.shift();
	while (lines.length && lines[lines.length - 1] === '') lines.pop();
	return lines;
}
