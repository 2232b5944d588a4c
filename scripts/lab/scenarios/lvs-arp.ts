/**
 * An LVS-DR real server holding the VIP on lo, with and without the arp_ignore/arp_announce sysctls of the classic
 * vipset.sh, while a keepalived pair holds the same VIP and a client ARPs for it.
 */
import type { FrameRow } from '../tshark-frames.js';
import { arpReplies, claim, frameList, garps } from './claims.js';
import { hold, N1, nodeConfig, VIP } from './common.js';
import { mustNotExcept } from './failover.js';
import type { Scenario, ScenarioFacts } from './types.js';

const CLIENT = { name: 'client', ip: '192.0.2.50', mac: '02:00:00:00:02:01' };
const RS = { name: 'rs1', ip: '192.0.2.40', mac: '02:00:00:00:02:02' };

const VIRTUAL_SERVER = [
  `virtual_server ${VIP} 80 {`,
  '    delay_loop 6',
  '    lb_algo rr',
  '    lb_kind DR',
  '    protocol TCP',
  `    real_server ${RS.ip} 80 {`,
  '        weight 1',
  '        TCP_CHECK {',
  '            connect_timeout 3',
  '        }',
  '    }',
  '}',
];

function lvsScenario(leak: boolean): Scenario {
  return {
    name: leak ? 'lvs-rs-arp-leak' : 'lvs-rs-arp-ok',
    title: leak ? 'a real server without arp_ignore answers ARP for the VIP' : 'a real server with arp_ignore=1 / arp_announce=2 stays silent',
    summary: leak
      ? 'n1 (150, master) and n2 (100) hold VIP 192.0.2.100 with keepalived. Real server rs1 (192.0.2.40) has the VIP as a /32 on lo, as LVS-DR requires, but none of the ARP sysctls. A client (192.0.2.50) runs `arping -c 3` for the VIP: each request is answered twice, by the master and by the real server, so the client may send VIP traffic straight to rs1, bypassing the director.'
      : 'The same setup as lvs-rs-arp-leak, but rs1 has `arp_ignore=1` and `arp_announce=2` on lo and all before the VIP goes on lo (the vipset.sh recipe). Only the master answers the client\'s ARP requests for the VIP.',
    ext: 'pcap',
    async record(s) {
      await s.createLab({
        nodes: 2,
        observer: true,
        ageingTimeSec: 0,
        hosts: [
          { name: CLIENT.name, ipv4: `${CLIENT.ip}/24`, mac: CLIENT.mac },
          { name: RS.name, ipv4: `${RS.ip}/24`, mac: RS.mac },
        ],
      });
      s.remarks.push('Bridge ageing time 0: unicast ARP replies to the client are flooded to the observer.');
      await s.lab.configureRealServer(RS.name, VIP, { arpSysctls: !leak });
      s.remarks.push(
        leak
          ? 'rs1: `ip addr add 192.0.2.100/32 dev lo` only (net.ipv4.conf.{all,lo}.arp_ignore = 0, arp_announce = 0, the kernel defaults).'
          : 'rs1: `sysctl net.ipv4.conf.{lo,all}.arp_ignore=1`, `net.ipv4.conf.{lo,all}.arp_announce=2`, then `ip addr add 192.0.2.100/32 dev lo`.',
      );
      const cap = await s.capture('obs');
      // The directors' LVS-DR service naming rs1. The lab runs keepalived with -P (VRRP only, no IPVS in this kernel),
      // so the block is what a deployed config holds, not something the capture exercises.
      await s.startKeepalived('n1', { ...nodeConfig('n1', { priority: 150, state: 'MASTER' }), trailer: VIRTUAL_SERVER });
      await s.waitMaster('n1');
      await s.startKeepalived('n2', { ...nodeConfig('n2', { priority: 100 }), trailer: VIRTUAL_SERVER });
      await hold(s, 1, 'n1 master');
      s.mark('client: arping -c 3 -i eth0 192.0.2.100');
      const out = await s.lab.arping(CLIENT.name, VIP, 3);
      s.mark('arping finished');
      s.remarks.push(`arping output on the client:\n\n  \`\`\`\n${out.trim().split('\n').map((l) => `  ${l}`).join('\n')}\n  \`\`\``);
      await hold(s, 1, 'tail');
      await cap.stop();
      s.mark('capture stopped');
    },
    verify(rows: readonly FrameRow[]): ScenarioFacts {
      const requests = rows.filter((r) => r.arpOp === 1 && r.arpDstIp === VIP && r.arpSrcIp === CLIENT.ip);
      const fromMaster = arpReplies(rows, VIP, N1.mac);
      const fromRs = arpReplies(rows, VIP, RS.mac);
      const rsOther = rows.filter((r) => r.ethSrc === RS.mac && r.arpSrcIp !== VIP);
      claim(requests.length === 3, 'three client requests');
      claim(fromMaster.length === 3, 'the master answers each request');
      claim(leak ? fromRs.length === 3 : fromRs.length === 0, leak ? 'rs1 answers each request' : 'rs1 stays silent');
      claim(rows.every((r) => r.ethSrc !== RS.mac || leak), 'rs1 sends nothing at all when fixed');
      const keyFrames = [
        `Frames ${frameList(garps(rows, VIP, N1.mac))}: n1's gratuitous ARPs for ${VIP} on becoming master.`,
        `Frames ${frameList(requests)}: the client (${CLIENT.ip}, ${CLIENT.mac}) asks "who-has ${VIP}" (broadcast).`,
        `Frames ${frameList(fromMaster)}: replies from the master n1 (${N1.mac}).`,
        leak
          ? `Frames ${frameList(fromRs)}: replies from the real server rs1 (${RS.mac}): "${VIP} is-at ${RS.mac}". ${rsOther.length ? `rs1 also sends frames ${frameList(rsOther)} with its own address.` : 'rs1 sends nothing with its own address 192.0.2.40, so only its MAC identifies it.'}`
          : `No frame at all comes from rs1 (${RS.mac}).`,
      ];
      const mustReport = leak
        ? [
            `\`rs-arp-for-vip\` (error): ${RS.mac}, neither a VRRP speaker nor a virtual MAC, answers ARP for ${VIP} (frames ${frameList(fromRs)}); no IPVS forwarding to that MAC is visible; fix: arp_ignore=1 / arp_announce=2 on lo and all, VIP as /32 on lo (vipset.sh).`,
            `\`advert-not-from-vmac\` (info) for VRID 51.`,
          ]
        : [`\`advert-not-from-vmac\` (info) for VRID 51, nothing else.`];
      const mustNotReport = mustNotExcept(leak ? ['rs-arp-for-vip'] : []);
      if (leak) mustNotReport.unshift(`\`backup-answers-arp\`: the other answers come from n1, the current master; rs1 is not a VRRP speaker (it is \`rs-arp-for-vip\`).`);
      return { keyFrames, mustReport, mustNotReport };
    },
  };
}

export const lvsArpScenarios: readonly Scenario[] = [lvsScenario(true), lvsScenario(false)];
