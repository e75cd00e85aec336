/**
 * SQLSTATEs that mean "the database went away", not "this statement is wrong": class 08
 * (connection exception), 57P01–57P03 (shut down by an administrator, crashed, still starting)
 * and 53300 (no connection slot left, e.g. while a failover drains).
 */
const LOSS_SQLSTATE = /^(08\w{3}|57P0[1-3]|53300)$/;

/** Node's socket errors on the way to the database (refused, reset, unreachable, timed out). */
const LOSS_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres says these in plain words, with no code. */
const LOSS_MESSAGE = [
	/^Connection terminated/,
	/timeout exceeded when trying to connect/,
	/Client has encountered a connection error and is not queryable/,
	/Client was closed and is not queryable/,
	/Cannot use a pool after calling end/
];

/**
 * Whether an error from the database driver means the database is unreachable (so the request
 * is a 503 `unavailable` and may be retried), rather than a fault of the statement or the data.
 */
export function isConnectionLoss(e: unknown): boolean {
	if (!e || typeof e !== 'object') return false;
	const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
	if (typeof code === 'string' && (LOSS_SQLSTATE.test(code) || LOSS_ERRNO.has(code))) return true;
	if (typeof message === 'string' && LOSS_MESSAGE.some((re) => re.test(message))) return true;
	// An AggregateError from a host with several addresses (IPv4 and IPv6 both refused).
	return Array.isArray(errors) && errors.length > 0 && errors.every(isConnectionLoss);
}
