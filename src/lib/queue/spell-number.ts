/** "A001" → "A 0 0 1": a speech engine reads each character instead of "A one" or "a thousand". */
export function spellNumber(number: string): string {
	return [...number.replace(/\s+/g, '')].join(' ');
}
