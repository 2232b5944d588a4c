/**
 * The addresses each MAC announced for itself in ARP (sender addresses that are not VIPs): who a host is, even when it
 * also leaks a VIP (the AddressBook's ipOfMac then returns the VIP). Also finds the physical MAC of a keepalived node
 * whose adverts come from the virtual MAC (use_vmac): the MAC that ARPs with the node's advert source IP.
 *
 * One instance, kept by the model and read by the rules that need it (backup-answers-arp, rs-arp-for-vip,
 * ipvs-forwarding-by-backup): with 50,000 ARP speakers, a copy per rule cost about 10 MiB each (issue #10). Bounded
 * like the AddressBook; what the bound forgets is counted for the document's warnings.
 */
import { BoundedMap, MAX_HOSTS, type AddressClaim } from './address-claims.js';
import { parseVirtualMac } from './keys.js';
import type { Speaker } from './types.js';

/** Addresses kept per host (a host with more aliases is recognised by its first ones). */
const OWN_ADDRESSES_PER_HOST = 4;

/** What rules read. */
export interface OwnAddressView {
  /** Non-VIP addresses the MAC announced (a VIP learned later is dropped from the answer). */
  ipsOf(mac: string): string[];
  /** The MAC behind a speaker: its advert source, or when that is a virtual MAC, the MAC that ARPs for its IP. */
  physicalMacOf(speaker: Speaker): string | undefined;
}

export interface OwnAddressSources {
  isVip(ip: string): boolean;
  macOfIp(ip: string): string | undefined;
}

export class OwnAddresses implements OwnAddressView {
  /** A host's addresses: the one address most hosts have as itself, an array only from a second one on. */
  private readonly ipsByMac = new BoundedMap<string | string[]>(MAX_HOSTS);
  private readonly macByIp = new BoundedMap<string>(MAX_HOSTS);
  /** Entries forgotten by MAX_HOSTS (either map). */
  forgotten = 0;

  constructor(private readonly sources: OwnAddressSources) {}

  /** An ARP frame's claim (the sender's address); NAs name a target, not the sender. */
  observe(claim: AddressClaim): void {
    if (claim.family !== 'ipv4') return;
    const mac = claim.mac;
    if (parseVirtualMac(mac) || this.sources.isVip(claim.ip)) return;
    const ips = this.ipsByMac.get(mac);
    // No array for a host's first address (50,000 ARP speakers held 2 MiB of one-element arrays, issue #10).
    if (ips === undefined) {
      if (this.ipsByMac.set(mac, claim.ip)) this.forgotten += 1;
    } else if (typeof ips === 'string') {
      if (ips !== claim.ip) this.ipsByMac.set(mac, [ips, claim.ip]);
    } else if (!ips.includes(claim.ip) && ips.length < OWN_ADDRESSES_PER_HOST) {
      ips.push(claim.ip);
    }
    if (this.macByIp.set(claim.ip, mac)) this.forgotten += 1;
  }

  ipsOf(mac: string): string[] {
    const ips = this.ipsByMac.get(mac);
    if (ips === undefined) return [];
    if (typeof ips === 'string') return this.sources.isVip(ips) ? [] : [ips];
    return ips.filter((ip) => !this.sources.isVip(ip));
  }

  physicalMacOf(speaker: Speaker): string | undefined {
    if (!parseVirtualMac(speaker.mac)) return speaker.mac;
    const mac = this.macByIp.get(speaker.ip) ?? this.sources.macOfIp(speaker.ip);
    return mac !== undefined && !parseVirtualMac(mac) ? mac : undefined;
  }
}
