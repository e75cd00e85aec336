import net from 'node:net';
import type { Deps } from '$lib/server/deps';
import { expireTickets } from '$lib/queue/expire-tickets.server';
import { expireRemoteTickets } from '$lib/queue/remote-ticket.server';
import { escalateOverdue } from '$lib/requests/escalate-overdue.server';
import { anonymiseOldCitizenData } from '$lib/citizens/retention.server';
import { markNoShows, sendReminders } from '$lib/appointments/jobs.server';
import { queueAppointmentReminders } from '$lib/appointments/reminders.server';
import { summariseClosedDays } from '$lib/stats/summarise-closed-days.server';
import { refreshQueueProfiles } from '$lib/queue/estimate-inputs.server';
import { checkPrinters, startPrintRunner } from '$lib/printing/print-runner.server';
import { startVirtualPrinter, type VirtualPrinter } from '$lib/printing/virtual-printer.server';
import { demoBanner, demoFirstCounters, seedDemoIfEmpty } from '$lib/demo/seed.server';
import { every } from './every';
import { startEventDispatcher } from '$lib/events/dispatch.server';
import { queueWebhookDeliveries, startWebhookRunner } from '$lib/webhooks/deliver.server';
import { startDemoReceiver, type DemoReceiver } from '$lib/webhooks/demo-receiver.server';
import { ensureDemoWebhook, secretsForUrl } from '$lib/webhooks/webhooks.server';
import { deleteExpiredIdempotencyKeys } from '$lib/server/idempotency.server';
import { startMailRunner } from '$lib/mail/mail-runner.server';
import { createMailTransport } from '$lib/mail/transport.server';
import { startVirtualPhone, type VirtualPhone } from '$lib/notify/virtual-phone.server';
import { phoneChat } from '$lib/notify/virtual-phone-chat.server';
import { queueVisitorMessages } from '$lib/notify/queue-messages.server';
import { startVisitorMessageRunner } from '$lib/notify/send-messages.server';
import { forgetVisitorContacts } from '$lib/notify/retention.server';
import { startChatRunner } from '$lib/conversations/handle-messages.server';
import { startChatReplyRunner } from '$lib/conversations/send-replies.server';
import { startBroadcastRunner } from '$lib/conversations/deliver-broadcasts.server';
import { forgetOldChats } from '$lib/conversations/retention.server';

declare global {
	// server.js prints this once it listens, with the address it listens on.
	var __vezBanner: ((baseUrl: string) => string) | undefined;
}

export interface Background {
	stop(): Promise<void>;
}

/** Port of the virtual printer's HTML preview (DEMO_PRINTER_PREVIEW_URL). */
const VIRTUAL_PRINTER_PREVIEW_PORT = 9180;

/** Start-up work after migrations: the demo city, then the job runners of this process. */
export async function startBackground(deps: Deps): Promise<Background> {
	const stops: (() => Promise<void>)[] = [];
	let printer: VirtualPrinter | null = null;
	if (deps.config.virtualPrinterPort) {
		printer = await startDemoPrinter(deps, deps.config.virtualPrinterPort);
		if (printer) stops.push(() => printer!.close());
	}
	let phone: VirtualPhone | null = null;
	if (deps.config.virtualPhonePort) {
		phone = await startDemoPhone(deps, deps.config.virtualPhonePort);
		if (phone) stops.push(() => phone!.close());
	}
	if (deps.config.demo) {
		const demo = await seedDemoIfEmpty(deps);
		if (demo.present) {
			const receiver = deps.config.demoWebhookPort ? await startDemoWebhook(deps, deps.config.demoWebhookPort) : null;
			if (receiver) stops.push(() => receiver.close());
			const printerPreviewUrl = printer?.previewUrl ?? null;
			const webhookReceiverUrl = receiver?.pageUrl ?? null;
			const displays = await demoFirstCounters(deps.db);
			const phoneUrl = phone?.url ?? null;
			globalThis.__vezBanner = (base) => demoBanner(deps.config.publicUrl ?? base, { printerPreviewUrl, displays, webhookReceiverUrl, phoneUrl });
		}
	}
	if (deps.config.jobs) {
		stops.push(every(60_000, 'end-of-day', () => expireTickets(deps), deps.log));
		stops.push(every(60_000, 'remote-expiry', () => expireRemoteTickets(deps), deps.log));
		stops.push(every(60_000, 'protocol-overdue', () => escalateOverdue(deps), deps.log));
		stops.push(every(3_600_000, 'data-retention', () => anonymiseOldCitizenData(deps), deps.log));
		stops.push(every(60_000, 'appointment-no-show', () => markNoShows(deps), deps.log));
		stops.push(every(5 * 60_000, 'appointment-reminder', () => sendReminders(deps), deps.log));
		// Phone reminders (one indexed query a tick): due within 20 s of their moment.
		stops.push(every(20_000, 'appointment-phone-reminders', () => queueAppointmentReminders(deps), deps.log));
		stops.push(every(10 * 60_000, 'report-summaries', () => summariseClosedDays(deps), deps.log));
		stops.push(every(10 * 60_000, 'queue-profiles', () => refreshQueueProfiles(deps), deps.log));
		stops.push(every(3_600_000, 'idempotency-keys', () => deleteExpiredIdempotencyKeys(deps), deps.log));
		// At once for a job queued in this process (a kiosk's ticket goes out right after its
		// issue); every second for jobs queued elsewhere and retries that come due.
		stops.push(startPrintRunner(deps, 1_000));
		stops.push(every(60_000, 'printer-status', () => checkPrinters(deps), deps.log));
		// Events become webhook deliveries within a moment of their commit, then go out with retries.
		stops.push(startEventDispatcher(deps, [queueWebhookDeliveries, queueVisitorMessages]));
		// Visitors' SMS, WhatsApp and push messages: near and called, with retries and a dead letter.
		stops.push(startVisitorMessageRunner(deps));
		stops.push(every(3_600_000, 'visitor-contacts', () => forgetVisitorContacts(deps), deps.log));
		// WhatsApp: the bot reads each citizen's message right after the webhook stored it; replies go out through the outbox.
		stops.push(startChatRunner(deps));
		stops.push(startChatReplyRunner(deps));
		// Notices to the contacts who opted in: at most VEZ_WHATSAPP_BROADCAST_RATE a second, each once.
		stops.push(startBroadcastRunner(deps));
		stops.push(every(3_600_000, 'chat-retention', () => forgetOldChats(deps), deps.log));
		stops.push(startWebhookRunner(deps));
		// Without VEZ_SMTP_URL mails stay queued: /admin/outbox shows what would have been sent.
		if (deps.config.smtpUrl) {
			const transport = createMailTransport(deps.config.smtpUrl);
			const stop = startMailRunner(deps, transport, 5_000);
			stops.push(async () => {
				await stop();
				transport.close();
			});
		}
	}
	return {
		async stop() {
			for (const s of stops.reverse()) await s();
		}
	};
}

/**
 * The demo's printer, in this process. A busy port (a second instance, a real printer server)
 * is logged and skipped: printing is never a reason for the app not to start.
 */
async function startDemoPrinter(deps: Deps, port: number): Promise<VirtualPrinter | null> {
	const httpPort = (await portFree(VIRTUAL_PRINTER_PREVIEW_PORT)) ? VIRTUAL_PRINTER_PREVIEW_PORT : null;
	try {
		const printer = await startVirtualPrinter({
			port,
			httpPort,
			onTicket: (t) => deps.log.info('virtual printer received a print', { id: t.id, bytes: t.bytes.length })
		});
		deps.log.info('virtual printer listening', { port: printer.port, preview: printer.previewUrl });
		return printer;
	} catch (e) {
		deps.log.warn('virtual printer not started', { port, error: e instanceof Error ? e.message : String(e) });
		return null;
	}
}

/**
 * The demo's phone, which the providers the operator left unconfigured point at (see
 * provider-settings.ts). Like the printer, a busy port is logged and skipped.
 */
async function startDemoPhone(deps: Deps, port: number): Promise<VirtualPhone | null> {
	try {
		// Its chat screen posts to this process's own webhook, signed as Meta signs (the same loopback the server listens on).
		const secret = deps.config.chat.appSecret;
		const chat = secret ? phoneChat({ webhookUrl: () => `http://127.0.0.1:${process.env.PORT || '3000'}/webhooks/whatsapp`, appSecret: secret, phoneNumberId: deps.config.providers.whatsapp?.phoneNumberId }) : null;
		const phone = await startVirtualPhone({ port, ...(chat ? { extraRoute: chat.route } : {}) });
		chat?.attach(phone);
		deps.log.info('virtual phone listening', { page: phone.url, chat: chat ? `${phone.url}chat` : null });
		return phone;
	} catch (e) {
		deps.log.warn('virtual phone not started', { port, error: e instanceof Error ? e.message : String(e) });
		return null;
	}
}

/**
 * The demo's webhook receiver and the webhook pointed at it, so a newcomer sees signed events
 * arrive. Like the printer, a busy port is logged and skipped.
 */
async function startDemoWebhook(deps: Deps, port: number): Promise<DemoReceiver | null> {
	try {
		let url = '';
		const receiver = await startDemoReceiver({ port, secrets: () => secretsForUrl(deps, url) });
		url = receiver.hookUrl;
		await ensureDemoWebhook(deps, url);
		deps.log.info('demo webhook receiver listening', { page: receiver.pageUrl });
		return receiver;
	} catch (e) {
		deps.log.warn('demo webhook receiver not started', { port, error: e instanceof Error ? e.message : String(e) });
		return null;
	}
}

/** startVirtualPrinter leaves its TCP server open if the preview port fails, so check that one first. */
function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = net.createServer();
		probe.once('error', () => resolve(false));
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
	});
}
