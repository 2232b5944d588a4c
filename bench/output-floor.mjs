/**
 * The output floor: how long V8 alone takes to write a document we already printed, so that the benchmark can say how
 * much of a command's time its output costs whatever the decoder or the analysis do. The file is parsed first
 * (not timed); then every JSONL line (or the one JSON document, indented by two spaces as `audit --format json`
 * prints it) goes through JSON.stringify and is written to /dev/null in 64 KiB blocks, as the CLI writes. JSON.stringify
 * is the fastest way V8 has to make JSON text (hand-written template and byte writers measured slower, see
 * docs/performance.md); so this is the least we know a Node program printing this output to spend on it, above the
 * record-walk floor.
 * Prints the seconds (median of 5).
 * Usage: node bench/output-floor.mjs jsonl|json file
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';

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

let run;
if (kind === 'jsonl') {
  const objects = text.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l));
  run = () => writeJsonl(objects);
} else if (kind === 'json') {
  const doc = JSON.parse(text);
  run = () => writeJson(doc);
} else {
  throw new Error('usage: node bench/output-floor.mjs jsonl|json file');
}
const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = process.hrtime.bigint();
  run();
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
closeSync(fd);
times.sort((a, b) => a - b);
process.stdout.write(`${times[2].toFixed(3)}\n`);
