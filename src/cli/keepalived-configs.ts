/**
 * `--keepalived <file>` (repeatable; also `keepalived` in the JSON config file): each node's keepalived.conf, read once.
 * A file that cannot be opened is a usage problem (exit 2); what is wrong inside one is a conf-parse finding.
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { readKeepalivedConfig } from '../keepalived/index.js';
import type { ClusterConfig, NodeConfig } from '../keepalived/types.js';
import { InputError } from '../errors.js';

export function loadCluster(files: readonly string[], configId?: string): ClusterConfig {
  const nodes: NodeConfig[] = [];
  for (const file of files) {
    if (!existsSync(file)) throw new InputError('keepalived-missing', `cannot read keepalived config ${file}: ENOENT (give the path of a node's keepalived.conf)`);
    if (statSync(file).isDirectory()) throw new InputError('keepalived-directory', `keepalived config ${file} is a directory: give the node's keepalived.conf`);
    nodes.push(readKeepalivedConfig(file, configId === undefined ? {} : { configId }));
  }
  // Nodes are named by router_id; two files with one router_id (copied configs) are told apart by file name.
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.node, (counts.get(n.node) ?? 0) + 1);
  for (const n of nodes) if ((counts.get(n.node) ?? 0) > 1) n.node = `${n.node} (${basename(n.file)})`;
  return nodes;
}
