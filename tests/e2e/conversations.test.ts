import { expect, test } from '@playwright/test';
import { E2E_PHONE_PORT } from '../../playwright.config';
import { openPage, seriousViolations, signIn } from './support';

// The demo, end to end: a newcomer says "oi" on the virtual phone's chat (which posts
// signed Cloud API notifications to the real webhook), opens a pothole request, reads its status
// back, asks for a person; the demo's agent takes the chat on /conversas and answers, and the
// answer arrives on the phone through the Cloud API stand-in.
const CPF = '529.982.247-25';

test('a citizen chats with the bot on WhatsApp and an agent takes over and answers', async ({ browser, page }) => {
	test.setTimeout(120_000);
	const number = `+55639${String(Date.now()).slice(-8)}`;
	const chat = page;
	await chat.goto(`http://127.0.0.1:${E2E_PHONE_PORT}/chat?n=${encodeURIComponent(number)}`);
	const say = async (text: string) => {
		await chat.getByRole('textbox', { name: 'Mensagem' }).fill(text);
		await chat.locator('button.send').click();
	};
	const bubbles = chat.locator('#chat li.msg.vez');
	/** Taps a reply button or list row of the bot's last message. */
	const choose = (title: string, exact = true) => chat.locator('#chat').getByRole('button', { name: title, exact }).click();

	await say('oi');
	await expect(bubbles.last()).toContainText('LGPD');
	await choose('Aceito');
	await expect(bubbles.last()).toContainText('Como você se chama?');
	await say('Joana Lima');
	await expect(bubbles.last()).toContainText('Em que bairro');
	await say('Ingleses');
	await expect(bubbles.last()).toContainText('Como posso ajudar?');

	await choose('Abrir solicitação');
	await expect(bubbles.last()).toContainText('O que você quer solicitar?');
	await say('buraco na rua');
	await choose('Tapa-buraco', false);
	await expect(bubbles.last()).toContainText('Descreva');
	await say('Buraco fundo na esquina da escola, carros desviando pela calçada');
	await expect(bubbles.last()).toContainText('CPF');
	await say(CPF);
	await expect(bubbles.last()).toContainText('Onde é?');
	// The demo phone is shared: once sent, the CPF stays on it only masked.
	await expect(chat.locator('#chat li.msg.me').last()).toHaveText(/\*\*\*\.982\.247-\*\*/);
	await expect(chat.locator('#chat')).not.toContainText(CPF);
	await say('Rua das Gaivotas, 300, Ingleses');
	await expect(bubbles.last()).toContainText('Confira seu pedido');
	await choose('Enviar');
	await expect(bubbles.last()).toContainText('Solicitação registrada');
	const receipt = (await bubbles.last().innerText()).replace(/\*/g, '');
	const protocol = /Protocolo: (\d{10}-\d)/.exec(receipt)![1];
	const code = /Código de acesso: ([A-Z0-9]{8})/.exec(receipt)![1];

	await say(`${protocol} ${code}`);
	await expect(bubbles.last()).toContainText('Situação: *aberto*');

	await say('falar com atendente');
	await expect(bubbles.last()).toContainText('atendente vai continuar');
	await say('Quero saber quando vão consertar');

	const agentContext = await browser.newContext();
	const agent = await agentContext.newPage();
	await signIn(agent, 'agente156');
	// The agent's home links the chats.
	await openPage(agent, '/counter');
	await agent.getByTestId('conversations-link').click();
	await expect(agent).toHaveURL(/\/conversas$/);
	await expect(agent.locator('html[data-hydrated]')).toBeAttached();
	await expect(agent.getByRole('heading', { level: 1, name: 'Conversas do WhatsApp' })).toBeVisible();
	const line = agent.getByTestId('conversations').locator('li[data-status="waiting"]').filter({ hasText: 'Joana Lima' }).filter({ hasText: number.slice(-4) });
	await expect(line).toBeVisible();
	await line.getByRole('link').click();
	await expect(agent.getByTestId('thread')).toContainText('Quero saber quando vão consertar');
	// The CPF the citizen typed reaches the agent masked: answering the chat does not need it.
	await expect(agent.getByTestId('thread')).toContainText('***.982.247-**');
	await expect(agent.getByTestId('thread')).not.toContainText(CPF);
	expect(await seriousViolations(agent)).toEqual([]);
	await agent.getByRole('button', { name: 'Assumir conversa' }).click();
	await agent.getByRole('textbox', { name: 'Resposta' }).fill('Olá, Joana! Aqui é da Central 156: a equipe passa aí amanhã cedo.');
	await agent.getByRole('button', { name: 'Enviar' }).click();

	await expect(bubbles.last()).toContainText('a equipe passa aí amanhã cedo');
	// The citizen's answer reaches the agent's open chat live, without a reload.
	await say('Obrigada!');
	await expect(agent.getByTestId('thread')).toContainText('Obrigada!');

	await agent.getByRole('button', { name: 'Devolver ao robô' }).click();
	await expect(bubbles.last()).toContainText('Estou de volta');
	await agentContext.close();
});

test('a citizen takes a ticket before arriving from the chat, and its page waits for them to arrive', async ({ page }) => {
	test.setTimeout(90_000);
	const number = `+55639${String(Date.now()).slice(-8)}`;
	await page.goto(`http://127.0.0.1:${E2E_PHONE_PORT}/chat?n=${encodeURIComponent(number)}`);
	const say = async (text: string) => {
		await page.getByRole('textbox', { name: 'Mensagem' }).fill(text);
		await page.locator('button.send').click();
	};
	const bubbles = page.locator('#chat li.msg.vez');
	const choose = (title: string, exact = true) => page.locator('#chat').getByRole('button', { name: title, exact }).click();

	await say('oi');
	await choose('Aceito');
	await expect(bubbles.last()).toContainText('Como você se chama?');
	await say('Rita Alves');
	await expect(bubbles.last()).toContainText('Em que bairro');
	await say('Centro');
	await expect(bubbles.last()).toContainText('Como posso ajudar?');

	await choose('Senha e filas');
	await expect(bubbles.nth(-2)).toContainText('Filas agora:');
	await expect(bubbles.last()).toContainText('Escolha a unidade');
	await page.locator('#chat li.msg.vez').last().locator('button.choice').first().click();
	await expect(bubbles.last()).toContainText('Escolha o serviço');
	await page.locator('#chat li.msg.vez').last().locator('button.choice').first().click();
	await expect(bubbles.last()).toContainText('Sua senha:');
	const text = (await bubbles.last().innerText()).replace(/\*/g, '');
	expect(text).toMatch(/Ao chegar, digite o código [A-Z0-9-]+ no totem/);
	const track = /(http\S+\/t\/[A-Za-z0-9_-]+)/.exec(text)![1];
	// The ticket's page knows it waits for its visitor.
	await page.goto(new URL(track).pathname);
	await expect(page.getByRole('button', { name: 'Cheguei' })).toBeVisible();
});
