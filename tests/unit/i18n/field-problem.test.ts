import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldProblem, fieldProblemText, ownCheck } from '../../../src/lib/i18n/field-problem';
import { translator } from '../../../src/lib/i18n';

const Form = z.object({
	name: z.string().trim().min(1).max(5),
	code: z.string().regex(/^[a-z]+$/),
	email: z.email(),
	minutes: z.number().int().min(2).max(9),
	kind: z.enum(['a', 'b']),
	units: z.array(z.string()).min(1),
	password: z.string().min(8),
	range: z.string().refine((v) => v === 'ok', 'The start is after the end.'),
	zone: z.string().refine((v) => v === 'America/Sao_Paulo', ownCheck('unknown_zone', 'Unknown IANA time zone.')).optional()
});

function problems(raw: unknown) {
	const result = Form.safeParse(raw);
	if (result.success) throw new Error('expected a failure');
	return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), fieldProblem(i, raw)]));
}

describe('form field problems', () => {
	it('names what is wrong with each field as a code and its bound', () => {
		expect(problems({ name: '   ', code: 'A b', email: 'x', minutes: 12, kind: 'c', units: [], password: 'short', range: 'no' })).toEqual({
			name: { code: 'required' },
			code: { code: 'invalid_format' },
			email: { code: 'invalid_email' },
			minutes: { code: 'too_big', n: 9 },
			kind: { code: 'invalid_choice' },
			units: { code: 'required' },
			password: { code: 'too_short', n: 8 },
			range: null
		});
		expect(problems({ name: 'too long', code: 'ab', email: 'a@b.co', minutes: 1, kind: 'a', units: ['x'], password: 'long enough', range: 'ok' })).toEqual({
			name: { code: 'too_long', n: 5 },
			minutes: { code: 'too_small', n: 2 }
		});
		expect(problems({})).toMatchObject({ name: { code: 'required' }, minutes: { code: 'required' } });
		// A check of our own says its problem when made with ownCheck; otherwise its message stands.
		expect(problems({ name: 'a', code: 'a', email: 'a@b.co', minutes: 3, kind: 'a', units: ['x'], password: 'long enough', range: 'ok', zone: 'Mars/Base' })).toEqual({ zone: { code: 'unknown_zone' } });
		expect(problems({ name: 'a', code: 'a', email: 'a@b.co', minutes: 'five', kind: 'a', units: ['x'], password: 'long enough', range: 'ok' })).toEqual({ minutes: { code: 'invalid' } });
	});

	it('says the problem in Portuguese, English and Spanish', () => {
		expect(fieldProblemText(translator('pt-BR'), { code: 'too_long', n: 200 })).toBe('use no máximo 200 caracteres');
		expect(fieldProblemText(translator('en'), { code: 'required' })).toBe('this field is required');
		expect(fieldProblemText(translator('es'), { code: 'invalid_email' })).toBe('correo electrónico no válido');
		expect(fieldProblemText(translator('pt-BR'), { code: 'unknown_zone' })).toBe('fuso horário desconhecido (ex.: America/Sao_Paulo)');
	});
});
