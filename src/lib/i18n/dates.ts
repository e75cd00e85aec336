/*
 * Dates and times for screens, through Intl.DateTimeFormat, always in a named zone (the unit's, or
 * for records with no unit the city's, VEZ_CITY_TIMEZONE, which screens read as `data.cityZone`):
 * the server renders and the browser hydrates the same text whatever zone either machine is in. Pure; formatters are cached per language, zone and style.
 */

const STYLES = {
	time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
	date: { dateStyle: 'short' },
	dateMedium: { dateStyle: 'medium' },
	dateLong: { dateStyle: 'long' },
	weekdayDay: { weekday: 'long', day: '2-digit', month: 'long' },
	weekdayShort: { weekday: 'short', day: '2-digit', month: '2-digit' },
	dateTime: { dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' },
	dateTimeLong: { dateStyle: 'full', timeStyle: 'short', hourCycle: 'h23' },
	monthYear: { month: 'long', year: 'numeric' }
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type DateStyle = keyof typeof STYLES;

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: string, zone: string, style: DateStyle): Intl.DateTimeFormat {
	const key = `${lang}|${zone}|${style}`;
	let f = cache.get(key);
	if (!f) cache.set(key, (f = new Intl.DateTimeFormat(lang, { ...STYLES[style], timeZone: zone })));
	return f;
}

/** An instant as the reader says it, on the wall clock of `zone`. */
export function formatAt(lang: string, at: Date | string | number, zone: string, style: DateStyle): string {
	return formatter(lang, zone, style).format(typeof at === 'object' ? at : new Date(at));
}

/** A calendar day ('2026-12-02') as the reader says it; a day has no zone, so none shifts it. */
export function formatDay(lang: string, day: string, style: Exclude<DateStyle, 'time' | 'dateTime' | 'dateTimeLong'>): string {
	return formatter(lang, 'UTC', style).format(new Date(`${day.slice(0, 10)}T12:00:00Z`));
}
