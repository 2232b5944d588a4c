/**
 * plaintext-auth: VRRPv2 simple-text authentication (auth type 1, keepalived `auth_type PASS`). The password is in
 * clear in every advert: anyone on the segment reads it (tcpdump -v and Wireshark print it), and it gives no protection
 * (RFC 3768 §5.3.6 removed it). The finding says that it is exposed, its length and who sends it; the text itself only
 * with --show-secrets.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText, speakerName } from './shared.js';
import { routerAdverts } from '../wireshark-filter.js';
import { quoteCaptureText } from '../../decoders/format.js';

/** The password bytes: the auth data up to its first NUL. */
function passwordBytes(hex: string): number[] {
  const bytes: number[] = [];
  for (let i = 0; i + 2 <= hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    if (b === 0) break;
    bytes.push(b);
  }
  return bytes;
}

/** Quoted with every control character escaped (C1 too: a terminal obeys 0x9b as ESC [), as `decode` shows it. */
function passwordText(bytes: readonly number[]): string {
  return quoteCaptureText(String.fromCharCode(...bytes));
}

const REMEDIATION =
  'Treat the password as public: change it wherever else it is used. Remove the `authentication { auth_type PASS ... }` block from the ' +
  'vrrp_instance on every peer at the same time (it does not stop a rogue master: RFC 3768 §5.3.6 removed it, VRRPv3 has none), and protect ' +
  'VRRP instead by keeping it on a dedicated VLAN and filtering IP protocol 112 from other hosts (switch ACL, or nftables ' +
  '`ip protocol vrrp ip saddr != { <peer IPs> } drop`). keepalived >= 2.4 also offers `auth_hmac` on all peers.';

export const plaintextAuth = defineRule({
  meta: {
    id: 'plaintext-auth',
    defaultSeverity: 'warning',
    summary: 'VRRPv2 simple-text authentication: the password travels in clear (its text is shown only with --show-secrets).',
  },
  create(ctx) {
    const byRouter = new Map<string, Map<string, { speaker: Speaker; secret: string }>>();

    /**
     * Reported on every such advert, rendered when read: a router's speakers and secrets change only right before a
     * report of it.
     */
    function report(router: VirtualRouter, speakers: Map<string, { speaker: Speaker; secret: string }>, frame: number, ts: number): void {
      ctx.report({
        key: router.key,
        router,
        ts,
        frames: [frame],
        render: () => {
          const all = [...speakers.values()].map((v) => v.speaker);
          const groups = new Map<string, Speaker[]>();
          for (const { speaker, secret } of speakers.values()) groups.set(secret, [...(groups.get(secret) ?? []), speaker]);
          let letter = 0;
          const parts = [...groups].map(([secret, members]) => {
            const bytes = passwordBytes(secret);
            const name = ctx.options.showSecrets
              ? `the password ${passwordText(bytes)}`
              : groups.size > 1
                ? `password ${String.fromCharCode(65 + letter++)}`
                : 'a password';
            const senders = listText(members.map((s) => speakerName(s, all)));
            return `${senders} ${members.length > 1 ? 'send' : 'sends'} ${name} (${bytes.length} character${bytes.length === 1 ? '' : 's'})`;
          });
          return {
            title: `Plaintext VRRP password on VRID ${router.vrid}`,
            message:
              `${describeRouter(router)} uses VRRPv2 simple-text authentication, so the password is exposed in every advert to anyone on the segment: ` +
              `${parts.join('; ')}.${ctx.options.showSecrets ? '' : ' Run with --show-secrets to see it.'}`,
            subjects: { ips: all.map((s) => s.ip), macs: [...new Set(all.map((s) => s.mac))] },
            wiresharkFilter: `${routerAdverts(router)} && vrrp.auth_type == 1`,
            remediation: REMEDIATION,
          };
        },
      });
    }

    return {
      advert({ frame, router, speaker }) {
        const vrrp = frame.vrrp;
        if (vrrp?.version !== 2 || vrrp.authType !== 1 || speaker.authSecret === undefined) return;
        let speakers = byRouter.get(router.key);
        if (!speakers) {
          speakers = new Map();
          byRouter.set(router.key, speakers);
        }
        if (speakers.get(speaker.id)?.secret !== speaker.authSecret) speakers.set(speaker.id, { speaker, secret: speaker.authSecret });
        report(router, speakers, frame.frame, frame.ts);
      },
    };
  },
});
