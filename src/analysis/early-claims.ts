/**
 * Address claims held until their address is advertised as a VIP (rs-arp-for-vip): up to `addresses` addresses, each
 * by link and address, with up to `perAddress` claims each; a new address coming to a full buffer drops the oldest
 * address still held (the first added among those not taken since).
 *
 * Kept in columns (numbers in typed arrays, the claim objects in one array, addresses in a linked list by slot), not as
 * an object, a list and a key string per claim: with 50,000 ARP speakers nearly every ARP frame is a claim of an address
 * not held yet, and each such claim stays until 4,096 later ones pushed it out, long enough for the garbage collector
 * to promote all of it to the old generation before it was dropped (issue #10).
 */
import type { AddressClaim } from './model/address-claims.js';

/** One held claim, as the rule gets it back. */
export interface HeldClaim {
  linkType: number;
  claim: AddressClaim;
  linkKey: string;
  /** The innermost VLAN id of the frame, null when untagged. */
  vlan: number | null;
  frame: number;
  ts: number;
}

const NONE = -1;
/** Address slots made at the first claim; doubled as needed up to `addresses` (most captures hold a few hundred). */
const FIRST_SLOTS = 256;

export class EarlyClaims {
  /** Link key → address → slot. */
  private readonly byLink = new Map<string, Map<string, number>>();
  private held = 0;
  /** Allocated at the first claim: most captures never hold one (their addresses are advertised first). */
  private columns: Columns | null = null;
  /** Slots in the order their addresses were added (a doubly linked list through `next`/`prev`), and unused slots. */
  private oldest = NONE;
  private newest = NONE;
  private unused = 0;

  constructor(
    private readonly addresses: number,
    private readonly perAddress: number,
  ) {}

  /** Addresses held. */
  get size(): number {
    return this.held;
  }

  /** Holds a claim of `ip` on `linkKey`, unless that address already holds `perAddress` claims. */
  add(linkKey: string, ip: string, claim: AddressClaim, frame: number, ts: number, linkType: number, vlan: number | null): void {
    let c = (this.columns ??= new Columns(Math.min(FIRST_SLOTS, this.addresses), this.perAddress));
    let ips = this.byLink.get(linkKey);
    if (ips === undefined) {
      ips = new Map();
      this.byLink.set(linkKey, ips);
    }
    let slot = ips.get(ip);
    if (slot === undefined) {
      slot = this.freeSlot(c);
      c = this.columns;
      ips.set(ip, slot);
      c.link[slot] = linkKey;
      c.ip[slot] = ip;
      c.count[slot] = 0;
      this.append(c, slot);
      this.held += 1;
    }
    const n = c.count[slot]!;
    if (n >= this.perAddress) return;
    c.count[slot] = n + 1;
    const at = slot * this.perAddress + n;
    c.claim[at] = claim;
    c.frame[at] = frame;
    c.ts[at] = ts;
    c.linkType[at] = linkType;
    c.vlan[at] = vlan ?? NONE;
  }

  /** Removes the claims held for `ip` on `linkKey` and returns them in the order they were added (null: none held). */
  take(linkKey: string, ip: string): HeldClaim[] | null {
    const c = this.columns;
    const ips = this.byLink.get(linkKey);
    const slot = ips?.get(ip);
    if (c === null || ips === undefined || slot === undefined) return null;
    const out: HeldClaim[] = [];
    const first = slot * this.perAddress;
    for (let at = first; at < first + c.count[slot]!; at++) {
      const vlan = c.vlan[at]!;
      out.push({ linkType: c.linkType[at]!, claim: c.claim[at]!, linkKey, vlan: vlan === NONE ? null : vlan, frame: c.frame[at]!, ts: c.ts[at]! });
    }
    this.release(c, slot, ips);
    return out;
  }

  /** A slot for a new address: a released or never used one, else the oldest address's, which is dropped. */
  private freeSlot(c: Columns): number {
    if (c.freed === NONE) {
      if (this.unused < c.slots) return this.unused++;
      if (c.slots < this.addresses) {
        this.columns = c.grown(Math.min(c.slots * 2, this.addresses), this.perAddress);
        return this.unused++;
      }
      this.release(c, this.oldest, this.byLink.get(c.link[this.oldest]!)!);
    }
    const slot = c.freed;
    c.freed = c.next[slot]!;
    return slot;
  }

  /** Forgets a held address: out of the index and the age list, its claims unreferenced, the slot reusable. */
  private release(c: Columns, slot: number, ips: Map<string, number>): void {
    ips.delete(c.ip[slot]!);
    const first = slot * this.perAddress;
    c.claim.fill(undefined, first, first + c.count[slot]!);
    const prev = c.prev[slot]!;
    const next = c.next[slot]!;
    if (prev === NONE) this.oldest = next;
    else c.next[prev] = next;
    if (next === NONE) this.newest = prev;
    else c.prev[next] = prev;
    c.next[slot] = c.freed;
    c.freed = slot;
    this.held -= 1;
  }

  private append(c: Columns, slot: number): void {
    c.prev[slot] = this.newest;
    c.next[slot] = NONE;
    if (this.newest === NONE) this.oldest = slot;
    else c.next[this.newest] = slot;
    this.newest = slot;
  }
}

class Columns {
  readonly slots: number;
  /** Per address slot. */
  readonly link: string[];
  readonly ip: string[];
  readonly count: Uint8Array;
  readonly prev: Int32Array;
  readonly next: Int32Array;
  /** Released slots, linked through `next`. */
  freed = NONE;
  /** Per claim: slot × perAddress + index. */
  readonly claim: (AddressClaim | undefined)[];
  readonly frame: Float64Array;
  readonly ts: Float64Array;
  readonly linkType: Int32Array;
  readonly vlan: Int32Array;

  constructor(addresses: number, perAddress: number) {
    this.slots = addresses;
    this.link = new Array<string>(addresses).fill('');
    this.ip = new Array<string>(addresses).fill('');
    this.count = new Uint8Array(addresses);
    this.prev = new Int32Array(addresses).fill(NONE);
    this.next = new Int32Array(addresses).fill(NONE);
    const claims = addresses * perAddress;
    this.claim = new Array<AddressClaim | undefined>(claims).fill(undefined);
    this.frame = new Float64Array(claims);
    this.ts = new Float64Array(claims);
    this.linkType = new Int32Array(claims);
    this.vlan = new Int32Array(claims);
  }

  /** A copy with room for `addresses` slots (slot numbers and the linked lists stay as they are). */
  grown(addresses: number, perAddress: number): Columns {
    const to = new Columns(addresses, perAddress);
    for (let i = 0; i < this.slots; i++) {
      to.link[i] = this.link[i]!;
      to.ip[i] = this.ip[i]!;
    }
    to.count.set(this.count);
    to.prev.set(this.prev);
    to.next.set(this.next);
    to.freed = this.freed;
    for (let i = 0; i < this.claim.length; i++) to.claim[i] = this.claim[i];
    to.frame.set(this.frame);
    to.ts.set(this.ts);
    to.linkType.set(this.linkType);
    to.vlan.set(this.vlan);
    return to;
  }
}
