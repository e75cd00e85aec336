/**
 * `npm run phone:virtual`: the demo's virtual phone on its own, for a server started with
 * VEZ_VIRTUAL_PHONE=off or against PostgreSQL. It takes messages as the WhatsApp Cloud API, Zenvia
 * and Twilio do and shows them on a page. Point Vez at it with the base URLs it prints.
 *
 *   VEZ_VIRTUAL_PHONE_PORT  port (default 9182)
 *   VEZ_VIRTUAL_PHONE_HOST  address to listen on (default 127.0.0.1)
 *   VEZ_VIRTUAL_PHONE_WEBHOOK_URL  Vez's /webhooks/whatsapp, for the chat screen (/chat)
 *   VEZ_WHATSAPP_APP_SECRET        the secret that Vez checks the chat's notifications with
 */
import { startVirtualPhone } from '../src/lib/notify/virtual-phone.server.js';
import { phoneChat } from '../src/lib/notify/virtual-phone-chat.server.js';

const raw = process.env.VEZ_VIRTUAL_PHONE_PORT;
const port = raw ? Number(raw) : 9182;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`VEZ_VIRTUAL_PHONE_PORT=${raw} is not a TCP port`);
	process.exit(2);
}
const webhookUrl = process.env.VEZ_VIRTUAL_PHONE_WEBHOOK_URL;
const appSecret = process.env.VEZ_WHATSAPP_APP_SECRET;
const chat = webhookUrl && appSecret ? phoneChat({ webhookUrl, appSecret, phoneNumberId: process.env.VEZ_WHATSAPP_PHONE_NUMBER_ID }) : null;
const phone = await startVirtualPhone({
	port,
	...(chat ? { extraRoute: chat.route } : {}),
	host: process.env.VEZ_VIRTUAL_PHONE_HOST ?? '127.0.0.1',
	onMessage(m) {
		console.log(`${m.at.toLocaleTimeString('pt-BR')} ${m.channel} (${m.provider}) para ${m.to}: ${m.text}`);
	}
});

chat?.attach(phone);
console.log(`Celular virtual: ${phone.url}`);
if (chat) console.log(`  Conversa com o robô do WhatsApp: ${phone.url}chat (envia para ${webhookUrl})`);
console.log(`  VEZ_WHATSAPP_API_URL=${phone.whatsappApiUrl}  (com qualquer VEZ_WHATSAPP_TOKEN e VEZ_WHATSAPP_PHONE_NUMBER_ID)`);
console.log(`  VEZ_SMS_PROVIDER=zenvia VEZ_ZENVIA_API_URL=${phone.zenviaApiUrl}  (com qualquer VEZ_ZENVIA_TOKEN e VEZ_ZENVIA_FROM)`);
console.log(`  VEZ_SMS_PROVIDER=twilio VEZ_TWILIO_API_URL=${phone.twilioApiUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		void phone.close().then(() => process.exit(0));
	});
}
