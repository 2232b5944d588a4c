/**
 * conf-parse: what keepalived itself would refuse in a node's keepalived.conf (unbalanced braces, an unterminated
 * quote, a VRID or priority out of range, a VIP that is not an address, an include that cannot be read), each with
 * file:line; and, as info, what it would ignore (unknown keywords, includes matching nothing).
 */
import { defineConfCheck } from '../conf/define.js';

export const confParse = defineConfCheck(
  {
    id: 'conf-parse',
    defaultSeverity: 'error',
    summary: 'A keepalived.conf that keepalived would reject or misread (syntax, values out of range); unknown keywords as info.',
  },
  (cluster, report) => {
    for (const node of cluster) {
      node.errors.forEach((e, i) => {
        report({
          key: `${node.file}|error|${i}`,
          title: `${e.file}:${e.line}: ${e.message}`,
          message: `keepalived would refuse or misread ${e.file} of ${node.node} at line ${e.line}: ${e.message}. Everything else in the file was still read and checked.`,
          subjects: {},
          wiresharkFilter: 'vrrp',
          remediation: `Fix line ${e.line} of ${e.file}, then run \`keepalived -t -f ${node.file}\` on the node to confirm keepalived accepts it.`,
          config: [{ node: node.node, file: e.file, line: e.line }],
        });
      });
      if (node.notes.length > 0) {
        const first = node.notes[0];
        report({
          key: `${node.file}|notes`,
          severity: 'info',
          title: `${node.file}: ${node.notes.length} statement${node.notes.length === 1 ? '' : 's'} ignored or not understood`,
          message: node.notes.map((n) => `${n.file}:${n.line}: ${n.message}`).join('; '),
          subjects: {},
          wiresharkFilter: 'vrrp',
          remediation: 'Check each line: a typo in a keyword makes keepalived ignore the setting (it logs "Unknown keyword"); keywords of newer keepalived versions can be left as they are.',
          config: first ? node.notes.map((n) => ({ node: node.node, file: n.file, line: n.line })) : [],
        });
      }
    }
  },
);
