import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ETHERTYPE, ethernet, ipv4, ipv6, tcp, udp, arp } from '../helpers/frame-builder.js';
import { createDecodeOptions, ipv4ToUint32 } from '../../src/decoders/decode-frame.js';
import { LinkScratch, parseLinkLayer } from '../../src/decoders/link-layer.js';
import { isPlainEthernetTraffic, isRelevant } from '../../src/decoders/relevance.js';
import { decodeRelevant } from './decode-helpers.js';

const web4 = ethernet({ vlans: [10], etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '203.0.113.7', dst: '192.0.2.100', proto: 6, payload: tcp({ srcPort: 40000, dstPort: 80 }) }) });
const dns6 = ethernet({ etherType: ETHERTYPE.IPV6, payload: ipv6({ src: '2001:db8::7', dst: '2001:db8::100', nextHeader: 17, payload: udp({ srcPort: 5353, dstPort: 53 }) }) });

describe('relevance', () => {
  it('ordinary TCP/UDP is not reported', () => {
    expect(decodeRelevant(web4)).toBeNull();
    expect(decodeRelevant(dns6)).toBeNull();
    expect(decodeRelevant(ethernet({ etherType: 0x88cc, payload: new Uint8Array(30) }))).toBeNull();
  });

  it('traffic to or from a VIP is reported with l4', () => {
    const f = decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('192.0.2.100')]) });
    expect(f?.l4).toEqual({ proto: 6, srcPort: 40000, dstPort: 80 });
    expect(f?.vlan).toEqual([10]);
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('203.0.113.7')]) })).not.toBeNull();
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('192.0.2.101')]) })).toBeNull();
  });

  it('IPv4 VIP sets of any size (high addresses, sign bit set) follow changes to the set', () => {
    const vips4 = new Set<number>();
    for (let i = 0; i < 50; i++) vips4.add(ipv4ToUint32(`198.51.100.${i * 5}`));
    expect(decodeRelevant(web4, {}, { vips4 })).toBeNull();
    vips4.add(ipv4ToUint32('192.0.2.100'));
    expect(decodeRelevant(web4, {}, { vips4 })).not.toBeNull();
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('255.255.255.255'), ipv4ToUint32('203.0.113.7'), 0]) })).not.toBeNull();
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('255.255.255.255'), 0]) })).toBeNull();
  });

  it('an IPv4 VIP is found among VIPs that share its low 16 bits, and an address sharing them with a VIP is none', () => {
    // 198.51.2.100 ends like 192.0.2.100 (web4's destination): the quick filter on the low 16 bits lets it through,
    // the table says no.
    const lookalike = ipv4ToUint32('198.51.2.100');
    expect(decodeRelevant(web4, {}, { vips4: new Set([lookalike]) })).toBeNull();
    expect(decodeRelevant(web4, {}, { vips4: new Set([lookalike, ipv4ToUint32('192.0.2.100')]) })).not.toBeNull();
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('10.9.113.7')]) })).toBeNull();
    // Another set of the same size: the filter is rebuilt, the VIP of the set before no longer matches.
    expect(decodeRelevant(web4, {}, { vips4: new Set([ipv4ToUint32('192.0.2.101'), lookalike]) })).toBeNull();
  });

  it('IPv6 VIPs match whatever text form the set holds, and follow changes to the set', () => {
    const vips6 = new Set(['2001:db8::100']);
    expect(decodeRelevant(dns6, {}, { vips6 })?.l4?.dstPort).toBe(53);
    expect(decodeRelevant(dns6, {}, { vips6: new Set(['2001:DB8:0:0:0:0:0:7']) })).not.toBeNull();
    vips6.clear();
    expect(decodeRelevant(dns6, {}, { vips6 })).toBeNull();
    vips6.add('2001:db8::100');
    expect(decodeRelevant(dns6, {}, { vips6 })).not.toBeNull();
  });

  it('ARP is always reported, malformed IP too', () => {
    expect(decodeRelevant(ethernet({ etherType: ETHERTYPE.ARP, payload: arp({ op: 1, senderMac: '02:00:00:00:00:01', senderIp: '192.0.2.1', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.2' }) }))).not.toBeNull();
    const shortTcp = ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 6, payload: new Uint8Array(10) }) });
    expect(decodeRelevant(shortTcp)?.error).toBe('tcp: truncated header (10 of 20 bytes)');
    const shortUdp = ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', proto: 17, payload: new Uint8Array(2) }) });
    const u = decodeRelevant(shortUdp);
    expect(u?.error).toBe('udp: truncated header (2 of 8 bytes)');
    expect(u?.l4).toEqual({ proto: 17 });
  });

  it('the quick test for plain Ethernet traffic only ever skips frames the full check skips', () => {
    const vips = [createDecodeOptions(), createDecodeOptions({ vips4: new Set([ipv4ToUint32('192.0.2.100')]) }), createDecodeOptions({ guePorts: new Set([53]) }),
      createDecodeOptions({ vips6: new Set(['2001:db8::100']) })];
    const bases = [
      web4,
      dns6,
      ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '203.0.113.7', dst: '198.51.100.9', proto: 17, payload: udp({ srcPort: 1, dstPort: 53 }) }) }),
      ethernet({ vlans: [{ id: 200, tpid: ETHERTYPE.QINQ }, 100], etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '203.0.113.7', dst: '198.51.100.9', proto: 6, payload: tcp({ srcPort: 1, dstPort: 2 }) }) }),
      ethernet({ etherType: ETHERTYPE.IPV6, payload: ipv6({ src: '2001:db8::7', dst: '2001:db8::9', nextHeader: 6, payload: tcp({ srcPort: 1, dstPort: 2 }) }) }),
    ];
    const link = new LinkScratch();
    let quick = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...bases),
        fc.constantFrom(...vips),
        fc.array(fc.tuple(fc.nat(80), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.nat(),
        fc.constantFrom('whole', 'snaplen', 'short'),
        (base, options, flips, cut, mode) => {
          const data = Uint8Array.from(base);
          for (const [at, value] of flips) data[at % data.length] = value;
          const n = cut % (data.length + 1);
          const bytes = mode === 'short' ? data.subarray(0, n) : data;
          const capLen = mode === 'snaplen' ? n : bytes.length;
          if (!isPlainEthernetTraffic(bytes, 0, capLen, options)) return;
          quick++;
          parseLinkLayer(bytes, 0, capLen, 1, link);
          expect(isRelevant(bytes, link, capLen < data.length && mode === 'snaplen', options)).toBe(false);
        },
      ),
      { numRuns: 20_000 },
    );
    // The property says something only if the quick test said yes often enough.
    expect(quick).toBeGreaterThan(1000);
  });
});
