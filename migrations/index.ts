import type { Migration } from 'kysely';
import * as m0001 from './0001_core.js';

/** Every migration, by name. A static list so the bundled server and the CLI scripts share it. */
export const migrations: Record<string, Migration> = {
	'0001_core': m0001
};
