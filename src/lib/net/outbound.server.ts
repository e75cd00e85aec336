import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { isPublicAddress } from './address-policy';

/** Why an outgoing request did not get an answer. */
export class OutboundRefused extends Error {
	constructor(
		readonly reason: 'address_refused' | 'timeout' | 'network' | 'invalid_url',
		message: string
	) {
		super(message);
		this.name = 'OutboundRefused';
	}
}

export interface OutboundAnswer {
	status: number;
	/** The first bytes of the body, decoded as UTF-8; never more than asked for. */
	excerpt: string;
}

export interface OutboundOptions {
	headers: Record<string, string>;
	/** A webhook's JSON, or a push message's encrypted bytes. */
	body: string | Uint8Array;
	/** For the whole exchange, connecting included. */
	timeoutMs: number;
	/** Loopback, private and link-local addresses too (VEZ_WEBHOOKS_ALLOW_PRIVATE, the demo). */
	allowPrivate: boolean;
	excerptBytes?: number;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A DNS lookup for the HTTP agent that refuses, at connect time, any resolved address that is not
 * public: the check sees the very address the socket will use, so a name that resolved to a
 * public address when the endpoint was saved and to 127.0.0.1 now (DNS rebinding) is refused.
 */
export function guardedLookup(allowPrivate: boolean) {
	return (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => {
		dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
			if (err) return callback(err, '');
			const list = addresses as dns.LookupAddress[];
			const allowed = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
			if (allowed.length === 0) {
				const e = new OutboundRefused('address_refused', `${hostname} resolves to a private, loopback or link-local address`) as unknown as NodeJS.ErrnoException;
				return callback(e, '');
			}
			if (options.all) return callback(null, allowed);
			callback(null, allowed[0].address, allowed[0].family);
		});
	};
}

/**
 * POSTs a body to a URL the way webhooks must: only http(s), the address checked at connect time
 * (a literal IP before connecting, a name through {@link guardedLookup}), one deadline for the
 * whole exchange, redirects never followed (a 3xx is just the answer), and only the first
 * `excerptBytes` of the answer read before the socket is dropped.
 */
export function postGuarded(rawUrl: string, options: OutboundOptions): Promise<OutboundAnswer> {
	let url: URL;
	try {
		url = new URL(rawUrl);
	} catch {
		return Promise.reject(new OutboundRefused('invalid_url', 'Not a URL'));
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new OutboundRefused('invalid_url', 'Only http and https URLs'));
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (net.isIP(host) && !options.allowPrivate && !isPublicAddress(host)) {
		return Promise.reject(new OutboundRefused('address_refused', `${host} is a private, loopback or link-local address`));
	}
	const limit = options.excerptBytes ?? 1024;
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolve, reject) => {
		let settled = false;
		const finish = (fn: () => void) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			fn();
		};
		const req = client.request(
			url,
			{
				method: 'POST',
				headers: { ...options.headers, 'content-length': String(Buffer.byteLength(options.body)) },
				lookup: guardedLookup(options.allowPrivate) as unknown as net.LookupFunction,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				const done = () => finish(() => resolve({ status: res.statusCode ?? 0, excerpt: Buffer.concat(chunks).subarray(0, limit).toString('utf8') }));
				res.on('data', (chunk: Buffer) => {
					if (size < limit) chunks.push(chunk);
					size += chunk.length;
					if (size >= limit) {
						done();
						res.destroy();
					}
				});
				res.on('end', done);
				res.on('error', done);
				res.on('close', done);
			}
		);
		const timer = setTimeout(() => {
			finish(() => reject(new OutboundRefused('timeout', `No answer within ${options.timeoutMs} ms`)));
			req.destroy();
		}, options.timeoutMs);
		req.on('error', (e) => finish(() => reject(e instanceof OutboundRefused ? e : new OutboundRefused('network', e.message))));
		req.end(options.body);
	});
}
