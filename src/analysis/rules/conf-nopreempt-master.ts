/** conf-nopreempt-master: `nopreempt` together with `state MASTER`, a combination keepalived silently corrects. */
import { defineConfCheck } from '../conf/define.js';
import { vridFilter } from '../conf/cluster.js';

export const confNopreemptMaster = defineConfCheck(
  {
    id: 'conf-nopreempt-master',
    defaultSeverity: 'warning',
    summary: 'nopreempt with state MASTER: keepalived ignores nopreempt, so the node still preempts.',
  },
  (cluster, report) => {
    for (const node of cluster) {
      for (const inst of node.instances) {
        if (!inst.nopreempt || inst.state !== 'MASTER') continue;
        report({
          key: `${node.file}|${inst.name}`,
          title: `${inst.name} on ${node.node}: nopreempt with state MASTER`,
          message:
            `${inst.name} on ${node.node} (${inst.file}:${inst.line}) sets nopreempt and state MASTER. keepalived clears ` +
            'nopreempt for an instance whose initial state is MASTER ("nopreempt will not work with initial state MASTER"), so this ' +
            'node takes the VIPs back whenever it returns, which is what nopreempt was meant to prevent.',
          ...(inst.vrid === undefined ? {} : { vrid: inst.vrid }),
          family: inst.family,
          subjects: { vips: inst.vips.map((v) => v.ip) },
          wiresharkFilter: inst.vrid === undefined ? 'vrrp' : vridFilter(inst.family, inst.vrid),
          remediation: 'Use `state BACKUP` with nopreempt on every peer (and the priorities you want); or drop nopreempt if preempting is wanted.',
          config: [{ node: node.node, file: inst.file, line: inst.line, instance: inst.name }],
        });
      }
    }
  },
);
