/**
 * Wireshark display filters: the one place that writes them, so that every filter a finding prints compiles in
 * Wireshark/tshark 4 (set members separated by commas, `a..b` ranges) and selects its evidence. A quoted VRRP packet
 * inside an ICMP error is dissected as VRRP by Wireshark but is not an advert, so advert filters exclude ICMP.
 */
import type { Family } from './audit-document.js';
import { LINKTYPE } from '../capture/link-types.js';

/** A part of a conjunction or disjunction; `null`/`undefined`/`false` parts are left out. */
type Part = string | null | undefined | false;

const present = (parts: readonly Part[]): string[] => parts.filter((p): p is string => typeof p === 'string' && p !== '');

/** Whether `op` (`&&` or `||`) joins terms at the top level of `filter` (outside parentheses and braces). */
function joinsAtTopLevel(filter: string, op: '&&' | '||'): boolean {
  // Most parts hold no operator at all; the walk below is for those that do.
  if (!filter.includes(op)) return false;
  const joiner = ` ${op} `;
  let depth = 0;
  for (let i = 0; i < filter.length; i++) {
    const c = filter.charCodeAt(i);
    if (c === 40 || c === 123) depth++; // ( {
    else if (c === 41 || c === 125) depth--; // ) }
    else if (depth === 0 && filter.startsWith(joiner, i - 1)) return true;
  }
  return false;
}

/** `a && b && ...`; a part that is a disjunction is parenthesised. */
export function allOf(...parts: Part[]): string {
  const kept = present(parts);
  return kept.map((p) => (kept.length > 1 && joinsAtTopLevel(p, '||') ? `(${p})` : p)).join(' && ');
}

/** `a || b || ...`; a part that is a conjunction is parenthesised (clearer to read, whatever the precedence). */
export function anyOf(...parts: Part[]): string {
  const kept = present(parts);
  return kept.map((p) => (kept.length > 1 && joinsAtTopLevel(p, '&&') ? `(${p})` : p)).join(' || ');
}

/** `field == a` or `field in {a, b}` (Wireshark 4 requires the commas). */
export function fieldIn(field: string, values: readonly (string | number)[]): string {
  const unique = [...new Set(values.map(String))];
  if (unique.length === 0) throw new Error(`fieldIn(${field}): no values`);
  return unique.length === 1 ? `${field} == ${unique[0]}` : `${field} in {${unique.join(', ')}}`;
}

/** The frames themselves: `frame.number == 3`, `frame.number in {3, 7..9}` (consecutive runs become ranges). */
export function frameNumbers(frames: readonly number[]): string {
  const sorted = [...new Set(frames)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new Error('frameNumbers: no frames');
  if (sorted.length === 1) return `frame.number == ${sorted[0]}`;
  const members: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    members.push(j > i ? `${sorted[i]}..${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return `frame.number in {${members.join(', ')}}`;
}

/** Frames from `first` to `last` inclusive: a span of the capture (an overlap, a takeover, a window after a change). */
export function frameSpan(first: number, last: number): string {
  return first === last ? `frame.number == ${first}` : `frame.number in {${Math.min(first, last)}..${Math.max(first, last)}}`;
}

/** The link-layer source address field: Ethernet's, or Linux cooked captures' (`tcpdump -i any`). */
export function linkSourceField(linkType: number): string {
  return linkType === LINKTYPE.LINUX_SLL || linkType === LINKTYPE.LINUX_SLL2 ? 'sll.src.eth' : 'eth.src';
}

/** Frames sent from one of `macs` (link-layer source). */
export function linkSourceIn(linkType: number, macs: readonly string[]): string {
  return fieldIn(linkSourceField(linkType), macs);
}

export function ipSrcField(family: Family): string {
  return family === 'ipv6' ? 'ipv6.src' : 'ip.src';
}

/** `ip.src == a` / `ipv6.src in {a, b}`. */
export function sourceIn(family: Family, ips: readonly string[]): string {
  return fieldIn(ipSrcField(family), ips);
}

/** What identifies one virtual router's adverts on the wire. */
export interface RouterSelector {
  vrid: number;
  vlan: number | null;
  family: Family;
}

/**
 * A virtual router's adverts: its VRID, VLAN and family, and never a copy quoted in an ICMP error (Wireshark dissects
 * those as VRRP too).
 */
export function routerAdverts(router: RouterSelector): string {
  return allOf(
    `vrrp.virt_rtr_id == ${router.vrid}`,
    router.vlan !== null && `vlan.id == ${router.vlan}`,
    router.family === 'ipv6' ? 'ipv6' : 'ip',
    router.family === 'ipv6' ? '!icmpv6' : '!icmp',
  );
}

/**
 * ARP / NA frames claiming one of `ips` from one of `macs` (as ARP sender MAC, NA target link-layer address or
 * link-layer source).
 */
export function addressClaims(family: Family, ips: readonly string[], macs: readonly string[], linkType: number): string {
  const [ipField, macField] = family === 'ipv6' ? ['icmpv6.nd.na.target_address', 'icmpv6.opt.linkaddr'] : ['arp.src.proto_ipv4', 'arp.src.hw_mac'];
  return allOf(fieldIn(ipField, ips), anyOf(fieldIn(macField, macs), linkSourceIn(linkType, macs)));
}
