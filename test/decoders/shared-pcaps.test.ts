/**
 * The decoder over the public reference captures in ../shared/pcaps: it never throws, relevance agrees with the
 * full decode, and the frames those captures are known for come out as their upstream expectations say.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { decodeCaptureFile, listCaptures, SHARED_PCAPS } from './capture-helpers.js';

const present = existsSync(SHARED_PCAPS);
if (!present) console.log(`skipping shared-capture decoder tests: ${SHARED_PCAPS} is absent`);

async function decode(name: string): Promise<FrameInfo[]> {
  return decodeCaptureFile(join(SHARED_PCAPS, name));
}

function byFrame(frames: FrameInfo[], n: number): FrameInfo | undefined {
  return frames.find((f) => f.frame === n);
}

describe.skipIf(!present)('shared reference captures', () => {
  it('every capture decodes without throwing, and relevance matches the full decode', async () => {
    for (const path of listCaptures(SHARED_PCAPS)) {
      let all: FrameInfo[];
      try {
        all = await decodeCaptureFile(path);
      } catch (e) {
        // Unreadable captures are the reader's business (its own tests); the decoder must not be the one throwing.
        expect((e as Error).name, basename(path)).toMatch(/CaptureFormatError|InputError/);
        continue;
      }
      const relevant = await decodeCaptureFile(path, { all: false });
      // IP fragments of protocol 112 are reported as fragments (no VRRP decoded from them).
      const expected = all.filter((f) => f.error !== undefined || f.vrrp || f.carp || f.arp || f.nd || f.tunnel || f.icmp?.quoted?.proto === 112 || (f.ip?.proto === 112 && f.ip.fragment));
      expect(relevant.map((f) => f.frame), basename(path)).toEqual(expected.map((f) => f.frame));
    }
  });

  it('tcpdump_vrrp.pcap: v2 with simple auth, v2, v3 over IPv4 and IPv6, all checksums valid', async () => {
    const frames = (await decode('tcpdump_vrrp.pcap')).filter((f) => f.vrrp);
    expect(frames.length).toBe(165);
    expect(frames.every((f) => f.vrrp?.checksumValid)).toBe(true);
    expect(byFrame(frames, 1)?.vrrp).toMatchObject({ version: 2, vrid: 42, priority: 191, authType: 1, intervalMs: 10000, authData: '***', count: 3 });
    expect(byFrame(frames, 3)?.vrrp).toMatchObject({ version: 3, vrid: 44, intervalMs: 10000, addresses: ['10.4.44.100', '10.4.44.200'], checksumVariant: 'v3-pseudo' });
    expect(byFrame(frames, 6)?.vrrp).toMatchObject({ version: 3, vrid: 45, addresses: ['fe80::200:5eff:fe00:22d', '2001::abcd:a'] });
  });

  it('libpcap_carp.pcap is CARP, never VRRP', async () => {
    const frames = await decode('libpcap_carp.pcap');
    expect(frames.some((f) => f.vrrp)).toBe(false);
    expect(frames.filter((f) => f.carp).length).toBeGreaterThan(0);
    expect(frames.filter((f) => f.carp).every((f) => f.carp?.checksumValid && f.carp.vhid === 1)).toBe(true);
  });

  it('zeek_pbb.pcap: VRRP behind 802.1ad + 802.1ah', async () => {
    const f = byFrame(await decode('zeek_pbb.pcap'), 4);
    expect(f).toMatchObject({ vlan: [4051], ethSrc: '00:00:5e:00:01:33' });
    expect(f?.vrrp).toMatchObject({ vrid: 51, priority: 200, addresses: ['10.199.245.1'], checksumVariant: 'v2' });
  });

  it('zeek_snap-arp.pcapng: ARP in 802.3 LLC/SNAP', async () => {
    const frames = (await decode('zeek_snap-arp.pcapng')).filter((f) => f.arp);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.etherType === 0x0806 && f.error === undefined)).toBe(true);
  });

  it('zeek_linuxsll-arp.pcap and zeek_linux_dlt_sll2.pcap: ARP and RARP in cooked captures', async () => {
    const sll = (await decode('zeek_linuxsll-arp.pcap')).filter((f) => f.arp);
    expect(sll.length).toBeGreaterThan(0);
    expect(sll.every((f) => f.linkType === 113 && f.ethSrc !== undefined)).toBe(true);
    const sll2 = await decode('zeek_linux_dlt_sll2.pcap');
    expect(sll2.some((f) => f.etherType === 0x8035 && f.arp !== undefined)).toBe(true);
  });

  it('tcpdump_802.1ad_QinQ.pcap: ARP under two tags', async () => {
    const frames = (await decode('tcpdump_802.1ad_QinQ.pcap')).filter((f) => f.arp);
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((f) => f.vlan.length === 2)).toBe(true);
  });

  it('zeek_4in4.pcap and ndpi_4in4tunnel.pcap: IP-in-IP with the inner packet', async () => {
    const f = (await decode('zeek_4in4.pcap')).find((x) => x.tunnel);
    expect(f?.tunnel).toEqual({ type: 'ipip', outer: { src: '1.2.3.4', dst: '5.6.7.8' } });
    expect(f?.inner?.l4).toEqual({ proto: 17, srcPort: 30000, dstPort: 13000 });
    expect((await decode('ndpi_4in4tunnel.pcap')).some((x) => x.tunnel?.type === 'ipip' && x.vlan.length > 0)).toBe(true);
  });

  it('zeek_icmp6-nd-options.pcap and pcpp_IcmpV6_NeighAdvSoli.pcap: NS/NA with link-layer options', async () => {
    const nd = (await decode('zeek_icmp6-nd-options.pcap')).filter((f) => f.nd);
    expect(nd.some((f) => f.nd?.type === 'na' && f.nd.router === true && f.nd.override === true && f.nd.tlla === 'c2:00:54:f5:00:00')).toBe(true);
    expect(nd.some((f) => f.nd?.type === 'ns')).toBe(true);
    expect((await decode('pcpp_IcmpV6_NeighAdvSoli.pcap')).filter((f) => f.nd).length).toBe(2);
  });

  it('fuzzed and malformed captures give errors, not exceptions', async () => {
    const arp = await decode('zeek_arp-leak.pcap');
    expect(arp.filter((f) => f.errors?.some((e) => e.layer === 'arp' && e.code === 'unsupported-address-lengths')).length).toBe(6);
    // Every packet of tcpdump's fuzzed VRRP capture is a first IP fragment (MF set): like Wireshark ("Fragmented IP
    // protocol"), no VRRP is decoded from them, so none yields a VRRP error or an advert.
    const oobr = await decode('tcpdump_vrrp-vrrp_print-oobr-2.pcap');
    expect(oobr).toHaveLength(10);
    expect(oobr.every((f) => f.ip?.fragment === true && f.ip.fragmentOffset === 0 && f.ip.moreFragments === true && f.vrrp === undefined && f.error === undefined)).toBe(true);
    const short = (await decode('zeek_icmp6-nd-short-options.pcap')).filter((f) => f.error);
    expect(short.every((f) => f.errors?.every((e) => e.layer === 'nd'))).toBe(true);
  });
});
