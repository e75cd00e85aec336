import { z } from 'zod';
import type { Deps } from '$lib/server/deps';
import { VezError } from '$lib/errors';
import { translator, type Lang } from '$lib/i18n';
import { parse } from '$lib/server/http/validate';
import { CHANNELS, type Channel } from './notifier';
import { maskPhone, parsePhone } from './phone';
import { offeredChannels } from './providers.server';
import { queueDueMessages } from './queue-messages.server';
import { isPublicId } from '$lib/queue/ticket';
import { ticketStanding } from '$lib/queue/ticket-store.server';
import { activeWatchesOfTicket, insertWatch, stopWatches, type Watch, type WatchSource } from './store.server';
import type { WatchView } from './views';

/** A push subscription as the browser's PushSubscription.toJSON() gives it. */
const PushSubscriptionInput = z.object({
	endpoint: z.url().max(2000),
	keys: z.object({ p256dh: z.string().min(1).max(200), auth: z.string().min(1).max(100) })
});

export const WatchInput = z.object({
	channel: z.enum(CHANNELS),
	phone: z.string().max(30).optional().describe('E.164 or a Brazilian form, e.g. `(48) 99999-0000`; required for sms and whatsapp'),
	subscription: PushSubscriptionInput.optional().describe('PushSubscription.toJSON(), for webpush'),
	ahead: z.coerce.number().int().min(1).max(20).default(3).describe('Send `near` when this many people or fewer are ahead'),
	source: z.string().max(20).optional().describe('`ticket_page` when the ticket page sends it; kept for the reports')
});

/** The ticket behind a public id (the visitor's link), or undefined. */
const ticketOf = (deps: Deps, publicId: string) => (isPublicId(publicId) ? ticketStanding(deps.db, { publicId }) : Promise.resolve(undefined));

const view = (w: Watch): WatchView => ({ channel: w.channel, ahead: w.ahead, phone: w.phone ? maskPhone(w.phone) : null });

/**
 * "Avise-me": the holder of a ticket's public id asks for `near` and `called` on a channel. The
 * consent is recorded with its time and the exact text shown in the visitor's language;
 * choosing a channel again replaces the earlier choice on it. If the people ahead are already
 * within the threshold, `near` is queued at once.
 */
export async function watchTicket(deps: Deps, publicId: string, raw: unknown, context: { lang: Lang; source: WatchSource }): Promise<WatchView> {
	const input = parse(WatchInput, raw);
	const ticket = await ticketOf(deps, publicId);
	if (!ticket) throw new VezError('ticket_not_found');
	if (ticket.status !== 'waiting') throw new VezError('ticket_not_waiting', 'Only a waiting ticket can be watched');
	if (!offeredChannels(deps.config.providers).includes(input.channel)) throw new VezError('channel_unavailable', `No provider is configured for ${input.channel}`);
	let phone: string | null = null;
	let subscription: string | null = null;
	if (input.channel === 'webpush') {
		if (!input.subscription) throw new VezError('invalid_input', 'A push subscription is required', { subscription: 'required' }, { subscription: { code: 'required' } });
		subscription = JSON.stringify(input.subscription);
	} else {
		const parsed = parsePhone(input.phone ?? '');
		if (!parsed.ok) throw new VezError('invalid_input', parsed.code === 'not_mobile' ? 'Not a mobile number' : 'Not a phone number', { phone: parsed.code }, { phone: { code: 'invalid' } });
		phone = parsed.e164;
	}
	const now = deps.now();
	const watch = await deps.db.transaction().execute(async (trx) => {
		await stopWatches(trx, [ticket.id], now, input.channel);
		const row = await insertWatch(trx, {
			ticketId: ticket.id,
			unitId: ticket.unitId,
			channel: input.channel,
			phone,
			pushSubscription: subscription,
			ahead: input.ahead,
			lang: context.lang,
			source: context.source,
			consentText: translator(context.lang)('notify.consent'),
			at: now
		});
		await queueDueMessages(trx, [ticket.unitId], [], now);
		return row;
	});
	return view(watch);
}

/** Stops every message for the ticket. */
export async function unwatchTicket(deps: Deps, publicId: string): Promise<void> {
	const ticket = await ticketOf(deps, publicId);
	if (!ticket) throw new VezError('ticket_not_found');
	await stopWatches(deps.db, [ticket.id], deps.now());
}

/** The ticket's active watches, masked, and the channels a visitor may choose now (the ticket page's "Avise-me"). */
export async function ticketWatches(deps: Deps, publicId: string): Promise<{ watches: WatchView[]; channels: Channel[]; vapidPublicKey: string | null }> {
	const ticket = await ticketOf(deps, publicId);
	return {
		watches: ticket ? (await activeWatchesOfTicket(deps.db, ticket.id)).map(view) : [],
		channels: offeredChannels(deps.config.providers),
		vapidPublicKey: deps.config.providers.webpush?.publicKey ?? null
	};
}
