/**
 * Properties of the decoder over generated input: it never throws, keeps no state between frames, agrees with
 * itself on relevance, round-trips builder fields, and decodes one VRRP payload the same in every encapsulation.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { ChecksumVariant, FrameInfo } from '../../src/decoders/frame-info.js';
import { formatIpv4, formatIpv6 } from '../../src/decoders/format.js';
import {
  arp, bsdLoopback, ETHERTYPE, ethernet, ethernetIp, gre, gue, ipInIpv4, ipv4, ipv6, LINKTYPE, ndPacket, rawFrame, sll, sll2, tcp, udp,
  icmpv4Error, internetChecksum, ipv4Bytes, ipv6Bytes, vrrpOverIpv4, vrrpOverIpv6, type VrrpFields,
} from '../helpers/frame-builder.js';

const ALL = createDecodeOptions({ all: true, guePorts: new Set([6080]), vips4: new Set([0xc0000264]), vips6: new Set(['2001:db8::100']) });
const RELEVANT = createDecodeOptions({ all: false, guePorts: new Set([6080]), vips4: new Set([0xc0000264]), vips6: new Set(['2001:db8::100']) });
const LINK_TYPES = [0, 1, 12, 14, 101, 108, 113, 228, 229, 276, 107];

const ipv4Text = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b, 0));
const ipv6Text = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b, 0));

interface AdvertCase {
  family: 4 | 6;
  src: string;
  dst: string;
  ttl: number;
  fields: VrrpFields;
  checksum: ChecksumVariant;
}

const advertCase: fc.Arbitrary<AdvertCase> = fc
  .record({
    family: fc.constantFrom(4 as const, 6 as const),
    version: fc.constantFrom(2, 3),
    vrid: fc.integer({ min: 1, max: 255 }), // VRID 0 is malformed (vrrp.test.ts)
    priority: fc.integer({ min: 0, max: 255 }),
    count: fc.integer({ min: 0, max: 6 }),
    authType: fc.constantFrom(0, 1, 2, 254),
    authData: fc.string({ maxLength: 8 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')),
    intervalS: fc.integer({ min: 0, max: 255 }),
    intervalCs: fc.integer({ min: 0, max: 4095 }),
    reserved: fc.integer({ min: 0, max: 15 }),
    ttl: fc.integer({ min: 0, max: 255 }),
    unicast: fc.boolean(),
    seed4: fc.array(ipv4Text, { minLength: 8, maxLength: 8 }),
    seed6: fc.array(ipv6Text, { minLength: 8, maxLength: 8 }),
    variant: fc.constantFrom<ChecksumVariant>('v3-pseudo', 'v3-no-pseudo', 'v3-pseudo-mcast'),
  })
  .filter((r) => !(r.family === 6 && r.version === 2 && r.count > 4))
  .map((r) => {
    const addrs = (r.family === 4 ? r.seed4 : r.seed6).slice(0, r.count);
    const src = (r.family === 4 ? r.seed4 : r.seed6)[6] as string;
    const dst = r.unicast ? ((r.family === 4 ? r.seed4 : r.seed6)[7] as string) : r.family === 4 ? '224.0.0.18' : 'ff02::12';
    const fields: VrrpFields =
      r.version === 2
        ? { version: 2, vrid: r.vrid, priority: r.priority, addresses: addrs, authType: r.authType, authData: r.authData, intervalS: r.intervalS }
        : { version: 3, vrid: r.vrid, priority: r.priority, addresses: addrs, intervalCs: r.intervalCs, reserved: r.reserved };
    return { family: r.family, src, dst, ttl: r.ttl, fields, checksum: r.version === 2 ? 'v2' : r.variant };
  });

function advertPacket(a: AdvertCase): Uint8Array {
  const o = { src: a.src, dst: a.dst, ttl: a.ttl, vrrp: a.fields, checksum: a.checksum };
  return a.family === 4 ? vrrpOverIpv4(o) : vrrpOverIpv6(o);
}

function ethIp(packet: Uint8Array, vlans: number[] = []): Uint8Array {
  return ethernetIp(packet, { vlans });
}

/** Valid frames of every kind the decoder knows, with their link type. */
const validFrame: fc.Arbitrary<{ data: Uint8Array; linkType: number }> = fc.oneof(
  advertCase.map((a) => ({ data: ethIp(advertPacket(a), [100]), linkType: 1 })),
  advertCase.map((a) => ({ data: sll2({ protocol: a.family === 4 ? 0x0800 : 0x86dd, payload: advertPacket(a) }), linkType: LINKTYPE.LINUX_SLL2 })),
  fc.record({ op: fc.integer({ min: 0, max: 5 }), spa: ipv4Text, tpa: ipv4Text }).map((r) => ({
    data: ethernet({ etherType: ETHERTYPE.ARP, payload: arp({ op: r.op, senderMac: '02:00:00:00:00:01', senderIp: r.spa, targetMac: '00:00:00:00:00:00', targetIp: r.tpa }) }),
    linkType: 1,
  })),
  ipv6Text.map((t) => ({ data: ethIp(ndPacket({ type: 'na', src: t, dst: 'ff02::1', target: t, override: true, options: [{ type: 2, mac: '00:00:5e:00:02:01' }] })), linkType: 1 })),
  advertCase.filter((a) => a.family === 4).map((a) => ({ data: ethIp(ipInIpv4({ src: '198.51.100.1', dst: '198.51.100.2', inner: advertPacket(a) })), linkType: 1 })),
  fc.boolean().map((c) => ({
    data: ethIp(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 47, payload: gre({ protocol: 0x0800, checksum: c, key: 1, payload: ipv4({ src: '203.0.113.1', dst: '192.0.2.100', proto: 6, payload: tcp({ srcPort: 1, dstPort: 80 }) }) }) })),
    linkType: 1,
  })),
  fc.constant({ data: ethIp(ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 17, payload: udp({ srcPort: 1, dstPort: 6080, payload: gue({ payload: ipv4({ src: '203.0.113.1', dst: '192.0.2.100', proto: 17, payload: udp({ srcPort: 1, dstPort: 2 }) }) }) }) })), linkType: 1 }),
  fc.constant({ data: ethIp(ipv4({ src: '192.0.2.2', dst: '192.0.2.1', proto: 1, payload: icmpv4Error({ quoted: vrrpOverIpv4({ src: '192.0.2.1', dst: '192.0.2.2', vrrp: { version: 3, vrid: 1, priority: 1, addresses: ['192.0.2.100'] } }) }) })), linkType: 1 }),
  fc.constant({ data: ethIp(ipv6({ src: '2001:db8::1', dst: '2001:db8::100', nextHeader: 6, payload: tcp({ srcPort: 1, dstPort: 443 }), extensions: [{ type: 0 }, { type: 44 }] })), linkType: 1 }),
  // TCP/UDP headers of any length inside a consistent IP header: short ones are malformed.
  fc.record({ proto: fc.constantFrom(6, 17), body: fc.uint8Array({ maxLength: 24 }) }).map((r) => ({
    data: ethIp(ipv4({ src: '198.51.100.7', dst: '198.51.100.8', proto: r.proto, payload: r.body })),
    linkType: 1,
  })),
  fc.constant({ data: bsdLoopback({ family: 2, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.100', proto: 17, payload: udp({ srcPort: 1, dstPort: 2 }) }) }), linkType: 0 }),
);

/** A frame as a reader may hand it over: complete, cut by snaplen, or cut short on the wire. */
const framing = fc.record({ cut: fc.nat(), mode: fc.constantFrom('whole', 'snaplen', 'short'), offset: fc.integer({ min: 0, max: 5 }) });

function toRaw(data: Uint8Array, linkType: number, f: { cut: number; mode: string; offset: number }, index = 1) {
  if (f.mode === 'whole') return rawFrame(data, { linkType, offset: f.offset, index });
  const n = f.cut % (data.length + 1);
  return f.mode === 'snaplen' ? rawFrame(data, { linkType, capLen: n, wireLen: data.length, offset: f.offset, index }) : rawFrame(data.subarray(0, n), { linkType, offset: f.offset, index });
}

/** Invariants of every decoded frame: errors and their joined text agree, checksum states agree, no VRRP from a fragment. */
function expectConsistent(f: FrameInfo): void {
  expect(f.error).toBe(f.errors?.map((e) => e.message).join('; '));
  for (const e of f.errors ?? []) expect(e.message.startsWith(`${e.layer.replace('-', ' ')}: `)).toBe(true);
  for (const c of [f.vrrp, f.carp]) if (c) expect(c.checksumValid).toBe(c.checksumStatus === 'valid');
  if (f.vrrp) expect(f.vrrp.checksumVariant !== null).toBe(f.vrrp.checksumStatus === 'valid');
  if (f.ip?.fragment && f.inner === undefined) {
    expect(f.vrrp).toBeUndefined();
    expect(f.carp).toBeUndefined();
  }
}

/** True when the destination's one's complement sum equals the VRRP group's, so either pseudo-header gives one checksum. */
function sumsLikeGroup(a: AdvertCase): boolean {
  const bytesOf = a.family === 4 ? ipv4Bytes : ipv6Bytes;
  const group = a.family === 4 ? '224.0.0.18' : 'ff02::12';
  // internetChecksum folds to 16 bits, where 0x0000 and 0xffff are the same one's complement number.
  const folded = (text: string): number => internetChecksum(bytesOf(text)) % 0xffff;
  return folded(a.dst) === folded(group);
}

describe('decoder properties', () => {
  it('never throws on random bytes, whatever the link type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...LINK_TYPES), (bytes, linkType) => {
        decodeFrame(rawFrame(bytes, { linkType }), ALL);
        decodeFrame(rawFrame(bytes, { linkType }), RELEVANT);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on valid frames cut anywhere or with bytes flipped, and reports every frame it finds malformed', () => {
    fc.assert(
      fc.property(validFrame, framing, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }), (v, f, flips) => {
        const data = Uint8Array.from(v.data);
        for (const [at, value] of flips) if (data.length > 0) data[at % data.length] = value;
        const all = decodeFrame(toRaw(data, v.linkType, f), ALL);
        const relevant = decodeFrame(toRaw(data, v.linkType, f), RELEVANT);
        expect(all).not.toBeNull();
        if (all?.error !== undefined) expect(relevant).not.toBeNull();
        if (relevant !== null) expect(relevant).toEqual(all);
        if (all) expectConsistent(all);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps no state: decoding A then B equals decoding B alone', () => {
    fc.assert(
      fc.property(validFrame, framing, validFrame, framing, (a, fa, b, fb) => {
        const alone = decodeFrame(toRaw(b.data, b.linkType, fb, 2), ALL);
        decodeFrame(toRaw(a.data, a.linkType, fa, 1), ALL);
        decodeFrame(toRaw(a.data, a.linkType, fa, 1), RELEVANT);
        expect(decodeFrame(toRaw(b.data, b.linkType, fb, 2), ALL)).toEqual(alone);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips every VRRP field the builder writes', () => {
    fc.assert(
      fc.property(advertCase, (a) => {
        const f = decodeFrame(rawFrame(ethIp(advertPacket(a))), ALL);
        const v = f?.vrrp;
        expect(f?.error).toBeUndefined();
        expect(f?.ip).toMatchObject({ version: a.family, src: a.src, dst: a.dst, ttl: a.ttl, proto: 112 });
        expect(v).toMatchObject({ version: a.fields.version, type: 1, vrid: a.fields.vrid, priority: a.fields.priority, count: a.fields.addresses.length, addresses: a.fields.addresses, checksumValid: true });
        if (a.fields.version === 2) {
          expect(v?.authType).toBe(a.fields.authType);
          expect(v?.intervalMs).toBe((a.fields.intervalS ?? 0) * 1000);
          expect(v?.checksumVariant).toBe('v2');
          if (a.fields.authType === 1) expect(v?.authData).toBe('***');
        } else {
          expect(v?.intervalMs).toBe((a.fields.intervalCs ?? 0) * 10);
          expect(v?.reserved).toBe(a.fields.reserved === 0 ? undefined : a.fields.reserved);
          // When the destination sums like the group (the group itself, or another address with the same one's
          // complement sum, e.g. 13.58.210.216), both pseudo-headers validate and the decoder names the plain one.
          expect(v?.checksumVariant).toBe(sumsLikeGroup(a) && a.checksum === 'v3-pseudo-mcast' ? 'v3-pseudo' : a.checksum);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes the same VRRP payload identically in every encapsulation', () => {
    fc.assert(
      fc.property(advertCase, (a) => {
        const packet = advertPacket(a);
        const et = a.family === 4 ? ETHERTYPE.IPV4 : ETHERTYPE.IPV6;
        const wrappings: [Uint8Array, number][] = [
          [ethernet({ etherType: et, payload: packet }), LINKTYPE.ETHERNET],
          [ethernet({ vlans: [100], etherType: et, payload: packet }), LINKTYPE.ETHERNET],
          [ethernet({ vlans: [{ id: 200, tpid: ETHERTYPE.QINQ }, 100], etherType: et, payload: packet }), LINKTYPE.ETHERNET],
          [sll({ protocol: et, payload: packet }), LINKTYPE.LINUX_SLL],
          [sll2({ protocol: et, payload: packet }), LINKTYPE.LINUX_SLL2],
          [packet, LINKTYPE.RAW],
          [bsdLoopback({ family: a.family === 4 ? 2 : 30, payload: packet }), LINKTYPE.NULL],
        ];
        if (a.family === 4) wrappings.push([ethernet({ etherType: et, payload: ipInIpv4({ src: '198.51.100.1', dst: '198.51.100.2', inner: packet }) }), LINKTYPE.ETHERNET]);
        const reference = decodeFrame(rawFrame(wrappings[0]![0], { linkType: wrappings[0]![1] }), RELEVANT)?.vrrp;
        expect(reference).toBeDefined();
        for (const [data, linkType] of wrappings) expect(decodeFrame(rawFrame(data, { linkType }), RELEVANT)?.vrrp).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });
});
