/**
 * The default lane count of `audit` with several captures: one lane per two cores, but never more lanes than the
 * captures' total size pays for (each lane needs MIN_BYTES_PER_LANE to repay a worker's start and JIT warm-up), nor
 * more than there are files, nor fewer than one.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLanes, fileSizesOf, inputSizes, largestFirst, MIN_BYTES_PER_LANE } from '../../../src/cli/workers/lanes.js';

const MiB = 1024 * 1024;

describe('defaultLanes', () => {
  it('keeps small captures on one lane whatever the cores', () => {
    const fixtures = Array.from({ length: 8 }, () => 3_500);
    expect(defaultLanes(2, fixtures)).toBe(1);
    expect(defaultLanes(64, fixtures)).toBe(1);
  });

  it('uses one lane per two cores when every lane has enough to audit', () => {
    const big = Array.from({ length: 8 }, () => 70 * MiB);
    expect(defaultLanes(2, big)).toBe(1);
    expect(defaultLanes(3, big)).toBe(1);
    expect(defaultLanes(4, big)).toBe(2);
    expect(defaultLanes(8, big)).toBe(4);
  });

  it('gives each lane at least MIN_BYTES_PER_LANE of the total', () => {
    const sizes = [MIN_BYTES_PER_LANE, MIN_BYTES_PER_LANE, MIN_BYTES_PER_LANE - 1, 0];
    expect(defaultLanes(16, sizes)).toBe(2);
    expect(defaultLanes(16, [MIN_BYTES_PER_LANE - 1, 1])).toBe(1);
    // One large file among small ones still pays for lanes, which take the small ones beside it.
    expect(defaultLanes(16, [10 * MIN_BYTES_PER_LANE, 100, 100])).toBe(3);
  });

  it('never uses more lanes than files, and at least one', () => {
    expect(defaultLanes(64, [500 * MiB, 500 * MiB])).toBe(2);
    expect(defaultLanes(1, [500 * MiB, 500 * MiB])).toBe(1);
    expect(defaultLanes(8, [])).toBe(1);
  });
});

describe('inputSizes', () => {
  it('gives the size of each input, null for stdin, and counts an unreadable file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-lanes-'));
    try {
      const a = join(dir, 'a.pcap');
      writeFileSync(a, Buffer.alloc(1234));
      const sizes = inputSizes([
        { kind: 'file', path: a, name: 'a.pcap' },
        { kind: 'stdin', name: 'stdin' },
        { kind: 'file', path: join(dir, 'missing.pcap'), name: 'missing.pcap' },
      ]);
      expect(sizes).toEqual([1234, null, 0]);
      expect(fileSizesOf(sizes)).toEqual([1234, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('largestFirst', () => {
  it('puts stdin first, then the files from the largest down, equal sizes in the order given', () => {
    expect(largestFirst([10, 300, null, 20, 300, 0])).toEqual([2, 1, 4, 3, 0, 5]);
  });

  it('is the order given when every file has the same size', () => {
    expect(largestFirst([5, 5, 5, 5])).toEqual([0, 1, 2, 3]);
  });

  it('lists every input once', () => {
    const sizes = [3, null, 1, 4, 1, 5, 9, 2, 6];
    expect([...largestFirst(sizes)].sort((a, b) => a - b)).toEqual(sizes.map((_, i) => i));
  });
});
