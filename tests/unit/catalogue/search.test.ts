import { describe, expect, it } from 'vitest';
import { foldText, normaliseQuery, MAX_QUERY_WORDS } from '../../../src/lib/catalogue/search';

describe('catalogue query normaliser', () => {
	it('folds case and accents the way the database folds each service', () => {
		expect(foldText('ALVARÁ de Construção')).toBe('alvara de construcao');
		expect(foldText('CadÚnico')).toBe('cadunico');
		expect(foldText('Straße, Æther, œuvre')).toBe('strasse aether oeuvre');
	});

	it('turns punctuation and symbols into word breaks', () => {
		expect(normaliseQuery('tapa-buraco!').words).toEqual(['tapa', 'buraco']);
		expect(normaliseQuery('2ª via do IPTU').words).toEqual(['2', 'via', 'iptu']);
		expect(normaliseQuery("50% off; DROP TABLE--").words).toEqual(['50', 'off', 'drop', 'table']);
	});

	it('drops filler words and repeats but keeps a query made only of them', () => {
		expect(normaliseQuery('Poda de Árvore na rua').text).toBe('poda arvore rua');
		expect(normaliseQuery('iptu IPTU Iptu').words).toEqual(['iptu']);
		expect(normaliseQuery('de').words).toEqual(['de']);
	});

	it('answers an empty query for blanks, null and symbols only', () => {
		for (const raw of ['', '   ', null, undefined, '—!?']) expect(normaliseQuery(raw)).toEqual({ words: [], text: '' });
	});

	it('bounds the words taken from a long query', () => {
		const q = normaliseQuery('um dois tres quatro cinco seis sete oito nove dez '.repeat(20));
		expect(q.words.length).toBeLessThanOrEqual(MAX_QUERY_WORDS);
		expect(q.words[0]).toBe('dois');
	});
});
