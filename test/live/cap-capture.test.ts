import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { removeNamespace, sh, vethNamespace } from '../helpers/veth-namespace.js';
import { LiveCaptureError, UsageError } from '../../src/errors.js';
import { linkTypeOfCapName } from '../../src/live/cap-binding.js';
import { interfaceDownError, openError } from '../../src/live/cap-capture.js';
import { formatDeviceList, prefixLength } from '../../src/live/interfaces.js';
import { capSkipReason } from '../helpers/cap-available.js';

describe('openError', () => {
  const opts = { device: 'eth9', filter: 'vrrp' };
  it.each([
    ['No such device exists', LiveCaptureError, /^no such interface: eth9 \(list capture devices with: vrrp-inspect live --interfaces\)$/],
    ['socket: Operation not permitted', LiveCaptureError, /no permission to capture on eth9 .*run as root.*CAP_NET_RAW/],
    ["You don't have permission to capture on that device", LiveCaptureError, /no permission/],
    ['That device is not up', LiveCaptureError, /interface eth9 is down: bring it up \(ip link set eth9 up\)/],
    ['something odd', LiveCaptureError, /^cannot capture on eth9: something odd$/],
  ])('%s', (message, type, text) => {
    const e = openError(opts, 'open-failed', message);
    expect(e).toBeInstanceOf(type);
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(text);
    expect(e.message).not.toContain('\n');
  });

  it('blames --filter for a compile error only when the user gave one', () => {
    expect(openError({ ...opts, userFilter: 'host 1.2.3.' }, 'open-failed', "unknown host '1.2.3.'")).toBeInstanceOf(UsageError);
    expect(openError(opts, 'open-failed', 'syntax error in filter expression')).toBeInstanceOf(LiveCaptureError);
  });

  it('says exactly how to build cap', () => {
    expect(openError(opts, 'cap-not-built', 'x').message).toContain('apt-get install libpcap-dev && npm rebuild cap');
  });

  it('names a vanished interface', () => {
    const e = interfaceDownError('vrrp-inspect-no-such-if', { code: null, signal: 'SIGABRT' });
    // What to do, not how libpcap's child died (that is for --debug), and no `ip link set up` for a missing device.
    expect(e.message).toBe(
      'interface vrrp-inspect-no-such-if disappeared during the capture; when it is back (see vrrp-inspect live --interfaces), run live again; the report covers what was captured until then',
    );
    expect(String((e.cause as Error).message)).toContain('signal SIGABRT');
  });
});

describe('linkTypeOfCapName', () => {
  it('maps the names of cap to LINKTYPE numbers', () => {
    expect(linkTypeOfCapName('ETHERNET')).toBe(1);
    expect(linkTypeOfCapName('LINKTYPE_LINUX_SLL')).toBe(113);
    expect(linkTypeOfCapName('RAW')).toBe(101);
    expect(linkTypeOfCapName('NULL')).toBe(0);
    expect(linkTypeOfCapName('Unknown linktype 276')).toBe(276);
    expect(() => linkTypeOfCapName('SOMETHING')).toThrow(LiveCaptureError);
  });
});

describe('interface list', () => {
  it('aligns names and shows addresses with prefix lengths', () => {
    const text = formatDeviceList([
      { name: 'eth0', addresses: [{ addr: '192.0.2.11', netmask: '255.255.255.0' }, { addr: 'fe80::1', netmask: 'ffff:ffff:ffff:ffff::' }] },
      { name: 'lo', addresses: [], flags: 'PCAP_IF_LOOPBACK' },
      { name: 'any', description: 'Pseudo-device that captures on all interfaces', addresses: [] },
    ]);
    expect(text).toBe('eth0  192.0.2.11/24 fe80::1/64\nlo    (loopback)\nany   (Pseudo-device that captures on all interfaces)\n');
    expect(prefixLength('255.255.254.0')).toBe(23);
  });
});

const DRIVER = fileURLToPath(new URL('./capture-driver.ts', import.meta.url));
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const CAP_PROBLEM = await capSkipReason();
const reason = !ROOT ? 'needs root (network namespace, raw capture)' : CAP_PROBLEM;
if (reason) console.log(`cap-capture: skipping the capture tests: ${reason}`);

describe.skipIf(reason !== '')('startInterfaceCapture in a namespace', () => {
  it('streams frames stamped on arrival, then reports the interface going down as a one-line error', async () => {
    const ns = vethNamespace('vi-cap');
    let driver: ChildProcess | undefined;
    try {
      // The capture must run inside the namespace: a driver process does, and reports in JSON lines.
      const before = Date.now() * 1000;
      driver = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', DRIVER, 'va'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: Record<string, unknown>[] = [];
      driver.stdout?.setEncoding('utf8').on('data', (d: string) => {
        for (const l of d.split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      });
      const exited = new Promise<void>((resolve) => driver?.once('exit', () => resolve()));
      await until(() => lines.some((l) => l['opened'] !== undefined), 'the capture to open');
      expect(lines.find((l) => l['opened'] !== undefined)?.['opened']).toBe(1);
      // ARP requests from the peer end, inside the namespace (documentation addresses).
      spawnSync('ip', ['netns', 'exec', ns, 'arping', '-c', '2', '-i', 'vb', '-S', '192.0.2.50', '192.0.2.51'], { timeout: 6000 });
      await until(() => lines.some((l) => l['frame'] !== undefined), 'a captured frame');
      const frame = lines.find((l) => l['frame'] !== undefined)?.['frame'] as { ts: number; linkType: number; len: number };
      expect(frame.ts).toBeGreaterThanOrEqual(before);
      expect(frame.linkType).toBe(1);
      expect(frame.len).toBeGreaterThanOrEqual(42);
      sh(['ip', '-n', ns, 'link', 'set', 'va', 'down']);
      await until(() => lines.some((l) => l['ended'] !== undefined), 'the capture to end');
      const ended = lines.find((l) => l['ended'] !== undefined)?.['ended'] as { name: string; message: string };
      expect(ended.name).toBe('LiveCaptureError');
      expect(ended.message).toMatch(/^interface va went down during the capture/);
      await exited;
    } finally {
      driver?.kill('SIGKILL');
      removeNamespace(ns);
    }
  });
});

async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
