import { describe, expect, it } from 'vitest';
import { ariaKeys, commandOf, COUNTER_SHORTCUTS } from '$lib/components/counter/shortcuts';

const press = (code: string, mods: Partial<{ altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) =>
	commandOf({ code, altKey: false, shiftKey: false, ctrlKey: false, metaKey: false, ...mods });

describe('counter shortcuts', () => {
	it('calls the next ticket on F2, with or without Alt, and on Alt+N', () => {
		expect(press('F2')).toBe('callNext');
		expect(press('F2', { altKey: true })).toBe('callNext');
		expect(press('KeyN', { altKey: true })).toBe('callNext');
		expect(press('KeyN')).toBeNull();
	});

	it('reads the physical key, so Alt+letter works on any layout', () => {
		expect(press('KeyA', { altKey: true })).toBe('noShow');
		expect(press('KeyP', { altKey: true })).toBe('pause');
		expect(press('KeyE', { altKey: true })).toBe('finish');
	});

	it('leaves Ctrl, Meta and Alt+Shift combinations to the browser', () => {
		expect(press('F2', { ctrlKey: true })).toBeNull();
		expect(press('KeyR', { altKey: true, metaKey: true })).toBeNull();
		expect(press('KeyR', { altKey: true, shiftKey: true })).toBeNull();
	});

	it('names each command once, with the keys its button announces', () => {
		expect(new Set(COUNTER_SHORTCUTS.map((s) => s.command)).size).toBe(COUNTER_SHORTCUTS.length);
		expect(ariaKeys('callNext')).toBe('F2 Alt+N');
		expect(ariaKeys('recall')).toBe('Alt+R');
	});
});
