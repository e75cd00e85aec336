export interface WaitEstimateInput {
	/** Tickets ahead of this one under the ordering policy for its service (0 = next). */
	readonly position: number;
	/** Open counters that serve the ticket's service. */
	readonly openCounters: number;
	readonly averageServiceSeconds: number;
}

export interface WaitEstimate {
	/** Whole minutes until the ticket is called. */
	readonly minutes: number;
	/** The open counters the estimate saw; 0 means it assumed one counter will open. */
	readonly countersOpen: number;
}

export interface ServiceSample {
	readonly seconds: number;
	readonly at: Date;
}

const finiteOr = (value: number, fallback: number) => (Number.isFinite(value) ? value : fallback);

/**
 * Lei 13.460/2017 art. 7 (expected waiting time): the tickets ahead are shared by the open
 * counters, each taking the average service time. With no counter open it assumes one and
 * says so in `countersOpen`, because a visitor is better served by a figure than by none.
 */
export function estimateWaitMinutes(input: WaitEstimateInput): WaitEstimate {
	const ahead = Math.max(0, Math.floor(finiteOr(input.position, 0)));
	const countersOpen = Math.max(0, Math.floor(finiteOr(input.openCounters, 0)));
	const serviceSeconds = Math.max(0, finiteOr(input.averageServiceSeconds, 0));
	const rounds = Math.ceil(ahead / Math.max(countersOpen, 1));
	return { minutes: Math.round((rounds * serviceSeconds) / 60), countersOpen };
}

/**
 * Recent service times count more: each sample weighs 2^(−age / half-life), so the average
 * follows the day's pace; with no usable sample it is the catalogue's expected time.
 */
export function decayedAverage(
	samples: readonly ServiceSample[],
	now: Date,
	halfLifeMinutes: number,
	fallbackSeconds: number
): number {
	const usable = samples.filter((s) => Number.isFinite(s.seconds) && s.seconds >= 0 && Number.isFinite(s.at.getTime()));
	if (usable.length === 0) return fallbackSeconds;
	const halfLifeMs = halfLifeMinutes > 0 ? halfLifeMinutes * 60_000 : Infinity;
	const ageMs = (s: ServiceSample) => Math.max(0, now.getTime() - s.at.getTime());
	// Weights are taken relative to the youngest sample: the common factor cancels out, and old
	// samples alone (yesterday's) then still average instead of underflowing to 0 / 0.
	const youngest = usable.reduce((min, s) => Math.min(min, ageMs(s)), Infinity);
	let weighted = 0;
	let total = 0;
	for (const s of usable) {
		const w = Math.pow(2, -(ageMs(s) - youngest) / halfLifeMs);
		weighted += w * s.seconds;
		total += w;
	}
	return weighted / total;
}

/** A ticket's position is the number of tickets called before it in the projected order; null when absent. */
export function positionOf(ticketId: string, orderedQueue: readonly { readonly ticket: { readonly id: string } }[]): number | null {
	const index = orderedQueue.findIndex((entry) => entry.ticket.id === ticketId);
	return index === -1 ? null : index;
}
