import type { ProviderSettings } from '../../src/lib/notify/provider-settings';
import type { VirtualPhone } from '../../src/lib/notify/virtual-phone.server';

/** The providers' settings pointing at a virtual phone (the providers' recording stand-in), as the demo's are: WhatsApp Cloud API, and Zenvia for SMS unless `sms` is off. */
export function phoneProviders(phone: VirtualPhone, { sms = true } = {}): ProviderSettings {
	return {
		whatsapp: { apiUrl: phone.whatsappApiUrl, token: 'test', phoneNumberId: 'vez-test' },
		sms: sms ? { provider: 'zenvia', apiUrl: phone.zenviaApiUrl, token: 'test', from: 'Vez' } : null,
		webpush: null
	};
}
