import { invalidate } from '$app/navigation';
import { connectLive } from '$lib/realtime/socket';
import type { CallPayload, QueuePayload } from '$lib/queue/events';

export interface Throttled {
	(): void;
	/** Runs now (a reconnect: the snapshot must be fresh at once). */
	now(): void;
	cancel(): void;
}

/**
 * At most one run per `ms`, the first at once and a trailing one for whatever came during the
 * wait, so a burst of events (a kiosk issuing, five counters calling) costs one refresh a second
 * and the last change is never missed.
 */
export function throttle(fn: () => void, ms: number): Throttled {
	let last = 0;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const run = () => {
		timer = null;
		last = Date.now();
		fn();
	};
	const call = (() => {
		if (timer) return;
		const wait = last + ms - Date.now();
		if (wait <= 0) run();
		else timer = setTimeout(run, wait);
	}) as Throttled;
	call.now = () => {
		if (timer) clearTimeout(timer);
		run();
	};
	call.cancel = () => {
		if (timer) clearTimeout(timer);
		timer = null;
	};
	return call;
}

export interface WatchOptions {
	rooms: readonly string[];
	/** The `depends()` keys of the loads to re-run, e.g. `vez:unit:centro`. */
	reload: readonly string[];
	onQueue?: (payload: QueuePayload) => void;
	onCall?: (payload: CallPayload) => void;
}

/**
 * A staff screen's link to the live rooms: every event re-runs the screen's load (at most once
 * a second) and every (re)connection asks for a fresh snapshot at once instead of repairing
 * what was missed while offline.
 */
export class LiveLink {
	/** null while the first connection is being made. */
	connected = $state<boolean | null>(null);

	/** Starts listening; returns the cleanup for `$effect`. */
	watch(opts: WatchOptions): () => void {
		const refresh = throttle(() => {
			for (const key of opts.reload) void invalidate(key);
		}, 1000);
		const live = connectLive({
			rooms: opts.rooms,
			onResync: () => refresh.now(),
			onStatus: (up) => (this.connected = up)
		});
		const off = [
			live.on('queue', (payload) => {
				opts.onQueue?.(payload);
				refresh();
			}),
			live.on('call', (payload) => {
				opts.onCall?.(payload);
				refresh();
			}),
			// Organ inboxes (rooms `inbox:<organ>`) only need the reload.
			live.on('inbox', () => refresh()),
			// The agents' chat inbox (room `conversations:whatsapp`) too.
			live.on('conversation', () => refresh())
		];
		return () => {
			for (const f of off) f();
			refresh.cancel();
			live.close();
		};
	}
}
