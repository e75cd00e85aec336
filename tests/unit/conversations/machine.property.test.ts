import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialState, step, type Ask, type ConversationState, type Inbound, type Output, type Result } from '../../../src/lib/conversations/machine';
import { interactiveBody } from '../../../src/lib/notify/whatsapp-cloud';
import { formatProtocolNumber } from '../../../src/lib/requests/protocol-number';
import { CTX } from './context';

const NUMBER = formatProtocolNumber(2026, 7);
const SERVICE = { code: 'tapa-buraco', name: 'Tapa-buraco', anonymousAllowed: true };

const WORDS = [
	'oi', 'Olá', 'menu', 'MENU', 'sair', 'voltar', 'sim', 'não', 'aceito', '1', '2', '3', '4', '5', '6', '7', '8', '0', 'dois', '3️⃣',
	'protocolo', 'solicitação', 'atendente', 'english', 'español', 'português', 'anônimo', 'pular', 'cpf', '529.982.247-25', '111.111.111-11',
	NUMBER, `${NUMBER} 7BGFDFPB`, '7BGFDFPB', 'Maria Souza', 'Centro', 'buraco na rua em frente à escola', 'Rua das Flores, 120', '', '   ', '🙂', '?!',
	'apagar', 'alterar', 'meus dados', 'senha', 'agendamentos', 'avisos', 'Sul', 'IPTU', 'AB12CD3', 'x'.repeat(500)
];
const IDS = [
	'c:yes', 'c:no', 'm:protocol', 'm:request', 'm:ticket', 'm:appointments', 'm:human', 'm:data', 'm:notices', 'm:exit', 'm:menu', 's:tapa-buraco', 's:nope', 'r:cpf', 'r:anonymous', 'r:send', 'r:cancel',
	'd:edit', 'd:erase', 'e:yes', 'e:no', 'u:centro', 'u:nope', 't:iptu', 't:nope', 'a:AB12CD3', 'a:nope', 'x:yes', 'x:no', 'n:r:Sul', 'n:u:centro', 'n:stop', 'n:all', 'n:u:nope', 'junk'
];
const WAITS: Result = { kind: 'waits', units: [{ slug: 'centro', name: 'Centro', address: 'Av. JK', open: true, services: [{ code: 'iptu', name: 'IPTU', waiting: 3, minutes: 9, remote: true }] }] };
const NOTICES: Result = { kind: 'notice_options', regions: [{ region: 'Sul', subscribed: true, units: [{ slug: 'sul', name: 'Sul', subscribed: false }] }, { region: 'Centro', subscribed: false, units: [{ slug: 'centro', name: 'Centro', subscribed: false }] }] };
const APPOINTMENTS: Result = { kind: 'appointments', items: [{ code: 'AB12CD3', service: 'IPTU', unit: 'Centro', start: '2026-03-10T13:00:00Z' }] };

const RESULTS: Result[] = [
	{ kind: 'protocol', found: true, number: NUMBER, status: 'aberto', service: 'Tapa-buraco', dueAt: '2026-03-10T15:00:00Z', note: null },
	{ kind: 'protocol', found: false },
	{ kind: 'services', services: [] },
	{ kind: 'services', services: [SERVICE] },
	{ kind: 'opened', ok: true, number: NUMBER, accessCode: '7BGFDFPB', dueAt: '2026-03-10T15:00:00Z', organ: 'Obras' },
	{ kind: 'opened', ok: false },
	{ kind: 'waits', units: [] },
	WAITS,
	{ kind: 'ticket', ok: true, number: 'A023', service: 'IPTU', unit: 'Centro', ahead: 2, minutes: 6, arrivalCode: 'K7P2QX4', trackUrl: 'https://vez.example/t/x' },
	{ kind: 'ticket', ok: false, reason: 'limit' },
	{ kind: 'appointments', items: [] },
	APPOINTMENTS,
	{ kind: 'cancelled', ok: true, code: 'AB12CD3' },
	{ kind: 'cancelled', ok: false, code: 'AB12CD3' },
	NOTICES,
	{ kind: 'notice_options', regions: [] }
];

const inboundArb: fc.Arbitrary<Inbound> = fc.oneof(
	{ weight: 6, arbitrary: fc.constantFrom(...WORDS).map((text) => ({ kind: 'text' as const, text })) },
	{ weight: 2, arbitrary: fc.string({ maxLength: 40 }).map((text) => ({ kind: 'text' as const, text })) },
	{ weight: 3, arbitrary: fc.constantFrom(...IDS).map((id) => ({ kind: 'choice' as const, id, title: id })) },
	{ weight: 1, arbitrary: fc.record({ kind: fc.constant('location' as const), latitude: fc.double({ min: -90, max: 90, noNaN: true }), longitude: fc.double({ min: -180, max: 180, noNaN: true }) }) },
	{ weight: 1, arbitrary: fc.constant({ kind: 'other' as const }) },
	{ weight: 1, arbitrary: fc.constantFrom(...RESULTS).map((result) => ({ kind: 'result' as const, result })) }
);

/** The answer a caller would give to an ask. */
function answer(a: Ask): Result {
	switch (a.kind) {
		case 'lookup_protocol':
			return { kind: 'protocol', found: false };
		case 'search_services':
			return { kind: 'services', services: [SERVICE] };
		case 'open_request':
			return { kind: 'opened', ok: true, number: NUMBER, accessCode: '7BGFDFPB', dueAt: '2026-03-10T15:00:00Z', organ: 'Obras' };
		case 'unit_waits':
			return WAITS;
		case 'take_ticket':
			return { kind: 'ticket', ok: true, number: 'A023', service: 'IPTU', unit: 'Centro', ahead: 2, minutes: 6, arrivalCode: 'K7P2QX4', trackUrl: 'https://vez.example/t/x' };
		case 'list_appointments':
			return APPOINTMENTS;
		case 'cancel_appointment':
			return { kind: 'cancelled', ok: true, code: a.code };
		case 'notice_options':
			return NOTICES;
	}
}

/** Sends a message and answers what it asks, as the use case does. */
function send(state: ConversationState, input: Inbound): Output {
	let o = step(state, input, CTX);
	for (let i = 0; i < 3; i++) {
		const a = o.effects.find((e) => e.kind === 'ask');
		if (!a || a.kind !== 'ask') break;
		const next = step(o.state, { kind: 'result', result: answer(a.ask) }, CTX);
		o = { state: next.state, replies: [...o.replies, ...next.replies], effects: next.effects };
	}
	return o;
}

/** The one script that must always lead back to the menu: "menu"; or consent, name, neighbourhood, then "menu". */
function wayBack(state: ConversationState): Output {
	let o = send(state, { kind: 'text', text: 'menu' });
	if (o.state.step.at === 'menu') return o;
	for (const text of ['aceito', 'Maria', 'Centro', 'menu']) o = send(o.state, { kind: 'text', text });
	return o;
}

describe('the conversation machine, for any sequence of messages', () => {
	it('always has a way back to the menu, always answers, and keeps its state serialisable', () => {
		fc.assert(
			fc.property(fc.boolean(), fc.array(inboundArb, { maxLength: 25 }), (fresh, inputs) => {
				let state: ConversationState = fresh ? initialState() : { lang: 'pt-BR', consented: true, contact: { name: 'Ana', neighbourhood: 'Sul' }, step: { at: 'menu' }, pending: null };
				for (const input of inputs) {
					const before = state;
					const o = step(state, input, CTX);
					const asks = o.effects.filter((e) => e.kind === 'ask');
					expect(asks.length).toBeLessThanOrEqual(1);
					if (asks[0]?.kind === 'ask') expect(o.state.pending).toBe(asks[0].ask.kind);
					// An answer nobody waits for changes nothing.
					else if (input.kind === 'result' && o.replies.length === 0 && o.effects.length === 0) expect(o.state).toEqual(before);
					else expect(o.state.pending).toBeNull();
					// A citizen's message always gets an answer, or an ask whose answer brings one — except while a person has the chat.
					if (input.kind !== 'result' && before.step.at !== 'human' && o.state.step.at !== 'human') expect(o.replies.length + asks.length).toBeGreaterThan(0);
					for (const r of o.replies) {
						if (r.kind === 'buttons') interactiveBody('+5563999990000', { type: 'button', body: r.body, footer: r.footer, buttons: r.buttons });
						if (r.kind === 'list') interactiveBody('+5563999990000', { type: 'list', body: r.body, footer: r.footer, button: r.button, sections: [{ rows: r.rows }] });
						if (r.kind === 'text') expect(r.body.length).toBeGreaterThan(0);
					}
					expect(JSON.parse(JSON.stringify(o.state))).toEqual(o.state);
					state = o.state;
				}
				const back = wayBack(state);
				expect(back.state.step.at).toBe('menu');
				expect(back.replies.some((r) => r.kind === 'list' && r.rows.some((row) => row.id === 'm:protocol'))).toBe(true);
			}),
			{ numRuns: 400 }
		);
	});

	it('offers the menu in every answer that ends a task or a dead end', () => {
		fc.assert(
			fc.property(fc.array(inboundArb, { maxLength: 20 }), (inputs) => {
				let state: ConversationState = { lang: 'pt-BR', consented: true, contact: { name: 'Ana', neighbourhood: 'Sul' }, step: { at: 'menu' }, pending: null };
				for (const input of inputs) {
					const o = send(state, input);
					state = o.state;
					if (!state.consented || !state.contact || o.replies.length === 0 || state.step.at === 'human' || state.step.at === 'ended') continue;
					const last = o.replies.at(-1)!;
					const offersMenu = last.kind === 'list' ? last.rows.some((r) => r.id === 'm:protocol') || /menu/i.test(last.footer ?? '') : last.kind === 'buttons' ? /menu/i.test(last.footer ?? '') : /menu/i.test(last.body);
					expect(offersMenu, JSON.stringify({ input, last, step: state.step.at })).toBe(true);
				}
			}),
			{ numRuns: 300 }
		);
	});
});
