import { DateTime } from 'luxon';
import { ReceiptWriter } from './layout-kit.js';
import type { PrinterConfig } from './printer-profile.js';
import { formatIssuedAt, type LayoutOptions } from './ticket-layout.js';

/** What a protocol receipt shows; the CPF only masked, since receipts get lost. */
export interface ProtocolReceiptPrint {
	unitName: string;
	protocolNumber: string;
	serviceName: string;
	organName: string;
	openedAt: Date;
	dueAt: Date | null;
	timezone: string;
	/** Already masked by the caller, e.g. "***.456.789-**". */
	maskedCpf: string | null;
	/** Typed at /protocol with the number instead of the CPF. */
	accessCode: string;
	lookupUrl: string;
}

/** The ESC/POS bytes of the receipt a citizen keeps after opening a protocol. */
export function protocolReceiptBytes(
	receipt: ProtocolReceiptPrint,
	printer: PrinterConfig,
	options: LayoutOptions = {}
): Uint8Array {
	const w = new ReceiptWriter(printer);
	const e = w.encoder;

	e.align('center');
	w.lines(options.header);
	e.bold(true);
	w.line(receipt.unitName);
	e.bold(false);
	w.separator();
	w.line('COMPROVANTE DE PROTOCOLO');
	e.bold(true);
	w.big(receipt.protocolNumber, 2);
	e.bold(false);
	w.separator();

	e.align('left');
	w.line(`Serviço: ${receipt.serviceName}`);
	w.line(`Órgão: ${receipt.organName}`);
	w.line(`Aberto em ${formatIssuedAt(receipt.openedAt, receipt.timezone)}`);
	if (receipt.dueAt) {
		const due = DateTime.fromJSDate(receipt.dueAt, { zone: receipt.timezone }).toFormat('dd/MM/yyyy');
		w.line(`Prazo de resposta: ${due}`);
	}
	if (receipt.maskedCpf) w.line(`CPF: ${receipt.maskedCpf}`);
	e.bold(true);
	w.line(`Código de acesso: ${receipt.accessCode}`);
	e.bold(false);
	e.newline();
	// Only the site's host in text: a full lookup URL wraps mid-path on 58 mm and nobody types it.
	w.line(`Acompanhe pelo QR code abaixo ou no site ${new URL(receipt.lookupUrl).host} com o número do protocolo.`);

	w.qr(receipt.lookupUrl);
	w.line('Guarde este comprovante.');
	w.lines(options.footer);
	return w.finish();
}
