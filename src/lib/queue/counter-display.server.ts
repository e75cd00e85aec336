import QRCode from 'qrcode';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { createToken } from '$lib/auth/tokens.server';
import type { Deps } from '$lib/server/deps';
import { isUuid } from '$lib/server/http/validate';
import type { Db } from '$lib/server/db/database';
import { counterWithUnit } from './counter-store.server';
import { ticketAtDesk } from './view-store.server';
import { displayPath, type CounterDisplayView, type DisplayPairing } from './counter-display';

/** A counter's display view with the unit it belongs to, or undefined when there is no such counter. */
export async function loadCounterDisplay(db: Db, counterId: string): Promise<(CounterDisplayView & { unitId: string }) | undefined> {
	if (!isUuid(counterId)) return undefined;
	const counter = await counterWithUnit(db, counterId);
	if (!counter) return undefined;
	const ticket = await ticketAtDesk(db, counter.id);
	return {
		unitId: counter.unitId,
		// A counter taken out of use shows closed, so a forgotten screen above it never says "free".
		counter: { id: counter.id, number: counter.number, name: counter.name, status: counter.active ? counter.status : 'closed' },
		unit: { slug: counter.unitSlug, name: counter.unitName },
		ticket:
			ticket && ticket.calledAt
				? {
						number: ticket.number,
						service: ticket.serviceName,
						status: ticket.status === 'serving' ? 'serving' : 'called',
						calledAt: ticket.calledAt.toISOString(),
						recall: ticket.recalls > 0
					}
				: null
	};
}

/**
 * `GET /api/v1/counters/{id}/display`: what the screen above a counter shows. The same rule as
 * its room `counter:<id>`: whoever may read the unit's calls (its panels and kiosks, its staff).
 */
export async function counterDisplay(deps: Deps, actor: Actor, counterId: string): Promise<CounterDisplayView> {
	const found = await loadCounterDisplay(deps.db, counterId);
	if (!found) throw new VezError('counter_not_found', 'No such counter.');
	authorize(actor, 'calls:read', { unitId: found.unitId });
	return { counter: found.counter, unit: found.unit, ticket: found.ticket };
}

/**
 * "Ligar uma tela": an admin creates a panel token of the counter's unit, named after the counter
 * so it can be revoked alone, and gets the display's address with it and a QR code to open it on
 * the device (no typing a long secret on a TV stick's remote).
 */
export async function pairCounterDisplay(deps: Deps, actor: Actor, counterId: string, origin: string): Promise<DisplayPairing> {
	authorize(actor, 'admin');
	const found = await loadCounterDisplay(deps.db, counterId);
	if (!found) throw new VezError('counter_not_found', 'No such counter.');
	const created = await createToken(deps, actor, { kind: 'panel', unit: found.unit.slug, name: `${found.counter.name} — ${found.unit.name}`.slice(0, 120) });
	const url = `${(deps.config.publicUrl ?? origin).replace(/\/+$/, '')}${displayPath(counterId)}?token=${encodeURIComponent(created.token)}`;
	const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
	return { counterId, url, qrSvg };
}
