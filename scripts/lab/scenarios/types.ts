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
}
