/**
 * Runs inside a network namespace for cap-capture.test.ts: captures on the device given in argv with the default filter
 * and reports, one JSON line each, the link type once open, every frame, and how the capture ended.
 */
import { readCapture } from '../../src/capture/open-capture.js';
import { buildCaptureFilter } from '../../src/live/bpf-filter.js';
import { startInterfaceCapture } from '../../src/live/cap-capture.js';

const device = process.argv[2] ?? 'eth0';
const out = (o: unknown): void => void process.stdout.write(`${JSON.stringify(o)}\n`);
const capture = await startInterfaceCapture({ device, filter: buildCaptureFilter() });
out({ opened: capture.linkType });
await readCapture({ kind: 'stream', stream: capture.stream, name: device }, (f) =>
  out({ frame: { ts: f.tsMicros, linkType: f.linkType, len: f.capLen } }),
);
const ended = await capture.ended;
out({ ended: ended ? { name: ended.name, message: ended.message } : null });
