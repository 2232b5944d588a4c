/** keepalived.conf text for tests: files held in memory (no disk), read by the real parser. */
import { basename } from 'node:path';
import { readKeepalivedConfig } from '../../src/keepalived/index.js';
import type { ClusterConfig, NodeConfig } from '../../src/keepalived/types.js';
import type { FindingDoc } from '../../src/analysis/audit-document.js';
import type { RuleDefinition } from '../../src/analysis/rule.js';
import type { FrameInfo } from '../../src/decoders/frame-info.js';
import { analyze } from './rule-tester.js';

/** One node's config from text; `files` adds includable files by base name. */
export function conf(name: string, text: string, files: Record<string, string> = {}, configId?: string): NodeConfig {
  const all: Record<string, string> = { [name]: text, ...files };
  return readKeepalivedConfig(`/virtual/${name}`, {
    ...(configId === undefined ? {} : { configId }),
    readText: (path) => {
      const t = all[basename(path)];
      return t === undefined ? { error: 'ENOENT' } : { text: t };
    },
  });
}

export interface InstanceText {
  name?: string;
  state?: 'MASTER' | 'BACKUP';
  vrid?: number;
  priority?: number;
  advertInt?: number | string;
  vips?: string[];
  extra?: string[];
}

/** A node's file with one vrrp_instance (defaults: VI_51, VRID 51, v2, 1 s, 192.0.2.100/24). */
export function nodeText(routerId: string, i: InstanceText, top: string[] = []): string {
  return [
    'global_defs {',
    `    router_id ${routerId}`,
    '}',
    ...top,
    `vrrp_instance ${i.name ?? 'VI_51'} {`,
    `    state ${i.state ?? 'BACKUP'}`,
    '    interface eth0',
    `    virtual_router_id ${i.vrid ?? 51}`,
    `    priority ${i.priority ?? 100}`,
    `    advert_int ${i.advertInt ?? 1}`,
    ...(i.extra ?? []).map((l) => `    ${l}`),
    '    virtual_ipaddress {',
    ...(i.vips ?? ['192.0.2.100/24']).map((v) => `        ${v}`),
    '    }',
    '}',
    '',
  ].join('\n');
}

/** Two-node cluster from instance specs. */
export function cluster(...nodes: [string, InstanceText, string[]?][]): ClusterConfig {
  return nodes.map(([id, i, top]) => conf(`${id}.conf`, nodeText(id, i, top ?? [])));
}

/** Findings of one rule for these configs and frames (lint: no frames). */
export function confFindings(rule: RuleDefinition, configs: ClusterConfig, frames: readonly FrameInfo[] = []): FindingDoc[] {
  return analyze(frames, [rule], { keepalived: configs }).findings.filter((f) => f.rule === rule.meta.id);
}
