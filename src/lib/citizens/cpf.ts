import { z } from 'zod';
import { ownCheck } from '../i18n/field-problem';

/*
 * CPF (Cadastro de Pessoas Físicas): 9 base digits and 2 check digits, each mod 11 as the
 * Receita Federal defines them. A CPF is personal data: display it masked and never on a panel.
 */

/** The digits of a CPF as typed: spaces, dots, hyphens and slashes go; anything else stays (and fails validation). */
export function normalizeCpf(input: string): string {
	return input.replace(/[\s.\-/\u2010-\u2015]/g, '');
}

function checkDigit(digits: string): number {
	// Weights run from digits.length + 1 down to 2: 10..2 for DV1, 11..2 for DV2.
	let sum = 0;
	for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (digits.length + 1 - i);
	const r = sum % 11;
	return r < 2 ? 0 : 11 - r;
}

/** The two check digits of a 9-digit CPF base, by the Receita Federal mod-11 rule. */
export function cpfCheckDigits(base: string): string {
	if (!/^\d{9}$/.test(base)) throw new RangeError('A CPF base has 9 digits');
	const dv1 = checkDigit(base);
	const dv2 = checkDigit(base + dv1);
	return `${dv1}${dv2}`;
}

/** A valid CPF: 11 digits, not all equal, both mod-11 check digits right (Receita Federal rule). */
export function isValidCpf(input: string): boolean {
	const cpf = normalizeCpf(input);
	if (!/^\d{11}$/.test(cpf)) return false;
	if (/^(\d)\1{10}$/.test(cpf)) return false;
	return cpfCheckDigits(cpf.slice(0, 9)) === cpf.slice(9);
}

/** '12345678909' → '123.456.789-09'; anything that is not 11 digits comes back normalized but unformatted. */
export function formatCpf(input: string): string {
	const cpf = normalizeCpf(input);
	if (!/^\d{11}$/.test(cpf)) return cpf;
	return `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
}

/** '12345678909' → '***.456.789-**', the display mask; a malformed value shows no digit at all. */
export function maskCpf(input: string): string {
	const cpf = normalizeCpf(input);
	if (!/^\d{11}$/.test(cpf)) return '***.***.***-**';
	return `***.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-**`;
}

/** Any valid CPF written inside free text (a chat message), with or without punctuation. */
const CPF_IN_TEXT = /(?<!\d)\d{3}[.\s]?\d{3}[.\s]?\d{3}[-\s]?\d{2}(?!\d)/g;

/** Free text with every valid CPF in it masked, for staff who read what citizens typed but need not know their CPF. */
export function maskCpfsIn(text: string): string {
	return text.replace(CPF_IN_TEXT, (found) => (isValidCpf(found) ? maskCpf(found) : found));
}

/** A CPF field: accepts it typed with or without punctuation, yields the 11 digits, or fails with "CPF inválido". */
export const CpfSchema = z
	.string({ error: 'CPF inválido' })
	.transform(normalizeCpf)
	.refine(isValidCpf, ownCheck('invalid_cpf', 'CPF inválido'))
	.meta({ description: 'CPF, with or without its dots and dash', examples: ['529.982.247-25'] });
