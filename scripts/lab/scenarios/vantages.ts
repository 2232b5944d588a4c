/**
 * Captures of one segment from several vantage points (`audit --merge`): tcpdump on every node and on the observer at
 * once. Two nodes, n1 (priority 150) and n2 (100): a one-way loss in the switch (n1's adverts never reach n2), a
 * firewall drop on n2 (the adverts reach n2's NIC, so its capture has them, but keepalived never gets them), and a
 * clean graceful failover where every vantage point sees every advert.
 */
import { writeFileSync } from 'node:fs';
import type { FrameRow } from '../tshark-frames.js';
import { waitFor } from '../wait.js';
import { adverts, after, before, claim, first, frameList, last } from './claims.js';
import { hold, N1, N2, nodeConfig, VRID } from './common.js';
import { mustNotExcept } from './failover.js';
import type { RecordingSession } from './session.js';
import type { Scenario, ScenarioFacts } from './types.js';

/** Members captured besides the observer (whose capture is the scenario's main file). */
const NODE_VANTAGES = ['n1', 'n2'] as const;

const LOSS_TABLE = 'vrrploss';

/** nftables bridge-family rule in the switch namespace: drops IP protocol 112 entering from n1's port towards n2's. */
const SWITCH_DROP = [
  `table bridge ${LOSS_TABLE} {`,
  '  chain forward {',
  '    type filter hook forward priority 0; policy accept;',
  '    iifname "p-n1" oifname "p-n2" ip protocol 112 drop',
  '  }',
  '}',
].join('\n');

/** nftables input rule in n2's namespace: the adverts reach eth0 (tcpdump sees them) and die before keepalived. */
const HOST_DROP = [
  `table inet ${LOSS_TABLE} {`,
  '  chain input {',
  '    type filter hook input priority 0; policy accept;',
  '    ip protocol 112 drop',
  '  }',
  '}',
].join('\n');

async function nft(s: RecordingSession, member: string, ruleset: string, why: string): Promise<void> {
  const file = `${s.lab.workDir}/nft-${member}.conf`;
  writeFileSync(file, `${ruleset}\n`);
  const argv = ['nft', '-f', file];
  await (member === 'sw' ? s.lab.execInSwitch(argv) : s.lab.exec(member, argv));
  s.remarks.push(`nftables in ${member === 'sw' ? 'the switch namespace' : `${member}'s namespace`} (${why}):\n\n  \`\`\`\n  ${ruleset.split('\n').join('\n  ')}\n  \`\`\``);
  s.mark(`nftables rule loaded in ${member} (${why})`);
}

async function nftDelete(s: RecordingSession, member: string, family: string): Promise<void> {
  const argv = ['nft', 'delete', 'table', family, LOSS_TABLE];
  await (member === 'sw' ? s.lab.execInSwitch(argv) : s.lab.exec(member, argv));
  s.mark(`nftables table ${family} ${LOSS_TABLE} deleted in ${member}`);
}

async function captureEverywhere(s: RecordingSession): Promise<{ stop(): Promise<void> }> {
  await s.createLab({ nodes: 2, observer: true });
  const caps = [await s.capture('obs')];
  for (const m of NODE_VANTAGES) caps.push(await s.captureVantage(m));
  return {
    async stop() {
      for (const c of caps) await c.stop();
      s.mark('captures stopped');
    },
  };
}

/** Starts n1 (MASTER, 150), then n2 (100), and lets the loss act. */
async function twoMasters(s: RecordingSession, lossIn: string, ruleset: string, family: string, why: string): Promise<void> {
  const caps = await captureEverywhere(s);
  await nft(s, lossIn, ruleset, why);
  await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
  await s.waitMaster('n1');
  await s.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
  await s.waitMaster('n2');
  await hold(s, 8, 'both nodes master');
  await nftDelete(s, lossIn, family);
  // n2 logged "Entering BACKUP STATE (init)" at start; the second one is its yielding.
  await waitFor(() => (s.lab.keepalived('n2').log().match(/Entering BACKUP STATE/g)?.length ?? 0) >= 2, { timeoutMs: 15_000, what: 'n2 back to BACKUP' });
  s.mark('n2 logs "Entering BACKUP STATE"');
  await hold(s, 5, 'n2 backup again, n1 alone master');
  await caps.stop();
}

function nodeAdverts(rows: readonly FrameRow[], n: typeof N1): FrameRow[] {
  return adverts(rows, { src: n.ip, vrid: VRID, minPrio: 1 });
}

/** n2 becomes master while n1 still is; n2 yields once the loss is removed. Checked on the observer's capture. */
function splitBrainFacts(rows: readonly FrameRow[]): { keyFrames: string[]; n1: FrameRow[]; n2: FrameRow[] } {
  const n1 = nodeAdverts(rows, N1);
  const n2 = nodeAdverts(rows, N2);
  const n2First = first(n2, 'n2 advert');
  const n2Last = last(n2, 'n2 advert');
  claim(n2.length >= 5, 'n2 advertises as master for several seconds');
  const n1During = n1.filter((r) => r.no > n2First.no && r.no < n2Last.no);
  claim(n1During.length >= 5, 'n1 keeps advertising while n2 does');
  claim(after(n1, n2Last).length >= 2, 'n1 still master after n2 yields');
  return {
    n1,
    n2,
    keyFrames: [
      `Frames ${frameList(n1)}: n1 (${N1.ip}, priority 150) advertises VRID ${VRID} all along.`,
      `Frames ${frameList(n2)}: n2 (${N2.ip}, priority 100) advertises as master from t=${n2First.rel.toFixed(3)} s to t=${n2Last.rel.toFixed(3)} s: two masters.`,
    ],
  };
}

/** Adverts of `n` in a node's capture, matched to the observer's by VRRP fields and IP id (tshark shows no id here: by count). */
function vantageLine(member: string, rows: readonly FrameRow[]): string {
  const a1 = nodeAdverts(rows, N1);
  const a2 = nodeAdverts(rows, N2);
  return `${member}'s capture (${member}.pcap, ${rows.length} frames): ${a1.length} adverts of n1 (frames ${frameList(a1) || 'none'}), ${a2.length} adverts of n2 (frames ${frameList(a2) || 'none'}).`;
}

const QUIET_FOR_SPLIT_BRAIN = ['split-brain', 'master-flapping', 'missing-garp', 'backup-answers-arp'];

const pathLoss: Scenario = {
  name: 'merge-path-loss',
  title: 'one-way loss in the switch: n1\'s adverts never reach n2',
  summary:
    'An nftables rule in the bridge\'s namespace drops IP protocol 112 from n1\'s port to n2\'s. n2 never hears n1 and becomes master too; n1 hears n2\'s lower-priority adverts and stays master: split-brain. After 8 s the rule is removed and n2 yields. Captured at once on the observer, on n1 and on n2.',
  ext: 'pcap',
  vantages: NODE_VANTAGES,
  record: (s) => twoMasters(s, 'sw', SWITCH_DROP, 'bridge', 'one-way loss of VRRP from n1 to n2'),
  verify(rows): ScenarioFacts {
    const f = splitBrainFacts(rows);
    return {
      keyFrames: f.keyFrames,
      mustReport: [
        '`split-brain` (error) on the observer\'s capture alone and on the merge.',
        '`advert-loss` (merged: obs, n1, n2): adverts of 192.0.2.11 missing at vantage point n2 while n1 and obs saw them, until the rule was removed.',
        'Merged split-brain cause: n2\'s capture has none of n1\'s adverts during the overlap: lost on the path.',
      ],
      mustNotReport: mustNotExcept(QUIET_FOR_SPLIT_BRAIN),
    };
  },
  verifyVantages(byMember, obsRows) {
    const n1Obs = nodeAdverts(obsRows, N1);
    const n2Rows = byMember.get('n2') ?? [];
    const n1AtN2 = nodeAdverts(n2Rows, N1);
    const n2Obs = nodeAdverts(obsRows, N2);
    // While n2 was master, its capture has no advert of n1 (they were dropped in the switch).
    const n2FirstAtN2 = first(nodeAdverts(n2Rows, N2), 'n2 advert in n2 capture');
    const n2LastAtN2 = last(nodeAdverts(n2Rows, N2), 'n2 advert in n2 capture');
    claim(n1AtN2.filter((r) => r.epoch > n2FirstAtN2.epoch - 3 && r.epoch < n2LastAtN2.epoch).length === 0, 'n2 capture has no n1 advert while n2 is master');
    claim(n1AtN2.length < n1Obs.length, 'n2 capture misses n1 adverts the observer has');
    claim(nodeAdverts(byMember.get('n1') ?? [], N2).length === n2Obs.length, 'n1 capture has every n2 advert');
    return [vantageLine('n1', byMember.get('n1') ?? []), vantageLine('n2', n2Rows)];
  },
};

const hostDrop: Scenario = {
  name: 'merge-host-drop',
  title: 'firewall on n2 drops VRRP: the adverts reach its NIC, not keepalived',
  summary:
    'An nftables input rule in n2\'s namespace drops IP protocol 112. tcpdump on n2 still sees n1\'s adverts (it captures before netfilter), but keepalived on n2 never receives them and becomes master too: split-brain. After 8 s the rule is removed and n2 yields. Captured at once on the observer, on n1 and on n2.',
  ext: 'pcap',
  vantages: NODE_VANTAGES,
  record: (s) => twoMasters(s, 'n2', HOST_DROP, 'inet', 'input drop of VRRP on n2'),
  verify(rows): ScenarioFacts {
    const f = splitBrainFacts(rows);
    return {
      keyFrames: f.keyFrames,
      mustReport: [
        '`split-brain` (error) on the observer\'s capture alone and on the merge.',
        'Merged split-brain cause: n2\'s capture has every advert of n1, yet n2 stayed master: dropped on the host.',
      ],
      mustNotReport: [
        '`advert-loss`: every vantage point saw every advert',
        ...mustNotExcept(QUIET_FOR_SPLIT_BRAIN),
      ],
    };
  },
  verifyVantages(byMember, obsRows) {
    for (const m of NODE_VANTAGES) {
      const rows = byMember.get(m) ?? [];
      claim(nodeAdverts(rows, N1).length === nodeAdverts(obsRows, N1).length, `${m} capture has every n1 advert`);
      claim(nodeAdverts(rows, N2).length === nodeAdverts(obsRows, N2).length, `${m} capture has every n2 advert`);
    }
    return NODE_VANTAGES.map((m) => vantageLine(m, byMember.get(m) ?? []));
  },
};

const cleanFailover: Scenario = {
  name: 'merge-failover',
  title: 'clean graceful failover seen from every node and the observer',
  summary:
    'n1 (priority 150) is master, n2 (100) backup; keepalived on n1 is stopped with SIGTERM (priority-0 advert) and n2 takes over. Captured at once on the observer, on n1 and on n2: every vantage point sees every advert.',
  ext: 'pcap',
  vantages: NODE_VANTAGES,
  async record(s) {
    const caps = await captureEverywhere(s);
    await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
    await s.waitMaster('n1');
    await s.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
    await hold(s, 3, 'n1 master, n2 backup');
    await s.stopKeepalived('n1', 'graceful');
    await s.waitMaster('n2');
    await hold(s, 3, 'n2 settles as master');
    await caps.stop();
  },
  verify(rows): ScenarioFacts {
    const n1 = nodeAdverts(rows, N1);
    const n2 = nodeAdverts(rows, N2);
    const zero = first(adverts(rows, { src: N1.ip, vrid: VRID, prio: 0 }), 'n1 priority-0 advert');
    claim(before(n2, zero).length === 0, 'n2 silent while n1 is master');
    return {
      keyFrames: [
        `Frames ${frameList(n1)}: n1 (${N1.ip}, priority 150) advertises as master.`,
        `Frame ${zero.no}: n1's priority-0 advert.`,
        `Frames ${frameList(n2)}: n2 (${N2.ip}) advertises as master after the failover.`,
      ],
      mustReport: ['(report) one failover n1 → n2, one master at any time; every vantage point saw 100 % of each speaker\'s adverts.'],
      mustNotReport: ['`advert-loss`: nothing was lost', ...mustNotExcept([])],
    };
  },
  verifyVantages(byMember, obsRows) {
    for (const m of NODE_VANTAGES) {
      const rows = byMember.get(m) ?? [];
      claim(adverts(rows, { vrid: VRID }).length === adverts(obsRows, { vrid: VRID }).length, `${m} capture has every advert`);
    }
    return NODE_VANTAGES.map((m) => vantageLine(m, byMember.get(m) ?? []));
  },
};

export const vantageScenarios: readonly Scenario[] = [pathLoss, hostDrop, cleanFailover];
