/** Renders `<name>.md`: provenance, configs, timeline, every frame (from tshark), key frames and audit expectations. */
import type { FrameRow } from '../tshark-frames.js';
import type { RecordingSession } from './session.js';
import type { Scenario, ScenarioFacts } from './types.js';

export interface ToolVersions {
  keepalived: string;
  tcpdump: string;
  libpcap: string;
  dumpcap: string;
  tshark: string;
  kernel: string;
}

export interface NotesInput {
  scenario: Scenario;
  file: string;
  session: RecordingSession;
  rows: readonly FrameRow[];
  info: { fileType: string; encapsulation: string; packets: number };
  facts: ScenarioFacts;
  versions: ToolVersions;
  recordedAt: string;
}

const INTERESTING_LOG = /\(VI_|Stopping|Stopped Keepalived|priority|mismatch|auth|interval|vmac|VMAC|unicast|ERROR|WARNING|Starting Keepalived|Sending|address list/i;

function cell(s: string): string {
  return s.replace(/\|/g, '\\|');
}

function frameTable(rows: readonly FrameRow[]): string[] {
  const out = ['| # | t (s) | source MAC | TTL | summary (tshark Info) |', '|---:|---:|---|---:|---|'];
  for (const r of rows) out.push(`| ${r.no} | ${r.rel.toFixed(3)} | ${r.ethSrc || '-'} | ${r.ttl ?? ''} | ${cell(r.info)} |`);
  return out;
}

function logExcerpt(text: string): string[] {
  const lines = text.split('\n').filter((l) => INTERESTING_LOG.test(l));
  return lines.length > 40 ? [...lines.slice(0, 40), `... (${lines.length - 40} more lines)`] : lines;
}

export function renderNotes(n: NotesInput): string {
  const t0 = n.rows[0]?.epoch ?? 0;
  const md: string[] = [];
  md.push(`# ${n.scenario.name}: ${n.scenario.title}`, '', n.scenario.summary, '');
  md.push('## How it was made', '');
  md.push(`- Recorded ${n.recordedAt} by \`npx tsx scripts/record-fixtures.ts ${n.scenario.name}\` in the namespace lab (\`scripts/lab/\`):`);
  md.push('  one Linux bridge (STP off, multicast snooping off) in its own namespace, each member in a namespace with a veth `eth0` into it.');
  md.push(`- Keepalived: ${n.versions.keepalived} (Debian package), run as \`keepalived -n -l -D -G -P -f <conf> -p <pid> -r <vrrp.pid>\` via \`ip netns exec\`.`);
  md.push(`- Capture: ${n.info.fileType}, ${n.info.encapsulation}, ${n.info.packets} frames; ${n.versions.tcpdump} / ${n.versions.libpcap}; ${n.versions.dumpcap}.`);
  md.push(`- Kernel ${n.versions.kernel}; decoded for these notes with ${n.versions.tshark}.`);
  md.push('- Addresses: nodes n*i* are 192.0.2.(10+*i*)/24 with MAC 02:00:00:00:01:0*i*; extra hosts 02:00:00:00:02:0*j*; the observer `obs` (02:00:00:00:0f:01) has no address and only listens.');
  for (const r of n.session.remarks) md.push(`- ${r}`);
  md.push('', '## Configuration', '');
  for (const [member, text] of n.session.configs) {
    md.push(`${member}:`, '', '```', text.trim(), '```', '');
  }
  md.push('## Timeline', '', 'Times relative to frame 1 of the capture (negative: before the first frame).', '');
  for (const e of n.session.timeline) md.push(`- t=${(e.epoch - t0).toFixed(3)} s: ${e.text}`);
  md.push('', '## Key frames', '', ...n.facts.keyFrames.map((l) => `- ${l}`), '');
  md.push('## What an audit must report', '', ...n.facts.mustReport.map((l) => `- ${l}`), '');
  md.push('## What an audit must NOT report', '', ...n.facts.mustNotReport.map((l) => `- ${l}`), '');
  md.push('## Every frame', '', `\`tshark -n -r ${n.file}\`, condensed:`, '', ...frameTable(n.rows), '');
  if (n.session.logs.length) {
    md.push('## keepalived logs (excerpt)', '');
    for (const l of n.session.logs) md.push(`${l.member}:`, '', '```', ...logExcerpt(l.text), '```', '');
  }
  return md.join('\n');
}
