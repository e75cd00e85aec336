import { describe, expect, it } from 'vitest';
import {
	CITIZEN_PRIVILEGES,
	PROTOCOL_PRIVILEGES,
	inReach,
	personMay,
	personReach,
	situationsOf,
	tokenReach,
	type Reader,
	type Situation
} from '../../../src/lib/auth/authorize';
import { DEFAULT_INTEGRATION_SCOPES, TOKEN_SCOPES, can, type Actor, type TokenScope } from '../../../src/lib/auth/actor';
import { privilegeTable } from '../../privileges-table';

type Person = Extract<Actor, { kind: 'user' }>;
const person = (over: Partial<Person> = {}): Person => ({ kind: 'user', id: 'me', username: 'me', name: 'Me', role: 'clerk', unitIds: ['u1'], organId: null, ...over });
const token = (scopes: TokenScope[]): Extract<Actor, { kind: 'device' }> => ({ kind: 'device', id: 't1', name: 'Central', tokenKind: 'integration', unitId: null, scopes });
const yes = (cell: string) => (cell === 'yes' ? true : cell === 'no' ? false : cell);

describe('the privilege table of docs/privileges.md', () => {
	it('is exactly the table the code decides from, for protocols', () => {
		const fromPage: Record<string, Record<string, unknown>> = {};
		for (const row of privilegeTable('protocols')) {
			fromPage[row.reader] ??= {};
			fromPage[row.reader][row.situation] = { read: yes(row.read), status: yes(row.status), receipt: yes(row.receipt) };
		}
		expect(fromPage).toEqual(PROTOCOL_PRIVILEGES);
	});

	it('is exactly the table the code decides from, for citizens', () => {
		const fromPage = Object.fromEntries(
			privilegeTable('citizens').map((r) => [r.reader, { cpfLookup: yes(r['cpf look-up']), lgpd: yes(r.lgpd), audit: yes(r.audit) }])
		);
		expect(fromPage).toEqual(CITIZEN_PRIVILEGES);
	});

	it('lists every token scope the code knows, and no other', () => {
		expect(privilegeTable('scopes').map((r) => r.scope)).toEqual([...TOKEN_SCOPES]);
	});
});

describe('the personal-data rule', () => {
	const facts = { organId: 'o1', unitId: 'u1', openerId: 'someone' };

	it('finds the situations between a person and a protocol', () => {
		expect(situationsOf(person(), facts).sort()).toEqual(['other', 'own_unit']);
		expect(situationsOf(person({ unitIds: ['u2'] }), facts)).toEqual(['other']);
		expect(situationsOf(person({ unitIds: [], id: 'someone' }), facts).sort()).toEqual(['opened', 'other']);
		expect(situationsOf(person({ role: 'organ_staff', unitIds: [], organId: 'o1' }), facts).sort()).toEqual(['other', 'own_organ']);
		// A protocol opened by phone belongs to no unit, whatever units the reader has.
		expect(situationsOf(person(), { ...facts, unitId: null })).toEqual(['other']);
	});

	it('gives every reader a list filter that keeps exactly the protocols they may read', () => {
		const readers: [Reader, Person][] = [
			['admin', person({ role: 'admin', unitIds: [] })],
			['manager', person({ role: 'manager', unitIds: ['u1', 'u3'] })],
			['clerk', person()],
			['agent', person({ role: 'agent', unitIds: [] })],
			['organ_staff', person({ role: 'organ_staff', unitIds: [], organId: 'o1' })],
			['ombudsman', person({ role: 'organ_staff', unitIds: [], organId: 'o9' })]
		];
		const protocols = ['o1', 'o2', 'o9'].flatMap((organId) =>
			['u1', 'u2', null].flatMap((unitId) => ['me', 'someone', null].map((openerId) => ({ organId, unitId, openerId })))
		);
		for (const [reader, actor] of readers) {
			const reach = personReach(actor, reader);
			for (const p of protocols) {
				expect(inReach(reach, p), `${reader} ${JSON.stringify(p)}`).toBe(personMay(reader, situationsOf(actor, p), 'read'));
			}
		}
	});

	it('lets a token read only what its scopes say, and its own protocols by id, never by name', () => {
		const own = { organId: 'o1', unitId: null, openerId: 't1' };
		const other = { ...own, openerId: 't2' };
		expect(inReach(tokenReach(token(['protocols:read:own'])), own)).toBe(true);
		expect(inReach(tokenReach(token(['protocols:read:own'])), other)).toBe(false);
		expect(inReach(tokenReach(token(['protocols:read:all'])), other)).toBe(true);
		expect(inReach(tokenReach(token(['protocols:create'])), own)).toBe(false);
		expect(inReach(tokenReach(token(['open311'])), own)).toBe(true);
	});

	it('grants integrations actions only through scopes', () => {
		expect(can(token([]), 'protocol:create')).toBe(false);
		expect(can(token(['protocols:create']), 'protocol:create')).toBe(true);
		expect(can(token(['open311']), 'protocol:create')).toBe(true);
		expect(can(token([...DEFAULT_INTEGRATION_SCOPES]), 'protocol:read', { organId: 'o1' })).toBe(false);
		expect(can(token(['protocols:read:all']), 'protocol:read', { organId: 'o1' })).toBe(true);
		expect(can(token([...DEFAULT_INTEGRATION_SCOPES]), 'queue:read', { unitId: 'u1' })).toBe(false);
		expect(can(token(['queue:read']), 'queue:read', { unitId: 'u1' })).toBe(true);
		expect(can(token([...TOKEN_SCOPES]), 'counter:operate', { unitId: 'u1' })).toBe(false);
	});

	it('never lets a reader read in a situation the table leaves out', () => {
		for (const reader of Object.keys(PROTOCOL_PRIVILEGES) as Reader[]) {
			const missing = (['own_organ', 'own_unit', 'opened', 'other'] as Situation[]).filter((s) => !(s in PROTOCOL_PRIVILEGES[reader]));
			for (const s of missing) expect(personMay(reader, [s], 'read')).toBe(false);
		}
	});
});
