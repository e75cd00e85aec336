import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUser } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { MAIL_MAX_ATTEMPTS, MAIL_RETRY_DELAYS_SECONDS } from '../../../src/lib/mail/mail-outbox';
import { enqueueMail } from '../../../src/lib/mail/outbox.server';
import { listOutbox, retryFailedMail } from '../../../src/lib/mail/list-outbox.server';
import { drainMails, sendMails } from '../../../src/lib/mail/mail-runner.server';
import { claimDueMails, finishMail } from '../../../src/lib/mail/store.server';
import { createMailTransport, type MailTransport } from '../../../src/lib/mail/transport.server';
import { startSmtpPeer, type SmtpPeer } from './smtp-peer';
import { closedPort } from '../ports';

const peers: SmtpPeer[] = [];
const transports: MailTransport[] = [];
afterEach(async () => {
	for (const t of transports.splice(0)) t.close();
	for (const p of peers.splice(0)) await p.close();
});

async function peer(options: Parameters<typeof startSmtpPeer>[0] = {}): Promise<SmtpPeer> {
	const p = await startSmtpPeer(options);
	peers.push(p);
	return p;
}

function transportTo(port: number): MailTransport {
	const t = createMailTransport(`smtp://127.0.0.1:${port}`, { connectionMs: 2000, greetingMs: 2000, socketMs: 5000 });
	transports.push(t);
	return t;
}

const SUBJECT = 'Protocolo 2026.000123 aberto — Iluminação pública';
const TEXT = 'Olá, João Conceição!\n\nSua solicitação de reparo de iluminação foi registrada e será atendida em até 5 dias úteis.\nAcompanhe em https://vez.test/protocol.\n\nPrefeitura de São José';

for (const engine of engines()) {
	describe(`mail outbox on ${engine.name}`, () => {
		let handle: DatabaseHandle;

		beforeAll(async () => {
			handle = await engine.open();
		});
		afterAll(() => handle.close());
		// Tests share the database: a mail one test left queued must not reach the next test's runner.
		afterEach(() => handle.db.updateTable('mail_outbox').set({ status: 'failed', last_error: 'test over' }).where('status', 'in', ['queued', 'sending']).execute());

		/** Deps whose clock starts just after the database's now(), so freshly queued mails are due. */
		function depsNow() {
			const t = testDeps(handle, { now: new Date(Date.now() + 1000) });
			t.deps.config = { ...t.deps.config, mailFrom: 'Prefeitura de São José <avisos@vez.test>' };
			const later = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));
			return { ...t, later };
		}

		function enqueueOne(to: string, extra: Partial<Parameters<typeof enqueueMail>[1]> = {}) {
			return handle.db.transaction().execute((trx) => enqueueMail(trx, { to, subject: SUBJECT, text: TEXT, kind: 'protocol_opened', ref: '2026.000123', ...extra }));
		}

		const mailTo = (to: string) => handle.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).executeTakeFirstOrThrow();

		it('delivers a mail queued in a transaction: envelope, From, To, Subject and the Portuguese text arrive intact', async () => {
			const smtp = await peer();
			await enqueueOne('joao@example.com');
			const { deps } = depsNow();

			expect(await sendMails(deps, transportTo(smtp.port))).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
			const [mail] = await smtp.waitFor(1);
			expect(mail.envelopeFrom).toBe('avisos@vez.test');
			expect(mail.envelopeTo).toEqual(['joao@example.com']);
			expect(mail.headers.to).toBe('joao@example.com');
			expect(mail.headers.from).toBe('Prefeitura de São José <avisos@vez.test>');
			expect(mail.headers.subject).toBe(SUBJECT);
			expect(mail.headers['content-type']).toMatch(/^text\/plain; charset=utf-8/i);
			expect(mail.text.replace(/\r\n/g, '\n')).toBe(TEXT);
			// The wire stays 7-bit: accents travel encoded, never as raw bytes a relay could mangle.
			expect(mail.raw).not.toMatch(/[^\x00-\x7f]/);

			const row = await mailTo('joao@example.com');
			expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, kind: 'protocol_opened', ref: '2026.000123' });
			expect(row.sent_at).toEqual(deps.now());
		});

		it('sends the HTML part alongside the text when one is given', async () => {
			const smtp = await peer();
			await enqueueOne('html@example.com', { html: '<p>Olá, <strong>João</strong>!</p>' });
			const { deps } = depsNow();
			await sendMails(deps, transportTo(smtp.port));
			const [mail] = await smtp.waitFor(1);
			expect(mail.headers['content-type']).toMatch(/^multipart\/alternative/);
			expect(mail.raw).toContain('text/html');
		});

		it('sends nothing for a rolled-back transaction', async () => {
			const smtp = await peer();
			await expect(
				handle.db.transaction().execute(async (trx) => {
					await enqueueMail(trx, { to: 'rollback@example.com', subject: SUBJECT, text: TEXT, kind: 'protocol_opened' });
					throw new Error('the protocol could not be saved');
				})
			).rejects.toThrow('the protocol could not be saved');
			const { deps } = depsNow();

			expect(await drainMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 0, sent: 0 });
			expect(smtp.received).toHaveLength(0);
			expect(await handle.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'rollback@example.com').execute()).toEqual([]);
		});

		it('retries with back-off while the relay is down, then delivers once it is back, and never twice', async () => {
			const port = await closedPort();
			const transport = transportTo(port);
			await enqueueOne('volta@example.com');
			const { deps, later } = depsNow();
			const start = deps.now().getTime();

			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 1, sent: 0, retried: 1 });
			let row = await mailTo('volta@example.com');
			expect(row).toMatchObject({ status: 'queued', attempts: 1 });
			expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);
			expect(row.next_attempt_at.getTime() - start).toBe(MAIL_RETRY_DELAYS_SECONDS[0] * 1000);

			// Not due yet: nothing is tried before the back-off runs out.
			later(MAIL_RETRY_DELAYS_SECONDS[0] - 1);
			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 0 });

			later(1);
			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 1, retried: 1 });
			row = await mailTo('volta@example.com');
			expect(row).toMatchObject({ status: 'queued', attempts: 2 });
			expect(row.next_attempt_at.getTime() - deps.now().getTime()).toBe(MAIL_RETRY_DELAYS_SECONDS[1] * 1000);

			const smtp = await peer({ port });
			later(MAIL_RETRY_DELAYS_SECONDS[1]);
			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 1, sent: 1 });
			expect(await mailTo('volta@example.com')).toMatchObject({ status: 'sent', attempts: 3, last_error: null });

			later(86_400);
			expect(await drainMails(deps, transport)).toMatchObject({ claimed: 0 });
			await new Promise((r) => setTimeout(r, 100));
			expect(smtp.received.filter((m) => m.envelopeTo.includes('volta@example.com'))).toHaveLength(1);
		});

		it('gives up after the last back-off, leaving the error for the outbox screen', async () => {
			const transport = transportTo(await closedPort());
			await enqueueOne('nunca@example.com');
			const { deps, later } = depsNow();
			for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
				expect(await sendMails(deps, transport)).toMatchObject({ claimed: 1 });
				if (attempt < MAIL_MAX_ATTEMPTS) later(MAIL_RETRY_DELAYS_SECONDS[attempt - 1]);
			}
			expect(await mailTo('nunca@example.com')).toMatchObject({ status: 'failed', attempts: MAIL_MAX_ATTEMPTS });
			later(86_400);
			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 0 });

			// The relay is fixed: an administrator sends it again by hand, once; a clerk may not.
			const smtp = await peer();
			const failed = await mailTo('nunca@example.com');
			const admin = await givenUser(handle.db, 'admin');
			expect(await codeOf(retryFailedMail(deps, await givenUser(handle.db, 'clerk'), failed.id))).toBe('forbidden');
			await retryFailedMail(deps, admin, failed.id);
			expect(await codeOf(retryFailedMail(deps, admin, failed.id))).toBe('not_found');
			expect(await sendMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 1, sent: 1 });
			expect(await mailTo('nunca@example.com')).toMatchObject({ status: 'sent', attempts: 1 });
			const trail = await handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'mail.retry').where('entity_id', '=', failed.id).execute();
			expect(trail).toHaveLength(1);
		});

		it('fails at once a mail the relay refuses for good (5xx), and still sends the rest of the batch', async () => {
			const smtp = await peer({ reject: { address: 'nao-existe@example.com', code: 550, message: 'No such user' } });
			await enqueueOne('nao-existe@example.com');
			await enqueueOne('existe@example.com');
			const { deps } = depsNow();

			expect(await sendMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
			expect(await mailTo('nao-existe@example.com')).toMatchObject({ status: 'failed', attempts: 1 });
			expect((await mailTo('nao-existe@example.com')).last_error).toContain('550');
			expect(await mailTo('existe@example.com')).toMatchObject({ status: 'sent' });
		});

		it('retries a mail the relay refuses for now (4xx greylisting)', async () => {
			const smtp = await peer({ reject: { address: 'cinza@example.com', code: 450, message: 'Greylisted, try again later' } });
			await enqueueOne('cinza@example.com');
			const { deps } = depsNow();
			expect(await sendMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 1, retried: 1 });
			expect(await mailTo('cinza@example.com')).toMatchObject({ status: 'queued', attempts: 1 });
		});

		it('puts the rest of a batch back untried once the relay proves unreachable', async () => {
			const transport = transportTo(await closedPort());
			for (const n of [1, 2, 3]) await enqueueOne(`lote${n}@example.com`);
			const { deps } = depsNow();

			expect(await sendMails(deps, transport)).toMatchObject({ claimed: 3, retried: 1, sent: 0 });
			expect(await mailTo('lote1@example.com')).toMatchObject({ status: 'queued', attempts: 1 });
			for (const n of [2, 3]) expect(await mailTo(`lote${n}@example.com`)).toMatchObject({ status: 'queued', attempts: 0, last_error: null });
		});

		it('takes back the mail of a runner that died holding it, after its lease, and ignores that runner’s late result', async () => {
			const smtp = await peer();
			await enqueueOne('orfao@example.com');
			const { deps, later } = depsNow();
			const [claimed] = await claimDueMails(handle.db, deps.now(), new Date(deps.now().getTime() + 60_000), 10);
			expect(claimed.to).toBe('orfao@example.com');

			expect(await sendMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 0 });
			later(61);
			expect(await sendMails(deps, transportTo(smtp.port))).toMatchObject({ claimed: 1, sent: 1 });
			expect(await finishMail(handle.db, claimed, { status: 'failed', error: 'late' })).toBe(false);
			expect(await mailTo('orfao@example.com')).toMatchObject({ status: 'sent', attempts: 2 });
		});

		it('refuses a mail it could not send: a bad address or a subject with a line break is an error in the caller’s transaction', async () => {
			expect(await codeOf(enqueueOne('not an address'))).toBe('invalid_input');
			expect(await codeOf(enqueueOne('x@example.com', { subject: 'Assunto\r\nBcc: all@example.com' }))).toBe('invalid_input');
			expect(await handle.db.selectFrom('mail_outbox').select('id').where('to_address', 'in', ['not an address', 'x@example.com']).execute()).toEqual([]);
		});

		it('shows the outbox to administrators only, newest first, queued mails included when nothing sends', async () => {
			await enqueueOne('primeiro@example.com', { kind: 'protocol_opened' });
			await enqueueOne('segundo@example.com', { kind: 'protocol_status', subject: 'Protocolo 2026.000123 concluído' });
			const { deps } = depsNow();
			const admin = await givenUser(handle.db, 'admin');
			const clerk = await givenUser(handle.db, 'clerk');

			const view = await listOutbox(deps, admin, { limit: 2 });
			expect(view.sending).toBe(false);
			expect(view.mails.map((m) => [m.to, m.kind, m.status])).toEqual([
				['segundo@example.com', 'protocol_status', 'queued'],
				['primeiro@example.com', 'protocol_opened', 'queued']
			]);
			expect(view.mails[1].text).toBe(TEXT);
			expect(view.counts.queued).toBeGreaterThanOrEqual(2);
			expect(await codeOf(listOutbox(deps, clerk, {}))).toBe('forbidden');
			expect(await codeOf(listOutbox(deps, { kind: 'anonymous' }, {}))).toBe('unauthenticated');
			expect(await codeOf(listOutbox(deps, admin, { limit: 100_000 }))).toBe('invalid_input');
		});
	});
}

const postgres = engines().find((e) => e.name === 'postgres');
// Exactly-once across runners only means something on PostgreSQL: PGlite runs one query at a time.
if (postgres) {
	describe('mail outbox under concurrency on postgres', () => {
		let handle: DatabaseHandle;
		beforeAll(async () => {
			handle = await postgres.open();
		});
		afterAll(() => handle.close());

		it('two runners at once deliver each of 40 mails exactly once', async () => {
			const smtp = await peer({ delayMs: 15 });
			await handle.db.transaction().execute(async (trx) => {
				for (let i = 0; i < 40; i++) await enqueueMail(trx, { to: `cidadao${i}@example.com`, subject: `Aviso nº ${i}`, text: `Olá, cidadão nº ${i}.`, kind: 'protocol_opened' });
			});
			const { deps } = testDeps(handle, { now: new Date(Date.now() + 1000) });
			const a = transportTo(smtp.port);
			const b = transportTo(smtp.port);

			const [ra, rb] = await Promise.all([drainMails(deps, a), drainMails(deps, b)]);
			// Each drain stops after 20 rounds; whatever is left goes in a second pass.
			const rest = await Promise.all([drainMails(deps, a), drainMails(deps, b)]);
			const sent = ra.sent + rb.sent + rest[0].sent + rest[1].sent;

			expect(sent).toBe(40);
			expect(ra.sent).toBeGreaterThan(0);
			expect(rb.sent).toBeGreaterThan(0);
			const received = await smtp.waitFor(40);
			await new Promise((r) => setTimeout(r, 100));
			const recipients = received.flatMap((m) => m.envelopeTo).sort();
			expect(recipients).toEqual(Array.from({ length: 40 }, (_, i) => `cidadao${i}@example.com`).sort());
			const rows = await handle.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
			expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
		});
	});
}
