/**
 * The block tree of one node's files → NodeConfig: what keepalived would run. Values keepalived rejects (a VRID
 * outside 1..255, a VIP that is not an address) are errors with file:line; keywords it knows but we do not need are
 * ignored; unknown keywords are named in a note.
 */
import { basename } from 'node:path';
import { parseConfAddress } from './addresses.js';
import type { ConfStatement } from './block-tree.js';
import { GLOBAL_DEFS, INSTANCE, TOP_LEVEL, VIRTUAL_SERVER } from './keywords.js';
import type {
  ConfAddress,
  ConfError,
  ConfInstance,
  ConfNote,
  ConfRealServer,
  ConfSyncGroup,
  ConfTrack,
  ConfVirtualServer,
  ConfVrrpScript,
  NodeConfig,
} from './types.js';

/** keepalived's defaults (keepalived.conf(5)). */
const DEFAULT_PRIORITY = 100;
const DEFAULT_INTERVAL_MS = 1000;
/** keepalived sends at most this many characters of auth_pass (the v2 auth data field). */
const AUTH_PASS_MAX = 8;
/** A virtual_server_group range like 192.0.2.1-40 is expanded up to this many addresses. */
const MAX_RANGE = 256;
/** Keywords keepalived reads as blocks: without `{ }` it reports "Missing '{' at beginning of configuration block". */
const NEEDS_BLOCK = new Set(['global_defs', 'vrrp_instance', 'vrrp_script', 'vrrp_sync_group', 'virtual_server', 'virtual_server_group']);

export function interpretTree(tree: readonly ConfStatement[], file: string, files: string[], errors: ConfError[], notes: ConfNote[]): NodeConfig {
  const cfg: NodeConfig = {
    node: basename(file).replace(/\.conf$/, ''),
    file: basename(file),
    files,
    instances: [],
    scripts: [],
    syncGroups: [],
    virtualServers: [],
    errors,
    notes,
  };
  const err = (s: ConfStatement, message: string): void => void errors.push({ file: s.file, line: s.line, message });
  const note = (s: ConfStatement, message: string): void => void notes.push({ file: s.file, line: s.line, message });
  const groups = new Map<string, string[]>();
  let scriptSecurity = false;
  const rawInstances: ConfStatement[] = [];

  for (const s of tree) {
    if (!s.block && NEEDS_BLOCK.has(s.keyword)) {
      err(s, `'${s.keyword}' needs a { } block`);
      continue;
    }
    switch (s.keyword) {
      case 'global_defs':
        for (const g of s.block ?? []) {
          if (g.keyword === 'router_id' && g.args[0] !== undefined) cfg.routerId = g.args[0];
          else if (g.keyword === 'enable_script_security') scriptSecurity = true;
          else if (g.keyword === 'vrrp_version') {
            const v = Number(g.args[0]);
            if (v === 2 || v === 3) cfg.vrrpVersion = v;
            else err(g, `vrrp_version must be 2 or 3, got '${g.args[0] ?? ''}'`);
          } else if (!GLOBAL_DEFS.has(g.keyword)) note(g, `unknown global_defs keyword '${g.keyword}' (ignored)`);
        }
        break;
      case 'vrrp_instance':
        rawInstances.push(s);
        break;
      case 'vrrp_script':
        cfg.scripts.push(scriptOf(s, err));
        break;
      case 'vrrp_sync_group':
        cfg.syncGroups.push(syncGroupOf(s));
        break;
      case 'virtual_server_group':
        if (s.args[0]) groups.set(s.args[0], groupAddresses(s, err));
        break;
      case 'virtual_server':
        cfg.virtualServers.push(virtualServerOf(s, groups, err, note));
        break;
      default:
        if (!TOP_LEVEL.has(s.keyword)) note(s, `unknown keyword '${s.keyword}' (ignored)`);
    }
  }
  for (const s of rawInstances) cfg.instances.push(instanceOf(s, cfg, err, note));
  for (const g of cfg.syncGroups) {
    for (const m of g.members) {
      const inst = cfg.instances.find((i) => i.name === m);
      if (inst) inst.syncGroup = g.name;
      else errors.push({ file: g.file, line: g.line, message: `vrrp_sync_group ${g.name}: no vrrp_instance named '${m}'` });
    }
  }
  const firstScript = cfg.scripts[0];
  if (firstScript && !scriptSecurity) {
    // keepalived -t fails on this ("SECURITY VIOLATION - scripts are being executed but script_security not enabled").
    notes.push({ file: firstScript.file, line: firstScript.line, message: 'vrrp_script without enable_script_security in global_defs: keepalived runs the scripts as root and `keepalived -t` reports a SECURITY VIOLATION' });
  }
  if (cfg.routerId !== undefined) cfg.node = cfg.routerId;
  return cfg;
}

type Report = (s: ConfStatement, message: string) => void;

function numberArg(s: ConfStatement, err: Report, min: number, max: number, integer = true): number | undefined {
  const text = s.args[0];
  const v = Number(text);
  if (text === undefined || text === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    err(s, `${s.keyword} must be ${integer ? 'an integer' : 'a number'} in ${min}..${max}, got '${text ?? ''}'`);
    return undefined;
  }
  return v;
}

function weightOf(args: readonly string[], from: number): { weight?: number; reverse: boolean } {
  const i = args.indexOf('weight', from);
  if (i < 0) return { reverse: false };
  const w = Number(args[i + 1]);
  return { ...(Number.isFinite(w) ? { weight: w } : {}), reverse: args[i + 2] === 'reverse' };
}

function scriptOf(s: ConfStatement, err: Report): ConfVrrpScript {
  const out: ConfVrrpScript = { file: s.file, line: s.line, name: s.args[0] ?? '', weight: 0, reverse: false };
  if (!s.args[0]) err(s, 'vrrp_script needs a name');
  for (const k of s.block ?? []) {
    if (k.keyword === 'script') out.script = k.args.join(' ');
    else if (k.keyword === 'interval') out.intervalS = Number(k.args[0]);
    else if (k.keyword === 'weight') {
      const w = numberArg(k, err, -254, 254);
      if (w !== undefined) out.weight = w;
      out.reverse = k.args[1] === 'reverse';
    } else if (k.keyword === 'rise') out.rise = Number(k.args[0]);
    else if (k.keyword === 'fall') out.fall = Number(k.args[0]);
  }
  return out;
}

function syncGroupOf(s: ConfStatement): ConfSyncGroup {
  const members: string[] = [];
  for (const k of s.block ?? []) if (k.keyword === 'group') for (const m of k.block ?? []) members.push(m.keyword, ...m.args);
  return { file: s.file, line: s.line, name: s.args[0] ?? '', members };
}

function addressOf(s: ConfStatement, err: Report): ConfAddress | null {
  const a = parseConfAddress(s.keyword);
  if (!a) {
    err(s, `'${s.keyword}' is not an IP address`);
    return null;
  }
  const out: ConfAddress = { file: s.file, line: s.line, ...a };
  for (let i = 0; i < s.args.length; i++) {
    const k = s.args[i];
    const v = s.args[i + 1];
    if (v === undefined) continue;
    if (k === 'dev') out.dev = v;
    else if (k === 'label') out.label = v;
    else if (k === 'scope') out.scope = v;
  }
  return out;
}

function instanceOf(s: ConfStatement, cfg: NodeConfig, err: Report, note: Report): ConfInstance {
  const inst: ConfInstance = {
    file: s.file,
    line: s.line,
    name: s.args[0] ?? '',
    priority: DEFAULT_PRIORITY,
    intervalMs: DEFAULT_INTERVAL_MS,
    version: cfg.vrrpVersion ?? 2,
    family: 'ipv4',
    nopreempt: false,
    vips: [],
    vipsExcluded: [],
    unicastPeers: [],
    useVmac: false,
    tracks: [],
    notify: {},
  };
  if (!s.args[0]) err(s, 'vrrp_instance needs a name');
  let nativeIpv6 = false;
  let explicitVersion: 2 | 3 | undefined;
  let intervalS: number | undefined;
  const trackLines: { kind: ConfTrack['kind']; stmt: ConfStatement }[] = [];
  for (const k of s.block ?? []) {
    switch (k.keyword) {
      case 'state':
        if (k.args[0] === 'MASTER' || k.args[0] === 'BACKUP') inst.state = k.args[0];
        else err(k, `state must be MASTER or BACKUP, got '${k.args[0] ?? ''}'`);
        break;
      case 'interface':
        if (k.args[0] !== undefined) inst.interface = k.args[0];
        break;
      case 'virtual_router_id': {
        const v = numberArg(k, err, 1, 255);
        if (v !== undefined) inst.vrid = v;
        break;
      }
      case 'priority': {
        const v = numberArg(k, err, 1, 255);
        if (v !== undefined) inst.priority = v;
        break;
      }
      case 'advert_int': {
        const v = numberArg(k, err, 0.01, 255, false);
        if (v !== undefined) intervalS = v;
        break;
      }
      case 'version': {
        const v = numberArg(k, err, 2, 3);
        if (v === 2 || v === 3) explicitVersion = v;
        break;
      }
      case 'native_ipv6':
        nativeIpv6 = true;
        break;
      case 'nopreempt':
        inst.nopreempt = true;
        break;
      case 'preempt':
        inst.nopreempt = false;
        break;
      case 'preempt_delay': {
        const v = numberArg(k, err, 0, 1000, false);
        if (v !== undefined) inst.preemptDelayS = v;
        break;
      }
      case 'authentication': {
        let type: string | undefined;
        let pass: string | undefined;
        for (const a of k.block ?? []) {
          if (a.keyword === 'auth_type') type = a.args[0];
          else if (a.keyword === 'auth_pass') pass = a.args.join(' ');
        }
        if (type === 'PASS' || type === 'AH') {
          if (pass !== undefined && pass.length > AUTH_PASS_MAX) note(k, `auth_pass is longer than ${AUTH_PASS_MAX} characters: keepalived uses only the first ${AUTH_PASS_MAX}`);
          inst.auth = { file: k.file, line: k.line, type, ...(pass === undefined ? {} : { pass: pass.slice(0, AUTH_PASS_MAX) }) };
        } else err(k, `auth_type must be PASS or AH, got '${type ?? ''}'`);
        break;
      }
      case 'virtual_ipaddress':
      case 'virtual_ipaddress_excluded':
        for (const a of k.block ?? []) {
          const addr = addressOf(a, err);
          if (addr) (k.keyword === 'virtual_ipaddress' ? inst.vips : inst.vipsExcluded).push(addr);
        }
        break;
      case 'unicast_src_ip': {
        const a = parseConfAddress(k.args[0] ?? '');
        if (a) inst.unicastSrcIp = a.ip;
        else err(k, `unicast_src_ip: '${k.args[0] ?? ''}' is not an IP address`);
        break;
      }
      case 'unicast_peer':
        for (const p of k.block ?? []) {
          const a = parseConfAddress(p.keyword);
          if (a) inst.unicastPeers.push(a.ip);
          else err(p, `unicast_peer: '${p.keyword}' is not an IP address`);
        }
        break;
      case 'use_vmac':
        inst.useVmac = true;
        break;
      case 'track_script':
      case 'track_interface':
      case 'track_file':
        for (const t of k.block ?? []) trackLines.push({ kind: k.keyword === 'track_script' ? 'script' : k.keyword === 'track_interface' ? 'interface' : 'file', stmt: t });
        break;
      default:
        if (k.keyword.startsWith('notify')) inst.notify[k.keyword] = k.args.join(' ');
        else if (!INSTANCE.has(k.keyword)) note(k, `unknown vrrp_instance keyword '${k.keyword}' in ${inst.name} (ignored)`);
    }
  }
  if (inst.vrid === undefined) err(s, `vrrp_instance ${inst.name} has no virtual_router_id`);
  const first = inst.vips[0];
  inst.family = nativeIpv6 ? 'ipv6' : (first?.family ?? 'ipv4');
  // keepalived keeps addresses of the other family out of adverts (they behave like virtual_ipaddress_excluded).
  const other = inst.vips.filter((v) => v.family !== inst.family);
  if (other.length > 0) {
    note(s, `${inst.name}: ${other.map((v) => v.ip).join(', ')} ${other.length === 1 ? 'is' : 'are'} not ${inst.family === 'ipv6' ? 'IPv6' : 'IPv4'} like the instance: not advertised (as virtual_ipaddress_excluded)`);
    inst.vips = inst.vips.filter((v) => v.family === inst.family);
    inst.vipsExcluded.push(...other);
  }
  inst.version = inst.family === 'ipv6' ? 3 : (explicitVersion ?? cfg.vrrpVersion ?? 2);
  if (intervalS !== undefined) {
    // VRRPv2 carries whole seconds; v3 centiseconds.
    if (inst.version === 2 && !Number.isInteger(intervalS)) {
      note(s, `${inst.name}: advert_int ${intervalS} is not a whole number of seconds, which VRRPv2 cannot carry; keepalived rounds it`);
      intervalS = Math.max(1, Math.round(intervalS));
    }
    inst.intervalMs = Math.round(intervalS * 100) * 10;
  }
  if (inst.auth && inst.version === 3) note({ ...inst.auth, keyword: 'authentication', args: [] }, `${inst.name}: authentication is ignored with VRRPv3 (RFC 5798 has none)`);
  for (const { kind, stmt } of trackLines) {
    const w = weightOf(stmt.args, 0);
    const script = kind === 'script' ? cfg.scripts.find((x) => x.name === stmt.keyword) : undefined;
    if (kind === 'script' && !script) err(stmt, `track_script ${stmt.keyword}: no vrrp_script with that name`);
    inst.tracks.push({
      file: stmt.file,
      line: stmt.line,
      kind,
      name: stmt.keyword,
      weight: w.weight ?? script?.weight ?? 0,
      reverse: w.weight !== undefined ? w.reverse : (script?.reverse ?? false),
    });
  }
  return inst;
}

/** Entries of a virtual_server_group: `IP PORT`, `IP-LAST PORT` ranges, `fwmark N`. */
function groupAddresses(s: ConfStatement, err: Report): string[] {
  const out: string[] = [];
  for (const e of s.block ?? []) {
    if (e.keyword === 'fwmark') continue;
    // keepalived ranges replace the last part of the address: 192.0.2.1-40, 2001:db8::2-9 (hexadecimal).
    const range = /^(.*[.:])([0-9a-fA-F]+)-([0-9a-fA-F]+)$/.exec(e.keyword);
    if (range) {
      const v6 = range[1]?.includes(':') ?? false;
      const radix = v6 ? 16 : 10;
      const from = parseInt(range[2] ?? '', radix);
      const to = Math.min(parseInt(range[3] ?? '', radix), v6 ? 0xffff : 255, from + MAX_RANGE - 1);
      for (let n = from; n <= to; n++) {
        const a = parseConfAddress(`${range[1] ?? ''}${n.toString(radix)}`);
        if (a) out.push(a.ip);
      }
      if (out.length === 0) err(e, `virtual_server_group ${s.args[0] ?? ''}: '${e.keyword}' is not an address range`);
      continue;
    }
    const a = parseConfAddress(e.keyword);
    if (a) out.push(a.ip);
    else err(e, `virtual_server_group ${s.args[0] ?? ''}: '${e.keyword}' is not an IP address`);
  }
  return out;
}

function virtualServerOf(s: ConfStatement, groups: Map<string, string[]>, err: Report, note: Report): ConfVirtualServer {
  const [a0, a1] = s.args;
  const vs: ConfVirtualServer = { file: s.file, line: s.line, name: s.args.join(' '), vips: [], realServers: [] };
  if (a0 === 'fwmark') {
    vs.fwmark = Number(a1);
    vs.name = `fwmark ${a1 ?? ''}`;
  } else if (a0 === 'group') {
    vs.group = a1 ?? '';
    vs.vips = groups.get(vs.group) ?? [];
    if (!groups.has(vs.group)) err(s, `virtual_server group ${vs.group}: no virtual_server_group with that name`);
  } else {
    const a = parseConfAddress(a0 ?? '');
    if (!a) err(s, `virtual_server: '${a0 ?? ''}' is not an IP address`);
    else {
      vs.vips = [a.ip];
      if (a1 !== undefined) vs.port = Number(a1);
      vs.name = a.family === 'ipv6' ? `[${a.ip}]:${a1 ?? '*'}` : `${a.ip}:${a1 ?? '*'}`;
    }
  }
  for (const k of s.block ?? []) {
    if (k.keyword === 'lb_kind' || k.keyword === 'lvs_method') {
      const kind = (k.args[0] ?? '').toUpperCase();
      if (kind === 'DR' || kind === 'NAT' || kind === 'TUN') vs.lbKind = kind;
      else err(k, `${k.keyword} must be DR, NAT or TUN, got '${k.args[0] ?? ''}'`);
    } else if (k.keyword === 'protocol') {
      if (k.args[0] !== undefined) vs.protocol = k.args[0];
    } else if (k.keyword === 'real_server') {
      const a = parseConfAddress(k.args[0] ?? '');
      if (!a) {
        err(k, `real_server: '${k.args[0] ?? ''}' is not an IP address`);
        continue;
      }
      const rs: ConfRealServer = { file: k.file, line: k.line, ip: a.ip };
      if (k.args[1] !== undefined) rs.port = Number(k.args[1]);
      const w = (k.block ?? []).find((x) => x.keyword === 'weight');
      if (w) rs.weight = Number(w.args[0]);
      vs.realServers.push(rs);
    } else if (!VIRTUAL_SERVER.has(k.keyword) && !k.keyword.endsWith('_CHECK') && !k.keyword.endsWith('_GET')) {
      note(k, `unknown virtual_server keyword '${k.keyword}' (ignored)`);
    }
  }
  return vs;
}
