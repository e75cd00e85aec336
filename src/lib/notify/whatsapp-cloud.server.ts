import type { Notifier, SendOutcome, VisitorMessage } from './notifier';
import { ProviderUnreachable, providerRequest } from './provider-http.server';
import { TEMPLATE_NAMES, templateParams, WHATSAPP_LANGUAGE } from './templates';
import { interactiveBody, readCloudAnswer, readReceiptBody, templateBody, textBody, type InteractiveSend, type TemplateSend } from './whatsapp-cloud';

export interface WhatsAppCloudConfig {
	/** Graph API base with its version, e.g. `https://graph.facebook.com/v21.0` (VEZ_WHATSAPP_API_URL). */
	apiUrl: string;
	/** A system user's access token (VEZ_WHATSAPP_TOKEN). */
	token: string;
	/** The business phone number's id, not the number itself (VEZ_WHATSAPP_PHONE_NUMBER_ID). */
	phoneNumberId: string;
	timeoutMs?: number;
}

/**
 * The WhatsApp Cloud API client: every message Vez sends on WhatsApp goes through it — templates
 * for business-initiated messages (the visitor's alerts), text and interactive messages for
 * replies inside the 24-hour window (the conversations). Recipients are E.164 numbers.
 */
export interface WhatsAppCloudClient {
	sendTemplate(to: string, template: TemplateSend): Promise<SendOutcome>;
	sendText(to: string, body: string, options?: { previewUrl?: boolean }): Promise<SendOutcome>;
	sendInteractive(to: string, message: InteractiveSend): Promise<SendOutcome>;
	/** Marks an inbound message read. */
	markRead(messageId: string): Promise<SendOutcome>;
}

export function createWhatsAppCloudClient(config: WhatsAppCloudConfig): WhatsAppCloudClient {
	const url = `${config.apiUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.phoneNumberId)}/messages`;
	const post = async (body: Record<string, unknown>): Promise<SendOutcome> => {
		try {
			const answer = await providerRequest(url, { headers: { authorization: `Bearer ${config.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }, config.timeoutMs);
			return readCloudAnswer(answer.status, answer.json);
		} catch (e) {
			if (e instanceof ProviderUnreachable) return { ok: false, verdict: 'retry', status: null, error: e.message };
			throw e;
		}
	};
	return {
		sendTemplate: (to, template) => post(templateBody(to, template)),
		sendText: (to, body, options) => post(textBody(to, body, options?.previewUrl)),
		sendInteractive: (to, message) => post(interactiveBody(to, message)),
		markRead: (messageId) => post(readReceiptBody(messageId))
	};
}

/** Visitor alerts on WhatsApp: always the approved template, since Vez writes first. */
export function whatsappNotifier(client: WhatsAppCloudClient): Notifier {
	return {
		channel: 'whatsapp',
		provider: 'whatsapp-cloud',
		send: (to: string, message: VisitorMessage) =>
			client.sendTemplate(to, { name: TEMPLATE_NAMES[message.kind], language: WHATSAPP_LANGUAGE[message.lang], bodyParams: templateParams(message) })
	};
}
