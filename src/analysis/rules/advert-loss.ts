/**
 * advert-loss (merged captures only, `audit --merge`): a run of consecutive adverts of one speaker that one vantage
 * point did not capture while another did. On one segment every port receives every multicast advert, so a gap at one
 * capture point that others do not share is loss on the path between the speaker and that point (a switch ACL, IGMP
 * snooping, a one-way link), in the direction speaker → vantage point. Reported from the third advert missed in a row:
 * the count after which a backup's Master_Down_Interval expires. Closed when that vantage point sees one again.
 */
import type { FrameInfo } from '../../decoders/frame-info.js';
import type { Speaker, VirtualRouter } from '../model/types.js';
import { defineRule, type FindingInput } from '../rule.js';
import type { ReceptionRun } from '../vantages/reception-matrix.js';
import { CaptureClock, describeRouter, listText, seconds } from './shared.js';
import { routerAdverts, sourceIn } from '../wireshark-filter.js';

/** Consecutive adverts missed before it is loss rather than a dropped frame: a backup declares the master down after three. */
export const MIN_MISSED_ADVERTS = 3;

export const advertLoss = defineRule({
  meta: {
    id: 'advert-loss',
    defaultSeverity: 'warning',
    summary: 'Merged captures: adverts of a speaker missing at one vantage point while others captured them (loss on the path, with direction and time span).',
  },
  create(ctx) {
    const matrix = ctx.vantages;
    if (!matrix) return {};
    const clock = new CaptureClock();
    /** Per cell (router, speaker, vantage point): the key of the open finding and the run it reports. */
    const open = new Map<string, { key: string; run: ReceptionRun }>();

    function report(router: VirtualRouter, speaker: Speaker, vantage: number, run: ReceptionRun, frame: FrameInfo, opening: boolean): string {
      const v = matrix!.vantages[vantage]!;
      const key = `${router.key}|${speaker.id}|${v.name}|${run.start}`;
      const others = (frame.seenBy ?? []).map((s) => matrix!.vantages[s.vantage]?.name ?? '?');
      const where = matrix!.ownCaptureLabel(vantage);
      const finding: Omit<FindingInput, 'ts'> = {
        key,
        title: `Adverts of ${speaker.ip} lost towards ${v.name}`,
        message:
          `${where[0]!.toUpperCase()}${where.slice(1)} has none of ${run.adverts} consecutive adverts of ${speaker.ip} (${speaker.mac}) for ${describeRouter(router)} ` +
          `from ${clock.offset(run.start)} to ${clock.at(run.end)} (${seconds(run.end - run.start)}), while ${listText(others)} captured them: ` +
          `they are lost on the path from ${speaker.ip} to ${v.name}` +
          `${v.hostIp ? `, so ${v.hostIp} cannot hear ${speaker.ip} and will take over as master if it is a backup` : ''}.`,
        router,
        subjects: { ips: v.hostIp ? [speaker.ip, v.hostIp] : [speaker.ip], macs: [speaker.mac] },
        frames: [run.firstFrame, run.lastFrame],
        wiresharkFilter: `${routerAdverts(router)} && ${sourceIn(router.family, [speaker.ip])}`,
        remediation:
          `Find where the path from ${speaker.ip} to ${v.name} drops VRRP (IP protocol 112 to ${router.family === 'ipv6' ? 'ff02::12' : '224.0.0.18'}): ` +
          'switch ACLs or storm control, IGMP/MLD snooping without a querier, a one-way link or a partitioned VLAN. ' +
          `Compare \`tcpdump -ni <if> vrrp\` on both ends; where multicast cannot be fixed, use \`unicast_peer\`.`,
      };
      // The finding spans the whole run: it starts at the run's first missed advert, not at the third.
      if (opening) ctx.report({ ...finding, ts: run.start });
      ctx.report({ ...finding, ts: run.end });
      return key;
    }

    return {
      tick(now) {
        clock.observe(now);
      },
      advert({ router, speaker, frame }) {
        clock.observe(frame.ts);
        const row = matrix.of(router, speaker);
        if (!row) return;
        for (const cell of row.cells) {
          // A node's own capture lacking its own adverts lost them in the capture (ring buffer, filter), not on a path.
          if (matrix.vantages[cell.vantage]?.hostIp === speaker.ip) continue;
          const run = cell.runs[cell.runs.length - 1];
          if (!run || run.end !== frame.ts) continue; // this advert fell outside the vantage point's capture
          const cellKey = `${router.key}|${speaker.id}|${cell.vantage}`;
          const current = open.get(cellKey);
          if (!run.seen && run.adverts >= MIN_MISSED_ADVERTS) {
            open.set(cellKey, { key: report(router, speaker, cell.vantage, run, frame, current?.run !== run), run });
          } else if (current && current.run !== run) {
            ctx.close(current.key, run.start);
            open.delete(cellKey);
          }
        }
      },
    };
  },
});
