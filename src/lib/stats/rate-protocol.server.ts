import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Deps } from '$lib/server/deps';
import { parse } from '$lib/server/http/validate';
import { canonicalNumber, sameSecret, throttledProtocolLookup } from '$lib/requests/find-protocol.server';
import { protocolRatingTarget } from '$lib/requests/store.server';
import { RateInput } from './rate-ticket.server';
import { insertRating, protocolIsRated } from './store.server';
import type { StoredRating } from './views';

export interface RatableProtocol {
	number: string;
	serviceName: string;
	rated: boolean;
}

/**
 * The protocol behind a rating link: number plus access code (both in the citizen's e-mails and
 * receipt). A wrong code and an unknown number look the same, so links cannot be guessed, and
 * wrong guesses are throttled like every protocol look-up.
 */
function protocolForRating(deps: Deps, rawNumber: string, rawCode: string, address: string) {
	return throttledProtocolLookup(deps, rawNumber, address, () => protocolWithCode(deps, rawNumber, rawCode));
}

async function protocolWithCode(deps: Deps, rawNumber: string, rawCode: string) {
	const number = canonicalNumber(rawNumber);
	const code = rawCode.trim().toUpperCase();
	const p = number ? await protocolRatingTarget(deps.db, number) : null;
	if (!p || !code || !sameSecret(code, p.accessCode)) throw new VezError('protocol_not_found', 'No protocol for this rating link.');
	return p;
}

/** What the public rating page shows: the service being rated and whether it already was. */
export async function ratableProtocol(deps: Deps, rawNumber: string, rawCode: string, address: string): Promise<RatableProtocol> {
	const p = await protocolForRating(deps, rawNumber, rawCode, address);
	return { number: p.number, serviceName: p.serviceName, rated: await protocolIsRated(deps.db, p.number) };
}

/**
 * `POST /protocols/{number}/rating`: public with the access code; one rating per protocol,
 * tied to its service and unit, never to the citizen. The unique protocol_number settles two
 * simultaneous ratings: the second inserts nothing and gets 409.
 */
/** A wrong or missing access code is judged by the lookup (the same answer as an unknown number), not as bad input. */
export const ProtocolRateInput = RateInput.extend({ code: z.string().meta({ description: 'The access code' }).optional().catch(undefined) });

export async function rateProtocol(deps: Deps, rawNumber: string, raw: unknown, address: string): Promise<StoredRating> {
	const input = parse(ProtocolRateInput, raw);
	const p = await protocolForRating(deps, rawNumber, input.code ?? '', address);
	const stored = await insertRating(deps.db, {
		of: { protocolNumber: p.number },
		unitId: p.unitId,
		serviceId: p.serviceId,
		counterId: p.counterId,
		score: input.score,
		comment: input.comment,
		channel: 'protocol_link',
		at: deps.now()
	});
	if (!stored) throw new VezError('already_rated', 'This protocol has already been rated.');
	return { score: input.score, comment: input.comment, channel: 'protocol_link' };
}
