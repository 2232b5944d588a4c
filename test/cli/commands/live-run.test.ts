import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSensorName } from '../../../src/cli/commands/live-run.js';
import { UsageError } from '../../../src/errors.js';
import { PROJECT_ROOT, isOneCleanLine, runCli } from '../../helpers/run-cli.js';

describe('resolveSensorName', () => {
  it('is the host name by default, else the given name without surrounding spaces', () => {
    expect(resolveSensorName(undefined, () => 'lb-1.example.com')).toBe('lb-1.example.com');
    expect(resolveSensorName('  dc1 segment 7 ')).toBe('dc1 segment 7');
  });

  it.each(['', '   ', 'a\nb', 'tab\there', 'x'.repeat(254)])('rejects %j with a usage error', (name) => {
    expect(() => resolveSensorName(name)).toThrow(UsageError);
  });
});

describe('live --format jsonl: the sensor field (built CLI, a capture on stdin)', () => {
  const capture = readFileSync(join(PROJECT_ROOT, 'fixtures/pcaps/failover-clean.pcap'));
  const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

  it('names the host on every event by default, the summary included', () => {
    const r = runCli(['live', '-', '--format', 'jsonl'], { input: capture });
    expect(r.stderr).toBe('');
    const events = lines(r.stdout);
    expect(events.map((e) => e['event'])).toContain('master-change');
    expect(events.at(-1)?.['event']).toBe('summary');
    for (const e of events) expect(e['sensor']).toBe(hostname());
  });

  it('uses --sensor', () => {
    const events = lines(runCli(['live', '-', '--format', 'jsonl', '--sensor', 'lb-dc1-eth0'], { input: capture }).stdout);
    expect(events.length).toBeGreaterThan(2);
    for (const e of events) expect(Object.keys(e).slice(0, 2).concat(String(e['sensor']))).toEqual(['event', 'sensor', 'lb-dc1-eth0']);
  });

  it('refuses an empty name in one line, exit 2', () => {
    const r = runCli(['live', '-', '--format', 'jsonl', '--sensor', ''], { input: capture });
    expect(r.status).toBe(2);
    expect(isOneCleanLine(r.stderr)).toBe(true);
    expect(r.stderr).toContain('--sensor');
    expect(r.stdout).toBe('');
  });
});
