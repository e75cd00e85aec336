import type { PrinterConfig } from '$lib/printing/printer-profile';
import type { TicketPrint } from '$lib/printing/ticket-layout';

export function printer(overrides: Partial<PrinterConfig> = {}): PrinterConfig {
	return {
		name: 'Totem 1',
		host: '10.0.0.50',
		port: 9100,
		model: 'generic',
		width: 80,
		codepage: 'cp860',
		qrMode: 'native',
		...overrides
	};
}

export function ticket(overrides: Partial<TicketPrint> = {}): TicketPrint {
	return {
		unitName: 'Poupatempo Sé',
		number: 'A001',
		serviceName: 'Emissão de RG',
		priorityName: null,
		// 17:32 UTC is 14:32 in São Paulo (UTC−3, no daylight saving since 2019).
		issuedAt: new Date('2025-03-05T17:32:00Z'),
		timezone: 'America/Sao_Paulo',
		peopleAhead: 3,
		estimatedWaitMinutes: 12,
		trackUrl: 'https://vez.example.gov.br/t/8f3a2c9d',
		...overrides
	};
}

/** Index of `needle` inside `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: ArrayLike<number>): number {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return i;
	}
	return -1;
}

/** ASCII text with raw bytes spliced in: bytesOf(['Emiss', 0x84, 'o']). */
export function bytesOf(parts: readonly (string | number)[]): number[] {
	return parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p].map((c) => c.charCodeAt(0))));
}
