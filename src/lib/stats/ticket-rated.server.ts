import type { Deps } from '$lib/server/deps';
import { ticketIsRated } from './store.server';

/** Whether the visitor's ticket has its rating already: the tracking page then stops asking. */
export async function ticketRated(deps: Deps, publicId: string): Promise<boolean> {
	return ticketIsRated(deps.db, publicId);
}
