import { describe, expect, it } from 'vitest';
import { confParse } from '../../../src/analysis/rules/conf-parse.js';
import { conf, confFindings, nodeText } from '../../helpers/keepalived-conf.js';

describe('conf-parse', () => {
  it('reports each syntax error with file:line and keeps reading', () => {
    const text = nodeText('n1', { priority: 300 }).replace('    interface eth0', '    interface eth0\n    virtual_ipaddress {\n        not-an-address\n    }');
    const f = confFindings(confParse, [conf('n1.conf', text)]);
    const errors = f.filter((x) => x.severity === 'error');
    expect(errors.map((x) => x.title).sort()).toEqual([
      "n1.conf:11: priority must be an integer in 1..255, got '300'",
      "n1.conf:8: 'not-an-address' is not an IP address",
    ]);
    expect(errors.find((x) => x.title.includes('not-an-address'))?.config).toEqual([{ node: 'n1', file: 'n1.conf', line: 8 }]);
  });

  it('lists unknown keywords as one info finding per file', () => {
    const f = confFindings(confParse, [conf('n1.conf', nodeText('n1', { extra: ['priorty 150', 'nopreemt'] }))]);
    expect(f).toHaveLength(1);
    expect(f[0]?.severity).toBe('info');
    expect(f[0]?.message).toContain("unknown vrrp_instance keyword 'priorty'");
    expect(f[0]?.message).toContain("'nopreemt'");
  });

  it('is silent for a clean file and without configs', () => {
    expect(confFindings(confParse, [conf('n1.conf', nodeText('n1', {}))])).toEqual([]);
    expect(confFindings(confParse, [])).toEqual([]);
  });
});
