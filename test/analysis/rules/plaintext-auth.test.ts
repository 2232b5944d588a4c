import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { readCapture } from '../../../src/capture/open-capture.js';
import { AnalysisPipeline } from '../../../src/pipeline/analysis-pipeline.js';
import { plaintextAuth } from '../../../src/analysis/rules/plaintext-auth.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
/** "hunter2" and "zebra9", NUL-padded to 8 bytes. */
const HUNTER = '68756e7465723200';
const ZEBRA = '7a65627261390000';

describe('plaintext-auth', () => {
  it('reports the exposed password, its length and its senders, without the text', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, authType: 1, authSecret: HUNTER, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, authType: 1, authSecret: HUNTER, t: 10.5, frame: 1 })],
      adverts({ ...B, authType: 1, authSecret: HUNTER, from: 11, to: 14, frame: 1 }),
    );
    const found = findingsOf(frames, plaintextAuth);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('plaintext-auth');
    expect(f.severity).toBe('warning');
    expect(f.title).toBe('Plaintext VRRP password on VRID 51');
    expect(f.message).toMatch(/192\.0\.2\.11 and 192\.0\.2\.12 send a password \(7 characters\)/);
    expect(f.message).toContain('--show-secrets');
    expect(JSON.stringify(f)).not.toContain('hunter');
    expect(JSON.stringify(f)).not.toContain(HUNTER);
    expect(f.subjects).toEqual({ ips: ['192.0.2.11', '192.0.2.12'], macs: [A.mac, B.mac] });
    expect(f.frameCount).toBe(frames.length);
    expect(f.firstTs).toBeCloseTo(BASE_TS, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 14, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.auth_type == 1 && frame.number in {1..16}');
    expect(f.remediation).toContain('auth_type PASS');
  });

  it('shows the text only with showSecrets, and tells different passwords apart', () => {
    const frames = sequence(
      adverts({ ...A, authType: 1, authSecret: HUNTER, from: 0, to: 2, frame: 1 }),
      adverts({ ...B, authType: 1, authSecret: ZEBRA, from: 0.5, to: 2.5, frame: 1 }),
    );
    const [hidden] = findingsOf(frames, plaintextAuth);
    expect(hidden?.message).toMatch(/192\.0\.2\.11 sends password A \(7 characters\); 192\.0\.2\.12 sends password B \(6 characters\)/);
    const [shown] = findingsOf(frames, plaintextAuth, { showSecrets: true });
    expect(shown?.message).toContain('the password "hunter2" (7 characters)');
    expect(shown?.message).toContain('the password "zebra9" (6 characters)');
    expect(shown?.message).not.toContain('--show-secrets');
  });

  it('escapes control characters of the password (C0, DEL, C1), quotes and backslashes', () => {
    // ESC [ 2 J, a quote, a backslash, DEL, CSI (0x9b) and 0x9a: bytes a terminal would obey or misread.
    const hostile = '1b5b324a225c7f9b9a';
    const frames = sequence(adverts({ ...A, authType: 1, authSecret: hostile, from: 0, to: 2, frame: 1 }));
    const [shown] = findingsOf(frames, plaintextAuth, { showSecrets: true });
    expect(shown?.message).toContain('the password "\\x1b[2J\\"\\\\\\x7f\\x9b\\x9a" (9 characters)');
    expect(shown?.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('is silent without simple-text authentication (none, AH, v3)', () => {
    const frames = sequence(
      adverts({ ...A, authType: 0, authSecret: '0000000000000000', from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vrid: 52, authType: 2, authSecret: '0000000000000000', from: 0, to: 3, frame: 1 }),
      adverts({ ...A, vrid: 53, version: 3, from: 0, to: 3, frame: 1 }),
    );
    expect(findingsOf(frames, plaintextAuth)).toEqual([]);
  });
});

/** tcpdump's own test capture: VRRPv2 adverts with auth type 1 and the password "abcdefgh" (MANIFEST.md). */
const TCPDUMP_VRRP = resolve(process.cwd(), '../shared/pcaps/tcpdump_vrrp.pcap');

describe('plaintext-auth on a real capture', () => {
  const present = existsSync(TCPDUMP_VRRP);
  if (!present) console.log(`skipping plaintext-auth capture test: ${TCPDUMP_VRRP} is absent`);

  async function audit(showSecrets: boolean) {
    const pipeline = new AnalysisPipeline({ analysis: { ...DEFAULT_ANALYSIS_OPTIONS, showSecrets }, rules: [plaintextAuth], guePorts: new Set() });
    const summary = await readCapture({ kind: 'file', path: TCPDUMP_VRRP }, pipeline.onFrame, {});
    const doc = pipeline.finish({ source: 'tcpdump_vrrp.pcap', format: summary.format, linkTypes: [...summary.linkTypes], frames: summary.frames, firstTs: null, lastTs: null, warnings: [] });
    return doc.findings.filter((f) => f.rule === 'plaintext-auth');
  }

  it.skipIf(!present)('finds the 8-character password of VRID 42 and shows it only with showSecrets', async () => {
    const hidden = await audit(false);
    expect(hidden).toHaveLength(1);
    expect(hidden[0]?.vrid).toBe(42);
    expect(hidden[0]?.message).toContain('(8 characters)');
    expect(JSON.stringify(hidden[0])).not.toContain('abcdefgh');
    const [shown] = await audit(true);
    expect(shown?.message).toContain('the password "abcdefgh" (8 characters)');
    expect(shown?.frameCount).toBe(hidden[0]?.frameCount);
  });
});
