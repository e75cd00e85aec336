import type { PublicTicketView } from './views';
import type { CounterDisplayView } from './counter-display';
import type { LinePayload } from './line';

/** The `call` event of docs/api.md#realtime: what a panel shows and speaks; no personal data. */
export interface CallPayload {
	number: string;
	counter: number;
	counterName: string;
	service: string;
	calledAt: string;
	recall: boolean;
}

/** The `queue` event: per service, how many wait and for how long. */
export interface QueuePayload {
	unit: string;
	services: { code: string; waiting: number; longestWaitSeconds: number; estimatedWaitMinutes: number }[];
}

/** The `inbox` event: a protocol arrived in, left or changed status in an organ's inbox. */
export interface InboxPayload {
	number: string;
	status: string;
}

/** Server → client events of the realtime contract (docs/api.md#realtime). */
export interface ServerEvents {
	call: (payload: CallPayload) => void;
	queue: (payload: QueuePayload) => void;
	/** To `ticket:<publicId>`: the ticket's view after a change to the ticket itself. */
	ticket: (payload: PublicTicketView) => void;
	/** To `line:<unit>`: every waiting ticket's place and forecast, one message per unit and beat (line.ts). */
	line: (payload: LinePayload) => void;
	inbox: (payload: InboxPayload) => void;
	/** To `conversations:whatsapp`: a chat changed (a message, a hand-over); the ids only, the inbox fetches the rest. */
	conversation: (payload: { id: string }) => void;
	/** To `counter:<id>`: the counter's display after any change at its desk. */
	counter: (payload: CounterDisplayView) => void;
}
