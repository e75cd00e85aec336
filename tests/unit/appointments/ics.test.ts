import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appointmentIcs, escapeIcsText, foldIcsLine, type AppointmentIcsInput } from '$lib/appointments/ics';

const CRLF = '\r\n';
const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const contentLines = (ics: string) => unfold(ics).split(CRLF).filter(Boolean);
const eventLines = (ics: string) => contentLines(ics).slice(contentLines(ics).indexOf('BEGIN:VEVENT'));
const zoneProp = (ics: string, name: string) =>
	contentLines(ics)
		.slice(0, contentLines(ics).indexOf('BEGIN:VEVENT'))
		.filter((l) => l.startsWith(`${name}:`))
		.map((l) => l.slice(name.length + 1));
/** Values of a property inside the VEVENT (VTIMEZONE observances have their own DTSTART). */
const prop = (ics: string, name: string) =>
	eventLines(ics)
		.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`))
		.map((l) => l.slice(l.indexOf(':') + 1));

/** Reads a TZID local DATE-TIME against the file's VTIMEZONE observances, as a calendar client does. */
function resolveLocal(ics: string, name: 'DTSTART' | 'DTEND'): Date {
	const lines = contentLines(ics);
	const observances: { onset: number; to: number }[] = [];
	const minutes = (o: string) => (o[0] === '-' ? -1 : 1) * (Number(o.slice(1, 3)) * 60 + Number(o.slice(3, 5)));
	const asUtc = (s: string) =>
		Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8), +s.slice(9, 11), +s.slice(11, 13), +s.slice(13, 15));
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== 'BEGIN:STANDARD' && lines[i] !== 'BEGIN:DAYLIGHT') continue;
		const get = (k: string) => lines.slice(i, i + 5).find((l) => l.startsWith(`${k}:`))!.split(':')[1];
		observances.push({ onset: asUtc(get('DTSTART')) - minutes(get('TZOFFSETFROM')) * 60_000, to: minutes(get('TZOFFSETTO')) });
	}
	const local = asUtc(prop(ics, name)[0]);
	const guess = observances.filter((o) => o.onset <= local - o.to * 60_000).sort((a, b) => b.onset - a.onset)[0];
	return new Date(local - guess.to * 60_000);
}

const BASE: AppointmentIcsInput = {
	uid: 'K7M-Q2X-9PD@vez.example',
	start: new Date('2026-03-10T13:00:00Z'),
	end: new Date('2026-03-10T13:20:00Z'),
	timezone: 'America/Sao_Paulo',
	summary: 'IPTU: 2ª via, parcelamento; dúvidas',
	location: 'Poupatempo Sé, Praça do Carmo, s/n\nTérreo',
	description: 'Leve RG, CPF e comprovante de endereço; chegue 10 min antes.\nCódigo: K7M-Q2X-9PD \\ não responda',
	url: 'https://vez.example/agendamento/gerenciar?token=abc,def',
	alarmMinutesBefore: 60,
	stamp: new Date('2026-03-01T15:04:05Z')
};

describe('appointmentIcs', () => {
	it('ends every line with CRLF and keeps each physical line within 75 octets', () => {
		const ics = appointmentIcs({ ...BASE, description: 'Documentos necessários: '.repeat(20) });
		expect(ics.endsWith(CRLF)).toBe(true);
		expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		for (const line of ics.split(CRLF)) expect(octets(line)).toBeLessThanOrEqual(75);
		expect(ics.split(CRLF)).toContain('BEGIN:VCALENDAR');
	});

	it('escapes commas, semicolons, backslashes and newlines in text, not in the URL', () => {
		const ics = appointmentIcs(BASE);
		expect(prop(ics, 'SUMMARY')).toEqual(['IPTU: 2ª via\\, parcelamento\\; dúvidas']);
		expect(prop(ics, 'LOCATION')).toEqual(['Poupatempo Sé\\, Praça do Carmo\\, s/n\\nTérreo']);
		expect(prop(ics, 'DESCRIPTION')[0]).toBe(
			'Leve RG\\, CPF e comprovante de endereço\\; chegue 10 min antes.\\nCódigo: K7M-Q2X-9PD \\\\ não responda'
		);
		expect(prop(ics, 'URL')).toEqual(['https://vez.example/agendamento/gerenciar?token=abc,def']);
	});

	it('writes the local time with its zone, the stamp in UTC and a reminder alarm', () => {
		const ics = appointmentIcs(BASE);
		expect(contentLines(ics)).toContain('DTSTART;TZID=America/Sao_Paulo:20260310T100000');
		expect(contentLines(ics)).toContain('DTEND;TZID=America/Sao_Paulo:20260310T102000');
		expect(prop(ics, 'DTSTAMP')).toEqual(['20260301T150405Z']);
		expect(prop(ics, 'UID')).toEqual(['K7M-Q2X-9PD@vez.example']);
		const alarm = contentLines(ics).slice(contentLines(ics).indexOf('BEGIN:VALARM'));
		expect(alarm.slice(0, 5)).toEqual([
			'BEGIN:VALARM',
			'ACTION:DISPLAY',
			'DESCRIPTION:IPTU: 2ª via\\, parcelamento\\; dúvidas',
			'TRIGGER:-PT60M',
			'END:VALARM'
		]);
	});

	it('describes São Paulo (no daylight saving since 2019) with a single -0300 offset', () => {
		const ics = appointmentIcs(BASE);
		expect(zoneProp(ics, 'TZOFFSETTO')).toEqual(['-0300']);
		expect(zoneProp(ics, 'TZID')).toEqual(['America/Sao_Paulo']);
		expect(resolveLocal(ics, 'DTSTART')).toEqual(BASE.start);
	});

	it("carries New York's 2026 changes so a client reads the right instant on either side", () => {
		const ny = { ...BASE, timezone: 'America/New_York' };
		const before = appointmentIcs({ ...ny, start: new Date('2026-03-06T14:00:00Z'), end: new Date('2026-03-06T14:30:00Z') });
		const after = appointmentIcs({ ...ny, start: new Date('2026-03-09T13:00:00Z'), end: new Date('2026-03-09T13:30:00Z') });
		expect(prop(before, 'DTSTART')).toEqual(['20260306T090000']);
		expect(prop(after, 'DTSTART')).toEqual(['20260309T090000']);
		expect(contentLines(after)).toContain('DTSTART:20260308T020000');
		expect(resolveLocal(before, 'DTSTART')).toEqual(new Date('2026-03-06T14:00:00Z'));
		expect(resolveLocal(after, 'DTSTART')).toEqual(new Date('2026-03-09T13:00:00Z'));
		expect(resolveLocal(after, 'DTEND')).toEqual(new Date('2026-03-09T13:30:00Z'));
	});

	it('omits the alarm and optional fields when not given', () => {
		const ics = appointmentIcs({ ...BASE, alarmMinutesBefore: null, location: null, description: undefined, url: null });
		expect(ics).not.toContain('VALARM');
		expect(prop(ics, 'LOCATION')).toEqual([]);
		expect(prop(ics, 'URL')).toEqual([]);
	});

	it('refuses an end before the start, an unknown zone and a URL with a line break', () => {
		expect(() => appointmentIcs({ ...BASE, end: BASE.start })).toThrow(RangeError);
		expect(() => appointmentIcs({ ...BASE, timezone: 'Nowhere/City' })).toThrow(RangeError);
		expect(() => appointmentIcs({ ...BASE, url: 'https://x\r\nATTACH:evil' })).toThrow(RangeError);
	});
});

describe('foldIcsLine and escapeIcsText', () => {
	it('leaves a 75-octet line alone and folds the 76th octet onto a continuation', () => {
		const line = 'X'.repeat(75);
		expect(foldIcsLine(line)).toBe(line);
		expect(foldIcsLine(line + 'Y')).toBe(`${line}\r\n Y`);
	});

	it('never splits a multi-byte character and unfolds back to the original', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
				const line = `DESCRIPTION:${escapeIcsText(text)}`;
				const folded = foldIcsLine(line);
				for (const part of folded.split(CRLF)) {
					expect(octets(part)).toBeLessThanOrEqual(75);
					expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
				}
				expect(unfold(folded)).toBe(line);
			})
		);
	});

	it('escapes so that no raw comma, semicolon or line break survives', () => {
		expect(escapeIcsText('a,b;c\\d\r\ne\nf\rg')).toBe('a\\,b\\;c\\\\d\\ne\\nf\\ng');
	});
});
