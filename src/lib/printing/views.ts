import { z } from 'zod';
import { isoTime } from '$lib/api/wire';

const PRINT_JOB_STATUSES = ['queued', 'printing', 'printed', 'failed', 'no_printer'] as const;

/** `GET /units/{unit}/printers`, `POST` there and `PATCH /printers/{id}`: a printer and what Vez last learned of it. */
export const PrinterView = z.object({
	id: z.string(),
	unit: z.string(),
	name: z.string(),
	host: z.string(),
	port: z.number().int(),
	width: z.literal([58, 80]),
	codepage: z.enum(['cp860', 'cp850', 'cp1252']),
	codepageNumber: z.number().int().nullable(),
	qrMode: z.enum(['native', 'raster']),
	kiosk: z.string().nullable().meta({ description: 'The kiosk token id it serves, or null for the unit\'s default printer' }),
	kioskName: z.string().nullable(),
	model: z.string(),
	header: z.string(),
	footer: z.string(),
	active: z.boolean(),
	status: z
		.object({
			health: z.enum(['unknown', 'unreachable', 'offline', 'paper_out', 'paper_near_end', 'ok']),
			online: z.boolean().nullable(),
			at: isoTime.nullable(),
			reason: z.string().nullable().meta({ examples: ['refused', 'timeout'] }),
			error: z.string().nullable()
		})
		.meta({ description: 'What Vez last learned of the printer, from a job sent to it or a `DLE EOT` status query' }),
	pendingJobs: z.number().int()
});
export type PrinterView = z.infer<typeof PrinterView>;

/** `POST /tickets/{id}/reprint`: the job queued (or `no_printer`) and the reprints still allowed. */
export const Reprint = z.object({
	jobId: z.string(),
	status: z.enum(['queued', 'no_printer']),
	printerName: z.string().nullable(),
	printerOnline: z.boolean().nullable(),
	reprintsLeft: z.number().int().min(0)
});
export type Reprint = z.infer<typeof Reprint>;

/** `POST /printers/{id}/test`: the page went out. */
export const TestPageResult = z.object({ jobId: z.string(), status: z.literal('printed'), printer: z.string() });
export type TestPageResult = z.infer<typeof TestPageResult>;

/** The latest print job of a ticket (a reprint's, after one). */
export const TicketPrintState = z.object({
	status: z.enum(PRINT_JOB_STATUSES),
	printerName: z.string().nullable(),
	printerOnline: z.boolean().nullable(),
	attempts: z.number().int()
});
export type TicketPrintState = z.infer<typeof TicketPrintState>;

/** `GET /tickets/{id}/print`: null when no paper was asked for. */
export const TicketPrintAnswer = z.object({ print: TicketPrintState.nullable() });
