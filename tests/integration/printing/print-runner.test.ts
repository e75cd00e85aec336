import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { parseNetworks, PRIVATE_NETWORKS } from '$lib/net/address-policy';
import { givenUnit, givenUser, kiosk } from '../given';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import type { Actor } from '../../../src/lib/auth/actor';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { startPrintRunner } from '../../../src/lib/printing/print-runner.server';
import { createPrinter } from '../../../src/lib/printing/printers.server';
import { startVirtualPrinter, type VirtualPrinter } from '../../../src/lib/printing/virtual-printer.server';

const ORIGIN = 'http://vez.test';
// Far beyond each test: only the nudge from the issue can print in time.
const NEVER_TICKS_MS = 600_000;

for (const engine of engines()) {
	describe(`the print runner on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let admin: Actor;
		const stops: (() => Promise<void>)[] = [];
		const printers: VirtualPrinter[] = [];

		beforeAll(async () => {
			handle = await engine.open();
			// The runner claims jobs due by deps.now(), so this clock runs.
			t = testDeps(handle, {
				get now() {
					return new Date();
				}
			});
			// The stand-in printers listen on loopback, which a printer may use only when listed by name.
			t.deps.config.printerNetworks = parseNetworks(`${PRIVATE_NETWORKS},127.0.0.1`);
			admin = await givenUser(handle.db, 'admin');
		});
		afterEach(async () => {
			for (const stop of stops.splice(0)) await stop();
			for (const p of printers.splice(0)) await p.close();
		});
		afterAll(() => handle.close());

		async function unitWithPrinter() {
			const unit = await givenUnit(handle.db);
			const printer = await startVirtualPrinter({ port: 0 });
			printers.push(printer);
			await createPrinter(t.deps, admin, unit.slug, { name: 'Totem', host: '127.0.0.1', port: printer.port });
			return { unit, printer };
		}

		it('prints a kiosk ticket right after it is issued, without waiting for the next tick', async () => {
			const { unit, printer } = await unitWithPrinter();
			stops.push(startPrintRunner(t.deps, NEVER_TICKS_MS));

			const issued = await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
			const [paper] = await printer.waitForTickets(1, 5000);
			expect(paper.decoded.qrCodes).toEqual([issued.trackUrl]);
			// The printer has the bytes a moment before the runner records it.
			const job = () => handle.db.selectFrom('print_jobs').select(['status', 'attempts']).where('ticket_id', '=', issued.id).executeTakeFirstOrThrow();
			await expect.poll(job).toEqual({ status: 'printed', attempts: 1 });
		});

		it('prints each ticket of a burst once, however the nudges overlap', async () => {
			const { unit, printer } = await unitWithPrinter();
			stops.push(startPrintRunner(t.deps, NEVER_TICKS_MS));

			const device = kiosk(unit.id);
			const issued = await Promise.all(Array.from({ length: 12 }, () => issueTicket(t.deps, device, unit.slug, { service: unit.services.iptu }, ORIGIN)));
			await printer.waitForTickets(12, 10_000);
			// Late duplicates would arrive after the twelfth.
			await new Promise((r) => setTimeout(r, 200));
			const printed = printer.tickets().flatMap((p) => p.decoded.qrCodes);
			expect(printed.toSorted()).toEqual(issued.map((i) => i.trackUrl).toSorted());
		});

		it('stops: a ticket issued afterwards stays queued', async () => {
			const { unit, printer } = await unitWithPrinter();
			const stop = startPrintRunner(t.deps, NEVER_TICKS_MS);
			await stop();

			const issued = await issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN);
			await new Promise((r) => setTimeout(r, 200));
			expect(printer.tickets()).toHaveLength(0);
			const job = await handle.db.selectFrom('print_jobs').select('status').where('ticket_id', '=', issued.id).executeTakeFirstOrThrow();
			expect(job.status).toBe('queued');
		});
	});
}
