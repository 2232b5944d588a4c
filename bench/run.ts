/**
 * `npm run bench`: times vrrp-inspect against its peers on the same capture in the same run, and prints the table
 * that goes into the README. Whole-process wall times (medians) and peak RSS from GNU time; tshark and tcpdump are
 * measured here, never taken from notes, because this machine is shared and its speed varies.
 *
 *   npm run bench                        1,000,000 frames for speed, 5,000,000 for memory
 *   npm run bench -- --frames 200000 --big 0 --runs 1    a quick look
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateMixedCapture } from './generate-mixed.js';

const CLI = fileURLToPath(new URL('../dist/bin/vrrp-inspect.js', import.meta.url));

interface Args {
  frames: number;
  big: number;
  runs: number;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { frames: 1_000_000, big: 5_000_000, runs: 5, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = Number(argv[i + 1]);
    if (k === '--frames') (a.frames = v), i++;
    else if (k === '--big') (a.big = v), i++;
    else if (k === '--runs') (a.runs = v), i++;
    else if (k === '--keep') a.keep = true;
  }
  return a;
}

interface Measure {
  wall: number;
  rssMiB: number;
  ok: boolean;
}

/** One run under GNU time: wall seconds and max RSS, the command's output thrown away. */
function timeOnce(cmd: string): Measure {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', 'sh', '-c', cmd], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [wall, rss] = last.split(' ').map(Number);
  return { wall: wall ?? NaN, rssMiB: (rss ?? NaN) / 1024, ok: r.status === 0 || r.status === 1 };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function measure(cmd: string, runs: number): Measure {
  const all = Array.from({ length: runs }, () => timeOnce(cmd));
  return { wall: median(all.map((m) => m.wall)), rssMiB: Math.max(...all.map((m) => m.rssMiB)), ok: all.every((m) => m.ok) };
}

function have(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function fmt(n: number, digits = 2): string {
  return Number.isFinite(n) ? n.toFixed(digits) : 'n/a';
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error('build first: npm run build');
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time is needed for peak memory: apt-get install time');
  const dir = mkdtempSync(join(tmpdir(), 'vi-bench-'));
  try {
    const file = join(dir, 'mixed.pcap');
    process.stderr.write(`generating ${args.frames.toLocaleString('en')} frames...\n`);
    const gen = generateMixedCapture(file, args.frames);
    const mb = statSync(file).size / 1e6;
    process.stderr.write(`  ${fmt(mb, 0)} MB: ${gen.vrrp} VRRP, ${gen.arp} ARP, ${gen.tagged} 802.1Q-tagged\n`);
    const node = process.execPath;
    const rows: { name: string; m: Measure }[] = [];
    const run = (name: string, cmd: string, runs = args.runs): Measure => {
      process.stderr.write(`timing ${name}...\n`);
      const m = measure(cmd, runs);
      rows.push({ name, m });
      return m;
    };
    const decode = run('vrrp-inspect decode --format jsonl', `${node} ${CLI} decode ${file} --format jsonl > /dev/null`);
    const audit = run('vrrp-inspect audit --format json', `${node} ${CLI} audit ${file} --format json --fail-on never > /dev/null`);
    const tcpdump = have('tcpdump')
      ? run("tcpdump -w /dev/null 'vrrp or arp or (vlan and (vrrp or arp))'", `tcpdump -r ${file} -w /dev/null 'vrrp or arp or (vlan and (vrrp or arp))' 2>/dev/null`)
      : null;
    const tshark = have('tshark') ? run("tshark -Y 'vrrp or arp'", `tshark -r ${file} -Y 'vrrp or arp' > /dev/null 2>&1`, 1) : null;

    let bigRows: { name: string; m: Measure }[] = [];
    if (args.big > 0) {
      const big = join(dir, 'mixed-big.pcap');
      process.stderr.write(`generating ${args.big.toLocaleString('en')} frames for the memory check...\n`);
      generateMixedCapture(big, args.big, 2);
      rmSync(file);
      bigRows = [
        { name: `decode, ${args.big.toLocaleString('en')} frames`, m: measure(`${node} ${CLI} decode ${big} --format jsonl > /dev/null`, 1) },
        { name: `audit, ${args.big.toLocaleString('en')} frames`, m: measure(`${node} ${CLI} audit ${big} --format json --fail-on never > /dev/null`, 1) },
      ];
    }

    const lines: string[] = [];
    lines.push(`Capture: ${args.frames.toLocaleString('en')} frames, ${fmt(mb, 0)} MB (2% VRRPv2, 3% ARP, rest TCP/UDP/IPv6, ~17% 802.1Q); median of ${args.runs} runs, whole process.`);
    lines.push('');
    lines.push('| command | wall (s) | frames/s | peak RSS (MiB) |');
    lines.push('|---|---:|---:|---:|');
    for (const { name, m } of [...rows, ...bigRows]) {
      const frames = name.includes(',') ? args.big : args.frames;
      lines.push(`| ${name} | ${fmt(m.wall)} | ${fmt(frames / m.wall / 1e3, 0)} k | ${fmt(m.rssMiB, 0)} |`);
    }
    lines.push('');
    const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
    if (tshark) {
      const rd = tshark.wall / decode.wall;
      const ra = tshark.wall / audit.wall;
      lines.push(`- decode is ${fmt(rd, 1)}x faster than tshark (target >= 50x: ${verdict(rd >= 50)})`);
      lines.push(`- audit is ${fmt(ra, 1)}x faster than tshark (target >= 50x: ${verdict(ra >= 50)})`);
    }
    if (tcpdump) {
      const rd = decode.wall / tcpdump.wall;
      const ra = audit.wall / tcpdump.wall;
      lines.push(`- decode takes ${fmt(rd, 2)}x tcpdump's BPF-only pass (target <= 2x: ${verdict(rd <= 2)})`);
      lines.push(`- audit takes ${fmt(ra, 2)}x tcpdump's BPF-only pass (target <= 2.5x: ${verdict(ra <= 2.5)})`);
    }
    for (const { name, m } of bigRows) lines.push(`- peak memory, ${name}: ${fmt(m.rssMiB, 0)} MiB (target < 150 MiB: ${verdict(m.rssMiB < 150)})`);
    const failed = [...rows, ...bigRows].filter((r) => !r.m.ok).map((r) => r.name);
    if (failed.length) lines.push(`- commands that failed: ${failed.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

main();
