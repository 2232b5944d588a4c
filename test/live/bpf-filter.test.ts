import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../src/analysis/options.js';
import { ALL_RULES } from '../../src/analysis/rules/index.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { buildCaptureFilter, defaultCaptureFilter, relevantTrafficFilter } from '../../src/live/bpf-filter.js';
import { AnalysisPipeline, inputDocOf } from '../../src/pipeline/analysis-pipeline.js';
import { HAVE_SHARED_PCAPS, sharedCaptureFiles, skipReasonShared } from '../helpers/shared-pcaps.js';

const HAVE_TCPDUMP = spawnSync('tcpdump', ['--version']).status === 0;
if (!HAVE_TCPDUMP) console.log('bpf-filter: skipping the compile checks: tcpdump is not installed');

function compiles(filter: string): { ok: boolean; stderr: string } {
  const r = spawnSync('tcpdump', ['-d', '-y', 'EN10MB', filter], { encoding: 'utf8' });
  return { ok: r.status === 0, stderr: r.stderr };
}

describe('buildCaptureFilter', () => {
  it('keeps VRRP for both IP versions, ARP, ND and the tunnel protocols', () => {
    const base = relevantTrafficFilter();
    for (const term of ['vrrp', 'ip6 proto 112', 'arp', 'icmp6[0] == 135', 'icmp6[0] == 136', 'ip proto 4', 'ip proto 41', 'ip proto 47']) {
      expect(base).toContain(term);
    }
  });

  it('adds one udp port term per GUE port, deduplicated and sorted', () => {
    expect(relevantTrafficFilter([6080, 5555, 6080])).toMatch(/udp port 5555 or udp port 6080$/);
  });

  it('puts the user filter before every vlan keyword (vlan shifts the offsets of what follows)', () => {
    const f = buildCaptureFilter({ extra: 'host 192.0.2.100' });
    expect(f.startsWith('(host 192.0.2.100) or ')).toBe(true);
    expect(f.indexOf('host 192.0.2.100')).toBeLessThan(f.indexOf('vlan'));
    expect(buildCaptureFilter({ extra: '   ' })).toBe(defaultCaptureFilter());
  });

  it('nests the tagged branches so 802.1Q and Q-in-Q frames are kept', () => {
    const f = defaultCaptureFilter();
    expect(f).toMatch(/or \(vlan and \(.* or \(vlan and \(.*\)\)\)\)$/);
  });

  it.skipIf(!HAVE_TCPDUMP)('compiles with libpcap (tcpdump -d), with GUE ports and an extra filter', () => {
    for (const f of [defaultCaptureFilter(), buildCaptureFilter({ guePorts: [6080], extra: 'host 192.0.2.100' })]) {
      const r = compiles(f);
      expect(r.stderr, f).not.toMatch(/syntax error|error/i);
      expect(r.ok).toBe(true);
    }
  });
});

async function analyse(path: string) {
  const pipeline = new AnalysisPipeline({ analysis: DEFAULT_ANALYSIS_OPTIONS, rules: ALL_RULES, guePorts: new Set() });
  const summary = await readCapture({ kind: 'file', path }, pipeline.onFrame);
  return pipeline.finish(inputDocOf('x', summary));
}

describe.skipIf(!HAVE_TCPDUMP || !HAVE_SHARED_PCAPS)('the default filter on the shared captures', () => {
  if (!HAVE_SHARED_PCAPS) console.log(`bpf-filter: ${skipReasonShared()}`);

  it('drops no VRRP, ARP or ND frame the analysis counts, and keeps the same routers and failovers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vrrp-inspect-bpf-'));
    let compared = 0;
    try {
      for (const file of sharedCaptureFiles()) {
        // The baseline goes through tcpdump too (no filter), so that what tcpdump itself changes when rewriting a
        // damaged file (records longer than its snaplen are cut) is not blamed on the filter.
        const whole = join(dir, 'whole.pcap');
        const out = join(dir, 'filtered.pcap');
        if (spawnSync('tcpdump', ['-r', file, '-w', whole], { encoding: 'utf8' }).status !== 0) continue;
        // Link types where `vlan` is meaningless make libpcap refuse the filter; live never opens those.
        const r = spawnSync('tcpdump', ['-r', file, '-w', out, defaultCaptureFilter()], { encoding: 'utf8' });
        if (r.status !== 0) continue;
        const [all, kept] = await Promise.all([analyse(whole), analyse(out)]);
        // IPVS frames (plain traffic to a VIP) are outside the default filter by design: `--filter 'host <VIP>'`.
        const counts = (d: typeof all) => ({ vrrp: d.stats.vrrp, arp: d.stats.arp, nd: d.stats.nd });
        expect(counts(kept), file).toEqual(counts(all));
        expect(kept.routers.map((x) => [x.key, x.failovers]), file).toEqual(all.routers.map((x) => [x.key, x.failovers]));
        compared += 1;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(compared).toBeGreaterThan(10);
  });
});
