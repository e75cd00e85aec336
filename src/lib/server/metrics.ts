import client from 'prom-client';

/** Prometheus metrics of this process; one registry, created once per process. */
function createMetrics() {
	const registry = new client.Registry();
	client.collectDefaultMetrics({ register: registry, prefix: 'vez_' });
	const httpDuration = new client.Histogram({
		name: 'vez_http_request_duration_seconds',
		help: 'HTTP request duration by route and status',
		labelNames: ['method', 'route', 'status'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
		registers: [registry]
	});
	const ticketsIssued = new client.Counter({
		name: 'vez_tickets_issued_total',
		help: 'Tickets issued by this process',
		labelNames: ['unit'] as const,
		registers: [registry]
	});
	const printJobs = new client.Counter({
		name: 'vez_print_jobs_total',
		help: 'Print job attempts by outcome',
		labelNames: ['outcome'] as const,
		registers: [registry]
	});
	return { registry, httpDuration, ticketsIssued, printJobs };
}

declare global {
	var __vezMetrics: ReturnType<typeof createMetrics> | undefined;
}

export function metrics() {
	globalThis.__vezMetrics ??= createMetrics();
	return globalThis.__vezMetrics;
}
