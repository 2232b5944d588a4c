/**
 * The model's election timers on captures (issue #8 items 3 and 5): masters that reject each other stay masters
 * (split-brain, no invented failover), and a node that comes up alone wins a first election (no failover).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCaptureFile, FIXTURE_PCAPS } from '../../helpers/analyze-capture.js';

const audit = (name: string) => analyzeCaptureFile(join(FIXTURE_PCAPS, name));

describe('masters that reject each other', () => {
  it('on an 8 s cut of auth-mismatch: split-brain with the password mismatch as cause, no master change', async () => {
    const doc = await audit('auth-mismatch-short.pcap');
    expect(doc.routers[0]?.transitions).toEqual([]);
    expect(doc.routers[0]?.master?.ip).toBe('192.0.2.11');
    const [f, ...rest] = doc.findings.filter((x) => x.rule === 'split-brain');
    expect(rest).toEqual([]);
    expect(f?.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f?.message).toContain('still ongoing at end of capture');
    expect(f?.message).toContain('authentication mismatch for VRID 51 (see auth-mismatch)');
    // From n2's first advert (frame 5 of the cut) to the end of the capture (7.97 s after frame 1).
    expect(f!.lastTs - f!.firstTs).toBeGreaterThan(4.609);
    expect(doc.findings.map((x) => x.rule)).not.toContain('slow-takeover');
  });

  it('v2 against v3 with thinned, alternating adverts: split-brain naming the versions, no failover', async () => {
    const doc = await audit('version-split-brain.pcap');
    expect(doc.routers[0]?.transitions).toEqual([]);
    expect(doc.routers[0]?.failovers).toBe(0);
    const rules = doc.findings.map((x) => x.rule);
    expect(rules).toContain('split-brain');
    expect(rules).not.toContain('master-flapping');
    expect(rules).not.toContain('missing-garp');
    expect(doc.findings.find((x) => x.rule === 'split-brain')?.message).toContain('(see version-mismatch)');
  });
});

describe('first election', () => {
  it('a node that comes up alone after the cluster was stopped: no failover, no slow-takeover', async () => {
    const doc = await audit('first-election.pcap');
    const router = doc.routers[0]!;
    expect(router.transitions).toEqual([]);
    expect(router.failovers).toBe(0);
    expect(router.master?.ip).toBe('192.0.2.12');
    expect(doc.findings.map((x) => x.rule)).toEqual(['advert-not-from-vmac']);
  });
});
