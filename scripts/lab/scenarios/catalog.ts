/** Every recorded fixture, in recording order. */
import { isIcmpError, frameList } from './claims.js';
import { failoverScenario } from './failover.js';
import { electionScenarios } from './election.js';
import { lvsArpScenarios } from './lvs-arp.js';
import { trackingScenario } from './tracking.js';
import type { Scenario } from './types.js';
import { vantageScenarios } from './vantages.js';

export const SCENARIOS: readonly Scenario[] = [
  failoverScenario({
    name: 'failover-clean',
    title: 'graceful VRRPv2 failover',
    summary: 'Two keepalived nodes (n1 priority 150, n2 priority 100) share VRID 51 and VIP 192.0.2.100 with VRRPv2 adverts every second. keepalived on n1 is stopped with SIGTERM: it sends a priority-0 advert, and n2 becomes master after Skew_Time and sends gratuitous ARPs.',
    stop: 'graceful',
  }),
  failoverScenario({
    name: 'failover-crash',
    title: 'master crash, takeover after Master_Down_Interval',
    summary: 'As failover-clean, but keepalived on n1 is SIGKILLed (parent frozen first so it cannot respawn the VRRP child): no priority-0 advert; n2 takes over when its Master_Down_Interval (3 × 1 s + (256 − 100)/256 s = 3.609 s) expires.',
    stop: 'hard',
  }),
  ...electionScenarios,
  failoverScenario({
    name: 'use-vmac',
    title: 'use_vmac on both nodes, graceful failover',
    summary: 'Both nodes configure `use_vmac`: keepalived creates a macvlan `vrrp.51` with MAC 00:00:5e:00:01:33 on eth0 and sends adverts and gratuitous ARPs from it. n1 is stopped gracefully and n2 takes over with the same virtual MAC.',
    stop: 'graceful',
    instance: () => ({ useVmac: true }),
    mustReport: ['No `advert-not-from-vmac` and no `wrong-vmac`: every advert and GARP comes from 00:00:5e:00:01:33, the VMAC of VRID 51 (0x33).'],
    allow: [],
    remarks: ['macvlan devices work inside a network namespace on this kernel, so keepalived creates its VMAC interface itself (nothing crafted).'],
  }),
  failoverScenario({
    name: 'v3-ipv6',
    title: 'VRRPv3 over IPv6, graceful failover with unsolicited NAs',
    summary: 'VRRPv3 for IPv6, VRID 51: adverts from the nodes\' link-local addresses to ff02::12, listing the virtual link-local address fe80::51 first and 2001:db8::100. n1 is stopped gracefully; n2 takes over and sends unsolicited neighbour advertisements for the VIPs.',
    stop: 'graceful',
    family: 6,
    vip: '2001:db8::100',
    instance: () => ({ version: 3, vips: ['fe80::51/64', '2001:db8::100/64'] }),
    remarks: ['IPv6 is enabled only in this lab (DAD and router solicitations off, so the link-local addresses are usable at once); MLDv2 reports from the nodes are part of the capture.'],
  }),
  failoverScenario({
    name: 'v3-ipv4-subsecond',
    title: 'VRRPv3 over IPv4 with a 0.5 s interval, master crash',
    summary: 'VRRPv3 for IPv4 with `advert_int 0.5` (50 centiseconds on the wire). keepalived on n1 is SIGKILLed; n2 takes over after its v3 Master_Down_Interval 3 × 0.5 + (256 − 100) × 0.5 / 256 = 1.805 s.',
    stop: 'hard',
    instance: () => ({ version: 3, advertInt: 0.5 }),
  }),
  failoverScenario({
    name: 'unicast-peers',
    title: 'unicast VRRPv2 adverts, graceful failover',
    summary: 'Both nodes use `unicast_src_ip` / `unicast_peer`, so adverts go to the peer\'s address instead of 224.0.0.18. The bridge ageing time is 0, so it floods these unicast frames to the observer too. n1 is stopped gracefully.',
    stop: 'graceful',
    ageingTimeSec: 0,
    instance: (i) => (i === 1 ? { unicastSrcIp: '192.0.2.11', unicastPeers: ['192.0.2.12'] } : { unicastSrcIp: '192.0.2.12', unicastPeers: ['192.0.2.11'] }),
    extraKeyFrames: (rows) => {
      const icmp = rows.filter(isIcmpError);
      return icmp.length
        ? [`Frames ${frameList(icmp)}: ICMP "protocol 112 unreachable" errors quoting a VRRP advert, sent by a node whose keepalived is not running (n2 before its start, n1 after its stop). The quoted adverts are not adverts.`]
        : [];
    },
    extraMustNotReport: ['Any speaker, transition or finding derived from the VRRP packets quoted inside the ICMP errors.'],
  }),
  failoverScenario({
    name: 'sll2-any',
    title: 'tcpdump -i any (Linux cooked v2) on the backup node during a failover',
    summary: 'The graceful failover of failover-clean, captured on n2 itself with `tcpdump -i any` (tcpdump 4.99.3 / libpcap 1.10.3 already pick LINUX_SLL2 for `any`; the lab passes `-y LINUX_SLL2` so the link type does not depend on that default): every frame has a 20-byte SLL2 header (protocol, interface index, ARPHRD type, packet type, source address) instead of Ethernet; n2\'s own adverts appear as outgoing frames.',
    stop: 'graceful',
    captureOn: 'n2',
    capture: { iface: 'any', linkType: 'LINUX_SLL2' },
  }),
  failoverScenario({
    name: 'dumpcap-pcapng',
    title: 'dumpcap pcapng capture of a graceful failover',
    summary: 'The graceful failover of failover-clean, written by `dumpcap -i eth0 -w x.pcapng` on the observer: a pcapng file (section header, one interface description block with the interface name, enhanced packet blocks, an interface statistics block at the end).',
    ext: 'pcapng',
    stop: 'graceful',
    capture: { tool: 'dumpcap' },
  }),
  ...lvsArpScenarios,
  ...vantageScenarios,
  trackingScenario,
];
