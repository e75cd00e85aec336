import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Kiosks and panels post JSON with bearer tokens, not browser forms. The origin check that
		// protects every cookie-authenticated form action runs in hooks.server.ts instead (same
		// rule, src/lib/server/csrf.ts), so Open311's form-encoded POST from other servers can pass.
		csrf: { trustedOrigins: ['*'] }
	}
};

export default config;
