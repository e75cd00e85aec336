import fs from 'node:fs';
import path from 'node:path';
import { VezError } from '../../errors.js';

export interface DataDirLock {
	release(): void;
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return (e as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * PGlite has no lock of its own and two processes on one directory corrupt it: take
 * `<dir>.lock` beside it (created atomically), and clear it only if its process is gone.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
	fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
	const file = `${path.resolve(dataDir)}.lock`;
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
			let released = false;
			return {
				release() {
					if (released) return;
					released = true;
					try {
						if (fs.readFileSync(file, 'utf8') === String(process.pid)) fs.unlinkSync(file);
					} catch {
						/* already gone */
					}
				}
			};
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(file, 'utf8'));
			if (pid && pid !== process.pid && processAlive(pid)) {
				throw new VezError(
					'unavailable',
					`The data directory ${dataDir} is in use by process ${pid}. The embedded database serves one process; stop it, choose another VEZ_DATA_DIR, or set DATABASE_URL to share PostgreSQL.`
				);
			}
			fs.unlinkSync(file);
		}
	}
	throw new VezError('unavailable', `Could not lock ${dataDir}`);
}
