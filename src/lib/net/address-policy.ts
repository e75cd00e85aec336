import { BlockList, isIP } from 'node:net';

/*
 * Which IP addresses the server may talk to. Printers must sit on the city's own networks and
 * webhooks must reach the public internet, so a manager cannot point either at the cloud
 * metadata service (169.254.169.254), the database or a loopback admin port and read the
 * answer back. Everything here is pure: the caller resolves names and passes addresses.
 */

/** A parsed list of networks, with the entries as written so errors and logs can name them. */
export interface Networks {
	readonly entries: readonly string[];
	readonly list: BlockList;
}

type Family = 'ipv4' | 'ipv6';

/** The networks RFC 1918 and RFC 4193 set aside for private use: where a city's printers live. */
export const PRIVATE_NETWORKS = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';

/**
 * Parses a comma-separated list of IPv4/IPv6 networks (`10.0.0.0/8`) or single addresses
 * (`192.168.0.20`, `fd00::7`). An empty list allows nothing. Throws an `Error` naming the first
 * entry that is not an address or whose prefix length does not fit its family.
 */
export function parseNetworks(spec: string): Networks {
	const list = new BlockList();
	const entries: string[] = [];
	for (const raw of spec.split(',')) {
		const entry = raw.trim();
		if (entry === '') continue;
		const slash = entry.indexOf('/');
		const address = slash === -1 ? entry : entry.slice(0, slash);
		const family = familyOf(address);
		if (!family) throw new Error(`"${entry}" is not an IPv4 or IPv6 address or network (e.g. 10.0.0.0/8 or fd00::/8)`);
		if (slash === -1) {
			list.addAddress(address, family);
		} else {
			const prefixText = entry.slice(slash + 1);
			const maxPrefix = family === 'ipv4' ? 32 : 128;
			const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
			if (!(prefix >= 0 && prefix <= maxPrefix)) {
				throw new Error(`"${entry}" has an invalid prefix length: an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} network needs /0 to /${maxPrefix}`);
			}
			list.addSubnet(address, prefix, family);
		}
		entries.push(entry);
	}
	return { entries, list };
}

/** Whether `ip` lies in one of `networks`; IPv4-mapped IPv6 (`::ffff:10.0.0.5`) counts as its IPv4 address. Anything that is not an IP address is in none. */
export function inNetworks(ip: string, networks: Networks): boolean {
	const address = bare(ip);
	const family = familyOf(address);
	return family !== null && networks.list.check(address, family);
}

/*
 * Addresses that are not on the public internet (IANA special-purpose registries): "this
 * network", RFC 1918 private, CGNAT shared space (RFC 6598), loopback, link-local (with the
 * cloud metadata address), IETF protocol assignments, documentation and benchmarking ranges,
 * multicast, reserved and broadcast; for IPv6 unspecified, loopback and the deprecated
 * IPv4-compatible block, NAT64 local use, discard-only, documentation, unique-local,
 * link-local, site-local and multicast. IPv4-mapped IPv6 is checked as its IPv4 address by
 * BlockList itself; NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses embed an IPv4 address
 * and are refused when that one is.
 */
const NON_PUBLIC_IPV4: readonly (readonly [string, number])[] = [
	['0.0.0.0', 8],
	['10.0.0.0', 8],
	['100.64.0.0', 10],
	['127.0.0.0', 8],
	['169.254.0.0', 16],
	['172.16.0.0', 12],
	['192.0.0.0', 24],
	['192.0.2.0', 24],
	['192.168.0.0', 16],
	['198.18.0.0', 15],
	['198.51.100.0', 24],
	['203.0.113.0', 24],
	['224.0.0.0', 4],
	['240.0.0.0', 4]
];

const NON_PUBLIC_IPV6: readonly (readonly [string, number])[] = [
	['::', 96],
	['64:ff9b:1::', 48],
	['100::', 64],
	['2001:db8::', 32],
	['fc00::', 7],
	['fe80::', 10],
	['fec0::', 10],
	['ff00::', 8]
];

const NON_PUBLIC = buildNonPublic();

function buildNonPublic(): BlockList {
	const list = new BlockList();
	for (const [net, prefix] of NON_PUBLIC_IPV4) {
		list.addSubnet(net, prefix, 'ipv4');
		const [hi, lo] = ipv4Halves(net);
		list.addSubnet(`64:ff9b::${hi}:${lo}`, 96 + prefix, 'ipv6');
		list.addSubnet(`2002:${hi}:${lo}::`, 16 + prefix, 'ipv6');
	}
	for (const [net, prefix] of NON_PUBLIC_IPV6) list.addSubnet(net, prefix, 'ipv6');
	return list;
}

/** Whether `ip` is a public internet address; false for private, loopback, link-local, multicast, reserved and anything that is not an IP address. */
export function isPublicAddress(ip: string): boolean {
	const address = bare(ip);
	const family = familyOf(address);
	return family !== null && !NON_PUBLIC.check(address, family);
}

/** Drops the brackets of `[::1]` and the zone of `fe80::1%eth0`, as they come from URLs and sockets. */
function bare(ip: string): string {
	const unbracketed = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
	const zone = unbracketed.indexOf('%');
	return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

function familyOf(address: string): Family | null {
	const version = isIP(address);
	return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : null;
}

/** `10.1.2.3` → `['a01', '203']`: the two 16-bit groups an IPv6 address embeds it as. */
function ipv4Halves(address: string): [string, string] {
	const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
	return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
