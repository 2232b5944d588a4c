/**
 * Every finding's Wireshark filter, checked in tshark (the oracle) on every fixture and, when present, on the shared
 * public captures: it must compile, select every evidence frame the finding lists, and select no more frames than the
 * finding counts as evidence (`frameCount`). A filter that Wireshark rejects, or that selects every advert of a router
 * when the finding is about three of them, is useless in an incident.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FindingDoc } from '../../src/analysis/audit-document.js';
import { analyzeCaptureFile, FIXTURE_PCAPS } from '../helpers/analyze-capture.js';
import { HAVE_SHARED_PCAPS, sharedCaptureFiles, skipReasonShared } from '../helpers/shared-pcaps.js';
import { HAVE_TSHARK, SKIP_NO_TSHARK, tsharkSelect } from '../helpers/tshark.js';

const fixtures = readdirSync(FIXTURE_PCAPS)
  .filter((f) => /\.(pcap|pcapng)$/.test(f))
  .sort()
  .map((f) => join(FIXTURE_PCAPS, f));

/**
 * Findings on shared captures whose evidence tshark does not dissect as we do, each with the reason. Keyed
 * `<capture file>|<rule>`.
 */
const SHARED_EXCEPTIONS: Record<string, string> = {};

interface Problem {
  capture: string;
  rule: string;
  filter: string;
  problem: string;
}

async function check(capture: string, finding: FindingDoc): Promise<Problem | null> {
  const base = { capture: capture.split('/').pop()!, rule: finding.rule, filter: finding.wiresharkFilter };
  const sel = await tsharkSelect(capture, finding.wiresharkFilter);
  if (sel.rejected) return { ...base, problem: `tshark rejects it: ${sel.rejected}` };
  const missing = finding.frames.filter((f) => !sel.frames.includes(f));
  if (missing.length > 0) return { ...base, problem: `evidence frames not selected: ${missing.join(', ')}` };
  if (sel.frames.length > finding.frameCount) {
    return { ...base, problem: `selects ${sel.frames.length} frames for ${finding.frameCount} of evidence` };
  }
  return null;
}

/** Checks the findings two at a time (the machine has two cores; each tshark run is single-threaded). */
async function problemsOf(capture: string): Promise<{ findings: number; problems: Problem[] }> {
  let doc;
  try {
    doc = await analyzeCaptureFile(capture);
  } catch {
    return { findings: 0, problems: [] }; // unreadable captures are the reader tests' business
  }
  const queue = [...doc.findings];
  const problems: Problem[] = [];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const p = await check(capture, f);
      if (p) problems.push(p);
    }
  };
  await Promise.all([worker(), worker()]);
  return { findings: doc.findings.length, problems };
}

describe.skipIf(!HAVE_TSHARK)('finding filters in tshark: fixtures', () => {
  it('has fixtures with findings', () => {
    expect(fixtures.length).toBeGreaterThan(20);
  });

  it.each(fixtures.map((f) => [f.split('/').pop()!, f]))('%s', async (_name, capture) => {
    const { problems } = await problemsOf(capture);
    expect(problems).toEqual([]);
  }, 120_000);
});

describe.skipIf(!HAVE_TSHARK || !HAVE_SHARED_PCAPS)('finding filters in tshark: shared public captures', () => {
  it.each(sharedCaptureFiles().map((f) => [f.split('/').pop()!, f]))('%s', async (name, capture) => {
    const { problems } = await problemsOf(capture);
    const unexplained = problems.filter((p) => SHARED_EXCEPTIONS[`${name}|${p.rule}`] === undefined);
    expect(unexplained).toEqual([]);
  }, 120_000);
});

if (!HAVE_TSHARK) console.log(`finding filters: ${SKIP_NO_TSHARK}`);
else if (!HAVE_SHARED_PCAPS) console.log(`finding filters on shared captures: ${skipReasonShared()}`);
