import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cleanParam, messageText, paramCount, renderTemplate, TEMPLATE_NAMES, TEMPLATE_TEXTS, templateParams, WHATSAPP_LANGUAGE } from '../../../src/lib/notify/templates';
import type { VisitorMessage } from '../../../src/lib/notify/notifier';
import { LANGS } from '../../../src/lib/i18n';

const near: VisitorMessage = { kind: 'near', lang: 'pt-BR', number: 'A023', ahead: 3, unit: 'Pró-Cidadão Centro' };
const called: VisitorMessage = { kind: 'called', lang: 'pt-BR', number: 'A023', counter: 'Guichê 2', unit: 'Pró-Cidadão Centro' };
const reminder: VisitorMessage = { kind: 'reminder', lang: 'es', service: 'IPTU', unit: 'Centro', when: 'mañana 10:30', code: 'K7P2QX' };

describe('message templates', () => {
	it('puts the ticket number first among the body parameters', () => {
		expect(templateParams(near)).toEqual(['A023', '3', 'Pró-Cidadão Centro']);
		expect(templateParams(called)).toEqual(['A023', 'Guichê 2', 'Pró-Cidadão Centro']);
		expect(templateParams(reminder)).toEqual(['IPTU', 'Centro', 'mañana 10:30', 'K7P2QX']);
	});

	it('says "faltam 3" and "dirija-se ao Guichê 2" in Portuguese', () => {
		expect(messageText(near)).toContain('faltam 3');
		expect(messageText(called)).toContain('dirija-se ao Guichê 2');
		expect(messageText({ ...called, lang: 'en' })).toContain('please go to Guichê 2');
		expect(messageText(reminder)).toContain('K7P2QX');
	});

	it('has every template in every language, with as many parameters as the message gives, none at the start or end', () => {
		const samples = { near, called, reminder } as const;
		for (const kind of ['near', 'called', 'reminder'] as const) {
			const name = TEMPLATE_NAMES[kind];
			for (const lang of LANGS) {
				const text = TEMPLATE_TEXTS[name][WHATSAPP_LANGUAGE[lang]];
				expect(text, `${name} ${lang}`).toBeDefined();
				expect(paramCount(text)).toBe(templateParams(samples[kind]).length);
				expect(text).not.toMatch(/^\{\{|\}\}$/);
			}
		}
	});

	it('leaves a parameter on one line, without runs of spaces, never empty and bounded', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 300 }), (s) => {
				const p = cleanParam(s);
				expect(p).not.toMatch(/[\n\t]| {5,}/);
				expect(p.length).toBeGreaterThan(0);
				expect(p.length).toBeLessThanOrEqual(120);
			})
		);
	});

	it('renders nothing for an unknown template or language', () => {
		expect(renderTemplate('vez_unknown', 'pt_BR', [])).toBeNull();
		expect(renderTemplate('vez_ticket_near', 'de', ['A1', '2', 'X'])).toBeNull();
	});
});

describe('the templates as documented for Meta', () => {
	it('docs/whatsapp-templates.md shows every text exactly as sent', async () => {
		const fs = await import('node:fs');
		const doc = fs.readFileSync(new URL('../../../docs/whatsapp-templates.md', import.meta.url), 'utf8');
		for (const [name, texts] of Object.entries(TEMPLATE_TEXTS)) {
			expect(doc).toContain(`\`${name}\``);
			for (const [lang, text] of Object.entries(texts)) expect(doc).toContain(`| \`${lang}\` | ${text} |`);
		}
	});
});
