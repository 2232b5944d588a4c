import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { bufferMiBFor, snaplenFor } from '../../../src/live/engines/capture-settings.js';
import { ambientNetRaw, chooseEngine, parseEngineRequest } from '../../../src/live/engines/choose-engine.js';
import { dumpcapSpec } from '../../../src/live/engines/dumpcap-engine.js';
import { findProgram } from '../../../src/live/engines/find-program.js';
import { programMessage } from '../../../src/live/engines/program-capture.js';
import { parseTcpdumpDrops, tcpdumpSpec } from '../../../src/live/engines/tcpdump-engine.js';
import { formatCaptureDrops } from '../../../src/report/format.js';

const settings = { path: '/usr/bin/x', filter: 'vrrp or arp', snaplen: 4224, bufferMiB: 32 };

describe('tcpdump engine', () => {
  it('asks for immediate delivery, packet-buffered output, the buffer in KiB and the short snaplen; the filter last', () => {
    const spec = tcpdumpSpec({ ...settings, device: 'eth0' });
    expect(spec.args).toEqual(['-i', 'eth0', '-w', '-', '-U', '--immediate-mode', '-B', '32768', '-s', '4224', '-n', 'vrrp or arp']);
    expect(spec.countersSignal).toBe('SIGUSR1');
    expect(spec.startLine.test('tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 4224 bytes')).toBe(true);
  });

  it('reads the kernel drop count from its SIGUSR1 line and from its exit lines, nothing from other lines', () => {
    expect(parseTcpdumpDrops('tcpdump: 10 packets captured, 12 packets received by filter, 2 packets dropped by kernel')).toBe(2);
    expect(parseTcpdumpDrops('13747 packets dropped by kernel')).toBe(13747);
    expect(parseTcpdumpDrops('1 packet dropped by kernel')).toBe(1);
    expect(parseTcpdumpDrops('12 packets received by filter')).toBeNull();
    expect(parseTcpdumpDrops('3 packets dropped by interface')).toBeNull();
  });
});

describe('dumpcap engine', () => {
  it('captures every interface in one process, per-interface filter, snaplen and buffer (MiB) after each -i', () => {
    const spec = dumpcapSpec({ ...settings, devices: ['eth0', 'eth1'], snaplen: (d) => (d === 'eth0' ? 1522 : 4224) });
    expect(spec.args).toEqual([
      '-i', 'eth0', '-f', 'vrrp or arp', '-s', '1522', '-B', '32',
      '-i', 'eth1', '-f', 'vrrp or arp', '-s', '4224', '-B', '32',
      '-w', '-', '-q',
    ]);
    expect(spec.interfaces).toEqual(['eth0', 'eth1']);
    // Its drops come from the stream's statistics blocks.
    expect(spec.parseKernelDrops('Packets received/dropped on interface \'eth0\': 5/2')).toBeNull();
  });
});

describe('programMessage', () => {
  it('keeps the complaint, without the program name, start lines and hints', () => {
    expect(programMessage('tcpdump', 'tcpdump: nosuch0: No such device exists\n(No such device exists)\n')).toBe(
      'nosuch0: No such device exists (No such device exists)',
    );
    expect(
      programMessage(
        'dumpcap',
        "Capturing on 'lo'\ndumpcap: Invalid capture filter \"foo bar\" for interface 'lo'.\n\nThat string isn't a valid capture filter (can't parse filter expression: syntax error).\nSee the User's Guide for a description of the capture filter syntax.\n",
      ),
    ).toBe("That string isn't a valid capture filter (can't parse filter expression: syntax error).");
  });
});

describe('chooseEngine', () => {
  const env = (present: string[], privileged = true) => ({
    find: (n: string) => (present.includes(n) ? `/usr/bin/${n}` : null),
    privileged,
  });

  it('auto: tcpdump when it can capture (each frame at once, drops during the run), else dumpcap (file capabilities), cap last', () => {
    expect(chooseEngine('auto', env(['tcpdump', 'dumpcap']))).toEqual({ engine: 'tcpdump', path: '/usr/bin/tcpdump' });
    expect(chooseEngine('auto', env(['tcpdump', 'dumpcap'], false))).toEqual({ engine: 'dumpcap', path: '/usr/bin/dumpcap' });
    expect(chooseEngine('auto', env(['dumpcap']))).toEqual({ engine: 'dumpcap', path: '/usr/bin/dumpcap' });
    expect(chooseEngine('auto', env([]))).toEqual({ engine: 'cap', path: null });
  });

  it('an engine asked for by name must be installed: a usage error says which package', () => {
    expect(() => chooseEngine('dumpcap', env(['tcpdump']))).toThrow(UsageError);
    expect(() => chooseEngine('dumpcap', env(['tcpdump']))).toThrow(/apt-get install wireshark-common/);
    expect(chooseEngine('cap', env([]))).toEqual({ engine: 'cap', path: null });
  });

  it('a process holding CAP_NET_RAW as an ambient capability (the systemd unit) passes it to tcpdump', () => {
    const status = (amb: string) => `Name:\tnode\nCapInh:\t0000000000003000\nCapAmb:\t${amb}\n`;
    expect(ambientNetRaw(status('0000000000003000'))).toBe(true);
    expect(ambientNetRaw(status('0000000000002000'))).toBe(true);
    // CAP_NET_ADMIN alone does not open a packet socket; no ambient set at all (old kernels) is no capability.
    expect(ambientNetRaw(status('0000000000001000'))).toBe(false);
    expect(ambientNetRaw(status('0000000000000000'))).toBe(false);
    expect(ambientNetRaw('Name:\tnode\n')).toBe(false);
  });

  it('parses --engine', () => {
    expect(parseEngineRequest(undefined)).toBe('auto');
    expect(parseEngineRequest('dumpcap')).toBe('dumpcap');
    expect(() => parseEngineRequest('wireshark')).toThrow(/--engine must be auto, tcpdump, dumpcap, cap; got 'wireshark'/);
  });
});

describe('bufferMiBFor', () => {
  it('sizes the buffer for the rate: small for the default filter, large when --filter lets traffic in, the user decides first', () => {
    expect(bufferMiBFor(undefined, false)).toBe(8);
    expect(bufferMiBFor(undefined, true)).toBe(32);
    expect(bufferMiBFor(2, true)).toBe(2);
  });
});

describe('snaplenFor', () => {
  it('keeps a whole MTU-sized frame with two VLAN tags, never more than the largest advert, and that when the MTU is unknown', () => {
    expect(snaplenFor(1500)).toBe(1522);
    expect(snaplenFor(9000)).toBe(4224);
    expect(snaplenFor(null)).toBe(4224);
    expect(snaplenFor(65536)).toBe(4224);
  });
});

describe('findProgram', () => {
  it('finds an executable file on PATH, not a directory or a non-executable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-find-'));
    try {
      writeFileSync(join(dir, 'prog'), '#!/bin/sh\n');
      chmodSync(join(dir, 'prog'), 0o755);
      writeFileSync(join(dir, 'plain'), '');
      chmodSync(join(dir, 'plain'), 0o644);
      mkdirSync(join(dir, 'sub'));
      expect(findProgram('prog', dir)).toBe(join(dir, 'prog'));
      expect(findProgram('sub', dir)).toBeNull();
      expect(findProgram('vrrp-inspect-no-such-program', dir)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatCaptureDrops', () => {
  const doc = { engine: 'tcpdump', interfaces: ['eth0'], drops: 0, kernelDrops: 0, toolDrops: 0 };
  it('says no drops, how many and where, or why the count is unknown', () => {
    expect(formatCaptureDrops(doc)).toBe('no drops');
    expect(formatCaptureDrops({ ...doc, drops: 12, kernelDrops: 10, toolDrops: 2 })).toBe('12 dropped (kernel 10, vrrp-inspect 2)');
    expect(formatCaptureDrops({ ...doc, engine: 'dumpcap', drops: null, kernelDrops: null })).toBe(
      'kernel drops unknown (dumpcap reports them when it stops)',
    );
    expect(formatCaptureDrops({ ...doc, engine: 'cap', drops: null, kernelDrops: null, toolDrops: 4 })).toBe(
      'kernel drops unknown (cap cannot count them), 4 dropped by vrrp-inspect',
    );
  });
});
