import { catalogueThemes, searchServices } from '$lib/catalogue/catalogue-views.server';
import { forPage } from '$lib/server/http/page';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = (event) =>
	forPage(event, async () => {
		const q = (event.url.searchParams.get('q') ?? '').slice(0, 200);
		const theme = (event.url.searchParams.get('theme') ?? '').slice(0, 100);
		const [services, themes] = await Promise.all([
			searchServices(event.locals.deps, { q, theme: theme || undefined }),
			catalogueThemes(event.locals.deps)
		]);
		return { q, theme, themes, services };
	});
