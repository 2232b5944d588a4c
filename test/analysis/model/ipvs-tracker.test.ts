import { describe, expect, it } from 'vitest';
import { IpvsTracker, RecentPackets, type IpvsContext } from '../../../src/analysis/model/ipvs-tracker.js';
import type { ModelEvent } from '../../../src/analysis/model/types.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, tcp, tunnel } from '../../helpers/frame-info-builder.js';

const LINK = '0|untagged';
const VIP = '203.0.113.10';
const DIRECTOR = '52:54:00:00:00:11';
const BACKUP = '52:54:00:00:00:12';
const VMAC = '00:00:5e:00:01:33';
const GW = '52:54:00:00:00:01';
const RS1 = '02:00:00:00:03:01';
const RS2 = '02:00:00:00:03:02';
const CLIENT = '198.51.100.7';

/** A context where VIP is advertised by a router whose speakers are DIRECTOR and BACKUP (and its VMAC). */
function context(overrides: Partial<IpvsContext> = {}): IpvsContext {
  return {
    isVip: (ip) => ip === VIP,
    isDirectorMac: (_link, vip, mac) => vip === VIP && [DIRECTOR, BACKUP, VMAC].includes(mac),
    ipOfMac: (mac) => (mac === DIRECTOR ? '192.0.2.11' : undefined),
    ...overrides,
  };
}

function run(tracker: IpvsTracker, frames: FrameInfo[]): Extract<ModelEvent, { kind: 'ipvs-forward' }>[] {
  const out: ModelEvent[] = [];
  for (const f of frames) tracker.frame(f, LINK, out);
  return out.filter((e): e is Extract<ModelEvent, { kind: 'ipvs-forward' }> => e.kind === 'ipvs-forward');
}

describe('IpvsTracker: LVS-DR', () => {
  it('detects a packet re-sent unchanged from the MAC it was delivered to, even when that MAC is not a known director', () => {
    const tracker = new IpvsTracker(context({ isDirectorMac: () => false }));
    const X = '52:54:00:00:00:99';
    const events = run(tracker, [
      tcp({ frame: 1, t: 0, ethSrc: GW, ethDst: X, src: CLIENT, dst: VIP, id: 42 }),
      tcp({ frame: 2, t: 0.0001, ethSrc: X, ethDst: RS1, src: CLIENT, dst: VIP, id: 42 }),
    ]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ vip: VIP, directorMac: X, method: 'dr', target: RS1, linkKey: LINK });
    expect(events[0]?.frame.frame).toBe(2);
  });

  it('detects a known director sending VIP traffic to a MAC that is not a director (the first copy was not captured)', () => {
    const tracker = new IpvsTracker(context());
    const events = run(tracker, [tcp({ frame: 1, t: 0, ethSrc: DIRECTOR, ethDst: RS1, src: CLIENT, dst: VIP, id: 1 })]);
    expect(events.map((e) => [e.directorMac, e.target])).toEqual([[DIRECTOR, RS1]]);
  });

  it('does not take client traffic, traffic between directors, group MACs, other packets or non-VIPs for forwarding', () => {
    const tracker = new IpvsTracker(context());
    const icmp = tcp({ frame: 5, t: 0.5, ethSrc: DIRECTOR, ethDst: RS1, src: CLIENT, dst: VIP, id: 9 });
    icmp.icmp = { version: 4, type: 3, code: 1 };
    const events = run(tracker, [
      // Client → director (VMAC or physical): the packet's first copy.
      tcp({ frame: 1, t: 0, ethSrc: GW, ethDst: VMAC, src: CLIENT, dst: VIP, id: 1 }),
      // A director talking to the other director's MAC.
      tcp({ frame: 2, t: 0.1, ethSrc: BACKUP, ethDst: DIRECTOR, src: '192.0.2.12', dst: VIP, id: 2 }),
      // Broadcast / multicast destinations.
      tcp({ frame: 3, t: 0.2, ethSrc: DIRECTOR, ethDst: 'ff:ff:ff:ff:ff:ff', src: CLIENT, dst: VIP, id: 3 }),
      // A different packet (other IP id) from the MAC the first went to.
      tcp({ frame: 4, t: 0.3, ethSrc: '52:54:00:00:00:99', ethDst: RS1, src: CLIENT, dst: VIP, id: 77 }),
      icmp,
      // Not a VIP.
      tcp({ frame: 6, t: 0.6, ethSrc: DIRECTOR, ethDst: RS1, src: CLIENT, dst: '192.0.2.55', id: 10 }),
      advert({ frame: 7, t: 0.7, src: '192.0.2.11', mac: DIRECTOR, vips: [VIP] }),
    ]);
    expect(events).toEqual([]);
    expect([...tracker.all()]).toEqual([]);
  });

  it('forgets the oldest packets beyond its bound', () => {
    const tracker = new IpvsTracker(context({ isDirectorMac: () => false }));
    const X = '52:54:00:00:00:99';
    const first = tcp({ frame: 1, t: 0, ethSrc: GW, ethDst: X, src: CLIENT, dst: VIP, id: 0 });
    const others = Array.from({ length: 4096 }, (_, i) =>
      tcp({ frame: i + 2, t: 0.001, ethSrc: GW, ethDst: X, src: CLIENT, dst: VIP, id: i + 1, srcPort: 50000 }),
    );
    const resent = tcp({ frame: 5000, t: 0.01, ethSrc: X, ethDst: RS1, src: CLIENT, dst: VIP, id: 0 });
    expect(run(tracker, [first, ...others, resent])).toEqual([]);
    const recentResent = tcp({ frame: 5001, t: 0.01, ethSrc: X, ethDst: RS1, src: CLIENT, dst: VIP, id: 4096, srcPort: 50000 });
    expect(run(tracker, [recentResent])).toHaveLength(1);
  });

  it('builds the inventory: directors with frame counts and IPs, real servers per method', () => {
    const tracker = new IpvsTracker(context());
    run(tracker, [
      tcp({ frame: 1, t: 0, ethSrc: GW, ethDst: DIRECTOR, src: CLIENT, dst: VIP, id: 1 }),
      tcp({ frame: 2, t: 0.001, ethSrc: DIRECTOR, ethDst: RS1, src: CLIENT, dst: VIP, id: 1 }),
      tcp({ frame: 3, t: 1, ethSrc: GW, ethDst: DIRECTOR, src: CLIENT, dst: VIP, id: 2 }),
      tcp({ frame: 4, t: 1.001, ethSrc: DIRECTOR, ethDst: RS2, src: CLIENT, dst: VIP, id: 2 }),
      tcp({ frame: 5, t: 2, ethSrc: DIRECTOR, ethDst: RS1, src: CLIENT, dst: VIP, id: 3 }),
      tunnel({ frame: 6, t: 3, ethSrc: BACKUP, ethDst: GW, outerSrc: '192.0.2.12', outerDst: '198.51.100.40', innerSrc: CLIENT, vip: VIP, type: 'gre' }),
    ]);
    const [entry] = [...tracker.all()];
    expect(entry?.vip).toBe(VIP);
    const director = entry?.directors.get(DIRECTOR);
    expect(director).toMatchObject({ mac: DIRECTOR, ip: '192.0.2.11', frames: 3 });
    expect((director?.lastTs ?? 0) - (director?.firstTs ?? 0)).toBeCloseTo(1.999, 6);
    expect(entry?.directors.get(BACKUP)).toMatchObject({ frames: 1 });
    expect(entry?.directors.get(BACKUP)?.ip).toBeUndefined();
    expect([...(entry?.realServers.values() ?? [])]).toEqual([
      { method: 'dr', mac: RS1, frames: 2 },
      { method: 'dr', mac: RS2, frames: 1 },
      { method: 'tun', ip: '198.51.100.40', encap: 'gre', frames: 1 },
    ]);
  });
});

describe('IpvsTracker: LVS-TUN', () => {
  it('detects IP-in-IP, GRE and GUE whose inner destination is a VIP, the outer destination being the real server', () => {
    const tracker = new IpvsTracker(context());
    const events = run(tracker, (['ipip', 'gre', 'gue'] as const).map((type, i) =>
      tunnel({ frame: i + 1, t: i, ethSrc: DIRECTOR, ethDst: GW, outerSrc: '192.0.2.11', outerDst: `198.51.100.4${i}`, innerSrc: CLIENT, vip: VIP, type }),
    ));
    expect(events.map((e) => [e.method, e.directorMac, e.target])).toEqual([
      ['tun', DIRECTOR, '198.51.100.40'],
      ['tun', DIRECTOR, '198.51.100.41'],
      ['tun', DIRECTOR, '198.51.100.42'],
    ]);
    const encaps = [...([...tracker.all()][0]?.realServers.values() ?? [])].map((rs) => rs.encap);
    expect(encaps).toEqual(['ipip', 'gre', 'gue']);
  });

  it('names the director by its outer source address when the link has no MACs, and ignores tunnels to other addresses', () => {
    const tracker = new IpvsTracker(context());
    const raw = tunnel({ frame: 1, t: 0, ethSrc: DIRECTOR, ethDst: GW, outerSrc: '192.0.2.11', outerDst: '198.51.100.40', innerSrc: CLIENT, vip: VIP });
    delete raw.ethSrc;
    delete raw.ethDst;
    const other = tunnel({ frame: 2, t: 1, ethSrc: DIRECTOR, ethDst: GW, outerSrc: '192.0.2.11', outerDst: '198.51.100.40', innerSrc: CLIENT, vip: '203.0.113.99' });
    const events = run(tracker, [raw, other]);
    expect(events.map((e) => e.directorMac)).toEqual(['192.0.2.11']);
  });
});

describe('RecentPackets', () => {
  it('forgets what a Map re-inserting each packet and dropping its first key forgets', () => {
    const recent = new RecentPackets(50);
    const reference = new Map<string, string>();
    let seed = 3;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let i = 0; i < 20_000; i++) {
      // A few keys seen over and over at first (stale queue entries pile up), then many.
      const key = `p${next() % (i < 8_000 ? 40 : 300)}`;
      recent.put(key, `src${i}`, 'dst');
      reference.delete(key);
      reference.set(key, `src${i}`);
      if (reference.size > 50) reference.delete(reference.keys().next().value!);
      if (i % 97 === 0) for (let k = 0; k < 300; k++) expect(recent.get(`p${k}`)?.ethSrc).toBe(reference.get(`p${k}`));
    }
  });
});
