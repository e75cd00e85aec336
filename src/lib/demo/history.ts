import type { OpeningHours, RatingChannel, TicketChannel, TicketOutcome, TicketRowStatus } from '$lib/server/db/schema';
import { formatTicketNumber } from '$lib/queue/numbering';
import { cpfCheckDigits } from '$lib/citizens/cpf';
import type { ProtocolKind } from '$lib/server/db/schema';
import { openWindowsOn } from '$lib/units/hours';
import { daySlots } from '$lib/appointments/slots';
import type { CapacityException, CapacityTemplate } from '$lib/appointments/capacity';
import { DateTime } from 'luxon';

/*
 * A deterministic history of a unit's days: arrivals with the morning and early-afternoon peaks
 * of a Pró-Cidadão, a queue served by the unit's counters (priority first, then arrival),
 * service times around the Carta's expected service time, no-shows, give-ups, transfers and
 * ratings with comments. The same seed gives the same history — the demo's and the bench's
 * figures are reproducible. Pure: the caller gives the seed, the days and the ids.
 */

export { seededRandom } from '$lib/random';

export interface HistoryService {
	readonly id: string;
	readonly prefix: string;
	readonly expectedServiceMinutes: number;
	/** The Carta de Serviços' expected waiting time: waits past it rate worse. */
	readonly expectedWaitMinutes: number;
	readonly allowsPriority: boolean;
	/** The unit-service's appointment capacity, when it takes appointments. */
	readonly capacity?: { readonly template: CapacityTemplate; readonly exceptions: readonly CapacityException[] } | null;
}

export interface HistoryUnit {
	readonly id: string;
	readonly timezone: string;
	readonly openingHours: OpeningHours;
	readonly counterIds: readonly string[];
	/** Clerk user ids; counter i is staffed by clerk i mod n (none: tickets without a clerk). */
	readonly clerkIds: readonly string[];
	/** In order of popularity: the first is the busiest. */
	readonly services: readonly HistoryService[];
}

export interface HistoryPriority {
	readonly id: string;
	readonly weight: number;
	/** Share of visitors in this group. */
	readonly share: number;
}

export interface HistoryOptions {
	/** Share of the counters' capacity that arrives at the peak hour (about 1: queues build up). */
	readonly load?: number;
	/** Share of the counters staffed (at least one): fewer clerks, fewer visitors, the same queues. */
	readonly staffing?: number;
	readonly priorities?: readonly HistoryPriority[];
	/** The day's appointments (generateAppointments): the checked-in ones arrive as appointment tickets. */
	readonly appointments?: readonly HistoryAppointment[];
}

/** An appointment made for a slot of the day, and what became of it. */
export interface HistoryAppointment {
	readonly unitId: string;
	readonly serviceId: string;
	readonly start: Date;
	readonly end: Date;
	readonly status: 'checked_in' | 'no_show' | 'cancelled';
	readonly createdAt: Date;
	/** When the citizen checked in at the kiosk (checked in only). */
	readonly arrivedAt: Date | null;
	readonly cancelledAt: Date | null;
	readonly noShowAt: Date | null;
	readonly citizenCpf: string;
	readonly citizenName: string;
	readonly citizenPhone: string;
}

export interface HistoryRating {
	readonly score: number;
	readonly comment: string | null;
	readonly at: Date;
	readonly channel: RatingChannel;
}

/** A protocol the clerk opened for the visitor at the desk, and when its organ concluded it. */
export interface HistoryProtocol {
	readonly kind: ProtocolKind;
	readonly description: string;
	readonly citizenCpf: string;
	readonly citizenName: string;
	readonly openedAt: Date;
	readonly dueAt: Date;
	/** When the organ concludes it (may lie after the day the history is written: then it is still open). */
	readonly concludedAt: Date;
}

export interface HistoryTicket {
	readonly unitId: string;
	readonly serviceId: string;
	readonly number: string;
	readonly day: string;
	readonly priorityGroupId: string | null;
	readonly priorityWeight: number;
	readonly status: TicketRowStatus;
	readonly channel: TicketChannel;
	readonly issuedAt: Date;
	readonly queuedAt: Date;
	readonly calledAt: Date | null;
	readonly startedAt: Date | null;
	readonly finishedAt: Date | null;
	readonly counterId: string | null;
	readonly clerkId: string | null;
	readonly recalls: number;
	readonly transfers: number;
	readonly outcome: TicketOutcome | null;
	readonly estimatedWaitMinutes: number;
	readonly positionAtIssue: number;
	readonly rating: HistoryRating | null;
	readonly protocol: HistoryProtocol | null;
	/** The appointment this ticket was issued for at check-in (channel 'appointment'). */
	readonly appointment: HistoryAppointment | null;
}

/** Relative arrivals per local hour: a morning peak, lunch dip, a smaller afternoon peak. */
const HOURLY_PROFILE: Readonly<Record<number, number>> = {
	7: 0.5, 8: 0.85, 9: 1.0, 10: 1.0, 11: 0.8, 12: 0.5, 13: 0.7, 14: 0.9, 15: 0.8, 16: 0.6, 17: 0.4, 18: 0.3
};

const COMMENTS: Readonly<Record<number, readonly string[]>> = {
	1: ['Esperei demais e ninguém explicou nada.', 'Fui mal atendido.', 'O sistema estava fora do ar.'],
	2: ['Demorou muito para ser chamado.', 'Faltou informação sobre os documentos.', 'Poucos guichês abertos.'],
	3: ['Atendimento ok, mas a fila estava longa.', 'Resolvi, mas precisei voltar outro dia.', 'Razoável.'],
	4: ['Bom atendimento.', 'Rápido e eficiente.', 'Atendente educada e atenciosa.'],
	5: ['Excelente! Resolvi tudo em poucos minutos.', 'Muito bem atendido, parabéns à equipe.', 'Atendimento nota 10.']
};

const NO_SHOW = 0.04;
const GIVE_UP = 0.02;
const TRANSFER = 0.03;
const RATED = 0.35;
const COMMENTED = 0.3;
const PROTOCOL = 0.06;

const PROTOCOL_KINDS: readonly { kind: ProtocolKind; share: number; dueDays: number; text: string }[] = [
	{ kind: 'solicitacao', share: 70, dueDays: 15, text: 'Solicitação registrada no atendimento presencial.' },
	{ kind: 'reclamacao', share: 15, dueDays: 30, text: 'Reclamação registrada no atendimento presencial.' },
	{ kind: 'informacao', share: 10, dueDays: 20, text: 'Pedido de acesso à informação registrado no atendimento presencial.' },
	{ kind: 'elogio', share: 5, dueDays: 30, text: 'Elogio ao atendimento registrado no balcão.' }
];
/** Share of a slot's bookable places taken, and what becomes of an appointment (the rest are checked in). */
const APPOINTMENT_FILL = 0.15;
const APPOINTMENT_CANCELLED = 0.08;
const APPOINTMENT_NO_SHOW = 0.12;
/** Minutes after the start a check-in is still on time (the check-in's default late margin). */
const APPOINTMENT_LATE_MINUTES = 15;
const NAMES = ['Maria da Silva', 'João Santos', 'Ana Oliveira', 'Pedro Souza', 'Luiza Pereira', 'Carlos Lima', 'Fernanda Costa', 'Paulo Rodrigues'];
const DAY_SECONDS = 86_400;

function pickWeighted<T>(rand: () => number, items: readonly T[], weight: (t: T, i: number) => number): T {
	let total = 0;
	for (let i = 0; i < items.length; i++) total += weight(items[i], i);
	let x = rand() * total;
	for (let i = 0; i < items.length; i++) {
		x -= weight(items[i], i);
		if (x <= 0) return items[i];
	}
	return items[items.length - 1];
}

/** A service duration around the expected one: log-normal, so a few take much longer. */
function serviceSeconds(rand: () => number, expectedMinutes: number): number {
	const u1 = Math.max(rand(), 1e-9);
	const u2 = rand();
	const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
	return Math.max(60, Math.round(expectedMinutes * 60 * Math.exp(0.45 * z - 0.1)));
}

interface Visit {
	arrival: number;
	service: HistoryService;
	priority: HistoryPriority | null;
	giveUpAt: number | null;
	noShow: boolean;
	transferTo: HistoryService | null;
	transfers: number;
	position: number;
	estimate: number;
	seq: number;
	appointment: HistoryAppointment | null;
	done?: { called: number; started: number | null; finished: number; counter: number; status: TicketRowStatus };
}

/**
 * One local day of a unit: its tickets in issue order. Arrivals follow HOURLY_PROFILE scaled so
 * the peak hour brings `load` × the counters' capacity; every counter is open all day.
 */
export function generateDay(unit: HistoryUnit, day: string, rand: () => number, options: HistoryOptions = {}): HistoryTicket[] {
	const windows = openWindowsOn(unit.openingHours, unit.timezone, day);
	if (!windows.length || !unit.services.length || !unit.counterIds.length) return [];
	const load = options.load ?? 1;
	const counterIds = unit.counterIds.slice(0, Math.max(1, Math.round(unit.counterIds.length * (options.staffing ?? 1))));
	const priorities = options.priorities ?? [];
	// Popularity 1/(rank + 1), as the arrivals below pick services: the mean service time visitors bring.
	const popularity = unit.services.map((_s, i) => 1 / (i + 1));
	const meanService = unit.services.reduce((sum, x, i) => sum + x.expectedServiceMinutes * popularity[i], 0) / popularity.reduce((a, b) => a + b, 0);
	const peakPerSecond = (load * counterIds.length) / (meanService * 60);

	// Arrivals: a Poisson process thinned by the hour's profile.
	const visits: Visit[] = [];
	for (const w of windows) {
		let t = w.start.getTime() / 1000;
		// Local hour from the zone's offset at opening: no unit changes its clocks during opening hours.
		const offset = localOffsetSeconds(w.start, unit.timezone);
		const end = w.end.getTime() / 1000 - 15 * 60; // the door closes for new tickets a bit before
		while (true) {
			t += -Math.log(Math.max(rand(), 1e-12)) / peakPerSecond;
			if (t >= end) break;
			const hour = Math.floor((((t + offset) % 86_400) + 86_400) % 86_400 / 3600);
			if (rand() > (HOURLY_PROFILE[hour] ?? 0.3)) continue;
			const service = pickWeighted(rand, unit.services, (_s, i) => 1 / (i + 1));
			let priority: HistoryPriority | null = null;
			if (service.allowsPriority && priorities.length) {
				const x = rand();
				let acc = 0;
				for (const p of priorities) {
					acc += p.share;
					if (x < acc) {
						priority = p;
						break;
					}
				}
			}
			const other = unit.services.length > 1 && rand() < TRANSFER ? unit.services[(unit.services.indexOf(service) + 1) % unit.services.length] : null;
			visits.push({
				arrival: Math.round(t),
				service,
				priority,
				giveUpAt: rand() < GIVE_UP ? Math.round(t + 300 + rand() * 2400) : null,
				noShow: rand() < NO_SHOW,
				transferTo: other,
				transfers: 0,
				position: 0,
				estimate: 0,
				seq: 0,
				appointment: null
			});
		}
	}
	// Citizens with an appointment come around its time and are called at it, ahead of walk-ins.
	for (const a of options.appointments ?? []) {
		const service = a.arrivedAt && unit.services.find((x) => x.id === a.serviceId);
		if (!service) continue;
		visits.push({ arrival: Math.round(a.arrivedAt!.getTime() / 1000), service, priority: null, giveUpAt: null, noShow: false, transferTo: null, transfers: 0, position: 0, estimate: 0, seq: 0, appointment: a });
	}
	if (options.appointments?.length) visits.sort((a, b) => a.arrival - b.arrival);

	// The queue: the counter free soonest calls the waiting visitor of highest weight, then earliest.
	const freeAt = counterIds.map(() => windows[0].start.getTime() / 1000);
	const waiting: Visit[] = [];
	const out: Visit[] = [];
	let next = 0;
	const seqs = new Map<string, number>();
	const firstService = new Map<Visit, HistoryService>();
	while (next < visits.length || waiting.length) {
		let c = 0;
		for (let i = 1; i < freeAt.length; i++) if (freeAt[i] < freeAt[c]) c = i;
		const now = freeAt[c];
		if (next < visits.length && visits[next].arrival <= now) {
			const v = visits[next++];
			const weight = v.priority?.weight ?? 0;
			v.position = waiting.filter((w) => (w.priority?.weight ?? 0) >= weight).length;
			v.estimate = Math.round(((v.position + 1) * v.service.expectedServiceMinutes) / counterIds.length);
			const seq = (seqs.get(v.service.id) ?? 0) + 1;
			seqs.set(v.service.id, seq);
			v.seq = seq;
			firstService.set(v, v.service);
			waiting.push(v);
			continue;
		}
		if (!waiting.length) {
			freeAt[c] = visits[next].arrival;
			continue;
		}
		let best = 0;
		for (let i = 1; i < waiting.length; i++) if (callsBefore(waiting[i], waiting[best], now)) best = i;
		const v = waiting.splice(best, 1)[0];
		if (v.giveUpAt !== null && v.giveUpAt < now && v.transfers === 0) {
			v.done = { called: 0, started: null, finished: v.giveUpAt, counter: -1, status: 'cancelled' };
			out.push(v);
			continue;
		}
		if (v.noShow && v.transfers === 0) {
			const finished = now + 120 + Math.round(rand() * 120);
			v.done = { called: now, started: null, finished, counter: c, status: 'no_show' };
			freeAt[c] = finished;
			out.push(v);
			continue;
		}
		const started = now + 20 + Math.round(rand() * 70);
		const finished = started + serviceSeconds(rand, v.service.expectedServiceMinutes);
		freeAt[c] = finished + 15;
		if (v.transferTo && v.transfers === 0) {
			// The same number waits again in the other service, keeping its arrival.
			v.service = v.transferTo;
			v.transfers = 1;
			waiting.push(v);
			continue;
		}
		v.done = { called: now, started, finished, counter: c, status: 'done' };
		out.push(v);
	}

	const at = (s: number) => new Date(s * 1000);
	return out
		.sort((a, b) => a.arrival - b.arrival)
		.map((v): HistoryTicket => {
			const d = v.done!;
			const called = d.status === 'cancelled' ? null : at(d.called);
			const wait = d.called - v.arrival;
			let rating: HistoryRating | null = null;
			if (d.status === 'done' && rand() < RATED) {
				// Long waits make for worse scores: the Carta target is what people were promised.
				const late = wait > v.service.expectedWaitMinutes * 60;
				const score = pickWeighted(rand, [1, 2, 3, 4, 5], (s) => (late ? [8, 10, 20, 35, 27] : [2, 3, 8, 35, 52])[s - 1]);
				const list = COMMENTS[score];
				rating = {
					score,
					comment: rand() < COMMENTED ? list[Math.floor(rand() * list.length)] : null,
					at: at(d.finished + 30 + Math.round(rand() * 600)),
					channel: rand() < 0.6 ? 'counter_tablet' : 'ticket_page'
				};
			}
			let protocol: HistoryProtocol | null = null;
			if (d.status === 'done' && rand() < PROTOCOL) {
				const k = pickWeighted(rand, PROTOCOL_KINDS, (x) => x.share);
				const base = Array.from({ length: 9 }, () => Math.floor(rand() * 10)).join('');
				// Most organs answer in time; one in six runs past the due date.
				const days = rand() < 0.83 ? 1 + rand() * (k.dueDays - 1) : k.dueDays + 1 + rand() * 20;
				protocol = {
					kind: k.kind,
					description: k.text,
					citizenCpf: base + cpfCheckDigits(base),
					citizenName: NAMES[Math.floor(rand() * NAMES.length)],
					openedAt: at(d.finished - 60),
					dueAt: at(d.finished - 60 + k.dueDays * DAY_SECONDS),
					concludedAt: at(d.finished + Math.round(days * DAY_SECONDS))
				};
			}
			const counter = d.counter >= 0 ? d.counter : null;
			const first = firstService.get(v) ?? v.service;
			return {
				unitId: unit.id,
				serviceId: v.service.id,
				number: formatTicketNumber(first.prefix, v.seq),
				day,
				priorityGroupId: v.priority?.id ?? null,
				priorityWeight: v.priority?.weight ?? 0,
				status: d.status,
				channel: v.appointment ? 'appointment' : rand() < 0.9 ? 'kiosk' : 'counter',
				issuedAt: at(v.arrival),
				queuedAt: at(v.arrival),
				calledAt: called,
				startedAt: d.started === null ? null : at(d.started),
				finishedAt: at(d.finished),
				counterId: counter === null ? null : counterIds[counter],
				clerkId: counter === null || !unit.clerkIds.length ? null : unit.clerkIds[counter % unit.clerkIds.length],
				recalls: d.status === 'no_show' ? 2 : 0,
				transfers: v.transfers,
				outcome: d.status === 'done' ? (rand() < 0.9 ? 'resolved' : rand() < 0.5 ? 'referred' : 'unresolved') : null,
				estimatedWaitMinutes: v.estimate,
				positionAtIssue: v.position,
				rating,
				protocol,
				appointment: v.appointment
			};
		});
}

/** Whether the queue calls `a` before `b` at `now`: a due appointment first (earliest), then priority weight, then arrival. */
function callsBefore(a: Visit, b: Visit, now: number): boolean {
	const dueA = a.appointment !== null && a.appointment.start.getTime() / 1000 <= now;
	const dueB = b.appointment !== null && b.appointment.start.getTime() / 1000 <= now;
	if (dueA !== dueB) return dueA;
	if (dueA) return a.appointment!.start < b.appointment!.start;
	const wa = a.priority?.weight ?? 0;
	const wb = b.priority?.weight ?? 0;
	return wa > wb || (wa === wb && a.arrival < b.arrival);
}

/**
 * The appointments made for one local day of a unit: for each service with capacity, each slot
 * of the day (template, exceptions; no holiday table) gets a share `fill` of its bookable places booked,
 * days ahead. Most citizens check in up to 25 minutes early or a few minutes late; some cancel
 * before the day, some never come. Pass the checked-in ones to generateDay as its appointments.
 */
export function generateAppointments(unit: HistoryUnit, day: string, rand: () => number, fill = APPOINTMENT_FILL): HistoryAppointment[] {
	const out: HistoryAppointment[] = [];
	// Services of a unit often share one capacity: cut the day's slots once per distinct capacity.
	const slotsOf = new Map<string, ReturnType<typeof daySlots>>();
	for (const service of unit.services) {
		if (!service.capacity) continue;
		const key = JSON.stringify(service.capacity);
		const slots = slotsOf.get(key) ?? daySlots({ ...service.capacity, holidays: [], timezone: unit.timezone, booked: new Map() }, day);
		slotsOf.set(key, slots);
		for (const slot of slots) {
			for (let place = 0; place < slot.places; place++) {
				if (rand() >= fill) continue;
				const start = slot.start.getTime();
				const createdAt = new Date(start - Math.round((1 + rand() * 20) * DAY_SECONDS * 1000));
				const x = rand();
				const status = x < APPOINTMENT_CANCELLED ? 'cancelled' : x < APPOINTMENT_CANCELLED + APPOINTMENT_NO_SHOW ? 'no_show' : 'checked_in';
				// Early by up to 25 minutes, or late within the check-in margin.
				const arrival = rand() < 0.85 ? start - Math.round(rand() * 25 * 60_000) : start + Math.round(rand() * (APPOINTMENT_LATE_MINUTES - 1) * 60_000);
				const base = Array.from({ length: 9 }, () => Math.floor(rand() * 10)).join('');
				out.push({
					unitId: unit.id,
					serviceId: service.id,
					start: slot.start,
					end: slot.end,
					status,
					createdAt,
					arrivedAt: status === 'checked_in' ? new Date(arrival) : null,
					cancelledAt: status === 'cancelled' ? new Date(createdAt.getTime() + Math.round(rand() * (start - createdAt.getTime()))) : null,
					noShowAt: status === 'no_show' ? new Date(start + APPOINTMENT_LATE_MINUTES * 60_000) : null,
					citizenCpf: base + cpfCheckDigits(base),
					citizenName: NAMES[Math.floor(rand() * NAMES.length)],
					citizenPhone: `(48) 9${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`
				});
			}
		}
	}
	return out;
}

function localOffsetSeconds(instant: Date, zone: string): number {
	return DateTime.fromJSDate(instant, { zone }).offset * 60;
}

/** Local dates from `days` before `today` up to the day before it, oldest first. */
export function pastDays(today: string, days: number): string[] {
	const base = Date.parse(`${today}T00:00:00Z`);
	return Array.from({ length: days }, (_, i) => new Date(base - (days - i) * 86_400_000).toISOString().slice(0, 10));
}

/** A 32-bit seed from text (FNV-1a), so each unit-day gets its own reproducible stream. */
export function seedOf(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
