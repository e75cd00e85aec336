import { describe, expect, it } from 'vitest';
import { formatAt, formatDay } from '../../../src/lib/i18n/dates';

describe('dates in the unit’s zone', () => {
	const at = '2026-03-10T02:30:00Z'; // 23:30 of the 9th in São Paulo, 21:30 in Rio Branco

	it('tells the time on the wall clock of the zone it is given, not the machine’s', () => {
		expect(formatAt('pt-BR', at, 'America/Sao_Paulo', 'time')).toBe('23:30');
		expect(formatAt('pt-BR', at, 'America/Rio_Branco', 'time')).toBe('21:30');
		expect(formatAt('pt-BR', at, 'America/Sao_Paulo', 'date')).toBe('09/03/2026');
		expect(formatAt('pt-BR', new Date(at), 'America/Sao_Paulo', 'dateTime')).toBe('09/03/2026, 23:30');
	});

	it('says dates the reader’s way in each language', () => {
		expect(formatAt('en', at, 'America/Sao_Paulo', 'date')).toBe('3/9/26');
		expect(formatAt('es', at, 'America/Sao_Paulo', 'date')).toBe('9/3/26');
	});

	it('keeps a calendar day on its day whatever the zone', () => {
		expect(formatDay('pt-BR', '2026-03-01', 'date')).toBe('01/03/2026');
		expect(formatDay('pt-BR', '2026-03-01', 'weekdayDay')).toBe('domingo, 01 de março');
		expect(formatDay('pt-BR', '2026-12-31T00:00:00Z', 'date')).toBe('31/12/2026');
	});
});
