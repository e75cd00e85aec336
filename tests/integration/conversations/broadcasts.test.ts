// Notices by broadcast, on both engines: contacts opt in on the chat (the real webhook's use case
// and the bot's job), an admin sends an approved template, and the job runner sends it through the
// real Cloud API client to the virtual phone, which records each request.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engines, testDeps } from '../engines';
import { codeOf, givenUser } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { startVirtualPhone, type VirtualPhone } from '../../../src/lib/notify/virtual-phone.server';
import { receiveWhatsApp, signatureOf } from '../../../src/lib/conversations/receive-whatsapp.server';
import { drainChatMessages } from '../../../src/lib/conversations/handle-messages.server';
import { drainChatReplies } from '../../../src/lib/conversations/send-replies.server';
import { notificationOf } from '../../../src/lib/conversations/cloud-webhook';
import { broadcastScreen, sendBroadcast } from '../../../src/lib/conversations/broadcasts.server';
import { sendBroadcastPass } from '../../../src/lib/conversations/deliver-broadcasts.server';
import { phoneProviders } from '../phone-providers';

const SECRET = 'test-app-secret';
const RATE = 2;

for (const engine of engines()) {
	describe(`WhatsApp notices on ${engine.name}`, () => {
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
				chat: { verifyToken: 'verify-me', appSecret: SECRET, agentHours: null, broadcastPerSecond: RATE }
			};
			await seedDemoIfEmpty(t.deps);
		});
		afterAll(async () => {
			await phone.close();
			await handle.close();
		});
		beforeEach(() => phone.clear());

		const citizen = () => `+55479${String(Date.now() % 100000).padStart(5, '0')}${String(++n).padStart(3, '0')}`;
		const message = async (from: string, m: Record<string, unknown>) => {
			const raw = Buffer.from(JSON.stringify(notificationOf({ phoneNumberId: 'vez-test', from, id: `wamid.${randomBytes(12).toString('hex')}`, at: t.clock.now, message: m })));
			await receiveWhatsApp(t.deps, raw, signatureOf(SECRET, raw));
			await drainChatMessages(t.deps);
			await drainChatReplies(t.deps);
		};
		const say = (from: string, text: string) => message(from, { type: 'text', text: { body: text } });
		const tap = (from: string, id: string) => message(from, { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title: id } } });
		const registered = async () => {
			const from = citizen();
			await say(from, 'oi');
			await message(from, { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'c:yes', title: 'Aceito' } } });
			await say(from, 'Ana Lima');
			await say(from, 'Ingleses');
			return from;
		};
		/** Opts in on the chat, as a citizen would: "avisos", the region, then all of it or one unit. */
		const optIn = async (from: string, region: string, unit?: string) => {
			await say(from, 'avisos');
			await tap(from, `n:r:${region}`);
			await tap(from, unit ? `n:u:${unit}` : 'n:all');
		};
		const notices = () => phone.messages().filter((m) => m.template?.name === 'vez_notice_unit_closed');
		const later = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));

		it('sends a notice once to each contact who opted in to the unit or its region, at the provider\'s rate, and none to the others', async () => {
			const norte = await handle.db.selectFrom('units').select(['slug', 'name', 'region']).where('region', '=', 'Norte').orderBy('name').execute();
			const [unit, neighbour] = norte;
			const toUnit = [await registered(), await registered()];
			for (const from of toUnit) await optIn(from, 'Norte', unit.slug);
			const toRegion = [await registered(), await registered(), await registered()];
			for (const from of toRegion) await optIn(from, 'Norte');
			const elsewhere = await registered();
			await optIn(elsewhere, 'Norte', neighbour.slug);
			const silent = await registered();
			const leaving = await registered();
			await optIn(leaving, 'Norte');
			await say(leaving, 'sair');

			const admin = await givenUser(handle.db, 'admin');
			expect(await codeOf(sendBroadcast(t.deps, await givenUser(handle.db, 'agent'), { template: 'vez_notice_unit_closed', target: `unit:${unit.slug}`, when: 'hoje', detail: 'falta de energia' }))).toBe('forbidden');
			const sent = await sendBroadcast(t.deps, admin, { template: 'vez_notice_unit_closed', target: `unit:${unit.slug}`, when: 'hoje', detail: 'falta de energia' });
			expect(sent.recipients).toBe(5);

			// The provider's rate: two a second, however many passes run within that second.
			phone.clear();
			const perSecond: number[] = [];
			for (let second = 0; second < 4; second++) {
				const before = notices().length;
				await sendBroadcastPass(t.deps);
				await sendBroadcastPass(t.deps);
				perSecond.push(notices().length - before);
				later(1);
			}
			expect(perSecond).toEqual([2, 2, 1, 0]);

			// Exactly once: each who opted in got one, in the Cloud API's template shape; nobody else got any.
			const got = notices().map((m) => m.to).sort();
			expect(got).toEqual([...toUnit, ...toRegion].sort());
			expect(got).not.toContain(elsewhere);
			expect(got).not.toContain(silent);
			expect(got).not.toContain(leaving);
			const body = JSON.parse(notices()[0].raw);
			expect(body).toMatchObject({ messaging_product: 'whatsapp', type: 'template', template: { name: 'vez_notice_unit_closed', language: { code: 'pt_BR' } } });
			expect(notices()[0].text).toBe(`Aviso da Prefeitura: não haverá atendimento em ${unit.name} hoje. Motivo: falta de energia. Para não receber mais avisos, responda SAIR.`);

			later(3600);
			await sendBroadcastPass(t.deps);
			expect(notices()).toHaveLength(5);
			const screen = await broadcastScreen(t.deps, admin);
			expect(screen.broadcasts[0]).toMatchObject({ target: unit.name, queued: 0, sent: 5, failed: 0, cancelled: 0 });
		});

		it('honours "sair" said after the notice was queued, and puts what the provider refuses in the dead letter', async () => {
			const a = await registered();
			const b = await registered();
			const c = await registered();
			for (const from of [a, b, c]) await optIn(from, 'Sul');
			const admin = await givenUser(handle.db, 'admin');
			const { recipients } = await sendBroadcast(t.deps, admin, { template: 'vez_notice_unit_closed', target: 'region:Sul', when: 'amanhã', detail: 'dedetização' });
			expect(recipients).toBe(3);
			await say(c, 'sair');
			phone.clear();
			// Meta refuses the first one for good (an invalid parameter): dead letter, no retry.
			phone.failNext('whatsapp', 400);
			for (let i = 0; i < 3; i++) {
				await sendBroadcastPass(t.deps);
				later(3600);
			}
			const screen = await broadcastScreen(t.deps, admin);
			expect(screen.broadcasts[0]).toMatchObject({ target: 'Sul', queued: 0, sent: 1, failed: 1, cancelled: 1 });
			expect(notices().map((m) => m.to)).not.toContain(c);
			const region = screen.targets.find((x) => x.value === 'region:Sul')!;
			expect(region.optedIn).toBe(2);
		});
	});
}
