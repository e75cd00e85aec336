import type { MessageKey } from '$lib/i18n';

/*
 * The counter's keyboard shortcuts, defined once: the key handler, the buttons'
 * `aria-keyshortcuts` and the list on screen all read this table. Keys are physical
 * (`KeyboardEvent.code`), so Alt+letter works on every layout and system.
 */

export type CounterCommand = 'callNext' | 'recall' | 'start' | 'finish' | 'noShow' | 'transfer' | 'pause';

/** A physical key, pressed with Alt or on its own (a function key works whatever else is held). */
export interface ShortcutKey {
	readonly code: string;
	readonly alt: boolean;
}

export interface CounterShortcut {
	readonly command: CounterCommand;
	readonly keys: readonly ShortcutKey[];
	/** What the list on screen calls it. */
	readonly label: MessageKey;
}

const alt = (letter: string): ShortcutKey => ({ code: `Key${letter}`, alt: true });

export const COUNTER_SHORTCUTS: readonly CounterShortcut[] = [
	{ command: 'callNext', keys: [{ code: 'F2', alt: false }, alt('N')], label: 'counter.action.callNext' },
	{ command: 'recall', keys: [alt('R')], label: 'counter.action.recall' },
	{ command: 'start', keys: [alt('I')], label: 'counter.action.start' },
	{ command: 'finish', keys: [alt('E')], label: 'counter.shortcuts.finish' },
	{ command: 'noShow', keys: [alt('A')], label: 'counter.action.noShow' },
	{ command: 'transfer', keys: [alt('T')], label: 'counter.shortcuts.transfer' },
	{ command: 'pause', keys: [alt('P')], label: 'counter.shortcuts.pause' }
];

/** The command a key press asks for, or null; Ctrl and Meta combinations belong to the browser, Alt+Shift to nobody here. */
export function commandOf(event: { code: string; altKey: boolean; shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }): CounterCommand | null {
	if (event.ctrlKey || event.metaKey) return null;
	const altOnly = event.altKey && !event.shiftKey;
	const hit = COUNTER_SHORTCUTS.find((s) => s.keys.some((k) => k.code === event.code && (!k.alt || altOnly)));
	return hit?.command ?? null;
}

/** The keys of one key press as shown: `['F2']`, `['Alt', 'N']`. */
export const keyCaps = (key: ShortcutKey): string[] => [...(key.alt ? ['Alt'] : []), key.code.replace(/^Key/, '')];

/** A command's keys in `aria-keyshortcuts` form: "F2 Alt+N". */
export function ariaKeys(command: CounterCommand): string {
	const shortcut = COUNTER_SHORTCUTS.find((s) => s.command === command)!;
	return shortcut.keys.map((k) => keyCaps(k).join('+')).join(' ');
}
