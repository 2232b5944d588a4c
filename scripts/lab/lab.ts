/**
 * A throw-away L2 segment made of network namespaces: a Linux bridge in a "switch" namespace, one namespace per
 * member (keepalived nodes, plain hosts, an observer) joined to it by a veth pair whose member end is `eth0`.
 * Nothing is created in the caller's namespace, so deleting the lab's namespaces removes every link with them.
 *
 *   const lab = await Lab.create({ nodes: 2, observer: true });
 *   try { await lab.startKeepalived('n1', conf); ... } finally { await lab.destroy(); }
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inNetns, run } from './exec.js';
import { KeepalivedProcess, type StopMode } from './keepalived-process.js';
import { renderKeepalivedConfig, type KeepalivedConfig } from './keepalived-config.js';
import { bridgePortName, checkMemberName, namespaceName, newRunPrefix } from './names.js';
import { PacketCapture, type CaptureTool } from './packet-capture.js';
import { cleanupPrefix, labWorkDir } from './cleanup.js';
import { waitFor } from './wait.js';

export const MEMBER_IFACE = 'eth0';
const SWITCH = 'sw';
const BRIDGE = 'br0';

export interface MemberSpec {
  name: string;
  /** Address with prefix length, e.g. 192.0.2.50/24; omitted: no IPv4 address. */
  ipv4?: string;
  /** Locally administered MAC; omitted: derived from the member's position. */
  mac?: string;
}

export interface LabOptions {
  /** Keepalived nodes n1..nN, at 192.0.2.(10+i)/24 with MAC 02:00:00:00:01:0i. */
  nodes?: number;
  /** Extra plain hosts (clients, real servers), MAC 02:00:00:00:02:0j unless given. */
  hosts?: readonly MemberSpec[];
  /** A listen-only member `obs` (no addresses) whose eth0 is the capture point. */
  observer?: boolean;
  /** Enable IPv6 in node/host namespaces (link-local from the MAC, no DAD). Default: IPv6 off, so captures stay quiet. */
  ipv6?: boolean;
  /** Bridge FDB ageing time in seconds; 0 floods unicast to every port (the observer sees unicast adverts). */
  ageingTimeSec?: number;
  /** Per-run namespace prefix; default `vi` + 4 random hex digits. */
  prefix?: string;
}

export interface LabMember {
  name: string;
  ns: string;
  iface: string;
  mac: string;
  ipv4?: string;
  role: 'node' | 'host' | 'observer';
}

export interface LabCaptureOptions {
  tool?: CaptureTool;
  /** Default `eth0`; `any` for a Linux cooked capture. */
  iface?: string;
  linkType?: string;
  filter?: string;
  count?: number;
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export class Lab {
  private readonly members = new Map<string, LabMember>();
  private readonly daemons = new Map<string, KeepalivedProcess>();
  private readonly captures = new Set<PacketCapture>();
  private destroyed = false;

  private constructor(
    readonly prefix: string,
    readonly workDir: string,
  ) {}

  static async create(opts: LabOptions = {}): Promise<Lab> {
    const prefix = opts.prefix ?? newRunPrefix();
    const workDir = labWorkDir(prefix);
    mkdirSync(workDir, { recursive: true });
    const lab = new Lab(prefix, workDir);
    try {
      await lab.build(opts);
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  get switchNs(): string {
    return namespaceName(this.prefix, SWITCH);
  }

  member(name: string): LabMember {
    const m = this.members.get(name);
    if (!m) throw new Error(`lab: no member ${name}`);
    return m;
  }

  memberNames(): string[] {
    return [...this.members.keys()];
  }

  private async build(opts: LabOptions): Promise<void> {
    await this.addNamespace(this.switchNs, false);
    const ageing = opts.ageingTimeSec !== undefined ? ['ageing_time', String(opts.ageingTimeSec * 100)] : [];
    await run(inNetns(this.switchNs, [
      'ip', 'link', 'add', BRIDGE, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0', 'mcast_snooping', '0', ...ageing,
    ]));
    await run(inNetns(this.switchNs, ['ip', 'link', 'set', BRIDGE, 'up']));

    const specs: Array<MemberSpec & { role: LabMember['role'] }> = [];
    for (let i = 1; i <= (opts.nodes ?? 0); i++) {
      specs.push({ name: `n${i}`, ipv4: `192.0.2.${10 + i}/24`, mac: `02:00:00:00:01:${hex2(i)}`, role: 'node' });
    }
    (opts.hosts ?? []).forEach((h, j) => specs.push({ ...h, mac: h.mac ?? `02:00:00:00:02:${hex2(j + 1)}`, role: 'host' }));
    if (opts.observer) specs.push({ name: 'obs', mac: '02:00:00:00:0f:01', role: 'observer' });

    for (const s of specs) await this.addMember(s, s.role !== 'observer' && opts.ipv6 === true);
  }

  private async addNamespace(ns: string, ipv6: boolean): Promise<void> {
    await run(['ip', 'netns', 'add', ns]);
    const sysctl = (k: string, v: string) => run(inNetns(ns, ['sysctl', '-q', '-w', `${k}=${v}`]));
    // Set on `default` before any veth arrives so new interfaces inherit it.
    for (const scope of ['all', 'default']) {
      await sysctl(`net.ipv6.conf.${scope}.disable_ipv6`, ipv6 ? '0' : '1');
      if (ipv6) {
        await sysctl(`net.ipv6.conf.${scope}.accept_dad`, '0');
        await sysctl(`net.ipv6.conf.${scope}.router_solicitations`, '0');
      }
    }
    await run(inNetns(ns, ['ip', 'link', 'set', 'lo', 'up']));
  }

  private async addMember(spec: MemberSpec & { role: LabMember['role'] }, ipv6: boolean): Promise<void> {
    checkMemberName(spec.name);
    if (this.members.has(spec.name)) throw new Error(`lab: duplicate member ${spec.name}`);
    const ns = namespaceName(this.prefix, spec.name);
    await this.addNamespace(ns, ipv6);
    const port = bridgePortName(spec.name);
    await run(inNetns(this.switchNs, ['ip', 'link', 'add', port, 'type', 'veth', 'peer', 'name', MEMBER_IFACE, 'netns', ns]));
    await run(inNetns(this.switchNs, ['ip', 'link', 'set', port, 'master', BRIDGE, 'up']));
    const mac = spec.mac ?? '02:00:00:00:03:01';
    await run(inNetns(ns, ['ip', 'link', 'set', MEMBER_IFACE, 'address', mac]));
    if (spec.ipv4 !== undefined) await run(inNetns(ns, ['ip', 'addr', 'add', spec.ipv4, 'dev', MEMBER_IFACE]));
    await run(inNetns(ns, ['ip', 'link', 'set', MEMBER_IFACE, 'up']));
    const m: LabMember = { name: spec.name, ns, iface: MEMBER_IFACE, mac, role: spec.role };
    if (spec.ipv4 !== undefined) m.ipv4 = spec.ipv4.split('/')[0] ?? spec.ipv4;
    this.members.set(spec.name, m);
  }

  /** Runs a command inside a member's namespace and returns its stdout. */
  async exec(member: string, argv: readonly string[], allowFailure = false): Promise<string> {
    const r = await run(inNetns(this.member(member).ns, argv), { allowFailure });
    return r.stdout;
  }

  /** Runs a command inside the switch namespace (e.g. nftables bridge-family rules between ports `p-<member>`). */
  async execInSwitch(argv: readonly string[]): Promise<string> {
    return (await run(inNetns(this.switchNs, argv))).stdout;
  }

  async sysctl(member: string, key: string, value: string): Promise<void> {
    await this.exec(member, ['sysctl', '-q', '-w', `${key}=${value}`]);
  }

  async startKeepalived(member: string, config: string | KeepalivedConfig): Promise<KeepalivedProcess> {
    if (this.daemons.get(member)?.running) throw new Error(`lab: keepalived already running on ${member}`);
    const text = typeof config === 'string' ? config : renderKeepalivedConfig(config);
    const k = await KeepalivedProcess.start(this.member(member).ns, member, this.workDir, text);
    this.daemons.set(member, k);
    return k;
  }

  keepalived(member: string): KeepalivedProcess {
    const k = this.daemons.get(member);
    if (!k) throw new Error(`lab: keepalived never started on ${member}`);
    return k;
  }

  async stopKeepalived(member: string, mode: StopMode): Promise<void> {
    await this.keepalived(member).stop(mode);
  }

  /** True when `ip addr` in the member's namespace lists the address (any interface, e.g. a VMAC device). */
  async hasAddress(member: string, address: string): Promise<boolean> {
    const out = await this.exec(member, ['ip', '-o', 'addr', 'show']);
    return out.split('\n').some((l) => l.includes(` ${address}/`));
  }

  async waitForAddress(member: string, address: string, present = true, timeoutMs = 15_000): Promise<void> {
    await waitFor(async () => (await this.hasAddress(member, address)) === present, {
      timeoutMs,
      what: `${address} ${present ? 'on' : 'gone from'} ${member}`,
    });
  }

  /** Isolates the members' bridge ports from each other (they still reach non-isolated ports such as the observer). */
  async partition(members: readonly string[]): Promise<void> {
    for (const m of members) await this.setIsolated(m, true);
  }

  async heal(members: readonly string[]): Promise<void> {
    for (const m of members) await this.setIsolated(m, false);
  }

  private async setIsolated(member: string, on: boolean): Promise<void> {
    this.member(member);
    await run(inNetns(this.switchNs, ['bridge', 'link', 'set', 'dev', bridgePortName(member), 'isolated', on ? 'on' : 'off']));
  }

  /**
   * An LVS-DR real server: the VIP as a /32 on lo. With `arpSysctls`, also arp_ignore=1 / arp_announce=2 on lo and
   * all, as the classic vipset.sh does, so the host neither answers ARP for the VIP nor announces it.
   */
  async configureRealServer(member: string, vip: string, opts: { arpSysctls: boolean }): Promise<void> {
    if (opts.arpSysctls) {
      for (const scope of ['lo', 'all']) {
        await this.sysctl(member, `net.ipv4.conf.${scope}.arp_ignore`, '1');
        await this.sysctl(member, `net.ipv4.conf.${scope}.arp_announce`, '2');
      }
    }
    await this.exec(member, ['ip', 'addr', 'add', `${vip}/32`, 'dev', 'lo']);
  }

  /** Habets arping: `count` broadcast ARP requests for `target`, one per second. Returns arping's output. */
  async arping(member: string, target: string, count = 3): Promise<string> {
    const m = this.member(member);
    const r = await run(inNetns(m.ns, ['arping', '-c', String(count), '-i', m.iface, target]), {
      allowFailure: true,
      timeoutMs: (count + 5) * 1000,
    });
    return r.stdout;
  }

  async startCapture(member: string, file: string, opts: LabCaptureOptions = {}): Promise<PacketCapture> {
    const m = this.member(member);
    const iface = opts.iface ?? m.iface;
    const cap = await PacketCapture.start(m.ns, {
      iface,
      file,
      logFile: join(this.workDir, `capture-${member}-${this.captures.size}.log`),
      ...(opts.tool !== undefined ? { tool: opts.tool } : {}),
      ...(opts.linkType !== undefined ? { linkType: opts.linkType } : {}),
      ...(opts.filter !== undefined ? { filter: opts.filter } : {}),
      ...(opts.count !== undefined ? { count: opts.count } : {}),
    });
    this.captures.add(cap);
    return cap;
  }

  /** Stops captures and daemons, deletes every namespace of this run and the work directory. Idempotent. */
  async destroy(opts: { keepWorkDir?: boolean } = {}): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.captures) await c.stop().catch(() => undefined);
    for (const k of this.daemons.values()) await k.stop('hard').catch(() => undefined);
    await cleanupPrefix(this.prefix);
    if (!opts.keepWorkDir) rmSync(this.workDir, { recursive: true, force: true });
  }
}
