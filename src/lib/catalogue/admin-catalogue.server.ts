import { z } from 'zod';
import { ownCheck } from '$lib/i18n/field-problem';
import { VezError } from '$lib/errors';
import type { Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import { audit, changes } from '$lib/audit/audit.server';
import { conflictOnDuplicate, taken } from '$lib/server/db/conflict';
import { listOrgans } from '$lib/organs/admin-organs.server';
import { organCodeById, requireOrganId } from '$lib/organs/store.server';
import { deleteRouteRule, insertService, routeRuleOfRegion, routeRules, saveRouteRule, serviceCodeTaken, serviceForEdit, servicesForAdmin, updateService, type ServiceColumns } from './store.server';
import type { Db } from '$lib/server/db/database';
import { DEADLINE_UNITS } from '$lib/units/business-days';
import type { Deps } from '$lib/server/deps';
import { isUuid, parse, slug, text } from '$lib/server/http/validate';

/*
 * The admin's catalogue: every Carta de Serviços field of a service (Lei 13.460/2017
 * art. 7), and the routing rules that send its protocols to an organ's team by region — data
 * the admins edit, never code. Every change is audited with what it was before.
 */

export const SERVICE_CHANNELS = ['presencial', 'web', 'telefone', 'app', 'whatsapp'] as const;

const longText = z.string().trim().max(4000);
const lines = z.array(z.string().trim().min(1).max(500)).max(50);

export const ServiceInput = z
	.object({
		code: slug,
		name: text(160),
		organ: slug,
		theme: text(80),
		subject: text(80),
		description: longText,
		audience: longText,
		requirements: longText,
		documents: lines,
		steps: lines,
		deadlineAmount: z.number().int().min(1).max(10000).nullable(),
		deadlineUnit: z.enum(DEADLINE_UNITS).nullable(),
		delivery: longText,
		fees: longText,
		legalBasis: longText,
		channels: z.array(z.enum(SERVICE_CHANNELS)).max(SERVICE_CHANNELS.length),
		anonymousAllowed: z.boolean(),
		expectedWaitMinutes: z.number().int().min(0).max(1440),
		expectedServiceMinutes: z.number().int().min(1).max(1440),
		complaints: longText,
		keywords: z.string().trim().max(500),
		active: z.boolean()
	})
	.refine((s) => (s.deadlineAmount === null) === (s.deadlineUnit === null), ownCheck('deadline_pair', 'Give both the amount and the unit of the deadline, or neither.', ['deadlineAmount']));

export const RouteInput = z.object({
	region: z.string().trim().max(80).transform((r) => (r === '' ? null : r)),
	organ: slug,
	team: z.string().trim().max(160)
});

async function serviceRow(db: Db, code: string) {
	const service = await serviceForEdit(db, code);
	if (!service) throw new VezError('service_not_found', `No service ${code}.`);
	return service;
}

/** What the service form picks from: organs, channels and deadline units. */
export async function serviceFormChoices(deps: Deps, actor: Actor) {
	return { organs: await listOrgans(deps, actor), channels: SERVICE_CHANNELS, deadlineUnits: DEADLINE_UNITS };
}

export async function listServicesForAdmin(deps: Deps, actor: Actor) {
	authorize(actor, 'admin');
	return servicesForAdmin(deps.db);
}

/** A service's Carta fields and routing rules, for its edit page. */
export async function serviceForAdmin(deps: Deps, actor: Actor, code: string) {
	authorize(actor, 'admin');
	const s = await serviceRow(deps.db, code);
	const organ = await organCodeById(deps.db, s.organId);
	const routes = await routeRules(deps.db, s.id);
	return { service: { ...toInput(s), organ: organ ?? '' }, routes };
}

function toInput(s: Awaited<ReturnType<typeof serviceRow>>): Omit<z.infer<typeof ServiceInput>, 'organ'> {
	return {
		code: s.code,
		name: s.name,
		theme: s.theme,
		subject: s.subject,
		description: s.description,
		audience: s.audience,
		requirements: s.requirements,
		documents: s.documents,
		steps: s.steps,
		deadlineAmount: s.deadlineAmount,
		deadlineUnit: s.deadlineUnit,
		delivery: s.delivery,
		fees: s.fees,
		legalBasis: s.legalBasis,
		channels: s.channels as z.infer<typeof ServiceInput>['channels'],
		anonymousAllowed: s.anonymousAllowed,
		expectedWaitMinutes: s.expectedWaitMinutes,
		expectedServiceMinutes: s.expectedServiceMinutes,
		complaints: s.complaints,
		keywords: s.keywords,
		active: s.active
	};
}

function toColumns(input: z.infer<typeof ServiceInput>, organ: string): ServiceColumns {
	return {
		code: input.code,
		name: input.name,
		organ_id: organ,
		theme: input.theme,
		subject: input.subject,
		description: input.description,
		audience: input.audience,
		requirements: input.requirements,
		documents: JSON.stringify(input.documents),
		steps: JSON.stringify(input.steps),
		deadline_amount: input.deadlineAmount,
		deadline_unit: input.deadlineUnit,
		delivery: input.delivery,
		fees: input.fees,
		legal_basis: input.legalBasis,
		channels: JSON.stringify(input.channels),
		anonymous_allowed: input.anonymousAllowed,
		expected_wait_minutes: input.expectedWaitMinutes,
		expected_service_minutes: input.expectedServiceMinutes,
		complaints: input.complaints,
		keywords: input.keywords,
		active: input.active
	};
}

/** Creates a service (code null) or edits one with all its Carta fields. */
export async function saveService(deps: Deps, actor: Actor, currentCode: string | null, raw: unknown): Promise<{ code: string }> {
	authorize(actor, 'admin');
	const input = parse(ServiceInput, raw);
	return conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const organ = await requireOrganId(trx, input.organ);
				if (input.code !== currentCode && (await serviceCodeTaken(trx, input.code))) throw taken('code', 'Another service already uses this code.');
				if (currentCode === null) {
					const id = await insertService(trx, toColumns(input, organ));
					await audit(trx, actor, 'service.create', 'service', id, { after: input });
					return { code: input.code };
				}
				const current = await serviceRow(trx, currentCode);
				const currentOrgan = await organCodeById(trx, current.organId);
				await updateService(trx, current.id, toColumns(input, organ), deps.now());
				await audit(trx, actor, 'service.update', 'service', current.id, changes({ ...toInput(current), organ: currentOrgan }, input));
				return { code: input.code };
			}),
		{ services_code_key: 'code' }
	);
}

/** Adds or replaces the routing rule of a service for a region (no region: its default inbox). */
export async function saveRoute(deps: Deps, actor: Actor, serviceCode: string, raw: unknown): Promise<void> {
	authorize(actor, 'admin');
	const input = parse(RouteInput, raw);
	await conflictOnDuplicate(
		() =>
			deps.db.transaction().execute(async (trx) => {
				const service = await serviceRow(trx, serviceCode);
				const organ = await requireOrganId(trx, input.organ);
				const current = await routeRuleOfRegion(trx, service.id, input.region);
				await saveRouteRule(trx, { serviceId: service.id, region: input.region, organId: organ, team: input.team }, current?.id);
				if (current) {
					await audit(trx, actor, 'route.update', 'service', service.id, {
						region: input.region,
						...changes({ organ: current.organ, team: current.team }, { organ: input.organ, team: input.team })
					});
				} else {
					await audit(trx, actor, 'route.create', 'service', service.id, { after: input });
				}
			}),
		{ service_routes_one_per_region: 'region' }
	);
}

/** Removes a routing rule; the service's protocols then follow its default route or its organ. */
export async function deleteRoute(deps: Deps, actor: Actor, serviceCode: string, routeId: string): Promise<void> {
	authorize(actor, 'admin');
	if (!isUuid(routeId)) throw new VezError('not_found', 'No such routing rule.');
	await deps.db.transaction().execute(async (trx) => {
		const service = await serviceRow(trx, serviceCode);
		const row = await deleteRouteRule(trx, service.id, routeId);
		if (!row) throw new VezError('not_found', 'No such routing rule.');
		await audit(trx, actor, 'route.delete', 'service', service.id, { before: row });
	});
}
