import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Kiosks and panels post JSON with bearer tokens, not browser forms; the origin check
		// still protects every cookie-authenticated form action.
		csrf: { trustedOrigins: [] }
	}
};

export default config;
