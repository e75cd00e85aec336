/*
 * Plurals through Intl.PluralRules, written in messages the ICU way:
 * `{count, plural, one {# avaliação} other {# avaliações}}`. `#` is the number in the
 * reader's locale; `=0 {…}` picks an exact number before the language's categories. Pure.
 */

const rulesByLang = new Map<string, Intl.PluralRules>();
const numbersByLang = new Map<string, Intl.NumberFormat>();

function rules(lang: string): Intl.PluralRules {
	let r = rulesByLang.get(lang);
	if (!r) rulesByLang.set(lang, (r = new Intl.PluralRules(lang)));
	return r;
}

function numbers(lang: string): Intl.NumberFormat {
	let f = numbersByLang.get(lang);
	if (!f) numbersByLang.set(lang, (f = new Intl.NumberFormat(lang)));
	return f;
}

/**
 * The CLDR category of n, except that Portuguese says a whole zero in the plural ("0 avaliações",
 * "zero graus"): CLDR's pt rule puts 0 with 1 for the sake of fractions ("0,5 quilo").
 */
function category(lang: string, n: number): Intl.LDMLPluralRule {
	if (n === 0 && lang.toLowerCase().startsWith('pt')) return 'other';
	return rules(lang).select(n);
}

/** The form for `n` among `forms` (keys `=N`, the CLDR categories, `other`), with `#` replaced by n. */
export function plural(lang: string, n: number, forms: Readonly<Record<string, string>>): string {
	const form = forms[`=${n}`] ?? forms[category(lang, n)] ?? forms.other ?? '';
	return form.replace(/#/g, numbers(lang).format(n));
}

const PLURAL_BLOCK = /\{(\w+),\s*plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const PLURAL_FORM = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/** Resolves every `{name, plural, …}` block of a message with the number in params[name]. */
export function resolvePlurals(lang: string, text: string, params: Readonly<Record<string, string | number>>): string {
	if (!text.includes(', plural,') && !text.includes(',plural,')) return text;
	return text.replace(PLURAL_BLOCK, (block, name: string, body: string) => {
		const n = Number(params[name]);
		if (!(name in params) || !Number.isFinite(n)) return block;
		const forms: Record<string, string> = {};
		for (const [, key, form] of body.matchAll(PLURAL_FORM)) forms[key] = form;
		return plural(lang, n, forms);
	});
}
