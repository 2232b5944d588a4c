import { describe, expect, it } from 'vitest';
import { advertNotFromVmac } from '../../../src/analysis/rules/advert-not-from-vmac.js';
import { adverts, BASE_TS, garp } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
const VIP = '192.0.2.100';

/** keepalived without use_vmac: A master, resigns at 5 s, B takes over. */
function failover() {
  return sequence(
    adverts({ src: A.src, mac: A.mac, prio: 150, vips: [VIP], from: 0, to: 4, frame: 1 }),
    adverts({ src: A.src, mac: A.mac, prio: 0, vips: [VIP], from: 5, to: 5, frame: 1 }),
    adverts({ src: B.src, mac: B.mac, prio: 100, vips: [VIP], from: 5.6, to: 10.6, frame: 1 }),
  );
}

describe('advert-not-from-vmac', () => {
  it('folds physical-MAC adverts of every speaker into one info finding per router', () => {
    const frames = failover();
    const findings = findingsOf(frames, advertNotFromVmac);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.rule).toBe('advert-not-from-vmac');
    expect(f.severity).toBe('info');
    expect(f.router).toBe('0|untagged|ipv4|51');
    expect(f.title).toContain('VRID 51');
    expect(f.message).toContain(`${A.src} from ${A.mac}`);
    expect(f.message).toContain(`${B.src} from ${B.mac}`);
    expect(f.message).toContain('00:00:5e:00:01:33');
    expect(f.subjects).toEqual({ ips: [A.src, B.src], macs: [A.mac, B.mac] });
    // Evidence: every physical-MAC advert (12 here), all counted and all selected by the filter.
    expect(f.frames).toEqual(frames.filter((x) => x.vrrp).map((x) => x.frame));
    expect(f.frameCount).toBe(12);
    expect(f.firstTs).toBeCloseTo(BASE_TS, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 10.6, 6);
    expect(f.wiresharkFilter).toBe(`vrrp.virt_rtr_id == 51 && ip && !icmp && eth.src in {${A.mac}, ${B.mac}} && frame.number in {1..12}`);
    expect(f.remediation).toContain('use_vmac');
    expect(f.remediation).toContain('--profile rfc');
  });

  it('reports nothing under --profile rfc (wrong-vmac reports those adverts)', () => {
    expect(findingsOf(failover(), advertNotFromVmac, { profile: 'rfc' })).toEqual([]);
  });

  it('reports nothing for adverts from the virtual MAC range (own VMAC, or another VRID\'s: wrong-vmac)', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: '00:00:5e:00:01:33', vips: [VIP], from: 0, to: 3, frame: 1 }),
      adverts({ src: B.src, mac: '00:00:5e:00:01:32', vrid: 52, vips: ['192.0.2.101'], from: 0, to: 3, frame: 10 }),
    );
    expect(findingsOf(frames, advertNotFromVmac)).toEqual([]);
  });

  it('keeps two routers (same VRID on two VLANs) apart', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, vlan: [10], from: 0, to: 2, frame: 1 }),
      adverts({ src: B.src, mac: B.mac, vlan: [20], from: 0.5, to: 2.5, frame: 10 }),
    );
    const findings = findingsOf(frames, advertNotFromVmac);
    expect(findings.map((f) => [f.router, f.vlan])).toEqual([
      ['0|10|ipv4|51', 10],
      ['0|20|ipv4|51', 20],
    ]);
    expect(findings[0]?.wiresharkFilter).toBe(`vrrp.virt_rtr_id == 51 && vlan.id == 10 && ip && !icmp && eth.src == ${A.mac} && frame.number in {1, 3, 5}`);
  });

  it('notes use_vmac with vmac_xmit_base when the VIPs are announced from the virtual MAC', () => {
    const frames = sequence(
      adverts({ src: A.src, mac: A.mac, vips: [VIP], from: 0, to: 3, frame: 1 }),
      [garp({ frame: 100, t: 0.01, mac: '00:00:5e:00:01:33', vip: VIP })],
    );
    const [f] = findingsOf(frames, advertNotFromVmac);
    expect(f?.message).toContain('vmac_xmit_base');
  });
});
