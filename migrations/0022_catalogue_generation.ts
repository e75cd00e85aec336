import { sql, type Kysely } from 'kysely';

/*
 * A per-process cache of what changes rarely on the hot path (units, services, the services each
 * unit offers, priority groups) is only as good as its invalidation across processes. One row
 * counts every change to those tables: a statement-level trigger bumps it in the very transaction
 * that changed them, so a process that reads the number in the same statement as its work (the
 * issue's first statement) knows whether what it cached is still the catalogue, whatever process
 * or script made the change.
 */
const TABLES = ['units', 'services', 'unit_services', 'priority_groups'];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE catalogue_generation (
		id boolean PRIMARY KEY DEFAULT true CHECK (id),
		generation bigint NOT NULL
	)`.execute(db);
	await sql`INSERT INTO catalogue_generation (id, generation) VALUES (true, 1)`.execute(db);
	await sql`CREATE FUNCTION vez_bump_catalogue_generation() RETURNS trigger LANGUAGE plpgsql AS $$
	BEGIN
		UPDATE catalogue_generation SET generation = generation + 1;
		RETURN NULL;
	END $$`.execute(db);
	for (const table of TABLES) {
		await sql`CREATE TRIGGER ${sql.raw(`${table}_catalogue_generation`)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
			FOR EACH STATEMENT EXECUTE FUNCTION vez_bump_catalogue_generation()`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of TABLES) await sql`DROP TRIGGER ${sql.raw(`${table}_catalogue_generation`)} ON ${sql.table(table)}`.execute(db);
	await sql`DROP FUNCTION vez_bump_catalogue_generation()`.execute(db);
	await sql`DROP TABLE catalogue_generation`.execute(db);
}
