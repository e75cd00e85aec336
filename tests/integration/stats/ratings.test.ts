import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import { codeOf, givenUnit, givenUser, kiosk, type GivenUnit } from '../given';
import type { Actor } from '../../../src/lib/auth/actor';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { issueTicket } from '../../../src/lib/queue/issue-ticket.server';
import { openCounter } from '../../../src/lib/queue/counter-status.server';
import { callTicket } from '../../../src/lib/queue/call-ticket.server';
import { finishTicket, markNoShow, startTicket } from '../../../src/lib/queue/ticket-actions.server';
import { rateTicket } from '../../../src/lib/stats/rate-ticket.server';
import { ticketRated } from '../../../src/lib/stats/ticket-rated.server';
import { counterRating, rateAtCounter, TABLET_WINDOW_SECONDS } from '../../../src/lib/stats/counter-rating.server';


const ORIGIN = 'http://vez.test';
const panel = (unitId: string): Actor => ({ kind: 'device', id: 'panel-token', name: 'Painel', tokenKind: 'panel', unitId, scopes: [] });

/** A unit with a clerk at counter 1 serving `iptu`, and a way to take a ticket through the desk. */
async function desk(handle: DatabaseHandle, t: ReturnType<typeof testDeps>) {
	const unit = await givenUnit(handle.db, { services: [{ code: 'iptu', prefix: 'A' }] });
	const clerk = await givenUser(handle.db, 'clerk', [unit.id]);
	const counter = unit.counters[0].id;
	await openCounter(t.deps, clerk, counter, { services: [unit.services.iptu] });
	const tick = () => (t.clock.now = new Date(t.clock.now.getTime() + 1000));
	const issue = () => (tick(), issueTicket(t.deps, kiosk(unit.id), unit.slug, { service: unit.services.iptu }, ORIGIN));
	const serve = async (ticket: { id: string }) => {
		tick();
		await callTicket(t.deps, clerk, counter, { ticket: ticket.id });
		tick();
		await startTicket(t.deps, clerk, ticket.id);
	};
	const finish = async (ticket: { id: string }) => {
		await serve(ticket);
		tick();
		await finishTicket(t.deps, clerk, ticket.id, { outcome: 'resolved' });
	};
	return { unit, clerk, counter, issue, serve, finish };
}

async function storedRatings(handle: DatabaseHandle, ticketId: string) {
	return handle.db.selectFrom('ratings').selectAll().where('ticket_id', '=', ticketId).execute();
}

for (const engine of engines()) {
	describe(`ticket ratings on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
		});
		afterAll(() => handle.close());

		it('refuses a rating before the service is finished, then stores one tied to unit, service, counter and clerk', async () => {
			const { unit, clerk, counter, issue, serve } = await desk(handle, t);
			const ticket = await issue();
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 5 }, 'ticket_page'))).toBe('not_finished');
			await serve(ticket);
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 5 }, 'ticket_page'))).toBe('not_finished');
			expect(await ticketRated(t.deps, ticket.publicId)).toBe(false);

			await finishTicket(t.deps, clerk, ticket.id, { outcome: 'resolved' });
			const rated = await rateTicket(t.deps, ticket.publicId, { score: 5, comment: '  Muito rápido, obrigado!  ' }, 'ticket_page');
			expect(rated).toEqual({ score: 5, comment: 'Muito rápido, obrigado!', channel: 'ticket_page' });

			const rows = await storedRatings(handle, ticket.id);
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({
				score: 5,
				comment: 'Muito rápido, obrigado!',
				unit_id: unit.id,
				service_id: await serviceId(unit),
				counter_id: counter,
				clerk_id: clerk.id,
				channel: 'ticket_page',
				protocol_number: null
			});
			expect(rows[0].created_at.toISOString()).toBe(t.clock.now.toISOString());
			expect(await ticketRated(t.deps, ticket.publicId)).toBe(true);
		});

		it('answers a second rating of the same ticket with already_rated and keeps the first', async () => {
			const { issue, finish } = await desk(handle, t);
			const ticket = await issue();
			await finish(ticket);
			await rateTicket(t.deps, ticket.publicId, { score: 2 }, 'ticket_page');
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 5 }, 'ticket_page'))).toBe('already_rated');
			const rows = await storedRatings(handle, ticket.id);
			expect(rows.map((r) => [r.score, r.comment])).toEqual([[2, null]]);
		});

		it('accepts only whole scores from 1 to 5 and comments up to 1000 characters', async () => {
			const { issue, finish } = await desk(handle, t);
			const ticket = await issue();
			await finish(ticket);
			for (const score of [0, 6, 2.5, '5', null, undefined]) {
				expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score }, 'ticket_page')), String(score)).toBe('invalid_input');
			}
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 3, comment: 'x'.repeat(1001) }, 'ticket_page'))).toBe('invalid_input');
			expect(await storedRatings(handle, ticket.id)).toEqual([]);
			await rateTicket(t.deps, ticket.publicId, { score: 1, comment: '   ' }, 'ticket_page');
			expect((await storedRatings(handle, ticket.id))[0].comment).toBeNull();
		});

		it('does not find unknown or malformed tickets, and never rates a no-show', async () => {
			const { clerk, counter, issue } = await desk(handle, t);
			expect(await codeOf(rateTicket(t.deps, 'AAAAAAAAAAAAAAAAAAAAAA', { score: 4 }, 'ticket_page'))).toBe('ticket_not_found');
			expect(await codeOf(rateTicket(t.deps, 'not a ticket', { score: 4 }, 'ticket_page'))).toBe('ticket_not_found');
			const ticket = await issue();
			await callTicket(t.deps, clerk, counter, { ticket: ticket.id });
			await markNoShow(t.deps, clerk, ticket.id);
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 4 }, 'ticket_page'))).toBe('not_finished');
		});

		it('shows the desk tablet the ticket just finished there until it is rated, for the unit’s devices and staff only', async () => {
			const { unit, clerk, counter, issue, finish } = await desk(handle, t);
			const other = await givenUnit(handle.db);
			expect(await counterRating(t.deps, panel(unit.id), counter)).toEqual({ counter: { number: 1, name: 'Guichê 1' }, ticket: null });

			const ticket = await issue();
			await finish(ticket);
			const view = await counterRating(t.deps, panel(unit.id), counter);
			expect(view.ticket).toEqual({ publicId: ticket.publicId, number: ticket.number, service: 'Serviço iptu' });
			expect((await counterRating(t.deps, kiosk(unit.id), counter)).ticket?.number).toBe(ticket.number);
			expect((await counterRating(t.deps, clerk, counter)).ticket?.number).toBe(ticket.number);
			expect(await codeOf(counterRating(t.deps, panel(other.id), counter))).toBe('forbidden');
			expect(await codeOf(counterRating(t.deps, { kind: 'anonymous' }, counter))).toBe('unauthenticated');
			expect(await codeOf(counterRating(t.deps, panel(unit.id), unit.counters[1].id))).toBe('ok');
			expect(await codeOf(counterRating(t.deps, panel(unit.id), 'nope'))).toBe('counter_not_found');

			// Only a ticket served at this desk can be rated from its tablet.
			expect(await codeOf(rateAtCounter(t.deps, panel(unit.id), unit.counters[1].id, { ticket: ticket.publicId, score: 4 }))).toBe('ticket_not_found');
			expect(await codeOf(rateAtCounter(t.deps, panel(other.id), counter, { ticket: ticket.publicId, score: 4 }))).toBe('forbidden');
			expect(await rateAtCounter(t.deps, panel(unit.id), counter, { ticket: ticket.publicId, score: 4, comment: 'Bom' })).toEqual({
				score: 4,
				comment: 'Bom',
				channel: 'counter_tablet'
			});
			expect((await storedRatings(handle, ticket.id))[0]).toMatchObject({ channel: 'counter_tablet', counter_id: counter, clerk_id: clerk.id });
			expect((await counterRating(t.deps, panel(unit.id), counter)).ticket).toBeNull();
			expect(await codeOf(rateTicket(t.deps, ticket.publicId, { score: 1 }, 'ticket_page'))).toBe('already_rated');
		});

		it('stops asking at the desk after a while, or once the next citizen is being served', async () => {
			const { unit, issue, finish, serve } = await desk(handle, t);
			const first = await issue();
			const second = await issue();
			await finish(first);
			t.clock.now = new Date(t.clock.now.getTime() + (TABLET_WINDOW_SECONDS + 1) * 1000);
			expect((await counterRating(t.deps, panel(unit.id), unit.counters[0].id)).ticket).toBeNull();

			await finish(second);
			const third = await issue();
			expect((await counterRating(t.deps, panel(unit.id), unit.counters[0].id)).ticket?.number).toBe(second.number);
			await serve(third);
			expect((await counterRating(t.deps, panel(unit.id), unit.counters[0].id)).ticket).toBeNull();
		});

		async function serviceId(unit: GivenUnit) {
			const row = await handle.db.selectFrom('services').select('id').where('code', '=', unit.services.iptu).executeTakeFirstOrThrow();
			return row.id;
		}
	});
}

const postgres = engines().find((e) => e.name === 'postgres');
// Only PostgreSQL runs transactions side by side; PGlite serialises them.
if (postgres) {
	describe('ticket ratings under concurrency on postgres', () => {
		let handle: DatabaseHandle;
		beforeAll(async () => {
			handle = await postgres.open();
		});
		afterAll(() => handle.close());

		it('stores exactly one rating when the same ticket is rated many times at once, from the page and the desk', async () => {
			const t = testDeps(handle);
			const { unit, counter, issue, finish } = await desk(handle, t);
			const ticket = await issue();
			await finish(ticket);
			const outcomes = await Promise.all(
				Array.from({ length: 12 }, (_, i) =>
					codeOf(
						i % 3 === 0
							? rateAtCounter(t.deps, panel(unit.id), counter, { ticket: ticket.publicId, score: 4 })
							: rateTicket(t.deps, ticket.publicId, { score: 1 + (i % 5) }, 'ticket_page')
					)
				)
			);
			expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
			expect(outcomes.filter((o) => o === 'already_rated')).toHaveLength(11);
			expect(await storedRatings(handle, ticket.id)).toHaveLength(1);
		});
	});
}
