/** Messages between `live` and its capture child over the IPC channel (the frames themselves go over stdout). */

export interface CaptureChildConfig {
  device: string;
  filter: string;
  /** Kernel capture buffer, bytes (capture-settings.ts sizes it for the rate). */
  bufferBytes: number;
}

export type ChildToParent =
  | { type: 'opened'; linkType: number; capName: string }
  | { type: 'error'; code: 'cap-not-built' | 'open-failed' | 'unknown-link-type'; message: string }
  /** Frames the child discarded because the parent did not read its stream fast enough (cumulative). */
  | { type: 'drops'; tool: number };

export type ParentToChild = { type: 'stop' };
