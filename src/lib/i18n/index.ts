import { ptBR } from './pt-br';
import { en } from './en';
import { es } from './es';
import { resolvePlurals } from './plural';

export type Lang = 'pt-BR' | 'en' | 'es';
export const LANGS: readonly Lang[] = ['pt-BR', 'en', 'es'];
export type MessageKey = keyof typeof ptBR;
export type Messages = Record<MessageKey, string>;

const DICTIONARIES: Record<Lang, Messages> = { 'pt-BR': ptBR, en, es };

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Picks the language: an explicit choice first, then the browser's Accept-Language, then pt-BR. */
export function negotiateLang(choice: string | null | undefined, acceptLanguage: string | null): Lang {
	if (isLang(choice)) return choice;
	for (const part of (acceptLanguage ?? '').split(',')) {
		const tag = part.split(';')[0].trim().toLowerCase();
		if (tag.startsWith('pt')) return 'pt-BR';
		if (tag.startsWith('en')) return 'en';
		if (tag.startsWith('es')) return 'es';
	}
	return 'pt-BR';
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/**
 * A translator for one language: `{name, plural, one {…} other {…}}` blocks are chosen by
 * Intl.PluralRules (see plural.ts), then `{name}` placeholders are filled from params.
 */
export function translator(lang: Lang): Translate {
	const dict = DICTIONARIES[lang] ?? ptBR;
	return (key, params) => {
		const text = dict[key] ?? ptBR[key] ?? key;
		if (!params) return text;
		return resolvePlurals(lang, text, params).replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m));
	};
}

export const LANG_NAMES: Record<Lang, string> = { 'pt-BR': 'Português', en: 'English', es: 'Español' };
