// Small factories for integration tests: a unit with counters and services, staff and devices.
import { VezError } from '../../src/lib/errors';
import type { Actor, Role } from '../../src/lib/auth/actor';
import type { Db } from '../../src/lib/server/db/database';
import type { OpeningHours, UnitSettings } from '../../src/lib/server/db/schema';

let seq = 0;
const uniq = (p: string) => `${p}-${++seq}-${Math.random().toString(36).slice(2, 6)}`;

export interface GivenUnit {
	id: string;
	slug: string;
	counters: { id: string; number: number }[];
	services: Record<string, string>;
}

export async function givenUnit(
	db: Db,
	opts: { services?: { code: string; prefix: string; allowsPriority?: boolean; expectedServiceMinutes?: number }[]; counters?: number; settings?: UnitSettings; hours?: OpeningHours; timezone?: string } = {}
): Promise<GivenUnit> {
	const slug = uniq('unit');
	const unit = await db
		.insertInto('units')
		.values({
			slug,
			name: `Unidade ${slug}`,
			timezone: opts.timezone ?? 'America/Sao_Paulo',
			opening_hours: JSON.stringify(opts.hours ?? {}),
			settings: JSON.stringify(opts.settings ?? { issueOutsideHours: true })
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const organ = await db.insertInto('organs').values({ code: uniq('organ'), name: 'Secretaria', acronym: 'SEC' }).returning('id').executeTakeFirstOrThrow();
	const services: Record<string, string> = {};
	for (const s of opts.services ?? [{ code: 'iptu', prefix: 'A' }, { code: 'alvara', prefix: 'B' }]) {
		const code = `${s.code}-${slug}`;
		const row = await db
			.insertInto('services')
			.values({
				code,
				name: `Serviço ${s.code}`,
				organ_id: organ.id,
				theme: 'Tributos',
				subject: 'Geral',
				documents: '[]',
				steps: '[]',
				channels: '["presencial"]',
				deadline_amount: null,
				deadline_unit: null,
				expected_service_minutes: s.expectedServiceMinutes ?? 10
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('unit_services').values({ unit_id: unit.id, service_id: row.id, prefix: s.prefix, allows_priority: s.allowsPriority ?? true }).execute();
		services[s.code] = code;
	}
	const counters = [];
	for (let n = 1; n <= (opts.counters ?? 2); n++) {
		const c = await db.insertInto('counters').values({ unit_id: unit.id, number: n, name: `Guichê ${n}` }).returning(['id', 'number']).executeTakeFirstOrThrow();
		counters.push(c);
	}
	return { id: unit.id, slug, counters, services };
}

/** A person with a role in some units; the password hash is a placeholder (these tests never log in). */
export async function givenUser(db: Db, role: Role, unitIds: string[] = []): Promise<Extract<Actor, { kind: 'user' }>> {
	const username = uniq(role).replace(/[^a-z0-9.-]/g, '');
	const row = await db.insertInto('users').values({ username, name: `Pessoa ${username}`, password_hash: 'x', role, organ_id: null }).returning('id').executeTakeFirstOrThrow();
	for (const unitId of unitIds) await db.insertInto('user_units').values({ user_id: row.id, unit_id: unitId }).execute();
	return { kind: 'user', id: row.id, username, name: `Pessoa ${username}`, role, unitIds, organId: null };
}

export function kiosk(unitId: string): Actor {
	return { kind: 'device', id: uniq('token'), name: 'Totem', tokenKind: 'kiosk', unitId, scopes: [] };
}

export async function priorityGroup(db: Db, code: string, weight: number) {
	const existing = await db.selectFrom('priority_groups').select('code').where('code', '=', code).executeTakeFirst();
	if (!existing) await db.insertInto('priority_groups').values({ code, name: `Grupo ${code}`, weight }).execute();
	return code;
}

/** The error code a use case failed with, or 'ok': tests read outcomes the way the API reports them. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
	try {
		await p;
		return 'ok';
	} catch (e) {
		if (e instanceof VezError) return e.code;
		throw e;
	}
}

/** The VezError a use case failed with, for tests that read its status or fields. */
export async function errorOf(p: Promise<unknown>): Promise<VezError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof VezError) return e;
		throw e;
	}
	throw new Error('expected a VezError');
}
