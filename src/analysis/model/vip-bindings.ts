/**
 * Who claimed which IP address on each broadcast domain, from ARP and neighbour advertisements: the evidence for
 * "clients still go to the dead node" (who answered for the VIP, and when). Keyed by (link, IP), so memory grows with
 * hosts, not frames.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { familyOf } from './keys.js';
import type { VipBinding, VipEvidenceKind } from './types.js';

export class VipBindings {
  private readonly bindings = new Map<string, VipBinding>();
  private readonly macByIp = new Map<string, string>();
  private readonly ipByMac = new Map<string, string>();

  get(linkKey: string, ip: string): VipBinding | undefined {
    return this.bindings.get(`${linkKey}|${ip}`);
  }

  all(): IterableIterator<VipBinding> {
    return this.bindings.values();
  }

  macOfIp(ip: string): string | undefined {
    return this.macByIp.get(ip);
  }

  ipOfMac(mac: string): string | undefined {
    return this.ipByMac.get(mac);
  }

  /** Records the address claim an ARP frame makes, if any. */
  arp(frame: FrameInfo, linkKey: string): void {
    const arp = frame.arp;
    if (!arp || arp.senderIp === '0.0.0.0') return;
    if (arp.op !== 1 && arp.op !== 2) return;
    let kind: VipEvidenceKind;
    if (arp.gratuitous) kind = 'garp';
    else if (arp.op === 2) kind = 'arp-reply';
    else kind = 'arp-request-spa';
    this.macByIp.set(arp.senderIp, arp.senderMac);
    this.ipByMac.set(arp.senderMac, arp.senderIp);
    this.claim(linkKey, arp.senderIp, 4, arp.senderMac, frame.ethSrc, kind, frame);
  }

  /** Records the claim of a neighbour advertisement (target owned by the TLLA, or the Ethernet source). */
  nd(frame: FrameInfo, linkKey: string): void {
    const nd = frame.nd;
    if (!nd || nd.type !== 'na') return;
    const mac = nd.tlla ?? frame.ethSrc;
    if (!mac) return;
    this.macByIp.set(nd.target, mac);
    this.claim(linkKey, nd.target, 6, mac, frame.ethSrc, 'na', frame);
  }

  private claim(
    linkKey: string,
    ip: string,
    version: 4 | 6,
    mac: string,
    ethSrc: string | undefined,
    kind: VipEvidenceKind,
    frame: FrameInfo,
  ): void {
    const key = `${linkKey}|${ip}`;
    let binding = this.bindings.get(key);
    if (!binding) {
      binding = { vip: ip, family: familyOf(version), linkKey, owners: new Map(), last: null };
      this.bindings.set(key, binding);
    }
    let owner = binding.owners.get(mac);
    if (!owner) {
      owner = {
        mac,
        ethSrc: ethSrc !== undefined && ethSrc !== mac ? ethSrc : undefined,
        firstTs: frame.ts,
        lastTs: frame.ts,
        frames: 0,
        kinds: new Set(),
      };
      binding.owners.set(mac, owner);
    }
    owner.lastTs = frame.ts;
    owner.frames += 1;
    owner.kinds.add(kind);
    if (kind !== 'arp-request-spa') binding.last = { mac, ts: frame.ts, frame: frame.frame };
  }
}
