// The ticket page's service worker (registered by its "Avise-me" for browser notifications, with
// the page's own path as scope: one per ticket). It only shows Vez's push messages — `near` and
// `called`, payload {title, body, lang} from src/lib/notify/web-push.server.ts — and brings the
// ticket page back when one is tapped. It caches nothing.

/** The ticket's public id, from the scope `/t/<publicId>`: the page's own call alert uses the same tag, so the two never show twice. */
const tag = () => `vez-${new URL(self.registration.scope).pathname.split('/').filter(Boolean).pop()}`;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
	let data = {};
	try {
		data = event.data ? event.data.json() : {};
	} catch {
		data = { body: event.data ? event.data.text() : '' };
	}
	event.waitUntil(
		self.registration.showNotification(data.title || 'Vez', {
			body: data.body || '',
			lang: data.lang || 'pt-BR',
			tag: tag(),
			renotify: true,
			vibrate: [400, 200, 400]
		})
	);
});

self.addEventListener('notificationclick', (event) => {
	event.notification.close();
	const url = self.registration.scope;
	event.waitUntil(
		self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
			const open = windows.find((w) => w.url.startsWith(url));
			return open ? open.focus() : self.clients.openWindow(url);
		})
	);
});
