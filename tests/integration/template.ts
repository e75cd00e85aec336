/** One template per test run, so runs from several checkouts can share one PostgreSQL. */
export const POSTGRES_TEMPLATE = `vez_test_template_${process.pid}`;

/** The same server as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}
