/*
 * Protocols (manifestações) as pure rules: kinds, statuses, which deadline applies, which
 * inbox a protocol falls into, and which status changes are allowed.
 */

export const PROTOCOL_KINDS = ['solicitacao', 'reclamacao', 'denuncia', 'elogio', 'sugestao', 'informacao'] as const;
export type ProtocolKind = (typeof PROTOCOL_KINDS)[number];
export const PROTOCOL_STATUSES = ['aberto', 'em_analise', 'encaminhado', 'em_atendimento', 'concluido', 'indeferido', 'cancelado'] as const;
export type ProtocolStatus = (typeof PROTOCOL_STATUSES)[number];
export const PROTOCOL_CHANNELS = ['presencial', 'telefone', 'web', 'app', 'whatsapp', 'integration'] as const;
export type ProtocolChannel = (typeof PROTOCOL_CHANNELS)[number];
export const CLOSED_STATUSES: readonly ProtocolStatus[] = ['concluido', 'indeferido', 'cancelado'];

type DeadlineUnit = 'minutes' | 'hours' | 'days' | 'calendar_days' | 'business_days' | 'months';

/** Concluded, refused or cancelled: Open311 calls these 'closed', everything else 'open'. */
export function isClosed(status: ProtocolStatus): boolean {
	return CLOSED_STATUSES.includes(status);
}

export function open311Status(status: ProtocolStatus): 'open' | 'closed' {
	return isClosed(status) ? 'closed' : 'open';
}

/**
 * The deadline of a new protocol: an access-to-information request has the LAI's 20 days
 * (Lei 12.527/2011 art. 11 §1); otherwise the service's own prazo from the Carta; a service
 * without one gets the ouvidoria's 30 days (Lei 13.460/2017 art. 16).
 */
export function protocolDeadline(
	kind: ProtocolKind,
	service: { deadlineAmount: number | null; deadlineUnit: DeadlineUnit | null }
): { amount: number; unit: DeadlineUnit; rule: 'lai' | 'service' | 'ombudsman' } {
	if (kind === 'informacao') return { amount: 20, unit: 'days', rule: 'lai' };
	if (service.deadlineAmount !== null && service.deadlineUnit !== null) {
		return { amount: service.deadlineAmount, unit: service.deadlineUnit, rule: 'service' };
	}
	return { amount: 30, unit: 'days', rule: 'ombudsman' };
}

export interface RouteRule {
	readonly region: string | null;
	readonly organId: string;
	readonly team: string;
}

export interface RouteChoice {
	readonly organId: string;
	readonly team: string;
	readonly reason: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/**
 * The inbox a protocol falls into: the route row of its region, else the service's default
 * route row, else the organ responsible for the service — with the reason recorded as text.
 */
export function chooseRoute(serviceOrganId: string, routes: readonly RouteRule[], region: string | null): RouteChoice {
	const wanted = region ? fold(region) : '';
	const byRegion = wanted ? routes.find((r) => r.region !== null && fold(r.region) === wanted) : undefined;
	if (byRegion) return { organId: byRegion.organId, team: byRegion.team, reason: `Rota da região ${region!.trim()}` };
	const fallback = routes.find((r) => r.region === null);
	if (fallback) {
		return {
			organId: fallback.organId,
			team: fallback.team,
			reason: region ? `Rota padrão do serviço (sem rota para a região ${region.trim()})` : 'Rota padrão do serviço'
		};
	}
	return { organId: serviceOrganId, team: '', reason: 'Órgão responsável pelo serviço' };
}

/** The forward workflow (issue 5); a closed protocol leaves it only by the ouvidoria's reopening. */
const NEXT: Record<ProtocolStatus, readonly ProtocolStatus[]> = {
	aberto: ['em_analise', 'encaminhado', 'cancelado'],
	em_analise: ['encaminhado', 'em_atendimento', 'indeferido', 'cancelado'],
	encaminhado: ['em_analise', 'encaminhado', 'em_atendimento', 'indeferido', 'cancelado'],
	em_atendimento: ['encaminhado', 'concluido', 'indeferido', 'cancelado'],
	concluido: [],
	indeferido: [],
	cancelado: []
};

/** How many times the ouvidoria may reopen a concluded protocol. */
export const MAX_REOPENINGS = 1;

export interface TransitionRequest {
	readonly from: ProtocolStatus;
	readonly to: ProtocolStatus;
	readonly reopenedCount: number;
	/** The actor serves the organ whose inbox holds the protocol. */
	readonly byCurrentOrgan: boolean;
	/** The actor serves the ouvidoria. */
	readonly byOmbudsman: boolean;
	readonly targetOrgan: boolean;
	readonly note: boolean;
}

export type TransitionDecision =
	| { ok: true; action: 'status' | 'forward' | 'reopen' }
	| { ok: false; code: 'forbidden' | 'invalid_transition' | 'invalid_input'; field?: 'organ' | 'note'; reason: string };

/**
 * Whether a status change is allowed: the current organ moves a protocol forward; forwarding
 * names another organ and says why; a concluded protocol is reopened (back to 'aberto') once,
 * only by the ouvidoria (issue 5, Lei 13.460/2017 art. 16: the ouvidoria is the second instance).
 */
export function decideTransition(r: TransitionRequest): TransitionDecision {
	if (r.from === 'concluido' && r.to === 'aberto') {
		if (!r.byOmbudsman) return { ok: false, code: 'forbidden', reason: 'Only the ouvidoria reopens a concluded protocol.' };
		if (r.reopenedCount >= MAX_REOPENINGS) return { ok: false, code: 'invalid_transition', reason: 'This protocol was already reopened once.' };
		if (!r.note) return { ok: false, code: 'invalid_input', field: 'note', reason: 'Say why it is reopened.' };
		return { ok: true, action: 'reopen' };
	}
	if (!r.byCurrentOrgan) return { ok: false, code: 'forbidden', reason: 'Only the organ holding the protocol changes its status.' };
	if (!NEXT[r.from].includes(r.to)) return { ok: false, code: 'invalid_transition', reason: `From ${r.from} it cannot go to ${r.to}.` };
	if (r.to === 'encaminhado') {
		if (!r.targetOrgan) return { ok: false, code: 'invalid_input', field: 'organ', reason: 'Name the organ it goes to.' };
		if (!r.note) return { ok: false, code: 'invalid_input', field: 'note', reason: 'Say why it is forwarded.' };
		return { ok: true, action: 'forward' };
	}
	return { ok: true, action: 'status' };
}

/** The statuses the current organ may choose next (for the form). */
export function nextStatuses(from: ProtocolStatus): readonly ProtocolStatus[] {
	return NEXT[from];
}

