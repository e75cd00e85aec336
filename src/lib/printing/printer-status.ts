/** Why a printer could not be reached or written to. */
/** `forbidden`: the printer's address is outside VEZ_PRINTER_NETWORKS (see printer-address.ts). */
export type PrinterUnavailableReason = 'timeout' | 'refused' | 'reset' | 'closed' | 'unreachable' | 'dns' | 'forbidden' | 'error';

export type PrinterStatus =
	| { reachable: false; answered: false; reason: PrinterUnavailableReason }
	| { reachable: true; answered: false }
	| {
			reachable: true;
			answered: true;
			online: boolean;
			/** null when the printer answered DLE EOT 1 but not DLE EOT 4. */
			paperOut: boolean | null;
			paperNearEnd: boolean | null;
			raw: number[];
	  };

/** `DLE EOT 1` (printer status) then `DLE EOT 4` (roll paper sensor status). */
export const STATUS_QUERY = Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x04);

/** The answer of a healthy printer to any DLE EOT n: online, no error, paper present. */
export const HEALTHY_STATUS_BYTE = 0x12;

/**
 * Every DLE EOT answer has bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0. Checking that pattern
 * filters out Automatic Status Back blocks, which some printers push unasked on connect.
 */
const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** What the answers to STATUS_QUERY say, in the order the printer sent them. */
export function interpretStatus(answer: ArrayLike<number>): PrinterStatus {
	const bytes = Array.from(answer).filter(isStatusByte);
	if (bytes.length === 0) return { reachable: true, answered: false };
	const [printer, paper] = bytes;
	return {
		reachable: true,
		answered: true,
		// Bit 3 of the printer status: offline (cover open, paper end, error, feeding).
		online: (printer & 0x08) === 0,
		// Bits 5–6 of the paper status: roll end; bits 2–3: roll near end.
		paperOut: paper === undefined ? null : (paper & 0x60) !== 0,
		paperNearEnd: paper === undefined ? null : (paper & 0x0c) !== 0,
		raw: bytes.slice(0, 2)
	};
}
