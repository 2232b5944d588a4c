import { describe, expect, it } from 'vitest';
import { decodeTransport, l4IsMalformed } from '../../src/decoders/transport.js';
import { tcp, udp } from '../helpers/frame-builder.js';

describe('transport', () => {
  it('reads ports of TCP and UDP', () => {
    expect(decodeTransport(tcp({ srcPort: 1234, dstPort: 80 }), 0, 20, 6, false)).toEqual({ l4: { proto: 6, srcPort: 1234, dstPort: 80 } });
    expect(decodeTransport(udp({ srcPort: 8848, dstPort: 8848 }), 0, 8, 17, false)).toEqual({ l4: { proto: 17, srcPort: 8848, dstPort: 8848 } });
    expect(decodeTransport(new Uint8Array(8), 0, 8, 132, false)).toEqual({});
  });

  it('a short header is malformed unless the frame was cut by snaplen', () => {
    const b = tcp({ srcPort: 1, dstPort: 2 });
    for (let n = 0; n < 20; n++) {
      const r = decodeTransport(b, 0, n, 6, false);
      expect(r.error).toEqual({ layer: 'tcp', code: 'truncated', message: `tcp: truncated header (${n} of 20 bytes)` });
      expect(r.l4?.srcPort).toBe(n >= 4 ? 1 : undefined);
      expect(decodeTransport(b, 0, n, 6, true).error).toBeUndefined();
    }
    expect(l4IsMalformed(17, 7, false)).toBe(true);
    expect(l4IsMalformed(17, 8, false)).toBe(false);
  });
});
