/**
 * The benchmark must measure the traffic it says it measures: each generated mix is read back by tshark (an oracle we
 * did not write) and by our own decoder, and both must count the VRRP adverts and ARP messages the generator reports,
 * on the VLANs and with the speakers the mix describes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMix, MIX_NAMES } from '../../bench/mixes.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';

const HAVE_TSHARK = spawnSync('sh', ['-c', 'command -v tshark']).status === 0;
if (!HAVE_TSHARK) console.log('tshark not installed: the oracle half of the benchmark-mix tests is skipped');

const FRAMES = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'vi-mixes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Counts {
  vrrp: number;
  arp: number;
  vrrpSegments: Set<string>;
  arpSpeakers: Set<string>;
  badChecksums: number;
  errors: number;
}

async function ourCounts(file: string): Promise<Counts> {
  const c: Counts = { vrrp: 0, arp: 0, vrrpSegments: new Set(), arpSpeakers: new Set(), badChecksums: 0, errors: 0 };
  const options = createDecodeOptions();
  await readCapture({ kind: 'file', path: file }, (raw) => {
    const f = decodeFrame(raw, options);
    if (!f) return;
    if (f.error) c.errors++;
    if (f.vrrp) {
      c.vrrp++;
      c.vrrpSegments.add(`${f.vlan.join('.')}/${f.vrrp.vrid}`);
      if (!f.vrrp.checksumValid) c.badChecksums++;
    }
    if (f.arp) {
      c.arp++;
      c.arpSpeakers.add(`${f.vlan.join('.')}/${f.arp.senderIp}/${f.arp.senderMac}`);
    }
  });
  return c;
}

/** One tshark pass: every frame's protocol stack (`eth:ethertype:vlan:ethertype:ip:vrrp`...). */
function tsharkStacks(file: string): string[] {
  const r = spawnSync('tshark', ['-r', file, '-T', 'fields', '-e', 'frame.protocols'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.stdout.split('\n').filter(Boolean);
}

describe.each(MIX_NAMES)('benchmark mix %s', (mix) => {
  const file = join(dir, `${mix}.pcap`);
  const gen = generateMix(mix, file, FRAMES, 7);

  it('decodes to the VRRP and ARP the generator wrote, with valid VRRP checksums and no malformed frame', async () => {
    const c = await ourCounts(file);
    expect(gen.frames).toBe(FRAMES);
    expect(c.vrrp).toBe(gen.vrrp);
    expect(c.arp).toBe(gen.arp);
    expect(c.badChecksums).toBe(0);
    expect(c.errors).toBe(0);
    if (mix === 'vrrp-speakers') expect(c.vrrpSegments.size).toBeGreaterThan(1000);
    else expect(c.vrrpSegments.size).toBeLessThanOrEqual(30);
    if (mix === 'arp-speakers') expect(c.arpSpeakers.size).toBeGreaterThan(Math.min(gen.arp, 50_000) * 0.9);
    else expect(c.arpSpeakers.size).toBeLessThanOrEqual(300);
  });

  it.skipIf(!HAVE_TSHARK)('matches tshark, tagged frames included', () => {
    const stacks = tsharkStacks(file).map((s) => s.split(':'));
    expect(stacks).toHaveLength(FRAMES);
    expect(stacks.filter((s) => s.includes('vrrp'))).toHaveLength(gen.vrrp);
    expect(stacks.filter((s) => s.includes('arp'))).toHaveLength(gen.arp);
    expect(stacks.filter((s) => s.includes('vlan'))).toHaveLength(gen.tagged);
    expect(stacks.filter((s) => (s.includes('vrrp') || s.includes('arp')) && s.includes('_ws.malformed'))).toHaveLength(0);
  });
});
