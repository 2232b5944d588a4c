/**
 * What one recording run accumulates: the lab(s) it built, the keepalived configs it used, a timeline of actions
 * (epoch seconds, so the notes can place them between frames) and, at the end, each node's keepalived log.
 */
import { Lab, type LabCaptureOptions, type LabOptions } from '../lab.js';
import { renderKeepalivedConfig, type KeepalivedConfig } from '../keepalived-config.js';
import type { KeepalivedProcess, StopMode } from '../keepalived-process.js';
import type { PacketCapture } from '../packet-capture.js';

export interface TimelineEntry {
  epoch: number;
  text: string;
}

export interface NodeLog {
  member: string;
  text: string;
}

function nowEpoch(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

export class RecordingSession {
  readonly timeline: TimelineEntry[] = [];
  readonly configs = new Map<string, string>();
  readonly logs: NodeLog[] = [];
  /** Free-form facts the scenario wants in its notes (e.g. arping output, why something was not possible). */
  readonly remarks: string[] = [];
  private current: Lab | undefined;

  constructor(readonly outFile: string) {}

  get lab(): Lab {
    if (!this.current) throw new Error('scenario: no lab created yet');
    return this.current;
  }

  async createLab(opts: LabOptions): Promise<Lab> {
    this.current = await Lab.create(opts);
    return this.current;
  }

  mark(text: string): void {
    this.timeline.push({ epoch: nowEpoch(), text });
  }

  async capture(member: string, opts: LabCaptureOptions = {}): Promise<PacketCapture> {
    const cap = await this.lab.startCapture(member, this.outFile, opts);
    this.mark(`capture started (${opts.tool ?? 'tcpdump'} on ${member}:${opts.iface ?? 'eth0'})`);
    return cap;
  }

  /** Capture files of the scenario's other vantage points, by member (written next to outFile). */
  readonly vantageFiles = new Map<string, string>();

  /** A capture on another member at the same time as the main one (several vantage points of one segment). */
  async captureVantage(member: string, opts: LabCaptureOptions = {}): Promise<PacketCapture> {
    const file = `${this.outFile}.${member}`;
    const cap = await this.lab.startCapture(member, file, opts);
    this.vantageFiles.set(member, file);
    this.mark(`capture started (${opts.tool ?? 'tcpdump'} on ${member}:${opts.iface ?? 'eth0'})`);
    return cap;
  }

  async startKeepalived(member: string, config: KeepalivedConfig): Promise<KeepalivedProcess> {
    const text = renderKeepalivedConfig(config);
    this.configs.set(member, text);
    const k = await this.lab.startKeepalived(member, text);
    this.mark(`keepalived started on ${member}`);
    return k;
  }

  async stopKeepalived(member: string, mode: StopMode): Promise<void> {
    this.mark(mode === 'graceful' ? `SIGTERM to keepalived on ${member} (graceful stop)` : `SIGKILL to keepalived on ${member} (crash)`);
    await this.lab.stopKeepalived(member, mode);
  }

  async waitMaster(member: string, timeoutMs = 15_000): Promise<void> {
    await this.lab.keepalived(member).waitForLog(/Entering MASTER STATE/, timeoutMs);
    this.mark(`${member} logs "Entering MASTER STATE"`);
  }

  /** Collects logs (minus the lab's temporary paths) and removes the lab. */
  async finish(): Promise<void> {
    const lab = this.current;
    if (!lab) return;
    for (const m of lab.memberNames()) {
      try {
        const text = lab.keepalived(m).log().split(lab.workDir).join('<lab>');
        this.logs.push({ member: m, text });
      } catch {
        // no keepalived on this member
      }
    }
    await lab.destroy();
    this.current = undefined;
  }
}
