/** Reading keepalived.conf: one node's main file with its includes → NodeConfig (never throws on content). */
import { buildTree } from './block-tree.js';
import { interpretTree } from './interpret.js';
import { readConfLines, type ReadOptions } from './line-reader.js';
import type { NodeConfig } from './types.js';

export function readKeepalivedConfig(file: string, opts: ReadOptions = {}): NodeConfig {
  const read = readConfLines(file, opts);
  const tree = buildTree(read.lines, read.errors);
  return interpretTree(tree, file, read.files, read.errors, read.notes);
}

export type { ReadOptions } from './line-reader.js';
export type * from './types.js';
