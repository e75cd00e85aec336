import { sql, type Kysely } from 'kysely';

/*
 * Reports filtered by clerk, priority group or channel read summaries too (issue 15): ticket_stats
 * gains dims that split the unit, its services, hours and clerks by channel and by priority group
 * (day rows), and hours by clerk (month rows, as services by clerk and hours by service). It also
 * counts remote and notified tickets (issue 17). Summaries written before lack those rows and
 * counts, so they go: reports read tickets for the days meanwhile, and the summary job writes them
 * again, oldest first, a few hundred unit-days a tick.
 */
const DIMS = [
	'unit',
	'service',
	'hour',
	'clerk',
	'service_hour',
	'service_clerk',
	'clerk_hour',
	'channel',
	'channel_service',
	'channel_hour',
	'channel_clerk',
	'priority',
	'priority_service',
	'priority_hour',
	'priority_clerk'
];
const OLD_DIMS = ['unit', 'service', 'hour', 'clerk', 'service_hour', 'service_clerk'];

const check = (dims: readonly string[]) => sql`CHECK (dim IN (${sql.join(dims.map((d) => sql.lit(d)))}))`;

/** Issue 17's figures: remote tickets (arrived, expired), and tickets whose visitor opted in to messages. */
const COUNTS = ['remote', 'remote_arrived', 'remote_expired', 'notified', 'notified_served', 'notified_no_show'];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`DELETE FROM ticket_stats`.execute(db);
	await sql`ALTER TABLE ticket_stats DROP CONSTRAINT ticket_stats_dim_check`.execute(db);
	await sql`ALTER TABLE ticket_stats ADD CONSTRAINT ticket_stats_dim_check ${check(DIMS)}`.execute(db);
	await sql`ALTER TABLE ticket_stats ${sql.join(COUNTS.map((c) => sql`ADD COLUMN ${sql.ref(c)} int NOT NULL DEFAULT 0`))}`.execute(db);
	// A report reads one dim of a unit over a range of days: with ten times the rows a day, that is
	// an index range of its own, not a filter over every dim's rows of the range.
	await sql`ALTER TABLE ticket_stats DROP CONSTRAINT ticket_stats_pkey`.execute(db);
	await sql`ALTER TABLE ticket_stats ADD PRIMARY KEY (unit_id, span, dim, day, key)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DELETE FROM ticket_stats`.execute(db);
	await sql`ALTER TABLE ticket_stats DROP CONSTRAINT ticket_stats_pkey`.execute(db);
	await sql`ALTER TABLE ticket_stats ADD PRIMARY KEY (unit_id, span, day, dim, key)`.execute(db);
	await sql`ALTER TABLE ticket_stats ${sql.join(COUNTS.map((c) => sql`DROP COLUMN ${sql.ref(c)}`))}`.execute(db);
	await sql`ALTER TABLE ticket_stats DROP CONSTRAINT ticket_stats_dim_check`.execute(db);
	await sql`ALTER TABLE ticket_stats ADD CONSTRAINT ticket_stats_dim_check ${check(OLD_DIMS)}`.execute(db);
}
