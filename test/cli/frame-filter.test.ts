import { describe, expect, it } from 'vitest';
import { frameNumberWanted, frameWanted, kindsOf, parseFrameRanges, parseKinds, parseVrids } from '../../src/cli/frame-filter.js';
import { advert, garp } from '../helpers/frame-info-builder.js';

describe('decode display filter', () => {
  it('parses frame numbers and ranges', () => {
    expect(parseFrameRanges(['3', '10-12', '20-'])).toEqual([
      [3, 3],
      [10, 12],
      [20, Number.MAX_SAFE_INTEGER],
    ]);
    expect(() => parseFrameRanges(['0'])).toThrow(/count from 1/);
    expect(() => parseFrameRanges(['5-2'])).toThrow(/empty/);
    expect(() => parseFrameRanges(['x'])).toThrow(/N-M/);
  });

  it('selects by frame number, VRID and kind', () => {
    const spec = { frames: parseFrameRanges(['2-3']), vrids: parseVrids(['51']), kinds: parseKinds(['vrrp']) };
    expect(frameNumberWanted(spec, 1)).toBe(false);
    expect(frameNumberWanted(spec, 3)).toBe(true);
    expect(frameWanted(spec, advert({ src: '192.0.2.11', mac: '02:00:00:00:00:11', vrid: 51, t: 0, frame: 2 }))).toBe(true);
    expect(frameWanted(spec, advert({ src: '192.0.2.11', mac: '02:00:00:00:00:11', vrid: 52, t: 0, frame: 2 }))).toBe(false);
    expect(frameWanted({ kinds: ['arp'] }, garp({ mac: '02:00:00:00:00:11', vip: '192.0.2.100', t: 0, frame: 1 }))).toBe(true);
    expect(kindsOf(garp({ mac: '02:00:00:00:00:11', vip: '192.0.2.100', t: 0, frame: 1 }))).toEqual(['arp']);
    expect(() => parseVrids(['256'])).toThrow(/0-255/);
    expect(() => parseKinds(['tcp'])).toThrow(/vrrp, carp/);
  });
});
