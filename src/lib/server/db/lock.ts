import fs from 'node:fs';
import path from 'node:path';
import { VezError } from '../../errors.js';

export interface DataDirLock {
	release(): void;
}

/** Who holds a lock: the process id plus what tells that process apart from a later one with the same id. */
export interface LockHolder {
	pid: number;
	/** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22), when known. */
	start?: string;
	/** The kernel's boot id: a lock from before a reboot is stale whatever its pid. */
	boot?: string;
}

/** What /proc says of a process now: its state letter and its start time. */
export interface ProcessFacts {
	state: string;
	start: string;
}

/** Reads `state` (field 3) and `starttime` (field 22) of /proc/<pid>/stat; the name (field 2) may hold spaces and parentheses. */
export function parseProcStat(text: string): ProcessFacts | null {
	const close = text.lastIndexOf(')');
	if (close < 0) return null;
	const fields = text.slice(close + 1).trim().split(/\s+/);
	return fields.length >= 20 ? { state: fields[0], start: fields[19] } : null;
}

/** Parses a lock file: JSON from this version, or a bare pid from older ones. */
export function parseLockFile(text: string): LockHolder | null {
	const trimmed = text.trim();
	if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed) };
	try {
		const v = JSON.parse(trimmed) as Partial<LockHolder>;
		if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0) return null;
		return { pid: v.pid, start: typeof v.start === 'string' ? v.start : undefined, boot: typeof v.boot === 'string' ? v.boot : undefined };
	} catch {
		return null;
	}
}

/**
 * Whether the recorded holder is still the process running: a pid alone lies after a reboot
 * (the pid is reused by something else) and right after `kill -9` (a zombie keeps its pid until
 * reaped), so the boot id and the start time must match too, and a zombie or dead process holds nothing.
 */
export function holderStillRuns(holder: LockHolder, now: { boot?: string; facts: ProcessFacts | null; exists: boolean }): boolean {
	if (!now.exists) return false;
	if (holder.boot && now.boot && holder.boot !== now.boot) return false;
	if (!now.facts) return true; // no /proc (not Linux): the pid is all there is
	if (now.facts.state === 'Z' || now.facts.state === 'X') return false;
	return !holder.start || holder.start === now.facts.start;
}

function readOr(file: string): string | undefined {
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		return undefined;
	}
}

function processFacts(pid: number): ProcessFacts | null {
	const stat = readOr(`/proc/${pid}/stat`);
	return stat ? parseProcStat(stat) : null;
}

function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

const bootId = () => readOr('/proc/sys/kernel/random/boot_id');

/** This process as a lock holder. */
export function currentHolder(): LockHolder {
	return { pid: process.pid, start: processFacts(process.pid)?.start, boot: bootId() };
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it: take
 * `<dir>.lock` beside it (created atomically) naming this process, and take it over only when
 * the process it names no longer runs.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
	fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
	const file = `${path.resolve(dataDir)}.lock`;
	const mine = JSON.stringify(currentHolder());
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, mine, { flag: 'wx' });
			let released = false;
			return {
				release() {
					if (released) return;
					released = true;
					if (readOr(file) === mine) fs.rmSync(file, { force: true });
				}
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const holder = parseLockFile(readOr(file) ?? '');
			if (holder && holder.pid !== process.pid) {
				const runs = holderStillRuns(holder, { boot: bootId(), facts: processFacts(holder.pid), exists: processExists(holder.pid) });
				if (runs) {
					throw new VezError(
						'unavailable',
						`The data directory ${dataDir} is in use by process ${holder.pid} (another Vez). The embedded database serves one process; stop that one, choose another VEZ_DATA_DIR, or set DATABASE_URL to share PostgreSQL.`
					);
				}
			}
			// Stale (its process is gone, a zombie, or another process under a reused pid): take it over.
			fs.rmSync(file, { force: true });
		}
	}
	throw new VezError('unavailable', `Could not lock ${dataDir}: another process keeps taking ${file}.`);
}
