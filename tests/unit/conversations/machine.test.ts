import { describe, expect, it } from 'vitest';
import { initialState, step, type ConversationState, type Inbound, type Output, type Reply, type Result } from '../../../src/lib/conversations/machine';
import { BOT_TEXTS } from '../../../src/lib/conversations/texts';
import { INTERACTIVE_LIMITS, interactiveBody } from '../../../src/lib/notify/whatsapp-cloud';
import { LANGS } from '../../../src/lib/i18n';
import { formatProtocolNumber } from '../../../src/lib/requests/protocol-number';
import { CTX } from './context';

const NUMBER = formatProtocolNumber(2026, 42);
const POTHOLE = { code: 'tapa-buraco', name: 'Tapa-buraco', anonymousAllowed: true };
const LIGHT = { code: 'iluminacao', name: 'Iluminação pública', anonymousAllowed: false };

const text = (t: string): Inbound => ({ kind: 'text', text: t });
const tap = (id: string, title = id): Inbound => ({ kind: 'choice', id, title });
const result = (r: Result): Inbound => ({ kind: 'result', result: r });
const bodies = (o: Output) => o.replies.map((r) => r.body).join('\n---\n');

/** Runs messages one after the other, keeping the last output. */
function run(state: ConversationState, inputs: Inbound[], ctx = CTX): Output {
	let o: Output = { state, replies: [], effects: [] };
	for (const i of inputs) o = step(o.state, i, ctx);
	return o;
}

function registered(lang: ConversationState['lang'] = 'pt-BR'): ConversationState {
	return { lang, consented: true, contact: { name: 'Maria', neighbourhood: 'Centro' }, step: { at: 'menu' }, pending: null };
}

describe('first contact', () => {
	it('greets, shows the LGPD notice and asks consent before anything else', () => {
		const o = step(initialState(), text('oi'), CTX);
		expect(o.state.step.at).toBe('consent');
		expect(bodies(o)).toContain('LGPD');
		const consent = o.replies.at(-1)!;
		expect(consent.kind).toBe('buttons');
		expect(o.effects).toEqual([]);
	});

	it('answers in English or Spanish when greeted so', () => {
		expect(bodies(step(initialState(), text('Hello'), CTX))).toContain('Privacy notice');
		expect(bodies(step(initialState(), text('Hola!'), CTX))).toContain('Aviso de privacidad');
	});

	it('records the consent with its text, then asks name and neighbourhood and saves them as a contact', () => {
		let o = step(step(initialState(), text('oi'), CTX).state, tap('c:yes', 'Aceito'), CTX);
		expect(o.effects).toEqual([{ kind: 'consent', text: BOT_TEXTS['pt-BR'].consent }]);
		expect(o.state.step.at).toBe('name');
		o = step(o.state, text('Meu nome é Maria Souza'), CTX);
		expect(o.state.step).toEqual({ at: 'neighbourhood', name: 'Maria Souza' });
		o = step(o.state, text('Jardim Aureny'), CTX);
		expect(o.effects).toEqual([{ kind: 'save_contact', contact: { name: 'Maria Souza', neighbourhood: 'Jardim Aureny' } }]);
		expect(o.state.step.at).toBe('menu');
		expect(o.replies.at(-1)!.kind).toBe('list');
	});

	it('keeps nothing when consent is refused, and takes it later', () => {
		let o = run(initialState(), [text('oi'), text('não')]);
		expect(o.state.step.at).toBe('declined');
		expect(o.effects).toEqual([]);
		o = step(o.state, text('aceito'), CTX);
		expect(o.state.consented).toBe(true);
	});

	it('asks the name again when it is not one', () => {
		const o = run(initialState(), [text('oi'), text('sim'), text('12345')]);
		expect(o.state.step.at).toBe('name');
		expect(bodies(o)).toContain('Não entendi seu nome');
	});
});

describe('the menu', () => {
	it('opens each option by number, by word (with typos) and by tapping it', () => {
		expect(step(registered(), text('1'), CTX).state.step.at).toBe('protocol_number');
		expect(step(registered(), text('protocolo'), CTX).state.step.at).toBe('protocol_number');
		expect(step(registered(), text('solicitaçao'), CTX).state.step.at).toBe('request_search');
		expect(step(registered(), tap('m:request'), CTX).state.step.at).toBe('request_search');
		expect(step(registered(), text('dois'), CTX).state.step.at).toBe('request_search');
		expect(step(registered(), text('6'), CTX).state.step.at).toBe('data');
	});

	it('leaves with "sair" from anywhere and comes back to the menu on the next message', () => {
		const o = run(registered(), [text('2'), text('sair')]);
		expect(o.state.step.at).toBe('ended');
		// "sair" also ends the notices the contact opted in to.
		expect(o.effects).toEqual([{ kind: 'close' }, { kind: 'unsubscribe' }]);
		expect(step(o.state, text('oi'), CTX).state.step.at).toBe('menu');
	});

	it('says it did not understand and shows the menu again', () => {
		const o = step(registered(), text('???'), CTX);
		expect(o.state.step.at).toBe('menu');
		expect(bodies(o)).toContain('não entendi');
	});

	it('switches language on request and asks the same again', () => {
		const o = step(registered(), text('english'), CTX);
		expect(o.state.lang).toBe('en');
		expect(bodies(o)).toContain('How can I help?');
	});
});

describe('consulting a protocol', () => {
	it('asks the number, then the access code, then answers with the status and due date', () => {
		let o = run(registered(), [text('1'), text(`é o ${NUMBER}`)]);
		expect(o.state.step).toEqual({ at: 'protocol_secret', number: NUMBER, tries: 0 });
		o = step(o.state, text('7bgfdfpb'), CTX);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'lookup_protocol', number: NUMBER, code: '7BGFDFPB', cpf: null } }]);
		o = step(o.state, result({ kind: 'protocol', found: true, number: NUMBER, status: 'em_atendimento', service: 'Tapa-buraco', dueAt: '2026-03-10T15:00:00Z', note: 'Equipe a caminho' }), CTX);
		expect(bodies(o)).toContain('em atendimento');
		expect(bodies(o)).toContain('10/03/2026');
		expect(bodies(o)).toContain('menu');
		expect(o.state.step.at).toBe('menu');
	});

	it('answers a number with its code at any point, even mid-request and before registering', () => {
		for (const state of [run(registered(), [text('2')]).state, initialState()]) {
			const o = step(state, text(`${NUMBER} 7BGFDFPB`), CTX);
			expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'lookup_protocol', number: NUMBER, code: '7BGFDFPB', cpf: null } }]);
			const after = step(o.state, result({ kind: 'protocol', found: false }), CTX);
			expect(bodies(after)).toContain('Não encontrei');
		}
	});

	it('says the same for a wrong code as for an unknown number, and gives up after three bad numbers', () => {
		const o = run(registered(), [text('1'), text('123'), text('456'), text('789')]);
		expect(o.state.step.at).toBe('menu');
		expect(bodies(o)).toContain('recomeçar');
	});
});

describe('opening a request', () => {
	it('searches the catalogue, picks a service, takes the description, the CPF or anonymity and the location, then opens it', () => {
		let o = run(registered(), [text('2'), text('buraco na rua')]);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'search_services', query: 'buraco na rua' } }]);
		o = step(o.state, result({ kind: 'services', services: [POTHOLE, LIGHT] }), CTX);
		expect(o.state.step.at).toBe('request_pick');
		expect(o.replies[0].kind).toBe('list');
		o = step(o.state, text('1'), CTX);
		expect(o.state.step.at).toBe('request_description');
		o = step(o.state, text('Buraco grande em frente à escola'), CTX);
		expect(o.state.step.at).toBe('request_identity');
		o = step(o.state, tap('r:anonymous', 'Anônimo'), CTX);
		expect(o.state.step.at).toBe('request_address');
		o = step(o.state, { kind: 'location', latitude: -10.18, longitude: -48.33, name: 'Escola Municipal', address: 'Quadra 103 Sul' }, CTX);
		expect(o.state.step.at).toBe('request_confirm');
		o = step(o.state, tap('r:send', 'Enviar'), CTX);
		expect(o.effects).toEqual([
			{
				kind: 'ask',
				ask: {
					kind: 'open_request',
					draft: { service: POTHOLE, description: 'Buraco grande em frente à escola', anonymous: true, cpf: null, address: 'Escola Municipal, Quadra 103 Sul', location: { latitude: -10.18, longitude: -48.33 } }
				}
			}
		]);
		o = step(o.state, result({ kind: 'opened', ok: true, number: NUMBER, accessCode: '7BGFDFPB', dueAt: '2026-03-10T15:00:00Z', organ: 'Secretaria de Obras' }), CTX);
		expect(bodies(o)).toContain(NUMBER);
		expect(bodies(o)).toContain('7BGFDFPB');
		expect(o.state.step.at).toBe('menu');
	});

	it('asks the CPF when the service does not take anonymous requests, and checks it', () => {
		let o = run(registered(), [text('2'), text('lâmpada queimada')]);
		o = step(o.state, result({ kind: 'services', services: [LIGHT] }), CTX);
		o = run(o.state, [tap('s:iluminacao', LIGHT.name), text('Poste apagado há uma semana')]);
		expect(o.state.step.at).toBe('request_cpf');
		o = step(o.state, text('anônimo'), CTX);
		expect(o.state.step.at).toBe('request_cpf');
		o = step(o.state, text('529.982.247-25'), CTX);
		expect(o.state.step.at).toBe('request_address');
		o = run(o.state, [text('Rua das Flores, 120'), text('sim')]);
		expect(o.effects[0]).toMatchObject({ kind: 'ask', ask: { kind: 'open_request', draft: { cpf: '52998224725', anonymous: false, address: 'Rua das Flores, 120' } } });
	});

	it('says what found nothing and lets the citizen try other words', () => {
		let o = run(registered(), [text('2'), text('xyzzy')]);
		o = step(o.state, result({ kind: 'services', services: [] }), CTX);
		expect(o.state.step.at).toBe('request_search');
		expect(bodies(o)).toContain('xyzzy');
	});

	it('treats a sentence at the menu as a search for a request', () => {
		let o = step(registered(), text('tem um buraco enorme na minha rua'), CTX);
		expect(o.effects[0]).toMatchObject({ kind: 'ask', ask: { kind: 'search_services' } });
		o = step(o.state, result({ kind: 'services', services: [POTHOLE] }), CTX);
		expect(o.state.step.at).toBe('request_pick');
		expect(bodies(o)).toContain('Você quer abrir uma solicitação?');
	});

	it('cancels without sending anything', () => {
		let o = run(registered(), [text('2'), text('buraco')]);
		o = step(o.state, result({ kind: 'services', services: [POTHOLE] }), CTX);
		o = run(o.state, [text('1'), text('Buraco grande na esquina'), text('anonimo'), text('pular'), tap('r:cancel', 'Cancelar')]);
		expect(o.state.step.at).toBe('menu');
		expect(o.effects).toEqual([]);
	});
});

describe('queues, appointments, people and data', () => {
	it('shows the current waits and says where to take a ticket when no unit takes tickets before arriving', () => {
		let o = step(registered(), text('3'), CTX);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'unit_waits' } }]);
		o = step(o.state, result({ kind: 'waits', units: [{ slug: 'centro', name: 'Centro', address: 'Av. JK, 100', open: true, services: [{ code: 'iptu', name: 'IPTU', waiting: 4, minutes: 12, remote: false }] }] }), CTX);
		expect(bodies(o)).toContain('IPTU: 4 na fila, cerca de 12 min');
		expect(bodies(o)).toContain('totem');
		expect(o.state.step.at).toBe('menu');
	});

	const WAITS: Result = {
		kind: 'waits',
		units: [
			{ slug: 'centro', name: 'Pró-Cidadão Centro', address: 'Av. JK, 100', open: true, services: [{ code: 'iptu', name: 'IPTU', waiting: 4, minutes: 12, remote: true }, { code: 'rg', name: 'RG', waiting: 9, minutes: 40, remote: false }] },
			{ slug: 'sul', name: 'Pró-Cidadão Sul', address: 'Rua B, 2', open: false, services: [{ code: 'iptu', name: 'IPTU', waiting: 0, minutes: null, remote: true }] }
		]
	};

	it('takes a ticket at an open unit that allows it, with the waits shown, and says how to check in', () => {
		let o = step(registered(), text('senha'), CTX);
		o = step(o.state, result(WAITS), CTX);
		expect(bodies(o)).toContain('RG: 9 na fila');
		// Only open units whose services take tickets before arriving are offered, and only those services.
		const units = o.replies.at(-1)!;
		expect(units.kind === 'list' && units.rows.map((r) => r.id)).toEqual(['u:centro']);
		expect(o.state.step.at).toBe('ticket_unit');
		o = step(o.state, tap('u:centro', 'Pró-Cidadão Centro'), CTX);
		const services = o.replies.at(-1)!;
		expect(services.kind === 'list' && services.rows).toEqual([{ id: 't:iptu', title: 'IPTU', description: 'IPTU: 4 na fila, cerca de 12 min' }]);
		o = step(o.state, text('1'), CTX);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'take_ticket', unit: 'centro', service: 'iptu' } }]);
		o = step(o.state, result({ kind: 'ticket', ok: true, number: 'A023', service: 'IPTU', unit: 'Pró-Cidadão Centro', ahead: 4, minutes: 12, arrivalCode: 'K7P2QX4', trackUrl: 'https://vez.example/t/abc' }), CTX);
		expect(bodies(o)).toContain('*A023*');
		expect(bodies(o)).toContain('Há 4 pessoas');
		expect(bodies(o)).toContain('*K7P2QX4*');
		expect(bodies(o)).toContain('https://vez.example/t/abc');
		expect(bodies(o)).toContain('menu');
		expect(o.state.step.at).toBe('menu');
	});

	it('says why a ticket was not taken and sends the citizen to the kiosk', () => {
		let o = run(registered(), [text('3')]);
		o = step(o.state, result(WAITS), CTX);
		o = run(o.state, [text('Pró-Cidadão Centro'), text('iptu')]);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'take_ticket', unit: 'centro', service: 'iptu' } }]);
		o = step(o.state, result({ kind: 'ticket', ok: false, reason: 'cap' }), CTX);
		expect(bodies(o)).toContain('acabaram por hoje');
		expect(o.state.step.at).toBe('menu');
	});

	it('asks again, with the way back, when the unit or service typed is not on the list', () => {
		let o = step(step(registered(), text('3'), CTX).state, result(WAITS), CTX);
		o = step(o.state, text('9'), CTX);
		expect(o.state.step.at).toBe('ticket_unit');
		expect(bodies(o)).toContain('não entendi');
		const again = o.replies.at(-1)!;
		expect(again.kind === 'list' && again.footer).toContain('menu');
		o = run(o.state, [tap('u:centro'), text('RG')]);
		expect(o.state.step.at).toBe('ticket_service');
		expect(run(o.state, [text('menu')]).state.step.at).toBe('menu');
	});

	const APPOINTMENT = { code: 'AB12CD3', service: 'IPTU', unit: 'Centro', start: '2026-03-10T13:00:00Z' };

	it('lists the upcoming appointments with the booking link', () => {
		let o = step(registered(), text('4'), CTX);
		o = step(o.state, result({ kind: 'appointments', items: [APPOINTMENT] }), CTX);
		expect(bodies(o)).toContain('AB12CD3');
		expect(bodies(o)).toContain('https://vez.example/book');
		expect(o.state.step.at).toBe('appointment_pick');
	});

	it('cancels an appointment the citizen picks and confirms, and keeps one they do not', () => {
		let o = step(step(registered(), text('meus agendamentos'), CTX).state, result({ kind: 'appointments', items: [APPOINTMENT] }), CTX);
		o = step(o.state, tap('a:AB12CD3'), CTX);
		expect(o.state.step.at).toBe('appointment_cancel');
		expect(bodies(o)).toContain('Cancelar o agendamento *AB12CD3*');
		o = step(o.state, tap('x:yes', 'Cancelar agendamento'), CTX);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'cancel_appointment', code: 'AB12CD3' } }]);
		o = step(o.state, result({ kind: 'cancelled', ok: true, code: 'AB12CD3' }), CTX);
		expect(bodies(o)).toContain('Agendamento *AB12CD3* cancelado');
		expect(o.state.step.at).toBe('menu');

		o = step(step(registered(), text('4'), CTX).state, result({ kind: 'appointments', items: [APPOINTMENT] }), CTX);
		o = run(o.state, [text('1'), text('não')]);
		expect(o.effects).toEqual([]);
		expect(bodies(o)).toContain('continua marcado');
		expect(o.state.step.at).toBe('menu');
	});

	it('says when an appointment could not be cancelled', () => {
		let o = step(step(registered(), text('4'), CTX).state, result({ kind: 'appointments', items: [APPOINTMENT] }), CTX);
		o = run(o.state, [text('AB12CD3'), text('sim')]);
		o = step(o.state, result({ kind: 'cancelled', ok: false, code: 'AB12CD3' }), CTX);
		expect(bodies(o)).toContain('Não consegui cancelar');
	});

	const NOTICES: Result = {
		kind: 'notice_options',
		regions: [
			{ region: 'Centro', subscribed: false, units: [{ slug: 'centro', name: 'Pró-Cidadão Centro', subscribed: true }] },
			{ region: 'Norte', subscribed: false, units: [{ slug: 'canasvieiras', name: 'Canasvieiras', subscribed: false }, { slug: 'ingleses', name: 'Ingleses', subscribed: false }] }
		]
	};

	it('opts in to a region\'s or a unit\'s notices from the menu, showing what the contact already gets', () => {
		let o = step(registered(), text('7'), CTX);
		expect(o.effects).toEqual([{ kind: 'ask', ask: { kind: 'notice_options' } }]);
		o = step(o.state, result(NOTICES), CTX);
		const regions = o.replies.at(-1)!;
		expect(regions.kind === 'list' && regions.rows.map((r) => [r.id, r.description])).toEqual([
			['n:r:Centro', BOT_TEXTS['pt-BR'].noticesSubscribed],
			['n:r:Norte', 'Canasvieiras, Ingleses'],
			['n:stop', undefined]
		]);
		// A tapped row is its id, whatever its title says ("N…" is not "não").
		expect(step(o.state, tap('n:r:Norte', 'n:r:Norte'), CTX).state.step.at).toBe('notices_region');
		o = step(o.state, text('Norte'), CTX);
		const units = o.replies.at(-1)!;
		expect(units.kind === 'list' && units.rows.map((r) => r.id)).toEqual(['n:all', 'n:u:canasvieiras', 'n:u:ingleses']);
		const whole = step(o.state, text('1'), CTX);
		expect(whole.effects).toEqual([{ kind: 'subscribe', target: { region: 'Norte' } }]);
		expect(bodies(whole)).toContain('avisos de *Norte*');
		o = step(o.state, text('3'), CTX);
		expect(o.effects).toEqual([{ kind: 'subscribe', target: { unit: 'ingleses' } }]);
		expect(bodies(o)).toContain('avisos de *Ingleses*');
		expect(bodies(o)).toContain('sair');
		expect(o.state.step.at).toBe('menu');
	});

	it('stops every notice from the list, and on "sair" wherever the conversation is', () => {
		let o = step(step(registered(), text('avisos'), CTX).state, result(NOTICES), CTX);
		o = step(o.state, tap('n:stop', 'Parar todos os avisos'), CTX);
		expect(o.effects).toEqual([{ kind: 'unsubscribe' }]);
		expect(bodies(o)).toContain('não receberá mais avisos');
		for (const at of [[], [text('2')], [text('4')], [text('5')], [text('7')]] as Inbound[][]) {
			const exit = run(registered(), [...at, text('sair')]);
			expect(exit.effects, JSON.stringify(at)).toContainEqual({ kind: 'unsubscribe' });
			expect(exit.state.step.at).toBe('ended');
		}
	});

	it('hands over to a person within hours, and is silent while the person talks', () => {
		let o = step(registered(), text('5'), CTX);
		expect(o.effects).toEqual([{ kind: 'handoff' }]);
		expect(o.state.step.at).toBe('human');
		o = step(o.state, text('preciso de ajuda com meu IPTU'), CTX);
		expect(o.replies).toEqual([]);
		o = step(o.state, text('menu'), CTX);
		expect(o.effects).toEqual([{ kind: 'handback' }]);
		expect(o.state.step.at).toBe('menu');
	});

	it('says when people answer outside hours and keeps helping', () => {
		const o = step(registered(), text('falar com atendente'), { ...CTX, humansOpen: false });
		expect(o.state.step.at).toBe('menu');
		expect(o.effects).toEqual([]);
		expect(bodies(o)).toContain('13h30');
	});

	it('edits the contact and erases it on request', () => {
		let o = run(registered(), [text('6'), tap('d:edit'), text('Maria Lima'), text('Taquaralto')]);
		expect(o.effects).toEqual([{ kind: 'save_contact', contact: { name: 'Maria Lima', neighbourhood: 'Taquaralto' } }]);
		o = run(o.state, [text('meus dados'), tap('d:erase'), tap('e:yes')]);
		expect(o.effects).toEqual([{ kind: 'erase_contact' }]);
		expect(o.state.consented).toBe(false);
		expect(o.state.contact).toBeNull();
	});
});

describe("Meta's limits", () => {
	it('keeps every interactive reply within them in every language', () => {
		const replies: Reply[] = [];
		for (const lang of LANGS) {
			const base = { ...registered(lang) };
			for (const inputs of [[text('oi')], [text('6')], [text('6'), tap('d:erase')]] as Inbound[][]) replies.push(...run(base, inputs).replies);
			replies.push(...step(initialState(lang), text('oi'), CTX).replies);
			let o = run(base, [text('2'), text('buraco')]);
			o = step(o.state, result({ kind: 'services', services: Array.from({ length: 12 }, (_, i) => ({ code: `s${i}`, name: `Serviço com um nome bem comprido número ${i}`, anonymousAllowed: true })) }), CTX);
			replies.push(...o.replies);
			o = run(o.state, [text('1'), text('Descrição do problema aqui')]);
			replies.push(...o.replies);
			const many = Array.from({ length: 12 }, (_, i) => ({ code: `s${i}`, name: `Serviço com um nome bem comprido número ${i}`, waiting: 100 + i, minutes: 240, remote: true }));
			o = step(step(base, text('3'), CTX).state, result({ kind: 'waits', units: Array.from({ length: 12 }, (_, i) => ({ slug: `u${i}`, name: `Unidade de atendimento com nome longo ${i}`, address: 'Rua', open: true, services: many })) }), CTX);
			replies.push(...o.replies, ...step(o.state, text('1'), CTX).replies);
			o = step(step(base, text('4'), CTX).state, result({ kind: 'appointments', items: Array.from({ length: 12 }, (_, i) => ({ code: `AB12CD${i}`, service: 'Serviço com um nome bem comprido', unit: 'Unidade com nome longo', start: '2026-03-10T13:00:00Z' })) }), CTX);
			replies.push(...o.replies, ...step(o.state, text('1'), CTX).replies);
		}
		for (const r of replies) {
			if (r.kind === 'text') continue;
			expect(() => interactiveBody('+5563999990000', r.kind === 'buttons' ? { type: 'button', body: r.body, footer: r.footer, buttons: r.buttons } : { type: 'list', body: r.body, footer: r.footer, button: r.button, sections: [{ rows: r.rows }] })).not.toThrow();
			if (r.footer) expect(r.footer.length).toBeLessThanOrEqual(60);
		}
		expect(INTERACTIVE_LIMITS.rows).toBe(10);
	});
});
