import { metrics } from '$lib/server/metrics';

export const GET = async () => {
	const { registry } = metrics();
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType } });
};
