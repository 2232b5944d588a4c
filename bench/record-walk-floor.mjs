/**
 * The Node record-walk floor: the least any Node program can do to find VRRP and ARP in a classic pcap. Reads with
 * readSync into one reused 1 MiB buffer, walks the record headers and tests each frame's EtherType (after up to two
 * VLAN tags) and IPv4 protocol. Prints the counts so that it cannot be optimised away and can be checked.
 * Usage: node bench/record-walk-floor.mjs capture.pcap
 */
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;
const fd = openSync(process.argv[2], 'r');
const buf = Buffer.allocUnsafe(CHUNK + 65536);
// After the 24-byte file header (a little-endian classic pcap is assumed: the benchmark writes one).
let have = readSync(fd, buf, 0, CHUNK, null);
let pos = 24;
let frames = 0;
let vrrp = 0;
let arp = 0;
for (;;) {
  // Keep the unread tail, refill behind it.
  while (have - pos >= 16) {
    const capLen = buf[pos + 8] | (buf[pos + 9] << 8) | (buf[pos + 10] << 16) | (buf[pos + 11] << 24);
    if (have - pos - 16 < capLen) break;
    const f = pos + 16;
    let o = f + 12;
    let et = (buf[o] << 8) | buf[o + 1];
    if (et === 0x8100 || et === 0x88a8) {
      o += 4;
      et = (buf[o] << 8) | buf[o + 1];
      if (et === 0x8100) {
        o += 4;
        et = (buf[o] << 8) | buf[o + 1];
      }
    }
    if (et === 0x0806) arp++;
    else if (et === 0x0800 && buf[o + 11] === 112) vrrp++;
    frames++;
    pos = f + capLen;
  }
  buf.copy(buf, 0, pos, have);
  have -= pos;
  pos = 0;
  const n = readSync(fd, buf, have, CHUNK, null);
  if (n === 0) break;
  have += n;
}
closeSync(fd);
process.stdout.write(`${frames} frames, ${vrrp} VRRP, ${arp} ARP\n`);
