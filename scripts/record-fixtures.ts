/**
 * Records the keepalived fixture captures in a namespace lab (root only):
 *
 *   npx tsx scripts/record-fixtures.ts              # every scenario
 *   npx tsx scripts/record-fixtures.ts preempt ...  # only these
 *   npx tsx scripts/record-fixtures.ts --list
 *
 * Each scenario writes fixtures/pcaps/<name>.pcap[ng], <name>.md and each node's keepalived.conf as <name>.<node>.conf
 * (scenarios with several vantage points: a directory fixtures/pcaps/<name>/ with one capture per member and notes.md).
 * Every statement in the notes is checked
 * against tshark's decode of the capture; a scenario whose claims fail is reported and its files are not kept.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './lab/exec.js';
import { labAvailable } from './lab/availability.js';
import { readFrameRows, captureInfo } from './lab/tshark-frames.js';
import { SCENARIOS } from './lab/scenarios/catalog.js';
import { renderNotes, type ToolVersions } from './lab/scenarios/notes.js';
import { RecordingSession } from './lab/scenarios/session.js';
import type { Scenario } from './lab/scenarios/types.js';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'pcaps');

async function firstLine(argv: string[]): Promise<string> {
  const r = await run(argv, { allowFailure: true });
  return (r.stdout + r.stderr).split('\n').find((l) => l.trim().length > 0)?.trim() ?? 'unknown';
}

async function toolVersions(): Promise<ToolVersions> {
  const tcpdump = (await run(['tcpdump', '--version'], { allowFailure: true })).stdout.split('\n');
  return {
    keepalived: await firstLine(['keepalived', '--version']),
    tcpdump: tcpdump[0]?.trim() ?? 'unknown',
    libpcap: tcpdump[1]?.trim() ?? 'unknown',
    dumpcap: (await firstLine(['dumpcap', '-v'])).replace(/ \(Git.*$/, ''),
    tshark: (await firstLine(['tshark', '-v'])).replace(/ \(Git.*$/, ''),
    kernel: (await firstLine(['uname', '-r'])),
  };
}

let active: RecordingSession | undefined;

// An interrupted run still removes its namespaces and daemons.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void (active?.finish() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

async function recordOne(scenario: Scenario, versions: ToolVersions): Promise<void> {
  const file = join(OUT_DIR, `${scenario.name}.${scenario.ext}`);
  const tmp = `${file}.recording`;
  rmSync(tmp, { force: true });
  const session = new RecordingSession(tmp);
  active = session;
  try {
    await scenario.record(session);
  } finally {
    await session.finish();
    active = undefined;
  }
  const rows = await readFrameRows(tmp);
  let facts;
  try {
    facts = scenario.verify(rows, session);
  } catch (err) {
    // Keep what keepalived said next to the kept capture, to see why the scenario went another way.
    writeFileSync(join(tmpdir(), `${scenario.name}.failed.logs.txt`), session.logs.map((l) => `== ${l.member}\n${l.text}`).join('\n'));
    throw err;
  }
  const info = await captureInfo(tmp);
  if (scenario.vantages) {
    await keepVantages(scenario, session, tmp, rows, facts, info, versions);
    return;
  }
  renameSync(tmp, file);
  const notes = renderNotes({
    scenario, file: basename(file), session, rows, info, facts, versions,
    recordedAt: new Date().toISOString().slice(0, 10),
  });
  writeFileSync(join(OUT_DIR, `${scenario.name}.md`), notes);
  // Each node's keepalived.conf beside the capture, for `lint` and `audit --keepalived`.
  for (const [member, text] of session.configs) writeFileSync(join(OUT_DIR, `${scenario.name}.${member}.conf`), text.endsWith('\n') ? text : `${text}\n`);
}

/** Several vantage points: checks the members' captures, then writes `<name>/obs.<ext>`, `<name>/<member>.<ext>`, `notes.md`. */
async function keepVantages(
  scenario: Scenario,
  session: RecordingSession,
  tmp: string,
  rows: Awaited<ReturnType<typeof readFrameRows>>,
  facts: ReturnType<Scenario['verify']>,
  info: Awaited<ReturnType<typeof captureInfo>>,
  versions: ToolVersions,
): Promise<void> {
  const byMember = new Map<string, Awaited<ReturnType<typeof readFrameRows>>>();
  for (const [member, file] of session.vantageFiles) byMember.set(member, await readFrameRows(file));
  const extra = scenario.verifyVantages?.(byMember, rows) ?? [];
  const dir = join(OUT_DIR, scenario.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  renameSync(tmp, join(dir, `obs.${scenario.ext}`));
  for (const [member, file] of session.vantageFiles) renameSync(file, join(dir, `${member}.${scenario.ext}`));
  const notes = renderNotes({
    scenario, file: `obs.${scenario.ext}`, session, rows, info,
    facts: { ...facts, keyFrames: [...facts.keyFrames, ...extra] }, versions,
    recordedAt: new Date().toISOString().slice(0, 10),
  });
  writeFileSync(join(dir, 'notes.md'), notes);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const s of SCENARIOS) process.stdout.write(`${s.name}\t${s.title}\n`);
    return 0;
  }
  const avail = await labAvailable(['ip', 'bridge', 'keepalived', 'tcpdump', 'dumpcap', 'arping', 'tshark', 'capinfos']);
  if (!avail.ok) {
    process.stderr.write(`record-fixtures: ${avail.reason}\n`);
    return 2;
  }
  const unknown = args.filter((a) => !SCENARIOS.some((s) => s.name === a));
  if (unknown.length) {
    process.stderr.write(`record-fixtures: unknown scenario(s): ${unknown.join(', ')} (see --list)\n`);
    return 2;
  }
  const chosen = args.length ? SCENARIOS.filter((s) => args.includes(s.name)) : SCENARIOS;
  mkdirSync(OUT_DIR, { recursive: true });
  const versions = await toolVersions();
  let failed = 0;
  for (const s of chosen) {
    const started = Date.now();
    try {
      await recordOne(s, versions);
      process.stdout.write(`ok    ${s.name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
    } catch (err) {
      failed++;
      const tmp = join(OUT_DIR, `${s.name}.${s.ext}.recording`);
      const kept = join(tmpdir(), `${s.name}.failed.${s.ext}`);
      if (existsSync(tmp)) renameSync(tmp, kept);
      for (const m of s.vantages ?? []) if (existsSync(`${tmp}.${m}`)) renameSync(`${tmp}.${m}`, `${kept}.${m}`);
      process.stdout.write(`FAIL  ${s.name}: ${err instanceof Error ? err.message : String(err)}${existsSync(kept) ? ` (capture kept: ${kept})` : ''}\n`);
    }
  }
  return failed ? 1 : 0;
}

process.exitCode = await main();
