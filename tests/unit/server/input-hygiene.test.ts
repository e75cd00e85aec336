import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VezError } from '../../../src/lib/errors';
import { hasControlCharacter, refuseControlCharactersInForm, refuseControlCharactersInJson, urlProblem } from '../../../src/lib/server/input-hygiene';
import { loggedPath } from '../../../src/lib/server/log';

function fieldsOf(fn: () => void): Record<string, string> | undefined {
	try {
		fn();
	} catch (e) {
		expect(e).toBeInstanceOf(VezError);
		expect((e as VezError).code).toBe('invalid_input');
		return (e as VezError).fields;
	}
	return undefined;
}

describe('control characters in input', () => {
	it('refuses NUL and other control characters, keeping tab and line breaks in free text', () => {
		for (const bad of ['a\u0000b', '\u0007', 'x\u001b[31m', '\u007f', '\u0085', 'lone \ud800 surrogate']) expect(hasControlCharacter(bad), JSON.stringify(bad)).toBe(true);
		for (const ok of ['Maria José', 'linha 1\r\nlinha 2\tfim', 'São João — nº 5', '👍', '']) expect(hasControlCharacter(ok), JSON.stringify(ok)).toBe(false);
		expect(hasControlCharacter('a\nb', false)).toBe(true);
	});

	it('names the JSON field, however deep, and its keys', () => {
		expect(fieldsOf(() => refuseControlCharactersInJson({ username: 'admin\u0000', password: 'x' }))).toEqual({ username: expect.any(String) });
		expect(fieldsOf(() => refuseControlCharactersInJson({ citizen: { cpf: '1', name: ['ok', 'Jo\u0000ão'] } }))).toHaveProperty(['citizen.name.1']);
		expect(fieldsOf(() => refuseControlCharactersInJson({ 'na\u0000me': 'x' }))).toHaveProperty(['na\u0000me']);
		expect(fieldsOf(() => refuseControlCharactersInJson('\u0000'))).toHaveProperty(['_']);
		expect(fieldsOf(() => refuseControlCharactersInJson({ note: 'linha\nlinha', n: 5, ok: true, none: null }))).toBeUndefined();
	});

	it('walks a deeply nested body without overflowing the stack', () => {
		let deep: unknown = 'x\u0000';
		for (let i = 0; i < 100_000; i++) deep = [deep];
		expect(fieldsOf(() => refuseControlCharactersInJson(deep))).toBeDefined();
	});

	it('names the form field', () => {
		const form = new URLSearchParams({ username: 'ana', password: 'p\u0000' });
		expect(fieldsOf(() => refuseControlCharactersInForm(form))).toEqual({ password: expect.any(String) });
		expect(fieldsOf(() => refuseControlCharactersInForm(new URLSearchParams({ note: 'a\r\nb' })))).toBeUndefined();
	});

	it('finds control characters in a path segment or a query parameter, decoded as routes see them', () => {
		const at = (path: string) => urlProblem(new URL(`http://vez.test${path}`));
		expect(at('/api/v1/units/centro%00/services')?.fields).toHaveProperty('path');
		expect(at('/book/manage/abc%0A')?.fields).toHaveProperty('path');
		expect(at('/api/v1/services?q=iptu%00')?.fields).toHaveProperty('q');
		expect(at('/api/v1/units/%E0%A4%A/services')?.fields).toHaveProperty('path');
		expect(at('/api/v1/units/centro/services?q=S%C3%A3o+Jo%C3%A3o')).toBeNull();
		expect(at('/protocol?numero=2026000123-4&cpf=529.982.247-25')).toBeNull();
	});

	it('accepts every string without control characters and refuses every one with them', () => {
		const control = fc.constantFrom(...'\u0000\u0001\u0008\u000b\u000c\u000e\u001f\u007f\u0080\u009f'.split(''));
		fc.assert(
			fc.property(fc.string(), control, fc.string(), (a, c, b) => {
				const clean = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g, '');
				expect(hasControlCharacter(clean(a) + clean(b))).toBe(false);
				expect(hasControlCharacter(a + c + b)).toBe(true);
			})
		);
	});
});

describe('paths in logs', () => {
	const event = (id: string | null, params: Record<string, string>, path: string) => ({ route: { id }, params, url: new URL(`http://vez.test${path}?token=secret&cpf=52998224725`) });

	it('keeps keys out: manage tokens, public ids, booking codes, and every query string', () => {
		expect(loggedPath(event('/book/manage/[token]', { token: 'Zk3abcdefghijklmnopqrstuvwxyz012' }, '/book/manage/Zk3abcdefghijklmnopqrstuvwxyz012'))).toBe('/book/manage/[token]');
		expect(loggedPath(event('/t/[publicId]', { publicId: 'q8dh3kd9' }, '/t/q8dh3kd9'))).toBe('/t/[publicId]');
		expect(loggedPath(event('/api/v1/appointments/[code]/cancel', { code: 'ABCD-1234' }, '/api/v1/appointments/ABCD-1234/cancel'))).toBe('/api/v1/appointments/[code]/cancel');
		expect(loggedPath(event('/api/v1/units/[unit]/services/[code]', { unit: 'centro', code: 'iptu' }, '/api/v1/units/centro/services/iptu'))).toBe('/api/v1/units/centro/services/iptu');
		expect(loggedPath(event('/kiosk/[unit]', { unit: 'centro' }, '/kiosk/centro'))).toBe('/kiosk/centro');
	});

	it('shows long segments of an unknown path by length only', () => {
		expect(loggedPath(event(null, {}, '/book/manage/Zk3abcdefghijklmnopqrstuvwxyz012/x'))).toBe('/book/manage/[32 chars]/x');
	});
});
