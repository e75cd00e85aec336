/**
 * Messages of the pages the server answers before the app can (its database away, an address it
 * cannot read); every pt-BR key must exist in en and es.
 */
export const outageMessages = {
	'pt-BR': {
		'outage.title': 'Aguardando o servidor',
		'outage.text': 'O sistema está momentaneamente indisponível. Esta tela volta sozinha assim que ele responder.',
		'outage.retrying': 'Tentando de novo…',
		'outage.badAddress': 'Endereço inválido',
		'outage.badAddressText': 'Este endereço tem caracteres que não podem ser lidos. Confira o link ou volte à página inicial.'
	},
	en: {
		'outage.title': 'Waiting for the server',
		'outage.text': 'The system is briefly unavailable. This screen comes back by itself as soon as it answers.',
		'outage.retrying': 'Trying again…',
		'outage.badAddress': 'Invalid address',
		'outage.badAddressText': 'This address holds characters that cannot be read. Check the link or go back to the home page.'
	},
	es: {
		'outage.title': 'Esperando al servidor',
		'outage.text': 'El sistema no está disponible por un momento. Esta pantalla vuelve sola en cuanto responda.',
		'outage.retrying': 'Intentando de nuevo…',
		'outage.badAddress': 'Dirección no válida',
		'outage.badAddressText': 'Esta dirección tiene caracteres que no se pueden leer. Revise el enlace o vuelva a la página de inicio.'
	}
} as const;
