import { describe, expect, it } from 'vitest';
import { isConnectionLoss } from '../../../src/lib/server/db/connection-loss';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('telling a lost database from a bad statement', () => {
	it('sees a restart, a crash, a refused or reset connection and a connect timeout as a loss', () => {
		expect(isConnectionLoss(pgError('57P01', 'terminating connection due to administrator command'))).toBe(true);
		expect(isConnectionLoss(pgError('57P02'))).toBe(true);
		expect(isConnectionLoss(pgError('57P03', 'the database system is starting up'))).toBe(true);
		expect(isConnectionLoss(pgError('08006'))).toBe(true);
		expect(isConnectionLoss(pgError('53300', 'too many connections'))).toBe(true);
		expect(isConnectionLoss(pgError('ECONNREFUSED'))).toBe(true);
		expect(isConnectionLoss(pgError('ECONNRESET'))).toBe(true);
		expect(isConnectionLoss(new Error('Connection terminated unexpectedly'))).toBe(true);
		expect(isConnectionLoss(new Error('Connection terminated due to connection timeout'))).toBe(true);
		expect(isConnectionLoss(new Error('timeout exceeded when trying to connect'))).toBe(true);
		expect(isConnectionLoss(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')]))).toBe(true);
	});

	it('leaves statement and data errors alone, so they are not retried as outages', () => {
		expect(isConnectionLoss(pgError('23505', 'duplicate key value violates unique constraint'))).toBe(false);
		expect(isConnectionLoss(pgError('42P01', 'relation "x" does not exist'))).toBe(false);
		expect(isConnectionLoss(pgError('57014', 'canceling statement due to statement timeout'))).toBe(false);
		expect(isConnectionLoss(pgError('40001', 'could not serialize access'))).toBe(false);
		expect(isConnectionLoss(new AggregateError([pgError('ECONNREFUSED'), pgError('23505')]))).toBe(false);
		expect(isConnectionLoss(new AggregateError([]))).toBe(false);
		expect(isConnectionLoss(new Error('boom'))).toBe(false);
		expect(isConnectionLoss(null)).toBe(false);
		expect(isConnectionLoss('ECONNREFUSED')).toBe(false);
	});
});
