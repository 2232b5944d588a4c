/**
 * conf-setting-drift: a speaker's adverts carry an interval, version, authentication or VIP list other than its
 * configured instance says: the deployed file differs, or the peers disagree in a way the file does not show.
 */
import { candidatesFor, groupsForRouter, peerGroups, refOf, advertisedVips, type Member, type PeerGroup } from '../conf/cluster.js';
import type { Speaker } from '../model/types.js';
import { defineRule } from '../rule.js';
import { allOf, routerAdverts, sourceIn } from '../wireshark-filter.js';

const AUTH_TYPE: Record<string, number> = { PASS: 1, AH: 2 };

function authSecretOf(pass: string): string {
  // keepalived zero-pads auth_pass to the 8-byte v2 auth data field.
  const bytes = Buffer.alloc(8);
  Buffer.from(pass, 'utf8').copy(bytes, 0, 0, 8);
  return bytes.toString('hex');
}

interface Drift {
  kind: 'interval' | 'version' | 'auth' | 'vips';
  text: string;
}

function driftsOf(speaker: Speaker, m: Member): Drift[] {
  const out: Drift[] = [];
  const inst = m.inst;
  if (speaker.advertisedIntervalMs !== inst.intervalMs) {
    out.push({ kind: 'interval', text: `interval ${speaker.advertisedIntervalMs / 1000} s on the wire, advert_int ${inst.intervalMs / 1000} s in the file` });
  }
  if (speaker.version !== inst.version) out.push({ kind: 'version', text: `VRRPv${speaker.version} on the wire, version ${inst.version} in the file` });
  if (speaker.version === 2 && inst.version === 2) {
    const want = inst.auth ? (AUTH_TYPE[inst.auth.type] ?? 0) : 0;
    const got = speaker.authType ?? 0;
    if (got !== want) out.push({ kind: 'auth', text: `auth type ${got} on the wire, ${inst.auth ? `auth_type ${inst.auth.type}` : 'no authentication'} in the file` });
    else if (want === 1 && inst.auth?.pass !== undefined && speaker.authSecret !== undefined && speaker.authSecret !== authSecretOf(inst.auth.pass)) {
      out.push({ kind: 'auth', text: 'a different auth_pass on the wire than in the file (not printed)' });
    }
  }
  const wire = [...speaker.vips].sort().join(', ');
  const conf = [...advertisedVips(inst)].sort().join(', ');
  if (speaker.vips.length > 0 && wire !== conf) out.push({ kind: 'vips', text: `VIPs ${wire} on the wire, ${conf || 'none'} in the file` });
  return out;
}

export const confSettingDrift = defineRule({
  meta: {
    id: 'conf-setting-drift',
    defaultSeverity: 'error',
    summary: 'The advert interval, VRRP version, auth type/password or VIP list on the wire differs from the configured instance.',
  },
  create(ctx) {
    let groups: PeerGroup[] | null = null;
    return {
      advert(ev) {
        const cluster = ctx.options.keepalived;
        if (!cluster || cluster.length === 0 || ev.frame.vrrp?.priority === 0) return;
        const { router, speaker } = ev;
        groups ??= peerGroups(cluster);
        const matched = groupsForRouter(groups, router).filter((g) => speaker.vips.length === 0 || speaker.vips.some((v) => g.vips.has(v)));
        const candidates = candidatesFor(matched, speaker);
        if (candidates.length === 0) return;
        const per = candidates.map((m) => ({ m, drifts: driftsOf(speaker, m) }));
        // As configured on one candidate: the speaker is that node.
        if (per.some((x) => x.drifts.length === 0)) return;
        const best = per.reduce((a, b) => (b.drifts.length < a.drifts.length ? b : a));
        const summary = best.drifts.map((d) => d.text).join('; ');
        const key = `${router.key}|${speaker.id}`;
        ctx.report(base());
        function base() {
          return {
            key,
            severity: best.drifts.every((d) => d.kind === 'vips') ? ('warning' as const) : ('error' as const),
            title: `${speaker.ip} advertises VRID ${router.vrid} unlike ${best.m.inst.name} in ${best.m.node.file}`,
            message:
              `${speaker.ip} (${speaker.mac}) is ${best.m.inst.name} on ${best.m.node.node} (${best.m.inst.file}:${best.m.inst.line})` +
              `${candidates.length > 1 ? ' or one of its peers' : ''}, but: ${summary}. Either the file deployed on the node is not this one ` +
              '(or was not reloaded), or a peer runs different settings: keepalived drops adverts whose interval, version, authentication ' +
              'or address list differ from its own, and the nodes stop hearing each other.',
            router,
            subjects: { ips: [speaker.ip], macs: [speaker.mac], vips: [...speaker.vips] },
            ts: ev.frame.ts,
            frames: [ev.frame.frame],
            wiresharkFilter: allOf(routerAdverts(router), sourceIn(router.family, [speaker.ip])),
            remediation: `Deploy the intended keepalived.conf on the node behind ${speaker.ip} (or fix ${best.m.node.file}) so that advert_int, version, authentication and virtual_ipaddress agree, and reload keepalived.`,
            config: [refOf(best.m)],
          };
        }
      },
    };
  },
});
