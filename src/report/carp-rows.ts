/** The CARP groups of an audit document as table rows, shared by the text and HTML reports (CARP is never a VRRP router). */
import type { CarpAdvertiserDoc, CarpDoc, CarpGroupDoc } from '../analysis/audit-document.js';
import { countLabel, formatClock } from './format.js';

/** Cells may hold several lines (`\n`): the text table stacks them, the HTML table breaks them. */
export const CARP_HEAD = ['VLAN', 'VHID', 'Family', 'Advertiser', 'advbase/skew/demote', 'Adverts', 'First / last'];

function advertiserCells(a: CarpAdvertiserDoc): string[] {
  const bad = a.badChecksums > 0 ? `, ${a.badChecksums} bad checksum${a.badChecksums === 1 ? '' : 's'}` : '';
  return [
    `${a.ip}\n${a.mac}`,
    `${a.advbase} s / ${a.advskew} / ${a.demotion}`,
    `${a.adverts}${bad}`,
    `${formatClock(a.firstSeen)}\n${formatClock(a.lastSeen)}`,
  ];
}

/** One row per advertiser, the group's columns on its first row only. */
export function carpRows(carp: CarpDoc): string[][] {
  return carp.groups.flatMap((g: CarpGroupDoc) =>
    g.advertisers.map((a, i) => [
      i === 0 ? (g.vlan === null ? '—' : String(g.vlan)) : '',
      i === 0 ? String(g.vhid) : '',
      i === 0 ? (g.family === 'ipv6' ? 'IPv6' : 'IPv4') : '',
      ...advertiserCells(a),
    ]),
  );
}

/** `2 CARP groups (14 frames)`, for summaries. */
export function carpSummary(carp: CarpDoc): string {
  return `${countLabel(carp.groups.length, 'CARP group')} (${countLabel(carp.frames, 'frame')})`;
}
