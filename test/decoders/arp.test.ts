import { describe, expect, it } from 'vitest';
import { arp, ETHERTYPE, ethernet, type ArpFields } from '../helpers/frame-builder.js';
import { decodeBytes } from './decode-helpers.js';

const VMAC = '00:00:5e:00:01:33';

function decodeArpFrame(f: ArpFields, etherType: number = ETHERTYPE.ARP) {
  return decodeBytes(ethernet({ src: VMAC, etherType, payload: arp(f) }));
}

describe('ARP', () => {
  it('decodes a request', () => {
    const f = decodeArpFrame({ op: 1, senderMac: '7a:a6:57:7c:4d:ac', senderIp: '192.0.2.11', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.1' });
    expect(f.arp).toEqual({ op: 1, senderMac: '7a:a6:57:7c:4d:ac', senderIp: '192.0.2.11', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.1', gratuitous: false });
    expect(f.etherType).toBe(0x0806);
  });

  it('classifies like Wireshark: gratuitous (keepalived GARP, THA broadcast), announcement (THA zero), reply, probe', () => {
    const keepalived = decodeArpFrame({ op: 1, senderMac: VMAC, senderIp: '192.0.2.100', targetMac: 'ff:ff:ff:ff:ff:ff', targetIp: '192.0.2.100' }).arp;
    expect(keepalived).toMatchObject({ gratuitous: true });
    expect(keepalived?.announcement).toBeUndefined();
    const announcement = decodeArpFrame({ op: 1, senderMac: VMAC, senderIp: '192.0.2.100', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.100' }).arp;
    expect(announcement).toMatchObject({ gratuitous: true, announcement: true });
    const reply = decodeArpFrame({ op: 2, senderMac: VMAC, senderIp: '192.0.2.100', targetMac: 'ff:ff:ff:ff:ff:ff', targetIp: '192.0.2.100' }).arp;
    expect(reply).toMatchObject({ op: 2, gratuitous: true });
    expect(reply?.announcement).toBeUndefined();
    const probe = decodeArpFrame({ op: 1, senderMac: VMAC, senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: '192.0.2.100' }).arp;
    expect(probe).toMatchObject({ gratuitous: false, probe: true });
    // SPA = TPA = 0.0.0.0 is gratuitous by Wireshark's definition, hence not a probe.
    const zero = decodeArpFrame({ op: 1, senderMac: VMAC, senderIp: '0.0.0.0', targetMac: '00:00:00:00:00:00', targetIp: '0.0.0.0' }).arp;
    expect(zero).toMatchObject({ gratuitous: true, announcement: true });
    expect(zero?.probe).toBeUndefined();
  });

  it('accepts hardware type 6 (IEEE 802)', () => {
    expect(decodeArpFrame({ op: 2, senderMac: VMAC, senderIp: '192.0.2.1', targetMac: VMAC, targetIp: '192.0.2.2', hardwareType: 6 }).arp?.op).toBe(2);
  });

  it('decodes RARP with op 3/4 (never gratuitous)', () => {
    const f = decodeArpFrame({ op: 3, senderMac: VMAC, senderIp: '0.0.0.0', targetMac: VMAC, targetIp: '0.0.0.0' }, ETHERTYPE.RARP);
    expect(f.etherType).toBe(0x8035);
    expect(f.arp).toMatchObject({ op: 3, gratuitous: false });
    expect(decodeArpFrame({ op: 4, senderMac: VMAC, senderIp: '192.0.2.1', targetMac: VMAC, targetIp: '192.0.2.5' }, ETHERTYPE.RARP).arp?.op).toBe(4);
  });

  it('reports other hardware, protocol and address sizes as unsupported without throwing', () => {
    const base = { op: 1, senderMac: VMAC, senderIp: '192.0.2.1', targetMac: VMAC, targetIp: '192.0.2.2' };
    expect(decodeArpFrame({ ...base, hardwareType: 15 }).error).toBe('arp: unsupported hardware type 15');
    expect(decodeArpFrame({ ...base, protocolType: 0x86dd }).error).toBe('arp: unsupported protocol type 0x86dd');
    expect(decodeArpFrame({ ...base, hardwareSize: 255 }).error).toBe('arp: unsupported address lengths 255/4 (expected 6/4)');
    expect(decodeArpFrame({ ...base, protocolSize: 16 }).error).toBe('arp: unsupported address lengths 6/16 (expected 6/4)');
    expect(decodeArpFrame({ ...base, protocolSize: 16 }).arp).toBeUndefined();
  });

  it('reports a truncated message at every length', () => {
    const payload = arp({ op: 1, senderMac: VMAC, senderIp: '192.0.2.1', targetMac: VMAC, targetIp: '192.0.2.2' });
    for (let n = 0; n < 28; n++) {
      const f = decodeBytes(ethernet({ etherType: ETHERTYPE.ARP, payload: payload.subarray(0, n), pad: false }));
      expect(f.arp).toBeUndefined();
      expect(f.error).toBe(n < 8 ? `arp: truncated header (${n} of 8 bytes)` : `arp: truncated (${n} of 28 bytes)`);
    }
  });
});
