/**
 * The one way provider adapters talk HTTP: `fetch` with a deadline for the whole exchange, the
 * answer read as JSON when it is JSON. Provider base URLs are the operator's configuration (or the
 * demo's virtual phone on loopback), never a visitor's input, so the webhooks' address guard does
 * not apply; see docs/decisions.md.
 */
export interface ProviderAnswer {
	status: number;
	/** The parsed body, or null when it was empty or not JSON. */
	json: unknown;
}

export class ProviderUnreachable extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ProviderUnreachable';
	}
}

/** A provider call may take this long before it counts as failed (and is retried). */
export const PROVIDER_TIMEOUT_MS = 10_000;

export async function providerRequest(
	url: string,
	init: { headers: Record<string, string>; body: string },
	timeoutMs = PROVIDER_TIMEOUT_MS
): Promise<ProviderAnswer> {
	let res: Response;
	try {
		res = await fetch(url, { method: 'POST', headers: init.headers, body: init.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
	} catch (e) {
		const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
		throw new ProviderUnreachable(`${e instanceof Error ? e.message : String(e)}${cause}`);
	}
	const text = await res.text().catch(() => '');
	let json: unknown = null;
	try {
		json = text ? JSON.parse(text) : null;
	} catch {
		json = null;
	}
	return { status: res.status, json };
}

/** Reads a nested field of an unknown JSON value, or undefined. */
export function field(value: unknown, ...path: string[]): unknown {
	let v = value;
	for (const key of path) {
		if (v === null || typeof v !== 'object') return undefined;
		v = (v as Record<string, unknown>)[key];
	}
	return v;
}
