/**
 * `audit` with several captures runs them on worker threads (the built CLI sets the worker entry): the output must be
 * byte for byte what the one-thread path (--jobs 1) prints, in the order the captures were given, and an unreadable
 * capture among them is still one line on stderr and exit status 2.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, runCli } from '../../helpers/run-cli.js';

const FIXTURES = ['failover-clean.pcap', 'split-brain-partition.pcap', 'garp-storm.pcap', 'vrid-collision.pcap', 'dumpcap-pcapng.pcapng'];

describe('audit of several captures on worker threads', () => {
  let dir = '';
  let paths: string[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vi-workers-'));
    paths = FIXTURES.map((name) => {
      const to = join(dir, name);
      copyFileSync(join(PROJECT_ROOT, 'fixtures/pcaps', name), to);
      return to;
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Audits with three lanes and with one: same output, no error; returns the documents' sources in printed order. */
  function sourcesLikeOneThread(args: string[], input?: Buffer): string[] {
    const options = input === undefined ? undefined : { input };
    const threads = runCli([...args, '--format', 'json', '--fail-on', 'never', '--jobs', '3'], options);
    const oneThread = runCli([...args, '--format', 'json', '--fail-on', 'never', '--jobs', '1'], options);
    expect(threads.status).toBe(0);
    expect(threads.stderr).toBe('');
    expect(threads.stdout).toBe(oneThread.stdout);
    return threads.stdout.split(/\n(?=\{)/).map((doc) => (JSON.parse(doc) as { input: { source: string } }).input.source);
  }

  it('prints the same documents, in the given order, as one thread does', () => {
    const reversed = [...paths].reverse();
    expect(sourcesLikeOneThread(['audit', ...reversed])).toEqual(FIXTURES.slice().reverse());
  });

  it('gives the same text report and exit status as one thread, for a directory', () => {
    const threads = runCli(['audit', dir]);
    const oneThread = runCli(['audit', dir, '--jobs', '1']);
    expect(threads.stdout).toBe(oneThread.stdout);
    expect(threads.status).toBe(oneThread.status);
  });

  it('keeps the given order when the lanes take the largest capture first, with stdin among the files', () => {
    // Smallest first and the largest last: the lanes start with the largest (and this thread with stdin), the
    // documents still come out in the order given.
    const bySize = [...paths].sort((a, b) => statSync(a).size - statSync(b).size);
    const stdin = readFileSync(bySize[0] as string);
    const sources = sourcesLikeOneThread(['audit', ...bySize.slice(1, 3), '-', ...bySize.slice(3)], stdin);
    expect(sources).toEqual([...bySize.slice(1, 3).map((p) => basename(p)), 'stdin', ...bySize.slice(3).map((p) => basename(p))]);
  });

  it('reports an unreadable capture among several in one line, audits the others, and exits 2', () => {
    const bad = join(dir, 'not-a-capture.pcap');
    writeFileSync(bad, 'this is not a capture file, just some text long enough to be judged\n');
    try {
      const r = runCli(['audit', paths[0] as string, bad, paths[1] as string, '--format', 'json', '--fail-on', 'never', '--jobs', '2']);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^vrrp-inspect: .*not-a-capture\.pcap/);
      expect(r.stdout.split(/\n(?=\{)/)).toHaveLength(2);
    } finally {
      rmSync(bad);
    }
  });

  it('rejects a --jobs that is not a positive integer', () => {
    const r = runCli(['audit', paths[0] as string, '--jobs', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--jobs must be a positive integer/);
  });
});
