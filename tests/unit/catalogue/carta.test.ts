import { describe, expect, it } from 'vitest';
import { deadlineOf, deadlineText, howToRequest } from '../../../src/lib/catalogue/carta';

describe('Carta de Serviços rules', () => {
	it('writes the deadline with its unit in words, singular and plural', () => {
		expect(deadlineText(30, 'calendar_days')).toBe('até 30 dias corridos');
		expect(deadlineText(1, 'business_days')).toBe('até 1 dia útil');
		expect(deadlineText(5, 'business_days', 'en')).toBe('up to 5 business days');
		expect(deadlineText(2, 'months', 'es')).toBe('hasta 2 meses');
		expect(deadlineText(null, null)).toBeNull();
		expect(deadlineOf(72, 'hours')).toEqual({ amount: 72, unit: 'hours', text: 'até 72 horas' });
	});

	it('says a service is requested in person where a unit offers it and online through the portal or app', () => {
		expect(howToRequest(['presencial'], 3)).toEqual({ inPerson: true, online: false, bookable: false });
		expect(howToRequest(['presencial', 'web', 'telefone'], 0)).toEqual({ inPerson: false, online: true, bookable: false });
		expect(howToRequest(['telefone', 'whatsapp'], 0)).toEqual({ inPerson: false, online: false, bookable: false });
		expect(howToRequest(['app'], 1).online).toBe(true);
		expect(howToRequest(['presencial'], 3, 1).bookable).toBe(true);
	});
});
