import type { FrameRow } from '../tshark-frames.js';
import type { RecordingSession } from './session.js';

/** What the notes say about a recorded capture; every line is backed by a claim checked against tshark rows. */
export interface ScenarioFacts {
  /** "Frame 14: n1's priority-0 advert" and similar, in frame order. */
  keyFrames: string[];
  /** Findings an audit of this capture must produce (rule id first). */
  mustReport: string[];
  /** Findings that must NOT appear, with the reason. */
  mustNotReport: string[];
}

export interface Scenario {
  name: string;
  title: string;
  /** One paragraph for the notes: the situation being reproduced. */
  summary: string;
  ext: 'pcap' | 'pcapng';
  record(session: RecordingSession): Promise<void>;
  verify(rows: readonly FrameRow[], session: RecordingSession): ScenarioFacts;
  /**
   * Members captured at the same time as the observer (captures from several vantage points, for `audit --merge`).
   * Such a scenario writes a directory `fixtures/pcaps/<name>/` holding `obs.<ext>`, `<member>.<ext>` and `notes.md`.
   */
  vantages?: readonly string[];
  /** Checks on the members' captures (by member name) against the observer's; returns key-frame lines for the notes. */
  verifyVantages?(byMember: ReadonlyMap<string, readonly FrameRow[]>, observer: readonly FrameRow[]): string[];
}
