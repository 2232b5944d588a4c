import { describe, expect, it } from 'vitest';
import { finishChecksum, sumBytes, sumIsValid } from '../../src/decoders/checksum.js';
import { hexBytes, internetChecksum } from '../helpers/frame-builder.js';

describe('internet checksum', () => {
  it('matches RFC 1071\'s worked example and validates a message carrying its checksum', () => {
    const data = hexBytes('00 01 f2 03 f4 f5 f6 f7');
    expect(finishChecksum(sumBytes(data, 0, data.length, 0))).toBe(0x220d);
    const withSum = hexBytes('00 01 f2 03 f4 f5 f6 f7 22 0d');
    expect(sumIsValid(sumBytes(withSum, 0, withSum.length, 0))).toBe(true);
  });

  it('pads an odd last byte with zero and agrees with the builder on random data', () => {
    expect(finishChecksum(sumBytes(Uint8Array.of(0x12), 0, 1, 0))).toBe(~0x1200 & 0xffff);
    for (let n = 0; n < 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n * 7) & 0xff);
      expect(finishChecksum(sumBytes(data, 0, n, 0))).toBe(internetChecksum(data));
    }
  });
});
