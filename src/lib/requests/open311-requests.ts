/**
 * Pure rules of Open311 GeoReport v2 requests over Vez protocols: the form a client posts, the
 * filters of the request list (at most 90 days apart), and the mapping of the richer protocol
 * statuses onto the spec's `open` / `closed`.
 */

/** The spec's longest window between start_date and end_date. */
export const MAX_WINDOW_DAYS = 90;
/** The spec's default window when a client gives no dates. */
export const DEFAULT_WINDOW_DAYS = 90;
export const MAX_DESCRIPTION = 4000;

import { PROTOCOL_KINDS, type ProtocolKind } from '$lib/requests/protocol';
import { isSaneInstant } from '$lib/units/holidays';

export { open311Status } from '$lib/requests/protocol';

export type Parsed<T> = { ok: true; value: T } | { ok: false; description: string };

export interface RequestFilters {
	ids: string[] | null;
	serviceCode: string | null;
	start: Date;
	end: Date;
	status: 'open' | 'closed' | null;
}

function parseDate(raw: string | null): Date | null | 'bad' {
	if (raw === null || raw.trim() === '') return null;
	// W3C date-time with a zone, as the spec asks (e.g. 2026-03-10T00:00:00-03:00 or …Z).
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(raw.trim())) return 'bad';
	const d = new Date(raw.trim());
	return Number.isNaN(d.getTime()) || !isSaneInstant(d) ? 'bad' : d;
}

/**
 * GET requests filters; without dates, the last 90 days up to now. `service_request_id` (one id
 * or a comma-separated list) overrides every other argument, as GeoReport v2 says: asking for
 * request X with `status=closed` still answers X, open or not, and a bad date beside it is moot.
 */
export function parseRequestFilters(params: URLSearchParams, now: Date): Parsed<RequestFilters> {
	const rawIds = params.get('service_request_id');
	const ids = rawIds ? rawIds.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 100) : [];
	if (ids.length) return { ok: true, value: { ids, serviceCode: null, start: now, end: now, status: null } };
	const start = parseDate(params.get('start_date'));
	const end = parseDate(params.get('end_date'));
	if (start === 'bad' || end === 'bad') return { ok: false, description: 'start_date and end_date must be W3C date-times with a zone.' };
	const day = 86_400_000;
	const to = end ?? (start ? new Date(start.getTime() + DEFAULT_WINDOW_DAYS * day) : now);
	const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_DAYS * day);
	if (from > to) return { ok: false, description: 'start_date is after end_date.' };
	if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * day) return { ok: false, description: 'start_date and end_date may be at most 90 days apart.' };
	const status = params.get('status');
	if (status && status !== 'open' && status !== 'closed') return { ok: false, description: 'status must be open or closed.' };
	return {
		ok: true,
		value: { ids: null, serviceCode: params.get('service_code') || null, start: from, end: to, status: (status as 'open' | 'closed' | null) || null }
	};
}

/** What `openProtocol` receives for a posted Open311 request. */
export interface ProtocolDraft {
	service: string;
	kind: ProtocolKind;
	description: string;
	address?: string;
	channel: 'integration';
	anonymous?: true;
	citizen?: { cpf: string; name: string; email?: string; phone?: string };
}

/**
 * The posted form as a protocol: the spec has no CPF, so a client identifies the citizen with
 * `attribute[cpf]`; without it the request is anonymous (refused where the service forbids it).
 * `attribute[kind]` picks the manifestação (default solicitação), as the service definition lists.
 * A point without an address is kept as "lat,long".
 */
export function protocolDraft(form: URLSearchParams): Parsed<ProtocolDraft> {
	const service = form.get('service_code')?.trim() ?? '';
	if (!service) return { ok: false, description: 'service_code is required.' };
	const description = (form.get('description') ?? '').trim();
	if (description.length > MAX_DESCRIPTION) return { ok: false, description: 'description is longer than 4000 characters.' };
	const addressString = form.get('address_string')?.trim() ?? '';
	const lat = form.get('lat')?.trim() ?? '';
	const long = form.get('long')?.trim() ?? '';
	let address = addressString;
	if (!address && (lat || long)) {
		const [y, x] = [Number(lat), Number(long)];
		if (!lat || !long || !Number.isFinite(y) || !Number.isFinite(x) || Math.abs(y) > 90 || Math.abs(x) > 180) {
			return { ok: false, description: 'lat and long must both be given as decimal degrees.' };
		}
		address = `${y},${x}`;
	}
	if (!address && !form.get('address_id')) return { ok: false, description: 'Give address_string, lat and long, or address_id.' };
	const name = [form.get('first_name'), form.get('last_name')].map((s) => s?.trim() ?? '').filter(Boolean).join(' ');
	const cpf = form.get('attribute[cpf]')?.trim() ?? '';
	const kind = form.get('attribute[kind]')?.trim() || 'solicitacao';
	if (!(PROTOCOL_KINDS as readonly string[]).includes(kind)) return { ok: false, description: `attribute[kind] must be one of ${PROTOCOL_KINDS.join(', ')}.` };
	const email = form.get('email')?.trim() || undefined;
	const phone = form.get('phone')?.trim() || undefined;
	return {
		ok: true,
		value: {
			service,
			kind: kind as ProtocolKind,
			description: description || '(sem descrição)',
			...(address ? { address } : {}),
			channel: 'integration',
			...(cpf ? { citizen: { cpf, name: name || 'Cidadão', ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : { anonymous: true as const })
		}
	};
}
