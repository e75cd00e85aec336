/*
 * The browser's side of "Avise-me" by push: the ticket page's service worker (static/ticket-sw.js)
 * registered with the page's own path as scope, so each ticket has its own registration and
 * subscription, and forgetting one ticket leaves the others alone. Browser-only.
 */

const WORKER = '/ticket-sw.js';

/** Whether this browser can receive push at all (an iPhone only from a page added to the Home Screen). */
export function pushSupported(): boolean {
	return typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;
}

/** The VAPID public key (base64url) as the bytes PushManager.subscribe takes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
	const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
	const raw = atob(base64);
	const out = new Uint8Array(new ArrayBuffer(raw.length));
	for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
	return out;
}

export type PushProblem = 'push_unsupported' | 'push_denied' | 'push_failed';

/** Asks for permission, registers the worker for this page and subscribes: the subscription's JSON to send to Vez, or why not. */
export async function subscribeHere(vapidPublicKey: string): Promise<{ ok: true; subscription: PushSubscriptionJSON } | { ok: false; problem: PushProblem }> {
	if (!pushSupported()) return { ok: false, problem: 'push_unsupported' };
	if ((await Notification.requestPermission()) !== 'granted') return { ok: false, problem: 'push_denied' };
	try {
		await navigator.serviceWorker.register(WORKER, { scope: location.pathname });
		const registration = await navigator.serviceWorker.ready;
		const subscription =
			(await registration.pushManager.getSubscription()) ??
			(await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidPublicKey) }));
		return { ok: true, subscription: subscription.toJSON() };
	} catch {
		return { ok: false, problem: 'push_failed' };
	}
}

/** Drops this page's subscription and worker, after the visitor stopped the messages. */
export async function unsubscribeHere(): Promise<void> {
	if (!pushSupported()) return;
	const registration = await navigator.serviceWorker.getRegistration(location.pathname);
	if (!registration) return;
	await (await registration.pushManager.getSubscription())?.unsubscribe();
	await registration.unregister();
}
