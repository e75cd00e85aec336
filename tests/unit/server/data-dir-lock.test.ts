import { describe, expect, it } from 'vitest';
import { holderStillRuns, parseLockFile, parseProcStat } from '../../../src/lib/server/db/lock';

// /proc/<pid>/stat of a process whose name holds a space and a parenthesis.
const STAT = '4242 (node (vez) x) S 1 4242 4242 0 -1 4194560 5000 0 0 0 120 30 0 0 20 0 11 0 987654 1234567 8901 18446744073709551615';

describe('the embedded data-directory lock', () => {
	it('reads the state and start time of a process, whatever its name', () => {
		expect(parseProcStat(STAT)).toEqual({ state: 'S', start: '987654' });
		expect(parseProcStat('garbage')).toBeNull();
		expect(parseProcStat('1 (x) S 1 2')).toBeNull();
	});

	it('reads lock files of this version and bare pids of older ones', () => {
		expect(parseLockFile('{"pid":12,"start":"99","boot":"b-1"}')).toEqual({ pid: 12, start: '99', boot: 'b-1' });
		expect(parseLockFile('4321\n')).toEqual({ pid: 4321 });
		expect(parseLockFile('{"pid":-1}')).toBeNull();
		expect(parseLockFile('')).toBeNull();
		expect(parseLockFile('{not json')).toBeNull();
	});

	const holder = { pid: 12, start: '99', boot: 'b-1' };
	it('is held while the very process that wrote it runs', () => {
		expect(holderStillRuns(holder, { boot: 'b-1', exists: true, facts: { state: 'S', start: '99' } })).toBe(true);
		expect(holderStillRuns(holder, { boot: 'b-1', exists: true, facts: { state: 'R', start: '99' } })).toBe(true);
	});

	it('is stale when the pid now belongs to another process, a zombie, a dead process or an earlier boot', () => {
		expect(holderStillRuns(holder, { boot: 'b-1', exists: true, facts: { state: 'S', start: '100' } })).toBe(false);
		expect(holderStillRuns(holder, { boot: 'b-1', exists: true, facts: { state: 'Z', start: '99' } })).toBe(false);
		expect(holderStillRuns(holder, { boot: 'b-1', exists: false, facts: null })).toBe(false);
		expect(holderStillRuns(holder, { boot: 'b-2', exists: true, facts: { state: 'S', start: '99' } })).toBe(false);
	});

	it('trusts the pid alone only where nothing else can be known', () => {
		expect(holderStillRuns({ pid: 12 }, { boot: 'b-1', exists: true, facts: { state: 'S', start: '5' } })).toBe(true);
		expect(holderStillRuns({ pid: 12 }, { boot: 'b-1', exists: true, facts: { state: 'Z', start: '5' } })).toBe(false);
		expect(holderStillRuns(holder, { exists: true, facts: null })).toBe(true);
	});
});
