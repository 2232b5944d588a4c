/**
 * What the capture lost, from every place a loss can be counted: pcapng interface statistics blocks in the stream
 * (dumpcap, `live -` from dumpcap), the engine's own counters (tcpdump's stderr) and the frames vrrp-inspect discarded
 * itself. It also remembers when each loss was noticed, so that a finding a lost frame can cause (a gap, a missing
 * advert or GARP) can say that the capture, not the network, may be to blame.
 */
import type { CaptureDoc, FindingDoc } from '../analysis/audit-document.js';
import type { InterfaceStatistics } from '../capture/raw-frame.js';
import { unknownDropsReason } from '../report/format.js';
import type { LiveSource } from './live-source.js';

/** Rules whose findings stand on something not seen: a lost frame can create them. */
export const LOSS_SENSITIVE_RULES: ReadonlySet<string> = new Set(['slow-takeover', 'missing-garp', 'master-flapping']);

/**
 * A loss this long before a finding's first evidence can still be its cause: a lost advert starts a gap that ends in a
 * takeover seconds later (3 intervals and the skew at the usual 1 s interval, plus the 5 s GARP window).
 */
const RELEVANCE_BEFORE_S = 10;
/** Loss windows kept; older ones merge, so memory stays flat on a capture that drops all day. */
const MAX_WINDOWS = 256;

interface LossWindow {
  /** Capture time of the previous count, when none of these drops had been counted yet. */
  from: number;
  /** Capture time the drops were counted. */
  to: number;
  count: number;
}

export class DropLedger {
  /** Latest cumulative drops per run-wide interface number, from statistics blocks. */
  private readonly statistics = new Map<number, number>();
  private readonly windows: LossWindow[] = [];
  private lastTotal = 0;
  private lastSampleTs: number | null = null;

  constructor(private readonly source: LiveSource) {}

  /** A pcapng statistics block of stream `ifaceBase`. */
  noteStatistics(ifaceBase: number, s: InterfaceStatistics): void {
    if (s.interfaceDrops === null && s.osDrops === null) return;
    this.statistics.set(ifaceBase + s.iface, (s.interfaceDrops ?? 0) + (s.osDrops ?? 0));
  }

  /** Kernel drops known so far; null while no count has arrived (or the engine cannot count). */
  kernelDrops(): number | null {
    const engine = this.source.engineDrops();
    if (this.statistics.size === 0) return engine;
    let n = engine ?? 0;
    for (const v of this.statistics.values()) n += v;
    return n;
  }

  doc(): CaptureDoc {
    const kernel = this.kernelDrops();
    const tool = this.source.toolDrops();
    return {
      engine: this.source.engine,
      interfaces: [...this.source.interfaces],
      drops: kernel === null ? null : kernel + tool,
      kernelDrops: kernel,
      toolDrops: tool,
    };
  }

  /** Records any loss counted since the last sample, as having happened between then and `ts` (capture time). */
  sample(ts: number): void {
    const total = (this.kernelDrops() ?? 0) + this.source.toolDrops();
    if (total > this.lastTotal) {
      // Drops counted at the first sample (or only at the end, as dumpcap reports them) may be from any time before.
      this.windows.push({ from: this.lastSampleTs ?? Number.NEGATIVE_INFINITY, to: ts, count: total - this.lastTotal });
      if (this.windows.length > MAX_WINDOWS) this.mergeOldest();
      this.lastTotal = total;
    }
    this.lastSampleTs = ts;
  }

  /**
   * Frames lost in time to cause this finding: 0 when none (or for findings a loss cannot cause), null when the loss
   * cannot be known (the engine cannot count kernel drops, or has not reported them yet).
   */
  dropsNear(finding: Pick<FindingDoc, 'rule' | 'firstTs' | 'lastTs'>): number | null {
    if (!LOSS_SENSITIVE_RULES.has(finding.rule)) return 0;
    if (this.kernelDrops() === null) return null;
    const from = finding.firstTs - RELEVANCE_BEFORE_S;
    let n = 0;
    for (const w of this.windows) if (w.to >= from && w.from <= finding.lastTs) n += w.count;
    return n;
  }

  /** The finding as reported, saying so when a loss may explain it (or when nobody can tell whether one happened). */
  annotate<T extends FindingDoc>(finding: T): T {
    const drops = this.dropsNear(finding);
    if (drops === 0) return finding;
    if (drops === null) {
      return {
        ...finding,
        message:
          `${finding.message} Whether the capture lost frames is unknown (${unknownDropsReason(this.source.engine)}): ` +
          'a lost advert or GARP may explain this finding.',
        captureDrops: null,
      };
    }
    return {
      ...finding,
      message:
        `${finding.message} The capture dropped ${drops} frame${drops === 1 ? '' : 's'} around this time: ` +
        'a lost advert or GARP may explain this finding (see the capture drops in the report).',
      captureDrops: drops,
    };
  }

  private mergeOldest(): void {
    const [a, b] = this.windows.splice(0, 2);
    if (a && b) this.windows.unshift({ from: a.from, to: b.to, count: a.count + b.count });
  }
}
