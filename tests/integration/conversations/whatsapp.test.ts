// The WhatsApp channel below HTTP, on both engines: signed Cloud API notifications into the
// webhook's use case, the bot's job, and replies through the real Cloud API client to the
// virtual phone (the local stand-in that checks Meta's request shape).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engines, testDeps } from '../engines';
import { codeOf, givenUser } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { startVirtualPhone, type PhoneMessage, type VirtualPhone } from '../../../src/lib/notify/virtual-phone.server';
import { receiveWhatsApp, signatureOf, verifySubscription } from '../../../src/lib/conversations/receive-whatsapp.server';
import { drainChatMessages } from '../../../src/lib/conversations/handle-messages.server';
import { drainChatReplies } from '../../../src/lib/conversations/send-replies.server';
import { notificationOf } from '../../../src/lib/conversations/cloud-webhook';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { formatProtocolNumber } from '../../../src/lib/requests/protocol-number';
import { conversationInbox, conversationThread } from '../../../src/lib/conversations/inbox.server';
import { takeConversation } from '../../../src/lib/conversations/take-conversation.server';
import { replyToConversation } from '../../../src/lib/conversations/reply-conversation.server';
import { handBackConversation } from '../../../src/lib/conversations/hand-back-conversation.server';
import { reopenConversation } from '../../../src/lib/conversations/reopen-conversation.server';
import { chatProtocolPrefill } from '../../../src/lib/conversations/protocol-from-chat.server';
import { newProtocolForm, openNewProtocol } from '../../../src/lib/conversations/new-protocol.server';
import { forgetOldChats } from '../../../src/lib/conversations/retention.server';
import { anonymiseCitizen, citizenReport } from '../../../src/lib/citizens/lgpd.server';
import { answerAsk } from '../../../src/lib/conversations/facts.server';
import { bookAppointment } from '../../../src/lib/appointments/book.server';
import { slotsOfDate } from '../../../src/lib/appointments/capacity.server';
import { ANONYMOUS } from '../../../src/lib/auth/actor';
import { phoneProviders } from '../phone-providers';

const SECRET = 'test-app-secret';
const CPF = `529982247${cpfCheckDigits('529982247')}`;

for (const engine of engines()) {
	describe(`WhatsApp conversations on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let phone: VirtualPhone;
		let n = 0;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			phone = await startVirtualPhone({ port: 0 });
			t.deps.config = {
				...t.deps.config,
				publicUrl: 'https://vez.example',
				providers: phoneProviders(phone, { sms: false }),
				chat: { verifyToken: 'verify-me', appSecret: SECRET, agentHours: null, broadcastPerSecond: 2 }
			};
			await seedDemoIfEmpty(t.deps);
		});
		afterAll(async () => {
			await phone.close();
			await handle.close();
		});
		beforeEach(() => phone.clear());

		const citizen = () => `+55639${String(Date.now() % 100000).padStart(5, '0')}${String(++n).padStart(3, '0')}`;
		const body = (from: string, message: Record<string, unknown>, id = `wamid.${randomBytes(12).toString('hex')}`) =>
			Buffer.from(JSON.stringify(notificationOf({ phoneNumberId: 'vez-test', from, id, at: t.clock.now, message })));
		/** Posts what Meta would, signed, then runs the bot and the outbox as the background does; the replies that arrived. */
		const post = async (raw: Buffer, signature = signatureOf(SECRET, raw)) => {
			const before = phone.messages().length;
			const received = await receiveWhatsApp(t.deps, raw, signature);
			await drainChatMessages(t.deps);
			await drainChatReplies(t.deps);
			return { received, replies: phone.messages().slice(before) };
		};
		const say = async (from: string, text: string) => (await post(body(from, { type: 'text', text: { body: text } }))).replies;
		const tap = async (from: string, id: string, title: string, list = false) =>
			(await post(body(from, { type: 'interactive', interactive: list ? { type: 'list_reply', list_reply: { id, title } } : { type: 'button_reply', button_reply: { id, title } } }))).replies;
		const registered = async () => {
			const from = citizen();
			await say(from, 'oi');
			await tap(from, 'c:yes', 'Aceito');
			await say(from, 'Maria Souza');
			await say(from, 'Plano Diretor Sul');
			return from;
		};
		const texts = (ms: readonly PhoneMessage[]) => ms.map((m) => m.text).join('\n---\n');

		it("answers Meta's handshake only with the verify token", () => {
			const q = (token: string) => new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': token, 'hub.challenge': '1158201444' });
			expect(verifySubscription(t.deps, q('verify-me'))).toBe('1158201444');
			expect(() => verifySubscription(t.deps, q('wrong'))).toThrow();
		});

		it('refuses a forged or missing signature with 403, stores nothing and answers nothing', async () => {
			const from = citizen();
			const raw = body(from, { type: 'text', text: { body: 'oi' } });
			expect(await codeOf(receiveWhatsApp(t.deps, raw, signatureOf('not-the-secret', raw)))).toBe('forbidden');
			expect(await codeOf(receiveWhatsApp(t.deps, raw, null))).toBe('forbidden');
			const tampered = Buffer.from(raw.toString().replace('"oi"', '"ol"'));
			expect(await codeOf(receiveWhatsApp(t.deps, tampered, signatureOf(SECRET, raw)))).toBe('forbidden');
			await drainChatMessages(t.deps);
			await drainChatReplies(t.deps);
			expect(phone.messages()).toEqual([]);
			expect(await handle.db.selectFrom('chat_contacts').select('id').where('phone', '=', from).execute()).toEqual([]);
		});

		it('greets a newcomer with the LGPD notice as reply buttons, in the Cloud API request shape', async () => {
			const from = citizen();
			const replies = await say(from, 'oi');
			expect(replies.map((m) => m.to)).toEqual([from, from]);
			const consent = JSON.parse(replies[1].raw);
			expect(consent).toMatchObject({ messaging_product: 'whatsapp', recipient_type: 'individual', to: from.slice(1), type: 'interactive', interactive: { type: 'button', body: { text: expect.stringContaining('LGPD') } } });
			expect(consent.interactive.action.buttons).toEqual([
				{ type: 'reply', reply: { id: 'c:yes', title: 'Aceito' } },
				{ type: 'reply', reply: { id: 'c:no', title: 'Não aceito' } }
			]);
			expect(JSON.parse(replies[0].raw)).toMatchObject({ type: 'text', text: { body: expect.stringContaining('Olá') } });
		});

		it('answers a message Meta delivers twice only once', async () => {
			const from = citizen();
			const raw = body(from, { type: 'text', text: { body: 'oi' } }, 'wamid.same-message-twice-' + n);
			const first = await post(raw);
			const again = await post(raw);
			expect(first.received).toEqual({ messages: 1, duplicates: 0, statuses: 0 });
			expect(again.received).toEqual({ messages: 0, duplicates: 1, statuses: 0 });
			expect(first.replies).toHaveLength(2);
			expect(again.replies).toEqual([]);
		});

		it('keeps the contact with its consent, then opens a pothole request that lands in the infrastructure inbox and reads its status back', async () => {
			const from = await registered();
			const contact = await handle.db.selectFrom('chat_contacts').selectAll().where('phone', '=', from).executeTakeFirstOrThrow();
			expect(contact).toMatchObject({ name: 'Maria Souza', neighbourhood: 'Plano Diretor Sul', lang: 'pt-BR' });
			expect(contact.consent_text).toContain('LGPD');

			expect(texts(await say(from, '2'))).toContain('O que você quer solicitar?');
			const found = await say(from, 'buraco na rua');
			const pothole = found[0].options.find((o) => o.startsWith('Tapa-buraco'));
			expect(pothole).toBeTruthy();
			expect(JSON.parse(found[0].raw).interactive.type).toBe('list');
			expect(texts(await tap(from, 's:tapa-buraco', pothole!, true))).toContain('Descreva');
			expect(texts(await say(from, 'Buraco fundo em frente ao número 120, já furou dois pneus'))).toContain('CPF');
			expect(texts(await say(from, CPF))).toContain('Onde é?');
			const located = await post(body(from, { type: 'location', location: { latitude: -27.5954, longitude: -48.548, name: 'Escola Básica', address: 'Rua das Flores, 120' } }));
			expect(texts(located.replies)).toContain('Rua das Flores, 120');
			const opened = texts(await tap(from, 'r:send', 'Enviar'));
			const number = /Protocolo: \*(\d{10}-\d)\*/.exec(opened)?.[1];
			const code = /Código de acesso: \*([A-Z0-9]{8})\*/.exec(opened)?.[1];
			expect(number && code).toBeTruthy();

			const p = await handle.db
				.selectFrom('protocols')
				.innerJoin('organs', 'organs.id', 'protocols.organ_id')
				.select(['organs.code as organ', 'protocols.channel', 'protocols.citizen_cpf', 'protocols.citizen_phone', 'protocols.address', 'protocols.anonymous'])
				.where('number', '=', number!)
				.executeTakeFirstOrThrow();
			expect(p).toMatchObject({ organ: 'smi', channel: 'whatsapp', citizen_cpf: CPF, citizen_phone: from, anonymous: false });
			expect(p.address).toContain('Rua das Flores, 120');

			const status = texts(await say(from, `${number} ${code}`));
			expect(status).toContain(`Protocolo *${number}*`);
			expect(status).toContain('Situação: *aberto*');
			const wrong = texts(await say(from, `${number} ZZZZZZZZ`));
			const unknown = texts(await say(from, `${formatProtocolNumber(2026, 999_999)} ${code}`));
			// A wrong code and an unknown number read the same: nothing tells which numbers exist.
			expect(wrong).toContain('Não encontrei');
			expect(unknown).toBe(wrong);
		});

		it('retries a reply the Cloud API failed, holding the replies after it so the citizen reads them in order', async () => {
			const from = citizen();
			phone.failNext('whatsapp', 500);
			expect(await say(from, 'oi')).toEqual([]);
			t.clock.now = new Date(t.clock.now.getTime() + 30_000);
			await drainChatReplies(t.deps);
			const arrived = phone.messages().filter((m) => m.to === from);
			expect(arrived.map((m) => JSON.parse(m.raw).type)).toEqual(['text', 'interactive']);
			expect(arrived[0].text).toContain('Olá');
		});

		it('records delivery statuses of what was sent, only forward', async () => {
			const from = citizen();
			const [first] = await say(from, 'oi');
			const statuses = (list: { status: string }[]) =>
				Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: 'w', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', statuses: list.map((s) => ({ id: first.id, recipient_id: from.slice(1), timestamp: '1773147600', ...s })) } }] }] }));
			expect((await post(statuses([{ status: 'delivered' }, { status: 'read' }]))).received.statuses).toBe(2);
			expect((await post(statuses([{ status: 'delivered' }]))).received.statuses).toBe(0);
			const row = await handle.db.selectFrom('chat_messages').select(['delivery', 'author', 'status']).where('wa_message_id', '=', first.id).executeTakeFirstOrThrow();
			expect(row).toEqual({ delivery: 'read', author: 'bot', status: 'sent' });
		});

		it('hands the conversation to a person and stays silent while the person has it', async () => {
			const from = await registered();
			expect(texts(await say(from, 'quero falar com um atendente'))).toContain('atendente vai continuar');
			const conversation = await handle.db
				.selectFrom('chat_conversations')
				.innerJoin('chat_contacts', 'chat_contacts.id', 'chat_conversations.contact_id')
				.select(['chat_conversations.status'])
				.where('chat_contacts.phone', '=', from)
				.executeTakeFirstOrThrow();
			expect(conversation.status).toBe('waiting');
			expect(await say(from, 'meu IPTU veio errado')).toEqual([]);
			expect(texts(await say(from, 'menu'))).toContain('Como posso ajudar?');
		});

		it('lets an agent take the chat, answer it through the Cloud API and hand it back; reads are audited', async () => {
			const from = await registered();
			await say(from, 'atendente');
			const agent = await givenUser(handle.db, 'agent');
			const other = await givenUser(handle.db, 'agent');
			const clerkless = await givenUser(handle.db, 'organ_staff');
			expect(await codeOf(conversationInbox(t.deps, clerkless))).toBe('forbidden');

			const line = (await conversationInbox(t.deps, agent)).find((c) => c.name === 'Maria Souza' && c.phoneEnd === from.slice(-4));
			expect(line).toMatchObject({ status: 'waiting', mine: false });
			expect(line!.last.map((m) => m.author)).toContain('citizen');
			await takeConversation(t.deps, agent, line!.id);
			expect(await codeOf(takeConversation(t.deps, other, line!.id))).toBe('conflict');
			expect(await codeOf(replyToConversation(t.deps, other, line!.id, { text: 'Oi' }))).toBe('conflict');

			const before = phone.messages().length;
			await replyToConversation(t.deps, agent, line!.id, { text: 'Olá, Maria! Sou a Ana, da Central 156. Como posso ajudar?' });
			await drainChatReplies(t.deps);
			const sent = phone.messages().slice(before);
			expect(sent).toHaveLength(1);
			expect(JSON.parse(sent[0].raw)).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: from.slice(1), type: 'text', text: { preview_url: false, body: 'Olá, Maria! Sou a Ana, da Central 156. Como posso ajudar?' } });

			// While the agent holds it, the citizen's words reach the thread and the bot stays silent.
			expect(await say(from, 'Meu IPTU veio com valor errado')).toEqual([]);
			const thread = await conversationThread(t.deps, agent, line!.id);
			expect(thread).toMatchObject({ status: 'agent', mine: true, windowOpen: true });
			expect(thread.messages.map((m) => m.author).slice(-2)).toEqual(['agent', 'citizen']);

			await handBackConversation(t.deps, agent, line!.id);
			await drainChatReplies(t.deps);
			expect(phone.messages().at(-1)!.text).toContain('Estou de volta');
			expect(texts(await say(from, '1'))).toContain('número do protocolo');

			const reads = await handle.db.selectFrom('audit_log').select(['action', 'entity']).where('actor', '=', `user:${agent.username}`).execute();
			expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(['chat_contact.read', 'conversation.take', 'conversation.hand_back']));

			// A day after the citizen's last message, only a template may reopen the chat.
			await takeConversation(t.deps, agent, line!.id);
			expect(await codeOf(reopenConversation(t.deps, agent, line!.id))).toBe('conflict');
			const later = { ...t.deps, now: () => new Date(t.clock.now.getTime() + 25 * 3_600_000) };
			expect(await codeOf(replyToConversation(later, agent, line!.id, { text: 'Ainda aí?' }))).toBe('window_closed');
			expect((await conversationThread(later, agent, line!.id)).windowOpen).toBe(false);
			expect(await codeOf(reopenConversation(later, other, line!.id))).toBe('conflict');
			const sentBefore = phone.messages().length;
			await reopenConversation(later, agent, line!.id);
			await drainChatReplies(later);
			const reopened = phone.messages().slice(sentBefore);
			expect(reopened).toHaveLength(1);
			expect(JSON.parse(reopened[0].raw)).toMatchObject({
				type: 'template',
				to: from.slice(1),
				template: { name: 'vez_chat_reopen', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Maria Souza' }] }] }
			});
			expect(reopened[0].text).toContain('Olá, Maria Souza!');
			expect((await conversationThread(later, agent, line!.id)).messages.at(-1)).toMatchObject({ author: 'agent', body: expect.stringContaining('Podemos continuar?') });
		});

		it('takes a ticket before arriving from the chat, with the waits shown, at a unit that allows it; the ticket waits for its visitor', async () => {
			const from = await registered();
			const waits = await say(from, 'senha');
			expect(texts(waits)).toContain('Filas agora:');
			const units = waits.at(-1)!;
			expect(JSON.parse(units.raw).interactive.type).toBe('list');
			const unit = await handle.db.selectFrom('units').select(['slug', 'name']).orderBy('name').executeTakeFirstOrThrow();
			const services = await tap(from, `u:${unit.slug}`, unit.name, true);
			const choice = services.at(-1)!.choices[0];
			expect(choice.id).toMatch(/^t:/);
			const taken = texts(await tap(from, choice.id, choice.title, true));
			const number = /Sua senha: \*([A-Z]+\d+)\*/.exec(taken)?.[1];
			const code = /código \*([A-Z0-9-]+)\*/.exec(taken)?.[1];
			expect(number && code).toBeTruthy();
			expect(taken).toContain('https://vez.example/t/');
			const ticket = await handle.db
				.selectFrom('tickets')
				.innerJoin('units', 'units.id', 'tickets.unit_id')
				.select(['tickets.channel', 'tickets.awaiting_arrival', 'tickets.status', 'tickets.arrival_code', 'units.slug'])
				.where('tickets.number', '=', number!)
				.where('tickets.arrival_code', '=', code!)
				.executeTakeFirstOrThrow();
			expect(ticket).toMatchObject({ channel: 'remote', awaiting_arrival: true, status: 'waiting', slug: unit.slug });
		});

		it('lists the citizen\'s appointments by the chat number and cancels one from the chat, freeing its place', async () => {
			const from = await registered();
			const offered = await handle.db
				.selectFrom('appointment_capacity')
				.innerJoin('units', 'units.id', 'appointment_capacity.unit_id')
				.innerJoin('services', 'services.id', 'appointment_capacity.service_id')
				.select(['units.slug', 'services.code'])
				.executeTakeFirstOrThrow();
			const slot = (await slotsOfDate(t.deps, offered.slug, offered.code, '2026-03-12')).find((x) => x.free > 0)!;
			const booked = await bookAppointment(t.deps, ANONYMOUS, { unit: offered.slug, service: offered.code, start: slot.start, citizen: { cpf: CPF, name: 'Maria Souza', phone: from.replace('+55', '') } }, 'https://vez.example');
			const listed = await say(from, '4');
			expect(texts(listed)).toContain(booked.code);
			expect(texts(listed)).toContain('https://vez.example/book');
			const row = listed.at(-1)!.choices.find((c) => c.id === `a:${booked.code}`)!;
			expect(texts(await tap(from, row.id, row.title, true))).toContain(`Cancelar o agendamento *${booked.code}*`);
			expect(texts(await tap(from, 'x:yes', 'Cancelar agendamento'))).toContain(`Agendamento *${booked.code}* cancelado`);
			const after = await handle.db.selectFrom('appointments').select('status').where('code', '=', booked.code).executeTakeFirstOrThrow();
			expect(after.status).toBe('cancelled');
			expect((await slotsOfDate(t.deps, offered.slug, offered.code, '2026-03-12')).find((x) => x.start === slot.start)!.free).toBe(slot.free);
			expect(texts(await say(from, 'agendamentos'))).toContain('Não há agendamentos futuros');
		});

		it('opens one protocol per turn of the bot, even when the turn is run again after a failure', async () => {
			const draft = { service: { code: 'tapa-buraco', name: 'Tapa-buraco', anonymousAllowed: false }, description: 'Buraco grande na esquina da escola', anonymous: false, cpf: CPF, address: null, location: null };
			const who = { contactId: '00000000-0000-0000-0000-000000000000', phone: citizen(), name: 'Maria Souza', lang: 'pt-BR' as const };
			const count = async () => Number((await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
			const before = await count();
			const turn = '00000000-0000-4000-8000-' + String(n).padStart(12, '0');
			const first = await answerAsk(t.deps, { kind: 'open_request', draft }, who, turn);
			const again = await answerAsk(t.deps, { kind: 'open_request', draft }, who, turn);
			expect(first).toMatchObject({ kind: 'opened', ok: true });
			expect(again).toEqual(first);
			expect(await count()).toBe(before + 1);
			const other = await answerAsk(t.deps, { kind: 'open_request', draft }, who, turn.replace(/.$/, 'f'));
			expect(other).not.toEqual(first);
			expect(await count()).toBe(before + 2);
		});

		it('lets the agent open a protocol from the chat with the service, the citizen\'s words and name filled in; the citizen gets its number in the chat', async () => {
			const from = await registered();
			await say(from, '2');
			const found = await say(from, 'buraco');
			await tap(from, 's:tapa-buraco', found[0].options.find((o) => o.startsWith('Tapa-buraco'))!, true);
			await say(from, 'Buraco fundo na esquina da escola');
			await say(from, 'atendente');
			await say(from, 'Tem um buraco enorme na Rua das Flores perto da escola');
			await say(from, 'ok');
			await say(from, `Meu CPF é ${CPF}, pode abrir para mim`);
			const agent = await givenUser(handle.db, 'agent');
			const id = (await conversationInbox(t.deps, agent)).find((c) => c.phoneEnd === from.slice(-4))!.id;
			await takeConversation(t.deps, agent, id);
			// The "Abrir protocolo" screen opened from the chat: the catalogue's services, and the fields from the chat.
			const form = await newProtocolForm(t.deps, agent, id);
			expect(form.services.map((s) => s.code)).toContain('tapa-buraco');
			const prefill = form.chat!;
			expect(prefill).toMatchObject({ conversation: id, service: 'tapa-buraco', name: 'Maria Souza', phoneEnd: from.slice(-4) });
			expect(prefill.description).toContain('Buraco fundo na esquina da escola\nTem um buraco enorme na Rua das Flores perto da escola');
			// Short words are left out, and the CPF the citizen typed is masked: the form asks for it where it is checked.
			expect(prefill.description).not.toMatch(/^ok$/m);
			expect(prefill.description).not.toContain(CPF);
			expect(await codeOf(chatProtocolPrefill(t.deps, await givenUser(handle.db, 'organ_staff'), id))).toBe('forbidden');

			const before = phone.messages().length;
			const opened = await openNewProtocol(
				t.deps,
				agent,
				id,
				{ service: prefill.service, kind: 'solicitacao', description: prefill.description, anonymous: false, citizen: { cpf: CPF, name: prefill.name } },
				'https://vez.example',
				null
			);
			const p = await handle.db.selectFrom('protocols').select(['channel', 'citizen_phone', 'citizen_cpf']).where('number', '=', opened.number).executeTakeFirstOrThrow();
			expect(p).toEqual({ channel: 'whatsapp', citizen_phone: from, citizen_cpf: CPF });
			await drainChatReplies(t.deps);
			const told = phone.messages().slice(before);
			expect(told.map((m) => m.to)).toEqual([from]);
			expect(told[0].text).toContain(opened.number);
			expect(told[0].text).toContain(opened.accessCode);
		});

		it("falls under the LGPD report and anonymisation of the CPF its requests give, and under retention", async () => {
			const cpf = `123456789${cpfCheckDigits('123456789')}`;
			const from = await registered();
			await say(from, '2');
			const found = await say(from, 'buraco');
			await tap(from, 's:tapa-buraco', found[0].options.find((o) => o.startsWith('Tapa-buraco'))!, true);
			await say(from, 'Buraco enorme no meio da rua principal');
			await say(from, cpf);
			await say(from, 'pular');
			expect(texts(await say(from, 'sim'))).toContain('Solicitação registrada');

			const admin = await givenUser(handle.db, 'admin');
			const report = await citizenReport(t.deps, admin, { cpf });
			expect(report.chats).toEqual([expect.objectContaining({ phone: from, name: 'Maria Souza', neighbourhood: 'Plano Diretor Sul' })]);
			expect(report.chats[0].messages).toBeGreaterThan(10);
			const done = await anonymiseCitizen(t.deps, admin, { cpf, reason: 'Pedido LGPD 2026/9' });
			expect(done).toMatchObject({ protocols: 1, chats: 1 });
			expect(await handle.db.selectFrom('chat_contacts').select('id').where('phone', '=', from).execute()).toEqual([]);

			// Retention: a chat silent for more than the year the consent notice promised goes whole.
			const quiet = await registered();
			const later = { ...t.deps, now: () => new Date(t.clock.now.getTime() + 400 * 86_400_000) };
			await handle.db.updateTable('chat_contacts').set({ updated_at: t.clock.now }).where('phone', '=', quiet).execute();
			const forgotten = await forgetOldChats(later);
			expect(forgotten.contacts).toBeGreaterThanOrEqual(1);
			expect(await handle.db.selectFrom('chat_contacts').select('id').where('phone', '=', quiet).execute()).toEqual([]);
		});
	});
}
