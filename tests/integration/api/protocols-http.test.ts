import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from './server';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';

// The protocol endpoints through the built server on the embedded database with the demo city
// (the use cases themselves run on both engines in tests/integration/requests).
const CPF = `529982247${cpfCheckDigits('529982247')}`;

describe('protocol API over HTTP', () => {
	let server: RunningServer;
	const call = (path: string, init: { method?: string; json?: unknown; cookie?: string } = {}) =>
		fetch(`${server.url}${path}`, {
			method: init.method ?? 'GET',
			headers: { ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: init.cookie } : {}) },
			body: init.json !== undefined ? JSON.stringify(init.json) : undefined
		});
	const login = async (username: string) => {
		const res = await call('/api/v1/auth/login', { method: 'POST', json: { username, password: 'vez-demo' } });
		expect(res.status).toBe(200);
		return res.headers.get('set-cookie')!.split(';')[0];
	};

	beforeAll(async () => {
		server = await startServer({ VEZ_DATA_DIR: tempDataDir() });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('opens, routes, looks up and moves a protocol, with the errors of docs/api.md', async () => {
		const agent = await login('agente156');
		const body = { service: 'tapa-buraco', kind: 'solicitacao', description: 'Buraco grande', region: 'Norte', citizen: { cpf: CPF, name: 'Maria' } };
		expect((await call('/api/v1/protocols', { method: 'POST', json: body })).status).toBe(401);
		const bad = await call('/api/v1/protocols', { method: 'POST', cookie: agent, json: { ...body, citizen: { cpf: '11111111111', name: 'X' } } });
		expect(bad.status).toBe(400);
		expect((await bad.json()).error.fields).toHaveProperty(['citizen.cpf']);
		const res = await call('/api/v1/protocols', { method: 'POST', cookie: agent, json: body });
		expect(res.status).toBe(201);
		const opened = await res.json();
		expect(opened).toMatchObject({ status: 'aberto', organ: { code: 'smi' }, team: 'Regional Norte', service: { code: 'tapa-buraco' } });
		expect(opened.number).toMatch(/^\d{10}-\d$/);

		const pub = await call(`/api/v1/protocols/${opened.number}?cpf=${CPF}`);
		expect(pub.status).toBe(200);
		expect(await pub.json()).toMatchObject({ number: opened.number, history: [], citizen: { cpf: `***.${CPF.slice(3, 6)}.${CPF.slice(6, 9)}-**` } });
		const wrong = await call(`/api/v1/protocols/${opened.number}?code=ZZZZZZZZ`);
		expect(wrong.status).toBe(404);
		expect((await wrong.json()).error.code).toBe('protocol_not_found');
		expect((await call(`/api/v1/protocols/${opened.number}?code=${opened.accessCode}`)).status).toBe(200);

		const infra = await login('infra');
		const staffView = await (await call(`/api/v1/protocols/${opened.number}`, { cookie: infra })).json();
		expect(staffView.staff.routeReason).toBe('Rota da região Norte');
		expect((await call(`/api/v1/protocols/${opened.number}`, { cookie: await login('fazenda') })).status).toBe(404);
		const inbox = await (await call('/api/v1/protocols', { cookie: infra })).json();
		expect(inbox.map((p: { number: string }) => p.number)).toContain(opened.number);

		const skip = await call(`/api/v1/protocols/${opened.number}/status`, { method: 'POST', cookie: infra, json: { status: 'concluido', note: 'x', public: true } });
		expect(skip.status).toBe(409);
		expect((await skip.json()).error.code).toBe('invalid_transition');
		const moved = await call(`/api/v1/protocols/${opened.number}/status`, { method: 'POST', cookie: infra, json: { status: 'em_analise', note: 'Equipe a caminho', public: true } });
		expect(moved.status).toBe(200);
		expect((await moved.json()).status).toBe('em_analise');

		const doc = await (await call('/api/v1/openapi.json')).json();
		expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/protocols', '/protocols/{number}', '/protocols/{number}/status', '/protocols/{number}/rating']));

		// The rating link's endpoint: the access code is the credential; one rating per protocol.
		const rate = (json: unknown) => call(`/api/v1/protocols/${opened.number}/rating`, { method: 'POST', json });
		expect((await rate({ code: 'ZZZZZZZZ', score: 5 })).status).toBe(404);
		expect((await rate({ code: opened.accessCode, score: 9 })).status).toBe(400);
		const rated = await rate({ code: opened.accessCode, score: 5, comment: 'Rápido' });
		expect(rated.status).toBe(201);
		expect(await rated.json()).toEqual({ score: 5, comment: 'Rápido', channel: 'protocol_link' });
		const again = await rate({ code: opened.accessCode, score: 1 });
		expect(again.status).toBe(409);
		expect((await again.json()).error.code).toBe('already_rated');
	});

	it('looks citizens up by CPF only for staff who open protocols', async () => {
		const lookup = (cookie?: string) =>
			fetch(`${server.url}/protocolos/novo?/citizen`, {
				method: 'POST',
				headers: { origin: server.url, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
				body: new URLSearchParams({ cpf: CPF }).toString()
			});
		const agent = await login('agente156');
		await call('/api/v1/protocols', { method: 'POST', cookie: agent, json: { service: 'iptu-segunda-via', kind: 'solicitacao', description: 'Segunda via', citizen: { cpf: CPF, name: 'Maria Lima', phone: '48 98888-7777' } } });
		const found = await lookup(agent);
		expect(found.status).toBe(200);
		const body = await found.text();
		expect(body).toContain('Maria Lima');
		expect(body).toContain('48 98888-7777');
		for (const cookie of [undefined, await login('fazenda')]) {
			const refused = await lookup(cookie);
			const text = await refused.text();
			expect(text).not.toContain('Maria');
			expect(JSON.parse(text)).toMatchObject({ type: 'failure', status: cookie ? 403 : 401 });
		}
	});

	it('answers a form post whose body is not a form with a 400, never a 500', async () => {
		const post = (path: string, cookie?: string) =>
			fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { origin: server.url, 'content-type': 'multipart/form-data; boundary=x', ...(cookie ? { cookie } : {}) },
				body: 'this is not multipart'
			});
		// Public forms (look-up, sign-in, booking), and staff screens' forms.
		for (const path of ['/protocol', '/login', '/book']) expect((await post(path)).status, path).toBe(400);
		const admin = await login('admin.demo');
		for (const path of ['/admin/retention', '/admin/units/centro?/checkIn', '/manage/appointments?/capacity', '/manage/appointments?/close']) expect((await post(path, admin)).status, path).toBe(400);
	});
});
