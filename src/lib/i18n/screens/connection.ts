/** What every screen says when the server cannot be reached, per language; every pt-BR key must exist in en and es. */
export const connectionMessages = {
	'pt-BR': {
		'net.unreachable': 'Sem conexão com o servidor do Vez. Nada foi perdido: confira a rede e tente de novo.',
		'net.timeout': 'O servidor do Vez demorou demais para responder. Tente de novo; a ação não será repetida.',
		'net.unavailable': 'O Vez está indisponível por um instante. Tente de novo em alguns segundos.',
		'net.formKept': 'O que você preencheu continua no formulário.',
		'net.retry': 'Tentar de novo'
	},
	en: {
		'net.unreachable': 'No connection to the Vez server. Nothing was lost: check the network and try again.',
		'net.timeout': 'The Vez server took too long to answer. Try again; the action will not be repeated.',
		'net.unavailable': 'Vez is unavailable for a moment. Try again in a few seconds.',
		'net.formKept': 'What you filled in is still in the form.',
		'net.retry': 'Try again'
	},
	es: {
		'net.unreachable': 'Sin conexión con el servidor de Vez. No se perdió nada: revise la red e intente de nuevo.',
		'net.timeout': 'El servidor de Vez tardó demasiado en responder. Intente de nuevo; la acción no se repetirá.',
		'net.unavailable': 'Vez no está disponible por un momento. Intente de nuevo en unos segundos.',
		'net.formKept': 'Lo que completó sigue en el formulario.',
		'net.retry': 'Intentar de nuevo'
	}
} as const;
