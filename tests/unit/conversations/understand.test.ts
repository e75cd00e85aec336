import { describe, expect, it } from 'vitest';
import { command, findAccessCode, findCpf, findProtocolNumber, findProtocolQuery, greetingLang, languageSwitch, optionNumber, says } from '../../../src/lib/conversations/understand';
import { formatProtocolNumber } from '../../../src/lib/requests/protocol-number';

const NUMBER = formatProtocolNumber(2026, 123);

describe('reading what a citizen typed', () => {
	it('understands words without accents, in any case and with one slip', () => {
		expect(says('Solicitação', 'request')).toBe(true);
		expect(says('SOLICITACAO', 'request')).toBe(true);
		expect(says('solicitacoa', 'request')).toBe(true);
		expect(says('protocolo', 'protocol')).toBe(true);
		expect(says('protcolo', 'protocol')).toBe(true);
		expect(says('atendnte', 'human')).toBe(true);
		expect(says('quero falar com alguém', 'human')).toBe(true);
	});

	it('does not stretch short words into others', () => {
		expect(says('sal', 'exit')).toBe(false);
		expect(says('fim de semana', 'menu')).toBe(false);
	});

	it('takes a command only from a short message', () => {
		expect(command('sair', 'exit')).toBe(true);
		expect(command('quero sair da fila de espera agora mesmo', 'exit')).toBe(false);
	});

	it('reads option numbers as digits, words and keycap emoji', () => {
		expect(optionNumber('2')).toBe(2);
		expect(optionNumber('2.')).toBe(2);
		expect(optionNumber('dois')).toBe(2);
		expect(optionNumber('opção 3')).toBe(3);
		expect(optionNumber('3️⃣')).toBe(3);
		expect(optionNumber('three')).toBe(3);
		expect(optionNumber('dos')).toBe(2);
		expect(optionNumber('2 e 3')).toBeNull();
	});

	it('tells the language from a greeting or an explicit choice', () => {
		expect(greetingLang('Hello there')).toBe('en');
		expect(greetingLang('Hola, buenas')).toBe('es');
		expect(greetingLang('oi')).toBeNull();
		expect(languageSwitch('English')).toBe('en');
		expect(languageSwitch('español')).toBe('es');
		expect(languageSwitch('português')).toBe('pt-BR');
	});

	it('finds a protocol number however it is spaced, and refuses a wrong check digit', () => {
		expect(findProtocolNumber(`meu protocolo é ${NUMBER}`)).toBe(NUMBER);
		expect(findProtocolNumber(NUMBER.replace('-', ''))).toBe(NUMBER);
		expect(findProtocolNumber('2026 000123 ' + NUMBER.slice(-1))).toBe(NUMBER);
		const wrong = NUMBER.slice(0, -1) + String((Number(NUMBER.slice(-1)) + 1) % 10);
		expect(findProtocolNumber(wrong)).toBeNull();
	});

	it('finds an access code and a CPF', () => {
		expect(findAccessCode('código 7bgfdfpb')).toBe('7BGFDFPB');
		expect(findAccessCode('sem codigo aqui')).toBeNull();
		expect(findCpf('meu cpf é 529.982.247-25')).toBe('52998224725');
		expect(findCpf('111.111.111-11')).toBeNull();
	});

	it('reads a protocol number with its code or CPF in one message', () => {
		expect(findProtocolQuery(`${NUMBER} 7BGFDFPB`)).toEqual({ number: NUMBER, code: '7BGFDFPB', cpf: null });
		expect(findProtocolQuery(`protocolo ${NUMBER} cpf 529.982.247-25`)).toEqual({ number: NUMBER, code: null, cpf: '52998224725' });
		expect(findProtocolQuery(NUMBER)).toBeNull();
	});
});
