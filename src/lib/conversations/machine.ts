import type { Lang } from '$lib/i18n';
import { BOT_TEXTS, type BotTexts } from './texts';
import type { NoticeTarget } from './broadcast';
import { command, findCpf, findProtocolNumber, findProtocolQuery, findAccessCode, greetingLang, languageSwitch, optionNumber, says, words } from './understand';

/*
 * One WhatsApp conversation as a pure state machine: a state and what the citizen sent go in;
 * the next state, the replies to send and the effects to perform come out. No I/O, no clock:
 * when the bot needs a fact (a protocol's status, the catalogue's matches, the queues), it
 * returns an `ask` effect, the caller performs it and feeds the answer back as a `result`
 * input. Every state answers "menu" (after the LGPD consent and the contact's name and
 * neighbourhood), so no sequence of messages strands a citizen — the property tests check it.
 */

export interface ServiceOption {
	code: string;
	name: string;
	anonymousAllowed: boolean;
}

export interface RequestDraft {
	service: ServiceOption;
	description: string;
	anonymous: boolean;
	cpf: string | null;
	address: string | null;
	location: { latitude: number; longitude: number } | null;
}

/** A unit offering tickets before arriving, with the services that allow it and their waits now. */
export interface TicketUnit {
	slug: string;
	name: string;
	services: { code: string; name: string; waiting: number; minutes: number | null }[];
}

/** An upcoming appointment of the chat's number. */
export interface AppointmentItem {
	code: string;
	service: string;
	unit: string;
	start: string;
}

/** A region whose notices, or whose units' notices, a contact may opt in to; and which it did. */
export interface NoticeRegion {
	region: string;
	subscribed: boolean;
	units: { slug: string; name: string; subscribed: boolean }[];
}

export type Step =
	| { at: 'consent' }
	| { at: 'declined' }
	| { at: 'name' }
	| { at: 'neighbourhood'; name: string }
	| { at: 'menu' }
	| { at: 'protocol_number'; tries: number }
	| { at: 'protocol_secret'; number: string; tries: number }
	| { at: 'request_search' }
	| { at: 'request_pick'; options: ServiceOption[] }
	| { at: 'request_description'; service: ServiceOption }
	| { at: 'request_identity'; draft: RequestDraft }
	| { at: 'request_cpf'; draft: RequestDraft; tries: number }
	| { at: 'request_address'; draft: RequestDraft }
	| { at: 'request_confirm'; draft: RequestDraft }
	| { at: 'ticket_unit'; units: TicketUnit[] }
	| { at: 'ticket_service'; unit: TicketUnit }
	| { at: 'appointment_pick'; items: AppointmentItem[] }
	| { at: 'appointment_cancel'; item: AppointmentItem }
	| { at: 'notices'; regions: NoticeRegion[] }
	| { at: 'notices_region'; region: NoticeRegion }
	| { at: 'data' }
	| { at: 'erase_confirm' }
	| { at: 'human' }
	| { at: 'ended' };

export type StepName = Step['at'];

export interface Contact {
	name: string;
	neighbourhood: string;
}

export interface ConversationState {
	lang: Lang;
	consented: boolean;
	contact: Contact | null;
	step: Step;
	/** The fact asked for and not answered yet. */
	pending: Ask['kind'] | null;
	/** Where a catalogue search came from: the request flow, or free text at the menu. */
	searchFrom?: 'request' | 'menu';
	/** The words of that search, to say what found nothing. */
	searchQuery?: string;
}

export type Inbound =
	| { kind: 'text'; text: string }
	/** A tap on a reply button or list row: its id and title. */
	| { kind: 'choice'; id: string; title: string }
	| { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
	/** An image, audio, sticker…: nothing the bot reads. */
	| { kind: 'other' }
	| { kind: 'result'; result: Result };

export type Ask =
	| { kind: 'lookup_protocol'; number: string; code: string | null; cpf: string | null }
	| { kind: 'search_services'; query: string }
	| { kind: 'open_request'; draft: RequestDraft }
	| { kind: 'unit_waits' }
	| { kind: 'take_ticket'; unit: string; service: string }
	| { kind: 'list_appointments' }
	| { kind: 'cancel_appointment'; code: string }
	| { kind: 'notice_options' };

/** Why a ticket was not taken: the service's daily cap, the citizen's own limit, or anything else (unit closed meanwhile…). */
export type TicketRefusal = 'cap' | 'limit' | 'other';

export type Result =
	| { kind: 'protocol'; found: true; number: string; status: string; service: string; dueAt: string; note: string | null }
	| { kind: 'protocol'; found: false }
	| { kind: 'services'; services: ServiceOption[] }
	| { kind: 'opened'; ok: true; number: string; accessCode: string; dueAt: string; organ: string }
	| { kind: 'opened'; ok: false }
	| { kind: 'waits'; units: { slug: string; name: string; address: string; open: boolean; services: { code: string; name: string; waiting: number; minutes: number | null; remote: boolean }[] }[] }
	| { kind: 'ticket'; ok: true; number: string; service: string; unit: string; ahead: number; minutes: number; arrivalCode: string; trackUrl: string }
	| { kind: 'ticket'; ok: false; reason: TicketRefusal }
	| { kind: 'appointments'; items: AppointmentItem[] }
	| { kind: 'cancelled'; ok: boolean; code: string }
	| { kind: 'notice_options'; regions: NoticeRegion[] };

export type Effect =
	| { kind: 'ask'; ask: Ask }
	| { kind: 'consent'; text: string }
	| { kind: 'save_contact'; contact: Contact }
	| { kind: 'erase_contact' }
	/** A person is asked for: the conversation waits in the agents' inbox. */
	| { kind: 'handoff' }
	/** The citizen went back to the bot while a person had it. */
	| { kind: 'handback' }
	| { kind: 'close' }
	/** Opt in to a unit's or a region's notices. */
	| { kind: 'subscribe'; target: NoticeTarget }
	/** Opt out of every notice ("sair"). */
	| { kind: 'unsubscribe' };

export type Reply =
	| { kind: 'text'; body: string }
	| { kind: 'buttons'; body: string; footer?: string; buttons: { id: string; title: string }[] }
	| { kind: 'list'; body: string; footer?: string; button: string; rows: { id: string; title: string; description?: string }[] };

export interface Output {
	state: ConversationState;
	replies: Reply[];
	effects: Effect[];
}

/** Facts from outside the conversation that the caller knows now. */
export interface MachineContext {
	/** People answer the chat now (the channel's hours). */
	humansOpen: boolean;
	/** When they answer, as a sentence part ("de segunda a sexta, das 13h30 às 18h"). */
	humanHours: string;
	/** Where appointments are booked. */
	bookUrl: string;
	/** The city's zone, for dates. */
	zone: string;
}

export function initialState(lang: Lang = 'pt-BR'): ConversationState {
	return { lang, consented: false, contact: null, step: { at: 'consent' }, pending: null };
}

const MAX_TRIES = 3;
const MENU_IDS = ['m:protocol', 'm:request', 'm:ticket', 'm:appointments', 'm:human', 'm:data', 'm:notices', 'm:exit'] as const;
type MenuId = (typeof MENU_IDS)[number];

function menuReply(t: BotTexts): Reply {
	const m = t.menu;
	const titles: Record<MenuId, string> = {
		'm:protocol': m.protocol,
		'm:request': m.request,
		'm:ticket': m.ticket,
		'm:appointments': m.appointments,
		'm:human': m.human,
		'm:data': m.data,
		'm:notices': m.notices,
		'm:exit': m.exit
	};
	return { kind: 'list', body: t.menuBody, button: t.menuButton, rows: MENU_IDS.map((id) => ({ id, title: titles[id] })) };
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** A date (with its time when asked) in the chat's language and the city's zone. */
export function formatDate(iso: string, lang: Lang, zone: string, withTime = false): string {
	const d = new Date(iso);
	if (Number.isNaN(d.getTime())) return iso;
	return new Intl.DateTimeFormat(lang, { timeZone: zone, dateStyle: 'short', ...(withTime ? { timeStyle: 'short' } : {}) }).format(d);
}

/** Adds the way back to the menu to what a step says, unless it is the menu itself. */
function withHint(state: ConversationState, replies: Reply[], always = false): Reply[] {
	const t = BOT_TEXTS[state.lang];
	const registered = state.consented && state.contact !== null;
	const hinted = new Set<StepName>(['menu', 'consent', 'declined', 'human', 'ended']);
	if (!registered || (hinted.has(state.step.at) && !always) || replies.length === 0) return replies;
	const last = replies[replies.length - 1];
	const rest = replies.slice(0, -1);
	if (last.kind === 'text') return [...rest, { kind: 'text', body: `${last.body}\n\n${t.menuHint}` }];
	return [...rest, { ...last, footer: clip(t.menuHint.replace(/\*/g, ''), 60) }];
}

function out(state: ConversationState, replies: Reply[], effects: Effect[] = []): Output {
	return { state, replies: withHint(state, replies), effects };
}

/** A task finished: the conversation rests at the menu, and the answer says how to see it. */
function done(state: ConversationState, replies: Reply[]): Output {
	return { state, replies: withHint(state, replies, state.step.at === 'menu'), effects: [] };
}

const to = (s: ConversationState, step: Step, extra: Partial<ConversationState> = {}): ConversationState => ({ ...s, step, pending: null, ...extra });

function ask(s: ConversationState, a: Ask, replies: Reply[] = [], extra: Partial<ConversationState> = {}): Output {
	return { state: { ...s, ...extra, pending: a.kind }, replies, effects: [{ kind: 'ask', ask: a }] };
}

function goMenu(s: ConversationState, before: Reply[] = [], effects: Effect[] = []): Output {
	return out(to(s, { at: 'menu' }), [...before, menuReply(BOT_TEXTS[s.lang])], effects);
}

/** The text a message carries for the rules (a tapped button's title, a location's address). */
function textOf(input: Inbound): string {
	if (input.kind === 'text') return input.text;
	if (input.kind === 'choice') return input.title;
	if (input.kind === 'location') return [input.name, input.address].filter(Boolean).join(', ');
	return '';
}

const choiceId = (input: Inbound) => (input.kind === 'choice' ? input.id : null);

/** Advances the conversation by one message or one answered fact. */
export function step(state: ConversationState, input: Inbound, ctx: MachineContext): Output {
	if (input.kind === 'result') return onResult(state, input.result, ctx);
	const s: ConversationState = { ...state, pending: null };
	const t = BOT_TEXTS[s.lang];
	const text = textOf(input);

	const lang = input.kind === 'text' ? languageSwitch(text) : null;
	if (lang) return replay({ ...s, lang }, ctx);

	// A protocol number with its code or CPF is answered wherever the conversation is.
	const query = input.kind === 'text' ? findProtocolQuery(text) : null;
	if (query && s.step.at !== 'request_description' && s.step.at !== 'human') return ask(s, { kind: 'lookup_protocol', ...query });

	if (!s.consented) return consentStep(s, input);
	if (!s.contact) return registration(s, input);

	const id = choiceId(input);
	if (s.step.at === 'human') {
		if (command(text, 'menu') || id === 'm:menu') return goMenu(s, [], [{ kind: 'handback' }]);
		if (command(text, 'exit')) return out(to(s, { at: 'ended' }), [{ kind: 'text', body: t.bye }], [{ kind: 'handback' }, { kind: 'close' }, { kind: 'unsubscribe' }]);
		return out(s, []);
	}
	if (command(text, 'exit') || id === 'm:exit') return bye(s);
	if (command(text, 'menu') || id === 'm:menu') return goMenu(s);
	// Changing one's name or neighbourhood: "menu" and "sair" above abandon the change.
	if (s.step.at === 'name' || s.step.at === 'neighbourhood') return registration(s, input);
	const free = s.step.at === 'request_description' || s.step.at === 'request_address' || s.step.at === 'request_search';
	if (!free && command(text, 'human', 6)) return human(s, ctx);

	switch (s.step.at) {
		case 'menu':
		case 'ended':
			return menuChoice(s, input, ctx);
		case 'protocol_number': {
			const number = findProtocolNumber(text);
			if (number) return out(to(s, { at: 'protocol_secret', number, tries: 0 }), [{ kind: 'text', body: t.askProtocolSecret(number) }]);
			return retry(s, s.step.tries, t.badProtocolNumber, { at: 'protocol_number', tries: s.step.tries + 1 });
		}
		case 'protocol_secret': {
			const code = findAccessCode(text);
			const cpf = code ? null : findCpf(text);
			if (code || cpf) return ask(s, { kind: 'lookup_protocol', number: s.step.number, code, cpf });
			return retry(s, s.step.tries, t.badProtocolSecret, { ...s.step, tries: s.step.tries + 1 });
		}
		case 'request_search':
			return search(s, text, 'request');
		case 'request_pick': {
			const picked = pickService(s.step.options, input);
			if (picked) return out(to(s, { at: 'request_description', service: picked }), [{ kind: 'text', body: t.askDescription(picked.name) }]);
			if (words(text).length >= 1 && input.kind === 'text' && optionNumber(text) === null) return search(s, text, 'request');
			return out(s, [{ kind: 'text', body: t.notUnderstood }, servicesReply(t, s.step.options, t.searchResults)]);
		}
		case 'request_description': {
			const description = text.trim();
			if (input.kind !== 'text' || description.length < 5 || words(description).length < 2) return out(s, [{ kind: 'text', body: t.shortDescription }]);
			const draft: RequestDraft = { service: s.step.service, description: description.slice(0, 2000), anonymous: false, cpf: null, address: null, location: null };
			return identity(s, draft);
		}
		case 'request_identity': {
			const draft = s.step.draft;
			const cpf = findCpf(text);
			if (cpf) return address(s, { ...draft, cpf });
			if (id === 'r:anonymous' || command(text, 'anonymous', 4)) return address(s, { ...draft, anonymous: true });
			if (id === 'r:cpf' || command(text, 'cpf', 4) || command(text, 'yes')) return out(to(s, { at: 'request_cpf', draft, tries: 0 }), [{ kind: 'text', body: t.askCpf }]);
			return identity(s, draft, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'request_cpf': {
			const cpf = findCpf(text);
			if (cpf) return address(s, { ...s.step.draft, cpf });
			if (s.step.draft.service.anonymousAllowed && command(text, 'anonymous', 4)) return address(s, { ...s.step.draft, anonymous: true });
			return retry(s, s.step.tries, t.badCpf, { ...s.step, tries: s.step.tries + 1 });
		}
		case 'request_address': {
			const draft = s.step.draft;
			if (input.kind === 'location') {
				const where = text || `${input.latitude.toFixed(6)}, ${input.longitude.toFixed(6)}`;
				return confirm(s, { ...draft, address: where.slice(0, 300), location: { latitude: input.latitude, longitude: input.longitude } });
			}
			if (command(text, 'skip', 4)) return confirm(s, { ...draft, address: null });
			if (input.kind === 'text' && text.trim().length >= 5) return confirm(s, { ...draft, address: text.trim().slice(0, 300) });
			return out(s, [{ kind: 'text', body: t.askAddress }]);
		}
		case 'request_confirm': {
			if (id === 'r:send' || command(text, 'yes')) return ask(s, { kind: 'open_request', draft: s.step.draft });
			if (id === 'r:cancel' || command(text, 'no')) return goMenu(s, [{ kind: 'text', body: t.requestCancelled }]);
			return confirm(s, s.step.draft, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'ticket_unit': {
			const unit = pickOption(s.step.units, input, (u) => `u:${u.slug}`, (u) => [u.name]);
			if (unit) return ticketServices(s, unit);
			return ticketUnits(s, s.step.units, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'ticket_service': {
			const unit = s.step.unit;
			const service = pickOption(unit.services, input, (x) => `t:${x.code}`, (x) => [x.name]);
			if (service) return ask(s, { kind: 'take_ticket', unit: unit.slug, service: service.code });
			return ticketServices(s, unit, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'appointment_pick': {
			const item = pickOption(s.step.items, input, (a) => `a:${a.code}`, (a) => [a.code]);
			if (item) return cancelAsk(s, item, ctx);
			return appointmentsPick(s, s.step.items, ctx, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'appointment_cancel': {
			if (id === 'x:yes' || command(text, 'yes')) return ask(s, { kind: 'cancel_appointment', code: s.step.item.code });
			if (id === 'x:no' || command(text, 'no')) return goMenu(s, [{ kind: 'text', body: t.appointmentKept }]);
			return cancelAsk(s, s.step.item, ctx, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'notices': {
			if (id === 'n:stop' || (id === null && command(text, 'no'))) return noticesOff(s);
			const region = pickOption(s.step.regions, input, (r) => `n:r:${r.region}`, (r) => [r.region]);
			if (region) return regionReply(s, region);
			return noticesReply(s, s.step.regions, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'notices_region': {
			const region = s.step.region;
			if (id === 'n:stop' || (id === null && command(text, 'no'))) return noticesOff(s);
			if (id === 'n:all' || (id === null && (optionNumber(text) === 1 || says(text, 'all')))) return noticesOn(s, region.region, { region: region.region });
			const unit = pickOption([null, ...region.units], input, (u) => (u ? `n:u:${u.slug}` : 'n:all'), (u) => (u ? [u.name] : []));
			if (unit) return noticesOn(s, unit.name, { unit: unit.slug });
			return regionReply(s, region, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'data': {
			if (id === 'd:edit' || command(text, 'edit')) return out(to(s, { at: 'name' }), [{ kind: 'text', body: t.askName }]);
			if (id === 'd:erase' || command(text, 'erase')) return eraseAsk(s);
			return dataReply(s, [{ kind: 'text', body: t.notUnderstood }]);
		}
		case 'erase_confirm': {
			if (id === 'e:yes' || command(text, 'yes')) return { state: initialState(s.lang), replies: [{ kind: 'text', body: t.erased }], effects: [{ kind: 'erase_contact' }] };
			if (id === 'e:no' || command(text, 'no')) return goMenu(s);
			return eraseAsk(s, [{ kind: 'text', body: t.notUnderstood }]);
		}
		default:
			return goMenu(s);
	}
}

/** After a language change: the same step asked again, in the new language. */
function replay(s: ConversationState, ctx: MachineContext): Output {
	const t = BOT_TEXTS[s.lang];
	if (!s.consented) return consentAsk(s, false);
	switch (s.step.at) {
		case 'name':
			return out(s, [{ kind: 'text', body: t.askName }]);
		case 'neighbourhood':
			return out(s, [{ kind: 'text', body: t.askNeighbourhood(s.step.name) }]);
		default:
			return s.contact ? goMenu(s) : registration(to(s, { at: 'name' }), { kind: 'other' });
	}
}

function consentAsk(s: ConversationState, welcome: boolean): Output {
	const t = BOT_TEXTS[s.lang];
	return out(to(s, { at: 'consent' }), [
		...(welcome ? [{ kind: 'text' as const, body: t.welcome }] : []),
		{ kind: 'buttons', body: t.consent, buttons: [{ id: 'c:yes', title: t.consentYes }, { id: 'c:no', title: t.consentNo }] }
	]);
}

function consentStep(s: ConversationState, input: Inbound): Output {
	const text = textOf(input);
	const id = choiceId(input);
	if (s.step.at === 'consent' || s.step.at === 'declined') {
		if (id === 'c:yes' || (id === null && command(text, 'yes', 4))) {
			const t = BOT_TEXTS[s.lang];
			const next = to({ ...s, consented: true }, s.contact ? { at: 'menu' } : { at: 'name' });
			const effects: Effect[] = [{ kind: 'consent', text: t.consent }];
			return s.contact ? goMenu(next, [], effects) : out(next, [{ kind: 'text', body: t.askName }], effects);
		}
		if (id === 'c:no' || (id === null && command(text, 'no', 4))) return out(to(s, { at: 'declined' }), [{ kind: 'text', body: BOT_TEXTS[s.lang].declined }]);
	}
	// The first words of a chat set its language when they tell it.
	const first = s.step.at === 'consent' && input.kind === 'text' ? greetingLang(text) : null;
	const lang = first ?? s.lang;
	return consentAsk({ ...s, lang }, s.step.at === 'consent');
}

const NAME = /^[\p{L}][\p{L}\p{M}'’. -]{1,79}$/u;

function registration(s: ConversationState, input: Inbound): Output {
	const t = BOT_TEXTS[s.lang];
	const text = input.kind === 'text' ? input.text.trim().replace(/\s+/g, ' ') : '';
	const at = s.step.at;
	if (at === 'neighbourhood') {
		if (input.kind === 'text' && NAME.test(text) && words(text).length <= 8) {
			const contact = { name: s.step.name, neighbourhood: text };
			return goMenu({ ...s, contact }, [{ kind: 'text', body: t.registered(contact.name) }], [{ kind: 'save_contact', contact }]);
		}
		return out(s, [{ kind: 'text', body: t.badNeighbourhood }]);
	}
	if (at === 'name') {
		const name = text.replace(/^(meu nome e|meu nome é|me chamo|sou o|sou a|eu sou|my name is|i am|i'm|me llamo|soy)\s+/i, '');
		if (input.kind === 'text' && NAME.test(name) && words(name).length <= 8 && !says(name, 'menu')) {
			return out(to(s, { at: 'neighbourhood', name }), [{ kind: 'text', body: t.askNeighbourhood(name) }]);
		}
		return out(s, [{ kind: 'text', body: t.badName }]);
	}
	return out(to(s, { at: 'name' }), [{ kind: 'text', body: t.askName }]);
}

function menuChoice(s: ConversationState, input: Inbound, ctx: MachineContext): Output {
	const t = BOT_TEXTS[s.lang];
	const text = textOf(input);
	const id = choiceId(input);
	const n = input.kind === 'text' ? optionNumber(text) : null;
	const short = words(text).length <= 4;
	const pick: MenuId | null =
		id && (MENU_IDS as readonly string[]).includes(id)
			? (id as MenuId)
			: n !== null && n >= 1 && n <= MENU_IDS.length
				? MENU_IDS[n - 1]
				: short && says(text, 'protocol')
					? 'm:protocol'
					: short && says(text, 'request')
						? 'm:request'
						: short && says(text, 'appointments')
							? 'm:appointments'
							: short && says(text, 'ticket')
								? 'm:ticket'
								: short && says(text, 'data')
									? 'm:data'
									: short && says(text, 'notices')
										? 'm:notices'
										: null;
	switch (pick) {
		case 'm:protocol':
			return out(to(s, { at: 'protocol_number', tries: 0 }), [{ kind: 'text', body: t.askProtocolNumber }]);
		case 'm:request':
			return out(to(s, { at: 'request_search' }), [{ kind: 'text', body: t.askSearch }]);
		case 'm:ticket':
			return ask(s, { kind: 'unit_waits' });
		case 'm:appointments':
			return ask(s, { kind: 'list_appointments' });
		case 'm:human':
			return human(s, ctx);
		case 'm:data':
			return dataReply(s);
		case 'm:notices':
			return ask(s, { kind: 'notice_options' });
		case 'm:exit':
			return bye(s);
	}
	if (short && says(text, 'erase')) return eraseAsk(s);
	// A sentence at the menu may be a request in the citizen's words ("buraco na minha rua").
	const letters = foldedLetters(text);
	if (input.kind === 'text' && letters >= 4 && !greetingLang(text) && !says(text, 'yes') && !/^(oi|ola|opa|bom dia|boa tarde|boa noite)\b/.test(words(text).join(' '))) {
		return search(s, text, 'menu');
	}
	return goMenu(s, s.step.at === 'ended' || input.kind !== 'text' || greets(text) ? [] : [{ kind: 'text', body: t.notUnderstood }]);
}

const greets = (text: string) => greetingLang(text) !== null || /^(oi|ola|opa|bom dia|boa tarde|boa noite|e ai)\b/.test(words(text).join(' '));
const foldedLetters = (text: string) => words(text).join('').replace(/[^a-z]/g, '').length;

function human(s: ConversationState, ctx: MachineContext): Output {
	const t = BOT_TEXTS[s.lang];
	if (!ctx.humansOpen) return goMenu(s, [{ kind: 'text', body: t.humanClosed(ctx.humanHours) }]);
	return out(to(s, { at: 'human' }), [{ kind: 'text', body: t.humanWaiting }], [{ kind: 'handoff' }]);
}

function retry(s: ConversationState, tries: number, message: string, next: Step): Output {
	const t = BOT_TEXTS[s.lang];
	if (tries + 1 >= MAX_TRIES) return goMenu(s, [{ kind: 'text', body: `${message} ${t.tooManyTries}` }]);
	return out(to(s, next), [{ kind: 'text', body: message }]);
}

function search(s: ConversationState, text: string, from: 'request' | 'menu'): Output {
	const t = BOT_TEXTS[s.lang];
	const query = text.trim().slice(0, 100);
	if (foldedLetters(query) < 3) return out(to(s, { at: 'request_search' }), [{ kind: 'text', body: t.askSearch }]);
	return ask(s, { kind: 'search_services', query }, [], { searchFrom: from, searchQuery: query });
}

function servicesReply(t: BotTexts, options: readonly ServiceOption[], body: string): Reply {
	const numbered = `${body}\n${options.map((o, i) => `${i + 1} ${o.name}`).join('\n')}`;
	return { kind: 'list', body: clip(numbered, 1024), button: t.searchButton, rows: options.map((o) => ({ id: `s:${o.code}`, title: clip(o.name, 24), ...(o.name.length > 24 ? { description: clip(o.name, 72) } : {}) })) };
}

function pickService(options: readonly ServiceOption[], input: Inbound): ServiceOption | null {
	if (input.kind === 'choice') return options.find((o) => `s:${o.code}` === input.id) ?? null;
	if (input.kind !== 'text') return null;
	const n = optionNumber(input.text);
	if (n !== null) return options[n - 1] ?? null;
	const typed = words(input.text).join(' ');
	return options.find((o) => words(o.name).join(' ') === typed) ?? null;
}

/** The option a message picks from a list: its row's id, its number, or one of its names typed out. */
function pickOption<T>(options: readonly T[], input: Inbound, idOf: (o: T) => string, namesOf: (o: T) => string[]): T | null {
	if (input.kind === 'choice') return options.find((o) => idOf(o) === input.id) ?? null;
	if (input.kind !== 'text') return null;
	const n = optionNumber(input.text);
	if (n !== null) return options[n - 1] ?? null;
	const typed = words(input.text).join(' ');
	if (!typed) return null;
	return options.find((o) => namesOf(o).some((name) => words(name).join(' ') === typed)) ?? null;
}

const numbered = (body: string, lines: readonly string[]) => clip(`${body}\n${lines.map((l, i) => `${i + 1} ${l}`).join('\n')}`, 1024);

/** "sair": the task ends, and so do the notices the contact opted in to (Meta requires opt-out to be honoured). */
function bye(s: ConversationState): Output {
	return out(to(s, { at: 'ended' }), [{ kind: 'text', body: BOT_TEXTS[s.lang].bye }], [{ kind: 'close' }, { kind: 'unsubscribe' }]);
}

function noticesOn(s: ConversationState, place: string, target: NoticeTarget): Output {
	return { ...done(to(s, { at: 'menu' }), [{ kind: 'text', body: BOT_TEXTS[s.lang].noticesOn(place) }]), effects: [{ kind: 'subscribe', target }] };
}

function noticesOff(s: ConversationState): Output {
	return { ...done(to(s, { at: 'menu' }), [{ kind: 'text', body: BOT_TEXTS[s.lang].noticesOff }]), effects: [{ kind: 'unsubscribe' }] };
}

const anySubscribed = (regions: readonly NoticeRegion[]) => regions.some((r) => r.subscribed || r.units.some((u) => u.subscribed));

/** The regions to choose from (a list holds ten rows: nine regions and the row that stops every notice). */
function noticesReply(s: ConversationState, regions: NoticeRegion[], before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const rows = [
		...regions.map((r) => ({ id: `n:r:${r.region}`, title: clip(r.region, 24), description: clip(r.subscribed || r.units.some((u) => u.subscribed) ? t.noticesSubscribed : r.units.map((u) => u.name).join(', '), 72) })),
		...(anySubscribed(regions) ? [{ id: 'n:stop', title: t.noticesStopRow }] : [])
	];
	return out(to(s, { at: 'notices', regions }), [...before, { kind: 'list', body: numbered(t.noticesPick, regions.map((r) => r.region)), button: t.noticesButton, rows }]);
}

/** One region: all of it, or one of its units. */
function regionReply(s: ConversationState, region: NoticeRegion, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const units = region.units.slice(0, 9);
	const rows = [
		{ id: 'n:all', title: clip(t.noticesWholeRegion, 24), description: clip(region.subscribed ? t.noticesSubscribed : region.region, 72) },
		...units.map((u) => ({ id: `n:u:${u.slug}`, title: clip(u.name, 24), ...(u.subscribed ? { description: t.noticesSubscribed } : u.name.length > 24 ? { description: clip(u.name, 72) } : {}) }))
	];
	return out(to(s, { at: 'notices_region', region: { ...region, units } }), [
		...before,
		{ kind: 'list', body: numbered(t.noticesPickUnit(region.region), [t.noticesWholeRegion, ...units.map((u) => u.name)]), button: t.noticesButton, rows }
	]);
}

function ticketUnits(s: ConversationState, units: TicketUnit[], before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	return out(to(s, { at: 'ticket_unit', units }), [
		...before,
		{ kind: 'list', body: numbered(t.ticketPickUnit, units.map((u) => u.name)), button: t.ticketUnitsButton, rows: units.map((u) => ({ id: `u:${u.slug}`, title: clip(u.name, 24), ...(u.name.length > 24 ? { description: clip(u.name, 72) } : {}) })) }
	]);
}

function ticketServices(s: ConversationState, unit: TicketUnit, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	return out(to(s, { at: 'ticket_service', unit }), [
		...before,
		{
			kind: 'list',
			body: numbered(t.ticketPickService(unit.name), unit.services.map((x) => x.name)),
			button: t.searchButton,
			rows: unit.services.map((x) => ({ id: `t:${x.code}`, title: clip(x.name, 24), description: clip(t.waitsService(x).replace(/^• /, ''), 72) }))
		}
	]);
}

function appointmentsPick(s: ConversationState, items: AppointmentItem[], ctx: MachineContext, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const when = (a: AppointmentItem) => formatDate(a.start, s.lang, ctx.zone, true);
	return out(to(s, { at: 'appointment_pick', items }), [
		...before,
		{ kind: 'list', body: t.appointmentPickCancel, button: t.appointmentsButton, rows: items.map((a) => ({ id: `a:${a.code}`, title: clip(when(a), 24), description: clip(`${a.service}, ${a.unit} (${a.code})`, 72) })) }
	]);
}

function cancelAsk(s: ConversationState, item: AppointmentItem, ctx: MachineContext, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const body = t.appointmentCancelConfirm({ code: item.code, service: item.service, unit: item.unit, when: formatDate(item.start, s.lang, ctx.zone, true) });
	return out(to(s, { at: 'appointment_cancel', item }), [...before, { kind: 'buttons', body, buttons: [{ id: 'x:yes', title: t.cancelAppointmentButton }, { id: 'x:no', title: t.keepAppointmentButton }] }]);
}

function identity(s: ConversationState, draft: RequestDraft, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	if (!draft.service.anonymousAllowed) return out(to(s, { at: 'request_cpf', draft, tries: 0 }), [...before, { kind: 'text', body: t.askCpf }]);
	return out(to(s, { at: 'request_identity', draft }), [
		...before,
		{ kind: 'buttons', body: t.askIdentity, buttons: [{ id: 'r:cpf', title: t.identifyButton }, { id: 'r:anonymous', title: t.anonymousButton }] }
	]);
}

function address(s: ConversationState, draft: RequestDraft): Output {
	return out(to(s, { at: 'request_address', draft }), [{ kind: 'text', body: BOT_TEXTS[s.lang].askAddress }]);
}

function confirm(s: ConversationState, draft: RequestDraft, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const body = clip(t.confirmRequest({ service: draft.service.name, description: draft.description, address: draft.address, anonymous: draft.anonymous }), 1024);
	return out(to(s, { at: 'request_confirm', draft }), [...before, { kind: 'buttons', body, buttons: [{ id: 'r:send', title: t.sendButton }, { id: 'r:cancel', title: t.cancelButton }] }]);
}

function dataReply(s: ConversationState, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	const c = s.contact ?? { name: '', neighbourhood: '' };
	return out(to(s, { at: 'data' }), [...before, { kind: 'buttons', body: t.dataBody(c), buttons: [{ id: 'd:edit', title: t.editButton }, { id: 'd:erase', title: t.eraseButton }] }]);
}

function eraseAsk(s: ConversationState, before: Reply[] = []): Output {
	const t = BOT_TEXTS[s.lang];
	return out(to(s, { at: 'erase_confirm' }), [...before, { kind: 'buttons', body: t.eraseConfirm, buttons: [{ id: 'e:yes', title: t.yes }, { id: 'e:no', title: t.no }] }]);
}

/** An answered fact: the step that asked for it goes on; an answer nobody waits for changes nothing. */
function onResult(state: ConversationState, r: Result, ctx: MachineContext): Output {
	const s = state;
	const t = BOT_TEXTS[s.lang];
	const expected: Record<Result['kind'], Ask['kind']> = {
		protocol: 'lookup_protocol',
		services: 'search_services',
		opened: 'open_request',
		waits: 'unit_waits',
		ticket: 'take_ticket',
		appointments: 'list_appointments',
		cancelled: 'cancel_appointment',
		notice_options: 'notice_options'
	};
	if (s.pending !== expected[r.kind]) return { state: s, replies: [], effects: [] };
	const back = (replies: Reply[]): Output => {
		const cleared = { ...s, pending: null };
		// Before consent and registration the lookup stands alone: the conversation stays where it was.
		if (!s.consented || !s.contact) return { state: cleared, replies, effects: [] };
		return done(to(cleared, s.step.at === 'human' ? s.step : { at: 'menu' }), replies);
	};
	switch (r.kind) {
		case 'protocol':
			return back([
				{
					kind: 'text',
					body: r.found ? t.protocolStatus({ number: r.number, status: t.statuses[r.status] ?? r.status, service: r.service, due: formatDate(r.dueAt, s.lang, ctx.zone), note: r.note }) : t.protocolNotFound
				}
			]);
		case 'services': {
			const from = s.searchFrom ?? 'request';
			const options = r.services.slice(0, 10);
			if (options.length === 0) {
				if (from === 'menu') return goMenu({ ...s, pending: null }, [{ kind: 'text', body: t.notUnderstood }]);
				return out(to(s, { at: 'request_search' }), [{ kind: 'text', body: t.searchNothing(clip(s.searchQuery ?? '', 40)) }]);
			}
			return out(to(s, { at: 'request_pick', options }), [servicesReply(t, options, from === 'menu' ? t.didYouMean : t.searchResults)]);
		}
		case 'opened': {
			if (!r.ok) return back([{ kind: 'text', body: t.requestFailed }]);
			return back([{ kind: 'text', body: t.requestOpened({ number: r.number, code: r.accessCode, due: formatDate(r.dueAt, s.lang, ctx.zone), organ: r.organ }) }]);
		}
		case 'waits': {
			const lines = r.units.flatMap((u) => [t.waitsUnit(u), ...u.services.map((x) => t.waitsService(x))]);
			const remote: TicketUnit[] = r.units
				.filter((u) => u.open && u.services.some((x) => x.remote))
				.slice(0, 10)
				.map((u) => ({ slug: u.slug, name: u.name, services: u.services.filter((x) => x.remote).slice(0, 10).map(({ code, name, waiting, minutes }) => ({ code, name, waiting, minutes })) }));
			if (remote.length === 0) {
				const body = r.units.length ? [t.waitsIntro, ...lines, '', t.waitsOutro].join('\n') : `${t.waitsNone} ${t.waitsOutro}`;
				return back([{ kind: 'text', body: clip(body, 4000) }]);
			}
			return ticketUnits({ ...s, pending: null }, remote, [{ kind: 'text', body: clip([t.waitsIntro, ...lines].join('\n'), 4000) }]);
		}
		case 'ticket': {
			if (!r.ok) return back([{ kind: 'text', body: t.ticketRefused[r.reason] }]);
			return back([{ kind: 'text', body: t.ticketTaken({ number: r.number, service: r.service, unit: r.unit, ahead: r.ahead, minutes: r.minutes, code: r.arrivalCode, url: r.trackUrl }) }]);
		}
		case 'appointments': {
			if (r.items.length === 0) return back([{ kind: 'text', body: t.appointmentsNone(ctx.bookUrl) }]);
			const items = r.items.slice(0, 10);
			const lines = items.map((a) => t.appointmentLine({ code: a.code, service: a.service, unit: a.unit, when: formatDate(a.start, s.lang, ctx.zone, true) }));
			return appointmentsPick({ ...s, pending: null }, items, ctx, [{ kind: 'text', body: clip([t.appointmentsList, ...lines, '', t.appointmentsOutro(ctx.bookUrl)].join('\n'), 4000) }]);
		}
		case 'cancelled':
			return back([{ kind: 'text', body: r.ok ? t.appointmentCancelled(r.code) : t.appointmentNotCancelled(r.code) }]);
		case 'notice_options': {
			if (r.regions.length === 0) return back([{ kind: 'text', body: t.notUnderstood }]);
			const cleared = { ...s, pending: null };
			return r.regions.length === 1 ? regionReply(cleared, r.regions[0]) : noticesReply(cleared, r.regions.slice(0, 9));
		}
	}
}
