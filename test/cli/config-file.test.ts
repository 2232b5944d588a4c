/** The whole config file is checked against its schema (#9 item 7): every bad key is named by its path. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile, validateConfig } from '../../src/cli/config-file.js';
import { UsageError } from '../../src/errors.js';

function problem(data: unknown): string {
  try {
    validateConfig(data, 'team.json');
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  return 'accepted';
}

describe('config file schema', () => {
  it('accepts every documented key with sensible values', () => {
    const full = {
      profile: 'rfc',
      disable: ['equal-priority'],
      severity: { 'split-brain': 'warning' },
      failOn: 'never',
      guePorts: [6080],
      options: {
        maxEvidenceFrames: 50,
        masterFlapping: { changes: 5, windowS: 120 },
        missingGarp: { withinS: 2.5 },
        garpStorm: { requests: 50, periodMs: 200 },
        backupArpSettleS: 0,
      },
    };
    expect(validateConfig(full, 'team.json')).toEqual(full);
    expect(validateConfig({}, 'team.json')).toEqual({});
  });

  it.each([
    [{ options: { masterFlapping: { chnages: 3 } } }, 'options.masterFlapping.chnages: unknown key (known here: changes, windowS)'],
    [{ options: { backupArpSettleS: { a: 1 } } }, 'options.backupArpSettleS must be a number >= 0, got an object'],
    [{ options: { masterFlapping: { changes: -1 } } }, 'options.masterFlapping.changes must be an integer >= 1 (the changes tolerated; 0 would call every failover flapping), got -1'],
    [{ options: { garpStorm: { requests: 0 } } }, 'options.garpStorm.requests must be an integer >= 1 (the requests tolerated; 0 would call every ARP request a storm), got 0'],
    [{ options: { garpStorm: { periodMs: 0 } } }, 'options.garpStorm.periodMs must be a number > 0, got 0'],
    [{ options: { missingGarp: { withinS: 1e400 } } }, 'options.missingGarp.withinS must be a number > 0, got Infinity'],
    [{ options: { maxEvidenceFrames: 2.5 } }, 'options.maxEvidenceFrames must be an integer from 1 to 100000, got 2.5'],
    [{ options: 3 }, 'options must be an object, got 3'],
    [{ profile: 'strict' }, 'profile must be one of keepalived, rfc, got "strict"'],
    [{ failOn: 1 }, 'failOn must be one of error, warning, info, never, got 1'],
    [{ disable: 'split-brain' }, 'disable must be a list, got "split-brain"'],
    [{ disable: ['a', 7] }, 'disable[1] must be a rule id, got 7'],
    [{ guePorts: [6080, 70000] }, 'guePorts[1] must be an integer from 1 to 65535, got 70000'],
    [{ severity: { 'split-brain': 'fatal' } }, 'severity["split-brain"] must be one of error, warning, info, got "fatal"'],
    [{ severity: ['x'] }, 'severity must be an object keyed by rule ids, got a list'],
    [{ profil: 'rfc' }, 'profil: unknown key (known here: profile, disable, severity, failOn, guePorts, keepalived, configId, options)'],
    [[], 'the file must be an object, got a list'],
    [null, 'the file must be an object, got null'],
  ])('rejects %j', (data, message) => {
    expect(problem(data)).toBe(`config file team.json: ${message}`);
  });

  it('reads a file saved with a UTF-8 byte-order mark, and names the file on bad JSON or a missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vi-config-'));
    writeFileSync(join(dir, 'bom.json'), '\ufeff{"profile": "rfc"}');
    expect(loadConfigFile(join(dir, 'bom.json'))).toEqual({ profile: 'rfc' });
    writeFileSync(join(dir, 'bad.json'), '{"profile": rfc}');
    expect(() => loadConfigFile(join(dir, 'bad.json'))).toThrow(/^config file .*bad\.json is not valid JSON \(.*\): fix its syntax$/);
    expect(() => loadConfigFile(join(dir, 'missing.json'))).toThrow(/^cannot read config file .*missing\.json: no such file or directory$/);
    expect(() => loadConfigFile(dir)).toThrow(/^cannot read config file .*: it is a directory: give a file$/);
  });
});
