import type { FrameInfo } from '../../decoders/frame-info.js';
import type { Family } from '../audit-document.js';

/** The frame's innermost VLAN id (the one its broadcast domain is named by in reports), null when untagged. */
export function innermostVlan(frame: Pick<FrameInfo, 'vlan'>): number | null {
  return frame.vlan.length === 0 ? null : frame.vlan[frame.vlan.length - 1]!;
}

/** The broadcast domain a frame was seen on: capture interface plus VLAN stack. */
export function linkKeyOf(frame: FrameInfo): string {
  const vlan = frame.vlan;
  if (vlan.length === 0) return untaggedKey(frame.iface);
  if (vlan.length === 1) return singleTagKey(frame.iface, vlan[0]!);
  return `${frame.iface}|${vlan.join('.')}`;
}

/** Untagged keys per interface, built once: this runs for every analysed frame. */
const untaggedKeys: string[] = [];

function untaggedKey(iface: number): string {
  return (untaggedKeys[iface] ??= `${iface}|untagged`);
}

/** Keys of single-tagged links (interface × 4096 + VLAN id), built once each, like the untagged ones. */
const singleTagKeys = new Map<number, string>();

function singleTagKey(iface: number, vlan: number): string {
  const id = iface * 4096 + vlan;
  let key = singleTagKeys.get(id);
  if (key === undefined) {
    key = `${iface}|${vlan}`;
    singleTagKeys.set(id, key);
  }
  return key;
}

export function routerKeyOf(linkKey: string, family: Family, vrid: number): string {
  return `${linkKey}|${family}|${vrid}`;
}

export function familyOf(ipVersion: number): Family {
  return ipVersion === 6 ? 'ipv6' : 'ipv4';
}

const VMAC_PREFIX = '00:00:5e:00:0';

/** Virtual MACs made so far, by family (IPv4 first) and VRID: rules compare against them for every advert. */
const VIRTUAL_MACS: (string | undefined)[] = new Array<string | undefined>(512).fill(undefined);

/** The RFC virtual MAC of a VRID: 00:00:5e:00:01:XX (IPv4) or 00:00:5e:00:02:XX (IPv6). */
export function virtualMacOf(family: Family, vrid: number): string {
  const slot = Number.isInteger(vrid) && vrid >= 0 && vrid <= 255 ? (family === 'ipv6' ? 256 : 0) + vrid : -1;
  const known = slot < 0 ? undefined : VIRTUAL_MACS[slot];
  if (known !== undefined) return known;
  const mac = `${VMAC_PREFIX}${family === 'ipv6' ? 2 : 1}:${vrid.toString(16).padStart(2, '0')}`;
  if (slot >= 0) VIRTUAL_MACS[slot] = mac;
  return mac;
}

/** Parses a MAC in the VRRP virtual range; null for any other MAC. */
export function parseVirtualMac(mac: string): { family: Family; vrid: number } | null {
  if (!mac.startsWith(VMAC_PREFIX) || mac.length !== 17) return null;
  const kind = mac[13];
  if (mac[14] !== ':' || (kind !== '1' && kind !== '2')) return null;
  const vrid = parseInt(mac.slice(15), 16);
  if (!Number.isFinite(vrid)) return null;
  return { family: kind === '2' ? 'ipv6' : 'ipv4', vrid };
}

export function isMulticastMac(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return (first & 1) === 1;
}

export function isMulticastIp(ip: string): boolean {
  if (ip.includes(':')) return ip.charCodeAt(0) === 102 && ip.charCodeAt(1) === 102; // 'ff', RFC 5952 text is lowercase
  // The first octet without splitting the string: this runs for every advert.
  let first = 0;
  for (let i = 0; i < 3; i++) {
    const c = ip.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    first = first * 10 + c;
  }
  return first >= 224 && first <= 239;
}
