import { DateTime } from 'luxon';

/*
 * The citizen's appointment e-mails, pt-BR plain text: the confirmation right after booking and
 * the reminder the day before. No CPF in a mail: the code and the manage link are enough.
 */

export interface AppointmentMailInput {
	readonly code: string;
	readonly citizenName: string;
	readonly serviceName: string;
	readonly unitName: string;
	readonly unitAddress: string;
	readonly start: Date;
	readonly timezone: string;
	readonly documents: readonly string[];
	/** The manage link (only the confirmation has it: the token is stored hashed). */
	readonly manageUrl: string | null;
	/** How long before the appointment the kiosk takes the check-in (the unit's setting). */
	readonly checkInFromMinutes: number;
}

const when = (d: Date, zone: string) =>
	DateTime.fromJSDate(d, { zone }).setLocale('pt-BR').toFormat("cccc, dd/MM/yyyy 'às' HH:mm");

function body(a: AppointmentMailInput, opening: string): string {
	return [
		`Olá, ${a.citizenName}.`,
		'',
		opening,
		`Serviço: ${a.serviceName}`,
		`Local: ${a.unitName}${a.unitAddress ? ` — ${a.unitAddress}` : ''}`,
		`Data e hora: ${when(a.start, a.timezone)}`,
		`Código: ${a.code}`,
		'',
		...(a.documents.length ? ['Documentos para levar:', ...a.documents.map((d) => `- ${d}`), ''] : []),
		`No totem da unidade, toque em "Tenho agendamento" e digite o código ou o CPF, a partir de ${a.checkInFromMinutes} minutos antes do horário.`,
		a.manageUrl ? `Para remarcar ou cancelar: ${a.manageUrl}` : 'Para remarcar ou cancelar, use o link do e-mail de confirmação.'
	].join('\n');
}

/** The confirmation sent when an appointment is booked. */
export function confirmationMail(a: AppointmentMailInput): { subject: string; text: string } {
	return {
		subject: `Agendamento confirmado — ${a.serviceName} (${a.code})`,
		text: body(a, 'Seu agendamento está confirmado.')
	};
}

/** The reminder sent the day before. */
export function reminderMail(a: AppointmentMailInput): { subject: string; text: string } {
	return {
		subject: `Lembrete: amanhã, ${a.serviceName} (${a.code})`,
		text: body(a, 'Lembrete do seu agendamento de amanhã.')
	};
}
