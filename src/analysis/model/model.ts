/**
 * The segment model: routers, address claims and the IPVS inventory, updated frame by frame. Implements the
 * read-only ModelView that rules and reporters see. An ARP/NA frame's address claim is derived here, once, and handed
 * to the rules with the frame (observeAddresses).
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { AddressBook, addressClaimOf, type AddressClaim } from './address-claims.js';
import { vouchedAdvert } from '../../decoders/vrrp.js';
import { IpvsTracker } from './ipvs-tracker.js';
import { OwnAddresses } from './own-addresses.js';
import { linkKeyOf, virtualMacOf } from './keys.js';
import { RouterTracker, type TrackerBounds } from './router-tracker.js';
import type { ModelEvent, ModelView, Speaker, VirtualRouter } from './types.js';

const NO_ROUTERS: readonly VirtualRouter[] = Object.freeze([]);

export interface ModelBounds extends TrackerBounds {
  /** Address <-> MAC entries forgotten because more than MAX_HOSTS hosts claimed addresses (AddressBook, OwnAddresses). */
  forgottenAddresses: number;
}

export class SegmentModel implements ModelView {
  readonly routerTracker = new RouterTracker();
  readonly addresses = new AddressBook();
  /** Who each host is by its own ARP (one copy for every rule that asks). */
  readonly ownAddresses = new OwnAddresses({ isVip: (ip) => this.isVip(ip), macOfIp: (ip) => this.macOfIp(ip) });
  readonly ipvsTracker: IpvsTracker;
  /** VIP → routers advertising it (any domain). Updated as adverts arrive. */
  private readonly vipIndex = new Map<string, Set<VirtualRouter>>();
  /** Called with every VIP the first time it is advertised (the decoder then reports traffic to it). */
  onNewVip: ((vip: string) => void) | null = null;

  constructor() {
    this.ipvsTracker = new IpvsTracker({
      isVip: (ip) => this.vipIndex.has(ip),
      isDirectorMac: (linkKey, vip, mac) => this.isDirectorMac(linkKey, vip, mac),
      ipOfMac: (mac) => this.addresses.ipOfMac(mac),
    });
  }

  /** Absorbs one decoded frame; appends what happened to `out`. */
  update(frame: FrameInfo, out: ModelEvent[]): void {
    const linkKey = linkKeyOf(frame);
    // Only adverts whose every field the decoder vouches for: one whose length and address count disagree (or with
    // VRID 0) is dropped by every receiver and its VIP list cannot be trusted; malformed-vrrp reports it, the model
    // leaves it out. (Bad checksums stay in: the claim is on the wire, and bad-checksum names why the peers ignore it.)
    if (vouchedAdvert(frame)) {
      const start = out.length;
      this.routerTracker.advert(frame, out);
      for (let i = start; i < out.length; i++) {
        const ev = out[i];
        // Indexes change only with a VIP list not seen from the speaker before (its first advert included).
        if (ev?.kind === 'advert' && ev.newVipList) this.index(ev.router, ev.speaker);
      }
      return;
    }
    // ARP and ND frames go to observeAddresses instead.
    if (frame.ip && !frame.nd) this.ipvsTracker.frame(frame, linkKey, out);
  }

  /**
   * Absorbs an ARP or ND frame's address claim and returns it (null: the frame claims nothing) for the rules. No event
   * object: the engine hands the frame and the claim to the rules itself, as one of every 20 frames can be ARP.
   */
  observeAddresses(frame: FrameInfo): AddressClaim | null {
    const claim = addressClaimOf(frame);
    if (claim) {
      this.addresses.observe(claim);
      if (frame.arp) this.ownAddresses.observe(claim);
    }
    return claim;
  }

  /** What the model's bounds dropped so far (see bound-warnings.ts). */
  bounds(): ModelBounds {
    return { ...this.routerTracker.bounds(), forgottenAddresses: this.addresses.forgotten + this.ownAddresses.forgotten };
  }

  tick(now: number, out: ModelEvent[]): void {
    this.routerTracker.tick(now, out);
  }

  /** End of input: settles what the capture's end decides (a takeover the silence threshold had no time to prove). */
  finish(now: number, out: ModelEvent[]): void {
    this.routerTracker.finish(now, out);
  }

  private index(router: VirtualRouter, speaker: Speaker): void {
    for (const vip of speaker.vips) {
      let set = this.vipIndex.get(vip);
      if (!set) {
        set = new Set();
        this.vipIndex.set(vip, set);
        this.onNewVip?.(vip);
      }
      set.add(router);
    }
  }

  private isDirectorMac(linkKey: string, vip: string, mac: string): boolean {
    for (const router of this.vipIndex.get(vip) ?? []) {
      if (router.linkKey !== linkKey) continue;
      if (mac === virtualMacOf(router.family, router.vrid)) return true;
      for (const s of router.speakers.values()) if (s.mac === mac) return true;
    }
    return false;
  }

  routers(): Iterable<VirtualRouter> {
    return this.routerTracker.routers();
  }

  router(key: string): VirtualRouter | undefined {
    return this.routerTracker.router(key);
  }

  // Asked for every ARP/ND frame, most of them about addresses that are no VIP: those cost no allocation.
  routersForVip(linkKey: string, vip: string): readonly VirtualRouter[] {
    const routers = this.vipIndex.get(vip);
    return routers ? [...routers].filter((r) => r.linkKey === linkKey) : NO_ROUTERS;
  }

  isVip(ip: string): boolean {
    return this.vipIndex.has(ip);
  }

  ipvs() {
    return this.ipvsTracker.all();
  }

  macOfIp(ip: string): string | undefined {
    return this.addresses.macOfIp(ip);
  }

  ipOfMac(mac: string): string | undefined {
    return this.addresses.ipOfMac(mac);
  }
}
