/** The `decode` command's work, loaded only when it runs (see decode.ts for the options and help). */
import { decodeFrame, createDecodeOptions, plainTrafficPrefilter } from '../../decoders/decode-frame.js';
import { ipv4ToUint32 } from '../../decoders/addresses.js';
import { formatFrameText } from '../../report/decode-text.js';
import { JsonlFrameWriter } from '../../report/decode-jsonl.js';
import { UsageError } from '../../errors.js';
import { expandSingleInput } from '../inputs.js';
import { LineWriter, waitForDrain } from '../output.js';
import { readCliInput } from '../read-input.js';
import { frameNumberWanted, frameWanted, parseFrameRanges, parseKinds, parseVrids, type FrameFilterSpec } from '../frame-filter.js';
import { printWarnings } from '../warnings.js';
import { parseGuePorts } from '../shared-options.js';
import type { DecodeCliOptions } from './decode.js';

export async function runDecode(capture: string, opts: DecodeCliOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'jsonl') {
    throw new UsageError('bad-format', `--format must be text or jsonl, got '${opts.format}'`);
  }
  const spec: FrameFilterSpec = {
    vrids: parseVrids(opts.vrid ?? []),
    frames: parseFrameRanges(opts.frame ?? []),
    kinds: parseKinds(opts.only ?? []),
  };
  const guePorts = parseGuePorts(opts.guePort ?? []);
  const vips4 = new Set<number>();
  const vips6 = new Set<string>();
  const vipTexts = new Set<string>();
  const learnVip = (a: string): void => {
    vipTexts.add(a);
    if (a.includes(':')) vips6.add(a);
    else vips4.add(ipv4ToUint32(a));
  };
  const options = createDecodeOptions({ all: opts.all ?? false, showSecrets: opts.showSecrets ?? false, guePorts, vips4, vips6 });
  const input = expandSingleInput(capture, 'decode');
  // JSON Lines are written as bytes (report/decode-jsonl.ts); text lines are joined into blocks.
  const jsonl = opts.format === 'jsonl' ? new JsonlFrameWriter(process.stdout) : undefined;
  const text = jsonl ? undefined : new LineWriter(process.stdout);
  const summary = await readCliInput(input, (raw) => {
    if (!frameNumberWanted(spec, raw.index)) return;
    const frame = decodeFrame(raw, options);
    if (!frame) return;
    // VIPs learned from adverts make later traffic to them relevant (IPVS), as in `audit`.
    if (frame.vrrp) for (const a of frame.vrrp.addresses) if (!vipTexts.has(a)) learnVip(a);
    if (!frameWanted(spec, frame)) return;
    if (jsonl) jsonl.frame(frame);
    else text?.line(formatFrameText(frame));
  }, { backpressure: waitForDrain(process.stdout), prefilter: plainTrafficPrefilter(options) });
  await (jsonl ?? text)?.end();
  printWarnings(input.name, summary.warnings);
  return 0;
}
