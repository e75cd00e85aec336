import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { ensureAdmin, createUser, listUsers } from '../../../src/lib/auth/users.server';
import { login } from '../../../src/lib/auth/login.server';
import { actorFromSession, actorFromToken } from '../../../src/lib/auth/store.server';
import { createToken, revokeToken } from '../../../src/lib/auth/tokens.server';
import { tokenFromForm } from '../../../src/lib/auth/token-form.server';
import { can } from '../../../src/lib/auth/actor';
import { VezError } from '../../../src/lib/errors';
import { codeOf } from '../given';


for (const engine of engines()) {
	describe(`auth on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;
		let unitId: string;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle);
			const unit = await handle.db
				.insertInto('units')
				.values({ slug: 'centro', name: 'Centro', opening_hours: '{}', settings: '{}' })
				.returning('id')
				.executeTakeFirstOrThrow();
			unitId = unit.id;
			await handle.db.insertInto('units').values({ slug: 'ingleses', name: 'Ingleses', opening_hours: '{}', settings: '{}' }).execute();
			await ensureAdmin(handle.db, 'admin-password-1');
		});
		afterAll(() => handle.close());

		it('signs the admin in and resolves the session back to the person', async () => {
			const result = await login(t.deps, { username: 'ADMIN', password: 'admin-password-1' }, '10.0.0.1');
			expect(result.actor.role).toBe('admin');
			const actor = await actorFromSession(handle.db, result.sessionSecret, new Date());
			expect(actor).toMatchObject({ kind: 'user', username: 'admin' });
		});

		it('resets the admin password when VEZ_ADMIN_PASSWORD changes', async () => {
			await ensureAdmin(handle.db, 'admin-password-2');
			expect(await codeOf(login(t.deps, { username: 'admin', password: 'admin-password-1' }, '10.0.0.2'))).toBe('invalid_credentials');
			expect(await codeOf(login(t.deps, { username: 'admin', password: 'admin-password-2' }, '10.0.0.2'))).toBe('ok');
		});

		it('answers an unknown user exactly like a wrong password', async () => {
			expect(await codeOf(login(t.deps, { username: 'nobody', password: 'x' }, '10.0.0.3'))).toBe('invalid_credentials');
		});

		it('rejects malformed input with invalid_input naming the fields', async () => {
			const err = await login(t.deps, { username: 42 }, '10.0.0.4').catch((e) => e);
			expect(err).toBeInstanceOf(VezError);
			expect(err.code).toBe('invalid_input');
			expect(Object.keys(err.fields)).toEqual(expect.arrayContaining(['username', 'password']));
		});

		it('locks a username after five failures from one address, there only, even with the right password', async () => {
			const admin = (await login(t.deps, { username: 'admin', password: 'admin-password-2' }, '10.0.0.5')).actor;
			await createUser(t.deps, admin, { username: 'maria', name: 'Maria', password: 'senha-da-maria', role: 'clerk', units: ['centro'] });
			for (let i = 0; i < 5; i++) {
				expect(await codeOf(login(t.deps, { username: 'maria', password: 'wrong' }, '10.1.0.1'))).toBe('invalid_credentials');
			}
			const locked = await login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.1.0.1').catch((e: VezError) => e);
			expect(locked).toMatchObject({ code: 'rate_limited' });
			expect((locked as VezError).retryAfterSeconds).toBe(15 * 60);
			// Maria at her own desk is not locked out by someone typing her username elsewhere.
			expect(await codeOf(login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.1.0.9'))).toBe('ok');
			t.clock.now = new Date(t.clock.now.getTime() + 16 * 60_000);
			expect(await codeOf(login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.1.0.1'))).toBe('ok');
		});

		it('stops an address that sprays thirty usernames, from there only', async () => {
			for (let i = 0; i < 30; i++) expect(await codeOf(login(t.deps, { username: `user${i}`, password: 'wrong' }, '10.2.0.1'))).toBe('invalid_credentials');
			expect(await codeOf(login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.2.0.1'))).toBe('rate_limited');
			expect(await codeOf(login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.2.0.2'))).toBe('ok');
		});

		it('counts a burst of parallel wrong passwords in full', async () => {
			const tries = await Promise.all(Array.from({ length: 12 }, () => codeOf(login(t.deps, { username: 'maria', password: 'wrong' }, '10.3.0.1'))));
			expect(tries.filter((c) => c === 'invalid_credentials').length).toBeLessThanOrEqual(5);
			expect(tries.filter((c) => c === 'rate_limited').length).toBeGreaterThanOrEqual(7);
		});

		it('lets only an admin create users, and refuses a taken username', async () => {
			const admin = (await login(t.deps, { username: 'admin', password: 'admin-password-2' }, '10.0.0.6')).actor;
			const clerk = (await login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.0.0.6')).actor;
			expect(await codeOf(createUser(t.deps, clerk, { username: 'joao', name: 'João', password: '12345678', role: 'clerk' }))).toBe('forbidden');
			expect(await codeOf(createUser(t.deps, admin, { username: 'maria', name: 'Outra', password: '12345678', role: 'clerk' }))).toBe('username_taken');
			expect(await codeOf(createUser(t.deps, admin, { username: 'ana', name: 'Ana', password: '12345678', role: 'clerk', units: ['nowhere'] }))).toBe('invalid_input');
			const users = await listUsers(t.deps, admin);
			expect(users.find((u) => u.username === 'maria')?.units).toEqual(['centro']);
		});

		it('keeps a clerk inside their own units', async () => {
			const clerk = (await login(t.deps, { username: 'maria', password: 'senha-da-maria' }, '10.0.0.7')).actor;
			expect(can(clerk, 'counter:operate', { unitId })).toBe(true);
			const other = await handle.db.selectFrom('units').select('id').where('slug', '=', 'ingleses').executeTakeFirstOrThrow();
			expect(can(clerk, 'counter:operate', { unitId: other.id })).toBe(false);
			expect(can(clerk, 'admin')).toBe(false);
		});

		it('issues a kiosk token shown once, bound to its unit, and revokes it', async () => {
			const admin = (await login(t.deps, { username: 'admin', password: 'admin-password-2' }, '10.0.0.8')).actor;
			expect(await codeOf(createToken(t.deps, admin, { kind: 'kiosk', name: 'Totem 1' }))).toBe('invalid_input');
			const created = await createToken(t.deps, admin, { kind: 'kiosk', unit: 'centro', name: 'Totem 1' });
			expect(created.token.length).toBeGreaterThanOrEqual(40);
			const stored = await handle.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.id).executeTakeFirstOrThrow();
			expect(stored.token_hash).not.toContain(created.token);
			const device = await actorFromToken(handle.db, created.token, new Date());
			expect(device).toMatchObject({ kind: 'device', tokenKind: 'kiosk', unitId });
			expect(can(device!, 'ticket:issue', { unitId })).toBe(true);
			expect(can(device!, 'queue:read', { unitId })).toBe(false);
			await revokeToken(t.deps, admin, created.id);
			expect(await actorFromToken(handle.db, created.token, new Date())).toBeNull();
		});

		it('issues the admin screen’s tokens: its scope boxes count for an integration token only', async () => {
			const admin = (await login(t.deps, { username: 'admin', password: 'admin-password-2' }, '10.0.0.9')).actor;
			const form = (kind: string, unit: string) => {
				const f = new FormData();
				f.set('kind', kind);
				f.set('unit', unit);
				f.set('name', `Pelo formulário (${kind})`);
				for (const scope of ['open311', 'protocols:read:own']) f.append('scope', scope);
				return f;
			};
			expect((await createToken(t.deps, admin, tokenFromForm(form('kiosk', 'centro')))).scopes).toEqual([]);
			expect((await createToken(t.deps, admin, tokenFromForm(form('integration', '')))).scopes).toEqual(['open311', 'protocols:read:own']);
		});
	});
}
