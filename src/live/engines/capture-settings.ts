/**
 * How `live` asks a capture program for frames: one place for the snaplen and the kernel buffer, shared by every engine.
 */
import { readFileSync } from 'node:fs';

/** The interface's MTU from sysfs (this process's network namespace, the one the engine captures in), or null. */
export function interfaceMtu(device: string): number | null {
  if (!/^[\w.:@-]+$/.test(device)) return null;
  try {
    return Number(readFileSync(`/sys/class/net/${device}/mtu`, 'utf8').trim());
  } catch {
    return null;
  }
}

/**
 * Bytes kept of each frame: the largest VRRP advert there can be (VRRPv3 over IPv6 with 255 addresses: 40 + 8 + 255 × 16
 * bytes) behind the longest link header the decoders read (Linux SLL2, 20 bytes; two 802.1Q tags behind Ethernet are
 * 22) rounded up to 4 KiB + 128. Everything else the decoders read (ARP, ND, ICMP quotes, the headers of IPVS-forwarded
 * traffic) is shorter. A short snaplen is what keeps a busy `--filter` cheap: large frames cost a slot, not 64 KiB.
 */
export const LIVE_SNAPLEN = 4096 + 128;

/** Ethernet header and two 802.1Q/802.1ad tags: what a frame carries beyond its MTU-sized payload. */
const LINK_OVERHEAD_BYTES = 14 + 8;

/**
 * The snaplen for one interface: no advert is longer than the link's MTU, so on a 1500-byte link 1522 bytes keep every
 * frame the decoders need whole. It matters for tcpdump's immediate mode, where every frame takes a snaplen-sized slot of
 * the kernel buffer (libpcap does not clamp it when the NIC has offloads): a third of the slot, three times the frames.
 */
export function snaplenFor(mtu: number | null): number {
  if (mtu === null || !Number.isInteger(mtu) || mtu <= 0) return LIVE_SNAPLEN;
  return Math.min(LIVE_SNAPLEN, mtu + LINK_OVERHEAD_BYTES);
}

/**
 * Kernel buffer per interface, MiB, sized for the rate. With the default filter only VRRP, ARP, ND and the like reach
 * the buffer, a few frames a second even during a GARP burst: 8 MiB (about 1,900 frames in tcpdump's immediate mode,
 * where every frame takes a snaplen-sized slot). A `--filter` may let through tens of thousands of frames a second:
 * 32 MiB, which held the bursts of the load test (README) where a 2 MiB buffer lost a tenth of the frames. Every slot
 * is resident memory of the capture program, hence not the larger size for everyone.
 */
export const DEFAULT_BUFFER_MIB = 8;
export const FILTERED_BUFFER_MIB = 32;

/** The buffer for a run: the user's --buffer-size, else by whether a --filter lets more than the default through. */
export function bufferMiBFor(userBufferMiB: number | undefined, hasUserFilter: boolean): number {
  return userBufferMiB ?? (hasUserFilter ? FILTERED_BUFFER_MIB : DEFAULT_BUFFER_MIB);
}
