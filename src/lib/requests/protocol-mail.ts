import { DateTime } from 'luxon';
import type { ProtocolStatus } from './protocol';

/*
 * The citizen's e-mails, in pt-BR plain text: every manifestação gets a receipt (Lei 13.460/2017
 * art. 12) and every public status change is told. No CPF in a mail: the access code and the
 * number are enough to follow it.
 */

export const STATUS_LABEL: Record<ProtocolStatus, string> = {
	aberto: 'Aberto',
	em_analise: 'Em análise',
	encaminhado: 'Encaminhado',
	em_atendimento: 'Em atendimento',
	concluido: 'Concluído',
	indeferido: 'Indeferido',
	cancelado: 'Cancelado'
};

/**
 * Where the citizen follows a protocol and rates its service: the rating link carries the
 * access code, so only who got the receipt or the e-mail can use it.
 */
export function protocolLinks(base: string, number: string, accessCode: string): { lookupUrl: string; ratingUrl: string } {
	const root = base.replace(/\/$/, '');
	const n = encodeURIComponent(number);
	return { lookupUrl: `${root}/protocol?numero=${n}`, ratingUrl: `${root}/protocol/rate?numero=${n}&codigo=${encodeURIComponent(accessCode)}` };
}

/** Every protocol mail invites a rating of the service (Lei 13.460/2017 art. 23; issue 7). */
const ratingLines = (url: string) => ['', `Avalie o atendimento deste serviço: ${url}`];

const day = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale('pt-BR').toFormat('dd/MM/yyyy');

/** The receipt of a new protocol. */
export function openedMail(p: {
	number: string;
	serviceName: string;
	organName: string;
	dueAt: Date;
	timezone: string;
	accessCode: string;
	lookupUrl: string;
	ratingUrl: string;
	citizenName: string;
}): { subject: string; text: string } {
	return {
		subject: `Protocolo ${p.number} aberto — ${p.serviceName}`,
		text: [
			`Olá, ${p.citizenName}.`,
			'',
			`Sua solicitação foi registrada com o protocolo ${p.number}.`,
			`Serviço: ${p.serviceName}`,
			`Órgão responsável: ${p.organName}`,
			`Prazo previsto: ${day(p.dueAt, p.timezone)}`,
			`Código de acesso: ${p.accessCode}`,
			'',
			`Acompanhe em ${p.lookupUrl}`,
			'Use o número do protocolo com seu CPF ou com o código de acesso.',
			...ratingLines(p.ratingUrl)
		].join('\n')
	};
}

/** A public status change of a protocol. */
export function statusMail(p: {
	number: string;
	serviceName: string;
	status: ProtocolStatus;
	note: string;
	lookupUrl: string;
	ratingUrl: string;
}): {
	subject: string;
	text: string;
} {
	return {
		subject: `Protocolo ${p.number}: ${STATUS_LABEL[p.status]}`,
		text: [
			`O protocolo ${p.number} (${p.serviceName}) mudou de situação: ${STATUS_LABEL[p.status]}.`,
			...(p.note ? ['', p.note] : []),
			'',
			`Acompanhe em ${p.lookupUrl}`,
			...ratingLines(p.ratingUrl)
		].join('\n')
	};
}
