import { describe, expect, it } from 'vitest';
import { AnalysisEngine } from '../../../src/analysis/engine.js';
import { DEFAULT_ANALYSIS_OPTIONS } from '../../../src/analysis/options.js';
import { authMismatch } from '../../../src/analysis/rules/auth-mismatch.js';
import { advert, adverts, BASE_TS } from '../../helpers/frame-info-builder.js';
import { findingsOf, sequence } from '../../helpers/rule-tester.js';

const A = { src: '192.0.2.11', mac: '52:54:00:00:00:11' };
const B = { src: '192.0.2.12', mac: '52:54:00:00:00:12' };
/** "hunter2" and "zebra9", NUL-padded to the 8 bytes of v2 auth data. */
const SECRET = '68756e7465723200';
const OTHER = '7a65627261390000';

describe('auth-mismatch', () => {
  it('reports two speakers with different simple-text passwords, without printing them', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, authType: 1, authSecret: SECRET, from: 0, to: 5, frame: 1 }),
      adverts({ ...B, prio: 100, authType: 1, authSecret: OTHER, from: 2.5, to: 5.5, frame: 1 }),
    );
    const found = findingsOf(frames, authMismatch);
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.rule).toBe('auth-mismatch');
    expect(f.severity).toBe('error');
    expect(f.vrid).toBe(51);
    expect(f.title).toContain('51');
    expect(f.message).toContain('192.0.2.11');
    expect(f.message).toContain('192.0.2.12');
    expect(f.message).toMatch(/password A/);
    expect(f.message).toMatch(/password B/);
    const text = JSON.stringify(f);
    for (const leak of [SECRET, OTHER, 'hunter', 'zebra']) expect(text).not.toContain(leak);
    expect(f.subjects.ips).toEqual(['192.0.2.11', '192.0.2.12']);
    expect(f.subjects.macs).toEqual([A.mac, B.mac]);
    // Evidence starts with A's first advert and B's first one (frame 4 at t = 2.5 s).
    expect(f.frames.slice(0, 2)).toEqual([1, 4]);
    // A's adverts before B appeared prove nothing beyond the first one.
    expect(f.frameCount).toBe(frames.length - 2);
    expect(f.firstTs).toBeCloseTo(BASE_TS + 2.5, 6);
    expect(f.lastTs).toBeCloseTo(BASE_TS + 5.5, 6);
    expect(f.wiresharkFilter).toBe('vrrp.virt_rtr_id == 51 && ip && !icmp && vrrp.version == 2 && ip.src in {192.0.2.11, 192.0.2.12} && frame.number in {1, 4..10}');
    expect(f.remediation).toContain('auth_pass');
  });

  it('reports different auth types and names them', () => {
    const frames = sequence(
      adverts({ ...A, authType: 0, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, authType: 1, authSecret: SECRET, from: 0.5, to: 3.5, frame: 1 }),
    );
    const [f] = findingsOf(frames, authMismatch);
    expect(f?.message).toContain('no authentication');
    expect(f?.message).toContain('simple-text password');
    expect(f?.message).toContain('expecting');
  });

  it('is silent when every speaker uses the same password (normal failover)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, authType: 1, authSecret: SECRET, from: 0, to: 10, frame: 1 }),
      [advert({ ...A, prio: 0, authType: 1, authSecret: SECRET, t: 10.5, frame: 1 })],
      adverts({ ...B, prio: 100, authType: 1, authSecret: SECRET, from: 11, to: 20, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });

  it('ignores auth data of auth type 0 (receivers ignore it)', () => {
    const frames = sequence(
      adverts({ ...A, authType: 0, authSecret: '0000000000000000', from: 0, to: 3, frame: 1 }),
      adverts({ ...B, authType: 0, authSecret: '0102030405060708', from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });

  it('leaves unrelated clusters sharing a VRID (disjoint VIPs) to vrid-collision', () => {
    const frames = sequence(
      adverts({ ...A, vips: ['192.0.2.100'], authType: 1, authSecret: SECRET, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vips: ['192.0.2.200'], authType: 1, authSecret: OTHER, from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });

  it('treats the same VRID on two VLANs as two routers', () => {
    const frames = sequence(
      adverts({ ...A, vlan: [10], authType: 1, authSecret: SECRET, from: 0, to: 3, frame: 1 }),
      adverts({ ...B, vlan: [20], authType: 1, authSecret: OTHER, from: 0.5, to: 3.5, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });

  it('closes the finding once the speakers agree again', () => {
    const closed: string[] = [];
    const engine = new AnalysisEngine(DEFAULT_ANALYSIS_OPTIONS, [authMismatch], { closed: (f) => closed.push(f.rule) });
    const frames = sequence(
      adverts({ ...A, authType: 1, authSecret: SECRET, from: 0, to: 6, frame: 1 }),
      adverts({ ...B, authType: 1, authSecret: OTHER, from: 0.5, to: 2.5, frame: 1 }),
      adverts({ ...B, authType: 1, authSecret: SECRET, from: 3.5, to: 6.5, frame: 1 }),
    );
    for (const f of frames) engine.push(f);
    engine.end();
    expect(closed).toEqual(['auth-mismatch']);
  });
  it('keeps comparing a migration-mode speaker (v2 and v3 adverts) by its v2 adverts', () => {
    const frames = sequence(
      adverts({ ...A, version: 2, authType: 1, authSecret: SECRET, from: 0, to: 4, frame: 1 }),
      adverts({ ...A, version: 3, from: 0.01, to: 4.01, frame: 1 }),
      adverts({ ...B, version: 2, authType: 1, authSecret: SECRET, from: 0.5, to: 4.5, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });
});

describe('auth-mismatch with Cisco MD5 (auth type 254)', () => {
  it('compares Cisco MD5 with no authentication, naming both', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, authType: 254, authSecret: '0000000000000000', from: 0, to: 4, frame: 1 }),
      adverts({ ...B, prio: 100, authType: 0, authSecret: '0000000000000000', from: 2.5, to: 4.5, frame: 1 }),
    );
    const found = findingsOf(frames, authMismatch);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain('Cisco MD5');
    expect(found[0]?.message).toContain('no authentication');
  });

  it('stays quiet when every speaker uses Cisco MD5 (digests differ per packet and are not compared)', () => {
    const frames = sequence(
      adverts({ ...A, prio: 150, authType: 254, authSecret: '0000000000000000', from: 0, to: 4, frame: 1 }),
      adverts({ ...B, prio: 100, authType: 254, authSecret: '0000000000000000', from: 2.5, to: 4.5, frame: 1 }),
    );
    expect(findingsOf(frames, authMismatch)).toEqual([]);
  });
});
