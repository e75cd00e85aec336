/**
 * `npm run phone:virtual`: the demo's virtual phone on its own, for a server started with
 * VEZ_VIRTUAL_PHONE=off or against PostgreSQL. It takes messages as the WhatsApp Cloud API, Zenvia
 * and Twilio do and shows them on a page. Point Vez at it with the base URLs it prints.
 *
 *   VEZ_VIRTUAL_PHONE_PORT  port (default 9182)
 *   VEZ_VIRTUAL_PHONE_HOST  address to listen on (default 127.0.0.1)
 */
import { startVirtualPhone } from '../src/lib/notify/virtual-phone.server.js';

const raw = process.env.VEZ_VIRTUAL_PHONE_PORT;
const port = raw ? Number(raw) : 9182;
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`VEZ_VIRTUAL_PHONE_PORT=${raw} is not a TCP port`);
	process.exit(2);
}
const phone = await startVirtualPhone({
	port,
	host: process.env.VEZ_VIRTUAL_PHONE_HOST ?? '127.0.0.1',
	onMessage(m) {
		console.log(`${m.at.toLocaleTimeString('pt-BR')} ${m.channel} (${m.provider}) para ${m.to}: ${m.text}`);
	}
});

console.log(`Celular virtual: ${phone.url}`);
console.log(`  VEZ_WHATSAPP_API_URL=${phone.whatsappApiUrl}  (com qualquer VEZ_WHATSAPP_TOKEN e VEZ_WHATSAPP_PHONE_NUMBER_ID)`);
console.log(`  VEZ_SMS_PROVIDER=zenvia VEZ_ZENVIA_API_URL=${phone.zenviaApiUrl}  (com qualquer VEZ_ZENVIA_TOKEN e VEZ_ZENVIA_FROM)`);
console.log(`  VEZ_SMS_PROVIDER=twilio VEZ_TWILIO_API_URL=${phone.twilioApiUrl}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		void phone.close().then(() => process.exit(0));
	});
}
