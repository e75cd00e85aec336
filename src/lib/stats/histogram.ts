/*
 * Durations (waits, service times) as counts per bucket, so medians and 90th percentiles of any
 * range can be merged from daily summaries instead of sorting every ticket again. Buckets are
 * narrow where waits usually are (10 s under a minute, 30 s up to 10 min, 1 min up to 20 min)
 * and wider beyond; a percentile read from them is within one bucket of the exact one, and
 * usually much closer. Pure: no I/O.
 */

function steps(from: number, to: number, width: number): number[] {
	const out: number[] = [];
	for (let s = from; s < to; s += width) out.push(s);
	return out;
}

/** Lower edge of each bucket, in seconds; the last bucket holds everything from its edge up. */
export const BUCKET_EDGES: readonly number[] = [
	...steps(0, 60, 10),
	...steps(60, 600, 30),
	...steps(600, 1200, 60),
	...steps(1200, 2400, 120),
	...steps(2400, 3600, 300),
	...steps(3600, 7200, 600),
	...steps(7200, 14_400, 1800),
	...steps(14_400, 28_800, 3600),
	28_800
];

export const BUCKETS = BUCKET_EDGES.length;

/** The bucket (0-based) a duration falls in; negative durations count as 0. */
export function bucketOf(seconds: number): number {
	let lo = 0;
	let hi = BUCKETS - 1;
	const s = Math.max(0, seconds);
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (BUCKET_EDGES[mid] <= s) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

/** Counts per bucket of a list of durations. */
export function histogramOf(values: readonly number[]): number[] {
	const counts = new Array<number>(BUCKETS).fill(0);
	for (const v of values) counts[bucketOf(v)]++;
	return counts;
}

/**
 * The k-th smallest value (0-based) as the histogram sees it: the m values of a bucket are taken
 * as spread evenly across it, each in the middle of its share; the open last bucket puts them all
 * at its edge.
 */
function valueAt(counts: ArrayLike<number>, k: number): number {
	let before = 0;
	for (let i = 0; i < BUCKETS; i++) {
		const m = counts[i] ?? 0;
		if (k < before + m) {
			if (i === BUCKETS - 1) return BUCKET_EDGES[i];
			const width = BUCKET_EDGES[i + 1] - BUCKET_EDGES[i];
			return BUCKET_EDGES[i] + ((k - before + 0.5) * width) / m;
		}
		before += m;
	}
	return BUCKET_EDGES[BUCKETS - 1];
}

/**
 * The q-quantile (0–1) of the durations a histogram counts, interpolated between closest ranks as
 * PostgreSQL's percentile_cont does over the values themselves. Null for an empty histogram.
 */
export function histogramQuantile(counts: ArrayLike<number>, q: number): number | null {
	let n = 0;
	for (let i = 0; i < BUCKETS; i++) n += counts[i] ?? 0;
	if (n === 0) return null;
	const rank = Math.min(1, Math.max(0, q)) * (n - 1);
	const lo = Math.floor(rank);
	const hi = Math.ceil(rank);
	const a = valueAt(counts, lo);
	return lo === hi ? a : a + (valueAt(counts, hi) - a) * (rank - lo);
}

/** The number of durations a histogram counts. */
export function histogramTotal(counts: ArrayLike<number>): number {
	let n = 0;
	for (let i = 0; i < BUCKETS; i++) n += counts[i] ?? 0;
	return n;
}
