/** Remembers the choice made on the "enable sound" overlay for this browser. */
export const SOUND_KEY = 'vez.panel.sound';

// Announcements beyond this wait are dropped: a burst of calls must not keep the room busy
// with old numbers (they stay on screen), and the queue never grows on a panel left for days.
const MAX_QUEUED = 4;
const PAUSE_AFTER_MS = 600;

type AudioContextCtor = typeof AudioContext;

/**
 * Chime (two WebAudio tones, no audio files) then speech, one announcement after another so
 * they never cut each other off. Browsers keep audio locked until a gesture: `unlock()` must run
 * inside a click or key handler.
 */
export class Announcer {
	/** True once audio runs; false until a gesture unlocked it (or the visitor chose silence). */
	enabled = $state(false);
	#ctx: AudioContext | null = null;
	#queue: { text: string; lang: string }[] = [];
	#running = false;

	#context(): AudioContext | null {
		if (this.#ctx) return this.#ctx;
		const Ctor = (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext) as
			| AudioContextCtor
			| undefined;
		this.#ctx = Ctor ? new Ctor() : null;
		return this.#ctx;
	}

	/** Without a gesture: whether the browser lets this page play sound already (kiosk-mode TVs often do). */
	async tryResume(): Promise<boolean> {
		const ctx = this.#context();
		if (!ctx) return false;
		if (ctx.state !== 'running') await Promise.race([ctx.resume().catch(() => {}), sleep(300)]);
		this.enabled = ctx.state === 'running';
		return this.enabled;
	}

	/** In a gesture handler: starts the audio context and primes speech synthesis. */
	async unlock(): Promise<boolean> {
		const ctx = this.#context();
		if (ctx && ctx.state !== 'running') await ctx.resume().catch(() => {});
		if ('speechSynthesis' in window) {
			// An empty utterance inside the gesture unlocks speech on browsers that need it.
			const primer = new SpeechSynthesisUtterance('');
			primer.volume = 0;
			window.speechSynthesis.speak(primer);
		}
		this.enabled = true;
		return true;
	}

	announce(text: string, lang: string): void {
		if (!this.enabled) return;
		this.#queue.push({ text, lang });
		while (this.#queue.length > MAX_QUEUED) this.#queue.shift();
		if (!this.#running) void this.#drain();
	}

	async #drain(): Promise<void> {
		this.#running = true;
		try {
			for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
				await this.#chime();
				await speak(next.text, next.lang);
				await sleep(PAUSE_AFTER_MS);
			}
		} finally {
			this.#running = false;
		}
	}

	/** A "ding-dong": a high then a lower sine tone with soft edges, about a second. */
	async #chime(): Promise<void> {
		const ctx = this.#ctx;
		if (!ctx || ctx.state !== 'running') return;
		const t0 = ctx.currentTime + 0.05;
		tone(ctx, 880, t0, 0.55);
		tone(ctx, 659.25, t0 + 0.5, 0.8);
		await sleep(1400);
	}

	close(): void {
		this.#queue = [];
		if ('speechSynthesis' in window) window.speechSynthesis.cancel();
		void this.#ctx?.close().catch(() => {});
		this.#ctx = null;
	}
}

function tone(ctx: AudioContext, frequency: number, start: number, duration: number): void {
	const osc = ctx.createOscillator();
	const gain = ctx.createGain();
	osc.type = 'sine';
	osc.frequency.value = frequency;
	gain.gain.setValueAtTime(0.0001, start);
	gain.gain.exponentialRampToValueAtTime(0.5, start + 0.03);
	gain.gain.exponentialRampToValueAtTime(0.0001, start + duration);
	osc.connect(gain).connect(ctx.destination);
	osc.start(start);
	osc.stop(start + duration + 0.05);
}

/** Speaks and resolves when done — or after a time limit, since some engines never fire `end`. */
function speak(text: string, lang: string): Promise<void> {
	if (!('speechSynthesis' in window)) return Promise.resolve();
	return new Promise((resolve) => {
		const synth = window.speechSynthesis;
		const utterance = new SpeechSynthesisUtterance(text);
		utterance.lang = lang;
		utterance.rate = 0.85;
		const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').toLowerCase() === lang.toLowerCase());
		if (voice) utterance.voice = voice;
		let settled = false;
		const done = () => {
			if (settled) return;
			settled = true;
			clearTimeout(limit);
			resolve();
		};
		const limit = setTimeout(done, 3000 + text.length * 120);
		utterance.onend = done;
		utterance.onerror = done;
		synth.speak(utterance);
	});
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
