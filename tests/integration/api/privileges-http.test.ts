import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyPostgres, startServer, tempDataDir, type RunningServer } from './server';
import { cpfCheckDigits } from '../../../src/lib/citizens/cpf';
import { privilegeTable } from '../../privileges-table';

/*
 * The authorization test generated from docs/privileges.md: for every row of its tables, the
 * built server (with the demo city) is asked as that reader, in that situation, through the JSON
 * API and through the screens' pages and form actions, and must answer what the row says — on the
 * embedded database and on PostgreSQL. A row added to the page without a way to put a reader in
 * its situation fails here, as does a scope without a probe.
 */

const CPF = `529982247${cpfCheckDigits('529982247')}`;
const NOBODY_CPF = `714602380${cpfCheckDigits('714602380')}`;

type Fixture = { opener: string; service: string; unit?: string; kind?: string };
const OTHER: Fixture = { opener: 'atendente.ingleses', service: 'tapa-buraco', unit: 'ingleses' };

/** Each reader of the table: a demo login, and how to open a protocol in each situation for them. */
const READERS: Record<string, { login: string; situations: Record<string, Fixture> }> = {
	admin: { login: 'admin.demo', situations: { other: OTHER } },
	manager: {
		login: 'gerente',
		situations: { own_unit: { opener: 'atendente', service: 'iptu-segunda-via', unit: 'centro' }, opened: { opener: 'gerente', service: 'iptu-segunda-via' }, other: OTHER }
	},
	clerk: {
		login: 'atendente',
		situations: { own_unit: { opener: 'atendente2', service: 'iptu-segunda-via', unit: 'centro' }, opened: { opener: 'atendente', service: 'iptu-segunda-via' }, other: OTHER }
	},
	agent: { login: 'agente156', situations: { opened: { opener: 'agente156', service: 'iptu-segunda-via' }, other: OTHER } },
	organ_staff: { login: 'fazenda', situations: { own_organ: { opener: 'agente156', service: 'iptu-segunda-via' }, other: OTHER } },
	ombudsman: { login: 'ouvidoria', situations: { own_organ: { opener: 'agente156', service: 'ouvidoria-manifestacao', kind: 'reclamacao' }, other: OTHER } }
};
/** Organ staff and the ouvidoria see their inbox in lists: a protocol they may read elsewhere is not listed. */
const INBOX_READERS = new Set(['organ_staff', 'ombudsman']);

const engines: { name: string; start(): Promise<{ server: RunningServer; drop?: () => Promise<void> }> }[] = [
	{ name: 'pglite', start: async () => ({ server: await startServer({ VEZ_DATA_DIR: tempDataDir() }) }) }
];
const pgOrNull = await emptyPostgres();
if (pgOrNull) {
	const pgdb = pgOrNull;
	engines.push({ name: 'postgres', start: async () => ({ server: await startServer({ DATABASE_URL: pgdb.url, VEZ_DEMO: '1' }), drop: pgdb.drop }) });
}

for (const engine of engines) {
	describe(`the privilege table over HTTP on ${engine.name}`, () => {
		let server: RunningServer;
		let drop: (() => Promise<void>) | undefined;
		const cookies = new Map<string, string>();

		const call = (path: string, init: { method?: string; json?: unknown; cookie?: string; bearer?: string } = {}) =>
			fetch(`${server.url}${path}`, {
				method: init.method ?? 'GET',
				headers: {
					...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
					...(init.cookie ? { cookie: init.cookie } : {}),
					...(init.bearer ? { authorization: `Bearer ${init.bearer}` } : {})
				},
				body: init.json !== undefined ? JSON.stringify(init.json) : undefined
			});
		/** A form action as the screens post it; answers SvelteKit's `{type, status, data}`. */
		const action = async (path: string, fields: Record<string, string>, cookie: string) => {
			const res = await fetch(`${server.url}${path}`, {
				method: 'POST',
				headers: { origin: server.url, 'x-sveltekit-action': 'true', 'content-type': 'application/x-www-form-urlencoded', cookie },
				body: new URLSearchParams(fields).toString()
			});
			return (await res.json()) as { type: string; status: number; data?: string };
		};
		const login = async (username: string) => {
			const known = cookies.get(username);
			if (known) return known;
			const res = await call('/api/v1/auth/login', { method: 'POST', json: { username, password: 'vez-demo' } });
			expect(res.status, username).toBe(200);
			const cookie = res.headers.get('set-cookie')!.split(';')[0];
			cookies.set(username, cookie);
			return cookie;
		};
		const openAs = async (f: Fixture) => {
			const res = await call('/api/v1/protocols', {
				method: 'POST',
				cookie: await login(f.opener),
				json: {
					service: f.service,
					kind: f.kind ?? 'solicitacao',
					description: 'Pedido de teste',
					citizen: { cpf: CPF, name: 'Maria Cidadã', email: 'maria@example.com', phone: '48 98888-7777' },
					...(f.unit ? { unit: f.unit } : { region: 'Centro' })
				}
			});
			expect(res.status, JSON.stringify(f)).toBe(201);
			return ((await res.json()) as { number: string }).number;
		};
		const refused = (status: number) => status === 403 || status === 404;

		beforeAll(async () => {
			({ server, drop } = await engine.start());
		}, 180_000);
		afterAll(async () => {
			await server?.stop();
			await drop?.();
		});

		describe('protocols', () => {
			for (const row of privilegeTable('protocols')) {
				it(`${row.reader} · ${row.situation}: read ${row.read}, status ${row.status}, receipt ${row.receipt}`, async () => {
					const reader = READERS[row.reader];
					const fixture = reader?.situations[row.situation];
					expect(fixture, `no way to put ${row.reader} in situation ${row.situation}`).toBeDefined();
					const number = await openAs(fixture);
					const cookie = await login(reader.login);

					// Read: the JSON API, the inbox page, and the list; each read of the whole record is audited.
					const api = await call(`/api/v1/protocols/${number}`, { cookie });
					const page = await call(`/inbox/${number}`, { cookie });
					const list = (await (await call('/api/v1/protocols', { cookie })).json()) as { number: string }[];
					if (row.read === 'yes') {
						expect(api.status).toBe(200);
						expect(((await api.json()) as { staff?: { citizenName: string } }).staff?.citizenName).toBe('Maria Cidadã');
						expect(page.status).toBe(200);
						expect(await page.text()).toContain('Maria Cidadã');
						const trail = await (await call(`/admin/audit?action=protocol.read&entityId=${number}`, { cookie: await login('admin.demo') })).text();
						expect(trail).toContain(`user:${reader.login}`);
						expect(trail).toContain('/api/v1/protocols/{number}');
						expect(trail).toContain('/inbox/[number]');
					} else {
						expect(api.status).toBe(404);
						expect(((await api.json()) as { error: { code: string } }).error.code).toBe('protocol_not_found');
						expect(page.status).toBe(404);
						expect(await page.text()).not.toContain('Maria Cidadã');
					}
					const listed = row.read === 'yes' && (!INBOX_READERS.has(row.reader) || row.situation === 'own_organ');
					expect(list.map((p) => p.number).includes(number)).toBe(listed);
					expect(JSON.stringify(list)).not.toMatch(/Maria|maria@|98888/);

					// Status: the API moves it one step, the inbox form the next.
					const apiStatus = await call(`/api/v1/protocols/${number}/status`, { method: 'POST', cookie, json: { status: 'em_analise', note: 'Em análise' } });
					const formStatus = await action(`/inbox/${number}?/status`, { status: 'em_atendimento', note: 'Equipe designada' }, cookie);
					if (row.status === 'yes') {
						expect(apiStatus.status).toBe(200);
						expect(formStatus.type).toBe('success');
					} else {
						expect(refused(apiStatus.status), String(apiStatus.status)).toBe(true);
						expect(formStatus.type).toBe('failure');
						expect(refused(formStatus.status), String(formStatus.status)).toBe(true);
					}
					if (row.status === 'reopen') {
						// Only once the organ holding it concluded it, and only back to 'aberto'.
						const organ = await login('infra');
						for (const status of ['em_analise', 'em_atendimento', 'concluido']) {
							expect((await call(`/api/v1/protocols/${number}/status`, { method: 'POST', cookie: organ, json: { status, note: 'ok', public: false } })).status).toBe(200);
						}
						const reopened = await call(`/api/v1/protocols/${number}/status`, { method: 'POST', cookie, json: { status: 'aberto', note: 'Cidadão recorreu' } });
						expect(reopened.status).toBe(200);
					}

					// Receipt: "Enviar por e-mail" on the protocol screen, to the protocol's own address.
					const mailed = await action('/protocolos/novo?/mail', { number }, cookie);
					if (row.receipt === 'yes') {
						expect(mailed.type).toBe('success');
						expect(mailed.data).toContain('maria@example.com');
					} else {
						expect(mailed.type).toBe('failure');
						expect(refused(mailed.status), String(mailed.status)).toBe(true);
					}
				});
			}
		});

		describe('citizens', () => {
			for (const row of privilegeTable('citizens')) {
				it(`${row.reader}: CPF look-up ${row['cpf look-up']}, LGPD ${row.lgpd}, audit ${row.audit}`, async () => {
					const reader = READERS[row.reader];
					expect(reader, `no login for ${row.reader}`).toBeDefined();
					const cookie = await login(reader.login);
					const expectApi = async (res: Response, allowed: string) => {
						if (allowed === 'yes') expect(res.status).toBe(200);
						else expect(res.status).toBe(403);
					};
					const expectForm = (res: { type: string; status: number }, allowed: string) => {
						if (allowed === 'yes') expect(res.type).toBe('success');
						else expect([res.type, res.status]).toEqual(['failure', 403]);
					};

					await expectApi(await call('/api/v1/citizens/lookup', { method: 'POST', cookie, json: { cpf: CPF } }), row['cpf look-up']);
					expectForm(await action('/protocolos/novo?/citizen', { cpf: CPF }, cookie), row['cpf look-up']);

					await expectApi(await call('/api/v1/citizens/report', { method: 'POST', cookie, json: { cpf: CPF } }), row.lgpd);
					expectForm(await action('/admin/citizens?/report', { cpf: CPF }, cookie), row.lgpd);
					// Anonymising a CPF nobody holds changes nothing, whoever asks.
					await expectApi(await call('/api/v1/citizens/anonymise', { method: 'POST', cookie, json: { cpf: NOBODY_CPF, reason: 'teste' } }), row.lgpd);
					expectForm(await action('/admin/citizens?/anonymise', { cpf: NOBODY_CPF, reason: 'teste', confirm: 'on' }, cookie), row.lgpd);

					const audit = await call('/admin/audit', { cookie });
					expect(audit.status).toBe(row.audit === 'yes' ? 200 : 403);
				});
			}
		});

		describe('integration token scopes', () => {
			const tokenWith = async (scopes: string[]) => {
				const res = await call('/api/v1/tokens', { method: 'POST', cookie: await login('admin.demo'), json: { kind: 'integration', name: `Scopes ${scopes.join(' ')}`, scopes } });
				expect(res.status).toBe(201);
				return ((await res.json()) as { token: string }).token;
			};
			const body = { service: 'tapa-buraco', kind: 'solicitacao', description: 'Buraco', region: 'Norte', citizen: { cpf: CPF, name: 'Maria Cidadã', email: 'maria@example.com' } };
			const read = async (number: string, bearer: string) => call(`/api/v1/protocols/${number}`, { bearer });
			const personal = (text: string) => /Maria|maria@|98888/.test(text);

			/** What each scope of the table must let a token do, and what a token without it cannot. */
			const PROBES: Record<string, () => Promise<void>> = {
				'protocols:create': async () => {
					expect((await call('/api/v1/protocols', { method: 'POST', bearer: await tokenWith(['protocols:create']), json: body })).status).toBe(201);
					expect((await call('/api/v1/protocols', { method: 'POST', bearer: await tokenWith(['queue:read']), json: body })).status).toBe(403);
				},
				'protocols:read:own': async () => {
					const mine = await tokenWith(['protocols:create', 'protocols:read:own']);
					const own = ((await (await call('/api/v1/protocols', { method: 'POST', bearer: mine, json: body })).json()) as { number: string }).number;
					const staffs = await openAs(OTHER);
					const res = await read(own, mine);
					expect(res.status).toBe(200);
					expect(personal(await res.text())).toBe(false);
					expect((await read(staffs, mine)).status).toBe(404);
					const list = await (await call('/api/v1/protocols', { bearer: mine })).json();
					expect(list.map((p: { number: string }) => p.number)).toEqual([own]);
				},
				'protocols:read:all': async () => {
					const all = await tokenWith(['protocols:read:all']);
					const staffs = await openAs(OTHER);
					const res = await read(staffs, all);
					expect(res.status).toBe(200);
					expect(personal(await res.text())).toBe(false);
					expect((await (await call('/api/v1/protocols', { bearer: all })).json()).map((p: { number: string }) => p.number)).toContain(staffs);
					expect((await call('/api/v1/protocols', { bearer: await tokenWith(['protocols:create']) })).status).toBe(403);
				},
				'protocols:read:personal': async () => {
					const crm = await tokenWith(['protocols:read:all', 'protocols:read:personal']);
					const staffs = await openAs(OTHER);
					const res = await read(staffs, crm);
					expect(res.status).toBe(200);
					expect(((await res.json()) as { staff?: { citizenEmail: string } }).staff?.citizenEmail).toBe('maria@example.com');
					const trail = await (await call(`/admin/audit?action=protocol.read&entityId=${staffs}`, { cookie: await login('admin.demo') })).text();
					expect(trail).toContain('integration:Scopes protocols:read:all protocols:read:personal');
				},
				open311: async () => {
					const key = await tokenWith(['open311']);
					const form = new URLSearchParams({ api_key: key, service_code: 'tapa-buraco', address_string: 'Rua A, 1', description: 'Buraco', 'attribute[cpf]': CPF, 'attribute[kind]': 'solicitacao' });
					const posted = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
					expect(posted.status).toBe(200);
					const [{ service_request_id: id }] = (await posted.json()) as { service_request_id: string }[];
					const listed = await (await fetch(`${server.url}/open311/v2/requests.json?api_key=${key}`)).json();
					expect(listed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([id]);
					const without = await tokenWith(['protocols:read:all']);
					expect((await fetch(`${server.url}/open311/v2/requests.json?api_key=${without}`)).status).toBe(403);
				},
				'queue:read': async () => {
					expect((await call('/api/v1/units/centro/queue', { bearer: await tokenWith(['queue:read']) })).status).toBe(200);
					expect((await call('/api/v1/units/centro/queue', { bearer: await tokenWith(['protocols:read:all']) })).status).toBe(403);
				}
			};

			for (const row of privilegeTable('scopes')) {
				it(`${row.scope}: ${row.grants}`, async () => {
					const probe = PROBES[row.scope];
					expect(probe, `no probe for scope ${row.scope}`).toBeDefined();
					await probe();
				});
			}
		});
	});
}
