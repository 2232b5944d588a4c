/**
 * The model keeps bounded state (router-tracker.ts: MAX_TRANSITIONS, MAX_ACTIVE_PERIODS; address-claims.ts: MAX_HOSTS)
 * so that memory does not grow with the capture's length or its number of hosts. When a bound dropped something, the
 * document says so in `input.warnings`, next to the capture's own warnings, so a reader knows which lists are partial
 * and which judgements may have missed a host.
 */
import type { CaptureWarning } from '../capture/raw-frame.js';
import { MAX_HOSTS } from './model/address-claims.js';
import type { ModelBounds } from './model/model.js';
import { MAX_ACTIVE_PERIODS, MAX_TRANSITIONS } from './model/router-tracker.js';

export function boundWarnings(b: ModelBounds): CaptureWarning[] {
  const out: CaptureWarning[] = [];
  if (b.droppedTransitions > 0) {
    const routers = b.routersWithDroppedTransitions;
    out.push({
      code: 'transitions-dropped',
      message:
        `${routers} virtual router${routers > 1 ? 's' : ''} changed master more than ${MAX_TRANSITIONS} times: ` +
        `\`transitions\` keeps the latest ${MAX_TRANSITIONS} of each (${b.droppedTransitions} older ones dropped to bound memory); ` +
        '`failovers` and the findings count every one.',
      count: b.droppedTransitions,
    });
  }
  if (b.mergedPeriods > 0) {
    const speakers = b.speakersWithMergedPeriods;
    out.push({
      code: 'activity-merged',
      message:
        `${speakers} speaker${speakers > 1 ? 's' : ''} had more than ${MAX_ACTIVE_PERIODS} activity periods: ` +
        `their oldest \`activeIntervals\` were merged (${b.mergedPeriods} merges, to bound memory), so early silences do not show in timelines.`,
      count: b.mergedPeriods,
    });
  }
  if (b.forgottenAddresses > 0) {
    out.push({
      code: 'addresses-forgotten',
      message:
        `more than ${MAX_HOSTS} hosts claimed addresses in ARP/ND: the oldest address-to-MAC pairs were forgotten to bound memory ` +
        `(${b.forgottenAddresses} entries), so backup-answers-arp, rs-arp-for-vip, ipvs-forwarding-by-backup and the IPVS ` +
        'inventory may not have recognised a host whose own ARP came long before.',
      count: b.forgottenAddresses,
    });
  }
  return out;
}
