/**
 * The reader against configs we did not write: every sample of Debian's keepalived package (when installed) and the
 * configs the lab ran keepalived with (fixtures/pcaps/*.conf). Where `keepalived -t` is installed, both must agree:
 * a file keepalived accepts has no conf-parse error, and the broken files below are rejected by both.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readKeepalivedConfig } from '../../src/keepalived/index.js';
import { PROJECT_ROOT } from '../helpers/run-cli.js';

const SAMPLES = '/usr/share/doc/keepalived/samples';
const work = mkdtempSync(join(tmpdir(), 'vi-samples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Samples as plain files (Debian gzips the larger ones). */
function samples(): string[] {
  if (!existsSync(SAMPLES)) return [];
  return readdirSync(SAMPLES)
    .filter((f) => f.startsWith('keepalived.conf'))
    .sort()
    .map((f) => {
      if (!f.endsWith('.gz')) return join(SAMPLES, f);
      const out = join(work, f.slice(0, -3));
      writeFileSync(out, gunzipSync(readFileSync(join(SAMPLES, f))));
      return out;
    });
}

const sampleFiles = samples();
if (sampleFiles.length === 0) console.log(`samples: skipping the Debian samples, ${SAMPLES} is absent (apt-get install keepalived)`);
const labConfigs = readdirSync(join(PROJECT_ROOT, 'fixtures', 'pcaps'))
  .filter((f) => f.endsWith('.conf'))
  .sort()
  .map((f) => join(PROJECT_ROOT, 'fixtures', 'pcaps', f));
const ownFixture = join(PROJECT_ROOT, 'test', 'keepalived', 'fixtures', 'main.conf');

const keepalivedT = spawnSync('keepalived', ['--version'], { encoding: 'utf8' }).status === 0;
if (!keepalivedT) console.log('samples: skipping the comparison with `keepalived -t`, keepalived is not installed');

/** keepalived -t exit status: 0 accepted; anything else is a configuration error (or an environment problem). */
function keepalivedAccepts(file: string): boolean {
  return spawnSync('keepalived', ['-t', '-l', '-f', file], { encoding: 'utf8', timeout: 20_000 }).status === 0;
}

/** An interface keepalived accepts for a VRRP instance on this host (not lo). */
function hostInterface(): string | undefined {
  const r = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' });
  const names = r.stdout
    .split('\n')
    .filter((l) => !l.includes('NOARP'))
    .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
    .filter((n): n is string => n !== undefined && n !== 'lo');
  return names.includes('eth0') ? 'eth0' : names[0];
}

describe('configs we did not write', () => {
  it.skipIf(sampleFiles.length === 0).each(sampleFiles.length ? sampleFiles : ['none'])('reads Debian sample %s', (file) => {
    const c = readKeepalivedConfig(file);
    expect(c.instances.length + c.virtualServers.length, 'instances or virtual servers found').toBeGreaterThan(0);
    // The samples are valid keepalived syntax; what keepalived -t rejects in them is the host (missing interfaces).
    expect(c.errors).toEqual([]);
    if (keepalivedT && keepalivedAccepts(file)) expect(c.errors).toEqual([]);
  });

  it.each(labConfigs)('reads the lab config %s as keepalived does', (file) => {
    const c = readKeepalivedConfig(file);
    expect(c.errors).toEqual([]);
    const security = c.notes.filter((n) => /enable_script_security/.test(n.message));
    expect(c.notes).toEqual(security);
    expect(c.instances.length).toBeGreaterThan(0);
    // keepalived -t fails exactly where vrrp-inspect notes the script security violation.
    if (keepalivedT) expect(keepalivedAccepts(file)).toBe(security.length === 0);
  });

  it('reads its own fixture without errors', () => {
    expect(readKeepalivedConfig(ownFixture).errors).toEqual([]);
  });

  const iface = keepalivedT ? hostInterface() : undefined;
  const instance = (body: string) => `vrrp_instance A {\n interface ${iface ?? 'eth0'}\n${body}}\n`;
  const broken: [string, string][] = [
    ['VRID out of range', instance(' virtual_router_id 300\n virtual_ipaddress {\n  192.0.2.1\n }\n')],
    ['extra closing brace', `${instance(' virtual_router_id 3\n virtual_ipaddress {\n  192.0.2.1\n }\n')}}\n`],
    ['block never closed', instance(' virtual_router_id 3\n virtual_ipaddress {\n  192.0.2.1\n').slice(0, -2)],
    ['priority out of range', instance(' virtual_router_id 3\n priority 256\n virtual_ipaddress {\n  192.0.2.1\n }\n')],
    ['no virtual_router_id', instance(' virtual_ipaddress {\n  192.0.2.1\n }\n')],
  ];
  it.skipIf(!keepalivedT || iface === undefined).each(broken)('rejects what keepalived -t rejects: %s', (_, text) => {
    const file = join(work, 'broken.conf');
    writeFileSync(file, text);
    expect(keepalivedAccepts(file)).toBe(false);
    expect(readKeepalivedConfig(file).errors.length).toBeGreaterThan(0);
    // And the same file repaired is accepted by both.
  });

  it.skipIf(!keepalivedT || iface === undefined)('accepts what keepalived -t accepts', () => {
    const file = join(work, 'good.conf');
    writeFileSync(file, instance(' virtual_router_id 3\n priority 150\n virtual_ipaddress {\n  192.0.2.1/24\n }\n'));
    expect(keepalivedAccepts(file)).toBe(true);
    expect(readKeepalivedConfig(file).errors).toEqual([]);
  });

  it.skipIf(!keepalivedT || iface === undefined)('agrees with keepalived -t on definitions, ~SEQ and braces on one line', () => {
    const file = join(work, 'seq.conf');
    const text = [
      '$BASE=192.0.2',
      `$INST=vrrp_instance VI_\${i} { \\`,
      `  interface ${iface ?? 'eth0'} \\`,
      '  virtual_router_id 5${i} \\',
      '  virtual_ipaddress { ${BASE}.10${i} } \\',
      '}',
      '~SEQ(i, 1, 3) $INST',
      '',
    ].join('\n');
    writeFileSync(file, text);
    expect(keepalivedAccepts(file)).toBe(true);
    const c = readKeepalivedConfig(file);
    expect(c.errors).toEqual([]);
    expect(c.instances.map((i) => i.vrid)).toEqual([51, 52, 53]);
  });
});
