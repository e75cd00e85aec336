import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Kiosks and panels post JSON with bearer tokens, not browser forms. The origin check that
		// protects every cookie-authenticated form action runs in hooks.server.ts instead (same
		// rule, src/lib/server/http/csrf.ts), so Open311's form-encoded POST from other servers can pass.
		csrf: { trustedOrigins: ['*'] },
		// Every page's scripts carry a fresh nonce (hashes where prerendered): an injected <script>
		// or on* attribute does not run. Styles stay inline-able (Svelte's style attributes, uPlot),
		// images include data:/blob: (QR codes, charts), sockets and fetches go to this origin only.
		// hooks.server.ts adds the other security headers and lets the kiosk frame its print page.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'media-src': ['self', 'data:', 'blob:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
