import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { sha256 } from '../../../src/lib/auth/secrets.server';
import { getOpen311Request, getOpen311Requests, postOpen311Request } from '../../../src/lib/requests/open311-requests.server';
import { open311ServiceDefinition, open311Services } from '../../../src/lib/requests/open311-services.server';
import { codeOf } from '../given';
import { OPEN311_REQUEST_FIELDS } from '../open311-spec';

const KEY = 'open311-test-integration-key';
// The spec's W3C date-time, here with the city's offset.
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-03:00$/;


const form = (fields: Record<string, string>) => new URLSearchParams(fields);

for (const engine of engines()) {
	describe(`Open311 requests on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			await seedDemoIfEmpty(t.deps);
			await handle.db.insertInto('api_tokens').values({ name: 'Central 156', kind: 'integration', token_hash: sha256(KEY), scopes: JSON.stringify(['open311']) }).execute();
		});
		afterAll(() => handle?.close());

		it('lists the catalogue as Open311 services, each with the attributes a POST for it takes', async () => {
			const services = await open311Services(t.deps);
			expect(services.find((s) => s.service_code === 'tapa-buraco')).toMatchObject({ metadata: true, type: 'batch' });
			const definition = await open311ServiceDefinition(t.deps, 'tapa-buraco');
			expect(definition.code).toBe('tapa-buraco');
			expect(definition.attributes.find((a) => a.code === 'cpf')).toMatchObject({ datatype: 'string', required: true });
			expect(await codeOf(open311ServiceDefinition(t.deps, 'nenhum-servico'))).toBe('service_not_found');
		});

		it('refuses a missing, unknown or non-integration api_key with forbidden (403)', async () => {
			const post = { service_code: 'tapa-buraco', address_string: 'Rua A, 1', description: 'Buraco' };
			expect(await codeOf(postOpen311Request(t.deps, form(post), 'http://vez.test'))).toBe('forbidden');
			expect(await codeOf(postOpen311Request(t.deps, form({ ...post, api_key: 'nope' }), 'http://vez.test'))).toBe('forbidden');
			expect(await codeOf(postOpen311Request(t.deps, form({ ...post, api_key: 'demo-kiosk-centro' }), 'http://vez.test'))).toBe('forbidden');
			expect(await codeOf(getOpen311Requests(t.deps, form({})))).toBe('forbidden');
		});

		it('opens a protocol from a posted request and reads it back with every spec field', async () => {
			const created = await postOpen311Request(
				t.deps,
				form({
					api_key: KEY,
					service_code: 'tapa-buraco',
					lat: '-27.5954',
					long: '-48.548',
					description: 'Buraco <b>fundo</b> na esquina',
					first_name: 'Maria',
					last_name: 'Silva',
					email: 'maria@example.org',
					'attribute[cpf]': '529.982.247-25'
				}),
				'http://vez.test'
			);
			expect(created).toHaveLength(1);
			expect(created[0].service_request_id).toMatch(/^2026\d+-\d$/);
			expect(created[0].account_id).toBeNull();
			const [read] = await getOpen311Request(t.deps, KEY, created[0].service_request_id);
			expect(Object.keys(read).sort()).toEqual([...OPEN311_REQUEST_FIELDS].sort());
			expect(read).toMatchObject({
				service_request_id: created[0].service_request_id,
				status: 'open',
				service_code: 'tapa-buraco',
				description: 'Buraco <b>fundo</b> na esquina',
				lat: -27.5954,
				long: -48.548,
				address: null
			});
			for (const field of ['requested_datetime', 'updated_datetime', 'expected_datetime'] as const) expect(read[field]).toMatch(W3C);
			expect(read.agency_responsible).toContain('Infraestrutura');
		});

		it('takes an anonymous request only where the service allows it', async () => {
			const anonymous = { api_key: KEY, address_string: 'Rua das Flores, 10', description: 'Obra sem placa' };
			const ok = await postOpen311Request(t.deps, form({ ...anonymous, service_code: 'denuncia-fiscalizacao-obras' }), 'http://vez.test');
			expect(ok[0].service_request_id).toBeTruthy();
			expect(await codeOf(postOpen311Request(t.deps, form({ ...anonymous, service_code: 'tapa-buraco' }), 'http://vez.test'))).toBe('invalid_input');
		});

		it('rejects bad input with nothing saved', async () => {
			const before = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			const base = { api_key: KEY, address_string: 'Rua A, 1', 'attribute[cpf]': '529.982.247-25', first_name: 'Ana' };
			expect(await codeOf(postOpen311Request(t.deps, form({ ...base, service_code: 'nope' }), 'http://vez.test'))).toBe('service_not_found');
			expect(await codeOf(postOpen311Request(t.deps, form({ ...base, service_code: 'tapa-buraco', description: 'x'.repeat(4001) }), 'http://vez.test'))).toBe(
				'invalid_input'
			);
			expect(await codeOf(postOpen311Request(t.deps, form({ ...base, service_code: 'tapa-buraco', 'attribute[cpf]': '111.111.111-11' }), 'http://vez.test'))).toBe(
				'invalid_input'
			);
			expect(await codeOf(postOpen311Request(t.deps, form({ api_key: KEY, service_code: 'tapa-buraco' }), 'http://vez.test'))).toBe('invalid_input');
			const after = await handle.db.selectFrom('protocols').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
			expect(Number(after.n)).toBe(Number(before.n));
		});

		it('lists requests by service, window and status, and by id', async () => {
			const all = await getOpen311Requests(t.deps, form({ api_key: KEY }));
			expect(all.length).toBeGreaterThanOrEqual(2);
			const holes = await getOpen311Requests(t.deps, form({ api_key: KEY, service_code: 'tapa-buraco' }));
			expect(holes.map((r) => r.service_code)).toEqual(holes.map(() => 'tapa-buraco'));
			expect(holes.length).toBeGreaterThanOrEqual(1);
			expect(await getOpen311Requests(t.deps, form({ api_key: KEY, status: 'closed' }))).toEqual([]);
			expect((await getOpen311Requests(t.deps, form({ api_key: KEY, status: 'open' }))).length).toBe(all.length);
			const window = { api_key: KEY, start_date: '2026-03-01T00:00:00-03:00', end_date: '2026-03-11T00:00:00-03:00' };
			expect((await getOpen311Requests(t.deps, form(window))).length).toBe(all.length);
			expect(await getOpen311Requests(t.deps, form({ ...window, start_date: '2026-03-10T12:00:00-03:00' }))).toEqual([]);
			expect(await codeOf(getOpen311Requests(t.deps, form({ ...window, start_date: '2025-11-01T00:00:00Z' })))).toBe('invalid_input');
			const byId = await getOpen311Requests(t.deps, form({ api_key: KEY, service_request_id: `${all[0].service_request_id},2026999999-9` }));
			expect(byId.map((r) => r.service_request_id)).toEqual([all[0].service_request_id]);
			// service_request_id overrides every other argument: an open request asked for with status=closed is still answered.
			const overridden = await getOpen311Requests(t.deps, form({ api_key: KEY, service_request_id: all[0].service_request_id, status: 'closed', service_code: 'nao-existe' }));
			expect(overridden).toMatchObject([{ service_request_id: all[0].service_request_id, status: 'open' }]);
			expect(await codeOf(getOpen311Request(t.deps, KEY, '2026999999-9'))).toBe('not_found');
		});

		it('answers only a key with the open311 scope, with the requests that key posted and no one else’s', async () => {
			const other = 'open311-other-integration-key';
			const noScope = 'open311-unscoped-integration-key';
			await handle.db
				.insertInto('api_tokens')
				.values([
					{ name: 'Portal', kind: 'integration', token_hash: sha256(other), scopes: JSON.stringify(['open311']) },
					{ name: 'BI', kind: 'integration', token_hash: sha256(noScope), scopes: JSON.stringify(['protocols:read:all']) }
				])
				.execute();
			expect(await codeOf(getOpen311Requests(t.deps, form({ api_key: noScope })))).toBe('forbidden');
			expect(await codeOf(postOpen311Request(t.deps, form({ api_key: noScope, service_code: 'tapa-buraco', address_string: 'Rua A, 1', description: 'Buraco' }), 'http://vez.test'))).toBe('forbidden');
			const mine = await getOpen311Requests(t.deps, form({ api_key: KEY }));
			expect(mine.length).toBeGreaterThanOrEqual(2);
			expect(await getOpen311Requests(t.deps, form({ api_key: other }))).toEqual([]);
			expect(await codeOf(getOpen311Request(t.deps, other, mine[0].service_request_id))).toBe('not_found');
			// The generated history (opened at the desks) is no integration's to read.
			const history = await handle.db.selectFrom('protocols').select('number').where('opened_by', '=', 'system:history').executeTakeFirstOrThrow();
			expect(await codeOf(getOpen311Request(t.deps, KEY, history.number))).toBe('not_found');
		});
	});
}
