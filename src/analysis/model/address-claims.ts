/**
 * Address claims, derived once per ARP/NA frame by the model and handed to the rules with the frame: who claims which
 * IP with which MAC. The model's AddressBook keeps the latest IP <-> MAC pairs they show (bounded).
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import type { Family } from '../audit-document.js';

export type AddressClaimKind = 'arp-reply' | 'garp' | 'arp-request' | 'na';

/**
 * What an ARP or NA frame says about who holds an address: ARP replies, gratuitous ARPs and requests (the sender
 * address is claimed), and neighbour advertisements (the target is claimed).
 */
export interface AddressClaim {
  ip: string;
  family: Family;
  kind: AddressClaimKind;
  /** ARP sender MAC, or the NA's target link-layer address (its Ethernet source without that option). */
  mac: string;
  /** Ethernet source (differs from `mac` in RFC-style VRRP replies: physical source, virtual MAC inside). */
  ethSrc: string | undefined;
  /** NA only: unsolicited (sent on its own, like a GARP) rather than an answer to a solicitation. */
  unsolicited?: boolean;
}

export function addressClaimOf(frame: FrameInfo): AddressClaim | null {
  const arp = frame.arp;
  if (arp) {
    if ((arp.op !== 1 && arp.op !== 2) || arp.senderIp === '0.0.0.0') return null;
    const kind: AddressClaimKind = arp.gratuitous ? 'garp' : arp.op === 2 ? 'arp-reply' : 'arp-request';
    return { ip: arp.senderIp, family: 'ipv4', kind, mac: arp.senderMac, ethSrc: frame.ethSrc };
  }
  const nd = frame.nd;
  if (nd && nd.type === 'na') {
    const mac = nd.tlla ?? frame.ethSrc;
    if (!mac) return null;
    return { ip: nd.target, family: 'ipv6', kind: 'na', mac, ethSrc: frame.ethSrc, unsolicited: nd.solicited !== true };
  }
  return null;
}

/** The MACs a claim shows: the claimed link-layer address and, when it differs, the Ethernet source. */
export function claimMacs(claim: AddressClaim): string[] {
  return claim.ethSrc !== undefined && claim.ethSrc !== claim.mac ? [claim.mac, claim.ethSrc] : [claim.mac];
}

/** Hosts remembered by the AddressBook and by OwnAddresses; the oldest entry is forgotten beyond this. */
export const MAX_HOSTS = 65536;

/** The latest MAC of each claimed address and the latest address of each MAC (ARP senders, NA targets). Bounded. */
export class AddressBook {
  private readonly macByIp = new BoundedMap<string>(MAX_HOSTS);
  private readonly ipByMac = new BoundedMap<string>(MAX_HOSTS);
  /** Entries forgotten by MAX_HOSTS (either map), for the document's warnings. */
  forgotten = 0;

  observe(claim: AddressClaim): void {
    if (this.macByIp.set(claim.ip, claim.mac)) this.forgotten += 1;
    // An NA names its target, not necessarily an address of the sender: only ARP senders say who a MAC is.
    if (claim.family === 'ipv4' && this.ipByMac.set(claim.mac, claim.ip)) this.forgotten += 1;
  }

  macOfIp(ip: string): string | undefined {
    return this.macByIp.get(ip);
  }

  ipOfMac(mac: string): string | undefined {
    return this.ipByMac.get(mac);
  }
}

/**
 * A map kept to `max` entries: a new key beyond that evicts the oldest inserted one (setting a known key keeps its
 * place). Keys leave only by eviction, so their insertion order is a ring of `max` keys. A Map's own order would tell
 * the oldest key too, but V8 leaves deleted entries in its table until it rehashes, so taking the first key after many
 * evictions walked over all of them: with more than 65,536 hosts every new one cost a walk over up to 65,536 holes.
 */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  /** Keys in insertion order; once full, a ring whose oldest key is at `oldest`. */
  private readonly order: string[] = [];
  private oldest = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    return this.map.get(key);
  }

  /** Sets `key`; returns whether the oldest entry was evicted to make room, so that the owner can count what it forgot. */
  set(key: string, value: V): boolean {
    const map = this.map;
    const size = map.size;
    // Below the bound (the usual case) a frame costs one hash lookup, the `set`.
    if (size < this.max) {
      map.set(key, value);
      if (map.size !== size) this.order.push(key);
      return false;
    }
    if (map.has(key)) {
      map.set(key, value);
      return false;
    }
    map.delete(this.order[this.oldest]!);
    this.order[this.oldest] = key;
    this.oldest = this.oldest + 1 === this.max ? 0 : this.oldest + 1;
    map.set(key, value);
    return true;
  }
}
