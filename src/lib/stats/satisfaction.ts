/*
 * Satisfaction figures from 1–5 ratings. Lei 13.460/2017 art. 23 asks every service to measure
 * its users' satisfaction; CSAT is the usual index: the share of satisfied answers (4 or 5).
 * Pure: counts come in, figures go out.
 */

export type Score = 1 | 2 | 3 | 4 | 5;
export const SCORES: readonly Score[] = [1, 2, 3, 4, 5];

/** How many ratings gave each score, index 0 for score 1 … index 4 for score 5. */
export type Distribution = readonly [number, number, number, number, number];

export interface Satisfaction {
	readonly count: number;
	/** Mean score, null without ratings. */
	readonly average: number | null;
	/** Percentage (0–100) of ratings that are 4 or 5, null without ratings. */
	readonly csat: number | null;
	readonly distribution: Distribution;
}

/** Whether a value is a valid rating score: an integer from 1 to 5. */
export function isScore(value: unknown): value is Score {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** Counts scores per value; anything that is not a valid score is left out. */
export function distributionOf(scores: Iterable<number>): Distribution {
	const counts = [0, 0, 0, 0, 0];
	for (const s of scores) if (isScore(s)) counts[s - 1] += 1;
	return counts as unknown as Distribution;
}

/** CSAT (% of 4–5), average and the distribution, from per-score counts (as SQL returns them). */
export function satisfactionOf(distribution: Distribution): Satisfaction {
	const count = distribution.reduce((a, b) => a + b, 0);
	if (count === 0) return { count: 0, average: null, csat: null, distribution };
	const sum = distribution.reduce((acc, n, i) => acc + n * (i + 1), 0);
	return { count, average: sum / count, csat: (100 * (distribution[3] + distribution[4])) / count, distribution };
}

/** The same figures from a list of scores. */
export function satisfaction(scores: Iterable<number>): Satisfaction {
	return satisfactionOf(distributionOf(scores));
}
