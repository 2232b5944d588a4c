/**
 * Precision scenarios shared by the ARP / VMAC / IPVS rules: ordinary keepalived + LVS-DR life must produce no error or
 * warning from wrong-vmac, advert-not-from-vmac, rs-arp-for-vip, backup-answers-arp, ipvs-forwarding-by-backup and
 * garp-storm (advert-not-from-vmac's info is expected where adverts come from physical MACs).
 */
import { describe, expect, it } from 'vitest';
import { advertNotFromVmac } from '../../../src/analysis/rules/advert-not-from-vmac.js';
import { backupAnswersArp } from '../../../src/analysis/rules/backup-answers-arp.js';
import { garpStorm } from '../../../src/analysis/rules/garp-storm.js';
import { ipvsForwardingByBackup } from '../../../src/analysis/rules/ipvs-forwarding-by-backup.js';
import { rsArpForVip } from '../../../src/analysis/rules/rs-arp-for-vip.js';
import { wrongVmac } from '../../../src/analysis/rules/wrong-vmac.js';
import type { FrameInfo } from '../../../src/decoders/frame-info.js';
import { advert, adverts, arp, garp, tcp } from '../../helpers/frame-info-builder.js';
import { analyze, sequence } from '../../helpers/rule-tester.js';

const RULES = [wrongVmac, advertNotFromVmac, rsArpForVip, backupAnswersArp, ipvsForwardingByBackup, garpStorm];
const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const RS = [
  { ip: '192.0.2.31', mac: '02:00:00:00:03:01' },
  { ip: '192.0.2.32', mac: '02:00:00:00:03:02' },
];
const GW = { ip: '192.0.2.1', mac: '52:54:00:00:00:01' };
const VIP = '192.0.2.100';

/** keepalived's takeover burst: 5 GARPs 1 ms apart (garp_master_repeat 5). */
const garps = (t: number, mac: string, vlan?: number[]) =>
  Array.from({ length: 5 }, (_, i) => garp({ frame: 0, t: t + i / 1000, mac, vip: VIP, ...(vlan ? { vlan } : {}) }));

/** The gateway asks for the VIP and the holder answers. */
const resolve = (t: number, holder: string) => [
  arp({ frame: 0, t, senderMac: GW.mac, senderIp: GW.ip, targetIp: VIP }),
  arp({ frame: 0, t: t + 0.0005, op: 2, senderMac: holder, senderIp: VIP, targetMac: GW.mac, targetIp: GW.ip }),
];

let id = 1;
/** Client traffic through the director to a real server (LVS-DR), plus real servers ARPing with their own address. */
function lvs(t: number, director: string): FrameInfo[] {
  const out: FrameInfo[] = [];
  for (const [i, rs] of RS.entries()) {
    const n = id++;
    out.push(
      tcp({ frame: 0, t: t + i * 0.01, ethSrc: GW.mac, ethDst: director, src: '198.51.100.7', dst: VIP, id: n }),
      tcp({ frame: 0, t: t + i * 0.01 + 0.0002, ethSrc: director, ethDst: rs.mac, src: '198.51.100.7', dst: VIP, id: n }),
      arp({ frame: 0, t: t + i * 0.01 + 0.005, senderMac: rs.mac, senderIp: rs.ip, targetIp: GW.ip }),
    );
  }
  return out;
}

function problems(frames: FrameInfo[]) {
  return analyze(sequence(frames), RULES)
    .findings.filter((f) => f.severity !== 'info' || f.rule !== 'advert-not-from-vmac')
    .map((f) => `${f.rule}: ${f.title}`);
}

describe('ARP / VMAC / IPVS rules stay quiet on normal operation', () => {
  it('a graceful failover: priority 0, takeover, GARPs, the gateway re-resolving, LVS traffic moving over', () => {
    expect(
      problems([
        ...adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 10, frame: 0 }),
        advert({ frame: 0, t: 10.5, src: A.src, mac: A.mac, prio: 0, vips: [VIP] }),
        ...adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 11.1, to: 25.1, frame: 0 }),
        ...garps(0.001, A.mac),
        ...resolve(3, A.mac),
        ...lvs(4, A.mac),
        ...lvs(10.4, A.mac),
        ...garps(11.101, B.mac),
        ...garps(16.101, B.mac),
        ...resolve(18, B.mac),
        ...lvs(12, B.mac),
        ...lvs(20, B.mac),
      ]),
    ).toEqual([]);
  });

  it('a preemption: the higher-priority node returns and the lower one yields', () => {
    expect(
      problems([
        ...adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 0, to: 10, frame: 0 }),
        ...adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 9.7, to: 25.7, frame: 0 }),
        ...garps(0.001, B.mac),
        ...lvs(5, B.mac),
        ...resolve(9.8, B.mac),
        ...garps(9.701, A.mac),
        ...lvs(10.2, B.mac),
        ...lvs(11, A.mac),
        ...resolve(15, A.mac),
      ]),
    ).toEqual([]);
  });

  it('a crash: the master goes silent and the backup takes over after Master_Down_Interval', () => {
    expect(
      problems([
        ...adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 8, frame: 0 }),
        ...adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 11.61, to: 20.61, frame: 0 }),
        ...lvs(7.9, A.mac),
        ...garps(11.611, B.mac),
        ...lvs(12, B.mac),
      ]),
    ).toEqual([]);
  });

  it('the same VRID on two VLANs, each with its own master and GARPs, and use_vmac adverts', () => {
    expect(
      problems([
        ...adverts({ src: A.src, mac: A.mac, vlan: [10], vips: [VIP], from: 0, to: 6, frame: 0 }),
        ...adverts({ src: B.src, mac: '00:00:5e:00:01:33', vlan: [20], vips: [VIP], from: 0.3, to: 6.3, frame: 0 }),
        ...garps(0.001, A.mac, [10]),
        ...garps(0.301, '00:00:5e:00:01:33', [20]),
      ]),
    ).toEqual([]);
  });

  it('unicast adverts to the peer and ICMP errors quoting them', () => {
    const quoted = tcp({ frame: 0, t: 2.5, ethSrc: B.mac, ethDst: A.mac, src: B.src, dst: A.src });
    delete quoted.l4;
    quoted.ip = { version: 4, src: B.src, dst: A.src, ttl: 64, proto: 1 };
    quoted.icmp = { version: 4, type: 3, code: 3, quoted: { src: A.src, dst: B.src, proto: 112 } };
    expect(
      problems([
        ...adverts({ src: A.src, mac: A.mac, vips: [VIP], dst: B.src, ethDst: B.mac, from: 0, to: 6, frame: 0 }),
        ...garps(0.001, A.mac),
        quoted,
        ...lvs(3, A.mac),
      ]),
    ).toEqual([]);
  });
});
