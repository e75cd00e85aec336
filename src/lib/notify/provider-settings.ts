/**
 * Which provider carries each channel, from the environment (docs/api.md#visitor-messages names the variables). Pure:
 * the environment comes in as an argument. In the embedded demo, a channel the operator did not
 * configure points at the virtual phone, so a newcomer sees messages arrive with the real adapters.
 */
export interface ProviderSettings {
	whatsapp: { apiUrl: string; token: string; phoneNumberId: string } | null;
	sms: { provider: 'zenvia'; apiUrl: string; token: string; from: string } | { provider: 'twilio'; apiUrl: string; accountSid: string; authToken: string; from: string } | null;
	webpush: { publicKey: string; privateKey: string; subject: string; allowPrivate: boolean } | null;
}

/** The Graph API version the client is written against. */
export const GRAPH_API_DEFAULT = 'https://graph.facebook.com/v21.0';

const text = (v: string | undefined) => v?.trim() || null;

export function providersFromEnv(env: Record<string, string | undefined>, virtualPhonePort: number | null): ProviderSettings {
	const phone = virtualPhonePort ? `http://127.0.0.1:${virtualPhonePort}` : null;

	const waToken = text(env.VEZ_WHATSAPP_TOKEN);
	const waPhoneId = text(env.VEZ_WHATSAPP_PHONE_NUMBER_ID);
	const whatsapp =
		waToken && waPhoneId
			? { apiUrl: text(env.VEZ_WHATSAPP_API_URL) ?? GRAPH_API_DEFAULT, token: waToken, phoneNumberId: waPhoneId }
			: phone
				? { apiUrl: `${phone}/whatsapp/v21.0`, token: 'demo-token', phoneNumberId: 'vez-demo' }
				: null;

	let sms: ProviderSettings['sms'] = null;
	const smsProvider = text(env.VEZ_SMS_PROVIDER);
	if (smsProvider === 'zenvia' && text(env.VEZ_ZENVIA_TOKEN) && text(env.VEZ_ZENVIA_FROM)) {
		sms = { provider: 'zenvia', apiUrl: text(env.VEZ_ZENVIA_API_URL) ?? 'https://api.zenvia.com', token: text(env.VEZ_ZENVIA_TOKEN)!, from: text(env.VEZ_ZENVIA_FROM)! };
	} else if (smsProvider === 'twilio' && text(env.VEZ_TWILIO_ACCOUNT_SID) && text(env.VEZ_TWILIO_AUTH_TOKEN) && text(env.VEZ_TWILIO_FROM)) {
		sms = {
			provider: 'twilio',
			apiUrl: text(env.VEZ_TWILIO_API_URL) ?? 'https://api.twilio.com',
			accountSid: text(env.VEZ_TWILIO_ACCOUNT_SID)!,
			authToken: text(env.VEZ_TWILIO_AUTH_TOKEN)!,
			from: text(env.VEZ_TWILIO_FROM)!
		};
	} else if (!smsProvider && phone) {
		sms = { provider: 'zenvia', apiUrl: `${phone}/zenvia`, token: 'demo-token', from: 'Vez' };
	}

	const vapidPublic = text(env.VEZ_VAPID_PUBLIC_KEY);
	const vapidPrivate = text(env.VEZ_VAPID_PRIVATE_KEY);
	// No stand-in for push: browsers reach only their vendor's push service, so the demo offers it only when configured.
	const webpush =
		vapidPublic && vapidPrivate
			? { publicKey: vapidPublic, privateKey: vapidPrivate, subject: text(env.VEZ_VAPID_SUBJECT) ?? 'mailto:no-reply@localhost', allowPrivate: env.VEZ_WEBPUSH_ALLOW_PRIVATE === '1' }
			: null;

	return { whatsapp, sms, webpush };
}
