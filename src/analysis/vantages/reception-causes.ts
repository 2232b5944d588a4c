/**
 * Split-brain causes that only captures from several vantage points can tell apart: for a master that should have
 * yielded, whether its own capture has the winner's adverts during the overlap. If it has them, they reached its NIC and
 * were dropped on the host; if it has none, they were lost on the way.
 */
import type { Speaker, VirtualRouter } from '../model/types.js';
import type { ReceptionMatrix } from './reception-matrix.js';

export interface ReceptionCause {
  text: string;
  fix: string;
}

/** At or above this share of the winner's adverts in the loser's own capture, they reached it. */
const RECEIVED_SHARE = 0.9;
/** At or below it, they did not. */
const LOST_SHARE = 0.1;

export function receptionCauses(
  matrix: ReceptionMatrix,
  router: VirtualRouter,
  winner: Speaker,
  losers: readonly Speaker[],
  from: number,
  to: number,
): ReceptionCause[] {
  const causes: ReceptionCause[] = [];
  for (const loser of losers) {
    const v = matrix.vantageOfHost(loser.ip);
    if (v < 0) continue;
    const heard = matrix.share(router, winner, v, from, to);
    if (heard.total === 0) continue;
    const sent = matrix.share(router, loser, v, from, to);
    const own = sent.seen > 0 ? ` (it shows ${loser.ip} sending ${sent.seen} adverts as master meanwhile)` : '';
    const label = matrix.ownCaptureLabel(v);
    const share = heard.seen / heard.total;
    if (share >= RECEIVED_SHARE) {
      causes.push({
        text:
          `${label} has ${heard.seen === heard.total ? 'every one' : `${heard.seen}`} of the ${heard.total} adverts of ${winner.ip} sent during the overlap${own}, ` +
          `yet ${loser.ip} stayed master: the adverts reach its NIC and are dropped on the host (firewall rule on IP protocol 112, wrong interface, auth or version mismatch)`,
        fix:
          `On ${loser.ip}: accept VRRP in the host firewall (\`nft list ruleset\` / \`iptables -S INPUT\`: allow IP protocol 112 on the VRRP interface), ` +
          'check that keepalived\'s `interface` is the one the adverts arrive on, and look in its log for received adverts it rejects.',
      });
    } else if (share <= LOST_SHARE) {
      causes.push({
        text:
          `${label} has ${heard.seen === 0 ? 'none' : `only ${heard.seen}`} of the ${heard.total} adverts of ${winner.ip} sent during the overlap${own}: ` +
          `they are lost on the path from ${winner.ip} to ${loser.ip} (switch, IGMP snooping, a one-way partition; see advert-loss)`,
        fix:
          `Find where the path from ${winner.ip} to ${loser.ip} drops IP protocol 112: switch ACLs, IGMP snooping for 224.0.0.18 / ff02::12 without a querier, ` +
          'a one-way link or VLAN membership; or use `unicast_peer` where multicast cannot be fixed.',
      });
    } else {
      causes.push({
        text: `${label} has ${heard.seen} of the ${heard.total} adverts of ${winner.ip} sent during the overlap${own}: a lossy path from ${winner.ip} to ${loser.ip}`,
        fix: `Find the loss on the path from ${winner.ip} to ${loser.ip} (link errors, congestion, storm control); a backup declares the master down after three adverts missed in a row.`,
      });
    }
  }
  return causes;
}
