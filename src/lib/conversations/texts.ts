import type { Lang } from '$lib/i18n';

/**
 * What the WhatsApp bot says, in pt-BR, en and es. WhatsApp formatting: *bold*, _italic_.
 * Button titles stay within 20 characters and list rows within 24 (Meta's limits, checked by
 * the unit tests for every language).
 */
export interface BotTexts {
	welcome: string;
	consent: string;
	consentYes: string;
	consentNo: string;
	declined: string;
	askName: string;
	badName: string;
	askNeighbourhood: (name: string) => string;
	badNeighbourhood: string;
	registered: (name: string) => string;
	menuBody: string;
	menuButton: string;
	menu: { protocol: string; request: string; ticket: string; appointments: string; human: string; data: string; notices: string; exit: string };
	menuHint: string;
	notUnderstood: string;
	askProtocolNumber: string;
	badProtocolNumber: string;
	askProtocolSecret: (number: string) => string;
	badProtocolSecret: string;
	protocolStatus: (p: { number: string; status: string; service: string; due: string; note: string | null }) => string;
	protocolNotFound: string;
	statuses: Record<string, string>;
	askSearch: string;
	searchNothing: (q: string) => string;
	searchResults: string;
	searchButton: string;
	didYouMean: string;
	askDescription: (service: string) => string;
	shortDescription: string;
	askIdentity: string;
	identifyButton: string;
	anonymousButton: string;
	askCpf: string;
	badCpf: string;
	askAddress: string;
	confirmRequest: (d: { service: string; description: string; address: string | null; anonymous: boolean }) => string;
	sendButton: string;
	cancelButton: string;
	requestCancelled: string;
	requestOpened: (p: { number: string; code: string; due: string; organ: string }) => string;
	requestFailed: string;
	tooManyTries: string;
	waitsIntro: string;
	waitsUnit: (u: { name: string; address: string; open: boolean }) => string;
	waitsService: (s: { name: string; waiting: number; minutes: number | null }) => string;
	waitsNone: string;
	waitsOutro: string;
	ticketPickUnit: string;
	ticketUnitsButton: string;
	ticketPickService: (unit: string) => string;
	ticketTaken: (t: { number: string; service: string; unit: string; ahead: number; minutes: number; code: string; url: string }) => string;
	ticketRefused: Record<'cap' | 'limit' | 'other', string>;
	appointmentsNone: (bookUrl: string) => string;
	appointmentsList: string;
	appointmentLine: (a: { code: string; service: string; unit: string; when: string }) => string;
	appointmentsOutro: (bookUrl: string) => string;
	appointmentPickCancel: string;
	appointmentsButton: string;
	appointmentCancelConfirm: (a: { code: string; service: string; unit: string; when: string }) => string;
	cancelAppointmentButton: string;
	keepAppointmentButton: string;
	appointmentKept: string;
	appointmentCancelled: (code: string) => string;
	appointmentNotCancelled: (code: string) => string;
	noticesPick: string;
	noticesButton: string;
	noticesSubscribed: string;
	noticesStopRow: string;
	noticesPickUnit: (region: string) => string;
	noticesWholeRegion: string;
	noticesOn: (place: string) => string;
	noticesOff: string;
	humanWaiting: string;
	humanClosed: (hours: string) => string;
	humanBack: string;
	dataBody: (c: { name: string; neighbourhood: string }) => string;
	editButton: string;
	eraseButton: string;
	eraseConfirm: string;
	erased: string;
	bye: string;
	notText: string;
	yes: string;
	no: string;
	/** How an agent's template greets a citizen who gave no name. */
	citizen: string;
}

const STATUS_PT = { aberto: 'aberto', em_analise: 'em análise', encaminhado: 'encaminhado', em_atendimento: 'em atendimento', concluido: 'concluído', indeferido: 'indeferido', cancelado: 'cancelado' };
const STATUS_EN = { aberto: 'open', em_analise: 'under review', encaminhado: 'forwarded', em_atendimento: 'being handled', concluido: 'completed', indeferido: 'refused', cancelado: 'cancelled' };
const STATUS_ES = { aberto: 'abierto', em_analise: 'en análisis', encaminhado: 'derivado', em_atendimento: 'en atención', concluido: 'concluido', indeferido: 'denegado', cancelado: 'cancelado' };

const ptBR: BotTexts = {
	welcome: 'Olá! Aqui é o atendimento da Prefeitura pelo WhatsApp. 👋',
	consent:
		'*Aviso de privacidade (LGPD)*: para atender você guardamos seu número, seu nome, seu bairro e as mensagens desta conversa, só para prestar o serviço que você pedir, por até 1 ano. Você pode ver, corrigir ou apagar seus dados a qualquer momento pela opção *Meus dados*.\n\nVocê concorda?',
	consentYes: 'Aceito',
	consentNo: 'Não aceito',
	declined: 'Tudo bem, não guardaremos seus dados. Sem o aceite não conseguimos continuar; se mudar de ideia, responda *aceito*. Você ainda pode acompanhar um protocolo mandando o número e o código de acesso.',
	askName: 'Obrigado! Como você se chama?',
	badName: 'Não entendi seu nome. Escreva só o nome, por exemplo: *Maria Souza*.',
	askNeighbourhood: (name) => `Prazer, ${name}! Em que bairro você mora?`,
	badNeighbourhood: 'Não entendi o bairro. Escreva só o nome do bairro, por exemplo: *Centro*.',
	registered: (name) => `Pronto, ${name}, cadastro feito.`,
	menuBody: 'Como posso ajudar? Escolha uma opção ou digite o número:\n1 Consultar protocolo\n2 Abrir solicitação\n3 Senha e filas\n4 Meus agendamentos\n5 Falar com atendente\n6 Meus dados\n7 Avisos\n8 Sair',
	menuButton: 'Ver opções',
	menu: { protocol: 'Consultar protocolo', request: 'Abrir solicitação', ticket: 'Senha e filas', appointments: 'Meus agendamentos', human: 'Falar com atendente', data: 'Meus dados', notices: 'Avisos', exit: 'Sair' },
	menuHint: 'Digite *menu* para voltar ao início.',
	notUnderstood: 'Desculpe, não entendi.',
	askProtocolNumber: 'Qual é o número do protocolo? (por exemplo 2026000123-4)',
	badProtocolNumber: 'Esse número não parece um protocolo. Confira e mande de novo (por exemplo 2026000123-4).',
	askProtocolSecret: (n) => `Protocolo ${n}. Agora mande o *código de acesso* (8 letras e números, está no comprovante) ou o *CPF* de quem abriu.`,
	badProtocolSecret: 'Não reconheci um código de acesso nem um CPF. O código tem 8 caracteres, como 7BGFDFPB.',
	protocolStatus: (p) => `📄 Protocolo *${p.number}* — ${p.service}\nSituação: *${p.status}*\nPrazo: ${p.due}${p.note ? `\nÚltima nota: ${p.note}` : ''}`,
	protocolNotFound: 'Não encontrei protocolo com esse número e esse código ou CPF. Confira os dados do comprovante.',
	statuses: STATUS_PT,
	askSearch: 'O que você quer solicitar? Descreva em poucas palavras, por exemplo: *buraco na rua*, *lâmpada queimada*, *poda de árvore*.',
	searchNothing: (q) => `Não achei serviço para "${q}" que possa ser pedido por aqui. Tente outras palavras.`,
	searchResults: 'Encontrei estes serviços. Escolha um ou digite o número:',
	searchButton: 'Ver serviços',
	didYouMean: 'Você quer abrir uma solicitação? Estes serviços combinam com o que você escreveu:',
	askDescription: (s) => `*${s}*. Descreva o problema ou o pedido (o que é e desde quando).`,
	shortDescription: 'Conte um pouco mais, com pelo menos algumas palavras.',
	askIdentity: 'Você quer se identificar com CPF (e receber retorno) ou fazer o pedido anônimo?',
	identifyButton: 'Informar CPF',
	anonymousButton: 'Anônimo',
	askCpf: 'Qual é o seu CPF? (só números ou com pontos e traço)',
	badCpf: 'Esse CPF não é válido. Confira e mande de novo.',
	askAddress: 'Onde é? Mande o endereço (rua, número, ponto de referência) ou compartilhe a *localização* pelo clipe 📎. Se não houver endereço, digite *pular*.',
	confirmRequest: (d) => `Confira seu pedido:\nServiço: ${d.service}\nDescrição: ${d.description}\nEndereço: ${d.address ?? '—'}\n${d.anonymous ? 'Anônimo' : 'Identificado com CPF'}\n\nEnvio?`,
	sendButton: 'Enviar',
	cancelButton: 'Cancelar',
	requestCancelled: 'Pedido cancelado, nada foi enviado.',
	requestOpened: (p) => `✅ Solicitação registrada!\nProtocolo: *${p.number}*\nCódigo de acesso: *${p.code}*\nResponsável: ${p.organ}\nPrazo: ${p.due}\n\nGuarde o número e o código: mande os dois aqui a qualquer momento para saber a situação.`,
	requestFailed: 'Não consegui registrar agora. Tente de novo em instantes ou fale com um atendente.',
	tooManyTries: 'Vamos recomeçar.',
	waitsIntro: 'Filas agora:',
	waitsUnit: (u) => `\n*${u.name}* (${u.open ? 'aberta' : 'fechada agora'}) — ${u.address}`,
	waitsService: (s) => `• ${s.name}: ${s.waiting} na fila${s.minutes !== null ? `, cerca de ${s.minutes} min` : ''}`,
	waitsNone: 'Nenhuma unidade com fila aberta agora.',
	waitsOutro: 'Vá até a unidade e retire sua senha no totem.',
	ticketPickUnit: 'Quer pegar sua senha por aqui? Ela guarda seu lugar na fila e só é chamada depois que você chegar. Escolha a unidade:',
	ticketUnitsButton: 'Ver unidades',
	ticketPickService: (u) => `*${u}*. Escolha o serviço:`,
	ticketTaken: (x) =>
		`🎫 Sua senha: *${x.number}* — ${x.service}, ${x.unit}\n${x.ahead === 1 ? 'Há 1 pessoa' : `Há ${x.ahead} pessoas`} na sua frente, cerca de ${x.minutes} min.\n\n*Ao chegar*, digite o código *${x.code}* no totem (botão _Tenho agendamento_) ou toque em _Cheguei_ na página da senha: ${x.url}\nAntes disso ela não é chamada; se não chegar a tempo, ela expira.`,
	ticketRefused: {
		cap: 'As senhas pelo WhatsApp deste serviço acabaram por hoje. Vá até a unidade e retire a senha no totem.',
		limit: 'Você já pegou o máximo de senhas por hoje. Vá até a unidade e retire a senha no totem.',
		other: 'Não consegui pegar a senha agora (a unidade pode ter fechado). Vá até a unidade ou tente mais tarde.'
	},
	appointmentsNone: (url) => `Não há agendamentos futuros para este número. Para agendar: ${url}`,
	appointmentsList: 'Seus próximos agendamentos:',
	appointmentLine: (a) => `• ${a.when} — ${a.service}, ${a.unit} (código ${a.code})`,
	appointmentsOutro: (url) => `Para agendar: ${url}`,
	appointmentPickCancel: 'Para cancelar um agendamento, escolha-o na lista.',
	appointmentsButton: 'Agendamentos',
	appointmentCancelConfirm: (a) => `Cancelar o agendamento *${a.code}* — ${a.service}, ${a.unit}, ${a.when}? O horário fica livre para outra pessoa.`,
	cancelAppointmentButton: 'Cancelar agendamento',
	keepAppointmentButton: 'Manter',
	appointmentKept: 'Certo, o agendamento continua marcado.',
	appointmentCancelled: (c) => `Agendamento *${c}* cancelado.`,
	appointmentNotCancelled: (c) => `Não consegui cancelar o agendamento ${c}: ele pode já ter sido cancelado ou atendido.`,
	noticesPick: 'Receba avisos da Prefeitura (unidade fechada, horário especial) pelo WhatsApp. Escolha a região:',
	noticesButton: 'Ver lugares',
	noticesSubscribed: '✓ você recebe avisos daqui',
	noticesStopRow: 'Parar todos os avisos',
	noticesPickUnit: (r) => `*${r}*: avisos de toda a região, ou de uma unidade?`,
	noticesWholeRegion: 'Toda a região',
	noticesOn: (p) => `Pronto! Você vai receber avisos de *${p}*. Para parar, responda *sair* a qualquer momento.`,
	noticesOff: 'Pronto, você não receberá mais avisos.',
	humanWaiting: 'Certo! Um atendente vai continuar esta conversa em instantes. Pode ir escrevendo sua dúvida.',
	humanClosed: (h) => `Nossos atendentes respondem ${h}. Fora desse horário eu continuo ajudando com protocolos, solicitações, filas e agendamentos.`,
	humanBack: 'O atendimento com pessoa terminou. Estou de volta para ajudar.',
	dataBody: (c) => `Seus dados: nome *${c.name}*, bairro *${c.neighbourhood}*, e este número. O que quer fazer?`,
	editButton: 'Alterar cadastro',
	eraseButton: 'Apagar meus dados',
	eraseConfirm: 'Apagar seu cadastro e as mensagens desta conversa? Protocolos já abertos continuam valendo.',
	erased: 'Pronto, apagamos seu cadastro e esta conversa. Se voltar a escrever, começamos do zero.',
	bye: 'Até logo! Você não receberá mais avisos. Quando precisar, é só mandar *oi*.',
	notText: 'Por aqui eu leio texto, botões e localização.',
	yes: 'Sim',
	no: 'Não',
	citizen: 'cidadão',
};

const en: BotTexts = {
	welcome: "Hello! This is the City Hall's WhatsApp service. 👋",
	consent:
		'*Privacy notice (LGPD)*: to help you we keep your number, your name, your neighbourhood and this conversation\'s messages, only to provide the service you ask for, for up to 1 year. You may see, correct or erase your data at any time under *My data*.\n\nDo you agree?',
	consentYes: 'I agree',
	consentNo: "I don't agree",
	declined: "All right, we won't keep your data. Without your agreement we cannot go on; if you change your mind, reply *agree*. You can still check a protocol by sending its number and access code.",
	askName: 'Thank you! What is your name?',
	badName: "I didn't get your name. Write just the name, e.g. *Maria Souza*.",
	askNeighbourhood: (name) => `Nice to meet you, ${name}! Which neighbourhood do you live in?`,
	badNeighbourhood: "I didn't get the neighbourhood. Write just its name, e.g. *Centro*.",
	registered: (name) => `Done, ${name}, you are registered.`,
	menuBody: 'How can I help? Choose an option or type its number:\n1 Check a protocol\n2 Open a request\n3 Tickets and queues\n4 My appointments\n5 Talk to a person\n6 My data\n7 Notices\n8 Exit',
	menuButton: 'Options',
	menu: { protocol: 'Check a protocol', request: 'Open a request', ticket: 'Tickets and queues', appointments: 'My appointments', human: 'Talk to a person', data: 'My data', notices: 'Notices', exit: 'Exit' },
	menuHint: 'Type *menu* to go back to the start.',
	notUnderstood: "Sorry, I didn't understand.",
	askProtocolNumber: "What is the protocol's number? (e.g. 2026000123-4)",
	badProtocolNumber: "That doesn't look like a protocol number. Check it and send it again (e.g. 2026000123-4).",
	askProtocolSecret: (n) => `Protocol ${n}. Now send the *access code* (8 letters and digits, on the receipt) or the *CPF* of who opened it.`,
	badProtocolSecret: "I didn't recognise an access code or a CPF. The code has 8 characters, like 7BGFDFPB.",
	protocolStatus: (p) => `📄 Protocol *${p.number}* — ${p.service}\nStatus: *${p.status}*\nDue: ${p.due}${p.note ? `\nLatest note: ${p.note}` : ''}`,
	protocolNotFound: "I found no protocol with this number and this code or CPF. Check the receipt's details.",
	statuses: STATUS_EN,
	askSearch: 'What would you like to request? Describe it in a few words, e.g. *pothole*, *street light out*, *tree pruning*.',
	searchNothing: (q) => `I found no service for "${q}" that can be requested here. Try other words.`,
	searchResults: 'I found these services. Choose one or type its number:',
	searchButton: 'Services',
	didYouMean: 'Would you like to open a request? These services match what you wrote:',
	askDescription: (s) => `*${s}*. Describe the problem or the request (what it is and since when).`,
	shortDescription: 'Tell me a little more, in a few words at least.',
	askIdentity: 'Do you want to identify yourself with your CPF (and get answers) or make the request anonymously?',
	identifyButton: 'Give my CPF',
	anonymousButton: 'Anonymous',
	askCpf: 'What is your CPF? (digits only, or with dots and dash)',
	badCpf: 'This CPF is not valid. Check it and send it again.',
	askAddress: 'Where is it? Send the address (street, number, landmark) or share your *location* with the clip 📎. If there is no address, type *skip*.',
	confirmRequest: (d) => `Check your request:\nService: ${d.service}\nDescription: ${d.description}\nAddress: ${d.address ?? '—'}\n${d.anonymous ? 'Anonymous' : 'Identified by CPF'}\n\nSend it?`,
	sendButton: 'Send',
	cancelButton: 'Cancel',
	requestCancelled: 'Request cancelled, nothing was sent.',
	requestOpened: (p) => `✅ Request registered!\nProtocol: *${p.number}*\nAccess code: *${p.code}*\nHandled by: ${p.organ}\nDue: ${p.due}\n\nKeep the number and the code: send both here at any time to see its status.`,
	requestFailed: "I couldn't register it now. Try again in a moment or talk to a person.",
	tooManyTries: "Let's start again.",
	waitsIntro: 'Queues now:',
	waitsUnit: (u) => `\n*${u.name}* (${u.open ? 'open' : 'closed now'}) — ${u.address}`,
	waitsService: (s) => `• ${s.name}: ${s.waiting} waiting${s.minutes !== null ? `, about ${s.minutes} min` : ''}`,
	waitsNone: 'No unit has an open queue now.',
	waitsOutro: 'Go to the unit and take your ticket at the kiosk.',
	ticketPickUnit: 'Would you like to take your ticket here? It keeps your place in the queue and is called only after you arrive. Choose the unit:',
	ticketUnitsButton: 'Units',
	ticketPickService: (u) => `*${u}*. Choose the service:`,
	ticketTaken: (x) =>
		`🎫 Your ticket: *${x.number}* — ${x.service}, ${x.unit}\n${x.ahead === 1 ? '1 person' : `${x.ahead} people`} ahead of you, about ${x.minutes} min.\n\n*On arrival*, type the code *${x.code}* at the kiosk (button _I have an appointment_) or tap _I have arrived_ on the ticket's page: ${x.url}\nUntil then it is not called; if you do not arrive in time, it expires.`,
	ticketRefused: {
		cap: "Today's WhatsApp tickets for this service are all taken. Go to the unit and take your ticket at the kiosk.",
		limit: 'You have taken the most tickets allowed today. Go to the unit and take your ticket at the kiosk.',
		other: "I couldn't take the ticket now (the unit may have closed). Go to the unit or try later."
	},
	appointmentsNone: (url) => `No upcoming appointments for this number. To book: ${url}`,
	appointmentsList: 'Your next appointments:',
	appointmentLine: (a) => `• ${a.when} — ${a.service}, ${a.unit} (code ${a.code})`,
	appointmentsOutro: (url) => `To book: ${url}`,
	appointmentPickCancel: 'To cancel an appointment, choose it from the list.',
	appointmentsButton: 'Appointments',
	appointmentCancelConfirm: (a) => `Cancel appointment *${a.code}* — ${a.service}, ${a.unit}, ${a.when}? The time becomes free for someone else.`,
	cancelAppointmentButton: 'Cancel appointment',
	keepAppointmentButton: 'Keep it',
	appointmentKept: 'All right, the appointment stays booked.',
	appointmentCancelled: (c) => `Appointment *${c}* cancelled.`,
	appointmentNotCancelled: (c) => `I couldn't cancel appointment ${c}: it may have been cancelled or attended already.`,
	noticesPick: "Get City Hall notices (unit closed, special hours) on WhatsApp. Choose the region:",
	noticesButton: 'Places',
	noticesSubscribed: "✓ you get this place's notices",
	noticesStopRow: 'Stop all notices',
	noticesPickUnit: (r) => `*${r}*: notices of the whole region, or of one unit?`,
	noticesWholeRegion: 'The whole region',
	noticesOn: (p) => `Done! You will get notices about *${p}*. To stop them, reply *sair* at any time.`,
	noticesOff: 'Done, you will get no more notices.',
	humanWaiting: 'Sure! A person will continue this conversation shortly. You can start writing your question.',
	humanClosed: (h) => `Our people answer ${h}. Outside those hours I keep helping with protocols, requests, queues and appointments.`,
	humanBack: "The conversation with a person is over. I'm back to help.",
	dataBody: (c) => `Your data: name *${c.name}*, neighbourhood *${c.neighbourhood}*, and this number. What would you like to do?`,
	editButton: 'Change my details',
	eraseButton: 'Erase my data',
	eraseConfirm: 'Erase your registration and this conversation\'s messages? Protocols already opened stay valid.',
	erased: 'Done, we erased your registration and this conversation. If you write again, we start afresh.',
	bye: 'Goodbye! You will get no more notices. Whenever you need us, just send *hi*.',
	notText: 'Here I read text, buttons and locations.',
	yes: 'Yes',
	no: 'No',
	citizen: 'there',
};

const es: BotTexts = {
	welcome: '¡Hola! Este es el servicio de la Municipalidad por WhatsApp. 👋',
	consent:
		'*Aviso de privacidad (LGPD)*: para atenderte guardamos tu número, tu nombre, tu barrio y los mensajes de esta conversación, solo para prestar el servicio que pidas, hasta 1 año. Puedes ver, corregir o borrar tus datos en cualquier momento en *Mis datos*.\n\n¿Estás de acuerdo?',
	consentYes: 'Acepto',
	consentNo: 'No acepto',
	declined: 'Está bien, no guardaremos tus datos. Sin tu aceptación no podemos seguir; si cambias de idea, responde *acepto*. Igual puedes consultar un protocolo enviando su número y código de acceso.',
	askName: '¡Gracias! ¿Cómo te llamas?',
	badName: 'No entendí tu nombre. Escribe solo el nombre, por ejemplo: *María Souza*.',
	askNeighbourhood: (name) => `¡Mucho gusto, ${name}! ¿En qué barrio vives?`,
	badNeighbourhood: 'No entendí el barrio. Escribe solo su nombre, por ejemplo: *Centro*.',
	registered: (name) => `Listo, ${name}, ya estás registrado.`,
	menuBody: '¿Cómo te ayudo? Elige una opción o escribe el número:\n1 Consultar protocolo\n2 Abrir solicitud\n3 Turnos y filas\n4 Mis citas\n5 Hablar con una persona\n6 Mis datos\n7 Avisos\n8 Salir',
	menuButton: 'Ver opciones',
	menu: { protocol: 'Consultar protocolo', request: 'Abrir solicitud', ticket: 'Turnos y filas', appointments: 'Mis citas', human: 'Hablar con persona', data: 'Mis datos', notices: 'Avisos', exit: 'Salir' },
	menuHint: 'Escribe *menu* para volver al inicio.',
	notUnderstood: 'Perdón, no entendí.',
	askProtocolNumber: '¿Cuál es el número del protocolo? (por ejemplo 2026000123-4)',
	badProtocolNumber: 'Ese número no parece un protocolo. Revísalo y envíalo de nuevo (por ejemplo 2026000123-4).',
	askProtocolSecret: (n) => `Protocolo ${n}. Ahora envía el *código de acceso* (8 letras y números, en el comprobante) o el *CPF* de quien lo abrió.`,
	badProtocolSecret: 'No reconocí un código de acceso ni un CPF. El código tiene 8 caracteres, como 7BGFDFPB.',
	protocolStatus: (p) => `📄 Protocolo *${p.number}* — ${p.service}\nEstado: *${p.status}*\nPlazo: ${p.due}${p.note ? `\nÚltima nota: ${p.note}` : ''}`,
	protocolNotFound: 'No encontré un protocolo con ese número y ese código o CPF. Revisa los datos del comprobante.',
	statuses: STATUS_ES,
	askSearch: '¿Qué quieres solicitar? Descríbelo en pocas palabras, por ejemplo: *bache*, *luminaria apagada*, *poda de árbol*.',
	searchNothing: (q) => `No encontré un servicio para "${q}" que se pueda pedir por aquí. Prueba otras palabras.`,
	searchResults: 'Encontré estos servicios. Elige uno o escribe el número:',
	searchButton: 'Ver servicios',
	didYouMean: '¿Quieres abrir una solicitud? Estos servicios coinciden con lo que escribiste:',
	askDescription: (s) => `*${s}*. Describe el problema o el pedido (qué es y desde cuándo).`,
	shortDescription: 'Cuéntame un poco más, con algunas palabras al menos.',
	askIdentity: '¿Quieres identificarte con tu CPF (y recibir respuesta) o hacer el pedido de forma anónima?',
	identifyButton: 'Dar mi CPF',
	anonymousButton: 'Anónimo',
	askCpf: '¿Cuál es tu CPF? (solo números o con puntos y guion)',
	badCpf: 'Ese CPF no es válido. Revísalo y envíalo de nuevo.',
	askAddress: '¿Dónde es? Envía la dirección (calle, número, referencia) o comparte tu *ubicación* con el clip 📎. Si no hay dirección, escribe *omitir*.',
	confirmRequest: (d) => `Revisa tu pedido:\nServicio: ${d.service}\nDescripción: ${d.description}\nDirección: ${d.address ?? '—'}\n${d.anonymous ? 'Anónimo' : 'Identificado con CPF'}\n\n¿Lo envío?`,
	sendButton: 'Enviar',
	cancelButton: 'Cancelar',
	requestCancelled: 'Pedido cancelado, no se envió nada.',
	requestOpened: (p) => `✅ ¡Solicitud registrada!\nProtocolo: *${p.number}*\nCódigo de acceso: *${p.code}*\nResponsable: ${p.organ}\nPlazo: ${p.due}\n\nGuarda el número y el código: envía ambos aquí cuando quieras para ver su estado.`,
	requestFailed: 'No pude registrarla ahora. Inténtalo de nuevo en un momento o habla con una persona.',
	tooManyTries: 'Empecemos de nuevo.',
	waitsIntro: 'Filas ahora:',
	waitsUnit: (u) => `\n*${u.name}* (${u.open ? 'abierta' : 'cerrada ahora'}) — ${u.address}`,
	waitsService: (s) => `• ${s.name}: ${s.waiting} en espera${s.minutes !== null ? `, unos ${s.minutes} min` : ''}`,
	waitsNone: 'Ninguna unidad tiene fila abierta ahora.',
	waitsOutro: 'Ve a la unidad y saca tu turno en el tótem.',
	ticketPickUnit: '¿Quieres sacar tu turno por aquí? Guarda tu lugar en la fila y solo te llaman después de que llegues. Elige la unidad:',
	ticketUnitsButton: 'Ver unidades',
	ticketPickService: (u) => `*${u}*. Elige el servicio:`,
	ticketTaken: (x) =>
		`🎫 Tu turno: *${x.number}* — ${x.service}, ${x.unit}\n${x.ahead === 1 ? 'Hay 1 persona' : `Hay ${x.ahead} personas`} antes que tú, unos ${x.minutes} min.\n\n*Al llegar*, escribe el código *${x.code}* en el tótem (botón _Tengo cita_) o toca _Llegué_ en la página del turno: ${x.url}\nAntes no te llaman; si no llegas a tiempo, vence.`,
	ticketRefused: {
		cap: 'Los turnos por WhatsApp de este servicio se acabaron por hoy. Ve a la unidad y saca tu turno en el tótem.',
		limit: 'Ya sacaste el máximo de turnos de hoy. Ve a la unidad y saca tu turno en el tótem.',
		other: 'No pude sacar el turno ahora (la unidad puede haber cerrado). Ve a la unidad o inténtalo más tarde.'
	},
	appointmentsNone: (url) => `No hay citas próximas para este número. Para reservar: ${url}`,
	appointmentsList: 'Tus próximas citas:',
	appointmentLine: (a) => `• ${a.when} — ${a.service}, ${a.unit} (código ${a.code})`,
	appointmentsOutro: (url) => `Para reservar: ${url}`,
	appointmentPickCancel: 'Para cancelar una cita, elígela en la lista.',
	appointmentsButton: 'Citas',
	appointmentCancelConfirm: (a) => `¿Cancelar la cita *${a.code}* — ${a.service}, ${a.unit}, ${a.when}? El horario queda libre para otra persona.`,
	cancelAppointmentButton: 'Cancelar cita',
	keepAppointmentButton: 'Mantener',
	appointmentKept: 'Bien, la cita sigue reservada.',
	appointmentCancelled: (c) => `Cita *${c}* cancelada.`,
	appointmentNotCancelled: (c) => `No pude cancelar la cita ${c}: puede que ya esté cancelada o atendida.`,
	noticesPick: 'Recibe avisos de la Municipalidad (unidad cerrada, horario especial) por WhatsApp. Elige la región:',
	noticesButton: 'Ver lugares',
	noticesSubscribed: '✓ recibes avisos de aquí',
	noticesStopRow: 'Parar todos los avisos',
	noticesPickUnit: (r) => `*${r}*: ¿avisos de toda la región o de una unidad?`,
	noticesWholeRegion: 'Toda la región',
	noticesOn: (p) => `¡Listo! Recibirás avisos de *${p}*. Para dejar de recibirlos, responde *salir* cuando quieras.`,
	noticesOff: 'Listo, ya no recibirás avisos.',
	humanWaiting: '¡Claro! Una persona seguirá esta conversación en un momento. Puedes ir escribiendo tu duda.',
	humanClosed: (h) => `Nuestras personas atienden ${h}. Fuera de ese horario sigo ayudando con protocolos, solicitudes, filas y citas.`,
	humanBack: 'La atención con una persona terminó. Vuelvo a ayudarte.',
	dataBody: (c) => `Tus datos: nombre *${c.name}*, barrio *${c.neighbourhood}*, y este número. ¿Qué quieres hacer?`,
	editButton: 'Cambiar mis datos',
	eraseButton: 'Borrar mis datos',
	eraseConfirm: '¿Borrar tu registro y los mensajes de esta conversación? Los protocolos ya abiertos siguen valiendo.',
	erased: 'Listo, borramos tu registro y esta conversación. Si vuelves a escribir, empezamos de cero.',
	bye: '¡Hasta luego! Ya no recibirás avisos. Cuando lo necesites, envía *hola*.',
	notText: 'Por aquí leo texto, botones y ubicación.',
	yes: 'Sí',
	no: 'No',
	citizen: 'vecino',
};

export const BOT_TEXTS: Record<Lang, BotTexts> = { 'pt-BR': ptBR, en, es };
