import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addressClaims,
  allOf,
  anyOf,
  fieldIn,
  frameNumbers,
  frameSpan,
  linkSourceField,
  routerAdverts,
  sourceIn,
} from '../../src/analysis/wireshark-filter.js';
import { FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { HAVE_TSHARK, SKIP_NO_TSHARK, tsharkSelect } from '../helpers/tshark.js';

describe('wireshark-filter builders', () => {
  it('separates set members with commas, as Wireshark 4 requires, and uses == for one value', () => {
    expect(fieldIn('ip.src', ['192.0.2.11', '192.0.2.12'])).toBe('ip.src in {192.0.2.11, 192.0.2.12}');
    expect(fieldIn('ip.src', ['192.0.2.11', '192.0.2.11'])).toBe('ip.src == 192.0.2.11');
    expect(() => fieldIn('ip.src', [])).toThrow();
  });

  it('writes frame numbers as ranges where they run on', () => {
    expect(frameNumbers([9, 3, 4, 5, 7, 8, 3])).toBe('frame.number in {3..5, 7..9}');
    expect(frameNumbers([12])).toBe('frame.number == 12');
    expect(frameSpan(20, 4)).toBe('frame.number in {4..20}');
    expect(frameSpan(4, 4)).toBe('frame.number == 4');
  });

  it('parenthesises only what precedence needs (and, for reading, conjunctions inside a disjunction)', () => {
    expect(allOf('a == 1', null, false, undefined, 'b == 2')).toBe('a == 1 && b == 2');
    expect(allOf('a == 1 || b == 2', 'c == 3')).toBe('(a == 1 || b == 2) && c == 3');
    expect(allOf('(a == 1 || b == 2)', 'c == 3')).toBe('(a == 1 || b == 2) && c == 3');
    expect(allOf('x in {1, 2} && (a == 1 || b == 2)', 'c == 3')).toBe('x in {1, 2} && (a == 1 || b == 2) && c == 3');
    expect(anyOf('a == 1 && b == 2', 'c == 3')).toBe('(a == 1 && b == 2) || c == 3');
    expect(anyOf('a == 1')).toBe('a == 1');
  });

  it("selects a router's adverts on its VLAN and family, never ICMP errors that quote one", () => {
    expect(routerAdverts({ vrid: 51, vlan: null, family: 'ipv4' })).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp');
    expect(routerAdverts({ vrid: 7, vlan: 100, family: 'ipv6' })).toBe('vrrp.virt_rtr_id == 7 && vlan.id == 100 && ipv6 && !icmpv6');
    expect(sourceIn('ipv6', ['fe80::1'])).toBe('ipv6.src == fe80::1');
  });

  it('names the link-layer source field of Linux cooked captures', () => {
    expect(linkSourceField(1)).toBe('eth.src');
    expect(linkSourceField(113)).toBe('sll.src.eth');
    expect(linkSourceField(276)).toBe('sll.src.eth');
    expect(addressClaims('ipv4', ['192.0.2.100'], ['02:00:00:00:01:02'], 276)).toBe(
      'arp.src.proto_ipv4 == 192.0.2.100 && (arp.src.hw_mac == 02:00:00:00:01:02 || sll.src.eth == 02:00:00:00:01:02)',
    );
  });
});

describe.skipIf(!HAVE_TSHARK)('wireshark-filter builders in tshark', () => {
  it.each([
    ['unicast-peers.pcap', allOf(routerAdverts({ vrid: 51, vlan: null, family: 'ipv4' }), frameNumbers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]))],
    ['sll2-any.pcap', allOf(routerAdverts({ vrid: 51, vlan: null, family: 'ipv4' }), fieldIn(linkSourceField(276), ['02:00:00:00:01:01', '02:00:00:00:01:02']))],
    ['failover-clean.pcap', anyOf(addressClaims('ipv4', ['192.0.2.100'], ['02:00:00:00:01:02'], 1), allOf(routerAdverts({ vrid: 51, vlan: null, family: 'ipv4' }), sourceIn('ipv4', ['192.0.2.11', '192.0.2.12'])))],
  ])('%s: %s compiles and selects frames', async (capture, filter) => {
    const sel = await tsharkSelect(join(FIXTURE_PCAPS, capture), filter);
    expect(sel.rejected).toBeNull();
    expect(sel.frames.length).toBeGreaterThan(0);
  });

  it('excludes ICMP errors quoting adverts (unicast-peers: tshark dissects the quoted VRRP too)', async () => {
    const capture = join(FIXTURE_PCAPS, 'unicast-peers.pcap');
    const all = await tsharkSelect(capture, 'vrrp.virt_rtr_id == 51');
    const adverts = await tsharkSelect(capture, routerAdverts({ vrid: 51, vlan: null, family: 'ipv4' }));
    const quoted = await tsharkSelect(capture, 'vrrp.virt_rtr_id == 51 && icmp');
    expect(quoted.frames.length).toBeGreaterThan(0);
    expect(adverts.frames.length).toBe(all.frames.length - quoted.frames.length);
  });
});
if (!HAVE_TSHARK) console.log(`wireshark-filter builders in tshark: ${SKIP_NO_TSHARK}`);
