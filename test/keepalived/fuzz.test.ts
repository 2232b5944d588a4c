/** Fuzzed keepalived.conf text never makes the reader throw, and every error it reports points at a real line. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conf } from '../helpers/keepalived-conf.js';

const WORDS = [
  'vrrp_instance', 'VI_1', '{', '}', 'virtual_router_id', '51', '300', '-1', 'priority', 'advert_int', '0.5', 'state', 'MASTER',
  'virtual_ipaddress', '192.0.2.1/24', '2001:db8::1', 'not-an-ip', 'track_script', 'chk', 'vrrp_script', 'weight', '-20',
  'authentication', 'auth_type', 'PASS', 'auth_pass', '"quoted word"', '"unterminated', '#', '!', '\\#', '$X=1', '$X', '${X}',
  '$M=\\', '@n1', '@^n1', '~SEQ(i,1,3)', 'include', 'virtual_server', 'real_server', 'lb_kind', 'DR', 'group', 'fwmark',
  'unicast_peer', 'global_defs', 'router_id', 'vrrp_version', '3', 'version', 'native_ipv6', 'virtual_server_group', '10.0.0.1-5',
];

describe('keepalived.conf reader under fuzzing', () => {
  it('never throws on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), { maxLength: 60 }), (lines) => {
        const text = lines.map((l) => l.join(' ')).join('\n');
        const c = conf('f.conf', text);
        const count = text.split('\n').length;
        for (const e of c.errors) expect(e.line >= 1 && e.line <= count, `${e.line} of ${count}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        conf('f.conf', text);
      }),
      { numRuns: 300 },
    );
  });
});
