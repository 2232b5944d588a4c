import { describe, expect, it } from 'vitest';
import { renderStatusBoard } from '../../src/live/status-board.js';
import { stripAnsi } from '../../src/report/ansi.js';
import { advert, preemptWithoutGarp, viewAfter, type TimedFrame } from './live-test-frames.js';

describe('renderStatusBoard', () => {
  it('shows each router with its master, speaker priorities, last advert age, adverts and failovers', async () => {
    const view = await viewAfter(preemptWithoutGarp(5, 8));
    const text = renderStatusBoard(view, { color: false, width: 160 }).join('\n');
    expect(text).toContain('vrrp-inspect live eth0');
    expect(text).toContain('13 frames');
    expect(text).toContain('1 virtual router');
    const row = text.split('\n').find((l) => l.includes('192.0.2.100'));
    expect(row).toBeDefined();
    expect(row).toMatch(/│ VRID 51 v3 untagged ipv4 │ 192\.0\.2\.100 │ 192\.0\.2\.12 since \d\d:\d\d:\d\d\.\d{3}/);
    expect(row).toContain('192.0.2.12 200*');
    expect(row).toMatch(/192\.0\.2\.11 100 \(silent\)/);
    expect(row).toMatch(/│ \d+ ms ago +│ 13 +│ 1 +│/);
    expect(text).toContain('advert-not-from-vmac');
  });

  it('flags two active masters as a split', async () => {
    const frames: TimedFrame[] = [];
    for (let i = 0; i < 6; i++) frames.push({ at: i * 100_000, data: advert({ ip: '192.0.2.11', mac: '02:00:00:00:01:01' }, 150) });
    for (let i = 0; i < 6; i++) frames.push({ at: i * 100_000 + 50_000, data: advert({ ip: '192.0.2.12', mac: '02:00:00:00:01:02' }, 100) });
    frames.sort((a, b) => a.at - b.at);
    const text = renderStatusBoard(await viewAfter(frames), { color: false, width: 200 }).join('\n');
    expect(text).toContain('SPLIT: 192.0.2.11 + 192.0.2.12');
  });

  it('says when no advert was seen yet', async () => {
    const text = renderStatusBoard(await viewAfter([]), { color: false, width: 100 }).join('\n');
    expect(text).toContain('No VRRP advertisement seen yet (0 frames captured).');
    expect(text).toContain('waiting for frames');
  });

  it('fits the width and the height it is given, colour only on request', async () => {
    const view = await viewAfter(preemptWithoutGarp(5, 8));
    const lines = renderStatusBoard(view, { color: false, width: 80, maxLines: 6 });
    expect(lines.length).toBeLessThanOrEqual(6);
    expect(lines.join('\n')).not.toContain('\u001b[');
    const colored = renderStatusBoard(view, { color: true, width: 100 });
    expect(colored.join('\n')).toContain('\u001b[');
    for (const l of renderStatusBoard(view, { color: true, width: 100 })) expect(stripAnsi(l).length).toBeLessThanOrEqual(100);
  });
});
