import { describe, expect, it } from 'vitest';
import { confVridReuse } from '../../../src/analysis/rules/conf-vrid-reuse.js';
import { cluster, conf, confFindings } from '../../helpers/keepalived-conf.js';

describe('conf-vrid-reuse', () => {
  it('reports two clusters with one VRID and different VIPs on one interface name', () => {
    const f = confFindings(confVridReuse, cluster(['n1', { priority: 150 }], ['n2', {}], ['n3', { vips: ['192.0.2.200'] }], ['n4', { vips: ['192.0.2.200'] }]));
    expect(f).toHaveLength(1);
    expect(f[0]?.title).toContain('2 different clusters');
    expect(f[0]?.subjects.vips?.sort()).toEqual(['192.0.2.100', '192.0.2.200']);
    expect(f[0]?.config).toHaveLength(4);
  });

  it('reports one node with two instances of one VRID on one interface', () => {
    const text = `vrrp_instance A { interface eth0\n virtual_router_id 7\n virtual_ipaddress { 192.0.2.1 } }\nvrrp_instance B { interface eth0\n virtual_router_id 7\n virtual_ipaddress { 192.0.2.2 } }\n`;
    expect(confFindings(confVridReuse, [conf('n1.conf', text)])).toHaveLength(1);
  });

  it('allows one VRID on two VLAN interfaces, and in IPv4 and IPv6', () => {
    const text = `vrrp_instance A { interface eth0.10\n virtual_router_id 7\n virtual_ipaddress { 192.0.2.1 } }\nvrrp_instance B { interface eth0.20\n virtual_router_id 7\n virtual_ipaddress { 192.0.2.2 } }\nvrrp_instance C { interface eth0.10\n virtual_router_id 7\n virtual_ipaddress { 2001:db8::1 } }\n`;
    expect(confFindings(confVridReuse, [conf('n1.conf', text)])).toEqual([]);
    expect(confFindings(confVridReuse, cluster(['n1', { priority: 150 }], ['n2', {}]))).toEqual([]);
  });
});
