import { describe, expect, it } from 'vitest';
import { translator } from '$lib/i18n';
import { waitPhrase } from '$lib/components/wait-estimate';

const pt = translator('pt-BR');

describe('waitPhrase', () => {
	it('says a range, with a spoken form for screen readers', () => {
		expect(waitPhrase(pt, { minutes: 14, range: { low: 12, high: 18 } }, 'ticket')).toEqual({ text: '12–18 min', spoken: 'entre 12 e 18 minutos' });
		expect(waitPhrase(translator('en'), { minutes: 14, range: { low: 12, high: 18 } }, 'ticket')?.spoken).toBe('between 12 and 18 minutes');
	});

	it('says "a few minutes" while the range stays short, and nothing numeric below a minute', () => {
		expect(waitPhrase(pt, { minutes: 2, range: { low: 1, high: 4 } }, 'ticket')?.text).toBe('alguns minutos');
		expect(waitPhrase(translator('en'), { minutes: 2, range: { low: 1, high: 4 } }, 'ticket')?.text).toBe('a few minutes');
		expect(waitPhrase(pt, { minutes: 0, range: { low: 0, high: 0 } }, 'ticket')?.text).toBe('em instantes');
		expect(waitPhrase(pt, { minutes: 0, range: { low: 0, high: 0 } }, 'service')?.text).toBe('Sem espera');
	});

	it('falls back to one figure without a range, and to nothing without an estimate', () => {
		expect(waitPhrase(pt, { minutes: 25, range: null }, 'service')?.text).toBe('cerca de 25 min');
		expect(waitPhrase(pt, { minutes: null, range: null }, 'ticket')).toBeNull();
	});
});
