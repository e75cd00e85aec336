/**
 * The catalogue's query normaliser: folds a citizen's search the way the database folds each
 * service (`lower(vez_unaccent(...))`, migration 0004), so "Alvará", "ALVARA" and "alvara" are
 * one query, and drops the Portuguese/Spanish/English filler words that would match everything.
 */

/** Longest query kept: a search box, not a document. */
export const MAX_QUERY_LENGTH = 100;
/** At most this many words take part in matching. */
export const MAX_QUERY_WORDS = 6;

const STOP_WORDS = new Set([
	'a', 'o', 'as', 'os', 'e', 'de', 'da', 'do', 'das', 'dos', 'em', 'na', 'no', 'nas', 'nos',
	'um', 'uma', 'para', 'pra', 'por', 'com', 'ao', 'aos', 'la', 'el', 'los', 'las', 'del', 'y',
	'en', 'the', 'of', 'and', 'for', 'to', 'in'
]);

/**
 * Lower case without diacritics (ß, æ and œ spelt out as unaccent does), and anything but ASCII
 * letters and digits turned into a space — the database folds each service the same way.
 */
export function foldText(raw: string): string {
	return raw
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/ß/g, 'ss')
		.replace(/æ/g, 'ae')
		.replace(/œ/g, 'oe')
		.replace(/[^a-z0-9]+/g, ' ');
}

export interface NormalisedQuery {
	/** The folded words that take part, in order, without repeats. */
	readonly words: readonly string[];
	/** The words joined by one space: what ranks against a service's name. */
	readonly text: string;
}

/** Folds, splits into words, drops filler words and repeats; empty when nothing is left. */
export function normaliseQuery(raw: string | null | undefined): NormalisedQuery {
	const folded = foldText((raw ?? '').slice(0, MAX_QUERY_LENGTH));
	const all = folded.split(' ').filter((w) => w.length > 0);
	const meaningful = all.filter((w) => !STOP_WORDS.has(w));
	// "a" alone or "de" alone still means something to the person typing it: keep it then.
	const chosen = meaningful.length ? meaningful : all;
	const words = [...new Set(chosen)].slice(0, MAX_QUERY_WORDS);
	return { words, text: words.join(' ') };
}
