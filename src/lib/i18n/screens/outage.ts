/** Messages of every screen while the server or its database is away; every pt-BR key must exist in en and es. */
export const outageMessages = {
	'pt-BR': {
		'outage.title': 'Aguardando o servidor',
		'outage.text': 'O sistema está momentaneamente indisponível. Esta tela volta sozinha assim que ele responder.',
		'outage.retrying': 'Tentando de novo…'
	},
	en: {
		'outage.title': 'Waiting for the server',
		'outage.text': 'The system is briefly unavailable. This screen comes back by itself as soon as it answers.',
		'outage.retrying': 'Trying again…'
	},
	es: {
		'outage.title': 'Esperando al servidor',
		'outage.text': 'El sistema no está disponible por un momento. Esta pantalla vuelve sola en cuanto responda.',
		'outage.retrying': 'Intentando de nuevo…'
	}
} as const;
