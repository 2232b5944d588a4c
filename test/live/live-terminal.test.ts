import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../src/live/live-events.js';
import { LiveTerminal } from '../../src/live/live-terminal.js';
import { preemptWithoutGarp, viewAfter } from './live-test-frames.js';

class Screen {
  chunks: string[] = [];
  columns = 120;
  rows = 40;
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

const change: LiveEvent = {
  event: 'master-change', ts: 1764098267.2, time: '2025-11-25T19:17:47.200000Z', router: '0|untagged|ipv4|51', vrid: 51,
  vlan: null, family: 'ipv4', from: { ip: '192.0.2.11', mac: 'm' }, to: { ip: '192.0.2.12', mac: 'n', priority: 100 },
  reason: 'master-down', gapMs: 3610, expectedGapMs: 3609, frames: [1, 2], failovers: 1,
};

describe('LiveTerminal', () => {
  it('prints one plain line per event when not on a terminal, and no board', async () => {
    const screen = new Screen();
    const term = new LiveTerminal(screen, { color: false, interactive: false });
    term.refresh(await viewAfter(preemptWithoutGarp(5, 8)));
    term.event(change);
    expect(screen.text).toBe(
      '19:17:47.200  master   VRID 51 untagged ipv4: 192.0.2.11 → 192.0.2.12 (priority 100; master-down, gap 3.6 s, expected 3.6 s)\n',
    );
  });

  it('on a terminal redraws the board in place at most once per interval and prints events above it', async () => {
    const screen = new Screen();
    let now = 0;
    const term = new LiveTerminal(screen, { color: false, interactive: true, minRefreshMs: 1000, clock: () => now });
    const view = await viewAfter(preemptWithoutGarp(5, 8));
    term.refresh(view);
    const first = screen.text;
    const height = first.split('\n').length - 1;
    expect(first).toContain('vrrp-inspect live eth0');
    now = 500;
    term.refresh(view);
    expect(screen.chunks).toHaveLength(1);
    now = 1000;
    term.refresh(view);
    expect(screen.chunks).toHaveLength(2);
    // Cursor up over the whole board, erase to the end of the screen, draw again.
    expect(screen.chunks[1]?.startsWith(`\r\u001b[${height}A\u001b[J`)).toBe(true);
    term.event(change);
    const last = screen.chunks[2] ?? '';
    expect(last.indexOf('master   VRID 51')).toBeGreaterThan(0);
    expect(last.indexOf('master   VRID 51')).toBeLessThan(last.indexOf('vrrp-inspect live eth0'));
  });

  it('redraws the board below an event with the state that event left, not the last periodic refresh', async () => {
    const screen = new Screen();
    const term = new LiveTerminal(screen, { color: false, interactive: true, minRefreshMs: 60_000, clock: () => 0 });
    const before = await viewAfter(preemptWithoutGarp(5, 8));
    term.refresh(before);
    const after = { ...before, frames: before.frames + 1234 };
    term.event(change, () => after);
    const last = screen.chunks[screen.chunks.length - 1] ?? '';
    expect(last).toContain(`${before.frames + 1234} frames`);
  });

  it('leaves stats to the board on a terminal and prints them as status lines elsewhere', () => {
    const stats: LiveEvent = {
      event: 'stats', ts: 1764098270, time: '', frames: 10, vrrp: 6, arp: 4, nd: 0, ipvs: 0, undecodable: 0, drops: null,
      engine: 'stream', kernelDrops: null, toolDrops: 0,
      routers: [{ router: 'k', vrid: 51, vlan: 20, family: 'ipv4', master: '192.0.2.12', adverts: 6, failovers: 1 }],
    };
    const tty = new Screen();
    new LiveTerminal(tty, { color: false, interactive: true }).event(stats);
    expect(tty.text).toBe('');
    const pipe = new Screen();
    new LiveTerminal(pipe, { color: false, interactive: false }).event(stats);
    expect(pipe.text.split('\n')[1]).toBe('19:17:50.000  status   VRID 51 VLAN 20 ipv4: master 192.0.2.12, 6 adverts, 1 failover');
  });
});
