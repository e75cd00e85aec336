/**
 * Pure rules of a Carta de Serviços entry (Lei 13.460/2017, art. 7): the deadline in words and
 * the ways a citizen can ask for the service.
 */
/** The federal schema's deadline units (cartas-de-servico v3), as the services table stores them. */
export type DeadlineUnit = 'minutes' | 'hours' | 'days' | 'calendar_days' | 'business_days' | 'months';

export type CatalogueLang = 'pt-BR' | 'en' | 'es';

const UNIT_WORDS: Record<CatalogueLang, Record<DeadlineUnit, readonly [one: string, many: string]>> = {
	'pt-BR': {
		minutes: ['minuto', 'minutos'],
		hours: ['hora', 'horas'],
		days: ['dia', 'dias'],
		calendar_days: ['dia corrido', 'dias corridos'],
		business_days: ['dia útil', 'dias úteis'],
		months: ['mês', 'meses']
	},
	en: {
		minutes: ['minute', 'minutes'],
		hours: ['hour', 'hours'],
		days: ['day', 'days'],
		calendar_days: ['calendar day', 'calendar days'],
		business_days: ['business day', 'business days'],
		months: ['month', 'months']
	},
	es: {
		minutes: ['minuto', 'minutos'],
		hours: ['hora', 'horas'],
		days: ['día', 'días'],
		calendar_days: ['día corrido', 'días corridos'],
		business_days: ['día hábil', 'días hábiles'],
		months: ['mes', 'meses']
	}
};

export interface Deadline {
	readonly amount: number;
	readonly unit: DeadlineUnit;
	/** "até 30 dias corridos": the federal schema's `ate` N units, in words. */
	readonly text: string;
}

const UP_TO: Record<CatalogueLang, string> = { 'pt-BR': 'até', en: 'up to', es: 'hasta' };

/** The maximum delivery time in words, e.g. "até 5 dias úteis"; null when the service sets none. */
export function deadlineText(amount: number | null, unit: DeadlineUnit | null, lang: CatalogueLang = 'pt-BR'): string | null {
	if (amount === null || unit === null) return null;
	const [one, many] = UNIT_WORDS[lang][unit];
	return `${UP_TO[lang]} ${amount} ${amount === 1 ? one : many}`;
}

export function deadlineOf(amount: number | null, unit: DeadlineUnit | null, lang: CatalogueLang = 'pt-BR'): Deadline | null {
	const text = deadlineText(amount, unit, lang);
	return text === null || amount === null || unit === null ? null : { amount, unit, text };
}

/** The remote channels through which a request becomes a protocol (the phone centre, the portal, the app, the bot). */
const ONLINE_CHANNELS: readonly string[] = ['web', 'app'];

export interface HowToRequest {
	/** At a unit's counter: some active unit offers it with a ticket prefix. */
	readonly inPerson: boolean;
	/** On the portal or app, which opens a protocol. */
	readonly online: boolean;
	/** By appointment: some unit offering it has appointment capacity for it. */
	readonly bookable: boolean;
}

/** How a citizen can ask for a service, from its channels and the units that offer it. */
export function howToRequest(channels: readonly string[], unitsOffering: number, unitsBooking = 0): HowToRequest {
	return {
		inPerson: unitsOffering > 0,
		online: channels.some((c) => ONLINE_CHANNELS.includes(c)),
		bookable: unitsBooking > 0
	};
}
