import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DateTime } from 'luxon';
import { openApiDocument } from '$lib/api/openapi';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { freePort, serverTargets, startServer, type RunningServer } from './server';

/*
 * The OpenAPI document against the server's real answers: every documented operation of /api/v1
 * is called on the demo city through the built server (success and error answers), and each body
 * is validated against the schema the document gives for its status — `additionalProperties:
 * false` included, so a field the document does not show (personal data, say) fails too.
 */

const ADMIN_PASSWORD = 'responses-http-admin';
const CPF = `529982247${cpfCheckDigits('529982247')}`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const UNIT = 'centro';
const OTHER_UNIT = 'lagoa';

type Operation = { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }> };
const doc = openApiDocument('http://vez.test/api/v1') as unknown as { paths: Record<string, Record<string, Operation>> };

/** Every documented `METHOD /path` with its success statuses. */
const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
	Object.entries(ops).map(([method, op]) => ({
		key: `${method.toUpperCase()} ${path}`,
		successes: Object.keys(op.responses).filter((s) => s.startsWith('2'))
	}))
);

/** The document's JSON Schema for one answer as a zod validator (what any client generated from it would accept). */
const validators = new Map<string, z.ZodType>();
function validatorOf(key: string, status: number): z.ZodType | null | undefined {
	const [method, path] = key.split(' ');
	const response = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
	if (!response) return undefined;
	const schema = response.content?.['application/json']?.schema;
	if (!schema) return null;
	const id = `${key} ${status}`;
	if (!validators.has(id)) validators.set(id, z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]));
	return validators.get(id)!;
}

const targets = await serverTargets({ VEZ_SECRET_KEY: 'responses-http-secret', VEZ_WEBHOOKS_ALLOW_PRIVATE: '1' });

for (const target of targets) {
	describe(`the API's answers match the OpenAPI document on ${target.name}`, () => {
		let server: RunningServer;
		let cleanup: () => Promise<void>;
		/** `METHOD /path status` of every answer seen. */
		const seen = new Set<string>();
		const problems: string[] = [];

		type Init = { json?: unknown; body?: string; cookie?: string; token?: string; headers?: Record<string, string> };
		/** Calls `method path` (the documented path with its parameters filled in) and checks the answer against the document. */
		async function call(method: string, path: string, values: Record<string, string> = {}, init: Init = {}, query = '') {
			const key = `${method} ${path}`;
			const url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? `missing-${name}`));
			const headers = new Headers(init.headers);
			if (init.json !== undefined) headers.set('content-type', 'application/json');
			if (init.token) headers.set('authorization', `Bearer ${init.token}`);
			if (init.cookie) headers.set('cookie', init.cookie);
			const res = await fetch(`${server.url}/api/v1${url}${query}`, {
				method,
				headers,
				body: init.json !== undefined ? JSON.stringify(init.json) : init.body
			});
			const text = await res.text();
			const type = res.headers.get('content-type') ?? '';
			const body = type.includes('application/json') && text ? JSON.parse(text) : text;
			seen.add(`${key} ${res.status}`);
			const validator = validatorOf(key, res.status);
			if (validator === undefined) problems.push(`${key}: answered ${res.status}, which the document does not list (${text.slice(0, 200)})`);
			else if (validator === null && type.includes('application/json')) problems.push(`${key} ${res.status}: a JSON body the document does not describe`);
			else if (validator) {
				const checked = validator.safeParse(body);
				if (!checked.success) problems.push(`${key} ${res.status}: ${z.prettifyError(checked.error).slice(0, 600)}\n  body: ${text.slice(0, 300)}`);
			}
			return { status: res.status, body, headers: res.headers };
		}
		const login = async (username: string, password = 'vez-demo') => {
			const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
			expect(res.status).toBe(200);
			return res.headers.get('set-cookie')!.split(';')[0];
		};
		/** The call must answer `status` for the scenario to go on. */
		async function must<T = Record<string, string>>(status: number, answer: Promise<{ status: number; body: unknown }>): Promise<T> {
			const a = await answer;
			expect(a.status, JSON.stringify(a.body).slice(0, 300)).toBe(status);
			return a.body as T;
		}

		beforeAll(async () => {
			const t = await target.env();
			cleanup = t.cleanup;
			server = await startServer({
				...t.env,
				VEZ_ADMIN_PASSWORD: ADMIN_PASSWORD,
				VEZ_VIRTUAL_PRINTER: String(await freePort()),
				// SMS "configured" (nothing needs to arrive): "Avise-me" and reminders are accepted.
				VEZ_SMS_PROVIDER: 'zenvia',
				VEZ_ZENVIA_TOKEN: 'test',
				VEZ_ZENVIA_FROM: 'Vez',
				VEZ_ZENVIA_API_URL: 'http://127.0.0.1:9',
				VEZ_BOOKINGS_PER_IP_HOUR: '0',
				// A printer on this machine's loopback that nothing listens on: the test page's 503.
				VEZ_PRINTER_NETWORKS: '127.0.0.0/8'
			});
		});
		afterAll(async () => {
			await server?.stop();
			await cleanup?.();
		});

		it('session, me, users and tokens', async () => {
			await call('GET', '/openapi.json');
			await must(400, call('POST', '/auth/login', {}, { json: {} }));
			await must(401, call('POST', '/auth/login', {}, { json: { username: 'admin', password: 'wrong-password' } }));
			await must(413, call('POST', '/auth/login', {}, { json: { username: 'admin', password: 'x'.repeat(2_000_000) } }));
			await must(200, call('POST', '/auth/login', {}, { json: { username: 'atendente', password: 'vez-demo' } }));
			const admin = await login('admin', ADMIN_PASSWORD);
			const clerk = await login('atendente');
			await must(200, call('GET', '/me', {}, { cookie: clerk }));
			await must(200, call('GET', '/me', {}, { token: `demo-kiosk-${UNIT}` }));
			await must(401, call('GET', '/me'));

			await must(200, call('GET', '/users', {}, { cookie: admin }));
			await must(401, call('GET', '/users'));
			await must(403, call('GET', '/users', {}, { cookie: clerk }));
			const user = { username: 'pessoa.nova', name: 'Pessoa Nova', password: 'uma-senha-longa', role: 'clerk', units: [UNIT] };
			await must(201, call('POST', '/users', {}, { cookie: admin, json: user }));
			await must(409, call('POST', '/users', {}, { cookie: admin, json: user }));
			await must(400, call('POST', '/users', {}, { cookie: admin, json: { username: 'x' } }));

			await must(200, call('GET', '/tokens', {}, { cookie: admin }));
			await must(403, call('GET', '/tokens', {}, { cookie: clerk }));
			const token = await must(201, call('POST', '/tokens', {}, { cookie: admin, json: { kind: 'kiosk', unit: UNIT, name: 'Totem de teste' } }));
			await must(400, call('POST', '/tokens', {}, { cookie: admin, json: { kind: 'toaster' } }));
			await must(404, call('POST', '/tokens', {}, { cookie: admin, json: { kind: 'kiosk', unit: 'atlantis', name: 'x' } }));
			await must(204, call('DELETE', '/tokens/{id}', { id: token.id }, { cookie: admin }));
			await must(404, call('DELETE', '/tokens/{id}', { id: UNKNOWN_ID }, { cookie: admin }));
			await must(401, call('DELETE', '/tokens/{id}', { id: UNKNOWN_ID }));
			await must(204, call('POST', '/auth/logout', {}, { cookie: await login('atendente2') }));
		});

		it('units, catalogue and priorities', async () => {
			const clerk = await login('atendente');
			await must(200, call('GET', '/units'));
			await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }));
			await must(404, call('GET', '/units/{unit}/services', { unit: 'atlantis' }));
			await must(200, call('GET', '/units/{unit}/counters', { unit: UNIT }, { cookie: clerk }));
			await must(401, call('GET', '/units/{unit}/counters', { unit: UNIT }));
			await must(403, call('GET', '/units/{unit}/counters', { unit: OTHER_UNIT }, { cookie: clerk }));
			await must(200, call('GET', '/priorities'));
			await must(200, call('GET', '/services'));
			await must(200, call('GET', '/services', {}, {}, '?q=iptu'));
			await must(400, call('GET', '/services', {}, {}, `?q=${'a'.repeat(300)}`));
			await must(200, call('GET', '/services/{code}', { code: 'iptu-segunda-via' }));
			await must(404, call('GET', '/services/{code}', { code: 'nada-disso' }));
		});

		it('a ticket through the counter, the panel, the desk tablet and the printer', async () => {
			const clerk = await login('atendente');
			const manager = await login('gerente');
			const kiosk = `demo-kiosk-${UNIT}`;
			const panel = `demo-panel-${UNIT}`;
			const service = ((await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }))) as unknown as { code: string }[])[0].code;
			const issue = (init: Init = { token: kiosk, json: { service } }) => call('POST', '/units/{unit}/tickets', { unit: UNIT }, init);
			const first = await must(201, issue());
			const second = await must(201, issue({ cookie: clerk, json: { service, print: true } }));
			const third = await must(201, issue());
			await must(400, issue({ token: kiosk, json: { service: 7 } }));
			await must(403, issue({ token: panel, json: { service } }));
			await must(404, call('POST', '/units/{unit}/tickets', { unit: 'atlantis' }, { token: kiosk, json: { service } }));
			const offered = new Set(((await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }))) as unknown as { code: string }[]).map((s) => s.code));
			const catalogue = (await must(200, call('GET', '/services'))) as unknown as { code: string }[];
			await must(409, issue({ token: kiosk, json: { service: catalogue.find((s) => !offered.has(s.code))!.code } }));
			await must(413, issue({ token: kiosk, json: { service: 'x'.repeat(2_000_000) } }));
			await must(422, issue({ token: kiosk, json: { service }, headers: { 'idempotency-key': 'same-key' } }).then(() => issue({ token: kiosk, json: { service: 'x' }, headers: { 'idempotency-key': 'same-key' } })));

			await must(200, call('GET', '/units/{unit}/queue', { unit: UNIT }, { cookie: clerk }));
			await must(403, call('GET', '/units/{unit}/queue', { unit: OTHER_UNIT }, { cookie: clerk }));
			await must(200, call('GET', '/tickets/{id}', { id: first.publicId }));
			await must(404, call('GET', '/tickets/{id}', { id: 'not-a-ticket' }));

			const counters = (await must(200, call('GET', '/units/{unit}/counters', { unit: UNIT }, { cookie: clerk }))) as unknown as { id: string; status: string }[];
			const counter = counters.find((c) => c.status === 'closed')!.id;
			await must(409, call('POST', '/counters/{id}/call-next', { id: counter }, { cookie: clerk }));
			await must(400, call('POST', '/counters/{id}/open', { id: counter }, { cookie: clerk, json: { services: [] } }));
			await must(404, call('POST', '/counters/{id}/open', { id: UNKNOWN_ID }, { cookie: clerk, json: { services: [service] } }));
			await must(200, call('POST', '/counters/{id}/open', { id: counter }, { cookie: clerk, json: { services: [service] } }));
			await must(200, call('POST', '/counters/{id}/pause', { id: counter }, { cookie: clerk, json: { reason: 'Café' } }));
			await must(200, call('POST', '/counters/{id}/open', { id: counter }, { cookie: clerk, json: { services: [service] } }));
			await must(409, call('POST', '/tickets/{id}/finish', { id: first.id }, { cookie: clerk, json: { outcome: 'resolved' } }));
			await must(200, call('POST', '/counters/{id}/call-next', { id: counter }, { cookie: clerk }));
			await must(200, call('POST', '/tickets/{id}/recall', { id: first.id }, { cookie: clerk }));
			await must(200, call('POST', '/tickets/{id}/start', { id: first.id }, { cookie: clerk }));
			await must(200, call('GET', '/counters/{id}/display', { id: counter }, { token: panel }));
			await must(401, call('GET', '/counters/{id}/display', { id: counter }));
			await must(404, call('GET', '/counters/{id}/display', { id: UNKNOWN_ID }, { token: panel }));
			await must(200, call('POST', '/tickets/{id}/finish', { id: first.id }, { cookie: clerk, json: { outcome: 'resolved' } }));
			const tablet = await must(200, call('GET', '/counters/{id}/rating', { id: counter }, { token: panel }));
			expect(tablet.ticket).toMatchObject({ publicId: first.publicId });
			await must(201, call('POST', '/counters/{id}/rating', { id: counter }, { token: panel, json: { ticket: first.publicId, score: 5 } }));
			await must(409, call('POST', '/counters/{id}/rating', { id: counter }, { token: panel, json: { ticket: first.publicId, score: 5 } }));
			await must(400, call('POST', '/counters/{id}/rating', { id: counter }, { token: panel, json: { score: 9 } }));
			await must(401, call('GET', '/counters/{id}/rating', { id: counter }));

			await must(200, call('POST', '/counters/{id}/call', { id: counter }, { cookie: clerk, json: { ticket: third.id } }));
			await must(400, call('POST', '/counters/{id}/call', { id: counter }, { cookie: clerk, json: { ticket: 'x' } }));
			await must(200, call('POST', '/tickets/{id}/no-show', { id: third.id }, { cookie: clerk }));
			await must(200, call('POST', '/tickets/{id}/reactivate', { id: third.id }, { cookie: clerk }));
			await must(200, call('POST', '/tickets/{id}/cancel', { id: third.id }, { cookie: clerk }));
			await must(200, call('POST', '/counters/{id}/call', { id: counter }, { cookie: clerk, json: { ticket: second.id } }));
			const other = ((await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }))) as unknown as { code: string }[])[1].code;
			await must(200, call('POST', '/tickets/{id}/transfer', { id: second.id }, { cookie: clerk, json: { service: other } }));
			await must(404, call('POST', '/tickets/{id}/recall', { id: UNKNOWN_ID }, { cookie: clerk }));
			await must(401, call('POST', '/tickets/{id}/recall', { id: first.id }));
			// Whatever still waits for this service is called and cancelled, until nothing waits.
			for (;;) {
				const next = await call('POST', '/counters/{id}/call-next', { id: counter }, { cookie: clerk });
				if (next.status === 204) break;
				expect(next.status).toBe(200);
				await must(200, call('POST', '/tickets/{id}/cancel', { id: (next.body as { id: string }).id }, { cookie: clerk }));
			}
			await must(200, call('POST', '/counters/{id}/close', { id: counter }, { cookie: clerk }));

			await must(200, call('GET', '/units/{unit}/calls', { unit: UNIT }, {}, '?limit=5'));
			await must(400, call('GET', '/units/{unit}/calls', { unit: UNIT }, {}, '?limit=5000'));
			await must(404, call('GET', '/units/{unit}/calls', { unit: 'atlantis' }));

			// Rating from the ticket page: only once, only finished tickets.
			await must(409, call('POST', '/tickets/{id}/rating', { id: third.publicId }, { json: { score: 4 } }));
			await must(400, call('POST', '/tickets/{id}/rating', { id: first.publicId }, { json: { score: 0 } }));
			const done = await must(201, issue());
			await must(200, call('POST', '/counters/{id}/open', { id: counter }, { cookie: clerk, json: { services: [service] } }));
			await must(200, call('POST', '/counters/{id}/call', { id: counter }, { cookie: clerk, json: { ticket: done.id } }));
			await must(200, call('POST', '/tickets/{id}/finish', { id: done.id }, { cookie: clerk, json: { outcome: 'resolved', note: 'ok' } }));
			await must(201, call('POST', '/tickets/{id}/rating', { id: done.publicId }, { json: { score: 4, comment: 'Rápido' } }));
			await must(404, call('POST', '/tickets/{id}/rating', { id: 'not-a-ticket' }, { json: { score: 4 } }));
			await must(200, call('POST', '/counters/{id}/close', { id: counter }, { cookie: clerk }));

			// Paper: the second ticket was printed for the clerk; reprint it and read its job.
			await must(202, call('POST', '/tickets/{id}/reprint', { id: second.id }, { cookie: clerk }));
			await must(200, call('GET', '/tickets/{id}/print', { id: second.id }, { cookie: clerk }));
			await must(404, call('GET', '/tickets/{id}/print', { id: UNKNOWN_ID }, { cookie: clerk }));
			await must(401, call('GET', '/tickets/{id}/print', { id: second.id }));
			await must(404, call('POST', '/tickets/{id}/reprint', { id: UNKNOWN_ID }, { cookie: clerk }));

			const printers = (await must(200, call('GET', '/units/{unit}/printers', { unit: UNIT }, { cookie: manager }))) as unknown as { id: string; port: number }[];
			await must(403, call('GET', '/units/{unit}/printers', { unit: UNIT }, { cookie: clerk }));
			await must(200, call('POST', '/printers/{id}/test', { id: printers[0].id }, { cookie: manager }));
			const added = await must(201, call('POST', '/units/{unit}/printers', { unit: UNIT }, { cookie: manager, json: { name: 'Balcão 2', host: '127.0.0.1', port: 9, width: 58 } }));
			await must(400, call('POST', '/units/{unit}/printers', { unit: UNIT }, { cookie: manager, json: { name: '', port: 'x' } }));
			await must(503, call('POST', '/printers/{id}/test', { id: added.id }, { cookie: manager }));
			await must(200, call('PATCH', '/printers/{id}', { id: added.id }, { cookie: manager, json: { active: false } }));
			await must(400, call('PATCH', '/printers/{id}', { id: added.id }, { cookie: manager, json: { width: 99 } }));
			await must(404, call('PATCH', '/printers/{id}', { id: UNKNOWN_ID }, { cookie: manager, json: { active: false } }));

			const today = DateTime.now().setZone('America/Sao_Paulo').toISODate()!;
			await must(200, call('GET', '/units/{unit}/stats', { unit: UNIT }, { cookie: manager }, `?from=${today}&to=${today}`));
			await must(400, call('GET', '/units/{unit}/stats', { unit: UNIT }, { cookie: manager }, '?from=yesterday'));
			await must(403, call('GET', '/units/{unit}/stats', { unit: UNIT }, { cookie: clerk }));
		});

		it('a ticket taken before arriving, "Cheguei" and "Avise-me"', async () => {
			const service = ((await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }))) as unknown as { code: string }[])[0].code;
			const remote = await must(201, call('POST', '/units/{unit}/tickets', { unit: UNIT }, { json: { service, channel: 'remote', phone: '(48) 99999-0000' } }));
			await must(201, call('POST', '/tickets/{id}/notifications', { id: remote.publicId }, { json: { channel: 'sms', phone: '(48) 99999-0000', ahead: 2 } }));
			await must(400, call('POST', '/tickets/{id}/notifications', { id: remote.publicId }, { json: { channel: 'sms', phone: '123' } }));
			await must(422, call('POST', '/tickets/{id}/notifications', { id: remote.publicId }, { json: { channel: 'whatsapp', phone: '(48) 99999-0000' } }));
			await must(404, call('POST', '/tickets/{id}/notifications', { id: 'not-a-ticket' }, { json: { channel: 'sms', phone: '(48) 99999-0000' } }));
			await must(200, call('POST', '/tickets/{id}/arrival', { id: remote.publicId }));
			await must(409, call('POST', '/tickets/{id}/arrival', { id: remote.publicId }));
			await must(404, call('POST', '/tickets/{id}/arrival', { id: 'not-a-ticket' }));
			await must(204, call('DELETE', '/tickets/{id}/notifications', { id: remote.publicId }));
			await must(404, call('DELETE', '/tickets/{id}/notifications', { id: 'not-a-ticket' }));
		});

		it('appointments: slots, capacity, booking, calendar file, reschedule, cancel and check-in', async () => {
			const manager = await login('gerente');
			const clerk = await login('atendente');
			const code = 'solicitacoes-gerais';
			const today = DateTime.now().setZone('America/Sao_Paulo').toISODate()!;
			const capacity = (await must(200, call('GET', '/units/{unit}/services/{code}/capacity', { unit: UNIT, code }, { cookie: manager }))) as { template: unknown };
			await must(403, call('GET', '/units/{unit}/services/{code}/capacity', { unit: UNIT, code }, { cookie: clerk }));
			await must(200, call('PUT', '/units/{unit}/services/{code}/capacity', { unit: UNIT, code }, { cookie: manager, json: capacity }));
			await must(400, call('PUT', '/units/{unit}/services/{code}/capacity', { unit: UNIT, code }, { cookie: manager, json: { template: {} } }));
			const slots = (await must(200, call('GET', '/units/{unit}/services/{code}/slots', { unit: UNIT, code }, {}, `?date=${today}`))) as unknown as { start: string; free: number }[];
			await must(400, call('GET', '/units/{unit}/services/{code}/slots', { unit: UNIT, code }, {}, '?date=amanha'));
			await must(409, call('GET', '/units/{unit}/services/{code}/slots', { unit: UNIT, code: 'nada-disso' }, {}, `?date=${today}`));
			await must(404, call('GET', '/units/{unit}/services/{code}/slots', { unit: 'atlantis', code }, {}, `?date=${today}`));
			const free = slots.filter((s) => s.free > 0);
			const book = (start: string, n: number) =>
				call('POST', '/appointments', {}, { json: { unit: UNIT, service: code, start, citizen: { cpf: `${String(300_000_000 + n)}${cpfCheckDigits(String(300_000_000 + n))}`, name: 'Pessoa', phone: '(48) 99999-0000' } } });
			const booked = await must(201, book(free[0].start, 1));
			await must(409, book(free[0].start, 1));
			await must(400, call('POST', '/appointments', {}, { json: { unit: UNIT } }));
			await must(404, call('POST', '/appointments', {}, { json: { unit: 'atlantis', service: code, start: free[0].start, citizen: { cpf: CPF, name: 'Pessoa', phone: '(48) 99999-0000' } } }));
			await must(422, call('POST', '/appointments', {}, { json: { unit: UNIT, service: code, start: free[1].start, citizen: { cpf: CPF, name: 'Pessoa', phone: '(48) 99999-0000' }, notify: { channel: 'whatsapp', phone: '(48) 99999-0000' } } }));
			await must(200, call('GET', '/appointments/{code}.ics', { code: booked.code }));
			await must(404, call('GET', '/appointments/{code}.ics', { code: 'ZZZZZZ' }));
			const token = new URL(booked.manageUrl as string).pathname.split('/').pop()!;
			await must(403, call('POST', '/appointments/{code}/cancel', { code: booked.code }, { json: { token: 'x'.repeat(43) } }));
			await must(400, call('POST', '/appointments/{code}/cancel', { code: booked.code }, { json: {} }));
			await must(200, call('POST', '/appointments/{code}/reschedule', { code: booked.code }, { json: { token, start: free[1].start } }));
			await must(200, call('POST', '/appointments/{code}/cancel', { code: booked.code }, { json: { token } }));
			await must(409, call('POST', '/appointments/{code}/cancel', { code: booked.code }, { json: { token } }));
			await must(409, call('GET', '/appointments/{code}.ics', { code: booked.code }));

			// Check-in: the kiosk of the unit, with the booking code, within the window (this service books every 10 minutes).
			const soon = await must(201, book(free[0].start, 2));
			await must(201, call('POST', '/units/{unit}/check-in', { unit: UNIT }, { token: `demo-kiosk-${UNIT}`, json: { appointment: soon.code } }));
			await must(409, call('POST', '/units/{unit}/check-in', { unit: UNIT }, { token: `demo-kiosk-${UNIT}`, json: { appointment: soon.code } }));
			await must(404, call('POST', '/units/{unit}/check-in', { unit: 'atlantis' }, { token: `demo-kiosk-${UNIT}`, json: { appointment: soon.code } }));
			await must(400, call('POST', '/units/{unit}/check-in', { unit: UNIT }, { token: `demo-kiosk-${UNIT}`, json: { appointment: 'ZZZZZZ' } }));
			await must(400, call('POST', '/units/{unit}/check-in', { unit: UNIT }, { token: `demo-kiosk-${UNIT}`, json: {} }));
			await must(401, call('POST', '/units/{unit}/check-in', { unit: UNIT }, { json: { appointment: soon.code } }));
		});

		it('protocols and the citizen (LGPD) endpoints', async () => {
			const agent = await login('agente156');
			const infra = await login('infra');
			const admin = await login('admin', ADMIN_PASSWORD);
			const clerk = await login('atendente');
			const body = { service: 'tapa-buraco', kind: 'solicitacao', description: 'Buraco grande', region: 'Norte', citizen: { cpf: CPF, name: 'Maria', email: 'maria@example.com' } };
			await must(401, call('POST', '/protocols', {}, { json: body }));
			await must(400, call('POST', '/protocols', {}, { cookie: agent, json: { ...body, citizen: { cpf: '11111111111', name: 'X' } } }));
			await must(404, call('POST', '/protocols', {}, { cookie: agent, json: { ...body, service: 'nada-disso' } }));
			const opened = await must(201, call('POST', '/protocols', {}, { cookie: agent, json: body }));
			const number = opened.number as string;
			await must(200, call('GET', '/protocols', {}, { cookie: infra }));
			await must(200, call('GET', '/protocols', {}, { cookie: infra }, '?status=aberto&overdue=false'));
			await must(400, call('GET', '/protocols', {}, { cookie: infra }, '?status=nenhum'));
			await must(401, call('GET', '/protocols'));
			await must(200, call('GET', '/protocols/{number}', { number }, {}, `?cpf=${CPF}`));
			await must(200, call('GET', '/protocols/{number}', { number }, {}, `?code=${opened.accessCode}`));
			await must(200, call('GET', '/protocols/{number}', { number }, { cookie: infra }));
			await must(404, call('GET', '/protocols/{number}', { number }, {}, '?code=ZZZZZZZZ'));
			await must(401, call('GET', '/protocols/{number}', { number }));
			await must(409, call('POST', '/protocols/{number}/status', { number }, { cookie: infra, json: { status: 'concluido', note: 'x', public: true } }));
			await must(200, call('POST', '/protocols/{number}/status', { number }, { cookie: infra, json: { status: 'em_analise', note: 'Vamos ver', public: true } }));
			await must(400, call('POST', '/protocols/{number}/status', { number }, { cookie: infra, json: { status: 'x' } }));
			await must(404, call('POST', '/protocols/{number}/status', { number }, { cookie: clerk, json: { status: 'em_atendimento', note: 'x', public: true } }));
			await must(201, call('POST', '/protocols/{number}/rating', { number }, { json: { code: opened.accessCode, score: 5 } }));
			await must(409, call('POST', '/protocols/{number}/rating', { number }, { json: { code: opened.accessCode, score: 5 } }));
			await must(404, call('POST', '/protocols/{number}/rating', { number }, { json: { code: 'ZZZZZZZZ', score: 5 } }));
			await must(400, call('POST', '/protocols/{number}/rating', { number }, { json: { code: opened.accessCode, score: 6 } }));

			await must(200, call('POST', '/citizens/lookup', {}, { cookie: agent, json: { cpf: CPF } }));
			await must(400, call('POST', '/citizens/lookup', {}, { cookie: agent, json: { cpf: '123' } }));
			await must(401, call('POST', '/citizens/lookup', {}, { json: { cpf: CPF } }));
			await must(200, call('POST', '/citizens/report', {}, { cookie: admin, json: { cpf: CPF } }));
			await must(403, call('POST', '/citizens/report', {}, { cookie: clerk, json: { cpf: CPF } }));
			await must(400, call('POST', '/citizens/anonymise', {}, { cookie: admin, json: { cpf: CPF } }));
			await must(200, call('POST', '/citizens/anonymise', {}, { cookie: admin, json: { cpf: CPF, reason: 'Pedido por e-mail' } }));
			await must(200, call('POST', '/citizens/lookup', {}, { cookie: agent, json: { cpf: CPF } }));
		});

		it('webhooks', async () => {
			const admin = await login('admin', ADMIN_PASSWORD);
			const clerk = await login('atendente');
			const created = await must(201, call('POST', '/webhooks', {}, { cookie: admin, json: { url: 'http://127.0.0.1:9/hook', events: ['*'], description: 'Teste' } }));
			await must(400, call('POST', '/webhooks', {}, { cookie: admin, json: { url: 'not a url', events: [] } }));
			await must(403, call('POST', '/webhooks', {}, { cookie: clerk, json: { url: 'http://127.0.0.1:9/hook', events: ['*'] } }));
			// Something to deliver: a ticket.
			const service = ((await must(200, call('GET', '/units/{unit}/services', { unit: UNIT }))) as unknown as { code: string }[])[0].code;
			await must(201, call('POST', '/units/{unit}/tickets', { unit: UNIT }, { token: `demo-kiosk-${UNIT}`, json: { service } }));
			await must(200, call('GET', '/webhooks', {}, { cookie: admin }));
			const deliveries = (await must(200, call('GET', '/webhooks/{id}/deliveries', { id: created.id }, { cookie: admin }))) as unknown as { id: string }[];
			await must(400, call('GET', '/webhooks/{id}/deliveries', { id: created.id }, { cookie: admin }, '?limit=0'));
			await must(404, call('GET', '/webhooks/{id}/deliveries', { id: UNKNOWN_ID }, { cookie: admin }));
			expect(deliveries.length).toBeGreaterThan(0);
			await must(202, call('POST', '/webhooks/{id}/deliveries/{deliveryId}/redeliver', { id: created.id , deliveryId: deliveries[0].id }, { cookie: admin }));
			await must(404, call('POST', '/webhooks/{id}/deliveries/{deliveryId}/redeliver', { id: created.id , deliveryId: 'msg_nothing' }, { cookie: admin }));
			await must(204, call('DELETE', '/webhooks/{id}', { id: created.id }, { cookie: admin }));
			await must(404, call('DELETE', '/webhooks/{id}', { id: created.id }, { cookie: admin }));
			await must(401, call('GET', '/webhooks'));
		});

		it('answered every documented operation with its success status, and every body as the document says', () => {
			const unseen = documented.flatMap(({ key, successes }) => successes.filter((s) => !seen.has(`${key} ${s}`)).map((s) => `${key} ${s}`));
			expect(unseen).toEqual([]);
			expect(problems).toEqual([]);
		});
	});
}
