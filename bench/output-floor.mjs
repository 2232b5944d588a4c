/**
 * The output floor: how long writing a document we already printed takes, whatever the decoder or the analysis do,
 * so that the benchmark can say how much of a command's time its output costs. The file is parsed first (not timed);
 * then:
 * - jsonl: every line goes through decode's own JSON Lines writer (src/report/decode-jsonl.ts, bytes straight into
 *   64 KiB blocks) and, for comparison, through JSON.stringify joined into 64 KiB blocks; the faster of the two counts;
 * - json: the one document, indented by two spaces as `audit --format json` prints it, through JSON.stringify, the
 *   fastest way V8 has to make that text (hand-written template and byte writers for it measured slower, see
 *   docs/performance.md).
 * Both are written to /dev/null. So this is the least we know a Node program printing this output to spend on it,
 * above the record-walk floor.
 * Prints the seconds (median of 5), and for jsonl which writer it was.
 * Usage: node bench/output-floor.mjs jsonl|json file   (after npm run build: it loads dist/report/decode-jsonl.js)
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { JsonlFrameWriter } from '../dist/report/decode-jsonl.js';

const [kind, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const fd = openSync('/dev/null', 'w');
const BLOCK = 1 << 16;

function writeJsonl(objects) {
  let parts = [];
  let size = 0;
  for (const o of objects) {
    const line = JSON.stringify(o);
    parts.push(line);
    size += line.length + 1;
    if (size >= BLOCK) {
      parts.push('');
      writeSync(fd, parts.join('\n'));
      parts = [];
      size = 0;
    }
  }
  parts.push('');
  writeSync(fd, parts.join('\n'));
}

function writeJson(doc) {
  const out = `${JSON.stringify(doc, null, 2)}\n`;
  for (let i = 0; i < out.length; i += BLOCK) writeSync(fd, out.slice(i, i + BLOCK));
}

/** decode's own writer, onto a stream that writes each block to /dev/null at once. */
async function writeJsonlBlocks(objects) {
  const writer = new JsonlFrameWriter({ write: (block) => (writeSync(fd, block), true) });
  for (const o of objects) writer.frame(o);
  await writer.end();
}

async function medianSeconds(run) {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[2];
}

if (kind === 'jsonl') {
  const objects = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
  const stringify = await medianSeconds(() => writeJsonl(objects));
  const blocks = await medianSeconds(() => writeJsonlBlocks(objects));
  process.stdout.write(`${Math.min(stringify, blocks).toFixed(3)} ${blocks <= stringify ? 'decode-jsonl' : 'JSON.stringify'}\n`);
} else if (kind === 'json') {
  const doc = JSON.parse(text);
  process.stdout.write(`${(await medianSeconds(() => writeJson(doc))).toFixed(3)} JSON.stringify\n`);
} else {
  throw new Error('usage: node bench/output-floor.mjs jsonl|json file');
}
closeSync(fd);
