import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { parseNetworks, PRIVATE_NETWORKS } from '$lib/net/address-policy';
import { codeOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Actor } from '../../../src/lib/auth/actor';
import { VezError } from '../../../src/lib/errors';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { cancelTicket, finishTicket, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { callNext } from '../../../src/lib/queue/call-ticket.server';
import { visibleText } from '../../../src/lib/printing/escpos-decoder';
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from '../../../src/lib/printing/print-jobs';
import { checkPrinters, drainPrintJobs, runPrintJobs } from '../../../src/lib/printing/print-runner.server';
import { createPrinter, listPrinters, printersOverview, updatePrinter } from '../../../src/lib/printing/printers.server';
import { retryPrintJob } from '../../../src/lib/printing/retry-print-job.server';
import { printTestPage } from '../../../src/lib/printing/print-test-page.server';
import { reprintTicket } from '../../../src/lib/queue/reprint-ticket.server';
import { ticketPrintState } from '../../../src/lib/queue/ticket-print-state.server';
import { claimDueJobs, finishJob } from '../../../src/lib/printing/store.server';
import { startVirtualPrinter, type VirtualPrinter } from '../../../src/lib/printing/virtual-printer.server';
import { closedPort } from '../ports';


const ORIGIN = 'http://vez.test';

const printers: VirtualPrinter[] = [];
afterEach(async () => {
	for (const p of printers.splice(0)) await p.close();
});

async function virtualPrinter(port = 0): Promise<VirtualPrinter> {
	const p = await startVirtualPrinter({ port });
	printers.push(p);
	return p;
}

for (const engine of engines()) {
	describe(`print jobs on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let admin: Actor;
		const later = (seconds: number) => (t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000));

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			// The stand-in printers listen on loopback, which a printer may use only when listed by name.
			t.deps.config.printerNetworks = parseNetworks(`${PRIVATE_NETWORKS},127.0.0.1`);
			admin = await givenUser(handle.db, 'admin');
		});
		afterAll(() => handle.close());
		// Tests share the database: a job one test left queued must not reach the next test's runner.
		afterEach(() => handle.db.updateTable('print_jobs').set({ status: 'failed', last_error: 'test over' }).where('status', 'in', ['queued', 'printing']).execute());

		async function printerFor(unit: GivenUnit, port: number, extra: Record<string, unknown> = {}) {
			return createPrinter(t.deps, admin, unit.slug, { name: 'Totem', host: '127.0.0.1', port, ...extra });
		}

		async function kioskToken(unit: GivenUnit): Promise<Extract<Actor, { kind: 'device' }>> {
			const row = await handle.db
				.insertInto('api_tokens')
				.values({ name: 'Totem da entrada', kind: 'kiosk', unit_id: unit.id, token_hash: randomBytes(16).toString('hex') })
				.returning('id')
				.executeTakeFirstOrThrow();
			return { kind: 'device', id: row.id, name: 'Totem da entrada', tokenKind: 'kiosk', unitId: unit.id, scopes: [] };
		}

		function issueAt(unit: GivenUnit, actor: Actor, extra: Record<string, unknown> = {}) {
			later(1);
			return issueTicket(t.deps, actor, unit.slug, { service: unit.services.iptu, ...extra }, ORIGIN);
		}

		const job = (ticketId: string) =>
			handle.db.selectFrom('print_jobs').selectAll().where('ticket_id', '=', ticketId).orderBy('seq').executeTakeFirstOrThrow();

		it('prints a kiosk ticket: the number, the accents, the tracking QR and the cut reach the printer', async () => {
			const unit = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port, { header: 'Prefeitura de São José' });
			const issued = await issueAt(unit, kiosk(unit.id));
			expect(issued.print).toEqual({ status: 'queued', printerName: 'Totem', printerOnline: null });

			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 1, printed: 1 });
			const [paper] = await vp.waitForTickets(1);
			const lines = visibleText(paper.decoded);
			expect(lines[0]).toBe('Prefeitura de São José');
			expect(lines).toContain(issued.number);
			expect(lines).toContain('Serviço iptu');
			expect(lines).toContain('Você é o próximo da fila');
			expect(lines).toContain('Emitida em 10/03/2026 10:00');
			expect(lines).toContain('Ela não contém dados pessoais (LGPD).');
			expect(paper.decoded.qrCodes).toEqual([issued.trackUrl]);
			expect(issued.trackUrl).toBe(`${ORIGIN}/t/${issued.publicId}`);
			expect(paper.decoded.cuts).toBe(1);

			expect(await job(issued.id)).toMatchObject({ status: 'printed', attempts: 1, last_error: null, kind: 'ticket' });
			// Sent once: nothing left for the next run.
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
			const next = await issueAt(unit, kiosk(unit.id));
			expect(next.print).toMatchObject({ status: 'queued', printerOnline: true });
		});

		it("sends a kiosk's tickets to its own printer and everyone else's to the unit default", async () => {
			const unit = await givenUnit(handle.db);
			const hall = await virtualPrinter();
			const entrance = await virtualPrinter();
			const device = await kioskToken(unit);
			await printerFor(unit, hall.port, { name: 'Salão' });
			await printerFor(unit, entrance.port, { name: 'Entrada', kiosk: device.id });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);

			const own = await issueAt(unit, device);
			const other = await issueAt(unit, kiosk(unit.id));
			const staff = await issueAt(unit, clerk, { print: true });
			const silent = await issueAt(unit, clerk);
			expect([own.print?.printerName, other.print?.printerName, staff.print?.printerName]).toEqual(['Entrada', 'Salão', 'Salão']);
			expect(silent.print).toBeNull();

			await runPrintJobs(t.deps);
			const [e] = await entrance.waitForTickets(1);
			const hallTickets = await hall.waitForTickets(2);
			expect(e.decoded.qrCodes).toEqual([own.trackUrl]);
			expect(hallTickets.map((p) => p.decoded.qrCodes[0])).toEqual([other.trackUrl, staff.trackUrl]);
			expect(await handle.db.selectFrom('print_jobs').select('id').where('ticket_id', '=', silent.id).execute()).toEqual([]);
		});

		it('issues the ticket when the printer is off, retries with back-off and prints once it is back', async () => {
			const unit = await givenUnit(handle.db);
			const port = await closedPort();
			await printerFor(unit, port);
			const issued = await issueAt(unit, kiosk(unit.id));
			expect(issued.number).toBe('A001');
			expect(issued.print?.status).toBe('queued');

			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 1, retried: 1, printed: 0 });
			const first = await job(issued.id);
			expect(first).toMatchObject({ status: 'queued', attempts: 1 });
			expect(first.last_error).toContain('refused');
			expect(first.next_attempt_at.getTime() - t.clock.now.getTime()).toBe(RETRY_DELAYS_SECONDS[0] * 1000);
			const [down] = await listPrinters(t.deps, admin, unit.slug);
			expect(down.status).toMatchObject({ health: 'unreachable', online: false, reason: 'refused' });
			// Not due yet: nothing is sent early.
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });

			const second = await issueAt(unit, kiosk(unit.id));
			expect(second.print).toMatchObject({ status: 'queued', printerOnline: false });
			later(RETRY_DELAYS_SECONDS[0]);
			// The first job fails again; the second waits with it instead of timing out on its own.
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 2, retried: 1 });
			expect(await job(issued.id)).toMatchObject({ status: 'queued', attempts: 2 });
			expect(await job(second.id)).toMatchObject({ status: 'queued', attempts: 0 });

			const vp = await virtualPrinter(port);
			later(RETRY_DELAYS_SECONDS[1]);
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 2, printed: 2 });
			const paper = await vp.waitForTickets(2);
			expect(paper.map((p) => visibleText(p.decoded)).map((l) => l.includes('A001'))).toEqual([true, false]);
			expect(await job(issued.id)).toMatchObject({ status: 'printed', attempts: 3 });
			const [up] = await listPrinters(t.deps, admin, unit.slug);
			expect(up.status).toMatchObject({ health: 'ok', online: true, error: null });
			expect(up.pendingJobs).toBe(0);
		});

		it(`gives up after ${MAX_ATTEMPTS} attempts within a few minutes`, async () => {
			const unit = await givenUnit(handle.db);
			await printerFor(unit, await closedPort());
			const issued = await issueAt(unit, kiosk(unit.id));
			const started = t.clock.now.getTime();
			for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
				expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 1 });
				if (attempt < MAX_ATTEMPTS) later(RETRY_DELAYS_SECONDS[attempt - 1]);
			}
			expect((t.clock.now.getTime() - started) / 60_000).toBeLessThan(5);
			const failed = await job(issued.id);
			expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
			expect(failed.last_error).toContain('refused');
			later(3600);
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
			const [printer] = await listPrinters(t.deps, admin, unit.slug);
			expect(printer.status.online).toBe(false);
		});

		it('lists failed prints for the unit and prints one again by hand, once, after the printer is back', async () => {
			const unit = await givenUnit(handle.db);
			const other = await givenUnit(handle.db);
			const port = await closedPort();
			await printerFor(unit, port);
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const stranger = await givenUser(handle.db, 'manager', [other.id]);
			const first = await issueAt(unit, kiosk(unit.id));
			const second = await issueAt(unit, kiosk(unit.id));
			// The printer stays off until both tickets used up their attempts.
			for (let round = 0; round < 2 * MAX_ATTEMPTS; round++) {
				await runPrintJobs(t.deps);
				later(RETRY_DELAYS_SECONDS.at(-1)!);
			}
			expect([(await job(first.id)).status, (await job(second.id)).status]).toEqual(['failed', 'failed']);
			await cancelTicket(t.deps, clerk, second.id);

			const failedJobs = async () => (await printersOverview(t.deps, manager)).units.find((u) => u.slug === unit.slug)!.failedJobs;
			const listed = await failedJobs();
			expect(listed.map((j) => [j.ticketNumber, j.kind, j.printerName, j.attempts, j.retryable])).toEqual([
				[second.number, 'ticket', 'Totem', MAX_ATTEMPTS, false],
				[first.number, 'ticket', 'Totem', MAX_ATTEMPTS, true]
			]);
			expect(listed[1].lastError).toContain('refused');
			expect((await printersOverview(t.deps, stranger)).units.map((u) => u.slug)).not.toContain(unit.slug);

			const firstJob = (await job(first.id)).id;
			expect(await codeOf(retryPrintJob(t.deps, clerk, firstJob))).toBe('forbidden');
			expect(await codeOf(retryPrintJob(t.deps, stranger, firstJob))).toBe('forbidden');
			expect(await codeOf(retryPrintJob(t.deps, { kind: 'anonymous' }, firstJob))).toBe('unauthenticated');
			expect(await codeOf(retryPrintJob(t.deps, manager, (await job(second.id)).id))).toBe('invalid_transition');
			expect(await codeOf(retryPrintJob(t.deps, manager, 'not-a-uuid'))).toBe('not_found');

			const vp = await virtualPrinter(port);
			await retryPrintJob(t.deps, manager, firstJob);
			expect(await job(first.id)).toMatchObject({ status: 'queued', attempts: 0 });
			const trail = await handle.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'print_job.retry').where('entity_id', '=', firstJob).execute();
			expect(trail).toHaveLength(1);
			// A second click before the runner got to it finds nothing failed to retry.
			expect(await codeOf(retryPrintJob(t.deps, manager, firstJob))).toBe('not_found');

			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 1, printed: 1 });
			const [paper] = await vp.waitForTickets(1);
			expect(visibleText(paper.decoded)).toContain(first.number);
			expect(await job(first.id)).toMatchObject({ status: 'printed', attempts: 1 });
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
			expect(vp.tickets()).toHaveLength(1);
			expect((await failedJobs()).map((j) => j.ticketNumber)).toEqual([second.number]);
		});

		it('takes over a job whose runner died mid-send once its lease ends', async () => {
			const unit = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port);
			const issued = await issueAt(unit, kiosk(unit.id));
			// A runner claims the job and dies before sending it.
			const [claimed] = await claimDueJobs(handle.db, t.clock.now, new Date(t.clock.now.getTime() + 120_000), 10);
			expect(claimed.ticketId).toBe(issued.id);
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
			later(121);
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 1, printed: 1 });
			await vp.waitForTickets(1);
			expect(await job(issued.id)).toMatchObject({ status: 'printed', attempts: 2 });
			// The dead runner's late report changes nothing.
			expect(await finishJob(handle.db, claimed, { status: 'failed', error: 'late' })).toBe(false);
			expect(await job(issued.id)).toMatchObject({ status: 'printed' });
		});

		it('records no_printer when the unit has no printer, and never sends it', async () => {
			const unit = await givenUnit(handle.db);
			const issued = await issueAt(unit, kiosk(unit.id));
			expect(issued.print).toEqual({ status: 'no_printer', printerName: null, printerOnline: null });
			expect(await job(issued.id)).toMatchObject({ status: 'no_printer', printer_id: null });
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
		});

		it("tells the issuing kiosk and the unit's staff how a ticket's paper is doing, from queued to printed, and nobody else", async () => {
			const unit = await givenUnit(handle.db);
			const other = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port);
			const device = await kioskToken(unit);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const stranger = await givenUser(handle.db, 'clerk', [other.id]);
			const issued = await issueAt(unit, device);

			expect(await ticketPrintState(t.deps, device, issued.id)).toEqual({ print: { status: 'queued', printerName: 'Totem', printerOnline: null, attempts: 0 } });
			await runPrintJobs(t.deps);
			await vp.waitForTickets(1);
			expect(await ticketPrintState(t.deps, device, issued.id)).toEqual({ print: { status: 'printed', printerName: 'Totem', printerOnline: true, attempts: 1 } });
			expect(await ticketPrintState(t.deps, clerk, issued.id)).toMatchObject({ print: { status: 'printed' } });

			// Another kiosk of the unit, a kiosk of another unit, staff elsewhere, nobody: refused.
			expect(await codeOf(ticketPrintState(t.deps, await kioskToken(unit), issued.id))).toBe('forbidden');
			expect(await codeOf(ticketPrintState(t.deps, kiosk(other.id), issued.id))).toBe('forbidden');
			expect(await codeOf(ticketPrintState(t.deps, stranger, issued.id))).toBe('forbidden');
			expect(await codeOf(ticketPrintState(t.deps, { kind: 'anonymous' }, issued.id))).toBe('unauthenticated');
			expect(await codeOf(ticketPrintState(t.deps, clerk, 'not-a-uuid'))).toBe('invalid_input');
			expect(await codeOf(ticketPrintState(t.deps, clerk, '00000000-0000-4000-8000-000000000000'))).toBe('ticket_not_found');

			// A ticket issued at the counter with no paper has no print job.
			const atDesk = await issueAt(unit, clerk);
			expect(await ticketPrintState(t.deps, clerk, atDesk.id)).toEqual({ print: null });
		});

		it('reprints at most twice; a kiosk only its last ticket, staff only in their unit', async () => {
			const unit = await givenUnit(handle.db);
			const other = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port);
			const device = kiosk(unit.id);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const stranger = await givenUser(handle.db, 'clerk', [other.id]);
			const first = await issueAt(unit, device);
			const last = await issueAt(unit, device);

			expect(await codeOf(reprintTicket(t.deps, device, first.id))).toBe('forbidden');
			expect(await codeOf(reprintTicket(t.deps, kiosk(unit.id), last.id))).toBe('forbidden');
			expect(await codeOf(reprintTicket(t.deps, kiosk(other.id), last.id))).toBe('forbidden');
			expect(await codeOf(reprintTicket(t.deps, stranger, last.id))).toBe('forbidden');
			expect(await codeOf(reprintTicket(t.deps, { kind: 'anonymous' }, last.id))).toBe('unauthenticated');
			expect(await codeOf(reprintTicket(t.deps, clerk, 'not-a-uuid'))).toBe('invalid_input');

			expect(await reprintTicket(t.deps, device, last.id)).toMatchObject({ status: 'queued', printerName: 'Totem', reprintsLeft: 1 });
			expect(await reprintTicket(t.deps, clerk, first.id)).toMatchObject({ status: 'queued', reprintsLeft: 1 });
			expect(await reprintTicket(t.deps, clerk, last.id)).toMatchObject({ reprintsLeft: 0 });
			const refused = await reprintTicket(t.deps, clerk, last.id).catch((e: VezError) => e);
			expect(refused).toMatchObject({ code: 'conflict', status: 409, fields: { reprints: 'limit_reached' } });

			await runPrintJobs(t.deps);
			const paper = await vp.waitForTickets(5);
			const qrs = paper.map((p) => p.decoded.qrCodes[0]);
			expect(qrs.filter((q) => q === last.trackUrl)).toHaveLength(3);
			expect(qrs.filter((q) => q === first.trackUrl)).toHaveLength(2);

			// The kiosk's window closes after a few minutes; a finished ticket is not reprinted.
			const fresh = await issueAt(unit, device);
			later(11 * 60);
			expect(await codeOf(reprintTicket(t.deps, device, fresh.id))).toBe('forbidden');
			const counter = unit.counters[0].id;
			await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
			const called = await callNext(t.deps, clerk, counter);
			await startTicket(t.deps, clerk, called!.id);
			await finishTicket(t.deps, clerk, called!.id, { outcome: 'resolved' });
			expect(await codeOf(reprintTicket(t.deps, clerk, called!.id))).toBe('conflict');
		});

		it('reprints a ticket issued without paper from what was recorded at issue', async () => {
			const unit = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const issued = await issueAt(unit, clerk);
			expect(issued.print).toBeNull();
			await reprintTicket(t.deps, clerk, issued.id, ORIGIN);
			await runPrintJobs(t.deps);
			const [paper] = await vp.waitForTickets(1);
			expect(visibleText(paper.decoded)).toContain(issued.number);
			expect(paper.decoded.qrCodes).toEqual([issued.trackUrl]);
		});

		it('keeps printers on the printer networks: metadata, loopback and public addresses are refused when saved and when connecting', async () => {
			const unit = await givenUnit(handle.db);
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const saved = (host: string, port = 9100) => createPrinter(t.deps, manager, unit.slug, { name: `P ${host} ${port}`, host, port }).catch((e: VezError) => e);
			for (const host of ['169.254.169.254', '8.8.8.8', '::1', 'fe80::1', '0.0.0.0', '::ffff:169.254.169.254']) {
				expect(await saved(host, 80), host).toMatchObject({ code: 'invalid_input', fields: { host: expect.stringContaining('VEZ_PRINTER_NETWORKS') } });
			}
			expect(await saved('127.0.0.2', 9100)).toMatchObject({ code: 'invalid_input' });
			expect(await saved('192.168.10.40')).toMatchObject({ host: '192.168.10.40' });
			expect(await saved('fd00::40')).toMatchObject({ host: 'fd00::40' });
			expect(await saved('printer.invalid')).toMatchObject({ code: 'invalid_input', fields: { host: 'does not resolve' } });

			// A printer saved before the operator narrowed the networks is refused at connection time, and nothing reaches it.
			let connections = 0;
			const server = net.createServer((socket) => {
				connections++;
				socket.destroy();
			});
			await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
			const { port } = server.address() as net.AddressInfo;
			const printer = await createPrinter(t.deps, manager, unit.slug, { name: 'Antiga', host: '127.0.0.1', port });
			const config = t.deps.config;
			t.deps.config = { ...config, printerNetworks: parseNetworks(PRIVATE_NETWORKS) };
			try {
				const refused = await printTestPage(t.deps, manager, printer.id).catch((e: VezError) => e);
				expect(refused).toMatchObject({ code: 'unavailable', reason: 'forbidden' });
				expect(await saved('127.0.0.1', port)).toMatchObject({ code: 'invalid_input' });
				// The demo's in-process virtual printer is the one loopback printer allowed.
				t.deps.config = { ...t.deps.config, virtualPrinterPort: port };
				expect(await saved('127.0.0.1', port)).toMatchObject({ host: '127.0.0.1', port });
			} finally {
				t.deps.config = config;
				await new Promise<void>((resolve) => server.close(() => resolve()));
			}
			expect(connections).toBe(0);
		});

		it('lets admins and the unit manager configure printers, checking what the printer can do', async () => {
			const unit = await givenUnit(handle.db);
			const other = await givenUnit(handle.db);
			const manager = await givenUser(handle.db, 'manager', [unit.id]);
			const foreign = await givenUser(handle.db, 'manager', [other.id]);
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			const body = { name: 'Balcão', host: '10.0.0.20', width: 58, codepage: 'cp850', qrMode: 'raster' };

			const created = await createPrinter(t.deps, manager, unit.slug, body);
			expect(created).toMatchObject({
				name: 'Balcão',
				host: '10.0.0.20',
				port: 9100,
				width: 58,
				codepage: 'cp850',
				qrMode: 'raster',
				kiosk: null,
				model: 'generic',
				status: { health: 'unknown', online: null }
			});
			expect(await codeOf(createPrinter(t.deps, clerk, unit.slug, { ...body, name: 'X' }))).toBe('forbidden');
			expect(await codeOf(createPrinter(t.deps, foreign, unit.slug, { ...body, name: 'X' }))).toBe('forbidden');
			expect(await codeOf(listPrinters(t.deps, foreign, unit.slug))).toBe('forbidden');
			expect(await codeOf(createPrinter(t.deps, manager, unit.slug, body))).toBe('conflict');
			const bad = await createPrinter(t.deps, manager, unit.slug, { ...body, name: 'B', model: 'bematech-mp-4200-th', codepage: 'cp1252' }).catch((e) => e);
			expect(bad).toMatchObject({ code: 'invalid_input', fields: { codepage: 'not_supported_by_model' } });
			expect(await codeOf(createPrinter(t.deps, manager, unit.slug, { ...body, name: 'C', width: 76 }))).toBe('invalid_input');
			expect(await codeOf(createPrinter(t.deps, manager, unit.slug, { ...body, name: 'D', host: 'http://x/y' }))).toBe('invalid_input');
			const otherKiosk = await kioskToken(other);
			expect(await codeOf(createPrinter(t.deps, manager, unit.slug, { ...body, name: 'E', kiosk: otherKiosk.id }))).toBe('invalid_input');

			const device = await kioskToken(unit);
			const edited = await updatePrinter(t.deps, manager, created.id, { port: 9101, kiosk: device.id, footer: 'Horário: 8h às 17h' });
			expect(edited).toMatchObject({ port: 9101, kiosk: device.id, kioskName: 'Totem da entrada', footer: 'Horário: 8h às 17h', width: 58 });
			expect(await codeOf(updatePrinter(t.deps, foreign, created.id, { port: 9102 }))).toBe('forbidden');
			expect(await codeOf(updatePrinter(t.deps, manager, '00000000-0000-4000-8000-000000000000', { port: 9102 }))).toBe('printer_not_found');
			const second = await createPrinter(t.deps, manager, unit.slug, { ...body, name: 'Outro' });
			expect(await codeOf(updatePrinter(t.deps, manager, second.id, { kiosk: device.id }))).toBe('conflict');
			expect((await listPrinters(t.deps, manager, unit.slug)).map((p) => p.name)).toEqual(['Balcão', 'Outro']);
		});

		it('prints a test page at once, and says why when the printer cannot be reached', async () => {
			const unit = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			const ok = await printerFor(unit, vp.port, { name: 'Boa' });
			const dead = await printerFor(unit, await closedPort(), { name: 'Desligada' });
			expect(await printTestPage(t.deps, admin, ok.id, ORIGIN)).toMatchObject({ status: 'printed', printer: 'Boa' });
			const [page] = await vp.waitForTickets(1);
			expect(visibleText(page.decoded)).toContain('PÁGINA DE TESTE');
			expect(visibleText(page.decoded).join(' ')).toContain('Ação, coração, não, três, você');
			expect(page.decoded.qrCodes).toEqual([`${ORIGIN}/`]);

			const err = await printTestPage(t.deps, admin, dead.id, ORIGIN).catch((e) => e);
			expect(err).toMatchObject({ code: 'unavailable', status: 503, reason: 'refused' });
			const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
			expect(await codeOf(printTestPage(t.deps, clerk, ok.id))).toBe('forbidden');
			const tests = await handle.db.selectFrom('print_jobs').select(['printer_id', 'status']).where('kind', '=', 'test').where('unit_id', '=', unit.id).execute();
			expect(tests).toEqual(expect.arrayContaining([{ printer_id: ok.id, status: 'printed' }, { printer_id: dead.id, status: 'failed' }]));
			// A test page is never picked up again by the runner.
			expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
		});

		it("records each printer's answer to a status query", async () => {
			const unit = await givenUnit(handle.db);
			const vp = await virtualPrinter();
			await printerFor(unit, vp.port, { name: 'Viva' });
			await printerFor(unit, await closedPort(), { name: 'Morta' });
			later(3600); // every other test's printers are due too: they are only queried, not printed on
			await checkPrinters(t.deps, { timeoutMs: 1000 });
			const byName = new Map((await listPrinters(t.deps, admin, unit.slug)).map((p) => [p.name, p.status]));
			expect(byName.get('Viva')).toMatchObject({ health: 'ok', online: true });
			expect(byName.get('Morta')).toMatchObject({ health: 'unreachable', online: false, reason: 'refused' });
			expect(vp.tickets()).toHaveLength(0);
			// Heard from a moment ago: not asked again.
			expect(await checkPrinters(t.deps)).toBe(0);
		});

		if (engine.name === 'postgres') {
			describe('several runners at once', () => {
				it('never prints a job twice', async () => {
					const unit = await givenUnit(handle.db);
					const vp = await virtualPrinter();
					await printerFor(unit, vp.port);
					const issued = [];
					for (let i = 0; i < 30; i++) issued.push(await issueAt(unit, kiosk(unit.id)));
					// Small batches, more runners than connections: claims overlap in time.
					const runs = await Promise.all(Array.from({ length: 6 }, () => drainPrintJobs(t.deps, { limit: 3 })));
					expect(runs.reduce((n, r) => n + r.claimed, 0)).toBe(30);
					expect(await runPrintJobs(t.deps)).toMatchObject({ claimed: 0 });
					const paper = await vp.waitForTickets(30);
					await new Promise((resolve) => setTimeout(resolve, 200));
					expect(vp.tickets()).toHaveLength(30);
					const printed = paper.map((p) => p.decoded.qrCodes[0]);
					expect(new Set(printed).size).toBe(30);
					expect(new Set(printed)).toEqual(new Set(issued.map((i) => i.trackUrl)));
					const jobs = await handle.db.selectFrom('print_jobs').select(['status', 'attempts']).where('unit_id', '=', unit.id).execute();
					expect(jobs.every((j) => j.status === 'printed' && j.attempts === 1)).toBe(true);
				});
			});
		}
	});
}
