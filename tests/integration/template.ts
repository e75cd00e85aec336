export const POSTGRES_TEMPLATE = 'vez_test_template';

/** The same server as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}
