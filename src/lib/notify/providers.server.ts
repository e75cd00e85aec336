import type { Channel, Notifier } from './notifier';
import type { ProviderSettings } from './provider-settings';
import { twilioNotifier, zenviaNotifier } from './sms.server';
import { webPushNotifier } from './web-push.server';
import { createWhatsAppCloudClient, whatsappNotifier, type WhatsAppCloudClient } from './whatsapp-cloud.server';

/** The WhatsApp Cloud API client of these settings, or null when WhatsApp is not configured. */
export function whatsappClient(settings: ProviderSettings): WhatsAppCloudClient | null {
	return settings.whatsapp ? createWhatsAppCloudClient(settings.whatsapp) : null;
}

/** The notifier of each configured channel; a channel missing here is not offered to visitors. */
export function notifiers(settings: ProviderSettings): Partial<Record<Channel, Notifier>> {
	const out: Partial<Record<Channel, Notifier>> = {};
	const wa = whatsappClient(settings);
	if (wa) out.whatsapp = whatsappNotifier(wa);
	if (settings.webpush) out.webpush = webPushNotifier(settings.webpush);
	if (settings.sms) out.sms = settings.sms.provider === 'zenvia' ? zenviaNotifier(settings.sms) : twilioNotifier(settings.sms);
	return out;
}

/** The channels a visitor may choose now: those with a notifier. */
export function offeredChannels(settings: ProviderSettings): Channel[] {
	const configured = notifiers(settings);
	return (['whatsapp', 'sms', 'webpush'] as const).filter((c) => configured[c] !== undefined);
}
