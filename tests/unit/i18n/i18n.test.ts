import { describe, expect, it } from 'vitest';
import { LANGS, negotiateLang, translator } from '../../../src/lib/i18n';
import { ptBR } from '../../../src/lib/i18n/pt-br';
import { en } from '../../../src/lib/i18n/en';
import { es } from '../../../src/lib/i18n/es';

describe('languages', () => {
	it('defaults to Brazilian Portuguese', () => {
		expect(negotiateLang(null, null)).toBe('pt-BR');
		expect(negotiateLang(undefined, 'de-DE,fr;q=0.8')).toBe('pt-BR');
	});

	it("follows an explicit choice first, then the browser's languages", () => {
		expect(negotiateLang('es', 'en-US')).toBe('es');
		expect(negotiateLang('klingon', 'en-US,pt;q=0.5')).toBe('en');
		expect(negotiateLang(null, 'es-AR,es;q=0.9')).toBe('es');
		expect(negotiateLang(null, 'pt-PT')).toBe('pt-BR');
	});

	it('has every message in every language, none left empty', () => {
		for (const dict of [en, es]) {
			expect(Object.keys(dict).sort()).toEqual(Object.keys(ptBR).sort());
			for (const [key, text] of Object.entries(dict)) expect(text, key).not.toBe('');
		}
		expect(LANGS).toEqual(['pt-BR', 'en', 'es']);
	});

	it('fills placeholders and keeps accents', () => {
		const t = translator('pt-BR');
		expect(t('home.signedInAs', { name: 'João', role: 'Atendente' })).toBe('Conectado como João (Atendente)');
		expect(translator('en')('login.submit')).toBe('Sign in');
	});
});
