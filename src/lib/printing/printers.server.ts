import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';
import { VezError } from '$lib/errors';
import { can, type Actor } from '$lib/auth/actor';
import { authorize } from '$lib/auth/authorize';
import type { Deps } from '$lib/server/deps';
import { audit } from '$lib/audit/audit.server';
import { parse, text } from '$lib/server/http/validate';
import { activeUnits, unitBySlug } from '$lib/units/store.server';
import { kioskTokenOfUnit, kioskTokensOfUnits } from '$lib/auth/store.server';
import { mayRetryPrint, printerOnline, type PrinterHealth } from './print-jobs';
import { printerAllowed } from './print-runner.server';
import { DEFAULT_PRINTER_PORT, printerConfigProblems, printerModels, type PaperWidth, type PrinterCodepage, type QrMode } from './printer-profile';
import {
	insertPrinter,
	kioskPrinterTaken,
	failedJobsOfUnits,
	printerById,
	printerNameTaken,
	printersOfUnit,
	savePrinter,
	printerConfig,
	type PrinterRecord,
	type PrinterValues
} from './store.server';
import type { PrinterView } from './views';

const CODEPAGES = ['cp860', 'cp850', 'cp1252'] as const satisfies readonly PrinterCodepage[];
const QR_MODES = ['native', 'raster'] as const satisfies readonly QrMode[];

/** A host name or an IPv4/IPv6 address: what a socket connects to, nothing that could smuggle a URL. */
const host = z
	.string()
	.trim()
	.min(1)
	.max(253)
	.regex(/^[A-Za-z0-9.\-:]+$/, 'invalid host');
const freeText = z.string().max(500).transform((s) => s.trim());

const PrinterFields = {
	name: text(80),
	host,
	port: z.number().int().min(1).max(65535),
	model: z.string().trim().min(1).max(60),
	width: z.union([z.literal(58), z.literal(80)]),
	codepage: z.enum(CODEPAGES),
	qrMode: z.enum(QR_MODES),
	/** The n of `ESC t n`, for a printer that numbers its code pages its own way. */
	codepageNumber: z.number().int().min(0).max(255).nullable(),
	/** Id of the kiosk token this printer serves; null makes it the unit's default printer. */
	kiosk: z.uuid().nullable(),
	header: freeText,
	footer: freeText,
	active: z.boolean()
};

export const NewPrinterInput = z.object({
	...PrinterFields,
	port: PrinterFields.port.default(DEFAULT_PRINTER_PORT),
	model: PrinterFields.model.default('generic'),
	width: PrinterFields.width.default(80),
	codepage: PrinterFields.codepage.default('cp860'),
	qrMode: PrinterFields.qrMode.default('native'),
	codepageNumber: PrinterFields.codepageNumber.default(null),
	kiosk: PrinterFields.kiosk.default(null),
	header: PrinterFields.header.default(''),
	footer: PrinterFields.footer.default(''),
	active: PrinterFields.active.default(true)
});

export const PrinterPatch = z.object(PrinterFields).partial();

export function printerView(p: PrinterRecord): PrinterView {
	const s = p.lastStatus;
	return {
		id: p.id,
		unit: p.unitSlug,
		name: p.name,
		host: p.host,
		port: p.port,
		width: p.width,
		codepage: p.codepage,
		codepageNumber: p.codepageNumber,
		qrMode: p.qrMode,
		kiosk: p.kioskTokenId,
		kioskName: p.kioskName,
		model: p.model,
		header: p.header,
		footer: p.footer,
		active: p.active,
		status: {
			health: s?.health ?? 'unknown',
			online: printerOnline(s),
			at: p.lastStatusAt?.toISOString() ?? null,
			reason: s?.reason ?? null,
			error: s?.error ?? null
		},
		pendingJobs: p.pendingJobs
	};
}

type PrinterInput = z.infer<typeof NewPrinterInput>;

function toValues(input: PrinterInput): PrinterValues {
	return {
		name: input.name,
		host: input.host,
		port: input.port,
		model: input.model,
		width: input.width,
		codepage: input.codepage,
		qr_mode: input.qrMode,
		codepage_number: input.codepageNumber,
		kiosk_token_id: input.kiosk,
		header: input.header,
		footer: input.footer,
		active: input.active
	};
}

function inputOf(p: PrinterRecord): PrinterInput {
	return { ...printerConfig(p), codepageNumber: p.codepageNumber, kiosk: p.kioskTokenId, header: p.header, footer: p.footer, active: p.active };
}

/** Refuses a configuration the printer could not print with (unknown model, a code page it lacks). */
function checkConfig(input: PrinterInput): void {
	const problems = printerConfigProblems({
		name: input.name,
		host: input.host,
		port: input.port,
		model: input.model,
		width: input.width,
		codepage: input.codepage,
		qrMode: input.qrMode,
		codepageNumber: input.codepageNumber
	});
	if (Object.keys(problems).length) throw new VezError('invalid_input', 'The printer configuration is not usable.', problems);
}

/**
 * An active printer must be on the networks printers may be on (VEZ_PRINTER_NETWORKS): its
 * address, or every address its name resolves to now. The transport checks again at each
 * connection, so a name that later resolves elsewhere is refused then.
 */
async function checkAddress(deps: Deps, input: PrinterInput): Promise<void> {
	if (!input.active) return;
	let addresses: string[];
	if (isIP(input.host)) addresses = [input.host];
	else {
		try {
			addresses = (await lookup(input.host, { all: true })).map((a) => a.address);
		} catch {
			throw new VezError('invalid_input', `The printer's host name ${input.host} does not resolve.`, { host: 'does not resolve' });
		}
	}
	const allowed = printerAllowed(deps, input.port);
	const refused = addresses.find((ip) => !allowed(ip));
	if (refused !== undefined) {
		throw new VezError('invalid_input', `Printers may only be on the networks ${deps.config.printerNetworks.entries.join(', ') || '(none)'}; ${refused} is not.`, {
			host: 'not on the printer networks (VEZ_PRINTER_NETWORKS)'
		});
	}
}

/** Unique name per unit, a kiosk of the same unit, one active printer per kiosk. */
async function checkReferences(db: Deps['db'], unitId: string, input: PrinterInput, exceptId?: string): Promise<void> {
	if (await printerNameTaken(db, unitId, input.name, exceptId)) {
		throw new VezError('conflict', 'This unit already has a printer with this name.', { name: 'taken' });
	}
	if (input.kiosk) {
		if (!(await kioskTokenOfUnit(db, unitId, input.kiosk))) {
			throw new VezError('invalid_input', 'No active kiosk token of this unit has this id.', { kiosk: 'unknown' });
		}
		if (input.active && (await kioskPrinterTaken(db, input.kiosk, exceptId))) {
			throw new VezError('conflict', 'This kiosk already prints on another printer.', { kiosk: 'taken' });
		}
	}
}

/** `GET /units/{unit}/printers`: the unit's printers with what Vez last learned of each. */
export async function listPrinters(deps: Deps, actor: Actor, unitSlug: string): Promise<PrinterView[]> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'printer:manage', { unitId: unit.id });
	return (await printersOfUnit(deps.db, unit.id)).map(printerView);
}

/** `POST /units/{unit}/printers`. */
export async function createPrinter(deps: Deps, actor: Actor, unitSlug: string, raw: unknown): Promise<PrinterView> {
	const unit = await unitBySlug(deps.db, unitSlug);
	authorize(actor, 'printer:manage', { unitId: unit.id });
	const input = parse(NewPrinterInput, raw);
	checkConfig(input);
	await checkAddress(deps, input);
	const id = await deps.db.transaction().execute(async (trx) => {
		await checkReferences(trx, unit.id, input);
		const id = await insertPrinter(trx, unit.id, toValues(input));
		await audit(trx, actor, 'printer.create', 'printer', id, { unit: unit.slug, host: input.host, port: input.port, model: input.model });
		return id;
	});
	return printerView((await printerById(deps.db, id))!);
}

/** `PATCH /printers/{id}`: changes only the fields sent. */
export async function updatePrinter(deps: Deps, actor: Actor, printerId: string, raw: unknown): Promise<PrinterView> {
	const current = await printerById(deps.db, printerId);
	if (!current) throw new VezError('printer_not_found', 'No printer with this id.');
	authorize(actor, 'printer:manage', { unitId: current.unitId });
	const patch = parse(PrinterPatch, raw);
	const input = { ...inputOf(current), ...patch };
	checkConfig(input);
	await checkAddress(deps, input);
	await deps.db.transaction().execute(async (trx) => {
		await checkReferences(trx, current.unitId, input, current.id);
		await savePrinter(trx, current.id, toValues(input));
		await audit(trx, actor, 'printer.update', 'printer', current.id, { fields: Object.keys(patch) });
	});
	return printerView((await printerById(deps.db, current.id))!);
}

/** The newest failed print jobs the printers screen lists, across the units it shows. */
const FAILED_JOBS_SHOWN = 50;

/** The admin screen: every unit the person may configure printers in, its printers, kiosks and failed print jobs. */
export async function printersOverview(deps: Deps, actor: Actor) {
	authorize(actor, 'printer:manage');
	const units = (await activeUnits(deps.db)).filter((u) => can(actor, 'printer:manage', { unitId: u.id }));
	const kiosks = await kioskTokensOfUnits(
		deps.db,
		units.map((u) => u.id)
	);
	const [printers, failed] = await Promise.all([
		Promise.all(units.map((u) => printersOfUnit(deps.db, u.id))),
		failedJobsOfUnits(
			deps.db,
			units.map((u) => u.id),
			FAILED_JOBS_SHOWN
		)
	]);
	return {
		units: units.map((u, i) => ({
			slug: u.slug,
			name: u.name,
			printers: printers[i].map(printerView),
			failedJobs: failed
				.filter((j) => j.unitId === u.id)
				.map((j) => ({
					id: j.id,
					kind: j.kind,
					printerName: j.printerName,
					ticketNumber: j.ticketNumber,
					attempts: j.attempts,
					lastError: j.lastError,
					createdAt: j.createdAt.toISOString(),
					retryable: mayRetryPrint(j.kind, j.ticketStatus)
				})),
			kiosks: kiosks.filter((k) => k.unitId === u.id).map((k) => ({ id: k.id, name: k.name }))
		})),
		models: printerModels(),
		codepages: CODEPAGES,
		qrModes: QR_MODES
	};
}
