import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditCapture, RULE_IDS, TOOL_VERSION } from '../src/index.js';
import { PROJECT_ROOT } from './helpers/run-cli.js';
import { ALL_RULES } from '../src/analysis/rules/index.js';

describe('library facade', () => {
  it('audits a capture file like the CLI does', async () => {
    const doc = await auditCapture(join(PROJECT_ROOT, 'fixtures', 'pcaps', 'split-brain-partition.pcap'));
    expect(doc.tool.version).toBe(TOOL_VERSION);
    expect(doc.input.source).toBe('split-brain-partition.pcap');
    expect(doc.findings.map((f) => f.rule)).toContain('split-brain');
    // The facade exports the whole registry (the catalogue test checks the registry against the rule files).
    expect([...RULE_IDS].sort()).toEqual(ALL_RULES.map((r) => r.meta.id).sort());
    expect(RULE_IDS.size).toBeGreaterThanOrEqual(24);
  });

  it('takes rule selection like --disable', async () => {
    const doc = await auditCapture(join(PROJECT_ROOT, 'fixtures', 'pcaps', 'split-brain-partition.pcap'), { disabled: new Set(['split-brain']) });
    expect(doc.findings.map((f) => f.rule)).not.toContain('split-brain');
  });
});
