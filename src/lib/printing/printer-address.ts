import { inNetworks, parseNetworks, type Networks } from '$lib/net/address-policy';

/*
 * Where the server may open a printer connection. A manager sets a printer's host and port and
 * the server connects there, reads the status back and shows it: pointed at 169.254.169.254:80
 * or a database port, "test print" would be a port scanner inside the city's network. So
 * printers live only on the networks the operator lists (VEZ_PRINTER_NETWORKS, by default the
 * private ranges); link-local, unspecified and multicast addresses never; loopback only for the
 * demo's in-process virtual printer, or where the operator lists a loopback address by name
 * (a stand-alone virtual printer on a developer's machine).
 */

export interface PrinterNetworks {
	readonly networks: Networks;
	/** The port of the in-process virtual printer of the demo, if one runs. */
	readonly virtualPrinterPort: number | null;
}

const LOOPBACK = parseNetworks('127.0.0.0/8,::1');
const NEVER = parseNetworks('0.0.0.0/8,169.254.0.0/16,224.0.0.0/4,255.255.255.255,::,fe80::/10,ff00::/8');

/** Whether a printer at `ip`:`port` may be connected to. */
export function printerAddressAllowed(ip: string, port: number, policy: PrinterNetworks): boolean {
	if (inNetworks(ip, NEVER)) return false;
	if (inNetworks(ip, LOOPBACK)) {
		if (policy.virtualPrinterPort !== null && port === policy.virtualPrinterPort) return true;
		const listed = policy.networks.entries.some((entry) => inNetworks(entry.split('/')[0], LOOPBACK));
		return listed && inNetworks(ip, policy.networks);
	}
	return inNetworks(ip, policy.networks);
}
