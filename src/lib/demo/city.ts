import type { Role } from '../auth/actor.js';
import type { DeadlineUnit, OpeningHours, UnitSettings } from '../server/db/schema.js';

/**
 * "Vez Demo": a Florianópolis-like demo city — a central Pró-Cidadão-style unit, five regional
 * units, a service catalogue (Carta de Serviços, Lei 13.460/2017 art. 7) across the city's
 * organs, the legal priority groups, demo users for each role and kiosk/panel tokens.
 * Pure data: `seed.server.ts` writes it to an empty database.
 */

export const DEMO_CITY_NAME = 'Vez Demo';
/** The password of every demo user. Demo data only: never seeded unless `VEZ_DEMO` is on. */
export const DEMO_PASSWORD = 'vez-demo';

export type Channel = 'presencial' | 'web' | 'telefone' | 'app' | 'whatsapp';

export interface DemoOrgan {
	readonly code: string;
	readonly name: string;
	readonly acronym: string;
	readonly isOmbudsman: boolean;
}

export interface DemoUnitService {
	/** Service code. */
	readonly service: string;
	/** Ticket prefix, 1–3 uppercase letters, unique in the unit. */
	readonly prefix: string;
	readonly allowsPriority: boolean;
}

export interface DemoUnit {
	readonly slug: string;
	readonly name: string;
	readonly address: string;
	readonly region: string;
	readonly timezone: string;
	readonly openingHours: OpeningHours;
	readonly settings: UnitSettings;
	/** Counters "Guichê 1" … "Guichê n". */
	readonly counters: number;
	readonly services: readonly DemoUnitService[];
}

export interface DemoService {
	readonly code: string;
	readonly name: string;
	/** Organ code. */
	readonly organ: string;
	/** Tema → assunto → serviço, as SP's guide groups them. */
	readonly theme: string;
	readonly subject: string;
	readonly description: string;
	readonly audience: string;
	readonly requirements: string;
	readonly documents: readonly string[];
	readonly steps: readonly string[];
	readonly deadlineAmount: number;
	readonly deadlineUnit: DeadlineUnit;
	readonly delivery: string;
	readonly fees: string;
	readonly legalBasis: string;
	readonly channels: readonly Channel[];
	readonly anonymousAllowed: boolean;
	readonly expectedWaitMinutes: number;
	readonly expectedServiceMinutes: number;
	readonly complaints: string;
	/** Comma-separated search words (also Open311 `keywords`). */
	readonly keywords: string;
}

export interface DemoPriorityGroup {
	readonly code: string;
	readonly name: string;
	readonly weight: number;
	readonly requiresDocument: boolean;
	readonly legalBasis: string;
	readonly sort: number;
}

export interface DemoUser {
	readonly username: string;
	readonly name: string;
	readonly role: Role;
	/** Unit slugs the person works in. */
	readonly units: readonly string[];
	/** Organ code, for organ staff. */
	readonly organ: string | null;
}

export interface DemoToken {
	readonly name: string;
	readonly kind: 'kiosk' | 'panel';
	readonly unit: string;
	/** The literal secret (demo only); stored as its SHA-256 like every token. */
	readonly secret: string;
}

// ───────────────────────────── organs ─────────────────────────────

export const DEMO_ORGANS: readonly DemoOrgan[] = [
	{ code: 'smf', name: 'Secretaria Municipal da Fazenda', acronym: 'SMF', isOmbudsman: false },
	{ code: 'smi', name: 'Secretaria Municipal de Infraestrutura', acronym: 'SMI', isOmbudsman: false },
	{ code: 'comcap', name: 'Autarquia de Melhoramentos da Capital — Limpeza Urbana', acronym: 'COMCAP', isOmbudsman: false },
	{ code: 'sms', name: 'Secretaria Municipal de Saúde', acronym: 'SMS', isOmbudsman: false },
	{ code: 'sme', name: 'Secretaria Municipal de Educação', acronym: 'SME', isOmbudsman: false },
	{ code: 'floram', name: 'Fundação Municipal do Meio Ambiente', acronym: 'FLORAM', isOmbudsman: false },
	{ code: 'smdu', name: 'Secretaria Municipal de Desenvolvimento Urbano e Licenciamento', acronym: 'SMDU', isOmbudsman: false },
	{ code: 'semas', name: 'Secretaria Municipal de Assistência Social', acronym: 'SEMAS', isOmbudsman: false },
	{ code: 'smg', name: 'Secretaria Municipal de Governo — Pró-Cidadão', acronym: 'SMG', isOmbudsman: false },
	{ code: 'ouvidoria', name: 'Ouvidoria Geral do Município', acronym: 'OGM', isOmbudsman: true }
];

// ───────────────────────────── services ─────────────────────────────

const ALL_CHANNELS: readonly Channel[] = ['presencial', 'web', 'telefone', 'app', 'whatsapp'];
const COMPLAINTS =
	'Ouvidoria Geral do Município: ligue 156 (seg. a sex., 7h às 19h; sáb., 7h às 13h), pelo portal ou aplicativo Vez Demo, ou em qualquer unidade Pró-Cidadão. Prazo de resposta: 30 dias, prorrogáveis uma vez por igual período (Lei 13.460/2017, art. 16).';
const ID = 'Documento oficial de identidade com foto (RG, CNH ou equivalente)';
const CPF = 'CPF';
const ADDRESS_PROOF = 'Comprovante de residência recente (últimos 90 dias)';
const PROXY = 'Procuração simples com documento do procurador, quando representado por terceiro';

export const DEMO_SERVICES: readonly DemoService[] = [
	// ── Fazenda (SMF) ──
	{
		code: 'iptu-segunda-via',
		name: 'Emissão de 2ª via do IPTU',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'IPTU',
		description:
			'Emissão da segunda via do carnê ou da guia de pagamento do Imposto Predial e Territorial Urbano (IPTU) e da Taxa de Coleta de Resíduos do exercício atual ou de exercícios anteriores, em cota única ou parcelas.',
		audience: 'Proprietários, possuidores ou responsáveis pelo pagamento do imóvel.',
		requirements: 'Informar a inscrição imobiliária ou o endereço completo do imóvel.',
		documents: [ID, 'Inscrição imobiliária ou carnê anterior do IPTU'],
		steps: [
			'Informe a inscrição imobiliária ou o endereço do imóvel ao atendente.',
			'Escolha entre cota única ou parcelas em aberto.',
			'Receba a guia impressa ou por e-mail e pague em qualquer banco conveniado, lotérica ou PIX.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'minutes',
		delivery: 'Na hora: guia impressa no atendimento ou enviada por e-mail.',
		fees: 'Gratuito.',
		legalBasis: 'Constituição Federal, art. 156, I; Código Tributário Nacional, arts. 32 a 34; Código Tributário Municipal.',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'iptu, carnê, boleto, guia, segunda via, imposto, imóvel'
	},
	{
		code: 'iptu-isencao-aposentado',
		name: 'Isenção de IPTU para aposentados e pensionistas',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'IPTU',
		description:
			'Pedido de isenção do IPTU para aposentados e pensionistas de baixa renda que possuam um único imóvel, utilizado como residência própria.',
		audience: 'Aposentados e pensionistas com renda mensal de até 3 salários mínimos, proprietários de um único imóvel residencial.',
		requirements:
			'Ser proprietário de um único imóvel no município, residir nele e comprovar renda familiar dentro do limite da lei. O pedido deve ser renovado a cada exercício.',
		documents: [
			ID,
			CPF,
			'Comprovante de aposentadoria ou pensão (extrato do INSS ou do regime próprio)',
			'Escritura ou matrícula atualizada do imóvel',
			ADDRESS_PROOF,
			'Declaração de que não possui outro imóvel'
		],
		steps: [
			'Apresente os documentos no atendimento presencial.',
			'O atendente abre o protocolo e digitaliza os documentos.',
			'A Fazenda analisa o pedido e pode solicitar documentos complementares.',
			'Acompanhe o protocolo pelo número; a decisão é comunicada por e-mail ou carta.'
		],
		deadlineAmount: 60,
		deadlineUnit: 'calendar_days',
		delivery: 'Decisão comunicada por e-mail ou correspondência; isenção lançada no carnê do exercício.',
		fees: 'Gratuito.',
		legalBasis: 'Código Tributário Municipal (isenções do IPTU); Lei 10.741/2003 (Estatuto da Pessoa Idosa).',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'iptu, isenção, aposentado, pensionista, idoso, desconto'
	},
	{
		code: 'iptu-revisao-lancamento',
		name: 'Revisão de lançamento do IPTU',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'IPTU',
		description:
			'Impugnação ou pedido de revisão do valor lançado de IPTU por erro de área construída, padrão, uso do imóvel ou valor venal.',
		audience: 'Proprietário ou possuidor do imóvel, ou seu representante legal.',
		requirements: 'Pedido apresentado dentro do prazo de impugnação indicado no carnê, com a justificativa da revisão.',
		documents: [ID, CPF, 'Carnê do IPTU do exercício', 'Documentos que comprovem o erro (planta, fotos, laudo, matrícula)', PROXY],
		steps: [
			'Abra o protocolo informando a inscrição imobiliária e o motivo.',
			'Anexe os documentos que comprovam o erro.',
			'Um fiscal de tributos analisa e pode vistoriar o imóvel.',
			'A decisão é publicada no protocolo; em caso de deferimento, um novo carnê é emitido.'
		],
		deadlineAmount: 90,
		deadlineUnit: 'calendar_days',
		delivery: 'Decisão no protocolo e por e-mail; novo carnê quando deferido.',
		fees: 'Gratuito.',
		legalBasis: 'Código Tributário Nacional, art. 145; Código Tributário Municipal (processo administrativo fiscal).',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'iptu, revisão, impugnação, valor venal, área construída, erro'
	},
	{
		code: 'parcelamento-debitos',
		name: 'Parcelamento de débitos municipais',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'Dívida ativa',
		description:
			'Negociação e parcelamento de débitos de IPTU, ISS, taxas e multas, inscritos ou não em dívida ativa, conforme as regras do programa de parcelamento vigente.',
		audience: 'Contribuintes pessoas físicas ou jurídicas com débitos junto ao município.',
		requirements: 'Ser o contribuinte ou representante legal; débitos ajuizados podem exigir o pagamento das custas processuais.',
		documents: [ID, CPF, 'Contrato social e documento do sócio-administrador, no caso de empresa', PROXY],
		steps: [
			'Informe a inscrição imobiliária, municipal ou o CPF/CNPJ.',
			'Simule as opções de parcelamento com o atendente.',
			'Assine o termo de confissão de dívida.',
			'Pague a primeira parcela até o vencimento para validar o acordo.'
		],
		deadlineAmount: 1,
		deadlineUnit: 'hours',
		delivery: 'Na hora: termo de parcelamento e guia da primeira parcela.',
		fees: 'Gratuito; incidem juros e correção sobre o saldo parcelado.',
		legalBasis: 'Código Tributário Nacional, art. 155-A; lei municipal do programa de parcelamento.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'parcelamento, dívida ativa, débito, negociação, refis, acordo'
	},
	{
		code: 'certidao-negativa-debitos',
		name: 'Certidão negativa de débitos municipais',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'Certidões',
		description:
			'Emissão de certidão negativa (ou positiva com efeito de negativa) de débitos relativos a tributos municipais, para pessoa física, jurídica ou imóvel.',
		audience: 'Qualquer pessoa física ou jurídica, ou interessado no imóvel.',
		requirements: 'Não haver débitos vencidos em aberto, ou estarem com exigibilidade suspensa.',
		documents: [ID, 'CPF ou CNPJ, ou inscrição imobiliária do imóvel'],
		steps: [
			'Informe o CPF/CNPJ ou a inscrição do imóvel.',
			'O sistema verifica a situação fiscal.',
			'Sem pendências, a certidão é emitida com código de autenticidade; havendo débitos, o atendente orienta sobre pagamento ou parcelamento.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'minutes',
		delivery: 'Na hora, impressa ou em PDF com código de validação; validade de 90 dias.',
		fees: 'Gratuito.',
		legalBasis: 'Código Tributário Nacional, arts. 205 e 206.',
		channels: ['presencial', 'web', 'app'],
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'certidão, negativa, débitos, CND, regularidade fiscal'
	},
	{
		code: 'itbi',
		name: 'ITBI — guia de recolhimento na compra de imóvel',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'ITBI',
		description:
			'Declaração da transmissão de imóvel e emissão da guia do Imposto sobre Transmissão de Bens Imóveis (ITBI), exigida pelo cartório para lavrar a escritura e registrar a compra.',
		audience: 'Compradores de imóveis, cartórios, imobiliárias e despachantes.',
		requirements: 'Imóvel cadastrado no município; valor da transação declarado. A Fazenda pode arbitrar a base de cálculo.',
		documents: [
			ID,
			CPF,
			'Contrato de compra e venda ou minuta da escritura',
			'Matrícula atualizada do imóvel',
			'Dados do comprador e do vendedor'
		],
		steps: [
			'Preencha a declaração de ITBI com os dados da transação.',
			'A Fazenda avalia o imóvel e calcula o imposto.',
			'Pague a guia emitida.',
			'Apresente a guia quitada ao cartório.'
		],
		deadlineAmount: 5,
		deadlineUnit: 'business_days',
		delivery: 'Guia disponível no protocolo e por e-mail após a avaliação.',
		fees: 'O imposto corresponde a uma alíquota sobre o valor do imóvel, definida em lei municipal.',
		legalBasis: 'Constituição Federal, art. 156, II; Código Tributário Municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'itbi, compra, venda, imóvel, escritura, transmissão, cartório'
	},
	{
		code: 'iss-nota-fiscal-cadastro',
		name: 'Cadastro para emissão de Nota Fiscal de Serviços eletrônica (NFS-e)',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'ISS',
		description:
			'Liberação de acesso ao sistema de emissão de Nota Fiscal de Serviços eletrônica para prestadores de serviço inscritos no cadastro mobiliário.',
		audience: 'Empresas e profissionais autônomos prestadores de serviço inscritos no município.',
		requirements: 'Inscrição municipal ativa; responsável legal com certificado digital ou senha do portal.',
		documents: [ID, CPF, 'Cartão CNPJ', 'Contrato social ou requerimento de empresário', 'Comprovante de inscrição municipal'],
		steps: [
			'Solicite o credenciamento informando a inscrição municipal.',
			'O atendente confere os documentos do responsável.',
			'O acesso é liberado e as instruções seguem por e-mail.'
		],
		deadlineAmount: 2,
		deadlineUnit: 'business_days',
		delivery: 'Acesso liberado por e-mail.',
		fees: 'Gratuito.',
		legalBasis: 'Lei Complementar 116/2003 (ISS); Código Tributário Municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'iss, nota fiscal, nfs-e, prestador, credenciamento, empresa'
	},
	{
		code: 'iss-autonomo-inscricao',
		name: 'Inscrição de profissional autônomo no cadastro mobiliário',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'ISS',
		description:
			'Inscrição de profissionais autônomos (pessoa física) no cadastro mobiliário do município para recolhimento do ISS e emissão de documentos fiscais.',
		audience: 'Profissionais autônomos, liberais e prestadores de serviço pessoa física.',
		requirements: 'Exercer atividade de prestação de serviço no município.',
		documents: [ID, CPF, ADDRESS_PROOF, 'Registro no conselho de classe, quando a profissão exigir'],
		steps: [
			'Informe a atividade exercida e o endereço.',
			'O atendente realiza a inscrição e enquadra a atividade.',
			'Receba o número de inscrição municipal.'
		],
		deadlineAmount: 1,
		deadlineUnit: 'business_days',
		delivery: 'Comprovante de inscrição impresso ou por e-mail.',
		fees: 'Isento de taxa de inscrição; o ISS é devido conforme a atividade.',
		legalBasis: 'Lei Complementar 116/2003; Código Tributário Municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'autônomo, inscrição municipal, iss, profissional liberal, cadastro mobiliário'
	},
	{
		code: 'cadastro-imobiliario-atualizacao',
		name: 'Atualização do cadastro imobiliário (troca de titularidade)',
		organ: 'smf',
		theme: 'Tributos',
		subject: 'Cadastro imobiliário',
		description:
			'Alteração do nome do contribuinte, endereço de correspondência ou dados do imóvel no cadastro imobiliário, após compra, herança ou correção.',
		audience: 'Novo proprietário, possuidor ou representante legal.',
		requirements: 'Comprovar a titularidade ou posse do imóvel.',
		documents: [ID, CPF, 'Matrícula atualizada ou escritura registrada', 'Formal de partilha, em caso de herança', PROXY],
		steps: [
			'Apresente os documentos de titularidade.',
			'O atendente abre o protocolo de atualização cadastral.',
			'A Fazenda confere e atualiza o cadastro.'
		],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Confirmação no protocolo; próximos carnês saem no novo nome.',
		fees: 'Gratuito.',
		legalBasis: 'Código Tributário Municipal (cadastro imobiliário).',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'cadastro imobiliário, titularidade, proprietário, transferência, iptu'
	},

	// ── Desenvolvimento Urbano e Licenciamento (SMDU) ──
	{
		code: 'alvara-funcionamento',
		name: 'Alvará de licença para localização e funcionamento',
		organ: 'smdu',
		theme: 'Empresas e negócios',
		subject: 'Licenciamento de atividades',
		description:
			'Licença para que empresas e entidades exerçam suas atividades em um endereço do município, após a verificação de zoneamento, segurança e, quando exigido, licenças sanitária e ambiental.',
		audience: 'Empresas, MEI, entidades e profissionais que exercem atividade em estabelecimento.',
		requirements: 'Consulta de viabilidade aprovada para a atividade no endereço; inscrição no CNPJ.',
		documents: [
			ID,
			'Cartão CNPJ',
			'Contrato social ou requerimento de empresário',
			'Consulta de viabilidade aprovada',
			'Atestado de vistoria do Corpo de Bombeiros, quando exigido',
			'Habite-se ou documento de regularidade do imóvel'
		],
		steps: [
			'Faça a consulta de viabilidade para a atividade no endereço.',
			'Apresente o requerimento com os documentos.',
			'Atividades de baixo risco têm o alvará emitido de imediato; as demais passam por vistoria.',
			'Pague a taxa de licença e retire o alvará.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Alvará digital com QR code, enviado por e-mail e disponível no portal.',
		fees: 'Taxa de licença para localização e funcionamento, conforme atividade e área; MEI isento.',
		legalBasis: 'Lei 13.874/2019 (Liberdade Econômica); Lei Complementar 123/2006; Plano Diretor municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'alvará, funcionamento, empresa, licença, comércio, abertura'
	},
	{
		code: 'consulta-viabilidade',
		name: 'Consulta de viabilidade de atividade e construção',
		organ: 'smdu',
		theme: 'Urbanismo e obras',
		subject: 'Zoneamento',
		description:
			'Informa se uma atividade econômica ou uma construção é permitida em determinado imóvel, segundo o zoneamento e os índices urbanísticos do Plano Diretor.',
		audience: 'Empreendedores, proprietários, arquitetos e engenheiros.',
		requirements: 'Identificar o imóvel pela inscrição imobiliária e descrever a atividade ou obra pretendida.',
		documents: ['Inscrição imobiliária do imóvel', 'Descrição da atividade (CNAE) ou da obra'],
		steps: [
			'Informe o imóvel e a atividade ou obra pretendida.',
			'A SMDU analisa o zoneamento e os índices.',
			'Receba a resposta com os parâmetros aplicáveis.'
		],
		deadlineAmount: 5,
		deadlineUnit: 'business_days',
		delivery: 'Resposta por e-mail e no protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 10.257/2001 (Estatuto da Cidade); Plano Diretor municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'viabilidade, zoneamento, plano diretor, consulta, uso do solo'
	},
	{
		code: 'alvara-construcao',
		name: 'Alvará de licença para construção',
		organ: 'smdu',
		theme: 'Urbanismo e obras',
		subject: 'Licenciamento de obras',
		description:
			'Aprovação de projeto e licença para construir, ampliar, reformar ou demolir edificações, conforme o Código de Obras e o Plano Diretor.',
		audience: 'Proprietários de imóveis e responsáveis técnicos (arquitetos e engenheiros).',
		requirements: 'Consulta de viabilidade aprovada; projeto assinado por responsável técnico com ART ou RRT.',
		documents: [
			ID,
			'Matrícula atualizada do imóvel',
			'Projeto arquitetônico em arquivo digital',
			'ART ou RRT do responsável técnico',
			'Consulta de viabilidade aprovada',
			'Licença ambiental, quando exigida'
		],
		steps: [
			'Protocole o projeto e os documentos.',
			'A SMDU analisa o projeto e pode emitir exigências.',
			'Atenda às exigências pelo protocolo.',
			'Pague as taxas e receba o alvará.'
		],
		deadlineAmount: 60,
		deadlineUnit: 'calendar_days',
		delivery: 'Alvará e projeto aprovado em formato digital.',
		fees: 'Taxa de licença de obra, calculada pela área construída.',
		legalBasis: 'Lei 10.257/2001 (Estatuto da Cidade); Plano Diretor e Código de Obras municipais.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'alvará, construção, obra, reforma, projeto, aprovação, demolição'
	},
	{
		code: 'habite-se',
		name: 'Habite-se (certificado de conclusão de obra)',
		organ: 'smdu',
		theme: 'Urbanismo e obras',
		subject: 'Licenciamento de obras',
		description:
			'Certificado de que a obra foi concluída conforme o projeto aprovado e que a edificação está em condições de ser ocupada.',
		audience: 'Proprietários e responsáveis técnicos de obras licenciadas.',
		requirements: 'Obra concluída conforme o alvará de construção; vistoria do Corpo de Bombeiros aprovada, quando exigida.',
		documents: [
			ID,
			'Alvará de construção',
			'Atestado de vistoria do Corpo de Bombeiros',
			'Declaração de conclusão do responsável técnico',
			'Comprovante de ligação de esgoto ou sistema de tratamento aprovado'
		],
		steps: [
			'Protocole o pedido com os documentos.',
			'Um fiscal de obras vistoria a edificação.',
			'Atenda a eventuais pendências.',
			'Receba o habite-se e averbe a construção no cartório.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Certificado digital enviado por e-mail.',
		fees: 'Taxa de vistoria, conforme a área construída.',
		legalBasis: 'Código de Obras e Edificações municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'habite-se, conclusão de obra, vistoria, ocupação, averbação'
	},
	{
		code: 'certidao-numeracao-predial',
		name: 'Certidão de numeração predial',
		organ: 'smdu',
		theme: 'Urbanismo e obras',
		subject: 'Endereçamento',
		description: 'Atribuição ou confirmação do número oficial de um imóvel no logradouro, com emissão de certidão.',
		audience: 'Proprietários e possuidores de imóveis.',
		requirements: 'Imóvel cadastrado no município.',
		documents: [ID, 'Inscrição imobiliária', 'Croqui de localização ou foto da fachada'],
		steps: ['Solicite a certidão informando o imóvel.', 'A SMDU confere a numeração em campo, se necessário.', 'Receba a certidão.'],
		deadlineAmount: 10,
		deadlineUnit: 'business_days',
		delivery: 'Certidão digital por e-mail.',
		fees: 'Taxa de expediente.',
		legalBasis: 'Código de Obras e Edificações municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'numeração, número, endereço, certidão, imóvel, correios'
	},
	{
		code: 'denuncia-fiscalizacao-obras',
		name: 'Denúncia de obra irregular',
		organ: 'smdu',
		theme: 'Urbanismo e obras',
		subject: 'Fiscalização',
		description:
			'Registro de denúncia de construção sem alvará, em desacordo com o projeto, em área de preservação ou que ofereça risco, para vistoria da fiscalização de obras.',
		audience: 'Qualquer cidadão. A denúncia pode ser anônima.',
		requirements: 'Indicar o endereço ou ponto de referência e descrever a irregularidade.',
		documents: ['Fotos da obra (opcional)'],
		steps: [
			'Registre a denúncia com o local e a descrição.',
			'A fiscalização de obras vistoria o local.',
			'Constatada a irregularidade, o responsável é notificado, embargado ou autuado.',
			'Acompanhe o andamento pelo número do protocolo.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Vistoria no local; resultado informado no protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Código de Obras e Edificações municipal; Lei 13.460/2017.',
		channels: ALL_CHANNELS,
		anonymousAllowed: true,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'denúncia, obra irregular, construção, fiscalização, embargo, sem alvará'
	},
	{
		code: 'sala-empreendedor-mei',
		name: 'Sala do Empreendedor — formalização de MEI',
		organ: 'smdu',
		theme: 'Empresas e negócios',
		subject: 'Microempreendedor individual',
		description:
			'Orientação e apoio para formalizar, alterar ou baixar o cadastro de Microempreendedor Individual (MEI), emitir o boleto DAS e entregar a declaração anual.',
		audience: 'Pessoas que desejam se formalizar como MEI e microempreendedores já formalizados.',
		requirements: 'Atender aos limites de faturamento e às atividades permitidas ao MEI.',
		documents: [ID, CPF, ADDRESS_PROOF, 'Número do recibo da última declaração do Imposto de Renda ou título de eleitor'],
		steps: [
			'Informe a atividade que deseja exercer.',
			'O atendente verifica a viabilidade e faz a formalização no Portal do Empreendedor.',
			'Receba o Certificado da Condição de MEI e as orientações sobre o DAS.'
		],
		deadlineAmount: 1,
		deadlineUnit: 'hours',
		delivery: 'Na hora: certificado MEI impresso ou por e-mail.',
		fees: 'Gratuito.',
		legalBasis: 'Lei Complementar 123/2006, arts. 18-A a 18-E.',
		channels: ['presencial', 'web', 'whatsapp'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 25,
		complaints: COMPLAINTS,
		keywords: 'mei, microempreendedor, empreendedor, formalização, das, cnpj'
	},

	// ── Infraestrutura (SMI) — serviços de campo ──
	{
		code: 'tapa-buraco',
		name: 'Tapa-buraco em via pavimentada',
		organ: 'smi',
		theme: 'Ruas e calçadas',
		subject: 'Pavimentação',
		description:
			'Solicitação de reparo de buracos e afundamentos no asfalto ou calçamento de ruas municipais. A equipe de manutenção vistoria e executa o reparo conforme a programação por região.',
		audience: 'Qualquer cidadão.',
		requirements: 'Indicar o endereço com número ou ponto de referência; vias estaduais e federais não são atendidas pelo município.',
		documents: ['Foto do local (opcional)'],
		steps: [
			'Registre a solicitação com o local exato.',
			'A SMI vistoria e classifica a urgência.',
			'O reparo é programado pela regional responsável.',
			'A conclusão é informada no protocolo.'
		],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei Orgânica do Município (conservação de vias públicas).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'buraco, asfalto, pavimento, rua, tapa-buraco, cratera, calçamento'
	},
	{
		code: 'iluminacao-publica',
		name: 'Reparo de iluminação pública',
		organ: 'smi',
		theme: 'Ruas e calçadas',
		subject: 'Iluminação pública',
		description:
			'Conserto de lâmpada apagada, acesa durante o dia, piscando ou de poste danificado na iluminação de ruas, praças e praias.',
		audience: 'Qualquer cidadão.',
		requirements: 'Informar o endereço e, se possível, o número da placa do poste.',
		documents: ['Número da placa do poste (opcional)'],
		steps: [
			'Registre a solicitação com o endereço e o número do poste.',
			'A equipe de iluminação pública programa o reparo.',
			'A conclusão é informada no protocolo.'
		],
		deadlineAmount: 72,
		deadlineUnit: 'hours',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito (custeado pela contribuição de iluminação pública).',
		legalBasis: 'Constituição Federal, art. 149-A (contribuição de iluminação pública).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'luz, lâmpada, poste, iluminação, apagada, escuro'
	},
	{
		code: 'drenagem-boca-de-lobo',
		name: 'Limpeza e desobstrução de boca de lobo',
		organ: 'smi',
		theme: 'Ruas e calçadas',
		subject: 'Drenagem',
		description: 'Limpeza de bocas de lobo, grelhas e galerias de águas pluviais entupidas, e reparo de tampas quebradas.',
		audience: 'Qualquer cidadão.',
		requirements: 'Informar o endereço ou ponto de referência.',
		documents: ['Foto do local (opcional)'],
		steps: ['Registre a solicitação com o local.', 'A equipe de drenagem vistoria e executa a limpeza.', 'A conclusão é informada no protocolo.'],
		deadlineAmount: 20,
		deadlineUnit: 'business_days',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 11.445/2007 (saneamento básico, drenagem urbana).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'boca de lobo, bueiro, alagamento, drenagem, entupido, grelha'
	},
	{
		code: 'patrolamento-via',
		name: 'Patrolamento e ensaibramento de rua sem pavimento',
		organ: 'smi',
		theme: 'Ruas e calçadas',
		subject: 'Pavimentação',
		description: 'Nivelamento com patrola e aplicação de saibro em ruas de terra com buracos, erosão ou lama.',
		audience: 'Qualquer cidadão.',
		requirements: 'Rua municipal sem pavimentação.',
		documents: ['Foto do local (opcional)'],
		steps: ['Registre a solicitação com o local.', 'A regional programa a máquina para a rua.', 'A conclusão é informada no protocolo.'],
		deadlineAmount: 30,
		deadlineUnit: 'business_days',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei Orgânica do Município (conservação de vias públicas).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'patrola, saibro, rua de terra, lama, estrada, nivelamento'
	},

	// ── Limpeza urbana (COMCAP) ──
	{
		code: 'coleta-entulho',
		name: 'Recolhimento de entulho de pequenas obras',
		organ: 'comcap',
		theme: 'Limpeza urbana',
		subject: 'Resíduos',
		description:
			'Agendamento de recolhimento de pequenos volumes de entulho de construção civil (até 1 m³) gerados por moradores, e orientação sobre ecopontos.',
		audience: 'Moradores com pequenas reformas domésticas. Grandes geradores devem contratar caçamba.',
		requirements: 'Volume de até 1 m³, ensacado ou amontoado sem obstruir a calçada.',
		documents: [ID, ADDRESS_PROOF],
		steps: [
			'Agende o recolhimento informando endereço e volume.',
			'Deixe o entulho no local combinado na data marcada.',
			'A equipe recolhe e o protocolo é encerrado.'
		],
		deadlineAmount: 10,
		deadlineUnit: 'business_days',
		delivery: 'Recolhimento no endereço.',
		fees: 'Gratuito até 1 m³ por mês por imóvel.',
		legalBasis: 'Lei 12.305/2010 (Política Nacional de Resíduos Sólidos); Resolução CONAMA 307/2002.',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'entulho, caliça, obra, reforma, recolhimento, ecoponto'
	},
	{
		code: 'coleta-volumosos',
		name: 'Recolhimento de móveis e objetos volumosos (cata-treco)',
		organ: 'comcap',
		theme: 'Limpeza urbana',
		subject: 'Resíduos',
		description: 'Recolhimento agendado de móveis velhos, colchões, eletrodomésticos e outros objetos volumosos descartados por residências.',
		audience: 'Moradores do município.',
		requirements: 'Até 5 itens por agendamento; objetos deixados no local somente no dia marcado.',
		documents: [ID, ADDRESS_PROOF],
		steps: ['Agende o recolhimento e liste os itens.', 'Coloque os objetos na calçada na data marcada.', 'A equipe recolhe e dá a destinação adequada.'],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Recolhimento no endereço.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 12.305/2010 (Política Nacional de Resíduos Sólidos).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'móveis, sofá, colchão, geladeira, volumosos, cata-treco, descarte'
	},
	{
		code: 'coleta-nao-realizada',
		name: 'Reclamação de coleta de lixo não realizada',
		organ: 'comcap',
		theme: 'Limpeza urbana',
		subject: 'Coleta de lixo',
		description: 'Registro de falha na coleta convencional ou seletiva no dia e horário previstos para a rua.',
		audience: 'Qualquer cidadão.',
		requirements: 'Informar o endereço e o tipo de coleta (convencional ou seletiva).',
		documents: ['Nenhum documento é necessário'],
		steps: ['Registre a reclamação com o endereço.', 'A COMCAP envia a equipe para a coleta.', 'A conclusão é informada no protocolo.'],
		deadlineAmount: 48,
		deadlineUnit: 'hours',
		delivery: 'Coleta realizada no endereço.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 12.305/2010; Lei 11.445/2007.',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'lixo, coleta, caminhão, seletiva, reciclável, não passou'
	},
	{
		code: 'capina-rocada',
		name: 'Capina e roçada de áreas públicas',
		organ: 'comcap',
		theme: 'Limpeza urbana',
		subject: 'Conservação',
		description: 'Capina, roçada e limpeza de mato em calçadas, praças, canteiros e terrenos públicos.',
		audience: 'Qualquer cidadão.',
		requirements: 'Área pública; terrenos particulares são objeto de notificação ao proprietário.',
		documents: ['Foto do local (opcional)'],
		steps: ['Registre a solicitação com o local.', 'A equipe programa o serviço conforme o cronograma da região.', 'A conclusão é informada no protocolo.'],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei Orgânica do Município (limpeza urbana).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'capina, roçada, mato, grama, limpeza, praça, terreno'
	},

	// ── Saúde (SMS) ──
	{
		code: 'cartao-sus',
		name: 'Cartão Nacional de Saúde (Cartão SUS)',
		organ: 'sms',
		theme: 'Saúde',
		subject: 'Atenção básica',
		description:
			'Cadastro, emissão e atualização do Cartão Nacional de Saúde, usado para identificar o cidadão em todo atendimento do SUS.',
		audience: 'Qualquer pessoa, inclusive estrangeiros residentes.',
		requirements: 'Apresentar documento de identificação; menores acompanhados do responsável.',
		documents: [ID, CPF, ADDRESS_PROOF, 'Certidão de nascimento, para crianças'],
		steps: [
			'Apresente os documentos ao atendente.',
			'O cadastro é feito ou atualizado no sistema nacional.',
			'Receba o número do cartão impresso; a versão digital fica no aplicativo Meu SUS Digital.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'minutes',
		delivery: 'Na hora: número do cartão impresso.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 8.080/1990; Portaria GM/MS 940/2011 (Sistema Cartão Nacional de Saúde).',
		channels: ['presencial', 'app'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'cartão sus, saúde, cns, cadastro, posto de saúde'
	},
	{
		code: 'alvara-sanitario',
		name: 'Alvará sanitário',
		organ: 'sms',
		theme: 'Saúde',
		subject: 'Vigilância sanitária',
		description:
			'Licença sanitária para estabelecimentos de interesse à saúde (alimentação, farmácias, clínicas, salões de beleza, academias, entre outros).',
		audience: 'Estabelecimentos sujeitos à vigilância sanitária.',
		requirements: 'Alvará de funcionamento ou protocolo em andamento; responsável técnico quando a atividade exigir.',
		documents: ['Cartão CNPJ', 'Contrato social', 'Planta baixa do estabelecimento', 'Documento do responsável técnico', 'Manual de boas práticas, quando exigido'],
		steps: [
			'Protocole o pedido com os documentos.',
			'A vigilância sanitária inspeciona o estabelecimento.',
			'Corrija eventuais pendências no prazo fixado.',
			'Pague a taxa e receba o alvará sanitário.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'business_days',
		delivery: 'Alvará digital enviado por e-mail; afixe-o em local visível.',
		fees: 'Taxa de vigilância sanitária, conforme a atividade.',
		legalBasis: 'Lei 8.080/1990; Lei 6.437/1977; Código Sanitário municipal.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'alvará sanitário, vigilância sanitária, restaurante, licença, inspeção'
	},
	{
		code: 'denuncia-vigilancia-sanitaria',
		name: 'Denúncia à vigilância sanitária',
		organ: 'sms',
		theme: 'Saúde',
		subject: 'Vigilância sanitária',
		description:
			'Denúncia de condições sanitárias irregulares em estabelecimentos: alimentos vencidos ou mal conservados, falta de higiene, venda irregular de medicamentos.',
		audience: 'Qualquer cidadão. A denúncia pode ser anônima.',
		requirements: 'Identificar o estabelecimento e descrever o problema.',
		documents: ['Fotos ou nota fiscal (opcional)'],
		steps: ['Registre a denúncia.', 'A vigilância sanitária inspeciona o estabelecimento.', 'O resultado é informado no protocolo.'],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Inspeção no estabelecimento; resultado informado no protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 6.437/1977; Lei 13.460/2017.',
		channels: ALL_CHANNELS,
		anonymousAllowed: true,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'denúncia, vigilância sanitária, higiene, alimento estragado, restaurante'
	},
	{
		code: 'foco-dengue',
		name: 'Denúncia de foco do mosquito da dengue',
		organ: 'sms',
		theme: 'Saúde',
		subject: 'Controle de zoonoses',
		description:
			'Registro de possíveis criadouros do Aedes aegypti (água parada em terrenos, piscinas abandonadas, pneus, calhas) para vistoria dos agentes de combate a endemias.',
		audience: 'Qualquer cidadão. A denúncia pode ser anônima.',
		requirements: 'Indicar o endereço do possível foco.',
		documents: ['Foto do local (opcional)'],
		steps: [
			'Registre a denúncia com o endereço.',
			'Um agente de combate a endemias vistoria o local e elimina o foco.',
			'O proprietário pode ser notificado; o resultado é informado no protocolo.'
		],
		deadlineAmount: 5,
		deadlineUnit: 'business_days',
		delivery: 'Vistoria no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 13.301/2016 (combate ao Aedes aegypti).',
		channels: ALL_CHANNELS,
		anonymousAllowed: true,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'dengue, mosquito, aedes, água parada, foco, zika, chikungunya'
	},

	// ── Educação (SME) ──
	{
		code: 'matricula-escolar',
		name: 'Matrícula na rede municipal de ensino fundamental',
		organ: 'sme',
		theme: 'Educação',
		subject: 'Matrículas',
		description:
			'Matrícula de estudantes novos ou transferidos no ensino fundamental das escolas municipais, com vaga indicada por georreferenciamento perto da residência.',
		audience: 'Crianças e adolescentes de 6 a 14 anos e seus responsáveis.',
		requirements: 'Residir no município; respeitar o calendário de matrículas publicado pela SME.',
		documents: [
			'Certidão de nascimento ou documento de identidade do estudante',
			'CPF do estudante e do responsável',
			'Documento de identidade do responsável',
			ADDRESS_PROOF,
			'Carteira de vacinação atualizada',
			'Histórico ou declaração de transferência, quando houver'
		],
		steps: [
			'Faça a pré-matrícula informando o endereço.',
			'Aguarde a indicação da escola com vaga.',
			'Confirme a matrícula na escola indicada com os documentos.'
		],
		deadlineAmount: 10,
		deadlineUnit: 'business_days',
		delivery: 'Indicação da escola por e-mail e SMS; matrícula confirmada na escola.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 9.394/1996 (LDB); Lei 8.069/1990 (ECA), art. 53.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'matrícula, escola, vaga, ensino fundamental, transferência, aluno'
	},
	{
		code: 'vaga-creche',
		name: 'Inscrição para vaga em creche (educação infantil)',
		organ: 'sme',
		theme: 'Educação',
		subject: 'Educação infantil',
		description:
			'Inscrição de crianças de 0 a 5 anos na fila única de vagas dos Núcleos de Educação Infantil municipais, com critérios públicos de prioridade.',
		audience: 'Responsáveis por crianças de 0 a 5 anos residentes no município.',
		requirements: 'Residir no município; uma inscrição por criança.',
		documents: [
			'Certidão de nascimento da criança',
			'CPF da criança e do responsável',
			'Documento de identidade do responsável',
			ADDRESS_PROOF,
			'Comprovante de trabalho ou de inscrição no CadÚnico, para critérios de prioridade'
		],
		steps: [
			'Faça a inscrição indicando até três unidades de preferência.',
			'Acompanhe a posição na fila pelo portal.',
			'Quando chamado, confirme a vaga na unidade no prazo indicado.'
		],
		deadlineAmount: 6,
		deadlineUnit: 'months',
		delivery: 'Convocação por e-mail, SMS e publicação da lista.',
		fees: 'Gratuito.',
		legalBasis: 'Constituição Federal, art. 208, IV; Lei 9.394/1996 (LDB), art. 30.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'creche, educação infantil, vaga, NEI, berçário, fila'
	},
	{
		code: 'transporte-escolar',
		name: 'Cadastro no passe escolar',
		organ: 'sme',
		theme: 'Educação',
		subject: 'Assistência ao estudante',
		description: 'Cadastro de estudantes da rede pública para o benefício de gratuidade ou desconto no transporte coletivo.',
		audience: 'Estudantes regularmente matriculados que residem a mais de 2 km da escola.',
		requirements: 'Matrícula ativa e distância mínima entre residência e escola.',
		documents: ['Documento de identidade do estudante', 'Declaração de matrícula', ADDRESS_PROOF, 'Foto 3x4 recente'],
		steps: ['Apresente os documentos.', 'A SME valida a matrícula e a distância.', 'Retire o cartão na empresa de transporte indicada.'],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Cartão retirado no posto da empresa de transporte.',
		fees: 'Gratuito; segunda via do cartão sujeita a tarifa.',
		legalBasis: 'Lei 9.394/1996 (LDB), art. 11, VI; lei municipal do passe escolar.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'passe escolar, transporte, ônibus, estudante, gratuidade'
	},
	{
		code: 'historico-escolar',
		name: 'Segunda via de histórico e declaração escolar',
		organ: 'sme',
		theme: 'Educação',
		subject: 'Documentos escolares',
		description: 'Emissão de histórico escolar, declaração de conclusão ou de escolaridade de ex-alunos de escolas municipais, inclusive extintas.',
		audience: 'Ex-alunos da rede municipal ou seus responsáveis.',
		requirements: 'Informar a escola e o período cursado.',
		documents: [ID, CPF, PROXY],
		steps: ['Solicite o documento informando escola e ano.', 'A secretaria escolar localiza os registros.', 'Retire o documento ou receba a versão digital.'],
		deadlineAmount: 15,
		deadlineUnit: 'business_days',
		delivery: 'Documento digital assinado, por e-mail, ou impresso na unidade.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 9.394/1996 (LDB), art. 24, VII.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'histórico escolar, declaração, certificado, conclusão, segunda via'
	},

	// ── Meio Ambiente (FLORAM) ──
	{
		code: 'poda-de-arvore',
		name: 'Poda de árvore em área pública',
		organ: 'floram',
		theme: 'Meio ambiente',
		subject: 'Arborização urbana',
		description:
			'Solicitação de poda de árvores em calçadas, praças e áreas públicas que estejam atingindo a rede elétrica, a iluminação, a sinalização ou oferecendo risco.',
		audience: 'Qualquer cidadão.',
		requirements: 'Árvore em área pública. Para árvores em terreno particular, solicite a autorização de corte ou poda.',
		documents: ['Foto da árvore (opcional)'],
		steps: [
			'Registre a solicitação com o endereço e a situação da árvore.',
			'Um técnico da FLORAM vistoria e define o tipo de poda.',
			'A poda é programada; árvores junto à rede elétrica são podadas com a concessionária.',
			'A conclusão é informada no protocolo.'
		],
		deadlineAmount: 60,
		deadlineUnit: 'calendar_days',
		delivery: 'Serviço executado no local.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 12.651/2012 (Código Florestal); Plano Municipal de Arborização Urbana.',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 5,
		complaints: COMPLAINTS,
		keywords: 'poda, árvore, galho, fiação, arborização, risco de queda'
	},
	{
		code: 'autorizacao-corte-arvore',
		name: 'Autorização para corte ou poda de árvore em imóvel particular',
		organ: 'floram',
		theme: 'Meio ambiente',
		subject: 'Arborização urbana',
		description: 'Autorização ambiental para supressão ou poda drástica de árvores em terreno particular, com compensação ambiental quando exigida.',
		audience: 'Proprietários e possuidores de imóveis.',
		requirements: 'Justificativa técnica (risco, doença, obra licenciada); espécies protegidas exigem análise especial.',
		documents: [ID, CPF, 'Matrícula ou escritura do imóvel', 'Fotos das árvores', 'Laudo técnico, quando exigido'],
		steps: [
			'Protocole o pedido com fotos e justificativa.',
			'A FLORAM vistoria o local.',
			'Receba a autorização com as condições e a compensação, se houver.'
		],
		deadlineAmount: 45,
		deadlineUnit: 'calendar_days',
		delivery: 'Autorização digital por e-mail.',
		fees: 'Taxa de análise ambiental.',
		legalBasis: 'Lei 12.651/2012 (Código Florestal); Lei 9.605/1998 (Crimes Ambientais).',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'corte de árvore, supressão, autorização, vegetação, terreno'
	},
	{
		code: 'licenca-ambiental',
		name: 'Licença ambiental municipal',
		organ: 'floram',
		theme: 'Meio ambiente',
		subject: 'Licenciamento ambiental',
		description:
			'Licenciamento ambiental (prévia, de instalação e de operação) de atividades e empreendimentos de impacto local, conforme o porte e o potencial poluidor.',
		audience: 'Empresas e pessoas físicas responsáveis por atividades potencialmente poluidoras.',
		requirements: 'Atividade de impacto local listada na norma municipal; estudos ambientais conforme o porte.',
		documents: [
			'Requerimento assinado',
			'Cartão CNPJ ou documento do responsável',
			'Consulta de viabilidade aprovada',
			'Estudo ambiental exigido (RAP, EAS ou outro)',
			'ART do responsável técnico'
		],
		steps: [
			'Protocole o requerimento com os estudos.',
			'A FLORAM analisa e vistoria o empreendimento.',
			'Atenda às exigências técnicas.',
			'Pague a taxa e receba a licença com as condicionantes.'
		],
		deadlineAmount: 6,
		deadlineUnit: 'months',
		delivery: 'Licença digital por e-mail.',
		fees: 'Taxa de licenciamento ambiental, conforme porte e potencial poluidor.',
		legalBasis: 'Lei Complementar 140/2011; Resolução CONAMA 237/1997.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'licença ambiental, licenciamento, LAP, LAI, LAO, meio ambiente'
	},
	{
		code: 'denuncia-ambiental',
		name: 'Denúncia ambiental',
		organ: 'floram',
		theme: 'Meio ambiente',
		subject: 'Fiscalização ambiental',
		description:
			'Denúncia de crimes e infrações ambientais: corte de vegetação, aterro de mangue, ocupação de dunas e restingas, lançamento de esgoto, poluição sonora.',
		audience: 'Qualquer cidadão. A denúncia pode ser anônima.',
		requirements: 'Indicar o local e descrever o dano.',
		documents: ['Fotos ou vídeos (opcional)'],
		steps: ['Registre a denúncia com o local.', 'A fiscalização ambiental vistoria.', 'O infrator é autuado quando constatado o dano.'],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Vistoria no local; resultado informado no protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 9.605/1998 (Crimes Ambientais); Decreto 6.514/2008.',
		channels: ALL_CHANNELS,
		anonymousAllowed: true,
		expectedWaitMinutes: 10,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'denúncia ambiental, desmatamento, mangue, duna, esgoto, poluição, barulho'
	},

	// ── Assistência Social (SEMAS) ──
	{
		code: 'cadastro-unico',
		name: 'Cadastro Único para programas sociais (CadÚnico)',
		organ: 'semas',
		theme: 'Assistência social',
		subject: 'Cadastro social',
		description:
			'Inclusão e atualização de famílias de baixa renda no Cadastro Único, porta de entrada para o Bolsa Família, tarifa social de energia e outros programas.',
		audience: 'Famílias com renda mensal de até meio salário mínimo por pessoa.',
		requirements: 'Presença do responsável familiar (maior de 16 anos, de preferência mulher); atualização a cada 2 anos ou quando a família mudar.',
		documents: [
			'CPF ou título de eleitor do responsável familiar',
			'Documento de identificação de todos os membros da família (CPF, certidão de nascimento ou casamento, RG, carteira de trabalho)',
			ADDRESS_PROOF,
			'Comprovantes de renda, quando houver'
		],
		steps: [
			'Agende ou compareça ao atendimento com os documentos de toda a família.',
			'A entrevista é feita por um entrevistador do CadÚnico.',
			'Receba o comprovante de cadastramento com o Número de Identificação Social (NIS).'
		],
		deadlineAmount: 1,
		deadlineUnit: 'hours',
		delivery: 'Na hora: comprovante de cadastramento com o NIS.',
		fees: 'Gratuito.',
		legalBasis: 'Decreto 11.016/2022 (Cadastro Único); Lei 14.601/2023 (Programa Bolsa Família).',
		channels: ['presencial'],
		anonymousAllowed: false,
		expectedWaitMinutes: 30,
		expectedServiceMinutes: 25,
		complaints: COMPLAINTS,
		keywords: 'cadúnico, cadastro único, bolsa família, nis, programa social, baixa renda'
	},
	{
		code: 'beneficio-eventual',
		name: 'Benefícios eventuais (auxílio natalidade, funeral e vulnerabilidade)',
		organ: 'semas',
		theme: 'Assistência social',
		subject: 'Benefícios',
		description: 'Concessão de auxílios temporários a famílias em situação de vulnerabilidade, em caso de nascimento, morte, calamidade ou emergência.',
		audience: 'Famílias inscritas no CadÚnico em situação de vulnerabilidade social.',
		requirements: 'Avaliação socioassistencial por técnico do CRAS.',
		documents: [ID, CPF, ADDRESS_PROOF, 'Comprovante do CadÚnico (NIS)', 'Certidão de nascimento ou de óbito, conforme o caso'],
		steps: ['Solicite o benefício.', 'Um assistente social faz a avaliação.', 'O benefício é concedido conforme a avaliação.'],
		deadlineAmount: 10,
		deadlineUnit: 'business_days',
		delivery: 'Benefício entregue pelo CRAS de referência.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 8.742/1993 (LOAS), art. 22.',
		channels: ['presencial', 'telefone'],
		anonymousAllowed: false,
		expectedWaitMinutes: 20,
		expectedServiceMinutes: 20,
		complaints: COMPLAINTS,
		keywords: 'auxílio, benefício eventual, natalidade, funeral, cesta básica, cras'
	},
	{
		code: 'carteira-pessoa-idosa',
		name: 'Carteira da Pessoa Idosa (transporte interestadual gratuito)',
		organ: 'semas',
		theme: 'Assistência social',
		subject: 'Pessoa idosa',
		description:
			'Emissão da Carteira da Pessoa Idosa, que garante vagas gratuitas ou com desconto no transporte coletivo interestadual para pessoas idosas de baixa renda.',
		audience: 'Pessoas com 60 anos ou mais e renda individual de até 2 salários mínimos.',
		requirements: 'Inscrição atualizada no CadÚnico.',
		documents: [ID, CPF, 'Número do NIS'],
		steps: ['Informe o NIS e apresente o documento.', 'A carteira é emitida no sistema federal.', 'Receba a carteira impressa.'],
		deadlineAmount: 1,
		deadlineUnit: 'hours',
		delivery: 'Na hora: carteira impressa.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 10.741/2003 (Estatuto da Pessoa Idosa), art. 40.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'carteira do idoso, pessoa idosa, passagem, transporte interestadual'
	},
	{
		code: 'passe-livre-pcd',
		name: 'Gratuidade no transporte coletivo para pessoa com deficiência',
		organ: 'semas',
		theme: 'Assistência social',
		subject: 'Pessoa com deficiência',
		description: 'Cadastro para o cartão de gratuidade no transporte coletivo municipal para pessoas com deficiência e, quando necessário, acompanhante.',
		audience: 'Pessoas com deficiência residentes no município.',
		requirements: 'Laudo médico que comprove a deficiência conforme os critérios da lei municipal.',
		documents: [ID, CPF, ADDRESS_PROOF, 'Laudo médico com CID, emitido nos últimos 12 meses', 'Foto 3x4 recente'],
		steps: ['Apresente os documentos.', 'A equipe técnica analisa o laudo.', 'Retire o cartão na empresa de transporte.'],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Cartão retirado no posto da empresa de transporte.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 13.146/2015 (Estatuto da Pessoa com Deficiência); lei municipal de gratuidade.',
		channels: ['presencial'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 15,
		complaints: COMPLAINTS,
		keywords: 'passe livre, deficiência, pcd, gratuidade, ônibus, acompanhante'
	},

	// ── Governo / Pró-Cidadão (SMG) ──
	{
		code: 'solicitacoes-gerais',
		name: 'Informações e abertura de solicitações',
		organ: 'smg',
		theme: 'Atendimento ao cidadão',
		subject: 'Informações',
		description:
			'Atendimento geral: informações sobre qualquer serviço da Prefeitura e abertura de protocolos de solicitação (tapa-buraco, poda, iluminação, limpeza, fiscalização e outros), encaminhados ao órgão responsável.',
		audience: 'Qualquer cidadão.',
		requirements: 'Nenhum; para solicitações, informe o local e descreva o pedido.',
		documents: [ID, 'Endereço ou ponto de referência do local da solicitação'],
		steps: [
			'Explique o que precisa ao atendente.',
			'O atendente informa ou abre o protocolo no serviço adequado da Carta de Serviços.',
			'Receba o número do protocolo impresso ou por e-mail e acompanhe por qualquer canal.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'minutes',
		delivery: 'Na hora: informação ou número de protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 13.460/2017 (Código de Defesa do Usuário do Serviço Público).',
		channels: ALL_CHANNELS,
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'informação, protocolo, solicitação, atendimento, dúvidas, 156'
	},
	{
		code: 'protocolo-documentos',
		name: 'Protocolo geral de documentos e requerimentos',
		organ: 'smg',
		theme: 'Atendimento ao cidadão',
		subject: 'Protocolo',
		description: 'Recebimento de requerimentos, recursos e documentos dirigidos a qualquer órgão municipal, com número de protocolo para acompanhamento.',
		audience: 'Cidadãos, empresas e entidades.',
		requirements: 'Requerimento assinado e identificado.',
		documents: [ID, CPF, 'Requerimento e documentos a protocolar', PROXY],
		steps: ['Entregue o requerimento e os documentos.', 'Os documentos são digitalizados e o protocolo é aberto.', 'O processo é encaminhado ao órgão de destino.'],
		deadlineAmount: 30,
		deadlineUnit: 'minutes',
		delivery: 'Na hora: comprovante de protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 9.784/1999 (processo administrativo), aplicada subsidiariamente; Lei 13.460/2017.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: COMPLAINTS,
		keywords: 'protocolo, requerimento, recurso, documentos, processo'
	},

	// ── Ouvidoria ──
	{
		code: 'ouvidoria-manifestacao',
		name: 'Registro de manifestação na Ouvidoria',
		organ: 'ouvidoria',
		theme: 'Atendimento ao cidadão',
		subject: 'Ouvidoria',
		description:
			'Registro de reclamação, denúncia, elogio ou sugestão sobre serviços e servidores municipais, inclusive quando uma solicitação não foi atendida no prazo.',
		audience: 'Qualquer pessoa. A identidade do manifestante é informação restrita; denúncias podem ser anônimas.',
		requirements: 'Descrever o fato; informar o número do protocolo anterior, se houver.',
		documents: ['Número de protocolo anterior (opcional)', 'Documentos ou fotos que ajudem a apurar o fato (opcional)'],
		steps: [
			'Registre a manifestação por qualquer canal.',
			'A Ouvidoria encaminha ao órgão responsável e acompanha a resposta.',
			'Receba a resposta conclusiva no prazo legal.'
		],
		deadlineAmount: 30,
		deadlineUnit: 'calendar_days',
		delivery: 'Resposta por e-mail, telefone ou no protocolo.',
		fees: 'Gratuito.',
		legalBasis: 'Lei 13.460/2017, arts. 9º a 17.',
		channels: ALL_CHANNELS,
		anonymousAllowed: true,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 15,
		complaints: 'Recurso à Controladoria-Geral do Município quando a resposta da Ouvidoria não for satisfatória.',
		keywords: 'ouvidoria, reclamação, denúncia, elogio, sugestão, 156'
	},
	{
		code: 'acesso-informacao',
		name: 'Pedido de acesso à informação (LAI)',
		organ: 'ouvidoria',
		theme: 'Atendimento ao cidadão',
		subject: 'Transparência',
		description: 'Pedido de informações públicas produzidas ou guardadas pela Prefeitura, nos termos da Lei de Acesso à Informação.',
		audience: 'Qualquer pessoa física ou jurídica, sem necessidade de justificar o pedido.',
		requirements: 'Identificação do requerente e especificação da informação pedida.',
		documents: [ID],
		steps: [
			'Registre o pedido descrevendo a informação.',
			'O órgão responsável responde em até 20 dias, prorrogáveis por mais 10.',
			'Em caso de negativa, recorra em até 10 dias.'
		],
		deadlineAmount: 20,
		deadlineUnit: 'calendar_days',
		delivery: 'Resposta por e-mail ou no protocolo.',
		fees: 'Gratuito, salvo custo de reprodução de documentos.',
		legalBasis: 'Lei 12.527/2011 (Lei de Acesso à Informação), arts. 10 a 15.',
		channels: ['presencial', 'web'],
		anonymousAllowed: false,
		expectedWaitMinutes: 15,
		expectedServiceMinutes: 10,
		complaints: 'Recurso à autoridade hierarquicamente superior em até 10 dias e, depois, à Controladoria-Geral do Município.',
		keywords: 'lai, acesso à informação, transparência, dados públicos, e-sic'
	}
];

// ───────────────────────────── units ─────────────────────────────

/** Florianópolis keeps Brasília time: every demo unit is in this IANA zone. */
const DEMO_CITY_ZONE = 'America/Sao_Paulo';

const WEEKDAYS_8_17: OpeningHours = {
	mon: [['08:00', '17:00']],
	tue: [['08:00', '17:00']],
	wed: [['08:00', '17:00']],
	thu: [['08:00', '17:00']],
	fri: [['08:00', '17:00']]
};

/** Ticket prefixes by service, in the given order: A, B, C…, skipping I and O (read as 1 and 0). */
function offer(codes: readonly string[], noPriority: readonly string[] = []): DemoUnitService[] {
	const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
	return codes.map((service, i) => ({
		service,
		prefix: i < letters.length ? letters[i] : letters[Math.floor(i / letters.length) - 1] + letters[i % letters.length],
		allowsPriority: !noPriority.includes(service)
	}));
}

export const DEMO_UNITS: readonly DemoUnit[] = [
	{
		slug: 'centro',
		name: 'Pró-Cidadão Centro',
		address: 'Av. Mauro Ramos, 224 — Centro',
		region: 'Centro',
		timezone: DEMO_CITY_ZONE,
		openingHours: {
			mon: [['08:00', '18:00']],
			tue: [['08:00', '18:00']],
			wed: [['08:00', '18:00']],
			thu: [['08:00', '18:00']],
			fri: [['08:00', '18:00']],
			sat: [['08:00', '12:00']]
		},
		// A demo must work at any hour; real units leave this off.
		settings: { issueOutsideHours: true },
		counters: 8,
		services: offer(
			[
				'iptu-segunda-via',
				'certidao-negativa-debitos',
				'itbi',
				'alvara-funcionamento',
				'iss-nota-fiscal-cadastro',
				'iptu-isencao-aposentado',
				'cadastro-unico',
				'cartao-sus',
				'matricula-escolar',
				'licenca-ambiental',
				'habite-se',
				'alvara-construcao',
				'sala-empreendedor-mei',
				'solicitacoes-gerais',
				'ouvidoria-manifestacao',
				'carteira-pessoa-idosa'
			],
			['sala-empreendedor-mei']
		)
	},
	{
		slug: 'lagoa',
		name: 'Pró-Cidadão Lagoa da Conceição',
		address: 'Rua Henrique Veras do Nascimento, 82 — Lagoa da Conceição',
		region: 'Leste',
		timezone: DEMO_CITY_ZONE,
		openingHours: WEEKDAYS_8_17,
		// A demo must work at any hour; real units leave this off.
		settings: { issueOutsideHours: true },
		counters: 4,
		services: offer([
			'iptu-segunda-via',
			'certidao-negativa-debitos',
			'cadastro-unico',
			'cartao-sus',
			'autorizacao-corte-arvore',
			'solicitacoes-gerais'
		])
	},
	{
		slug: 'ingleses',
		name: 'Pró-Cidadão Ingleses',
		address: 'Rod. Armando Calil Bulos, 5.175 — Ingleses do Rio Vermelho',
		region: 'Norte',
		timezone: DEMO_CITY_ZONE,
		openingHours: WEEKDAYS_8_17,
		// A demo must work at any hour; real units leave this off.
		settings: { issueOutsideHours: true },
		counters: 5,
		services: offer([
			'iptu-segunda-via',
			'certidao-negativa-debitos',
			'alvara-funcionamento',
			'cadastro-unico',
			'cartao-sus',
			'matricula-escolar',
			'vaga-creche',
			'solicitacoes-gerais'
		])
	},
	{
		slug: 'canasvieiras',
		name: 'Pró-Cidadão Canasvieiras',
		address: 'Rod. Tertuliano Brito Xavier, 1.110 — Canasvieiras',
		region: 'Norte',
		timezone: DEMO_CITY_ZONE,
		openingHours: WEEKDAYS_8_17,
		// A demo must work at any hour; real units leave this off.
		settings: { issueOutsideHours: true },
		counters: 3,
		services: offer(['iptu-segunda-via', 'certidao-negativa-debitos', 'alvara-funcionamento', 'cadastro-unico', 'solicitacoes-gerais'])
	},
	{
		slug: 'continente',
		name: 'Pró-Cidadão Continente',
		address: 'Rua Santos Saraiva, 1.400 — Estreito',
		region: 'Continente',
		timezone: DEMO_CITY_ZONE,
		openingHours: WEEKDAYS_8_17,
		settings: { ordering: { mode: 'ratio', priorityCalls: 2, normalCalls: 1 }, issueOutsideHours: true },
		counters: 6,
		services: offer([
			'iptu-segunda-via',
			'certidao-negativa-debitos',
			'parcelamento-debitos',
			'cadastro-unico',
			'cartao-sus',
			'matricula-escolar',
			'passe-livre-pcd',
			'solicitacoes-gerais'
		])
	},
	{
		slug: 'rio-tavares',
		name: 'Pró-Cidadão Rio Tavares',
		address: 'Rod. SC-405, 2.100 — Rio Tavares',
		region: 'Sul',
		timezone: DEMO_CITY_ZONE,
		openingHours: WEEKDAYS_8_17,
		// A demo must work at any hour; real units leave this off.
		settings: { issueOutsideHours: true },
		counters: 3,
		services: offer(['iptu-segunda-via', 'certidao-negativa-debitos', 'cadastro-unico', 'cartao-sus', 'licenca-ambiental', 'solicitacoes-gerais'])
	}
];

// ───────────────────────────── appointments ─────────────────────────────

const WORKDAY = [
	{ start: '08:00', end: '12:00', slotMinutes: 20, places: 3 },
	{ start: '13:00', end: '17:00', slotMinutes: 20, places: 3 }
];

/** Appointment capacity of the demo: every unit books these services where it offers them (one place per slot kept for walk-ins). */
export const DEMO_APPOINTMENT_SERVICES: readonly string[] = ['iptu-segunda-via', 'certidao-negativa-debitos', 'cadastro-unico', 'cartao-sus', 'alvara-funcionamento'];
export const DEMO_CAPACITY_TEMPLATE = {
	windows: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY },
	walkInShare: 0.25,
	horizonDays: 30,
	minNoticeMinutes: 120
};

const ALL_DAY = [{ start: '00:00', end: '24:00', slotMinutes: 10, places: 2 }];
/**
 * The demo's book-then-check-in in one sitting: at Centro, "Informações e abertura de
 * solicitações" takes appointments every day at any hour, every 10 minutes, with no minimum
 * notice, so a slot within the kiosk's 30-minute check-in window is always free. Set after the
 * history is generated, so the reports keep office-hours appointments only.
 */
export const DEMO_WALKTHROUGH_CAPACITY = {
	unit: 'centro',
	service: 'solicitacoes-gerais',
	template: {
		windows: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
		walkInShare: 0,
		horizonDays: 7,
		minNoticeMinutes: 0
	}
} as const;

// ───────────────────────────── priorities ─────────────────────────────

/** The legal priority groups: 80+ ahead of other elderly (Lei 13.466/2017), blood donors after the others. */
export const DEMO_PRIORITY_GROUPS: readonly DemoPriorityGroup[] = [
	{ code: 'normal', name: 'Atendimento normal', weight: 0, requiresDocument: false, legalBasis: '', sort: 0 },
	{
		code: 'idoso-80',
		name: 'Pessoa idosa com 80 anos ou mais',
		weight: 30,
		requiresDocument: true,
		legalBasis: 'Lei 10.741/2003 (Estatuto da Pessoa Idosa), art. 3º, § 2º, incluído pela Lei 13.466/2017',
		sort: 10
	},
	{
		code: 'idoso',
		name: 'Pessoa idosa (60 anos ou mais)',
		weight: 20,
		requiresDocument: true,
		legalBasis: 'Lei 10.048/2000, art. 1º; Lei 10.741/2003, art. 3º',
		sort: 20
	},
	{
		code: 'pcd',
		name: 'Pessoa com deficiência',
		weight: 20,
		requiresDocument: false,
		legalBasis: 'Lei 10.048/2000, art. 1º; Lei 13.146/2015 (Estatuto da Pessoa com Deficiência), art. 9º',
		sort: 30
	},
	{ code: 'gestante', name: 'Gestante', weight: 20, requiresDocument: false, legalBasis: 'Lei 10.048/2000, art. 1º', sort: 40 },
	{ code: 'lactante', name: 'Lactante', weight: 20, requiresDocument: false, legalBasis: 'Lei 10.048/2000, art. 1º', sort: 50 },
	{
		code: 'crianca-colo',
		name: 'Pessoa com criança de colo',
		weight: 20,
		requiresDocument: false,
		legalBasis: 'Lei 10.048/2000, art. 1º',
		sort: 60
	},
	{
		code: 'obeso',
		name: 'Pessoa com obesidade',
		weight: 20,
		requiresDocument: false,
		legalBasis: 'Lei 10.048/2000, art. 1º (redação da Lei 13.146/2015)',
		sort: 70
	},
	{
		code: 'tea',
		name: 'Pessoa com transtorno do espectro autista (TEA)',
		weight: 20,
		requiresDocument: false,
		legalBasis: 'Lei 10.048/2000, art. 1º (redação da Lei 14.626/2023); Lei 12.764/2012',
		sort: 80
	},
	{
		code: 'mobilidade-reduzida',
		name: 'Pessoa com mobilidade reduzida',
		weight: 20,
		requiresDocument: false,
		legalBasis: 'Lei 10.048/2000, art. 1º (redação da Lei 14.626/2023)',
		sort: 90
	},
	{
		code: 'doador-sangue',
		name: 'Doador de sangue (comprovante dos últimos 120 dias)',
		weight: 10,
		requiresDocument: true,
		legalBasis: 'Lei 10.048/2000, art. 1º (redação da Lei 14.626/2023)',
		sort: 100
	}
];

// ───────────────────────────── people and devices ─────────────────────────────

export const DEMO_USERS: readonly DemoUser[] = [
	{ username: 'admin.demo', name: 'Administração Demo', role: 'admin', units: [], organ: null },
	{ username: 'gerente', name: 'Gabriela Martins', role: 'manager', units: ['centro', 'lagoa'], organ: null },
	{ username: 'gerente.norte', name: 'Rafael Nunes', role: 'manager', units: ['ingleses', 'canasvieiras'], organ: null },
	{ username: 'atendente', name: 'Ana Souza', role: 'clerk', units: ['centro'], organ: null },
	{ username: 'atendente2', name: 'Bruno Pereira', role: 'clerk', units: ['centro'], organ: null },
	{ username: 'atendente.lagoa', name: 'Carla Medeiros', role: 'clerk', units: ['lagoa'], organ: null },
	{ username: 'atendente.ingleses', name: 'Diego Ramos', role: 'clerk', units: ['ingleses'], organ: null },
	{ username: 'atendente.canasvieiras', name: 'Elisa Farias', role: 'clerk', units: ['canasvieiras'], organ: null },
	{ username: 'atendente.continente', name: 'Fábio Cardoso', role: 'clerk', units: ['continente'], organ: null },
	{ username: 'atendente.rio-tavares', name: 'Helena Vieira', role: 'clerk', units: ['rio-tavares'], organ: null },
	{ username: 'agente156', name: 'Igor Lima (Central 156)', role: 'agent', units: [], organ: null },
	{ username: 'fazenda', name: 'Juliana Costa (Fazenda)', role: 'organ_staff', units: [], organ: 'smf' },
	{ username: 'infra', name: 'Marcos Silveira (Infraestrutura)', role: 'organ_staff', units: [], organ: 'smi' },
	{ username: 'ouvidoria', name: 'Patrícia Alves (Ouvidoria)', role: 'organ_staff', units: [], organ: 'ouvidoria' }
];

export const demoKioskToken = (slug: string): string => `demo-kiosk-${slug}`;
export const demoPanelToken = (slug: string): string => `demo-panel-${slug}`;

export const DEMO_TOKENS: readonly DemoToken[] = DEMO_UNITS.flatMap((u): DemoToken[] => [
	{ name: `Totem — ${u.name}`, kind: 'kiosk', unit: u.slug, secret: demoKioskToken(u.slug) },
	{ name: `Painel — ${u.name}`, kind: 'panel', unit: u.slug, secret: demoPanelToken(u.slug) }
]);
