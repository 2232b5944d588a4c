/**
 * Elections that go wrong or that look alarming but are fine: preemption, a partition (split-brain), two clusters
 * on one VRID, and two misconfigurations keepalived answers with a second master (auth and interval mismatch).
 */
import type { FrameRow } from '../tshark-frames.js';
import { waitFor } from '../wait.js';
import { adverts, after, before, claim, first, frameList, garps, last, secs } from './claims.js';
import { hold, N1, N2, N3, N4, nodeConfig, VIP, VRID, type InstanceOptions } from './common.js';
import { mustNotExcept } from './failover.js';
import type { RecordingSession } from './session.js';
import type { Scenario, ScenarioFacts } from './types.js';

export const ADVERT_NOT_FROM_VMAC = `\`advert-not-from-vmac\` (info): adverts come from the nodes' physical MACs, folded into one finding per virtual router.`;

/** Convergence allowance of rules.md for v2 speakers with these priorities and interval (s). */
function allowanceV2(advInt: number, priorities: readonly number[]): number {
  return Math.max(...priorities.map((p) => 3 * advInt + (256 - p) / 256)) + advInt;
}

/** Both n1 and n2 advertise with priority > 0 during [from, to]; returns the overlap frames. */
function overlap(rows: readonly FrameRow[], aSrc: string, bSrc: string): { from: FrameRow; to: FrameRow; a: FrameRow[]; b: FrameRow[] } {
  const a = adverts(rows, { src: aSrc, vrid: VRID, minPrio: 1 });
  const b = adverts(rows, { src: bSrc, vrid: VRID, minPrio: 1 });
  const from = first(b, `adverts from ${bSrc}`);
  const to = last(b, `adverts from ${bSrc}`);
  const aDuring = a.filter((r) => r.no > from.no && r.no < to.no);
  claim(aDuring.length >= 2, `${aSrc} keeps advertising while ${bSrc} does`);
  return { from, to, a, b };
}

/** Largest time between consecutive frames, in seconds. */
function maxGap(rows: readonly FrameRow[]): number {
  let gap = 0;
  for (let i = 1; i < rows.length; i++) gap = Math.max(gap, (rows[i]?.epoch ?? 0) - (rows[i - 1]?.epoch ?? 0));
  return gap;
}

async function waitLogCount(s: RecordingSession, member: string, re: RegExp, count: number, timeoutMs = 15_000): Promise<void> {
  const k = s.lab.keepalived(member);
  const g = new RegExp(re.source, 'g');
  await waitFor(() => (k.log().match(g)?.length ?? 0) >= count, { timeoutMs, what: `${count}× ${re} on ${member}` });
}

async function twoNodeLab(s: RecordingSession) {
  await s.createLab({ nodes: 2, observer: true });
  return s.capture('obs');
}

const preempt: Scenario = {
  name: 'preempt',
  title: 'a higher-priority node starts later and preempts',
  summary: 'n2 (priority 100) starts alone and becomes master after its Master_Down_Interval. n1 (priority 150, default preemption) starts later in BACKUP, discards n2\'s lower-priority adverts, becomes master when its own down timer fires, and n2 yields on n1\'s first advert. Normal preemption, not split-brain.',
  ext: 'pcap',
  async record(s) {
    const cap = await twoNodeLab(s);
    await s.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
    await s.waitMaster('n2');
    await hold(s, 2, 'n2 alone as master');
    await s.startKeepalived('n1', nodeConfig('n1', { priority: 150 }));
    await s.waitMaster('n1');
    await hold(s, 3, 'n1 master after preemption');
    await cap.stop();
    s.mark('capture stopped');
  },
  verify(rows): ScenarioFacts {
    const n1 = adverts(rows, { src: N1.ip, vrid: VRID, minPrio: 1 });
    const n2 = adverts(rows, { src: N2.ip, vrid: VRID, minPrio: 1 });
    const n1First = first(n1, 'n1 advert');
    const n2Before = before(n2, n1First);
    const n2After = after(n2, n1First);
    claim(n2Before.length >= 2, 'n2 is master before n1 appears');
    claim(n2After.length <= 1, 'n2 yields at once');
    const lastN2 = last(n2, 'n2 last advert');
    claim(lastN2.epoch - n1First.epoch < 1, 'overlap below one interval');
    const n1Garps = garps(rows, VIP, N1.mac).filter((r) => r.no > n1First.no);
    claim(n1Garps.length >= 1, 'n1 GARPs after preempting');
    claim(adverts(rows, { vrid: VRID, prio: 0 }).length === 0, 'no priority-0 advert');
    return {
      keyFrames: [
        `Frames ${frameList(n2Before)}: n2 (${N2.ip}) alone, master with priority 100 (its GARPs: frames ${frameList(garps(rows, VIP, N2.mac))}).`,
        `Frame ${n1First.no}: n1's first advert, priority 150, t=${secs(n1First.rel)}: n1 preempts.`,
        n2After.length ? `Frame ${n2After[0]?.no}: one last advert of n2 already queued, ${secs(lastN2.epoch - n1First.epoch)} after n1's first.` : `n2 sends no advert after frame ${n1First.no}.`,
        `Frames ${frameList(n1Garps)}: n1's gratuitous ARPs for ${VIP}.`,
        `Frames ${frameList(after(n1, n1First))}: n1 keeps advertising.`,
      ],
      mustReport: [
        `(report, not a finding) VRID ${VRID}: n2 master first, then one master change n2 → n1 at frame ${n1First.no} (preemption by higher priority 150 > 100).`,
        ADVERT_NOT_FROM_VMAC,
      ],
      mustNotReport: [
        `\`split-brain\`: the lower-priority master yields within ${secs(lastN2.epoch - n1First.epoch)}, far inside the convergence allowance (${secs(allowanceV2(1, [100, 150]))}).`,
        `\`slow-takeover\`: preemption is not a failover; n2 never stopped advertising before n1 appeared.`,
        ...mustNotExcept(['split-brain', 'slow-takeover']),
      ],
    };
  },
};

const splitBrainPartition: Scenario = {
  name: 'split-brain-partition',
  title: 'partitioned nodes both become master; the partition heals',
  summary: 'n1 (150) is master and n2 (100) backup. The bridge ports of n1 and n2 are then set `isolated on`: they no longer hear each other, but the observer (a non-isolated port) still receives both. n2 becomes master after its Master_Down_Interval and both advertise VRID 51 / 192.0.2.100 at once. After the partition heals (`isolated off`), n2 sees n1\'s higher priority and returns to BACKUP.',
  ext: 'pcap',
  async record(s) {
    const cap = await twoNodeLab(s);
    await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
    await s.waitMaster('n1');
    await s.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
    await hold(s, 2, 'n1 master, n2 backup');
    await s.lab.partition(['n1', 'n2']);
    s.mark('partition: bridge ports of n1 and n2 isolated on');
    await s.waitMaster('n2');
    await hold(s, 7, 'both nodes master');
    await s.lab.heal(['n1', 'n2']);
    s.mark('heal: bridge ports of n1 and n2 isolated off');
    await waitLogCount(s, 'n2', /Entering BACKUP STATE/, 2);
    s.mark('n2 logs "Entering BACKUP STATE"');
    await hold(s, 3, 'n1 alone again');
    await cap.stop();
    s.mark('capture stopped');
  },
  verify(rows, session): ScenarioFacts {
    const { from, to, a } = overlap(rows, N1.ip, N2.ip);
    const duration = to.epoch - from.epoch;
    const allowance = allowanceV2(1, [150, 100]);
    claim(duration > allowance + 1, `overlap ${duration} s exceeds the allowance`);
    const healEpoch = session.timeline.find((e) => e.text.startsWith('heal'))?.epoch ?? 0;
    claim(to.epoch >= healEpoch - 1.1 && to.epoch <= healEpoch + 1.5, 'n2 stops right after the heal');
    const n2Garps = garps(rows, VIP, N2.mac);
    claim(n2Garps.length >= 1, 'n2 GARPs when it becomes master');
    const n1After = after(a, to);
    claim(n1After.length >= 2, 'n1 still master after the heal');
    return {
      keyFrames: [
        `Frames ${frameList(before(a, from))}: n1 alone as master (priority 150).`,
        `Frame ${from.no}: n2's first advert (priority 100), t=${secs(from.rel)}: both nodes now master. Frames ${frameList(n2Garps)}: n2's gratuitous ARPs for ${VIP}.`,
        `Frames ${frameList(adverts(rows, { src: N2.ip, minPrio: 1 }))}: n2's adverts during the partition; n1 keeps advertising in between (frames ${frameList(a.filter((r) => r.no > from.no && r.no < to.no))}).`,
        `Frame ${to.no}: n2's last advert, t=${secs(to.rel)}; the overlap lasts ${secs(duration)}.`,
        `Frames ${frameList(n1After)}: n1 alone again after the heal.`,
      ],
      mustReport: [
        `\`split-brain\` (error) for VRID ${VRID} / ${VIP}: masters n1 ${N1.ip} (${N1.mac}, prio 150, the one that should win) and n2 ${N2.ip} (${N2.mac}, prio 100); overlap from frame ${from.no} to frame ${to.no}, about ${secs(duration)} (allowance ${secs(allowance)}). No auth, interval, version, checksum or TTL difference is visible: the likely cause is that the speakers do not see each other.`,
        ADVERT_NOT_FROM_VMAC,
      ],
      mustNotReport: [
        `\`vrid-collision\`: both speakers advertise the same VIP; this is one virtual router.`,
        ...mustNotExcept(['split-brain', 'vrid-collision', 'master-flapping']),
        `\`master-flapping\`: only two master changes (n2 joins, n2 leaves).`,
      ],
    };
  },
};

const vridCollision: Scenario = {
  name: 'vrid-collision',
  title: 'two unrelated clusters on one segment use VRID 51',
  summary: 'Cluster A (n1 150 / n2 100, VIP 192.0.2.100) and cluster B (n3 150 / n4 100, VIP 192.0.2.200) both use VRID 51 on one bridge. Every node rejects the other cluster\'s adverts (keepalived 2.2.7 logs "ip address associated with VRID 51 not present in MASTER advert"), so both clusters elect their own master and both claim VRID 51 on the segment.',
  ext: 'pcap',
  async record(s) {
    await s.createLab({ nodes: 4, observer: true });
    const cap = await s.capture('obs');
    const vipB = ['192.0.2.200/24'];
    await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER' }));
    await s.startKeepalived('n3', nodeConfig('n3', { priority: 150, state: 'MASTER', vips: vipB }));
    await s.waitMaster('n1');
    await s.waitMaster('n3');
    await s.startKeepalived('n2', nodeConfig('n2', { priority: 100 }));
    await s.startKeepalived('n4', nodeConfig('n4', { priority: 100, vips: vipB }));
    await hold(s, 8, 'both clusters on VRID 51');
    await cap.stop();
    s.mark('capture stopped');
  },
  verify(rows): ScenarioFacts {
    const a = adverts(rows, { vrid: VRID, minPrio: 1 }).filter((r) => r.vips.join() === VIP);
    const b = adverts(rows, { vrid: VRID, minPrio: 1 }).filter((r) => r.vips.join() === '192.0.2.200');
    claim(a.length + b.length === adverts(rows, { vrid: VRID }).length, 'every advert lists exactly one of the two VIPs');
    claim(a.length >= 3 && b.length >= 1, 'both clusters advertise');
    claim(a.every((r) => r.ipSrc === N1.ip || r.ipSrc === N2.ip) && b.every((r) => r.ipSrc === N3.ip || r.ipSrc === N4.ip), 'VIPs by cluster');
    const speakers = (rows: FrameRow[]) => [...new Set(rows.map((r) => `${r.ipSrc} (prio ${r.prio})`))].join(', ');
    const n4 = adverts(rows, { src: N4.ip });
    return {
      keyFrames: [
        `Frames ${frameList(a)}: cluster A advertises VRID 51 with VIP ${VIP}: ${speakers(a)}.`,
        `Frames ${frameList(b)}: cluster B advertises VRID 51 with VIP 192.0.2.200: ${speakers(b)}.`,
        n4.length ? `Frame${n4.length > 1 ? 's' : ''} ${frameList(n4)}: n4 (prio 100) briefly advertises too: it also drops cluster A's adverts and its down timer expired while n3 was quiet; n3's next advert sends it back to BACKUP ("Master received advert from 192.0.2.13 with higher priority 150").` : 'n4 stays backup and sends nothing.',
        `Frames ${frameList(garps(rows, VIP))} and ${frameList(garps(rows, '192.0.2.200'))}: gratuitous ARPs of each cluster for its own VIP.`,
        `Both masters' adverts are irregular (largest gap: cluster A ${secs(maxGap(a))}, cluster B ${secs(maxGap(b))}, against a 1 s interval): each master logs "ip address associated with VRID 51 not present in MASTER advert" for the other's adverts, and in keepalived 2.2.7 every received packet, even a rejected one, restarts the master's advert timer.`,
      ],
      mustReport: [
        `\`vrid-collision\` (error), once, for VRID ${VRID} on this segment/IPv4: one group with VIP ${VIP} (${speakers(a)}), one with VIP 192.0.2.200 (${speakers(b)}); the report lists free VRIDs (every VRID but 51 is free here).`,
        ADVERT_NOT_FROM_VMAC,
      ],
      mustNotReport: [
        `\`split-brain\`: the two masters' VIP sets are disjoint, so they are two groups, not one router with two masters (rules.md: not reported as split-brain too).`,
        `\`vip-list-mismatch\`: the VIP sets do not overlap.`,
        `\`equal-priority\`: the two priority-150 speakers belong to different groups.`,
        ...mustNotExcept(['split-brain', 'vip-list-mismatch', 'equal-priority', 'vrid-collision']),
      ],
    };
  },
};

function mismatchScenario(o: {
  name: string;
  title: string;
  summary: string;
  n1: Partial<InstanceOptions>;
  n2: Partial<InstanceOptions>;
  overlapSeconds: number;
  verify: (rows: readonly FrameRow[]) => ScenarioFacts;
}): Scenario {
  return {
    name: o.name,
    title: o.title,
    summary: o.summary,
    ext: 'pcap',
    async record(s) {
      const cap = await twoNodeLab(s);
      await s.startKeepalived('n1', nodeConfig('n1', { priority: 150, state: 'MASTER', ...o.n1 }));
      await s.waitMaster('n1');
      await s.startKeepalived('n2', nodeConfig('n2', { priority: 100, ...o.n2 }));
      await s.waitMaster('n2', 20_000);
      await hold(s, o.overlapSeconds, 'both nodes master');
      await cap.stop();
      s.mark('capture stopped');
    },
    verify: o.verify,
  };
}

const authMismatch = mismatchScenario({
  name: 'auth-mismatch',
  title: 'VRRPv2 PASS authentication with different passwords: two masters',
  summary: 'Both nodes use `auth_type PASS`, n1 with password "alpha", n2 with "bravo". Each drops the other\'s adverts ("received an invalid passwd"), so n2 becomes master next to n1 and both stay master (keepalived logs) until the end of the capture.',
  n1: { authPass: 'alpha' },
  n2: { authPass: 'bravo' },
  overlapSeconds: 12,
  verify(rows) {
    const { from, to } = overlap(rows, N1.ip, N2.ip);
    const allowance = allowanceV2(1, [150, 100]);
    claim(to.epoch - from.epoch > allowance, `overlap ${to.epoch - from.epoch} s exceeds the allowance ${allowance}`);
    const a = adverts(rows, { src: N1.ip, minPrio: 1 });
    const b = adverts(rows, { src: N2.ip, minPrio: 1 });
    claim(a.every((r) => r.authType === 1 && r.authString === 'alpha'), 'n1 sends PASS alpha');
    claim(b.every((r) => r.authType === 1 && r.authString === 'bravo'), 'n2 sends PASS bravo');
    return {
      keyFrames: [
        `Frames ${frameList(a)}: n1 adverts, auth type 1 (simple text), auth data "alpha" padded with zeros to 8 bytes.`,
        `Frames ${frameList(b)}: n2 adverts, auth type 1, auth data "bravo"; the first at frame ${from.no} (t=${secs(from.rel)}), after n2's Master_Down_Interval without accepted adverts.`,
        `Frames ${frameList(garps(rows, VIP, N2.mac))}: n2's gratuitous ARPs for ${VIP} while n1 is still master.`,
        `n2's adverts are irregular (largest gap ${secs(maxGap(b))} for a 1 s interval): keepalived 2.2.7 restarts a master's advert timer on every advert it receives, even one it rejects for the password.`,
      ],
      mustReport: [
        `\`auth-mismatch\` (error): n1 ${N1.ip} and n2 ${N2.ip} send different auth data (both type 1); the secret itself is not printed.`,
        `\`plaintext-auth\` (warning): simple-text passwords of 5 characters from n1 and n2, text hidden unless --show-secrets.`,
        `\`split-brain\` (error): n1 (150, should win) and n2 (100) both advertise from frame ${from.no} to at least frame ${to.no}, ${secs(to.epoch - from.epoch)} > allowance ${secs(allowance)}; likely cause: the auth mismatch.`,
        ADVERT_NOT_FROM_VMAC,
      ],
      mustNotReport: mustNotExcept(['split-brain', 'auth-mismatch', 'plaintext-auth']),
    };
  },
});

const intervalMismatch = mismatchScenario({
  name: 'interval-mismatch',
  title: 'VRRPv2 advert_int 1 vs 2: the slower node becomes master but is starved',
  summary: 'n1 (150) advertises every second, n2 (100) is configured with `advert_int 2`. VRRPv2 receivers drop adverts with another interval (keepalived logs "advertisement interval mismatch"), so n2 never accepts n1 and enters MASTER after its Master_Down_Interval: it sets the VIP, sends one advert and its gratuitous ARPs. It then stays MASTER (its log never leaves that state, the VIP stays configured), yet sends no further advert while n1 keeps advertising: in keepalived 2.2.7 each dropped packet from n1 restarts n2\'s advert timer before its 2 s expire. On the wire: one advert and one batch of gratuitous ARPs from the lower-priority node, while n1 never stops advertising.',
  n1: { advertInt: 1 },
  n2: { advertInt: 2 },
  overlapSeconds: 10,
  verify(rows) {
    const a = adverts(rows, { src: N1.ip, minPrio: 1 });
    const b = adverts(rows, { src: N2.ip, minPrio: 1 });
    claim(a.every((r) => r.advInt === 1) && b.every((r) => r.advInt === 2), 'intervals 1 and 2');
    const n2First = first(b, 'n2 advert');
    const n2Garps = garps(rows, VIP, N2.mac);
    claim(n2Garps.length >= 1, 'n2 GARPs for the VIP');
    claim(after(a, n2First).length >= 5, 'n1 keeps advertising after n2 took the VIP');
    return {
      keyFrames: [
        `Frames ${frameList(a)}: n1 adverts, priority 150, interval 1 s, without a gap.`,
        `Frame${b.length > 1 ? 's' : ''} ${frameList(b)}: n2's advert${b.length > 1 ? 's' : ''}, priority 100, interval 2 s (t=${secs(n2First.rel)}), sent when its Master_Down_Interval (3 × 2 + 156/256 = 6.609 s) expired.`,
        `Frames ${frameList(n2Garps)}: n2's gratuitous ARPs for ${VIP}: the lower-priority node claims the VIP while n1 still advertises it.`,
      ],
      mustReport: [
        `\`interval-mismatch\` (error, VRRPv2): n1 ${N1.ip} advertises 1 s, n2 ${N2.ip} 2 s (frames ${first(a, 'n1').no} and ${n2First.no}).`,
        ADVERT_NOT_FROM_VMAC,
        `Neither required nor forbidden: \`split-brain\`. Both nodes hold the VIP until the end (keepalived logs), but n2 advertises ${b.length === 1 ? 'only once' : `only ${b.length} times`}; by adverts alone its claim lasts less than the convergence allowance (${secs(allowanceV2(2, [150, 100]))}). The same holds for \`backup-answers-arp\` on n2's GARPs (sent right after its own advert). An implementation that reports them must cite frames ${n2First.no} and ${frameList(n2Garps)}.`,
      ],
      mustNotReport: mustNotExcept(['split-brain', 'interval-mismatch', 'backup-answers-arp']),
    };
  },
});

export const electionScenarios: readonly Scenario[] = [preempt, splitBrainPartition, vridCollision, authMismatch, intervalMismatch];
