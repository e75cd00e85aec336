// The embedded database's lock against real processes: a pid reused by another program, a
// zombie left by `kill -9`, and a holder that really runs.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, currentHolder, parseProcStat } from '../../../src/lib/server/db/lock';

const children: ChildProcess[] = [];
afterEach(() => {
	for (const c of children.splice(0)) c.kill('SIGKILL');
});

function dataDir(): string {
	return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vez-lock-')), 'data');
}

function startOf(pid: number): string {
	return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))!.start;
}

function writeLock(dir: string, holder: object) {
	fs.writeFileSync(`${dir}.lock`, JSON.stringify(holder));
}

function sleeper(): number {
	const child = spawn('sleep', ['60'], { stdio: 'ignore' });
	children.push(child);
	return child.pid!;
}

/** A process that forks a child which exits at once and is never reaped: a zombie, as after `kill -9`. */
async function zombie(): Promise<number> {
	const parent = spawn('perl', ['-e', '$|=1; my $p = fork(); if ($p == 0) { exit 0 } print "$p\\n"; sleep 60'], { stdio: ['ignore', 'pipe', 'ignore'] });
	children.push(parent);
	const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
	for (let i = 0; i < 100 && parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
	return pid;
}

describe('data-directory lock', () => {
	it('takes over a lock whose pid now belongs to another program (a reboot, a reused pid)', () => {
		const dir = dataDir();
		const other = sleeper();
		writeLock(dir, { pid: other, start: String(Number(startOf(other)) - 1000), boot: currentHolder().boot });
		const lock = acquireDataDirLock(dir);
		expect(JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8'))).toEqual(currentHolder());
		lock.release();
		expect(fs.existsSync(`${dir}.lock`)).toBe(false);
	});

	it('takes over a lock from before a reboot even when the pid runs again', () => {
		const dir = dataDir();
		const other = sleeper();
		writeLock(dir, { pid: other, start: startOf(other), boot: 'an-earlier-boot' });
		acquireDataDirLock(dir).release();
	});

	it('takes over a lock whose holder is a zombie, killed but not yet reaped', async () => {
		const dir = dataDir();
		const dead = await zombie();
		expect(parseProcStat(fs.readFileSync(`/proc/${dead}/stat`, 'utf8'))!.state).toBe('Z');
		writeLock(dir, { pid: dead, start: startOf(dead), boot: currentHolder().boot });
		acquireDataDirLock(dir).release();
		// Locks written by earlier versions hold a bare pid.
		fs.writeFileSync(`${dir}.lock`, String(dead));
		acquireDataDirLock(dir).release();
	});

	it('refuses, naming the process, while the holder really runs', () => {
		const dir = dataDir();
		const holder = sleeper();
		writeLock(dir, { pid: holder, start: startOf(holder), boot: currentHolder().boot });
		expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by process ${holder} \\(another Vez\\)`));
		expect(JSON.parse(fs.readFileSync(`${dir}.lock`, 'utf8')).pid).toBe(holder);
	});
});
