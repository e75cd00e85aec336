import type { MachineContext } from '../../../src/lib/conversations/machine';

/** Hours open, Palmas' published hours, a booking link and the city's zone. */
export const CTX: MachineContext = { humansOpen: true, humanHours: 'de segunda a sexta, das 13h30 às 18h', bookUrl: 'https://vez.example/book', zone: 'America/Sao_Paulo' };
