/**
 * CARP (OpenBSD/FreeBSD/pfSense) groups seen in a capture: counted and listed apart from VRRP routers. CARP shares IP
 * protocol 112, the multicast group and the virtual MAC scheme with VRRP but is another protocol: its adverts never
 * reach the VRRP model or the VRRP rules. In CARP only the master advertises, so a group's advertisers are the hosts
 * that were master at some point of the capture.
 */
import type { FrameInfo } from '../decoders/frame-info.js';
import type { CarpAdvertiserDoc, CarpDoc, CarpGroupDoc } from './audit-document.js';
import { familyOf, innermostVlan, linkKeyOf } from './model/keys.js';
import { compareIp } from './model/router-tracker.js';

interface Group {
  doc: Omit<CarpGroupDoc, 'advertisers'>;
  advertisers: Map<string, CarpAdvertiserDoc>;
}

export class CarpGroups {
  private frames = 0;
  private readonly groups = new Map<string, Group>();

  observe(frame: FrameInfo): void {
    const carp = frame.carp;
    const ip = frame.ip;
    if (!carp || !ip) return;
    this.frames += 1;
    const linkKey = linkKeyOf(frame);
    const family = familyOf(ip.version);
    const key = `${linkKey}|${family}|${carp.vhid}`;
    let group = this.groups.get(key);
    if (!group) {
      const vlan = innermostVlan(frame);
      group = { doc: { key, iface: frame.iface, vlan, family, vhid: carp.vhid }, advertisers: new Map() };
      this.groups.set(key, group);
    }
    const mac = frame.ethSrc ?? '';
    const id = `${ip.src}|${mac}`;
    let a = group.advertisers.get(id);
    if (!a) {
      a = { ip: ip.src, mac, adverts: 0, firstSeen: frame.ts, lastSeen: frame.ts, advbase: carp.advbase, advskew: carp.advskew, demotion: carp.demotion, badChecksums: 0 };
      group.advertisers.set(id, a);
    }
    a.adverts += 1;
    a.lastSeen = frame.ts;
    // The latest values: advskew and demotion change when a host is demoted or reconfigured.
    a.advbase = carp.advbase;
    a.advskew = carp.advskew;
    a.demotion = carp.demotion;
    if (carp.checksumStatus === 'invalid') a.badChecksums += 1;
  }

  /** The document's `carp` section, or undefined when the capture held no CARP (the section is then left out). */
  doc(): CarpDoc | undefined {
    if (this.frames === 0) return undefined;
    const groups = [...this.groups.values()]
      .map((g) => ({ ...g.doc, advertisers: [...g.advertisers.values()].sort((x, y) => x.firstSeen - y.firstSeen || compareIp(x.ip, y.ip)) }))
      .sort((x, y) => x.iface - y.iface || (x.vlan ?? -1) - (y.vlan ?? -1) || x.family.localeCompare(y.family) || x.vhid - y.vhid);
    return { frames: this.frames, groups };
  }
}
