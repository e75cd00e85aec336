import type { Actor } from '$lib/auth/actor';

/** Whether this actor may work a counter held by `clerkId`: its own clerk, or a manager/admin stepping in. */
export function mayOperate(actor: Actor, clerkId: string | null): boolean {
	if (actor.kind !== 'user') return false;
	if (actor.role === 'admin' || actor.role === 'manager') return true;
	return clerkId === actor.id;
}
