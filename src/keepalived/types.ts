/**
 * keepalived.conf as vrrp-inspect understands it: what each node's file says about its VRRP instances, tracking and LVS
 * virtual servers, with the file and line of every statement so that findings can point at them.
 */

/** Where a statement is: the file as given (or as an include resolved it) and its 1-based line. */
export interface ConfLocation {
  file: string;
  line: number;
}

/** A syntax error keepalived would refuse or misread (`keepalived -t` fails): one line, with file:line. */
export interface ConfError extends ConfLocation {
  message: string;
}

/** Something kept but not understood (an unknown keyword, an include that matched nothing): never fatal. */
export interface ConfNote extends ConfLocation {
  message: string;
}

export type ConfFamily = 'ipv4' | 'ipv6';

export interface ConfAddress extends ConfLocation {
  /** Address without prefix length, IPv6 in RFC 5952 form. */
  ip: string;
  family: ConfFamily;
  prefix?: number;
  dev?: string;
  label?: string;
  scope?: string;
}

/** `track_script` / `track_interface` / `track_file` entries of an instance, with the weight that applies. */
export interface ConfTrack extends ConfLocation {
  kind: 'script' | 'interface' | 'file';
  name: string;
  /**
   * Priority change when the tracked object fails (negative) or succeeds (positive), as keepalived applies it;
   * 0 means a failure puts the instance into FAULT instead.
   */
  weight: number;
  /** `weight N reverse`: the sign applies the other way round. */
  reverse: boolean;
}

export interface ConfVrrpScript extends ConfLocation {
  name: string;
  script?: string;
  intervalS?: number;
  weight: number;
  reverse: boolean;
  rise?: number;
  fall?: number;
}

export interface ConfAuth extends ConfLocation {
  type: 'PASS' | 'AH';
  /** As keepalived sends it: at most 8 characters. Never printed by vrrp-inspect. */
  pass?: string;
}

export interface ConfInstance extends ConfLocation {
  name: string;
  state?: 'MASTER' | 'BACKUP';
  interface?: string;
  vrid?: number;
  /** Configured base priority (keepalived default 100). */
  priority: number;
  /** advert_int in milliseconds (keepalived default 1 s). */
  intervalMs: number;
  /** VRRP version used on the wire: `version`, else global `vrrp_version`, else 2; IPv6 is always 3. */
  version: 2 | 3;
  /** Address family of the instance: `native_ipv6`, else the family of its first virtual address. */
  family: ConfFamily;
  nopreempt: boolean;
  preemptDelayS?: number;
  auth?: ConfAuth;
  /** `virtual_ipaddress`: the addresses that go into adverts (those of the instance's family). */
  vips: ConfAddress[];
  vipsExcluded: ConfAddress[];
  unicastSrcIp?: string;
  unicastPeers: string[];
  useVmac: boolean;
  tracks: ConfTrack[];
  notify: Record<string, string>;
  syncGroup?: string;
}

export interface ConfSyncGroup extends ConfLocation {
  name: string;
  members: string[];
}

export interface ConfRealServer extends ConfLocation {
  ip: string;
  port?: number;
  weight?: number;
}

export interface ConfVirtualServer extends ConfLocation {
  /** `192.0.2.100:80`, `fwmark 1` or `group NAME`, as a person reads it. */
  name: string;
  /** The VIPs this virtual server answers on (a group's addresses, empty for a bare fwmark). */
  vips: string[];
  port?: number;
  fwmark?: number;
  group?: string;
  protocol?: string;
  lbKind?: 'DR' | 'NAT' | 'TUN';
  realServers: ConfRealServer[];
}

/** One node's configuration, read from one main file and its includes. */
export interface NodeConfig {
  /** How findings name the node: `router_id` when the file sets one, else the file's base name without `.conf`. */
  node: string;
  /** The main file's name as given to vrrp-inspect. */
  file: string;
  /** Every file read, in order (main file first, then includes). */
  files: string[];
  routerId?: string;
  /** global_defs `vrrp_version`. */
  vrrpVersion?: 2 | 3;
  instances: ConfInstance[];
  scripts: ConfVrrpScript[];
  syncGroups: ConfSyncGroup[];
  virtualServers: ConfVirtualServer[];
  errors: ConfError[];
  notes: ConfNote[];
}

/** The configs of one cluster, checked together (`lint`, `audit --keepalived`). */
export type ClusterConfig = readonly NodeConfig[];
