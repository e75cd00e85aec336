// Panel audio in the test browser: record what is spoken, and lock audio until a gesture as a
// desktop browser does, so the "enable sound" step is always there to take.
import type { Page } from '@playwright/test';

/** Replaces speech synthesis with a recorder: the test reads what the panel queued to say. */
export async function recordSpeech(page: Page) {
	await page.addInitScript(() => {
		const spoken: { text: string; lang: string }[] = [];
		(window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
		window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
			if (u.text) spoken.push({ text: u.text, lang: u.lang });
			setTimeout(() => u.onend?.(new SpeechSynthesisEvent('end', { utterance: u })), 20);
		};
	});
}

/**
 * Makes audio behave as in a desktop browser's default autoplay policy (the test browser lets
 * pages play sound freely): locked until resumed during a user gesture.
 */
export async function lockAudioUntilGesture(page: Page) {
	await page.addInitScript(() => {
		let inGesture = false;
		window.addEventListener(
			'click',
			(e) => {
				if (!e.isTrusted) return;
				inGesture = true;
				setTimeout(() => (inGesture = false));
			},
			true
		);
		const Real = window.AudioContext;
		window.AudioContext = class extends Real {
			locked = true;
			get state(): AudioContextState {
				return this.locked ? 'suspended' : super.state;
			}
			resume() {
				if (inGesture) this.locked = false;
				return super.resume();
			}
		};
	});
}

export const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);
