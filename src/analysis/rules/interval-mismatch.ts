/**
 * interval-mismatch: speakers of one virtual router advertise different intervals. VRRPv2 receivers must drop such
 * adverts (RFC 3768 §7.1; keepalived DROPs them), so v2 is an error. VRRPv3 backups adopt the master's interval
 * (RFC 5798 §6.4.2; keepalived only logs), so v3 is a warning. Versions are compared separately: their units differ.
 */
import type { Severity } from '../audit-document.js';
import type { VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { describeRouter, groupByValue, listText, SpeakerValues, speakerName, type SpeakerValue } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

function intervalText(version: number, ms: number): string {
  const s = `${Number((ms / 1000).toFixed(2))} s`;
  return version === 3 ? `${ms / 10} cs (${s})` : s;
}

const V2_EFFECT =
  'VRRPv2 receivers must drop adverts whose interval differs from their own (RFC 3768 §7.1; keepalived logs "advertisement interval mismatch" and drops them), ' +
  'so each side ignores the other and both can become master.';
const V3_EFFECT =
  'VRRPv3 backups adopt the master\'s interval (RFC 5798 §6.4.2) and keepalived only logs "advertisement interval mismatch", ' +
  'but takeover times then depend on which node is master.';
const ZERO_NOTE =
  ' An interval of 0 is what keepalived puts on the wire for a sub-second `advert_int` with VRRPv2 (issue #1615; see malformed-vrrp).';

function remediation(version: number, hasZero: boolean): string {
  const base = 'Set the same `advert_int` in this vrrp_instance on every keepalived peer (e.g. `advert_int 1`) and reload them one at a time.';
  if (hasZero) return `${base} For sub-second intervals use VRRPv3 (\`version 3\` in the instance, or \`vrrp_version 3\` in global_defs) on all peers.`;
  return version === 3 ? `${base} On routers (Cisco, Juniper, FRR) set the matching advertisement interval in centiseconds.` : base;
}

export const intervalMismatch = defineRule({
  meta: {
    id: 'interval-mismatch',
    defaultSeverity: 'error',
    summary: 'Speakers of one virtual router advertise different intervals (v2 receivers drop them; v3: warning).',
  },
  create(ctx) {
    const byVersion = new Map<number, SpeakerValues>([
      [2, new SpeakerValues()],
      [3, new SpeakerValues()],
    ]);

    /**
     * Reported on every advert of a speaker in the disagreement, rendered when read: `involved` is the list as of now
     * (SpeakerValues replaces it, and its entries, when something changes).
     */
    function report(router: VirtualRouter, version: number, involved: SpeakerValue[], frame: number, ts: number): void {
      const severity: Severity = version === 2 ? 'error' : 'warning';
      ctx.report({
        key: `${router.key}|v${version}`,
        severity,
        router,
        ts,
        frames: [...involved.map((v) => v.frame), frame],
        render: () => {
          const groups = groupByValue(involved);
          const ips = [...new Set(involved.map((v) => v.speaker.ip))];
          const macs = [...new Set(involved.map((v) => v.speaker.mac))];
          const hasZero = groups.some((g) => g.value === '0');
          const all = involved.map((v) => v.speaker);
          const parts = groups.map((g) => `${listText(g.members.map((m) => speakerName(m.speaker, all)))} every ${intervalText(version, Number(g.value))}`);
          return {
            title: `Advert interval mismatch for VRID ${router.vrid}`,
            message:
              `VRRPv${version} speakers of ${describeRouter(router)} advertise different intervals: ${parts.join(', ')}. ` +
              (version === 2 ? V2_EFFECT : V3_EFFECT) +
              (hasZero ? ZERO_NOTE : ''),
            subjects: { ips, macs },
            wiresharkFilter: `${routerAdverts(router)} && vrrp.version == ${version} && ${sourceIn(router.family, ips)}`,
            remediation: remediation(version, hasZero),
          };
        },
      });
    }

    return {
      advert({ frame, router, speaker }) {
        const vrrp = frame.vrrp;
        const values = vrrp && byVersion.get(vrrp.version);
        if (!vrrp || !values) return;
        values.observe(router, speaker, `${vrrp.intervalMs}`, frame.frame);
        const involved = values.involved(router);
        if (values.isInvolved(router, speaker)) report(router, vrrp.version, involved, frame.frame, frame.ts);
        else if (involved.length === 0) {
          const key = `${router.key}|v${vrrp.version}`;
          if (ctx.isOpen(key)) ctx.close(key, frame.ts);
        }
      },
    };
  },
});
