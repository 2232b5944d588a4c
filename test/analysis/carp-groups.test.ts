import { describe, expect, it } from 'vitest';
import { CarpGroups } from '../../src/analysis/carp-groups.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { analyzeCaptureFile, FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { BASE_TS } from '../helpers/frame-info-builder.js';
import { HAVE_SHARED_PCAPS, sharedPcap, skipReasonShared } from '../helpers/shared-pcaps.js';
import { join } from 'node:path';

function carpFrame(frame: number, t: number, src: string, vhid: number, advskew: number, vlan: number[] = []): FrameInfo {
  return {
    frame, ts: BASE_TS + t, time: '', iface: 0, linkType: 1, capLen: 70, wireLen: 70, vlan,
    ethSrc: `00:00:5e:00:01:${vhid.toString(16).padStart(2, '0')}`, ethDst: '01:00:5e:00:00:12',
    ip: { version: 4, src, dst: '224.0.0.18', ttl: 255, proto: 112 },
    carp: { version: 2, type: 1, vhid, advskew, authlen: 7, demotion: 0, advbase: 1, counter: String(frame), checksum: '0x0000', checksumValid: true, checksumStatus: 'valid' },
  };
}

describe('CarpGroups', () => {
  it('is absent without CARP', () => {
    expect(new CarpGroups().doc()).toBeUndefined();
  });

  it('groups by link and vhid, lists advertisers by first advert with their latest values', () => {
    const g = new CarpGroups();
    g.observe(carpFrame(1, 0, '192.0.2.22', 3, 0));
    g.observe(carpFrame(2, 1, '192.0.2.22', 3, 0));
    g.observe(carpFrame(3, 5, '192.0.2.21', 3, 100));
    g.observe(carpFrame(4, 5.5, '192.0.2.31', 3, 0, [30]));
    const doc = g.doc();
    expect(doc?.frames).toBe(4);
    expect(doc?.groups.map((x) => [x.vlan, x.vhid, x.advertisers.map((a) => `${a.ip}:${a.adverts}:${a.advskew}`)])).toEqual([
      [null, 3, ['192.0.2.22:2:0', '192.0.2.21:1:100']],
      [30, 3, ['192.0.2.31:1:0']],
    ]);
  });
});

describe('CARP in the audit', () => {
  it('carp-beside-vrrp.pcap: the CARP group is listed apart and never becomes a VRRP router or finding', async () => {
    const doc = await analyzeCaptureFile(join(FIXTURE_PCAPS, 'carp-beside-vrrp.pcap'));
    expect(doc.routers.map((r) => r.vrid)).toEqual([51]);
    expect(doc.carp?.frames).toBe(8);
    expect(doc.carp?.groups).toHaveLength(1);
    const group = doc.carp!.groups[0]!;
    expect(group).toMatchObject({ vhid: 7, family: 'ipv4', vlan: null });
    expect(group.advertisers.map((a) => [a.ip, a.mac, a.adverts, a.advskew])).toEqual([
      ['192.0.2.21', '00:00:5e:00:01:07', 4, 0],
      ['192.0.2.22', '00:00:5e:00:01:07', 4, 100],
    ]);
    expect(doc.findings.filter((f) => f.vrid === 7)).toEqual([]);
  });

  it.skipIf(!HAVE_SHARED_PCAPS)('libpcap_carp.pcap (public): one CARP group of one advertiser, no VRRP', async () => {
    const doc = await analyzeCaptureFile(sharedPcap('libpcap_carp.pcap'));
    expect(doc.routers).toEqual([]);
    expect(doc.findings).toEqual([]);
    expect(doc.carp).toMatchObject({ frames: 5, groups: [{ vhid: 1, advertisers: [{ ip: '10.53.199.124', adverts: 5, advbase: 1, advskew: 1 }] }] });
  });
  if (!HAVE_SHARED_PCAPS) console.log(skipReasonShared());
});
