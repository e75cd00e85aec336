import { describe, expect, it } from 'vitest';
import { publicTicketView, type PublicTicketInput } from '$lib/queue/views';

const base: PublicTicketInput = {
	ticket: { number: 'A023', status: 'waiting' },
	service: { code: 'iptu-segunda-via', name: 'IPTU — segunda via' },
	unit: { slug: 'centro', name: 'Centro', timezone: 'America/Sao_Paulo' },
	position: 4,
	estimatedWaitMinutes: 12,
	estimatedWait: { low: 9, high: 16 },
	promisedWaitMinutes: 20
};

describe('publicTicketView', () => {
	it('shows position and estimate while waiting', () => {
		expect(publicTicketView(base)).toEqual({
			number: 'A023',
			status: 'waiting',
			service: { code: 'iptu-segunda-via', name: 'IPTU — segunda via' },
			unit: { slug: 'centro', name: 'Centro' },
			position: 4,
			estimatedWaitMinutes: 12,
			estimatedWait: { low: 9, high: 16 },
			promisedWaitMinutes: 20,
			awaitingArrival: false
		});
	});

	it('says a remote ticket still waits for its visitor to arrive, and not once it is over', () => {
		expect(publicTicketView({ ...base, awaitingArrival: true }).awaitingArrival).toBe(true);
		expect(publicTicketView({ ...base, ticket: { number: 'A023', status: 'expired' }, awaitingArrival: true }).awaitingArrival).toBe(false);
	});

	it('shows the counter and the call time, in the unit offset, once called', () => {
		const view = publicTicketView({
			...base,
			ticket: { number: 'A023', status: 'called' },
			counter: { number: 4, name: 'Guichê 4' },
			calledAt: new Date('2026-03-02T13:05:00Z')
		});
		expect(view).toMatchObject({
			status: 'called',
			position: null,
			estimatedWaitMinutes: null,
			estimatedWait: null,
			counter: { number: 4, name: 'Guichê 4' },
			calledAt: '2026-03-02T10:05:00.000-03:00'
		});
	});

	it('drops a stale counter once the ticket waits again after a transfer', () => {
		const view = publicTicketView({ ...base, counter: { number: 4, name: 'Guichê 4' }, calledAt: new Date('2026-03-02T13:05:00Z') });
		expect(view).not.toHaveProperty('counter');
		expect(view).not.toHaveProperty('calledAt');
	});

	it('carries no field it was not asked to carry', () => {
		const leaky = {
			...base,
			ticket: { ...base.ticket, cpf: '12345678909', name: 'Maria' },
			service: { ...base.service, internalNote: 'x' }
		} as PublicTicketInput;
		const json = JSON.stringify(publicTicketView(leaky));
		expect(json).not.toContain('12345678909');
		expect(json).not.toContain('Maria');
		expect(json).not.toContain('internalNote');
	});
});
