/**
 * Generates keepalived.conf text for lab nodes. Only the options the fixtures need are modelled; `extra` lines pass
 * anything else through verbatim so a scenario can still say exactly what it wants.
 */

export interface VrrpInstanceConfig {
  name: string;
  interface: string;
  vrid: number;
  priority: number;
  /** Seconds; v3 allows fractions (0.5 = 50 centiseconds). */
  advertInt: number;
  vips: readonly string[];
  state?: 'MASTER' | 'BACKUP';
  version?: 2 | 3;
  /** v2 simple password (auth_type PASS); at most 8 characters on the wire. */
  authPass?: string;
  nopreempt?: boolean;
  /** true: `use_vmac` with keepalived's default interface name; a string: that VMAC interface name. */
  useVmac?: boolean | string;
  vmacXmitBase?: boolean;
  unicastSrcIp?: string;
  unicastPeers?: readonly string[];
  extra?: readonly string[];
}

export interface KeepalivedConfig {
  routerId: string;
  instances: readonly VrrpInstanceConfig[];
  /** GARPs sent at once on becoming master (keepalived default 5). */
  garpMasterRepeat?: number;
  /** Seconds before the second GARP batch; 0 disables it (keepalived default 5). */
  garpMasterDelay?: number;
  globalExtra?: readonly string[];
  /** Top-level blocks after the instances (vrrp_script, virtual_server), verbatim. */
  trailer?: readonly string[];
  /** Top-level blocks before the instances (vrrp_script must precede the track_script using it), verbatim. */
  preamble?: readonly string[];
}

function instanceBlock(i: VrrpInstanceConfig): string[] {
  const lines = [`vrrp_instance ${i.name} {`];
  const add = (s: string) => lines.push(`    ${s}`);
  add(`state ${i.state ?? 'BACKUP'}`);
  add(`interface ${i.interface}`);
  add(`virtual_router_id ${i.vrid}`);
  add(`priority ${i.priority}`);
  add(`advert_int ${i.advertInt}`);
  if (i.version !== undefined) add(`version ${i.version}`);
  if (i.nopreempt) add('nopreempt');
  if (i.useVmac === true) add('use_vmac');
  else if (typeof i.useVmac === 'string') add(`use_vmac ${i.useVmac}`);
  if (i.vmacXmitBase) add('vmac_xmit_base');
  if (i.authPass !== undefined) {
    add('authentication {');
    add('    auth_type PASS');
    add(`    auth_pass ${i.authPass}`);
    add('}');
  }
  if (i.unicastSrcIp !== undefined) add(`unicast_src_ip ${i.unicastSrcIp}`);
  if (i.unicastPeers && i.unicastPeers.length > 0) {
    add('unicast_peer {');
    for (const p of i.unicastPeers) add(`    ${p}`);
    add('}');
  }
  add('virtual_ipaddress {');
  for (const v of i.vips) add(`    ${v}`);
  add('}');
  for (const e of i.extra ?? []) add(e);
  lines.push('}');
  return lines;
}

export function renderKeepalivedConfig(c: KeepalivedConfig): string {
  const g = ['global_defs {', `    router_id ${c.routerId}`];
  g.push(`    vrrp_garp_master_repeat ${c.garpMasterRepeat ?? 5}`);
  g.push(`    vrrp_garp_master_delay ${c.garpMasterDelay ?? 5}`);
  for (const e of c.globalExtra ?? []) g.push(`    ${e}`);
  g.push('}');
  const pre = c.preamble && c.preamble.length > 0 ? [...c.preamble, ''] : [];
  const post = c.trailer && c.trailer.length > 0 ? [...c.trailer, ''] : [];
  return [...g, '', ...pre, ...c.instances.flatMap((i) => [...instanceBlock(i), '']), ...post].join('\n');
}
