import type { Lang } from '$lib/i18n';
import type { MessageKind, VisitorMessage } from './notifier';

/**
 * The message templates a city submits to Meta (docs/whatsapp-templates.md lists them), one text
 * per language with positional `{{n}}` parameters. Business-initiated WhatsApp messages may only
 * be approved templates, so these texts are the product's wording on every channel: SMS and push
 * render the same text, and the virtual phone renders a template message from it as WhatsApp
 * does once Meta approved it.
 */
export const TEMPLATE_NAMES: Readonly<Record<MessageKind, string>> = {
	near: 'vez_ticket_near',
	called: 'vez_ticket_called',
	reminder: 'vez_appointment_reminder'
};

/** Meta's language codes for our languages. */
export const WHATSAPP_LANGUAGE: Readonly<Record<Lang, string>> = { 'pt-BR': 'pt_BR', en: 'en', es: 'es' };

/**
 * Texts by template and Meta language code. Meta refuses a template whose text starts or ends
 * with a parameter, and a parameter is one line: see {@link templateParams}.
 */
export const TEMPLATE_TEXTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
	vez_ticket_near: {
		pt_BR: 'Senha {{1}}: faltam {{2}} antes de você em {{3}}. Volte para a unidade; avisaremos aqui quando for chamada.',
		en: 'Ticket {{1}}: {{2}} ahead of you at {{3}}. Please head back; we will tell you here when you are called.',
		es: 'Turno {{1}}: faltan {{2}} antes de usted en {{3}}. Vuelva a la unidad; le avisaremos aquí cuando le llamen.'
	},
	vez_ticket_called: {
		pt_BR: 'Sua senha {{1}} foi chamada: dirija-se ao {{2}} em {{3}}.',
		en: 'Your ticket {{1}} is called: please go to {{2}} at {{3}}.',
		es: 'Su turno {{1}} fue llamado: diríjase a {{2}} en {{3}}.'
	},
	vez_appointment_reminder: {
		pt_BR: 'Lembrete: seu atendimento de {{1}} em {{2}} é {{3}}. Ao chegar, digite o código {{4}} no totem.',
		en: 'Reminder: your appointment for {{1}} at {{2}} is {{3}}. On arrival, type the code {{4}} at the kiosk.',
		es: 'Recordatorio: su cita de {{1}} en {{2}} es {{3}}. Al llegar, ingrese el código {{4}} en el tótem.'
	},
	// An agent reopens a chat after Meta's 24-hour window (conversations/reopen-conversation.server.ts): the citizen's name.
	vez_chat_reopen: {
		pt_BR: 'Olá, {{1}}! Aqui é o atendimento da Prefeitura, sobre a sua conversa pelo WhatsApp. Podemos continuar? Responda esta mensagem.',
		en: "Hello, {{1}}! This is the City Hall's service, about your WhatsApp conversation with us. Shall we go on? Reply to this message.",
		es: '¡Hola, {{1}}! Le escribe la atención de la Municipalidad, sobre su conversación por WhatsApp. ¿Seguimos? Responda este mensaje.'
	},
	// Notices to those who opted in (conversations/broadcast.ts): the place, when, and what.
	vez_notice_unit_closed: {
		pt_BR: 'Aviso da Prefeitura: não haverá atendimento em {{1}} {{2}}. Motivo: {{3}}. Para não receber mais avisos, responda SAIR.',
		en: 'City Hall notice: there will be no service at {{1}} {{2}}. Reason: {{3}}. To stop these notices, reply SAIR.',
		es: 'Aviso de la Municipalidad: no habrá atención en {{1}} {{2}}. Motivo: {{3}}. Para no recibir más avisos, responda SAIR.'
	},
	vez_notice_special_hours: {
		pt_BR: 'Aviso da Prefeitura: o atendimento em {{1}} terá horário especial {{2}}: {{3}}. Para não receber mais avisos, responda SAIR.',
		en: 'City Hall notice: service at {{1}} will have special hours {{2}}: {{3}}. To stop these notices, reply SAIR.',
		es: 'Aviso de la Municipalidad: la atención en {{1}} tendrá horario especial {{2}}: {{3}}. Para no recibir más avisos, responda SAIR.'
	}
};

/** Longest parameter we send; Meta caps a whole template body at 1,024 characters. */
const PARAM_MAX = 120;

/**
 * A parameter as Meta accepts it: no new lines or tabs, no run of more than four spaces
 * (error 132018), not empty, and short enough for the body's limit.
 */
export function cleanParam(value: string): string {
	const flat = value.replace(/\s+/g, ' ').trim();
	return (flat || '-').slice(0, PARAM_MAX);
}

/** The template's body parameters, in `{{1}}…{{n}}` order; the ticket number comes first. */
export function templateParams(message: VisitorMessage): string[] {
	const raw =
		message.kind === 'near'
			? [message.number, String(message.ahead), message.unit]
			: message.kind === 'called'
				? [message.number, message.counter, message.unit]
				: [message.service, message.unit, message.when, message.code];
	return raw.map(cleanParam);
}

/** How many `{{n}}` a template text has. */
export function paramCount(text: string): number {
	return new Set(text.match(/\{\{\d+\}\}/g) ?? []).size;
}

/** A template text with its parameters in place, or null when the template or language is unknown. */
export function renderTemplate(name: string, language: string, params: readonly string[]): string | null {
	const text = TEMPLATE_TEXTS[name]?.[language];
	if (text === undefined) return null;
	return text.replace(/\{\{(\d+)\}\}/g, (m, n: string) => params[Number(n) - 1] ?? m);
}

/** The message's text in the visitor's language: what SMS and push show, and what WhatsApp shows once the template is approved. */
export function messageText(message: VisitorMessage): string {
	return renderTemplate(TEMPLATE_NAMES[message.kind], WHATSAPP_LANGUAGE[message.lang], templateParams(message))!;
}
