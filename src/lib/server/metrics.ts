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
	const jobAttempts = new client.Counter({
		name: 'vez_job_attempts_total',
		help: 'Durable job attempts by kind (print, mail, webhook) and outcome (done, queued for a retry, failed for good)',
		labelNames: ['kind', 'outcome'] as const,
		registers: [registry]
	});
	const jobLatency = new client.Histogram({
		name: 'vez_job_latency_seconds',
		help: 'From a job being queued to it being done, by kind',
		labelNames: ['kind'] as const,
		buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 1800, 7200],
		registers: [registry]
	});
	const jobsPending = new client.Gauge({ name: 'vez_jobs_pending', help: 'Jobs waiting or running, by kind', labelNames: ['kind'] as const, registers: [registry] });
	const jobsFailed = new client.Gauge({ name: 'vez_jobs_failed', help: 'Jobs in the dead-letter state (retry by hand), by kind', labelNames: ['kind'] as const, registers: [registry] });
	return { registry, httpDuration, ticketsIssued, jobAttempts, jobLatency, jobsPending, jobsFailed };
}

declare global {
	var __vezMetrics: ReturnType<typeof createMetrics> | undefined;
}

export function metrics() {
	globalThis.__vezMetrics ??= createMetrics();
	return globalThis.__vezMetrics;
}
