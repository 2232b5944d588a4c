/**
 * auth-mismatch: VRRPv2 speakers of one virtual router that use different auth types or different auth data. A v2
 * receiver drops adverts whose auth does not match its own (RFC 3768 §7.1, §5.3.6), so each side believes it is alone.
 * Secrets are compared as hex and never printed: passwords are named A, B, ... instead.
 */
import { defineRule } from '../rule.js';
import type { VirtualRouter } from '../model/types.js';
import { describeRouter, groupByValue, listText, SpeakerValues, speakerName, type SpeakerValue } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

const AUTH_TYPE_NAMES: Record<number, string> = {
  0: 'no authentication',
  1: 'simple-text password',
  2: 'IPsec AH',
  254: 'Cisco MD5',
};

function authTypeName(type: number): string {
  return AUTH_TYPE_NAMES[type] ?? `auth type ${type}`;
}

/** Equality key: only simple-text auth carries a comparable secret (type 0 data is ignored on receipt, AH/MD5 vary). */
function authSignature(type: number, secret: string | undefined): string | null {
  if (type !== 1) return `${type}`;
  return secret === undefined ? null : `1:${secret}`;
}

/** Human labels per signature: the type, and for passwords a letter in first-seen order. */
function labelsOf(groups: readonly { value: string }[]): Map<string, string> {
  const labels = new Map<string, string>();
  let password = 0;
  for (const { value } of groups) {
    const type = Number(value.split(':', 1)[0]);
    labels.set(value, type === 1 ? `simple-text password ${String.fromCharCode(65 + password++)}` : authTypeName(type));
  }
  return labels;
}

const REMEDIATION =
  'Give every keepalived peer of this VRRP instance the same block, e.g. `authentication { auth_type PASS; auth_pass s3cret }` ' +
  '(keepalived uses at most 8 characters of auth_pass, so compare the first 8), or remove the `authentication` block on all of them: ' +
  'RFC 3768 removed v2 authentication and VRRPv3 has none. Reload the peers one at a time and check that only one master remains.';

export const authMismatch = defineRule({
  meta: {
    id: 'auth-mismatch',
    defaultSeverity: 'error',
    summary: 'Speakers of one virtual router use different VRRPv2 auth types or passwords, so they drop each other\'s adverts.',
  },
  create(ctx) {
    const auth = new SpeakerValues();

    /**
     * Reported on every advert of a speaker in the disagreement, rendered when read: `involved` is the list as of now
     * (SpeakerValues replaces it, and its entries, when something changes).
     */
    function report(router: VirtualRouter, involved: SpeakerValue[], frame: number, ts: number): void {
      ctx.report({
        key: router.key,
        router,
        ts,
        frames: [...involved.map((v) => v.frame), frame],
        render: () => {
          const groups = groupByValue(involved);
          const labels = labelsOf(groups);
          const ips = [...new Set(involved.map((v) => v.speaker.ip))];
          const macs = [...new Set(involved.map((v) => v.speaker.mac))];
          const all = involved.map((v) => v.speaker);
          const parts = groups.map((g) => `${listText(g.members.map((m) => speakerName(m.speaker, all)))} ${g.members.length > 1 ? 'use' : 'uses'} ${labels.get(g.value)}`);
          const typesDiffer = new Set(groups.map((g) => g.value.split(':', 1)[0])).size > 1;
          const consequence = typesDiffer
            ? 'keepalived logs "received a N auth from ..., expecting M"'
            : 'keepalived logs "received an invalid passwd"';
          return {
            title: `Authentication mismatch for VRID ${router.vrid}`,
            message: `VRRPv2 speakers of ${describeRouter(router)} disagree on authentication: ${parts.join('; ')}. ` +
              `Each side drops the other's adverts (RFC 3768 §7.1; ${consequence}), so several can be master at once.`,
            subjects: { ips, macs },
            wiresharkFilter: `${routerAdverts(router)} && vrrp.version == 2 && ${sourceIn(router.family, ips)}`,
            remediation: REMEDIATION,
          };
        },
      });
    }

    return {
      advert({ frame, router, speaker }) {
        const vrrp = frame.vrrp;
        if (!vrrp) return;
        // A speaker's auth is that of its latest v2 advert (a migration-mode speaker also sends v3, which has none).
        const signature = vrrp.version === 2 && speaker.authType !== undefined ? authSignature(speaker.authType, speaker.authSecret) : null;
        if (signature === null) return;
        auth.observe(router, speaker, signature, frame.frame);
        const involved = auth.involved(router);
        if (auth.isInvolved(router, speaker)) report(router, involved, frame.frame, frame.ts);
        else if (involved.length === 0 && ctx.isOpen(router.key)) ctx.close(router.key, frame.ts);
      },
    };
  },
});
