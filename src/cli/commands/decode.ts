/** `vrrp-inspect decode <capture|->`: one line per relevant frame, tcpdump-like text or the JSONL of the contract. */
import type { Command } from 'commander';
import { decodeFrame, createDecodeOptions } from '../../decoders/decode-frame.js';
import { ipv4ToUint32 } from '../../decoders/addresses.js';
import { formatFrameText } from '../../report/decode-text.js';
import { UsageError } from '../../errors.js';
import { expandInputs } from '../inputs.js';
import { LineWriter } from '../output.js';
import { readCliInput } from '../read-input.js';
import { frameNumberWanted, frameWanted, parseFrameRanges, parseKinds, parseVrids, type FrameFilterSpec } from '../frame-filter.js';
import { printWarnings } from '../warnings.js';

interface DecodeCliOptions {
  format: string;
  all?: boolean;
  vrid?: string[];
  frame?: string[];
  only?: string[];
  showSecrets?: boolean;
  guePort?: string[];
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function registerDecodeCommand(program: Command): void {
  program
    .command('decode')
    .description('decode VRRP, ARP, ND and IPVS frames of a capture (pcap, pcapng, .gz, or - for stdin)')
    .argument('<capture>', 'capture file, or - to read a pcap/pcapng stream from stdin')
    .option('--format <format>', 'text (tcpdump-like lines) or jsonl (one JSON object per frame)', 'text')
    .option('--all', 'print every frame, not only VRRP/ARP/ND/IPVS-relevant ones')
    .option('--vrid <n>', 'only VRRP/CARP frames of this VRID (comma-separated, repeatable)', collect)
    .option('--frame <n>', 'only these frame numbers: N, N-M or N- (comma-separated, repeatable)', collect)
    .option('--only <kinds>', 'only frames of these kinds: vrrp, carp, arp, nd, tunnel, ipvs, error', collect)
    .option('--show-secrets', 'print VRRPv2 simple-text passwords instead of ***')
    .option('--gue-port <port>', 'decode GUE tunnels on this UDP port (repeatable)', collect)
    .addHelpText(
      'after',
      `
Examples:
  vrrp-inspect decode failover.pcapng
  vrrp-inspect decode capture.pcap --format jsonl --vrid 51 | jq .vrrp.priority
  tcpdump -i eth0 -U -w - 'vrrp or arp or (vlan and (vrrp or arp))' | vrrp-inspect decode -`,
    )
    .action(async (capture: string, opts: DecodeCliOptions) => {
      process.exitCode = await runDecode(capture, opts);
    });
}

async function runDecode(capture: string, opts: DecodeCliOptions): Promise<number> {
  if (opts.format !== 'text' && opts.format !== 'jsonl') {
    throw new UsageError('bad-format', `--format must be text or jsonl, got '${opts.format}'`);
  }
  const spec: FrameFilterSpec = {
    vrids: parseVrids(opts.vrid ?? []),
    frames: parseFrameRanges(opts.frame ?? []),
    kinds: parseKinds(opts.only ?? []),
  };
  const guePorts = new Set(
    (opts.guePort ?? []).map((p) => {
      const n = Number(p);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError('bad-port', `--gue-port must be a UDP port, got '${p}'`);
      return n;
    }),
  );
  const vips4 = new Set<number>();
  const vips6 = new Set<string>();
  const options = createDecodeOptions({ all: opts.all ?? false, showSecrets: opts.showSecrets ?? false, guePorts, vips4, vips6 });
  const [input] = expandInputs([capture]);
  if (!input) throw new UsageError('no-input', 'decode needs one capture file or -');
  const out = new LineWriter(process.stdout);
  const jsonl = opts.format === 'jsonl';
  const summary = await readCliInput(input, (raw) => {
    if (!frameNumberWanted(spec, raw.index)) return;
    const frame = decodeFrame(raw, options);
    if (!frame) return;
    // VIPs learned from adverts make later traffic to them relevant (IPVS), as in `audit`.
    if (frame.vrrp) for (const a of frame.vrrp.addresses) a.includes(':') ? vips6.add(a) : vips4.add(ipv4ToUint32(a));
    if (!frameWanted(spec, frame)) return;
    out.line(jsonl ? JSON.stringify(frame) : formatFrameText(frame));
  });
  await out.end();
  printWarnings(input.name, summary.warnings);
  return 0;
}
