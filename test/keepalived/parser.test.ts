/**
 * The keepalived.conf reader over each construct of keepalived 2.x's parser (lib/parser.c): comments, quotes, braces
 * anywhere, include globs relative to the including file, @ conditional lines, $ definitions (also multi-line), and
 * the instance / script / virtual_server keywords; broken files give one error per problem with file:line.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readKeepalivedConfig } from '../../src/keepalived/index.js';
import { conf } from '../helpers/keepalived-conf.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

describe('keepalived.conf reader', () => {
  const cfg = readKeepalivedConfig(join(FIXTURES, 'main.conf'));

  it('follows include globs relative to the including file, in sorted order, and notes globs matching nothing', () => {
    expect(cfg.files).toEqual(['main.conf', 'include.d/10-scripts.conf', 'include.d/20-lvs.conf']);
    expect(cfg.notes.map((n) => `${n.file}:${n.line} ${n.message}`)).toContain('main.conf:15 include missing/*.conf matched no file (keepalived goes on without it)');
  });

  it('names the node by router_id, reads $ definitions, @ lines and the instance keywords', () => {
    expect(cfg.errors).toEqual([]);
    expect(cfg.node).toBe('lb1');
    const vi1 = cfg.instances.find((i) => i.name === 'VI_1');
    expect(vi1).toMatchObject({
      file: 'main.conf',
      line: 17,
      state: 'MASTER',
      interface: 'eth0',
      vrid: 51,
      // No --config-id: `@lb1` is skipped and `@^lb1` kept (keepalived itself would use the host's node name).
      priority: 90,
      intervalMs: 1000,
      version: 2,
      family: 'ipv4',
      nopreempt: true,
      preemptDelayS: 5,
      unicastSrcIp: '192.0.2.11',
      unicastPeers: ['192.0.2.12', '192.0.2.13'],
      useVmac: true,
      notify: { notify_master: '/etc/keepalived/notify.sh MASTER' },
      syncGroup: 'G1',
    });
    expect(vi1?.auth).toMatchObject({ type: 'PASS', pass: 's3cr#t!' });
    expect(vi1?.vips.map((v) => [v.ip, v.prefix, v.dev, v.label, v.scope])).toEqual([['192.0.2.100', 24, 'eth0', 'eth0:vip', 'global']]);
    // The IPv6 address of an IPv4 instance is not advertised: keepalived treats it as excluded.
    expect(vi1?.vipsExcluded.map((v) => v.ip)).toEqual(['198.51.100.7', '2001:db8::100']);
    expect(vi1?.tracks.map((t) => [t.kind, t.name, t.weight, t.reverse])).toEqual([
      ['interface', 'eth1', -30, false],
      ['script', 'chk_nginx', -40, false],
      ['script', 'chk_db', 10, true],
    ]);
  });

  it('keeps lines for the given config id', () => {
    const withId = readKeepalivedConfig(join(FIXTURES, 'main.conf'), { configId: 'lb1' });
    expect(withId.instances.find((i) => i.name === 'VI_1')?.priority).toBe(150);
  });

  it('reads braces on one line, v3 fractional intervals, virtual_server groups, fwmarks and real servers', () => {
    const vi2 = cfg.instances.find((i) => i.name === 'VI_2');
    expect(vi2).toMatchObject({ vrid: 52, version: 3, intervalMs: 500, file: 'include.d/20-lvs.conf', line: 1 });
    expect(cfg.scripts.map((s) => [s.name, s.weight, s.intervalS])).toEqual([['chk_nginx', -20, 2], ['chk_db', 10, undefined]]);
    expect(cfg.virtualServers.map((v) => [v.name, v.lbKind, v.vips, v.realServers.map((r) => `${r.ip}:${r.port ?? ''}/${r.weight ?? ''}`)])).toEqual([
      ['group web', 'DR', ['203.0.113.10', '203.0.113.20', '203.0.113.21', '203.0.113.22'], ['198.51.100.31:80/2', '198.51.100.32:80/']],
      ['fwmark 1', 'TUN', [], ['198.51.100.40:0/']],
    ]);
  });

  it('handles comments, escaped comment characters and quotes', () => {
    const c = conf('n.conf', 'vrrp_instance "VI 1" { # the instance\n virtual_router_id 9 ! vrid\n notify_master "/bin/echo a#b"\n notify_backup /bin/echo\\#x\n virtual_ipaddress { 192.0.2.9 }\n}\n');
    expect(c.errors).toEqual([]);
    expect(c.instances[0]).toMatchObject({ name: 'VI 1', vrid: 9, notify: { notify_master: '/bin/echo a#b', notify_backup: '/bin/echo#x' } });
  });

  it('repeats ~SEQ lines, with multi-line definitions expanded for each value', () => {
    const text = [
      '$BASE=192.0.2',
      '$INST=vrrp_instance VI_${i} { \\',
      '  virtual_router_id 5${i} \\',
      '  virtual_ipaddress { ${BASE}.10${i} } \\',
      '}',
      '~SEQ(i, 1, 3) $INST',
      'vrrp_instance V6 {',
      ' virtual_router_id 9',
      ' virtual_ipaddress {',
      '~SEQx(h, 10, 5, 20)   2001:db8::$h/64',
      ' }',
      '}',
      '~SEQ(i, 3, 1, 1) bad',
    ].join('\n');
    const c = conf('n.conf', text);
    expect(c.instances.map((i) => `${i.name} ${i.vrid} ${i.vips.map((v) => v.ip).join()}`)).toEqual([
      'VI_1 51 192.0.2.101',
      'VI_2 52 192.0.2.102',
      'VI_3 53 192.0.2.103',
      'V6 9 2001:db8::a,2001:db8::f,2001:db8::14',
    ]);
    expect(c.errors.map((e) => `${e.line}: ${e.message}`)).toEqual(['13: invalid ~SEQ values: ~SEQ(i, 3, 1, 1) bad']);
  });

  it('stops a definition that uses itself before it outgrows memory, with one error on the line that uses it', () => {
    // Each pass doubles `$X` (and multiplies `$Y` by 4): 32 passes would be 2^32 copies, which once crashed V8 outright.
    const text = ['$X=1 $X $X', 'vrrp_instance VI_1 {', '  virtual_router_id 51', '  priority $X', '}', '$Y=$Y$Y$Y$Y', '$Y', '~SEQ(i, 1, 2) $X'].join('\n');
    const c = conf('n.conf', text);
    const tooFar = 'definitions expand this line beyond 1048576 characters (a definition that uses itself?)';
    expect(c.errors.map((e) => `${e.line}: ${e.message.split(':')[0]}`)).toEqual([`4: ${tooFar}`, `7: ${tooFar}`, `8: ${tooFar}`]);
    expect(c.instances.map((i) => i.vrid)).toEqual([51]);
  });

  it('makes IPv6 instances VRRPv3 and normalises their addresses', () => {
    const c = conf('n.conf', 'vrrp_instance V6 {\n virtual_router_id 9\n virtual_ipaddress {\n  FE80::51/64\n  2001:DB8:0:0::100/64\n }\n}\n');
    expect(c.instances[0]).toMatchObject({ family: 'ipv6', version: 3 });
    expect(c.instances[0]?.vips.map((v) => v.ip)).toEqual(['fe80::51', '2001:db8::100']);
  });

  it.each([
    ['vrrp_instance A {\n virtual_router_id 1\n', "n.conf:1: block 'vrrp_instance' is never closed (missing '}')"],
    ['vrrp_instance A {\n virtual_router_id 1\n}\n}\n', "n.conf:4: unexpected '}' (no block is open)"],
    ['{\n', "n.conf:1: unexpected '{' (no keyword before it opens a block)"],
    ['vrrp_instance A\nvirtual_router_id 1\n', "n.conf:1: 'vrrp_instance' needs a { } block"],
    ['vrrp_instance A {\n virtual_router_id 300\n}\n', "n.conf:2: virtual_router_id must be an integer in 1..255, got '300'"],
    ['vrrp_instance A {\n virtual_router_id 1\n notify_master "/bin/x\n}\n', 'n.conf:3: unterminated quote in: notify_master "/bin/x'],
    ['vrrp_instance A {\n virtual_router_id 1\n advert_int 0\n}\n', "n.conf:3: advert_int must be a number in 0.01..255, got '0'"],
    ['vrrp_instance A {\n priority 100\n}\n', 'n.conf:1: vrrp_instance A has no virtual_router_id'],
    ['vrrp_instance A {\n virtual_router_id 1\n track_script {\n  nothing\n }\n}\n', 'n.conf:4: track_script nothing: no vrrp_script with that name'],
  ])('reports a broken file with file:line: %j', (text, expected) => {
    const c = conf('n.conf', text);
    expect(c.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toContain(expected);
  });

  it('stops include loops with an error at the include line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-conf-'));
    try {
      writeFileSync(join(dir, 'main.conf'), 'include sub/a.conf\n');
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'a.conf'), '! includes itself, relative to its own directory\ninclude a.conf\n');
      const c = readKeepalivedConfig(join(dir, 'main.conf'));
      expect(c.errors.map((e) => `${e.file}:${e.line}: ${e.message}`)).toEqual(['sub/a.conf:2: include loop: sub/a.conf includes itself']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreadable main file as an error, not an exception', () => {
    const c = readKeepalivedConfig(join(FIXTURES, 'does-not-exist.conf'));
    expect(c.errors).toEqual([{ file: 'does-not-exist.conf', line: 0, message: 'cannot read does-not-exist.conf: ENOENT' }]);
  });
});
