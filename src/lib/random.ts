/** mulberry32: a small, fast, seedable PRNG, good enough for simulated visitors and forecasts. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The same generator with a state that can be set again: no allocation per seed in hot loops. */
export function reseedableRandom(): { readonly next: () => number; seed(seed: number): void } {
	let a = 0;
	return {
		next: () => {
			a = (a + 0x6d2b79f5) >>> 0;
			let t = a;
			t = Math.imul(t ^ (t >>> 15), t | 1);
			t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		},
		seed(seed: number) {
			a = seed >>> 0;
		}
	};
}
