import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

/*
 * Least privilege for citizens' personal data (issue 14 A, docs/privileges.md):
 * - integration tokens carry scopes chosen when created; tokens made before them keep only what
 *   an integration needs to open and follow its own protocols (`protocols:create`,
 *   `protocols:read:own`, `open311`) and lose every read of other protocols and of personal data;
 * - a protocol records who opened it by id (the user or the token), since "read the protocols
 *   you opened" must not hang on a display name two tokens may share;
 * - audit rows about a citizen carry a keyed hash of the CPF (`details.citizen`), so the LGPD
 *   report finds every read of that person without the trail holding the CPF itself; the key
 *   is made here, once per installation.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE api_tokens ADD COLUMN scopes jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);
	await sql`UPDATE api_tokens SET scopes = '["protocols:create","protocols:read:own","open311"]'::jsonb WHERE kind = 'integration'`.execute(db);
	await sql`ALTER TABLE protocols ADD COLUMN opener_id uuid`.execute(db);
	await sql`UPDATE protocols SET opener_id = users.id FROM users WHERE protocols.opened_by = 'user:' || users.username`.execute(db);
	// A token is known by its name in opened_by: only a name no other integration token shares is taken as its own.
	await sql`UPDATE protocols SET opener_id = t.id FROM api_tokens t
		WHERE protocols.opened_by = 'integration:' || t.name AND t.kind = 'integration'
		AND (SELECT count(*) FROM api_tokens u WHERE u.kind = 'integration' AND u.name = t.name) = 1`.execute(db);
	await sql`CREATE INDEX protocols_opener_idx ON protocols (opener_id)`.execute(db);
	await sql`CREATE INDEX protocols_cpf_idx ON protocols (citizen_cpf) WHERE citizen_cpf IS NOT NULL`.execute(db);
	await sql`CREATE INDEX audit_log_citizen_idx ON audit_log ((details->>'citizen'), at DESC) WHERE details ? 'citizen'`.execute(db);
	await sql`INSERT INTO app_settings (key, value) VALUES ('citizen_audit_key', ${JSON.stringify(randomBytes(32).toString('hex'))}::jsonb) ON CONFLICT (key) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DELETE FROM app_settings WHERE key = 'citizen_audit_key'`.execute(db);
	await sql`DROP INDEX audit_log_citizen_idx`.execute(db);
	await sql`DROP INDEX protocols_cpf_idx`.execute(db);
	await sql`DROP INDEX protocols_opener_idx`.execute(db);
	await sql`ALTER TABLE protocols DROP COLUMN opener_id`.execute(db);
	await sql`ALTER TABLE api_tokens DROP COLUMN scopes`.execute(db);
}
