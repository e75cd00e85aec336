import { sql, type Kysely } from 'kysely';

/** Thermal printers per unit, and the print jobs that survive a printer being off. */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE TABLE printers (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		unit_id uuid NOT NULL REFERENCES units(id),
		name text NOT NULL,
		host text NOT NULL,
		port integer NOT NULL DEFAULT 9100 CHECK (port BETWEEN 1 AND 65535),
		model text NOT NULL DEFAULT 'generic',
		width integer NOT NULL DEFAULT 80 CHECK (width IN (58, 80)),
		codepage text NOT NULL DEFAULT 'cp860' CHECK (codepage IN ('cp860', 'cp850', 'cp1252')),
		qr_mode text NOT NULL DEFAULT 'native' CHECK (qr_mode IN ('native', 'raster')),
		codepage_number integer CHECK (codepage_number BETWEEN 0 AND 255),
		kiosk_token_id uuid REFERENCES api_tokens(id) ON DELETE SET NULL,
		header text NOT NULL DEFAULT '',
		footer text NOT NULL DEFAULT '',
		active boolean NOT NULL DEFAULT true,
		last_status jsonb,
		last_status_at timestamptz,
		created_at timestamptz NOT NULL DEFAULT now(),
		UNIQUE (unit_id, name)
	)`.execute(db);
	// A kiosk prints on one printer: two active ones would make the choice arbitrary.
	await sql`CREATE UNIQUE INDEX printers_one_per_kiosk ON printers (kiosk_token_id) WHERE active AND kiosk_token_id IS NOT NULL`.execute(db);

	await sql`CREATE TABLE print_jobs (
		id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
		-- Issue order, so a printer gets its tickets in the order people took them.
		seq bigint GENERATED ALWAYS AS IDENTITY,
		unit_id uuid NOT NULL REFERENCES units(id),
		printer_id uuid REFERENCES printers(id) ON DELETE SET NULL,
		ticket_id uuid REFERENCES tickets(id),
		kind text NOT NULL CHECK (kind IN ('ticket', 'receipt', 'test')),
		payload jsonb NOT NULL,
		status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printing', 'printed', 'failed', 'no_printer')),
		attempts integer NOT NULL DEFAULT 0,
		next_attempt_at timestamptz NOT NULL DEFAULT now(),
		last_error text,
		requested_by text NOT NULL,
		reprint boolean NOT NULL DEFAULT false,
		created_at timestamptz NOT NULL DEFAULT now(),
		printed_at timestamptz
	)`.execute(db);
	// The runner's scan: due jobs, and 'printing' ones whose lease ran out (a runner died mid-job).
	await sql`CREATE INDEX print_jobs_due ON print_jobs (next_attempt_at) WHERE status IN ('queued', 'printing')`.execute(db);
	await sql`CREATE INDEX print_jobs_ticket ON print_jobs (ticket_id, created_at) WHERE ticket_id IS NOT NULL`.execute(db);
	await sql`CREATE INDEX print_jobs_printer ON print_jobs (printer_id, created_at DESC) WHERE printer_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE print_jobs`.execute(db);
	await sql`DROP TABLE printers`.execute(db);
}
