/**
 * version-mismatch: both VRRPv2 and VRRPv3 adverts for one virtual router. A router drops adverts of the version it
 * does not run (RFC 3768 / 5798 §7.1; keepalived "wrong VRRP version"), unless it is in RFC 5798 §8.4 migration mode,
 * where a v3 master sends both. The finding says which speaker sends which version.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule } from '../rule.js';
import { describeRouter, listText, speakerName, vipsOverlap } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

interface SpeakerVersions {
  speaker: Speaker;
  /** Version -> first frame with it. */
  first: Map<number, number>;
}

function sends(s: SpeakerVersions, version: number): boolean {
  return s.first.has(version);
}

/** Speakers in a v2/v3 pair of one cluster (overlapping VIPs), or sending both versions themselves. */
function involvedOf(all: readonly SpeakerVersions[]): SpeakerVersions[] {
  const pairs = (a: SpeakerVersions, b: SpeakerVersions) =>
    sends(a, 2) && sends(b, 3) && (a === b || vipsOverlap(a.speaker.vips, b.speaker.vips));
  return all.filter((a) => all.some((b) => pairs(a, b) || pairs(b, a)));
}

function versionsText(s: SpeakerVersions): string {
  if (sends(s, 2) && sends(s, 3)) return 'v2 and v3';
  return sends(s, 2) ? 'only v2' : 'only v3';
}

const REMEDIATION =
  'Run one VRRP version on every peer of this virtual router: for keepalived set `vrrp_version 3` in global_defs (or `version 3` ' +
  'in each vrrp_instance; IPv6 instances are always v3) on all nodes, and the same version on any router (Cisco `vrrp N` vs `vrrpv3`, ' +
  'FRR `vrrp N version 3`). If this is a planned v2-to-v3 migration (RFC 5798 §8.4), finish it: move every node to v3, then stop sending v2.';

export const versionMismatch = defineRule({
  meta: {
    id: 'version-mismatch',
    defaultSeverity: 'warning',
    summary: 'Both VRRPv2 and VRRPv3 adverts for one virtual router (RFC 5798 §8.4 migration mode, or a misconfiguration).',
  },
  create(ctx) {
    const byRouter = new Map<string, Map<string, SpeakerVersions>>();
    const involvedByRouter = new Map<string, SpeakerVersions[]>();
    /** The same entries by the model's speaker object (one per router and id). */
    const bySpeaker = new Map<Speaker, SpeakerVersions>();

    function report(router: VirtualRouter, involved: SpeakerVersions[], frame: number, ts: number): void {
      const all = involved.map((s) => s.speaker);
      const groups = new Map<string, string[]>();
      for (const s of involved) {
        const text = versionsText(s);
        groups.set(text, [...(groups.get(text) ?? []), speakerName(s.speaker, all)]);
      }
      const parts = [...groups].map(([text, ips]) => `${listText(ips)} ${ips.length > 1 ? 'send' : 'sends'} ${text}`);
      const migration = involved.some((s) => sends(s, 2) && sends(s, 3));
      const ips = [...new Set(involved.map((s) => s.speaker.ip))];
      const macs = [...new Set(involved.map((s) => s.speaker.mac))];
      ctx.report({
        key: router.key,
        title: `VRRPv2 and v3 mixed for VRID ${router.vrid}`,
        message:
          `${describeRouter(router)} carries both VRRPv2 and VRRPv3 adverts: ${parts.join('; ')}. ` +
          (migration
            ? 'A speaker sending both is in RFC 5798 §8.4 migration mode; routers that run only one version drop the other (keepalived "wrong VRRP version").'
            : 'Each router drops adverts of the version it does not run (keepalived "wrong VRRP version"), so both sides can become master.'),
        router,
        subjects: { ips, macs },
        ts,
        frames: [...involved.flatMap((s) => [...s.first.values()]), frame],
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, ips)}`,
        remediation: REMEDIATION,
      });
    }

    return {
      advert({ frame, router, speaker, newVersion }) {
        // The common advert: a known speaker repeating its version on a router that carries only one (the model says
        // so from the speaker it just updated: none of this rule's state is touched).
        if (!newVersion && router.versions.size < 2) return;
        const vrrp = frame.vrrp;
        if (!vrrp) return;
        let state = bySpeaker.get(speaker);
        let speakers = byRouter.get(router.key);
        if (!speakers) {
          speakers = new Map();
          byRouter.set(router.key, speakers);
        }
        if (!state) {
          state = { speaker, first: new Map() };
          speakers.set(speaker.id, state);
          bySpeaker.set(speaker, state);
        }
        if (!state.first.has(vrrp.version)) {
          state.first.set(vrrp.version, frame.frame);
          involvedByRouter.delete(router.key);
        }
        if (router.versions.size < 2) return;
        // Compared again only when a speaker starts sending a version: an unchanged advert costs O(1).
        let involved = involvedByRouter.get(router.key);
        if (!involved) {
          involved = involvedOf([...speakers.values()]);
          involvedByRouter.set(router.key, involved);
        }
        if (involved.includes(state)) report(router, involved, frame.frame, frame.ts);
      },
    };
  },
});
