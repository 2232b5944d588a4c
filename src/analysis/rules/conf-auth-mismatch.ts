/**
 * conf-auth-mismatch: peers of one VRRPv2 instance configure different authentication (type, or PASS password), so each
 * drops the other's adverts and both become master. Passwords are compared, never printed.
 */
import { defineConfCheck } from '../conf/define.js';
import { familyText, memberText, peerGroups, refOf, vridFilter, type Member } from '../conf/cluster.js';
import { allOf } from '../wireshark-filter.js';
import { listText } from './shared.js';

function authText(m: Member, passwords: Map<string, string>): string {
  const a = m.inst.auth;
  if (!a) return 'no authentication';
  if (a.type === 'AH') return 'auth_type AH';
  const pass = a.pass ?? '';
  if (!passwords.has(pass)) passwords.set(pass, `password ${String.fromCharCode(65 + passwords.size)}`);
  return `auth_type PASS with ${passwords.get(pass) ?? ''}`;
}

export const confAuthMismatch = defineConfCheck(
  {
    id: 'conf-auth-mismatch',
    defaultSeverity: 'error',
    summary: 'Peers of one VRRPv2 instance configure different authentication types or passwords (the passwords are never printed).',
  },
  (cluster, report) => {
    for (const g of peerGroups(cluster)) {
      const v2 = g.members.filter((m) => m.inst.version === 2);
      if (v2.length < 2) continue;
      const passwords = new Map<string, string>();
      const texts = v2.map((m) => ({ m, text: authText(m, passwords) }));
      if (new Set(texts.map((t) => t.text)).size < 2) continue;
      report({
        key: `${g.family}|${g.vrid}|${[...g.vips].sort().join(',')}`,
        title: `Peers of VRID ${g.vrid} configure different authentication`,
        message:
          `${listText(texts.map((t) => `${memberText(t.m)} uses ${t.text}`))}. keepalived drops adverts whose authentication ` +
          'differs from its own ("received an invalid passwd" / "received a N auth, expecting M"), so these nodes never hear ' +
          `each other and each becomes master of VRID ${g.vrid} (${familyText(g.family)}).`,
        vrid: g.vrid,
        family: g.family,
        subjects: { vips: [...g.vips] },
        wiresharkFilter: allOf(vridFilter(g.family, g.vrid), 'vrrp.version == 2'),
        remediation:
          'Give every peer the same authentication block (same auth_type, same auth_pass; only the first 8 characters count), ' +
          'or better remove authentication on all of them at once: RFC 3768 dropped it and VRRPv3 has none.',
        config: texts.map((t) => refOf(t.m, t.m.inst.auth?.line ?? t.m.inst.line, t.m.inst.auth?.file ?? t.m.inst.file)),
      });
    }
  },
);
