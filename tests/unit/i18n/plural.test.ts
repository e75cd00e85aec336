import { describe, expect, it } from 'vitest';
import { translator, LANGS, type MessageKey } from '../../../src/lib/i18n';
import { plural, resolvePlurals } from '../../../src/lib/i18n/plural';
import { ptBR } from '../../../src/lib/i18n/pt-br';
import { en } from '../../../src/lib/i18n/en';
import { es } from '../../../src/lib/i18n/es';

describe('plurals through Intl.PluralRules', () => {
	it('says one rating, two ratings and no ratings in each language', () => {
		const said = (lang: (typeof LANGS)[number], count: number) => translator(lang)('manage.ratings', { count });
		// A whole zero is plural in Portuguese, whatever CLDR's fraction-minded rule says.
		expect([0, 1, 2].map((n) => said('pt-BR', n))).toEqual(['0 avaliações', '1 avaliação', '2 avaliações']);
		expect([0, 1, 2].map((n) => said('en', n))).toEqual(['0 ratings', '1 rating', '2 ratings']);
		expect([0, 1, 2].map((n) => said('es', n))).toEqual(['0 evaluaciones', '1 evaluación', '2 evaluaciones']);
	});

	it('chooses each number of a message on its own', () => {
		const t = translator('pt-BR');
		expect(t('apptDay.counts', { booked: 1, checkedIn: 2, noShow: 1, cancelled: 0 })).toBe('1 agendado · 2 chegaram · 1 não compareceu · 0 cancelados');
		expect(t('manage.tally.open', { count: 1 })).toBe('1 aberto');
		expect(t('counter.serves', { count: 16 })).toBe('Atende 16 serviços');
	});

	it('writes the number the reader’s way and prefers an exact form', () => {
		expect(plural('pt-BR', 1234, { one: '# senha', other: '# senhas' })).toBe('1.234 senhas');
		expect(plural('en', 1234, { one: '# ticket', other: '# tickets' })).toBe('1,234 tickets');
		expect(plural('en', 0, { '=0': 'no tickets', one: '# ticket', other: '# tickets' })).toBe('no tickets');
	});

	it('leaves a block alone when its number is missing, and plain text untouched', () => {
		expect(resolvePlurals('en', '{n, plural, one {# x} other {# xs}}', {})).toBe('{n, plural, one {# x} other {# xs}}');
		expect(resolvePlurals('en', 'no plural here {n}', { n: 2 })).toBe('no plural here {n}');
	});

	it('has no word pluralised by hand with “(s)” in any dictionary', () => {
		for (const dict of [ptBR, en, es]) {
			for (const [key, text] of Object.entries(dict)) expect(text, key).not.toMatch(/\((s|es|is)\)/);
		}
	});

	it('keeps every plural block well formed, with an “other” form', () => {
		for (const dict of [ptBR, en, es]) {
			for (const [key, text] of Object.entries(dict) as [MessageKey, string][]) {
				if (!text.includes('plural,')) continue;
				const filled = resolvePlurals('pt-BR', text, new Proxy({}, { has: () => true, get: () => 3 }));
				expect(filled, key).not.toContain('plural,');
				expect(text, key).toMatch(/other \{/);
			}
		}
	});
});
