import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inNetworks, isPublicAddress, parseNetworks, PRIVATE_NETWORKS } from '../../../src/lib/net/address-policy';

describe('network lists', () => {
	it('holds IPv4 and IPv6 networks and single addresses', () => {
		const networks = parseNetworks(' 10.0.0.0/8, 192.168.7.20 ,fd00::/8,2804:14c::1 ');
		expect(networks.entries).toEqual(['10.0.0.0/8', '192.168.7.20', 'fd00::/8', '2804:14c::1']);
		expect(inNetworks('10.200.3.4', networks)).toBe(true);
		expect(inNetworks('192.168.7.20', networks)).toBe(true);
		expect(inNetworks('192.168.7.21', networks)).toBe(false);
		expect(inNetworks('fd12:3456::9', networks)).toBe(true);
		expect(inNetworks('2804:14c::1', networks)).toBe(true);
		expect(inNetworks('2804:14c::2', networks)).toBe(false);
		expect(inNetworks('11.0.0.1', networks)).toBe(false);
	});

	it('counts an IPv4-mapped IPv6 address, a bracketed address and a zoned one as the address itself', () => {
		const networks = parseNetworks('10.0.0.0/8,fe80::/10');
		expect(inNetworks('::ffff:10.1.2.3', networks)).toBe(true);
		expect(inNetworks('::ffff:a01:203', networks)).toBe(true);
		expect(inNetworks('::ffff:11.1.2.3', networks)).toBe(false);
		expect(inNetworks('[fe80::1]', networks)).toBe(true);
		expect(inNetworks('fe80::1%eth0', networks)).toBe(true);
	});

	it('allows nothing when empty, and nothing that is not an address', () => {
		expect(inNetworks('10.0.0.1', parseNetworks(''))).toBe(false);
		expect(inNetworks('10.0.0.1', parseNetworks(' , '))).toBe(false);
		const all = parseNetworks('0.0.0.0/0,::/0');
		for (const junk of ['', 'printer.local', '10.0.0', '10.0.0.256', '1.2.3.4\u0000', '1.2.3.4:9100']) expect(inNetworks(junk, all)).toBe(false);
	});

	it('refuses an entry that is not a network, naming it', () => {
		expect(() => parseNetworks('10.0.0.0/8,printers.local')).toThrow(/"printers.local" is not an IPv4 or IPv6 address/);
		expect(() => parseNetworks('10.0.0.0/33')).toThrow(/"10.0.0.0\/33" has an invalid prefix length: an IPv4 network needs \/0 to \/32/);
		expect(() => parseNetworks('fd00::/129')).toThrow(/IPv6 network needs \/0 to \/128/);
		expect(() => parseNetworks('10.0.0.0/')).toThrow(/invalid prefix length/);
		expect(() => parseNetworks('10.0.0.0/8x')).toThrow(/invalid prefix length/);
		expect(() => parseNetworks('10.0.0.0/-1')).toThrow(/invalid prefix length/);
		expect(() => parseNetworks('/8')).toThrow(/"\/8" is not/);
	});

	it('has the private ranges as a ready list', () => {
		const networks = parseNetworks(PRIVATE_NETWORKS);
		for (const ip of ['10.1.1.1', '172.16.0.9', '172.31.255.255', '192.168.0.50', 'fd00::20']) expect(inNetworks(ip, networks)).toBe(true);
		for (const ip of ['172.32.0.1', '127.0.0.1', '169.254.169.254', '8.8.8.8', '::1', 'fe80::1']) expect(inNetworks(ip, networks)).toBe(false);
	});
});

describe('public addresses', () => {
	it('accepts addresses on the public internet', () => {
		for (const ip of ['8.8.8.8', '200.160.2.3', '1.1.1.1', '100.63.255.255', '100.128.0.0', '172.32.0.1', '2804:14c:65::1', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
			expect(isPublicAddress(ip), ip).toBe(true);
		}
	});

	it('refuses loopback, private, CGNAT, link-local, multicast, unspecified and reserved addresses', () => {
		const refused = [
			'127.0.0.1',
			'127.255.0.9',
			'0.0.0.0',
			'10.0.0.1',
			'172.16.5.5',
			'192.168.1.1',
			'100.64.0.1',
			'100.127.255.255',
			'169.254.169.254',
			'224.0.0.251',
			'239.255.255.250',
			'255.255.255.255',
			'240.0.0.1',
			'192.0.2.10',
			'198.18.0.1',
			'::',
			'::1',
			'fe80::1',
			'febf::1',
			'fe80::1%eth0',
			'[::1]',
			'fc00::1',
			'fd12:3456::1',
			'ff02::1',
			'2001:db8::1'
		];
		for (const ip of refused) expect(isPublicAddress(ip), ip).toBe(false);
	});

	it('refuses IPv6 forms that embed a non-public IPv4 address', () => {
		for (const ip of ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '::ffff:10.0.0.1', '::ffff:100.64.0.1', '::127.0.0.1', '64:ff9b::a9fe:a9fe', '64:ff9b::127.0.0.1', '2002:a9fe:a9fe::1', '2002:7f00:1::']) {
			expect(isPublicAddress(ip), ip).toBe(false);
		}
	});

	it('refuses what is not an IP address', () => {
		for (const junk of ['', 'localhost', 'metadata.google.internal', '1.2.3', '8.8.8.8.8', '8.8.8.8/32', ' 8.8.8.8']) expect(isPublicAddress(junk), junk).toBe(false);
	});

	it('agrees for every IPv4 address and its IPv4-mapped IPv6 form', () => {
		fc.assert(
			fc.property(fc.ipV4(), (ip) => {
				expect(isPublicAddress(`::ffff:${ip}`)).toBe(isPublicAddress(ip));
			})
		);
	});

	it('never counts an address of a private or loopback network as public', () => {
		const local = parseNetworks(`${PRIVATE_NETWORKS},127.0.0.0/8,169.254.0.0/16,100.64.0.0/10,fe80::/10,::1`);
		fc.assert(
			fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
				if (inNetworks(ip, local)) expect(isPublicAddress(ip)).toBe(false);
			})
		);
	});
});
