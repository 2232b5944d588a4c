/**
 * `decode --format jsonl`: one FrameInfo per line, byte for byte what `JSON.stringify(frame)` prints, written without
 * building the string. The frame and the parts nearly every reported frame has (IP header, VRRP advert, ARP
 * packet, transport ports) are written field by field in the order the decoders create them (decode-frame.ts,
 * ip-payload.ts, vrrp.ts, arp.ts, transport.ts); every other part (ICMP, ND, CARP, tunnels, errors) goes through the
 * generic writer, which follows the object's own key order.
 * test/report/decode-json.test.ts compares the two on every fixture and on random frames, so they cannot drift apart.
 */
import type { ArpInfo, FrameInfo, IpInfo, L4Info, VrrpInfo } from '../decoders/frame-info.js';
import { jsonBytes, type JsonByteWriter } from './json-bytes.js';

const K = {
  frame: jsonBytes('{"frame":'),
  ts: jsonBytes(',"ts":'),
  time: jsonBytes(',"time":'),
  iface: jsonBytes(',"iface":'),
  linkType: jsonBytes(',"linkType":'),
  capLen: jsonBytes(',"capLen":'),
  wireLen: jsonBytes(',"wireLen":'),
  vlan: jsonBytes(',"vlan":'),
  ethSrc: jsonBytes(',"ethSrc":'),
  ethDst: jsonBytes(',"ethDst":'),
  etherType: jsonBytes(',"etherType":'),
  ip: jsonBytes(',"ip":'),
  l4: jsonBytes(',"l4":'),
  icmp: jsonBytes(',"icmp":'),
  vrrp: jsonBytes(',"vrrp":'),
  carp: jsonBytes(',"carp":'),
  arp: jsonBytes(',"arp":'),
  nd: jsonBytes(',"nd":'),
  tunnel: jsonBytes(',"tunnel":'),
  inner: jsonBytes(',"inner":'),
  error: jsonBytes(',"error":'),
  errors: jsonBytes(',"errors":'),
  truncated: jsonBytes(',"truncated":'),
  seenBy: jsonBytes(',"seenBy":'),
} as const;

const IP = {
  version: jsonBytes('{"version":'),
  src: jsonBytes(',"src":'),
  dst: jsonBytes(',"dst":'),
  ttl: jsonBytes(',"ttl":'),
  proto: jsonBytes(',"proto":'),
  fragment: jsonBytes(',"fragment":'),
  fragmentOffset: jsonBytes(',"fragmentOffset":'),
  moreFragments: jsonBytes(',"moreFragments":'),
  id: jsonBytes(',"id":'),
  tos: jsonBytes(',"tos":'),
} as const;

const VRRP = {
  version: jsonBytes('{"version":'),
  type: jsonBytes(',"type":'),
  vrid: jsonBytes(',"vrid":'),
  priority: jsonBytes(',"priority":'),
  count: jsonBytes(',"count":'),
  authType: jsonBytes(',"authType":'),
  intervalMs: jsonBytes(',"intervalMs":'),
  checksum: jsonBytes(',"checksum":'),
  checksumValid: jsonBytes(',"checksumValid":'),
  checksumVariant: jsonBytes(',"checksumVariant":'),
  checksumStatus: jsonBytes(',"checksumStatus":'),
  addresses: jsonBytes(',"addresses":'),
  authData: jsonBytes(',"authData":'),
  ciscoMd5: jsonBytes(',"ciscoMd5":'),
  authDataBytes: jsonBytes(',"authDataBytes":'),
  reserved: jsonBytes(',"reserved":'),
  trailingBytes: jsonBytes(',"trailingBytes":'),
  unvouched: jsonBytes(',"unvouched":'),
} as const;

const ARP = {
  op: jsonBytes('{"op":'),
  senderMac: jsonBytes(',"senderMac":'),
  senderIp: jsonBytes(',"senderIp":'),
  targetMac: jsonBytes(',"targetMac":'),
  targetIp: jsonBytes(',"targetIp":'),
  gratuitous: jsonBytes(',"gratuitous":'),
  announcement: jsonBytes(',"announcement":'),
  probe: jsonBytes(',"probe":'),
} as const;

const L4 = {
  proto: jsonBytes('{"proto":'),
  srcPort: jsonBytes(',"srcPort":'),
  dstPort: jsonBytes(',"dstPort":'),
} as const;

const CLOSE = jsonBytes('}');
const OPEN_ARRAY = jsonBytes('[');
const CLOSE_ARRAY = jsonBytes(']');
const COMMA = jsonBytes(',');
const EMPTY_ARRAY = jsonBytes('[]');

/** The line of one decoded frame: `JSON.stringify(f)` and a newline. */
export function writeFrameLine(w: JsonByteWriter, f: FrameInfo): void {
  w.bytes(K.frame);
  w.number(f.frame);
  w.bytes(K.ts);
  w.number(f.ts);
  w.bytes(K.time);
  w.string(f.time);
  w.bytes(K.iface);
  w.number(f.iface);
  w.bytes(K.linkType);
  w.number(f.linkType);
  w.bytes(K.capLen);
  w.number(f.capLen);
  w.bytes(K.wireLen);
  w.number(f.wireLen);
  w.bytes(K.vlan);
  numbers(w, f.vlan);
  if (f.ethSrc !== undefined) {
    w.bytes(K.ethSrc);
    w.string(f.ethSrc);
  }
  if (f.ethDst !== undefined) {
    w.bytes(K.ethDst);
    w.string(f.ethDst);
  }
  if (f.etherType !== undefined) {
    w.bytes(K.etherType);
    w.number(f.etherType);
  }
  if (f.ip !== undefined) {
    w.bytes(K.ip);
    ip(w, f.ip);
  }
  if (f.l4 !== undefined) {
    w.bytes(K.l4);
    l4(w, f.l4);
  }
  if (f.icmp !== undefined) {
    w.bytes(K.icmp);
    w.value(f.icmp);
  }
  if (f.vrrp !== undefined) {
    w.bytes(K.vrrp);
    vrrp(w, f.vrrp);
  }
  if (f.carp !== undefined) {
    w.bytes(K.carp);
    w.value(f.carp);
  }
  if (f.arp !== undefined) {
    w.bytes(K.arp);
    arp(w, f.arp);
  }
  if (f.nd !== undefined) {
    w.bytes(K.nd);
    w.value(f.nd);
  }
  if (f.tunnel !== undefined) {
    w.bytes(K.tunnel);
    w.value(f.tunnel);
  }
  if (f.inner !== undefined) {
    w.bytes(K.inner);
    w.value(f.inner);
  }
  if (f.error !== undefined) {
    w.bytes(K.error);
    w.string(f.error);
  }
  if (f.errors !== undefined) {
    w.bytes(K.errors);
    w.value(f.errors);
  }
  if (f.truncated !== undefined) {
    w.bytes(K.truncated);
    w.value(f.truncated);
  }
  if (f.seenBy !== undefined) {
    w.bytes(K.seenBy);
    w.value(f.seenBy);
  }
  w.bytes(CLOSE);
  w.newline();
}

function numbers(w: JsonByteWriter, list: readonly number[]): void {
  if (list.length === 0) {
    w.bytes(EMPTY_ARRAY);
    return;
  }
  w.bytes(OPEN_ARRAY);
  for (let i = 0; i < list.length; i++) {
    if (i > 0) w.bytes(COMMA);
    w.number(list[i] as number);
  }
  w.bytes(CLOSE_ARRAY);
}

function strings(w: JsonByteWriter, list: readonly string[]): void {
  w.bytes(OPEN_ARRAY);
  for (let i = 0; i < list.length; i++) {
    if (i > 0) w.bytes(COMMA);
    w.string(list[i] as string);
  }
  w.bytes(CLOSE_ARRAY);
}

function ip(w: JsonByteWriter, p: IpInfo): void {
  w.bytes(IP.version);
  w.number(p.version);
  w.bytes(IP.src);
  w.string(p.src);
  w.bytes(IP.dst);
  w.string(p.dst);
  w.bytes(IP.ttl);
  w.number(p.ttl);
  w.bytes(IP.proto);
  w.number(p.proto);
  if (p.fragment !== undefined) {
    w.bytes(IP.fragment);
    w.value(p.fragment);
  }
  if (p.fragmentOffset !== undefined) {
    w.bytes(IP.fragmentOffset);
    w.number(p.fragmentOffset);
  }
  if (p.moreFragments !== undefined) {
    w.bytes(IP.moreFragments);
    w.value(p.moreFragments);
  }
  if (p.id !== undefined) {
    w.bytes(IP.id);
    w.number(p.id);
  }
  if (p.tos !== undefined) {
    w.bytes(IP.tos);
    w.number(p.tos);
  }
  w.bytes(CLOSE);
}

function l4(w: JsonByteWriter, p: L4Info): void {
  w.bytes(L4.proto);
  w.number(p.proto);
  if (p.srcPort !== undefined) {
    w.bytes(L4.srcPort);
    w.number(p.srcPort);
  }
  if (p.dstPort !== undefined) {
    w.bytes(L4.dstPort);
    w.number(p.dstPort);
  }
  w.bytes(CLOSE);
}

function vrrp(w: JsonByteWriter, v: VrrpInfo): void {
  w.bytes(VRRP.version);
  w.number(v.version);
  w.bytes(VRRP.type);
  w.number(v.type);
  w.bytes(VRRP.vrid);
  w.number(v.vrid);
  w.bytes(VRRP.priority);
  w.number(v.priority);
  w.bytes(VRRP.count);
  w.number(v.count);
  if (v.authType !== undefined) {
    w.bytes(VRRP.authType);
    w.number(v.authType);
  }
  w.bytes(VRRP.intervalMs);
  w.number(v.intervalMs);
  w.bytes(VRRP.checksum);
  w.string(v.checksum);
  w.bytes(VRRP.checksumValid);
  w.value(v.checksumValid);
  w.bytes(VRRP.checksumVariant);
  w.value(v.checksumVariant);
  w.bytes(VRRP.checksumStatus);
  w.string(v.checksumStatus);
  w.bytes(VRRP.addresses);
  strings(w, v.addresses);
  if (v.authData !== undefined) {
    w.bytes(VRRP.authData);
    w.string(v.authData);
  }
  if (v.ciscoMd5 !== undefined) {
    w.bytes(VRRP.ciscoMd5);
    w.value(v.ciscoMd5);
  }
  if (v.authDataBytes !== undefined) {
    w.bytes(VRRP.authDataBytes);
    w.number(v.authDataBytes);
  }
  if (v.reserved !== undefined) {
    w.bytes(VRRP.reserved);
    w.number(v.reserved);
  }
  if (v.trailingBytes !== undefined) {
    w.bytes(VRRP.trailingBytes);
    w.number(v.trailingBytes);
  }
  if (v.unvouched !== undefined) {
    w.bytes(VRRP.unvouched);
    w.value(v.unvouched);
  }
  w.bytes(CLOSE);
}

function arp(w: JsonByteWriter, a: ArpInfo): void {
  w.bytes(ARP.op);
  w.number(a.op);
  w.bytes(ARP.senderMac);
  w.string(a.senderMac);
  w.bytes(ARP.senderIp);
  w.string(a.senderIp);
  w.bytes(ARP.targetMac);
  w.string(a.targetMac);
  w.bytes(ARP.targetIp);
  w.string(a.targetIp);
  w.bytes(ARP.gratuitous);
  w.value(a.gratuitous);
  if (a.announcement !== undefined) {
    w.bytes(ARP.announcement);
    w.value(a.announcement);
  }
  if (a.probe !== undefined) {
    w.bytes(ARP.probe);
    w.value(a.probe);
  }
  w.bytes(CLOSE);
}
