/** Address text of keepalived.conf, normalised to the form the decoders print (IPv6 per RFC 5952), so configs and wire compare. */
import { parseIpv6 } from '../decoders/addresses.js';
import { formatIpv6 } from '../decoders/format.js';
import type { ConfFamily } from './types.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** `192.0.2.100/24`, `2001:DB8::1/64`, `fe80::51` → address, family and prefix length; null when it is not one. */
export function parseConfAddress(text: string): { ip: string; family: ConfFamily; prefix?: number } | null {
  const slash = text.indexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  let prefix: number | undefined;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return null;
    prefix = Number(prefixText);
  }
  if (IPV4.test(addr)) {
    if (prefix !== undefined && prefix > 32) return null;
    return { ip: addr, family: 'ipv4', ...(prefix === undefined ? {} : { prefix }) };
  }
  if (!addr.includes(':')) return null;
  const bytes = parseIpv6(addr);
  if (!bytes) return null;
  if (prefix !== undefined && prefix > 128) return null;
  return { ip: formatIpv6(bytes, 0), family: 'ipv6', ...(prefix === undefined ? {} : { prefix }) };
}
