import { sql, type Kysely } from 'kysely';

/** Protocol ratings come from the link in the protocol's e-mails (issue 5/7): a third rating channel. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE ratings DROP CONSTRAINT ratings_channel_check`.execute(db);
	await sql`ALTER TABLE ratings ADD CONSTRAINT ratings_channel_check CHECK (channel IN ('ticket_page', 'counter_tablet', 'protocol_link'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DELETE FROM ratings WHERE channel = 'protocol_link'`.execute(db);
	await sql`ALTER TABLE ratings DROP CONSTRAINT ratings_channel_check`.execute(db);
	await sql`ALTER TABLE ratings ADD CONSTRAINT ratings_channel_check CHECK (channel IN ('ticket_page', 'counter_tablet'))`.execute(db);
}
