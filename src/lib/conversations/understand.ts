import { foldText } from '$lib/catalogue/search';
import { isValidCpf, normalizeCpf } from '$lib/citizens/cpf';
import { formatProtocolNumber, parseProtocolNumber } from '$lib/requests/protocol-number';
import type { Lang } from '$lib/i18n';

/*
 * Reading what a citizen typed on a phone, generously: no accents needed, any case, a letter
 * missing or swapped, digits as numerals, words or keycap emoji. Pure, so every spelling the
 * tests list is checked without a server.
 */

export type Intent = 'menu' | 'exit' | 'human' | 'protocol' | 'request' | 'ticket' | 'appointments' | 'notices' | 'all' | 'data' | 'yes' | 'no' | 'anonymous' | 'skip' | 'cpf' | 'edit' | 'erase';

/** Words (folded) that say each intent, in pt-BR, en and es; phrases match as a whole. */
const WORDS: Record<Intent, readonly string[]> = {
	menu: ['menu', 'inicio', 'voltar', 'comecar', 'recomecar', 'opcoes', 'start', 'back', 'options', 'volver', 'opciones', 'principal'],
	exit: ['sair', 'tchau', 'encerrar', 'finalizar', 'exit', 'quit', 'bye', 'goodbye', 'salir', 'adios', 'chau', 'terminar'],
	human: ['atendente', 'pessoa', 'humano', 'humana', 'operador', 'falar com alguem', 'agent', 'person', 'human', 'someone', 'persona', 'agente', 'hablar con alguien'],
	protocol: ['protocolo', 'consultar', 'acompanhar', 'situacao', 'andamento', 'protocol', 'track', 'status', 'seguimiento', 'estado'],
	request: ['solicitacao', 'solicitar', 'pedido', 'pedir', 'reclamacao', 'reclamar', 'abrir', 'request', 'report', 'complaint', 'solicitud', 'reclamo', 'denuncia', 'manifestacao'],
	ticket: ['senha', 'fila', 'ticket', 'queue', 'turno', 'numero de atendimento', 'espera', 'wait'],
	appointments: ['agendamento', 'agendamentos', 'agendado', 'agenda', 'marcado', 'appointment', 'appointments', 'booking', 'cita', 'citas'],
	notices: ['avisos', 'aviso', 'notificacoes', 'alertas', 'notices', 'alerts', 'notifications', 'avisame'],
	all: ['toda', 'todas', 'todo', 'tudo', 'all', 'whole', 'entire'],
	data: ['dados', 'meus dados', 'cadastro', 'privacidade', 'lgpd', 'my data', 'privacy', 'datos', 'mis datos', 'privacidad'],
	yes: ['sim', 's', 'aceito', 'concordo', 'ok', 'okay', 'claro', 'pode', 'confirmo', 'confirmar', 'enviar', 'isso', 'yes', 'y', 'yep', 'agree', 'accept', 'confirm', 'send', 'si', 'acepto', 'de acuerdo', 'vale'],
	no: ['nao', 'n', 'nao aceito', 'recuso', 'cancelar', 'cancela', 'no', 'nope', 'decline', 'cancel', 'no acepto', 'rechazo'],
	anonymous: ['anonimo', 'anonima', 'anonimamente', 'sem identificacao', 'anonymous', 'anonymously', 'anonimato'],
	skip: ['pular', 'sem endereco', 'nao sei', 'skip', 'no address', 'omitir', 'sin direccion', 'no se'],
	cpf: ['cpf', 'informar cpf', 'identificar', 'me identificar', 'identify', 'identificarme'],
	edit: ['alterar', 'editar', 'mudar', 'corrigir', 'change', 'edit', 'update', 'cambiar', 'corregir'],
	erase: ['apagar', 'excluir', 'deletar', 'esquecer', 'erase', 'delete', 'forget', 'borrar', 'eliminar']
};

const NUMBER_WORDS: Record<string, number> = {
	zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
	one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
	cero: 0, uno: 1, dos: 2, cuatro: 4, siete: 7, ocho: 8, nueve: 9, diez: 10,
	primeiro: 1, primeira: 1, segundo: 2, segunda: 2, terceiro: 3, terceira: 3, first: 1, second: 2, third: 3, primero: 1, tercero: 3
};

/** Folded words of a message: lower case, no accents, keycap emoji as digits. */
export function words(text: string): string[] {
	const keycaps = text.replace(/([0-9])\uFE0F?\u20E3/g, ' $1 ').replace(/\u{1F51F}/gu, ' 10 ');
	return foldText(keycaps).split(' ').filter(Boolean);
}

/** Damerau–Levenshtein distance (optimal string alignment), enough to forgive one slip. */
export function editDistance(a: string, b: string): number {
	const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) d[0][j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
		}
	}
	return d[a.length][b.length];
}

/** A typed word is a known word: exactly when short, one slip allowed from five letters, two from nine. */
export function sameWord(typed: string, known: string): boolean {
	if (typed === known) return true;
	if (known.length < 5 || typed.length < 4) return false;
	const allowed = known.length >= 9 ? 2 : 1;
	return Math.abs(typed.length - known.length) <= allowed && editDistance(typed, known) <= allowed;
}

/** Whether the message says `intent` (one of its words, or one of its phrases as a whole). */
export function says(text: string, intent: Intent): boolean {
	const ws = words(text);
	const joined = ` ${ws.join(' ')} `;
	return WORDS[intent].some((k) => (k.includes(' ') ? joined.includes(` ${k} `) : ws.some((w) => sameWord(w, k))));
}

/** A short message (at most `max` words) that says `intent`: a command, not a sentence that happens to hold the word. */
export function command(text: string, intent: Intent, max = 3): boolean {
	const ws = words(text);
	return ws.length > 0 && ws.length <= max && says(text, intent);
}

/** The option number a message picks (`2`, `2.`, `dois`, `2️⃣`, `opção 2`), or null. */
export function optionNumber(text: string): number | null {
	const ws = words(text).filter((w) => !['opcao', 'option', 'opcion', 'numero', 'number', 'n', 'o'].includes(w));
	if (ws.length !== 1) return null;
	const w = ws[0];
	if (/^\d{1,2}$/.test(w)) return Number(w);
	return NUMBER_WORDS[w] ?? null;
}

/** A greeting that opens a chat; tells the language it was said in when it is clear. */
export function greetingLang(text: string): Lang | null {
	const joined = ` ${words(text).join(' ')} `;
	if (/ (hello|hi|hey|good (morning|afternoon|evening)|english) /.test(joined)) return 'en';
	if (/ (hola|buenas|buenos dias|buenas tardes|buenas noches|espanol|castellano) /.test(joined)) return 'es';
	return null;
}

/** An explicit change of language ("english", "español", "português"). */
export function languageSwitch(text: string): Lang | null {
	const ws = words(text);
	if (ws.length > 2) return null;
	const joined = ws.join(' ');
	if (/^(english|in english|ingles)$/.test(joined)) return 'en';
	if (/^(espanol|en espanol|castellano|spanish)$/.test(joined)) return 'es';
	if (/^(portugues|em portugues|portuguese)$/.test(joined)) return 'pt-BR';
	return null;
}

/** Access codes use 8 characters without look-alikes (requests/open-protocol.server.ts). */
const ACCESS_CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/;

/** A protocol number anywhere in the text, canonical (`2026000123-4`), or null. */
export function findProtocolNumber(text: string): string | null {
	for (const m of text.matchAll(/\d[\d.\s\-/\u2010-\u2015]{9,22}\d/g)) {
		const parsed = parseProtocolNumber(m[0]);
		if (parsed) return formatProtocolNumber(parsed.year, parsed.seq);
		// "2026000123-4 12345678909": the longest run may swallow a CPF; try its first token alone.
		const first = m[0].split(/\s+/)[0];
		const alone = parseProtocolNumber(first);
		if (alone) return formatProtocolNumber(alone.year, alone.seq);
	}
	return null;
}

/** An access code among the words, upper-cased; one typed in capitals or holding a digit wins over a lower-case word. */
export function findAccessCode(text: string): string | null {
	const tokens = text.split(/[^A-Za-z0-9]+/).filter((t) => t.length === 8 && ACCESS_CODE.test(t.toUpperCase()));
	const strong = tokens.find((t) => t === t.toUpperCase() || /\d/.test(t));
	return (strong ?? tokens[0])?.toUpperCase() ?? null;
}

/** A valid CPF in the text (its 11 digits), or null. */
export function findCpf(text: string): string | null {
	for (const m of text.matchAll(/\d[\d.\s\-/]{9,16}\d/g)) {
		const digits = normalizeCpf(m[0]);
		if (digits.length === 11 && isValidCpf(digits)) return digits;
	}
	const bare = normalizeCpf(text.trim());
	return isValidCpf(bare) ? bare : null;
}

/** A protocol number with its access code or CPF in one message: answered with its status at any point. */
export function findProtocolQuery(text: string): { number: string; code: string | null; cpf: string | null } | null {
	const number = findProtocolNumber(text);
	if (!number) return null;
	const rest = text.replace(/\d[\d.\s\-/\u2010-\u2015]{9,22}\d/, (m) => (parseProtocolNumber(m) ? ' ' : m.replace(/^\S+/, ' ')));
	const code = findAccessCode(rest);
	const cpf = code ? null : findCpf(rest);
	return code || cpf ? { number, code, cpf } : null;
}
