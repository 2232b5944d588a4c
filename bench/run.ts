/**
 * `npm run bench`: times vrrp-inspect against its peers on the same captures in the same run, and prints the tables
 * that go into the README with a verdict for every target of issue #10. Whole-process wall times (medians) and peak
 * RSS from GNU time; tshark, tcpdump and the Node record-walk floor are measured here, never taken from notes, because
 * this machine is shared and its speed varies.
 *
 *   npm run bench                  every mix at 1,000,000 frames (5 runs), memory at 5,000,000, start-up, workers
 *   npm run bench -- --quick       200,000 frames, 3 runs, memory at 500,000: a look in under 3 minutes (idle machine)
 *   options: --frames N --big N (0: no memory pass) --runs N --mix mixed,arp-speakers,vrrp-speakers
 *            --workers-only (only the several-captures section) --startup-only (only start-up)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateManySpeakersCapture } from './generate-many-speakers.js';
import { generateMix, MIX_DESCRIPTIONS, MIX_NAMES, type MixName } from './mixes.js';

const CLI = fileURLToPath(new URL('../dist/bin/vrrp-inspect.js', import.meta.url));
const FLOOR = fileURLToPath(new URL('./record-walk-floor.mjs', import.meta.url));
const OUTPUT_FLOOR = fileURLToPath(new URL('./output-floor.mjs', import.meta.url));
const PARALLEL_PROBE = fileURLToPath(new URL('./parallel-probe.mjs', import.meta.url));
const SMALL_FIXTURE = fileURLToPath(new URL('../fixtures/pcaps/failover-clean.pcap', import.meta.url));
/** The largest fixture (57 frames): eight copies of it show what a worker costs when there is little to audit. */
const WORKER_FIXTURE = fileURLToPath(new URL('../fixtures/pcaps/garp-storm.pcap', import.meta.url));
const TCPDUMP_FILTER = "'vrrp or arp or (vlan and (vrrp or arp))'";

interface Args {
  frames: number;
  big: number;
  runs: number;
  mixes: MixName[];
  startupRuns: number;
  workerFrames: number;
  /** --workers-only: only the several-captures section. */
  workersOnly: boolean;
  /** --startup-only: only the start-up section. */
  startupOnly: boolean;
}

function parseArgs(argv: string[]): Args {
  const quick = argv.includes('--quick');
  const a: Args = quick
    ? { frames: 200_000, big: 500_000, runs: 3, mixes: [...MIX_NAMES], startupRuns: 11, workerFrames: 50_000, workersOnly: false, startupOnly: false }
    : { frames: 1_000_000, big: 5_000_000, runs: 5, mixes: [...MIX_NAMES], startupRuns: 21, workerFrames: 200_000, workersOnly: false, startupOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1] ?? '';
    if (k === '--frames') (a.frames = Number(v)), i++;
    else if (k === '--big') (a.big = Number(v)), i++;
    else if (k === '--runs') (a.runs = Number(v)), i++;
    else if (k === '--mix') (a.mixes = v.split(',') as MixName[]), i++;
    else if (k === '--workers-only') a.workersOnly = true;
    else if (k === '--startup-only') a.startupOnly = true;
  }
  for (const m of a.mixes) if (!MIX_NAMES.includes(m)) throw new Error(`unknown mix ${m}; known: ${MIX_NAMES.join(', ')}`);
  return a;
}

interface Measure {
  wall: number;
  /** User + system CPU seconds of all the process's threads. */
  cpu: number;
  rssMiB: number;
  ok: boolean;
}

/** One run under GNU time: wall seconds and max RSS, the command's output thrown away. */
function timeOnce(cmd: string): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', 'sh', '-c', cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss, user, system] = last.split(' ').map(Number);
  // audit exits 1 when it has findings at --fail-on's level; tshark and tcpdump exit 0.
  return { wall: wall ?? NaN, cpu: (user ?? NaN) + (system ?? NaN), rssMiB: (rss ?? NaN) / 1024, ok: r.status === 0 || r.status === 1 };
}

/** High-resolution wall time of one run (for start-up, where GNU time's 10 ms resolution is too coarse). */
function wallOnce(argv: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t0 = process.hrtime.bigint();
  spawnSync(argv[0] as string, argv.slice(1), { stdio: 'ignore', env });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measure(cmd: string, runs: number): Measure {
  return summarise(Array.from({ length: runs }, () => timeOnce(cmd)));
}

/** Medians of wall and CPU time, the largest peak RSS; failed if any run failed. */
function summarise(all: Measure[]): Measure {
  return {
    wall: median(all.map((m) => m.wall)),
    cpu: median(all.map((m) => m.cpu)),
    rssMiB: Math.max(...all.map((m) => m.rssMiB)),
    ok: all.every((m) => m.ok),
  };
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
const log = (text: string): void => void process.stderr.write(`${text}\n`);

interface Row {
  name: string;
  m: Measure;
}

function table(frames: number, rows: Row[]): string[] {
  const lines = ['| command | wall (s) | frames/s | peak RSS (MiB) |', '|---|---:|---:|---:|'];
  for (const { name, m } of rows) lines.push(`| ${name} | ${fmt(m.wall)} | ${fmt(frames / m.wall / 1e3, 0)} k | ${fmt(m.rssMiB, 0)} |`);
  return lines;
}

/** Speed on one mix: vrrp-inspect, tcpdump, tshark and the Node floor on the same file, in the same run. */
function speedOfMix(mix: MixName, dir: string, args: Args, out: string[]): void {
  const node = process.execPath;
  const file = join(dir, `${mix}.pcap`);
  log(`${mix}: generating ${args.frames.toLocaleString('en')} frames...`);
  const gen = generateMix(mix, file, args.frames);
  const mb = statSync(file).size / 1e6;
  const rows: Row[] = [];
  const run = (name: string, cmd: string, runs = args.runs): Measure => {
    log(`${mix}: timing ${name}...`);
    const m = measure(cmd, runs);
    rows.push({ name, m });
    return m;
  };
  const floor = run('Node record-walk floor (readSync, headers, EtherType/IP protocol)', `${node} ${FLOOR} ${file} > /dev/null`);
  const decode = run('vrrp-inspect decode --format jsonl', `${node} ${CLI} decode ${file} --format jsonl > /dev/null`);
  const audit = run('vrrp-inspect audit --format json', `${node} ${CLI} audit ${file} --format json --fail-on never > /dev/null`);
  const tcpdump = have('tcpdump') ? run(`tcpdump -w /dev/null ${TCPDUMP_FILTER}`, `tcpdump -r ${file} -w /dev/null ${TCPDUMP_FILTER} 2>/dev/null`) : null;
  const tshark = have('tshark') ? run("tshark -Y 'vrrp or arp'", `tshark -r ${file} -Y 'vrrp or arp' > /dev/null 2>&1`, 1) : null;
  log(`${mix}: timing the output alone...`);
  const decodeOutput = outputFloor(`${node} ${CLI} decode ${file} --format jsonl`, 'jsonl', join(dir, `${mix}.jsonl`));
  const auditOutput = outputFloor(`${node} ${CLI} audit ${file} --format json --fail-on never`, 'json', join(dir, `${mix}.json`));
  rmSync(file);

  out.push(`### ${mix}`, '');
  out.push(`${args.frames.toLocaleString('en')} frames, ${fmt(mb, 0)} MB: ${MIX_DESCRIPTIONS[mix]} (${gen.vrrp} VRRP, ${gen.arp} ARP, ${gen.tagged} tagged); median of ${args.runs} runs (tshark: 1), whole process.`, '');
  out.push(...table(args.frames, rows), '');
  if (tcpdump) {
    const rd = decode.wall / tcpdump.wall;
    const ra = audit.wall / tcpdump.wall;
    out.push(`- decode takes ${fmt(rd)}x tcpdump's BPF-only pass (target <= 2x: ${verdict(rd <= 2)})`);
    out.push(`- audit takes ${fmt(ra)}x tcpdump's BPF-only pass (target <= 2.5x: ${verdict(ra <= 2.5)})`);
    out.push(`- the Node floor takes ${fmt(floor.wall / tcpdump.wall)}x tcpdump; decode ${fmt(decode.wall / floor.wall)}x and audit ${fmt(audit.wall / floor.wall)}x the floor`);
    const lowerDecode = floor.wall + decodeOutput.seconds;
    const lowerAudit = floor.wall + auditOutput.seconds;
    out.push(
      `- output alone (what was printed, written again in-process: decode by ${decodeOutput.writer}, audit by ${auditOutput.writer}): decode ${fmt(decodeOutput.seconds, 3)} s (${fmt(decodeOutput.mb, 1)} MB), ` +
        `audit ${fmt(auditOutput.seconds, 3)} s (${fmt(auditOutput.mb, 1)} MB); floor + output = decode ${fmt(lowerDecode / tcpdump.wall)}x, ` +
        `audit ${fmt(lowerAudit / tcpdump.wall)}x tcpdump${tshark ? `, audit ${fmt(tshark.wall / lowerAudit, 1)}x faster than tshark` : ''} (the least we know a Node program printing this output to need)`,
    );
  }
  if (tshark) {
    const ra = tshark.wall / audit.wall;
    out.push(`- audit is ${fmt(ra, 1)}x faster than tshark (target >= 60x: ${verdict(ra >= 60)})`);
  }
  const failed = rows.filter((r) => !r.m.ok).map((r) => r.name);
  if (failed.length) out.push(`- commands that failed: ${failed.join(', ')}`);
  out.push('');
}

/** Runs `cmd` once into `outFile`, then times serialising that output alone (bench/output-floor.mjs); removes the file. */
function outputFloor(cmd: string, kind: 'jsonl' | 'json', outFile: string): { seconds: number; mb: number; writer: string } {
  spawnSync('sh', ['-c', `${cmd} > ${outFile}`], { stdio: 'ignore' });
  const mb = statSync(outFile).size / 1e6;
  const r = spawnSync(process.execPath, [OUTPUT_FLOOR, kind, outFile], { encoding: 'utf8', maxBuffer: 1 << 20 });
  rmSync(outFile, { force: true });
  const [seconds, writer] = r.status === 0 ? r.stdout.trim().split(' ') : [];
  return { seconds: seconds === undefined ? NaN : Number(seconds), mb, writer: writer ?? 'n/a' };
}

/** Peak memory on a big file of every mix (one run each: memory does not vary like time does). */
function memoryOfMixes(dir: string, args: Args, out: string[]): void {
  const node = process.execPath;
  const rows: Row[] = [];
  for (const mix of args.mixes) {
    const file = join(dir, `${mix}-big.pcap`);
    log(`${mix}: generating ${args.big.toLocaleString('en')} frames for the memory check...`);
    generateMix(mix, file, args.big, 2);
    log(`${mix}: memory of decode and audit...`);
    rows.push({ name: `${mix}: decode --format jsonl`, m: measure(`${node} ${CLI} decode ${file} --format jsonl > /dev/null`, 1) });
    rows.push({ name: `${mix}: audit --format json`, m: measure(`${node} ${CLI} audit ${file} --format json --fail-on never > /dev/null`, 1) });
    rmSync(file);
  }
  out.push(`### Memory, ${args.big.toLocaleString('en')} frames of every mix`, '');
  out.push(...table(args.big, rows), '');
  const worst = Math.max(...rows.map((r) => r.m.rssMiB));
  out.push(`- largest peak RSS: ${fmt(worst, 0)} MiB (target <= 100 MiB: ${verdict(worst <= 100)})`, '');
}

/**
 * Start-up: audit of a 20-frame capture against `node -e 0`, interleaved so both see the same machine load. Also with
 * NODE_EXTRA_CA_CERTS removed from the environment: where it is set (this development machine sets it), every Node
 * process loads the system's and that file's certificates before running anything, about 425 M instructions of
 * `node -e 0`'s 510 M (callgrind), which vrrp-inspect never uses; the ratio without them is what a user without that
 * variable sees, and the verdict is on the larger of the two ratios.
 */
function startup(args: Args, out: string[]): void {
  log('start-up...');
  const node = process.execPath;
  const withoutCerts = { ...process.env };
  delete withoutCerts['NODE_EXTRA_CA_CERTS'];
  const envs: { what: string; env: NodeJS.ProcessEnv }[] = [{ what: 'environment as is', env: process.env }];
  if (process.env['NODE_EXTRA_CA_CERTS'] !== undefined) envs.push({ what: 'without NODE_EXTRA_CA_CERTS', env: withoutCerts });
  out.push(`### Start-up (median of ${args.startupRuns}, interleaved)`, '');
  out.push('| environment | command | wall (ms) | x node -e 0 |', '|---|---|---:|---:|');
  let worst = 0;
  for (const { what, env } of envs) {
    const bare: number[] = [];
    const audit: number[] = [];
    const decode: number[] = [];
    for (let i = 0; i < args.startupRuns; i++) {
      bare.push(wallOnce([node, '-e', '0'], env));
      audit.push(wallOnce([node, CLI, 'audit', SMALL_FIXTURE, '--fail-on', 'never'], env));
      decode.push(wallOnce([node, CLI, 'decode', SMALL_FIXTURE], env));
    }
    const b = median(bare);
    const a = median(audit);
    const d = median(decode);
    out.push(`| ${what} | node -e 0 | ${fmt(b * 1e3, 0)} | 1.00 |`);
    out.push(`| ${what} | vrrp-inspect audit (20 frames, text) | ${fmt(a * 1e3, 0)} | ${fmt(a / b)} |`);
    out.push(`| ${what} | vrrp-inspect decode (20 frames, text) | ${fmt(d * 1e3, 0)} | ${fmt(d / b)} |`);
    worst = Math.max(worst, a / b);
  }
  out.push('');
  out.push(`- audit of a 20-frame capture takes ${fmt(worst)}x node -e 0 (the larger ratio above; target <= 1.5x: ${verdict(worst <= 1.5)})`, '');
}

/**
 * Several captures in one audit: one auditing thread per core (--jobs <cores>) and the default (lanes by cores and
 * size, see src/cli/workers/lanes.ts) against --jobs 1, eight copies of one capture: a fixture, a 2,000-frame capture
 * and a large one. The three commands run interleaved (a shared machine drifts); CPU time (user + system, all threads)
 * is printed beside the wall time because it tells, even on a busy machine, what a second lane costs. The verdict is
 * on the thread-per-core run over the large copies: it is what "uses the machine's cores" means. Beside it: the same
 * eight audits as eight commands one after another (what a shell loop does), and what two cores give two programs at
 * once on this machine whatever they are (bench/parallel-probe.mjs): the ceiling no lane layout can pass.
 */
function workers(dir: string, args: Args, out: string[]): void {
  const node = process.execPath;
  const cores = cpus().length;
  const sets: { what: string; make: (file: string) => void }[] = [
    { what: `fixture ${basename(WORKER_FIXTURE)}`, make: (file) => copyFileSync(WORKER_FIXTURE, file) },
    { what: '2,000 frames of `mixed`', make: (file) => generateMix('mixed', file, 2_000, 3) },
    { what: `${args.workerFrames.toLocaleString('en')} frames of \`mixed\``, make: (file) => generateMix('mixed', file, args.workerFrames, 3) },
  ];
  out.push(`### Several captures (8 copies of one capture, ${cores} cores, medians of ${args.runs}, interleaved)`, '');
  out.push(
    `| 8 copies of | --jobs 1 wall (s) | --jobs ${cores} wall | default wall | 8 commands wall (--jobs ${cores} / it) | --jobs 1 CPU (s) | --jobs ${cores} CPU | default CPU | peak RSS --jobs 1 / ${cores} (MiB) |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  let ratio = NaN;
  let defaultRatio = NaN;
  let loopRatio = NaN;
  let failed = false;
  for (const set of sets) {
    log(`workers: 8 copies of ${set.what}...`);
    const files = Array.from({ length: 8 }, (_, i) => join(dir, `workers-${i}.pcap`));
    set.make(files[0] as string);
    for (const copy of files.slice(1)) copyFileSync(files[0] as string, copy);
    const base = `${node} ${CLI} audit ${files.join(' ')} --format json --fail-on never`;
    // A failing audit must fail the loop too (exit 1 is findings, anything else an error).
    const loop = `for f in ${files.join(' ')}; do ${node} ${CLI} audit "$f" --format json --fail-on never > /dev/null || exit 2; done`;
    const cmds = [`${base} --jobs 1 > /dev/null`, `${base} --jobs ${cores} > /dev/null`, `${base} > /dev/null`, loop];
    const [one, perCore, byDefault, commands] = measureInterleaved(cmds, args.runs) as [Measure, Measure, Measure, Measure];
    for (const f of files) rmSync(f);
    const x = (m: Measure): string => `${fmt(m.wall)} (${fmt(m.wall / one.wall)}x)`;
    out.push(
      `| ${set.what} | ${fmt(one.wall)} | ${x(perCore)} | ${x(byDefault)} | ${fmt(commands.wall)} (${fmt(perCore.wall / commands.wall)}x) | ${fmt(one.cpu)} | ${fmt(perCore.cpu)} | ${fmt(byDefault.cpu)} | ${fmt(one.rssMiB, 0)} / ${fmt(perCore.rssMiB, 0)} |`,
    );
    ratio = perCore.wall / one.wall;
    defaultRatio = byDefault.wall / one.wall;
    loopRatio = perCore.wall / commands.wall;
    failed ||= !one.ok || !perCore.ok || !byDefault.ok || !commands.ok;
  }
  out.push('');
  out.push(`- eight large captures on ${cores} threads take ${fmt(ratio)}x the one-after-another time in one command (target <= 0.65x: ${verdict(ratio <= 0.65)}); the default takes ${fmt(defaultRatio)}x; against eight commands one after another, ${fmt(loopRatio)}x`);
  const [alone, spinAlone, together, spinTogether] = measureInterleaved(
    [`${node} ${PARALLEL_PROBE} alloc > /dev/null`, `${node} ${PARALLEL_PROBE} spin > /dev/null`, `${node} ${PARALLEL_PROBE} alloc > /dev/null & ${node} ${PARALLEL_PROBE} alloc > /dev/null & wait`, `${node} ${PARALLEL_PROBE} spin > /dev/null & ${node} ${PARALLEL_PROBE} spin > /dev/null & wait`],
    args.runs,
  ) as [Measure, Measure, Measure, Measure];
  out.push(
    `- this machine's ceiling (bench/parallel-probe.mjs, two copies at once against two one after another): an allocation-heavy program ${fmt(together.wall / (2 * alone.wall))}x (${fmt(alone.wall)} s alone, ${fmt(together.wall)} s two at once), arithmetic only ${fmt(spinTogether.wall / (2 * spinAlone.wall))}x: the least two lanes can take, the first for work that allocates as an audit does`,
  );
  if (failed) out.push('- a command failed: the times above are not valid');
  out.push('');
}

/** Each command `runs` times, taking turns, so that a machine whose load drifts treats them alike. */
function measureInterleaved(cmds: string[], runs: number): Measure[] {
  const all: Measure[][] = cmds.map(() => []);
  for (let r = 0; r < runs; r++) cmds.forEach((cmd, i) => all[i]?.push(timeOnce(cmd)));
  return all.map(summarise);
}

/** Issue #9: 10,000 adverts of one VRID from 300 speakers that all claim master; audit must stay linear (< 1 s). */
function manySpeakers(dir: string, args: Args, out: string[]): void {
  const file = join(dir, 'many-speakers.pcap');
  generateManySpeakersCapture(file, 300, 10_000);
  process.stderr.write('timing audit of 10,000 adverts from 300 speakers of one VRID...\n');
  const m = measure(`${process.execPath} ${CLI} audit ${file} --format json --fail-on never > /dev/null`, args.runs);
  out.push(`- audit of 10,000 adverts from 300 speakers of one VRID: ${fmt(m.wall)} s (target < 1 s: ${verdict(m.ok && m.wall < 1)})`, '');
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error('build first: npm run build');
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is needed for peak memory: apt-get install time');
  const dir = mkdtempSync(join(tmpdir(), 'vi-bench-'));
  const out: string[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  out.push(`Machine: ${cpus().length} x ${cpu}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`, '');
  try {
    if (args.workersOnly) workers(dir, args, out);
    else if (args.startupOnly) startup(args, out);
    else {
      for (const mix of args.mixes) speedOfMix(mix, dir, args, out);
      if (args.big > 0) memoryOfMixes(dir, args, out);
      startup(args, out);
      workers(dir, args, out);
      manySpeakers(dir, args, out);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
