/**
 * The many-speakers capture (issue #9): `adverts` VRRPv2 adverts for one VRID from `speakers` source addresses with
 * overlapping VIP lists, each speaker advertising once per second, round robin. Every speaker claims master at once:
 * the worst case for rules that compare speakers (split-brain, vip-list-mismatch, vrid-collision). Deterministic.
 */
import { writeFileSync } from 'node:fs';
import { pcapFileHeader, pcapRecord } from '../src/capture/capture-writer.js';
import { ethernetIp, vrrpOverIpv4 } from '../test/helpers/frame-builder.js';

/** Speaker i: 10.x.y.1, priority 1-254, VIPs 192.0.2.(i mod 50) and the next one, so neighbours' lists overlap. */
export function manySpeakerFrames(speakers: number, adverts: number): { tsMicros: number; data: Uint8Array }[] {
  const templates = Array.from({ length: speakers }, (_, s) => {
    const src = `10.${Math.floor(s / 250)}.${s % 250}.1`;
    const vips = [`192.0.2.${s % 50}`, `192.0.2.${(s + 1) % 50}`];
    const pkt = vrrpOverIpv4({ src, vrrp: { version: 2, vrid: 51, priority: 1 + (s % 254), addresses: vips } });
    const mac = `02:00:00:00:${((s >> 8) & 0xff).toString(16).padStart(2, '0')}:${(s & 0xff).toString(16).padStart(2, '0')}`;
    return ethernetIp(pkt, { src: mac, dst: '01:00:5e:00:00:12' });
  });
  const start = 1_795_700_000 * 1_000_000;
  return Array.from({ length: adverts }, (_, i) => ({
    tsMicros: start + Math.floor((i * 1_000_000) / speakers),
    data: templates[i % speakers]!,
  }));
}

export function generateManySpeakersCapture(path: string, speakers = 300, adverts = 10_000): void {
  const parts = [pcapFileHeader({ linkType: 1 }), ...manySpeakerFrames(speakers, adverts).map((f) => pcapRecord(f))];
  writeFileSync(path, Buffer.concat(parts));
}
