/** What configs add to the audit document: instance names on routers, nodes on speakers, configured virtual servers. */
import { describe, expect, it } from 'vitest';
import { ALL_RULES } from '../../../src/analysis/rules/index.js';
import { adverts, arp, tcp, tunnel } from '../../helpers/frame-info-builder.js';
import { cluster, conf, nodeText } from '../../helpers/keepalived-conf.js';
import { analyze, sequence } from '../../helpers/rule-tester.js';

const N1 = { src: '192.0.2.11', mac: '02:00:00:00:01:01' };
const LVS = [
  'virtual_server 192.0.2.100 80 {',
  '    lb_kind TUN',
  '    real_server 198.51.100.40 80 {',
  '    }',
  '}',
  'virtual_server 192.0.2.100 443 {',
  '    lb_kind DR',
  '    real_server 192.0.2.40 443 {',
  '    }',
  '}',
  'virtual_server 192.0.2.150 80 {',
  '    lb_kind DR',
  '    real_server 192.0.2.41 80 {',
  '    }',
  '}',
];

describe('audit document with configs', () => {
  it('names the router by its instance and the speaker by its node', () => {
    const frames = sequence(adverts({ ...N1, prio: 150, from: 0, to: 3, frame: 1 }));
    const doc = analyze(frames, [], { keepalived: cluster(['n1', { priority: 150 }], ['n2', {}]) });
    expect(doc.routers[0]?.instance).toBe('VI_51');
    expect(doc.routers[0]?.config?.map((c) => c.node)).toEqual(['n1', 'n2']);
    expect(doc.routers[0]?.speakers[0]?.node).toBe('n1');
    // Without configs nothing is added.
    expect(analyze(frames, []).routers[0]).not.toHaveProperty('instance');
  });

  it('lists configured virtual servers per VIP and names the real servers whose address is known', () => {
    const frames = sequence(
      adverts({ ...N1, prio: 150, from: 0, to: 3, frame: 1 }),
      [tunnel({ t: 1, frame: 1, ethSrc: N1.mac, ethDst: '02:00:00:00:02:0a', outerSrc: '192.0.2.11', outerDst: '198.51.100.40', innerSrc: '203.0.113.7', vip: '192.0.2.100' })],
      // The DR real server shows its own address in an ARP request.
      [arp({ t: 1.5, frame: 1, op: 1, senderMac: '02:00:00:00:02:02', senderIp: '192.0.2.40', targetIp: '192.0.2.1' })],
      // LVS-DR: the client's packet reaches the director, which re-sends it unchanged to the real server's MAC.
      [
        tcp({ t: 2, frame: 1, ethSrc: '02:00:00:00:02:0a', ethDst: N1.mac, src: '203.0.113.7', dst: '192.0.2.100', id: 7, dstPort: 443 }),
        tcp({ t: 2.0001, frame: 1, ethSrc: N1.mac, ethDst: '02:00:00:00:02:02', src: '203.0.113.7', dst: '192.0.2.100', id: 7, dstPort: 443 }),
      ],
    );
    const keepalived = [conf('n1.conf', nodeText('n1', { priority: 150 }, LVS))];
    const doc = analyze(frames, ALL_RULES, { keepalived });
    const vip100 = doc.ipvs.find((v) => v.vip === '192.0.2.100');
    expect(vip100?.configured).toEqual([
      { virtualServer: '192.0.2.100:80', lbKind: 'TUN', nodes: ['n1'], realServers: [{ ip: '198.51.100.40', port: 80 }] },
      { virtualServer: '192.0.2.100:443', lbKind: 'DR', nodes: ['n1'], realServers: [{ ip: '192.0.2.40', port: 443 }] },
    ]);
    expect(vip100?.realServers).toEqual([
      { method: 'dr', mac: '02:00:00:00:02:02', frames: 1, configured: '192.0.2.40:443' },
      { method: 'tun', ip: '198.51.100.40', encap: 'ipip', frames: 1, configured: '198.51.100.40:80' },
    ]);
    // Configured but never seen forwarding: an entry of its own, no director.
    expect(doc.ipvs.find((v) => v.vip === '192.0.2.150')).toMatchObject({ director: null, realServers: [], configured: [{ virtualServer: '192.0.2.150:80' }] });
  });
});
