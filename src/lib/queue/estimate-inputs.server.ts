import { DateTime } from 'luxon';
import type { Deps } from '$lib/server/deps';
import { activeUnits, countersOfUnit, type UnitRecord } from '$lib/units/store.server';
import { counterStatusChanges } from '$lib/audit/store.server';
import { openWindowsOn } from '$lib/units/hours';
import { addDays } from '$lib/stats/report-query';
import { DEFAULT_LOG_SPREAD, pauseHabits, type ForecastCounter, type PaceSample, type ServiceProfile } from './estimate';
import { localDay } from './numbering';
import type { ForecastFacts } from './snapshot';
import type { Db } from '$lib/server/db/database';
import { bookedStartsBetween, showsByServiceBetween } from '$lib/appointments/store.server';
import { latestFinishedServices, liveCounters, priorityWalkInsOn, profileDays, profileHistory, queueProfilesOf, replaceQueueProfiles, type QueueProfileRecord } from './estimate-store.server';

/*
 * The forecast's inputs. The slow-moving ones (service times, no-shows, transfers, priority
 * walk-ins per hour, when booked visitors check in) come from queue_profiles, which a job rewrites
 * once a day per unit from its last four weeks; the live ones (counters, what they are serving,
 * today's pace and priority walk-ins so far, appointments still to come) are a few small reads of
 * today's rows (estimate-store.server.ts; booked appointments through the appointments store).
 * Today's pace counts each service with the hand-over after it (the clerk's gap before the next
 * call), which the usual service times leave out.
 */

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** How many past days a profile is made of. */
export const PROFILE_DAYS = 28;
// A pause's usual length where the unit's history has none ended.
const TYPICAL_PAUSE_SECONDS = 15 * 60;
const DEFAULT_SHOW_SHARE = 0.85;
// Today's latest services: enough for the pace with an hour-long half-life.
const PACE_SAMPLES = 60;
// Longest gap between a finish and the counter's next call still read as hand-over time.
const HANDOVER_SECONDS = 180;

/** Everything the forecast needs besides the waiting tickets, for one unit now. */
export async function forecastFacts(
	db: Db,
	unit: UnitRecord,
	/** The unit's services, already read by the caller. */
	services: readonly { id: string; code: string; expectedServiceMinutes: number }[],
	now: Date
): Promise<ForecastFacts> {
	const today = localDay(now, unit.timezone);
	const grace = unit.settings.appointments?.lateMinutes ?? 15;
	const [profiles, counters, samples, booked, priorityToday] = await Promise.all([
		queueProfilesOf(db, unit.id),
		liveCounters(db, unit.id),
		// Today's latest services, each with its counter's next call.
		latestFinishedServices(db, unit.id, today, PACE_SAMPLES),
		bookedStartsBetween(db, unit.id, new Date(now.getTime() - grace * 60_000), new Date(now.getTime() + 12 * 3600_000)),
		// Today's priority walk-ins so far, counted as the profiles count them — and only in services
		// that have a profile, whose usual rates they are compared with: the usual rates are scaled by them.
		priorityWalkInsOn(db, unit.id, today)
	]);
	const codeOf = new Map(services.map((s) => [s.id, s.code]));
	const history = new Map(profiles.map((p) => [p.serviceId, p]));
	const profileMap = new Map<string, ServiceProfile>();
	for (const s of services) {
		const p = history.get(s.id);
		profileMap.set(s.code, {
			code: s.code,
			meanServiceSeconds: p?.meanServiceSeconds ?? Math.max(60, s.expectedServiceMinutes * 60),
			logSpread: p?.logSpread ?? DEFAULT_LOG_SPREAD,
			noShowShare: p?.noShowShare ?? 0.05,
			transferShare: p?.transferShare ?? 0,
			transfersTo: p?.transfersTo ?? [],
			priorityArrivals: p?.priorityArrivals ?? []
		});
	}
	// The unit's breaks: the same on every row of its profiles.
	const breaks = profiles.find((p) => p.pausesPerHour !== null);
	const shows = profiles.flatMap((p) => (p.appointmentShowShare === null ? [] : [p.appointmentShowShare]));
	const checkIns = profiles.flatMap((p) => (p.appointmentEarlySeconds === null || p.appointmentLateShare === null ? [] : [{ earlySeconds: p.appointmentEarlySeconds, lateShare: p.appointmentLateShare }]));
	const local = DateTime.fromJSDate(now, { zone: unit.timezone });
	const window = openWindowsOn(unit.openingHours, unit.timezone, today).find((w) => w.start <= now && now < w.end);
	const closesInSeconds = window ? (window.end.getTime() - now.getTime()) / 1000 : null;
	const seconds = (from: Date | null) => (from ? Math.max(0, (now.getTime() - from.getTime()) / 1000) : 0);
	return {
		localHour: local.hour + local.minute / 60,
		counters: counters.map(
			(c): ForecastCounter => ({
				id: c.id,
				services: c.serviceIds.map((id) => codeOf.get(id)).filter((code): code is string => !!code),
				status: c.status,
				current: c.current ? { serviceCode: codeOf.get(c.current.serviceId) ?? '', elapsedSeconds: seconds(c.current.startedAt ?? c.current.calledAt) } : null,
				pausedSeconds: c.status === 'paused' ? seconds(c.statusSince) : 0,
				closesInSeconds
			})
		),
		profiles: profileMap,
		booked: booked.flatMap((b) => (codeOf.has(b.serviceId) ? [{ serviceCode: codeOf.get(b.serviceId)!, at: b.startAt }] : [])),
		appointmentShowShare: shows.length ? mean(shows) : DEFAULT_SHOW_SHARE,
		...(checkIns.length ? { appointmentCheckIns: { earlySeconds: mean(checkIns.map((c) => c.earlySeconds)), lateShare: mean(checkIns.map((c) => c.lateShare)) } } : {}),
		todaySamples: samples.flatMap((s): PaceSample[] => {
			const from = s.startedAt ?? s.calledAt;
			const code = codeOf.get(s.serviceId);
			if (!from || !s.finishedAt || !code) return [];
			// The counter's next call came this long after: its hand-over, part of what a ticket costs
			// the counter today — when that next ticket was already waiting (otherwise the counter sat
			// idle) and the gap is short (a longer one was a pause, not pace).
			const waited = s.nextQueuedAt !== null && s.nextQueuedAt.getTime() <= s.finishedAt.getTime();
			const handover = s.nextCallAt && waited ? (s.nextCallAt.getTime() - s.finishedAt.getTime()) / 1000 : 0;
			const seconds = (s.finishedAt.getTime() - from.getTime()) / 1000 + (handover > 0 && handover <= HANDOVER_SECONDS ? handover : 0);
			return [{ serviceCode: code, seconds, at: s.finishedAt }];
		}),
		typicalPauseSeconds: breaks?.pauseMeanSeconds ?? TYPICAL_PAUSE_SECONDS,
		...(breaks?.pausesPerHour ? { pausesPerHour: breaks.pausesPerHour } : {}),
		priorityWalkInsToday: priorityToday
	};
}

/**
 * Rewrites a unit's profiles from its last {@link PROFILE_DAYS} local days (today excluded): per
 * service, the mean and log-spread of service times, the shares of calls that were no-shows or
 * transfers (and to where), the priority walk-ins per group and local hour of an average open day,
 * the share of booked appointments that checked in and when they did relative to their time. One transaction; a rerun gives the same rows.
 */
export async function refreshUnitProfiles(db: Db, unit: UnitRecord, now: Date): Promise<void> {
	const today = localDay(now, unit.timezone);
	const from = addDays(today, -PROFILE_DAYS);
	const to = addDays(today, -1);
	const startAt = DateTime.fromISO(from, { zone: unit.timezone }).toJSDate();
	const endAt = DateTime.fromISO(today, { zone: unit.timezone }).toJSDate();
	await db.transaction().execute(async (trx) => {
		const counterIds = (await countersOfUnit(trx, unit.id)).map((c) => c.id);
		const [history, shows, changes] = await Promise.all([
			profileHistory(trx, unit.id, unit.timezone, { from, to, startAt, endAt }),
			showsByServiceBetween(trx, unit.id, startAt, endAt),
			counterStatusChanges(trx, counterIds, startAt, endAt)
		]);
		const breaks = pauseHabits(changes, (at) => {
			const local = DateTime.fromJSDate(at, { zone: unit.timezone });
			return { day: local.toISODate() ?? '', hour: local.hour };
		});
		const days = Math.max(1, history.days);
		const profiles = history.services.map((s): QueueProfileRecord => {
			const groups = new Map<string, { code: string; weight: number; perHour: number[] }>();
			for (const p of history.priorityWalkIns.filter((p) => p.serviceId === s.serviceId)) {
				const g = groups.get(p.code) ?? { code: p.code, weight: p.weight, perHour: Array<number>(24).fill(0) };
				g.perHour[p.hour] += p.n / days;
				groups.set(p.code, g);
			}
			const moves = history.transfers.filter((t): t is { serviceId: string; to: string; n: number } => t.serviceId === s.serviceId && !!t.to);
			const moved = moves.reduce((sum, t) => sum + t.n, 0);
			const booked = shows.find((a) => a.serviceId === s.serviceId);
			const came = history.checkIns.find((c) => c.serviceId === s.serviceId);
			return {
				serviceId: s.serviceId,
				computedDay: today,
				days,
				served: s.served,
				meanServiceSeconds: s.meanSeconds,
				logSpread: s.logSpread,
				noShowShare: s.called ? s.noShows / s.called : 0,
				transferShare: s.called ? moved / s.called : 0,
				transfersTo: moves.map((t) => ({ code: t.to, share: t.n / moved })),
				priorityArrivals: [...groups.values()],
				appointmentShowShare: booked && booked.due ? booked.came / booked.due : null,
				// Early check-ins read as spread evenly over a span before the time: twice their mean.
				appointmentEarlySeconds: came && came.meanEarlySeconds !== null ? 2 * came.meanEarlySeconds : null,
				appointmentLateShare: came && came.n ? came.late / came.n : null,
				pausesPerHour: [...breaks.perHour],
				pauseMeanSeconds: breaks.meanSeconds
			};
		});
		await replaceQueueProfiles(trx, unit.id, profiles);
	});
}

/** The job: every unit whose profiles are not from its today yet gets them rewritten. */
export async function refreshQueueProfiles(deps: Deps): Promise<number> {
	const now = deps.now();
	const units = await activeUnits(deps.db);
	const dayOf = await profileDays(deps.db);
	let refreshed = 0;
	for (const unit of units) {
		if (dayOf.get(unit.id) === localDay(now, unit.timezone)) continue;
		await refreshUnitProfiles(deps.db, unit, now);
		refreshed++;
	}
	return refreshed;
}
