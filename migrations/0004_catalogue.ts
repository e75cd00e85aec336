import { sql, type Kysely } from 'kysely';

/**
 * Catalogue search that forgives accents and typos on PGlite and PostgreSQL alike: both load
 * pg_trgm and unaccent, and each service keeps one folded text (lower case, no accents) with a
 * trigram index behind ILIKE and word similarity.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
	await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
	// The folded text keeps only ASCII letters and digits: pg_trgm splits words by the database's
	// locale (C on PGlite, often a UTF-8 locale on PostgreSQL), and on plain ASCII every locale agrees.
	// unaccent() is only STABLE (its dictionary could change), so neither a generated column nor
	// an index may call it; naming the dictionary explicitly makes the wrapper safe to mark IMMUTABLE.
	await sql`CREATE OR REPLACE FUNCTION public.vez_unaccent(text) RETURNS text
		LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
		AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`.execute(db);
	await sql`ALTER TABLE services ADD COLUMN search_name text
		GENERATED ALWAYS AS (regexp_replace(lower(public.vez_unaccent(name)), '[^a-z0-9]+', ' ', 'g')) STORED`.execute(db);
	await sql`ALTER TABLE services ADD COLUMN search_text text
		GENERATED ALWAYS AS (regexp_replace(lower(public.vez_unaccent(
			name || ' ' || keywords || ' ' || theme || ' ' || subject || ' ' || description
		)), '[^a-z0-9]+', ' ', 'g')) STORED`.execute(db);
	await sql`CREATE INDEX services_search_text_trgm_idx ON services USING gin (search_text gin_trgm_ops)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX services_search_text_trgm_idx`.execute(db);
	await sql`ALTER TABLE services DROP COLUMN search_text`.execute(db);
	await sql`ALTER TABLE services DROP COLUMN search_name`.execute(db);
	await sql`DROP FUNCTION public.vez_unaccent(text)`.execute(db);
}
