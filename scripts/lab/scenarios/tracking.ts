/**
 * A tracked vrrp_script with a negative weight lowers the master's priority: n1 (150) tracks a check that starts
 * failing, advertises 150 − 60 = 90, and n2 (100) preempts it. The configs beside the capture let
 * `audit --keepalived` name the failing script behind the drift.
 */
import { rmSync, writeFileSync } from 'node:fs';
import type { FrameRow } from '../tshark-frames.js';
import { adverts, after, claim, first, frameList, garps } from './claims.js';
import { hold, N1, N2, nodeConfig, VIP, VRID } from './common.js';
import { ADVERT_NOT_FROM_VMAC } from './election.js';
import { mustNotExcept } from './failover.js';
import type { Scenario, ScenarioFacts } from './types.js';

/** The check fails while this file exists (per node: the namespaces share the file system). */
const downFile = (node: string) => `/tmp/vrrp-inspect-fixture-${node}-down`;

function checkScript(node: string): string[] {
  return [
    'vrrp_script chk_service {',
    `    script "/usr/bin/test ! -e ${downFile(node)}"`,
    '    interval 1',
    '    fall 2',
    '    rise 2',
    '    weight -60',
    '}',
  ];
}

export const trackingScenario: Scenario = {
  name: 'script-weight-drift',
  title: 'a failing vrrp_script with weight -60 lowers the master to 90; the backup preempts',
  summary:
    'n1 (priority 150) and n2 (priority 100) both track `vrrp_script chk_service` (weight -60, fall 2). n1 is master at 150. Then n1\'s check starts failing (the file it tests for appears): after two failed runs keepalived lowers n1\'s effective priority to 150 − 60 = 90, n1 advertises 90, and n2 (100, preempt) takes over. The configs are the ones beside the capture.',
  ext: 'pcap',
  async record(s) {
    for (const n of ['n1', 'n2']) rmSync(downFile(n), { force: true });
    try {
      await s.createLab({ nodes: 2, observer: true });
      const cap = await s.capture('obs');
      const instance = { extra: ['track_script {', '    chk_service', '}'] };
      await s.startKeepalived('n1', { ...nodeConfig('n1', { priority: 150, state: 'MASTER', ...instance }), preamble: checkScript('n1') });
      await s.waitMaster('n1');
      await s.startKeepalived('n2', { ...nodeConfig('n2', { priority: 100, ...instance }), preamble: checkScript('n2') });
      await hold(s, 3, 'n1 master at 150, n2 backup');
      writeFileSync(downFile('n1'), '');
      s.mark(`n1's check starts failing (${downFile('n1')} created)`);
      await s.waitMaster('n2');
      await hold(s, 3, 'n2 master, n1 backup at 90');
      await cap.stop();
      s.mark('capture stopped');
    } finally {
      for (const n of ['n1', 'n2']) rmSync(downFile(n), { force: true });
    }
  },
  verify(rows: readonly FrameRow[]): ScenarioFacts {
    const n1At150 = adverts(rows, { src: N1.ip, vrid: VRID, prio: 150 });
    const n1At90 = adverts(rows, { src: N1.ip, vrid: VRID, prio: 90 });
    const n2 = adverts(rows, { src: N2.ip, vrid: VRID, minPrio: 1 });
    claim(n1At150.length >= 2, 'n1 advertises 150 while its check passes');
    claim(n1At90.length >= 1, 'n1 advertises 90 once its check fails');
    const firstLow = first(n1At90, 'n1 at 90');
    claim(n1At150.every((r) => r.no < firstLow.no), '150 only before 90');
    const n2First = first(n2, 'n2 advert');
    claim(n2First.no > firstLow.no, 'n2 advertises only after n1 dropped to 90');
    claim(n2.every((r) => r.prio === 100), 'n2 advertises 100');
    claim(after(n1At90, n2First).length <= 1, 'n1 yields to n2');
    claim(adverts(rows, { vrid: VRID, prio: 0 }).length === 0, 'no priority-0 advert');
    const n2Garps = garps(rows, VIP, N2.mac);
    return {
      keyFrames: [
        `Frames ${frameList(n1At150)}: n1 (${N1.ip}) master with priority 150 (its check passes).`,
        `Frames ${frameList(n1At90)}: n1 advertises priority 90 = 150 − 60 after chk_service failed twice.`,
        `Frame ${n2First.no}: n2's first advert (priority 100): it preempts n1 (100 > 90); its gratuitous ARPs: frames ${frameList(n2Garps)}.`,
      ],
      mustReport: [
        `(report, not a finding) VRID ${VRID}: one master change n1 → n2 at frame ${n2First.no} (preemption: n1's priority fell to 90).`,
        ADVERT_NOT_FROM_VMAC,
        '`conf-priority-drift` (warning, with the configs): n1 advertises 90, configured 150; the failing track_script chk_service (weight -60) explains it.',
      ],
      mustNotReport: [
        '`split-brain`: n1 yields at once to the higher-priority n2.',
        ...mustNotExcept(['split-brain']),
      ],
    };
  },
};
