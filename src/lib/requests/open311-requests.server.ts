import { DateTime } from 'luxon';
import { VezError, isVezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { actorFromToken } from '$lib/auth/store.server';
import type { Deps } from '$lib/server/deps';
import { openProtocol } from '$lib/requests/open-protocol.server';
import { findProtocol } from '$lib/requests/find-protocol.server';
import type { ProtocolView } from '$lib/requests/views';
import { listProtocols } from '$lib/requests/list-protocols.server';
import { open311Status, parseRequestFilters, protocolDraft } from './open311-requests';
import { localDay } from '$lib/queue/numbering';

/** The most requests one GET answers. */
const MAX_REQUESTS = 200;

/**
 * The `api_key` must be a live integration token with the `open311` scope; it reads the requests
 * its read scopes reach (by default those it posted), never who the citizen is. Vez asks for it on reads too: a protocol's
 * existence and description are restricted information (Lei 13.460/2017, art. 10 §7), so the
 * request list is for the city's own channels, not the open web.
 */
async function integrationActor(deps: Deps, apiKey: string | null): Promise<Actor> {
	const key = apiKey?.trim() ?? '';
	const actor = key && key.length <= 200 ? await actorFromToken(deps.db, key, deps.now()) : null;
	if (!actor || actor.kind !== 'device' || actor.tokenKind !== 'integration') throw new VezError('forbidden', 'Invalid api_key.');
	if (!actor.scopes.includes('open311')) throw new VezError('forbidden', 'This api_key lacks the open311 scope.');
	return actor;
}

/** The spec's W3C date-time with the city's offset, e.g. 2026-03-10T09:15:00-03:00. */
const w3c = (iso: string, zone: string) => DateTime.fromISO(iso).setZone(zone).startOf('second').toISO({ suppressMilliseconds: true })!;

/** A protocol as the spec's service request. */
export function open311Request(p: ProtocolView, zone: string) {
	const point = p.address ? /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/.exec(p.address) : null;
	const notes = p.history.filter((e) => e.public && e.note);
	return {
		service_request_id: p.number,
		status: open311Status(p.status),
		status_notes: notes.length ? notes[notes.length - 1].note : null,
		service_name: p.service.name,
		service_code: p.service.code,
		description: p.description,
		agency_responsible: p.organ.name,
		service_notice: null,
		requested_datetime: w3c(p.createdAt, zone),
		updated_datetime: w3c(p.updatedAt, zone),
		expected_datetime: w3c(p.dueAt, zone),
		address: point ? null : p.address,
		address_id: null,
		zipcode: null,
		lat: point ? Number(point[1]) : null,
		long: point ? Number(point[2]) : null,
		media_url: null
	};
}

export type Open311Request = ReturnType<typeof open311Request>;

/** POST requests: opens a protocol on the integration channel; the id is known at once (no token). */
export async function postOpen311Request(deps: Deps, form: URLSearchParams, origin: string) {
	const actor = await integrationActor(deps, form.get('api_key'));
	const draft = protocolDraft(form);
	if (!draft.ok) throw new VezError('invalid_input', draft.description);
	const opened = await openProtocol(deps, actor, draft.value, origin);
	return [
		{
			service_request_id: opened.number,
			service_notice: `${opened.organ.name}: prazo até ${w3c(opened.dueAt, deps.config.cityZone)}. Acompanhe em ${opened.lookupUrl} com o código ${opened.accessCode}.`,
			account_id: null
		}
	];
}

async function viewOrNull(deps: Deps, actor: Actor, number: string): Promise<ProtocolView | null> {
	try {
		return await findProtocol(deps, actor, number, {}, { via: 'open311', personal: false });
	} catch (e) {
		if (isVezError(e) && e.status === 404) return null;
		throw e;
	}
}

/** GET requests: by ids, or by service, creation window (≤ 90 days) and open/closed, newest first. */
export async function getOpen311Requests(deps: Deps, params: URLSearchParams): Promise<Open311Request[]> {
	const actor = await integrationActor(deps, params.get('api_key'));
	const parsed = parseRequestFilters(params, deps.now());
	if (!parsed.ok) throw new VezError('invalid_input', parsed.description);
	const f = parsed.value;
	let views: ProtocolView[];
	if (f.ids) {
		views = (await Promise.all(f.ids.map((id) => viewOrNull(deps, actor, id)))).filter((v): v is ProtocolView => v !== null);
	} else {
		const list = await listProtocols(deps, actor, { ...(f.serviceCode ? { service: f.serviceCode } : {}), from: localDay(f.start, deps.config.cityZone), to: localDay(f.end, deps.config.cityZone) });
		const inWindow = list.filter((p) => {
			const at = new Date(p.createdAt);
			return at >= f.start && at <= f.end && (!f.status || open311Status(p.status) === f.status);
		});
		inWindow.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
		views = (await Promise.all(inWindow.slice(0, MAX_REQUESTS).map((p) => viewOrNull(deps, actor, p.number)))).filter(
			(v): v is ProtocolView => v !== null
		);
	}
	return views.map((v) => open311Request(v, deps.config.cityZone)).filter((r) => !f.status || r.status === f.status);
}

/** GET requests/{id}: one request, in a list as the spec answers; unknown → 404. */
export async function getOpen311Request(deps: Deps, apiKey: string | null, id: string): Promise<Open311Request[]> {
	const actor = await integrationActor(deps, apiKey);
	const view = await viewOrNull(deps, actor, id);
	if (!view) throw new VezError('not_found', `No service request ${id}.`);
	return [open311Request(view, deps.config.cityZone)];
}
