/** Reading whole capture files through the project's reader, for the pcap-backed decoder tests. */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SHARED_PCAPS } from '../helpers/shared-pcaps.js';
import { readCapture } from '../../src/capture/open-capture.js';
import { createDecodeOptions, decodeFrame } from '../../src/decoders/decode-frame.js';
import type { DecodeOptions, FrameInfo } from '../../src/decoders/frame-info.js';

export const FIXTURE_PCAPS = resolve(process.cwd(), 'fixtures/pcaps');

export { SHARED_PCAPS };

/** Capture files directly in `dir` (never its subfolders, so `restricted/` stays out). */
export function listCaptures(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(pcap|pcapng|cap)(\.gz)?$/.test(e.name))
    .map((e) => join(dir, e.name))
    .sort();
}

/** Decodes every frame of a capture (with `all`, unless options say otherwise). Decoding errors propagate. */
export async function decodeCaptureFile(path: string, options: Partial<DecodeOptions> = {}): Promise<FrameInfo[]> {
  const opts = createDecodeOptions({ all: true, ...options });
  const out: FrameInfo[] = [];
  await readCapture({ kind: 'file', path }, (raw) => {
    const f = decodeFrame(raw, opts);
    if (f) out.push(f);
  });
  return out;
}
