import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpfSchema, cpfCheckDigits, formatCpf, isValidCpf, maskCpf, maskCpfsIn, normalizeCpf } from '$lib/citizens/cpf';

/** The two mod-11 remainders behind a CPF's check digits, computed independently of the module. */
function remainders(cpf: string): [number, number] {
	const d = [...cpf].map(Number);
	const r1 = d.slice(0, 9).reduce((sum, x, i) => sum + x * (10 - i), 0) % 11;
	const r2 = d.slice(0, 10).reduce((sum, x, i) => sum + x * (11 - i), 0) % 11;
	return [r1, r2];
}

const baseArb = fc
	.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
	.map((digits) => digits.join(''))
	.filter((base) => !/^(\d)\1{8}$/.test(base));
const validCpfArb = baseArb.map((base) => base + cpfCheckDigits(base));

describe('isValidCpf', () => {
	it.each(['12345678909', '123.456.789-09', '529.982.247-25', ' 529 982 247 25 ', '111.444.777-35'])('accepts %s', (cpf) => {
		expect(isValidCpf(cpf)).toBe(true);
	});

	it.each([
		['a wrong first check digit', '123.456.789-19'],
		['a wrong second check digit', '123.456.789-08'],
		['too few digits', '1234567890'],
		['too many digits', '123456789091'],
		['letters among the digits', '123a4567890'],
		['an empty string', '']
	])('rejects %s', (_, cpf) => {
		expect(isValidCpf(cpf)).toBe(false);
	});

	it('rejects every all-equal CPF, even 111.111.111-11 whose check digits add up', () => {
		for (let d = 0; d <= 9; d++) expect(isValidCpf(String(d).repeat(11))).toBe(false);
		expect(cpfCheckDigits('111111111')).toBe('11');
	});

	it('accepts every CPF built with its check digits', () => {
		fc.assert(
			fc.property(validCpfArb, (cpf) => {
				expect(isValidCpf(cpf)).toBe(true);
			})
		);
	});

	it('catches a changed check digit always, and a changed base digit unless mod 11 folds remainders 0 and 1 together', () => {
		fc.assert(
			fc.property(validCpfArb, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 }), (cpf, position, shift) => {
				const changed = cpf.slice(0, position) + ((Number(cpf[position]) + shift) % 10) + cpf.slice(position + 1);
				if (!isValidCpf(changed)) return;
				// The only way through: both check digits stay 0 because a remainder moved between 0 and 1.
				expect(position).toBeLessThan(9);
				const [r1, r2] = remainders(cpf);
				const [c1, c2] = remainders(changed);
				expect([r1, c1].sort()).toEqual([0, 1]);
				expect(r2 === c2 || [r2, c2].sort().join() === '0,1').toBe(true);
			}),
			{ numRuns: 2000 }
		);
	});

	it('documents the blind spot: 123.456.789-09 and 223.456.789-09 are both valid', () => {
		expect(isValidCpf('22345678909')).toBe(true);
	});
});

describe('normalizeCpf, formatCpf and maskCpf', () => {
	it('strips punctuation and spaces only', () => {
		expect(normalizeCpf(' 123.456.789-09 ')).toBe('12345678909');
		expect(normalizeCpf('123/456.789–09')).toBe('12345678909');
		expect(normalizeCpf('12a')).toBe('12a');
	});

	it('formats 11 digits as 123.456.789-09', () => {
		expect(formatCpf('12345678909')).toBe('123.456.789-09');
		expect(formatCpf('123.456.789-09')).toBe('123.456.789-09');
		expect(formatCpf('1234')).toBe('1234');
	});

	it('masks for display as ***.456.789-**, and shows no digit of a malformed value', () => {
		expect(maskCpf('12345678909')).toBe('***.456.789-**');
		expect(maskCpf('123.456.789-09')).toBe('***.456.789-**');
		expect(maskCpf('1234567')).toBe('***.***.***-**');
	});

	it('round-trips format → normalize', () => {
		fc.assert(
			fc.property(validCpfArb, (cpf) => {
				expect(normalizeCpf(formatCpf(cpf))).toBe(cpf);
			})
		);
	});
});

describe('CpfSchema', () => {
	it('yields the 11 digits of a CPF typed with punctuation', () => {
		expect(CpfSchema.parse(' 123.456.789-09 ')).toBe('12345678909');
	});

	it.each([['123.456.789-10'], ['000.000.000-00'], [''], [12345678909], [null]])('fails %j with "CPF inválido"', (value) => {
		const result = CpfSchema.safeParse(value);
		expect(result.success).toBe(false);
		expect(result.error?.issues.map((i) => i.message)).toEqual(['CPF inválido']);
	});
});

describe('maskCpfsIn', () => {
	it('masks every valid CPF a citizen typed, however punctuated, and leaves other numbers alone', () => {
		expect(maskCpfsIn('meu cpf é 529.982.247-25 obrigado')).toBe('meu cpf é ***.982.247-** obrigado');
		expect(maskCpfsIn('52998224725')).toBe('***.982.247-**');
		expect(maskCpfsIn('cpf 529 982 247 25 e protocolo 2026-000123')).toBe('cpf ***.982.247-** e protocolo 2026-000123');
		// Not a CPF (check digits wrong), or longer digit runs: shown as typed.
		expect(maskCpfsIn('12345678900')).toBe('12345678900');
		expect(maskCpfsIn('552998224725')).toBe('552998224725');
	});

	it('never lets a valid CPF through, wherever it sits in the text', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{9}$/), fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (base, before, after) => {
				const cpf = base + cpfCheckDigits(base);
				fc.pre(isValidCpf(cpf));
				const text = `${before} ${formatCpf(cpf)} ${after}`;
				expect(maskCpfsIn(text)).not.toContain(formatCpf(cpf));
			})
		);
	});
});
