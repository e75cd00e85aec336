import { describe, expect, it } from 'vitest';
import { confirmationMail, reminderMail } from '$lib/appointments/appointment-mail';

const APPOINTMENT = {
	code: 'K7M-Q2X-9PD',
	citizenName: 'Maria',
	serviceName: 'Cadastro Único',
	unitName: 'Pró-Cidadão Centro',
	unitAddress: 'Av. Mauro Ramos, 224',
	// 10:00 in São Paulo (UTC−3).
	start: new Date('2026-03-10T13:00:00Z'),
	timezone: 'America/Sao_Paulo',
	documents: ['RG', 'CPF'],
	manageUrl: 'https://vez.example/book/manage/abc',
	checkInFromMinutes: 30
};

describe('appointment e-mails', () => {
	it('confirms with the local time, the code, the documents and the manage link — never the CPF', () => {
		const mail = confirmationMail(APPOINTMENT);
		expect(mail.subject).toBe('Agendamento confirmado — Cadastro Único (K7M-Q2X-9PD)');
		expect(mail.text).toContain('terça-feira, 10/03/2026 às 10:00');
		expect(mail.text).toContain('- RG');
		expect(mail.text).toContain('https://vez.example/book/manage/abc');
		// The same window the booking page states: from 30 minutes before, not "until".
		expect(mail.text).toContain('a partir de 30 minutos antes do horário');
	});

	it('reminds without a manage link when none is known (the token is stored hashed)', () => {
		const mail = reminderMail({ ...APPOINTMENT, manageUrl: null, documents: [] });
		expect(mail.subject).toContain('Lembrete');
		expect(mail.text).toContain('e-mail de confirmação');
		expect(mail.text).not.toContain('Documentos');
	});
});
