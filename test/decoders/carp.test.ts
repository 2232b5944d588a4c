import { describe, expect, it } from 'vitest';
import { carp, ETHERTYPE, ethernet, ipv4, IPPROTO, vrrpOverIpv4 } from '../helpers/frame-builder.js';
import { decodeBytes } from './decode-helpers.js';

function carpFrame(payload: Uint8Array): Uint8Array {
  return ethernet({ etherType: ETHERTYPE.IPV4, payload: ipv4({ src: '192.0.2.1', dst: '224.0.0.18', proto: IPPROTO.VRRP, ttl: 255, payload }) });
}

describe('CARP', () => {
  it('is told apart from VRRP by Wireshark\'s heuristic and decoded', () => {
    const f = decodeBytes(carpFrame(carp({ vhid: 1, advskew: 1, advbase: 1, demotion: 2, counter: 5708499835552965413n })));
    expect(f.vrrp).toBeUndefined();
    expect(f.carp).toEqual({
      version: 2, type: 1, vhid: 1, advskew: 1, authlen: 7, demotion: 2, advbase: 1,
      counter: '5708499835552965413', checksum: f.carp?.checksum, checksumValid: true, checksumStatus: 'valid',
    });
  });

  it('flags a bad checksum', () => {
    expect(decodeBytes(carpFrame(carp({ vhid: 3, badChecksum: true }))).carp).toMatchObject({ checksumValid: false, checksumStatus: 'invalid' });
  });

  it('is VRRP when authlen is not 7, the version is not 1/2, or fewer than 36 bytes', () => {
    expect(decodeBytes(carpFrame(carp({ vhid: 1, authlen: 6 }))).vrrp).toBeDefined();
    expect(decodeBytes(carpFrame(carp({ vhid: 1, version: 3 }))).vrrp).toBeDefined();
    expect(decodeBytes(carpFrame(carp({ vhid: 1 }).subarray(0, 35))).carp).toBeUndefined();
    // A VRRPv2 advert with 7 addresses is 44 bytes with octet 3 = 7: CARP by Wireshark's rule, and by ours.
    const seven = ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4', '192.0.2.5', '192.0.2.6', '192.0.2.7'];
    expect(decodeBytes(ethernet({ etherType: ETHERTYPE.IPV4, payload: vrrpOverIpv4({ src: '192.0.2.9', vrrp: { version: 2, vrid: 1, priority: 1, addresses: seven } }) })).carp).toBeDefined();
  });
});
