/**
 * The Wireshark filters of findings made with keepalived configs (audit --keepalived on every recording with its
 * nodes' configs, plus a foreign-cluster case), checked in tshark: each compiles and selects its evidence frames, and a
 * finding with evidence selects no more frames than it counts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeepalivedConfig } from '../../src/keepalived/index.js';
import { analyzeCaptureFile, FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { HAVE_TSHARK, SKIP_NO_TSHARK, tsharkSelect } from '../helpers/tshark.js';

const files = readdirSync(FIXTURE_PCAPS).sort();
const cases = files
  .filter((f) => /\.(pcap|pcapng)$/.test(f))
  .map((f) => ({ name: f.replace(/\.(pcap|pcapng)$/, ''), capture: join(FIXTURE_PCAPS, f) }))
  .map((c) => ({ ...c, configs: files.filter((f) => f.startsWith(`${c.name}.`) && f.endsWith('.conf')) }))
  .filter((c) => c.configs.length > 0);
// One cluster's configs only: the other cluster of the capture is an unexpected router.
cases.push({ name: 'vrid-collision (n1, n2 only)', capture: join(FIXTURE_PCAPS, 'vrid-collision.pcap'), configs: ['vrid-collision.n1.conf', 'vrid-collision.n2.conf'] });

describe.skipIf(!HAVE_TSHARK)('conf-* finding filters in tshark', () => {
  it.each(cases)('$name', async ({ capture, configs }) => {
    const keepalived = configs.map((c) => readKeepalivedConfig(join(FIXTURE_PCAPS, c)));
    const doc = await analyzeCaptureFile(capture, { keepalived });
    const problems: string[] = [];
    for (const f of doc.findings) {
      const sel = await tsharkSelect(capture, f.wiresharkFilter);
      if (sel.rejected) problems.push(`${f.rule}: tshark rejects ${f.wiresharkFilter}: ${sel.rejected}`);
      else if (f.frames.some((n) => !sel.frames.includes(n))) problems.push(`${f.rule}: evidence not selected by ${f.wiresharkFilter}`);
      else if (f.frameCount > 0 && sel.frames.length > f.frameCount) problems.push(`${f.rule}: ${sel.frames.length} frames for ${f.frameCount}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

if (!HAVE_TSHARK) console.log(`conf filters: ${SKIP_NO_TSHARK}`);
