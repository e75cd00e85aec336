import { requireOrganId } from '$lib/organs/store.server';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import type { Deps } from '$lib/server/deps';
import { parse, slug } from '$lib/server/http/validate';
import { saneDate } from '$lib/units/holidays';
import { PROTOCOL_STATUSES, type ProtocolKind, type ProtocolStatus } from './protocol';
import { searchProtocols, type ProtocolSearch } from './store.server';
import { protocolAccess, readsNothing } from './protocol-access.server';
import type { ProtocolListItem } from './views';

const isoDay = saneDate();
const flag = z
	.union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])])
	.optional()
	.transform((v) => (v === '' || v === undefined ? undefined : v === true || v === 'true' || v === '1'));

export const ListProtocolsInput = z.object({
	organ: slug.optional().meta({ description: 'Organ code (readers outside an organ)' }),
	status: z.enum(PROTOCOL_STATUSES).optional().meta({ description: 'Status' }),
	service: slug.optional().meta({ description: 'Service code' }),
	region: z.string().trim().max(80).optional().meta({ description: 'The region recorded on the protocol, ignoring case' }),
	from: isoDay.optional().meta({ description: 'Opened on or after (YYYY-MM-DD)' }),
	to: isoDay.optional().meta({ description: 'Opened on or before (YYYY-MM-DD)' }),
	overdue: flag.meta({ description: 'Only overdue (true) or not (false)' })
});

/**
 * The protocols a reader may read (src/lib/auth/authorize.ts), newest first: organ staff their
 * organ's inbox (the ouvidoria also every escalated one); clerks and managers those of their
 * units or that they opened; phone agents those they opened; integrations by scope; admins
 * all — optionally narrowed to one organ by code. Items carry no personal data.
 */
export async function listProtocols(deps: Deps, actor: Actor, raw: unknown = {}): Promise<ProtocolListItem[]> {
	const input = parse(ListProtocolsInput, raw);
	if (actor.kind === 'anonymous') throw new VezError('unauthenticated', 'Sign in first.');
	const access = await protocolAccess(deps.db, actor);
	if (readsNothing(access)) throw new VezError('forbidden', 'You cannot read protocols.');
	const search: ProtocolSearch = {
		reach: access.reach,
		statuses: input.status ? [input.status] : undefined,
		serviceCode: input.service,
		region: input.region || undefined,
		overdue: input.overdue,
		// Dates are local days of the city (VEZ_CITY_TIMEZONE).
		from: input.from ? DateTime.fromISO(input.from, { zone: deps.config.cityZone }).startOf('day').toJSDate() : undefined,
		to: input.to ? DateTime.fromISO(input.to, { zone: deps.config.cityZone }).endOf('day').toJSDate() : undefined,
		limit: 500
	};
	if (access.inbox) {
		search.organIds = [access.inbox.organId];
		search.includeEscalated = access.inbox.ombudsman;
	} else if (input.organ) {
		search.organIds = [await requireOrganId(deps.db, input.organ)];
	}
	const rows = await searchProtocols(deps.db, search);
	return rows.map((p) => ({
		number: p.number,
		kind: p.kind,
		status: p.status,
		service: { code: p.service.code, name: p.service.name },
		organ: { code: p.organ.code, acronym: p.organ.acronym },
		team: p.team,
		region: p.region,
		dueAt: p.dueAt.toISOString(),
		overdue: p.overdue,
		escalated: p.escalatedAt !== null,
		createdAt: p.createdAt.toISOString()
	}));
}
