/** Words of the wait estimate shown on every screen (kiosk, ticket page, services); every pt-BR key exists in en and es. */
export const waitMessages = {
	'pt-BR': {
		'wait.label': 'Espera estimada',
		'wait.none': 'Sem espera',
		'wait.soon': 'em instantes',
		'wait.few': 'alguns minutos',
		'wait.about': 'cerca de {minutes} min',
		'wait.range': '{low}–{high} min',
		'wait.rangeExplained': 'entre {low} e {high} minutos',
		'wait.promised': 'Meta da Carta de Serviços: até {minutes} min'
	},
	en: {
		'wait.label': 'Estimated wait',
		'wait.none': 'No wait',
		'wait.soon': 'any moment now',
		'wait.few': 'a few minutes',
		'wait.about': 'about {minutes} min',
		'wait.range': '{low}–{high} min',
		'wait.rangeExplained': 'between {low} and {high} minutes',
		'wait.promised': 'Service charter target: up to {minutes} min'
	},
	es: {
		'wait.label': 'Espera estimada',
		'wait.none': 'Sin espera',
		'wait.soon': 'en instantes',
		'wait.few': 'unos minutos',
		'wait.about': 'unos {minutes} min',
		'wait.range': '{low}–{high} min',
		'wait.rangeExplained': 'entre {low} y {high} minutos',
		'wait.promised': 'Meta de la Carta de Servicios: hasta {minutes} min'
	}
} as const;
