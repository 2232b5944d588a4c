/**
 * The libpcap side of `live <iface>`, run as a child process (see cap-capture.ts for why): opens the interface with cap,
 * stamps every frame on arrival and writes a classic pcap stream (microsecond timestamps) to stdout, exactly what
 * `tcpdump -U -w -` would give the parent. Control messages go over the IPC channel.
 *
 * cap's binding drops libpcap's timestamp and wire length (design/architecture-notes.md §1.4), so a frame's time is
 * when this process received it (after libpcap's batching; immediate mode is on) and its wire length is its captured
 * length; the 64 KiB snaplen keeps whole frames.
 */
import { performance } from 'node:perf_hooks';
import { pcapFileHeader, pcapRecord } from '../capture/capture-writer.js';
import { linkTypeOfCapName, loadCap } from './cap-binding.js';
import type { ChildToParent, ParentToChild, CaptureChildConfig } from './capture-child-protocol.js';

/** cap's snaplen (fixed in its binding). */
const SNAPLEN = 65535;
/**
 * Bytes the child may hold for a parent that reads too slowly; beyond, frames are dropped and counted (memory stays
 * flat, and the loss is reported instead of growing a queue the parent may never catch up with).
 */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
/** How often the drop count goes to the parent while it grows. */
const DROPS_REPORT_MS = 1000;

function send(message: ChildToParent): void {
  process.send?.(message);
}

function nowMicros(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as CaptureChildConfig;
  // Ctrl-C reaches the whole process group: the parent decides when capture stops, so the child ignores SIGINT.
  process.on('SIGINT', () => undefined);

  let cap;
  try {
    cap = await loadCap();
  } catch (error) {
    send({ type: 'error', code: 'cap-not-built', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    return;
  }

  const handle = new cap.Cap();
  const buffer = Buffer.alloc(SNAPLEN + 1);
  let linkName: string;
  try {
    // In immediate mode every frame takes a slot of the 64 KiB snaplen that cap fixes: 16 frames per MiB, so the size
    // for the rate (32 MiB with --filter: 512 frames) matters even more than for tcpdump.
    linkName = handle.open(config.device, config.filter, config.bufferBytes, buffer);
  } catch (error) {
    send({ type: 'error', code: 'open-failed', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    return;
  }
  let linkType: number;
  try {
    linkType = linkTypeOfCapName(linkName);
  } catch (error) {
    handle.close();
    send({ type: 'error', code: 'unknown-link-type', message: error instanceof Error ? error.message : String(error) });
    process.disconnect?.();
    return;
  }

  const out = process.stdout;
  out.write(pcapFileHeader({ linkType, snaplen: SNAPLEN }));
  send({ type: 'opened', linkType, capName: linkName });

  // cap emits a burst of packets synchronously per readable event: write them as one chunk after the burst.
  let pending: Buffer[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (chunk) out.write(chunk);
  };
  let toolDrops = 0;
  let reportedDrops = 0;
  const reportDrops = (): void => {
    if (toolDrops === reportedDrops) return;
    reportedDrops = toolDrops;
    send({ type: 'drops', tool: toolDrops });
  };
  setInterval(reportDrops, DROPS_REPORT_MS).unref();
  let pendingBytes = 0;
  handle.on('packet', (nbytes: number) => {
    if (out.writableLength + pendingBytes > MAX_BACKLOG_BYTES) {
      toolDrops += 1;
      return;
    }
    pendingBytes += nbytes + 16;
    pending.push(pcapRecord({ tsMicros: nowMicros(), data: buffer.subarray(0, nbytes) }));
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    handle.close();
    flush();
    reportDrops();
    out.end(() => process.disconnect?.());
  };
  process.on('message', (message: ParentToChild) => {
    if (message.type === 'stop') stop();
  });
  // The parent went away (or closed the channel): nobody reads the stream any more.
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  out.on('error', stop);
}

void main();
