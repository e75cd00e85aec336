// npm run user:create -- --username maria --name "Maria Souza" --role clerk --units centro,lagoa
// The password is read from VEZ_NEW_USER_PASSWORD or asked for on the terminal (never an argument,
// so it stays out of shell history).
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline/promises';
import { readConfig } from '../src/lib/server/config';
import { migrate, openPglite, openPostgres } from '../src/lib/server/db/database';
import { createUser } from '../src/lib/auth/users.server';
import { createLogger } from '../src/lib/server/log';
import { isVezError } from '../src/lib/errors';
import type { Actor } from '../src/lib/auth/actor';

const { values } = parseArgs({
	options: {
		username: { type: 'string' },
		name: { type: 'string' },
		role: { type: 'string', default: 'admin' },
		units: { type: 'string' },
		organ: { type: 'string' }
	}
});

async function askPassword(): Promise<string> {
	if (process.env.VEZ_NEW_USER_PASSWORD) return process.env.VEZ_NEW_USER_PASSWORD;
	const rl = createInterface({ input: process.stdin, output: process.stdout });
	const answer = await rl.question('Password (8+ characters): ');
	rl.close();
	return answer;
}

if (!values.username || !values.name) {
	console.error('Usage: npm run user:create -- --username <u> --name "<Full name>" [--role admin|manager|clerk|agent|organ_staff] [--units a,b] [--organ code]');
	process.exit(2);
}

const config = readConfig();
const handle = config.databaseUrl ? openPostgres(config.databaseUrl, 1) : await openPglite(config.dataDir);
// The command line acts with an operator's authority: it already holds the database.
const operator: Actor = { kind: 'user', id: '00000000-0000-0000-0000-000000000000', username: 'cli', name: 'Command line', role: 'admin', unitIds: [], organId: null };
try {
	await migrate(handle.db);
	const user = await createUser(
		{ db: handle.db, engine: handle.engine, now: () => new Date(), config, log: createLogger('warn'), realtime: { emit() {} } },
		operator,
		{
			username: values.username,
			name: values.name,
			role: values.role,
			password: await askPassword(),
			units: values.units ? values.units.split(',').map((u) => u.trim()) : undefined,
			organ: values.organ
		}
	);
	console.log(`Created ${user.role} ${user.username}.`);
} catch (e) {
	if (isVezError(e)) console.error(`${e.message}${e.fields ? ' ' + JSON.stringify(e.fields) : ''}`);
	else console.error(e instanceof Error ? e.message : String(e));
	process.exitCode = 1;
} finally {
	await handle.close();
}
