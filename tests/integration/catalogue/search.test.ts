import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testDeps } from '../engines';
import type { DatabaseHandle } from '../../../src/lib/server/db/database';
import { seedDemoIfEmpty } from '../../../src/lib/demo/seed.server';
import { DEMO_SERVICES } from '../../../src/lib/demo/city';
import { searchServices, serviceEntry } from '../../../src/lib/catalogue/catalogue-views.server';
import { VezError } from '../../../src/lib/errors';

/** Query → the service that must come first. */
const FIRST: Record<string, string> = {
	iptu: 'iptu-segunda-via',
	IPTU: 'iptu-segunda-via',
	'2ª via iptu': 'iptu-segunda-via',
	'alvara funcionamento': 'alvara-funcionamento',
	'alvará de funcionamento': 'alvara-funcionamento',
	'ALVARÁ construção': 'alvara-construcao',
	'poda arvore': 'poda-de-arvore',
	'Poda de Árvore': 'poda-de-arvore',
	ilumincao: 'iluminacao-publica',
	'iluminação': 'iluminacao-publica',
	cadunico: 'cadastro-unico',
	'CadÚnico': 'cadastro-unico',
	'buraco na rua': 'tapa-buraco',
	dengue: 'foco-dengue',
	creche: 'vaga-creche'
};

const perEngine = new Map<string, Record<string, string[]>>();

for (const engine of engines()) {
	describe(`catalogue search on ${engine.name}`, () => {
		let handle: DatabaseHandle;
		let t: ReturnType<typeof testDeps>;

		beforeAll(async () => {
			handle = await engine.open();
			t = testDeps(handle, { now: new Date('2026-03-10T13:00:00Z') });
			await seedDemoIfEmpty(t.deps);
		});
		afterAll(() => handle?.close());

		it.each(Object.entries(FIRST))('finds the right service first for "%s"', async (q, code) => {
			const results = await searchServices(t.deps, { q });
			expect(results[0]?.code, results.map((r) => r.code).join(', ')).toBe(code);
		});

		it.each(['alvara', 'alvará', 'ALVARA'])('ranks the three alvarás first for "%s"', async (q) => {
			const codes = (await searchServices(t.deps, { q })).map((r) => r.code);
			expect(codes.slice(0, 3).sort()).toEqual(['alvara-construcao', 'alvara-funcionamento', 'alvara-sanitario']);
		});

		it('ranks every IPTU service above the rest for "iptu"', async () => {
			const codes = (await searchServices(t.deps, { q: 'iptu' })).map((r) => r.code);
			expect(codes.slice(0, 3).sort()).toEqual(['iptu-isencao-aposentado', 'iptu-revisao-lancamento', 'iptu-segunda-via']);
		});

		it('finds nothing for gibberish, and lists the whole catalogue for an empty query', async () => {
			expect(await searchServices(t.deps, { q: 'xyzzyqwv' })).toEqual([]);
			const all = await searchServices(t.deps, { q: '  ' });
			expect(all).toHaveLength(DEMO_SERVICES.length);
			const order = all.map((s) => `${s.theme}|${s.subject}`);
			expect(order).toEqual([...order].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		});

		it('filters by theme', async () => {
			const taxes = await searchServices(t.deps, { theme: 'Tributos' });
			expect(taxes.length).toBeGreaterThan(3);
			expect(taxes.every((s) => s.theme === 'Tributos')).toBe(true);
			expect((await searchServices(t.deps, { q: 'alvara', theme: 'Tributos' })).map((s) => s.code)).toEqual([]);
		});

		it('gives the same ordered results as every other engine', async () => {
			const results: Record<string, string[]> = {};
			for (const q of [...Object.keys(FIRST), 'certidao', 'lixo', 'ambiental', 'escola']) {
				results[q] = (await searchServices(t.deps, { q })).map((r) => r.code);
			}
			for (const other of perEngine.values()) expect(results).toEqual(other);
			perEngine.set(engine.name, results);
		});

		it('returns the full Carta de Serviços entry with the units and their current wait', async () => {
			const entry = await serviceEntry(t.deps, 'cadastro-unico');
			expect(entry).toMatchObject({
				code: 'cadastro-unico',
				name: 'Cadastro Único para programas sociais (CadÚnico)',
				theme: 'Assistência social',
				subject: 'Cadastro social',
				deadline: { amount: 1, unit: 'hours', text: 'até 1 hora' },
				channels: ['presencial'],
				anonymousAllowed: false,
				expectedWaitMinutes: 30,
				organ: { code: 'semas', acronym: 'SEMAS' },
				request: { inPerson: true, online: false, bookable: true } // the demo books CadÚnico in every unit
			});
			for (const field of ['description', 'audience', 'requirements', 'delivery', 'fees', 'legalBasis', 'complaints'] as const) {
				expect(entry[field], field).not.toBe('');
			}
			expect(entry.documents.length).toBeGreaterThan(0);
			expect(entry.steps.length).toBeGreaterThan(0);
			expect(entry.units.map((u) => u.slug).sort()).toEqual(['canasvieiras', 'centro', 'continente', 'ingleses', 'lagoa', 'rio-tavares']);
			const centro = entry.units.find((u) => u.slug === 'centro')!;
			expect(centro).toMatchObject({ prefix: 'G', waiting: 0, openCounters: 0, allowsPriority: true });
			expect(centro.estimatedWaitMinutes).toBeGreaterThanOrEqual(0);
		});

		it('says a field service is requested online and not at a counter', async () => {
			const entry = await serviceEntry(t.deps, 'poda-de-arvore');
			expect(entry.units).toEqual([]);
			expect(entry.request).toEqual({ inPerson: false, online: true, bookable: false });
			expect(entry.deadline?.text).toBe('até 60 dias corridos');
		});

		it('answers service_not_found for an unknown code', async () => {
			await expect(serviceEntry(t.deps, 'nope')).rejects.toBeInstanceOf(VezError);
			await expect(serviceEntry(t.deps, 'nope')).rejects.toMatchObject({ code: 'service_not_found' });
		});
	});
}
