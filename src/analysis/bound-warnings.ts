/**
 * The model keeps bounded state (router-tracker.ts: MAX_TRANSITIONS, MAX_ACTIVE_PERIODS) so that memory does not grow
 * with the capture's length. When a bound dropped something, the document says so in `input.warnings`, next to the
 * capture's own warnings, so a reader knows which lists are partial.
 */
import type { CaptureWarning } from '../capture/raw-frame.js';
import { MAX_ACTIVE_PERIODS, MAX_TRANSITIONS, type TrackerBounds } from './model/router-tracker.js';

export function boundWarnings(b: TrackerBounds): CaptureWarning[] {
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
  return out;
}
