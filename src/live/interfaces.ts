/** `live --interfaces`: the capture devices libpcap offers, with their addresses, to pick the one to watch. */
import { loadCap, type CapDevice } from './cap-binding.js';

export async function listCaptureDevices(): Promise<CapDevice[]> {
  const cap = await loadCap();
  return cap.Cap.deviceList();
}

/** `eth0  192.0.2.11/24 fe80::1  (description)`, one device a line, names aligned. */
export function formatDeviceList(devices: readonly CapDevice[]): string {
  if (devices.length === 0) return 'No capture devices found (libpcap lists none: are you allowed to capture here?)\n';
  const width = Math.max(...devices.map((d) => d.name.length));
  const lines = devices.map((d) => {
    const addresses = d.addresses
      .filter((a) => a.addr !== undefined)
      .map((a) => (a.netmask ? `${a.addr}/${prefixLength(a.netmask)}` : `${a.addr}`));
    const notes = [d.flags === 'PCAP_IF_LOOPBACK' ? 'loopback' : '', d.description ?? ''].filter(Boolean).join(', ');
    return [d.name.padEnd(width), addresses.join(' '), notes ? `(${notes})` : ''].filter(Boolean).join('  ').trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

/** Netmask text (`255.255.255.0`, `ffff:ffff::`) to a prefix length. */
export function prefixLength(netmask: string): number {
  if (netmask.includes(':')) {
    let bits = 0;
    for (const group of expandIpv6(netmask)) bits += popcount(group);
    return bits;
  }
  return netmask.split('.').reduce((n, octet) => n + popcount(Number(octet)), 0);
}

function expandIpv6(text: string): number[] {
  const [head = '', tail] = text.split('::');
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16) || 0));
  const a = parse(head);
  const b = tail === undefined ? [] : parse(tail);
  return [...a, ...new Array<number>(Math.max(0, 8 - a.length - b.length)).fill(0), ...b];
}

function popcount(v: number): number {
  let n = 0;
  for (let x = v >>> 0; x; x &= x - 1) n += 1;
  return n;
}
