import { describe, expect, it } from 'vitest';
import {
	PROTOCOL_STATUSES,
	chooseRoute,
	decideTransition,
	isClosed,
	nextStatuses,
	open311Status,
	protocolDeadline,
	type ProtocolStatus,
	type TransitionRequest
} from '../../../src/lib/requests/protocol';
import { openedMail, protocolLinks, statusMail } from '../../../src/lib/requests/protocol-mail';

describe('protocolDeadline', () => {
	const withPrazo = { deadlineAmount: 5, deadlineUnit: 'business_days' as const };
	const without = { deadlineAmount: null, deadlineUnit: null };

	it('gives an information request the LAI 20 days whatever the service says', () => {
		expect(protocolDeadline('informacao', withPrazo)).toEqual({ amount: 20, unit: 'days', rule: 'lai' });
	});
	it('uses the service prazo from the Carta when there is one', () => {
		expect(protocolDeadline('reclamacao', withPrazo)).toEqual({ amount: 5, unit: 'business_days', rule: 'service' });
	});
	it('falls back to the ouvidoria 30 days', () => {
		expect(protocolDeadline('denuncia', without)).toEqual({ amount: 30, unit: 'days', rule: 'ombudsman' });
		expect(protocolDeadline('solicitacao', without).amount).toBe(30);
	});
});

describe('chooseRoute', () => {
	const routes = [
		{ region: 'Norte', organId: 'smi-norte', team: 'Regional Norte' },
		{ region: 'São José', organId: 'smi-sj', team: 'Regional SJ' },
		{ region: null, organId: 'smi', team: 'Central' }
	];

	it('prefers the row of the region, ignoring case and accents', () => {
		expect(chooseRoute('svc-organ', routes, 'norte')).toEqual({ organId: 'smi-norte', team: 'Regional Norte', reason: 'Rota da região norte' });
		expect(chooseRoute('svc-organ', routes, 'sao jose').organId).toBe('smi-sj');
	});
	it('takes the default row for a region without its own', () => {
		expect(chooseRoute('svc-organ', routes, 'Sul')).toMatchObject({ organId: 'smi', team: 'Central' });
		expect(chooseRoute('svc-organ', routes, null)).toEqual({ organId: 'smi', team: 'Central', reason: 'Rota padrão do serviço' });
	});
	it('sends to the service organ when the service has no route rows', () => {
		expect(chooseRoute('svc-organ', [], 'Norte')).toEqual({ organId: 'svc-organ', team: '', reason: 'Órgão responsável pelo serviço' });
		expect(chooseRoute('svc-organ', [routes[0]], 'Sul').organId).toBe('svc-organ');
	});
});

describe('decideTransition', () => {
	const base: TransitionRequest = { from: 'aberto', to: 'em_analise', reopenedCount: 0, byCurrentOrgan: true, byOmbudsman: false, targetOrgan: false, note: false };
	const decide = (r: Partial<TransitionRequest>) => decideTransition({ ...base, ...r });

	it('walks the workflow forward', () => {
		const path: ProtocolStatus[] = ['aberto', 'em_analise', 'em_atendimento', 'concluido'];
		for (let i = 1; i < path.length; i++) expect(decide({ from: path[i - 1], to: path[i] })).toEqual({ ok: true, action: 'status' });
		expect(decide({ from: 'em_analise', to: 'indeferido' }).ok).toBe(true);
		expect(decide({ from: 'em_atendimento', to: 'cancelado' }).ok).toBe(true);
	});
	it('refuses skipped steps and moves out of a closed status', () => {
		expect(decide({ from: 'aberto', to: 'concluido' })).toMatchObject({ ok: false, code: 'invalid_transition' });
		expect(decide({ from: 'aberto', to: 'aberto' })).toMatchObject({ ok: false, code: 'invalid_transition' });
		for (const closed of ['concluido', 'indeferido', 'cancelado'] as const) {
			for (const to of PROTOCOL_STATUSES) if (!(closed === 'concluido' && to === 'aberto')) expect(decide({ from: closed, to }).ok).toBe(false);
		}
	});
	it('lets only the organ holding the protocol move it', () => {
		expect(decide({ byCurrentOrgan: false })).toMatchObject({ ok: false, code: 'forbidden' });
	});
	it('needs another organ and a note to forward', () => {
		expect(decide({ from: 'em_analise', to: 'encaminhado', note: true })).toMatchObject({ ok: false, code: 'invalid_input', field: 'organ' });
		expect(decide({ from: 'em_analise', to: 'encaminhado', targetOrgan: true })).toMatchObject({ ok: false, field: 'note' });
		expect(decide({ from: 'em_analise', to: 'encaminhado', targetOrgan: true, note: true })).toEqual({ ok: true, action: 'forward' });
	});
	it('reopens a concluded protocol once, only by the ouvidoria, with a reason', () => {
		const reopen = { from: 'concluido' as const, to: 'aberto' as const, note: true };
		expect(decide({ ...reopen, byCurrentOrgan: true })).toMatchObject({ ok: false, code: 'forbidden' });
		expect(decide({ ...reopen, byOmbudsman: true })).toEqual({ ok: true, action: 'reopen' });
		expect(decide({ ...reopen, byOmbudsman: true, note: false })).toMatchObject({ ok: false, field: 'note' });
		expect(decide({ ...reopen, byOmbudsman: true, reopenedCount: 1 })).toMatchObject({ ok: false, code: 'invalid_transition' });
		expect(decide({ from: 'indeferido', to: 'aberto', byOmbudsman: true, note: true }).ok).toBe(false);
	});
	it('offers the next statuses of the form', () => {
		expect(nextStatuses('aberto')).toContain('em_analise');
		expect(nextStatuses('concluido')).toEqual([]);
	});
});

describe('open and closed', () => {
	it('maps concluded, refused and cancelled to closed for Open311', () => {
		expect(PROTOCOL_STATUSES.filter(isClosed)).toEqual(['concluido', 'indeferido', 'cancelado']);
		expect(open311Status('encaminhado')).toBe('open');
		expect(open311Status('indeferido')).toBe('closed');
	});
});

describe('e-mail bodies', () => {
	it('gives the receipt with number, organ, local due date and access code, without the CPF', () => {
		const mail = openedMail({
			number: '2026000123-7',
			serviceName: 'Tapa-buraco',
			organName: 'Secretaria de Infraestrutura',
			dueAt: new Date('2026-02-20T02:59:59.999Z'),
			timezone: 'America/Sao_Paulo',
			accessCode: 'ABCD2345',
			lookupUrl: 'https://vez.test/protocol?numero=2026000123-7',
			ratingUrl: 'https://vez.test/protocol/rate?numero=2026000123-7&codigo=ABCD2345',
			citizenName: 'Maria'
		});
		expect(mail.subject).toBe('Protocolo 2026000123-7 aberto — Tapa-buraco');
		expect(mail.text).toContain('Prazo previsto: 19/02/2026');
		expect(mail.text).toContain('Código de acesso: ABCD2345');
		expect(mail.text).toContain('https://vez.test/protocol?numero=2026000123-7');
		expect(mail.text).toContain('Avalie o atendimento deste serviço: https://vez.test/protocol/rate?numero=2026000123-7&codigo=ABCD2345');
		expect(mail.text).not.toMatch(/\d{3}\.?\d{3}\.?\d{3}-?\d{2}/);
	});
	it('tells a status change with its public note', () => {
		const mail = statusMail({ number: '2026000123-7', serviceName: 'Poda', status: 'concluido', note: 'Árvore podada.', lookupUrl: 'u', ratingUrl: 'r' });
		expect(mail.subject).toBe('Protocolo 2026000123-7: Concluído');
		expect(mail.text).toContain('Árvore podada.');
		expect(mail.text).toContain('Avalie o atendimento deste serviço: r');
	});
});

describe('protocol links', () => {
	it('builds the lookup and the rating link (with the access code) under the public base', () => {
		expect(protocolLinks('https://vez.test/', '2026000123-7', 'AB CD')).toEqual({
			lookupUrl: 'https://vez.test/protocol?numero=2026000123-7',
			ratingUrl: 'https://vez.test/protocol/rate?numero=2026000123-7&codigo=AB%20CD'
		});
	});
});
