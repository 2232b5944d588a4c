/**
 * The IPVS inventory: which director forwards traffic for which VIP to which real servers, and how
 * (design/protocol-reference.md §6.3). LVS-DR re-sends the same IP packet with only the MACs rewritten; LVS-TUN wraps
 * it in IP-in-IP, GRE or GUE with the inner destination still the VIP.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import { isMulticastMac } from './keys.js';
import { Fifo } from './fifo.js';
import type { IpvsVip, ModelEvent } from './types.js';

/** Recently seen packets to a VIP, to spot the director re-sending one (bounded: oldest evicted first). */
const RECENT_PACKETS = 4096;

export interface IpvsContext {
  /** Any router on any domain advertises this address. */
  isVip(ip: string): boolean;
  /** The MAC is an advert source or the virtual MAC of a router on this domain that advertises the VIP. */
  isDirectorMac(linkKey: string, vip: string, mac: string): boolean;
  ipOfMac(mac: string): string | undefined;
}

export class IpvsTracker {
  private readonly vips = new Map<string, IpvsVip>();
  private readonly recent = new RecentPackets(RECENT_PACKETS);

  constructor(private readonly ctx: IpvsContext) {}

  all(): IterableIterator<IpvsVip> {
    return this.vips.values();
  }

  /** Looks at a non-VRRP IP frame; pushes an `ipvs-forward` event when it is director-forwarded VIP traffic. */
  frame(frame: FrameInfo, linkKey: string, out: ModelEvent[]): boolean {
    if (frame.tunnel && frame.inner) {
      const vip = frame.inner.ip.dst;
      if (!this.ctx.isVip(vip)) return false;
      const director = frame.ethSrc ?? frame.tunnel.outer.src;
      this.record(vip, director, frame, 'tun', frame.tunnel.outer.dst, frame.tunnel.type);
      out.push({ kind: 'ipvs-forward', frame, linkKey, vip, directorMac: director, method: 'tun', target: frame.tunnel.outer.dst });
      return true;
    }
    const ip = frame.ip;
    if (!ip || frame.vrrp || frame.icmp || !frame.ethSrc || !frame.ethDst) return false;
    if (!this.ctx.isVip(ip.dst)) return false;
    const ethSrc = frame.ethSrc;
    const ethDst = frame.ethDst;
    if (isMulticastMac(ethDst)) return false;
    const packetKey =
      ip.version === 4 && ip.id !== undefined
        ? `${ip.src}|${ip.dst}|${ip.proto}|${ip.id}|${frame.l4?.srcPort ?? ''}|${frame.l4?.dstPort ?? ''}`
        : null;
    const earlier = packetKey ? this.recent.get(packetKey) : undefined;
    const resent = earlier !== undefined && earlier.ethDst === ethSrc && earlier.ethDst !== ethDst;
    const fromDirector = !resent && this.ctx.isDirectorMac(linkKey, ip.dst, ethSrc) && !this.ctx.isDirectorMac(linkKey, ip.dst, ethDst);
    if (packetKey) this.recent.put(packetKey, ethSrc, ethDst);
    if (!resent && !fromDirector) return false;
    this.record(ip.dst, ethSrc, frame, 'dr', ethDst, undefined);
    out.push({ kind: 'ipvs-forward', frame, linkKey, vip: ip.dst, directorMac: ethSrc, method: 'dr', target: ethDst });
    return true;
  }

  private record(
    vip: string,
    director: string,
    frame: FrameInfo,
    method: 'dr' | 'tun',
    target: string,
    encap: 'ipip' | 'ip6in4' | 'gre' | 'gue' | undefined,
  ): void {
    let entry = this.vips.get(vip);
    if (!entry) {
      entry = { vip, directors: new Map(), realServers: new Map() };
      this.vips.set(vip, entry);
    }
    let d = entry.directors.get(director);
    if (!d) {
      const dip = this.ctx.ipOfMac(director);
      d = { mac: director, frames: 0, firstTs: frame.ts, lastTs: frame.ts, ...(dip ? { ip: dip } : {}) };
      entry.directors.set(director, d);
    }
    d.frames += 1;
    d.lastTs = frame.ts;
    const rsKey = `${method}|${target}|${encap ?? ''}`;
    let rs = entry.realServers.get(rsKey);
    if (!rs) {
      rs = method === 'dr' ? { method, mac: target, frames: 0 } : { method, ip: target, frames: 0, ...(encap ? { encap } : {}) };
      entry.realServers.set(rsKey, rs);
    }
    rs.frames += 1;
  }
}

interface RecentPacket {
  key: string;
  ethSrc: string;
  ethDst: string;
}

/**
 * The last `max` packets to a VIP by key, the oldest forgotten first; a packet seen again becomes the newest. The order
 * is a queue of entries (a replaced or forgotten one is skipped when reached), not a Map's own order: V8 leaves deleted
 * entries in a Map's table until it rehashes, so taking its first key after many deletions walked over up to 4,096
 * of them for every packet to a VIP.
 */
export class RecentPackets {
  private readonly byKey = new Map<string, RecentPacket>();
  /** Every entry put, oldest first; an entry whose key was put again is stale: `byKey` no longer points to it. */
  private readonly queue = new Fifo<RecentPacket>();

  constructor(private readonly max: number) {}

  get(key: string): RecentPacket | undefined {
    return this.byKey.get(key);
  }

  put(key: string, ethSrc: string, ethDst: string): void {
    const packet = { key, ethSrc, ethDst };
    this.byKey.set(key, packet);
    this.queue.push(packet);
    if (this.byKey.size > this.max) {
      for (let oldest = this.queue.shift(); oldest !== undefined; oldest = this.queue.shift()) {
        if (this.byKey.get(oldest.key) !== oldest) continue;
        this.byKey.delete(oldest.key);
        break;
      }
    }
    // Keys put again while nothing is forgotten leave stale entries behind: dropped once they are the larger part
    // (amortised: linear in what is dropped).
    if (this.queue.length > 2 * this.max) this.queue.retain((p) => this.byKey.get(p.key) === p);
  }
}
