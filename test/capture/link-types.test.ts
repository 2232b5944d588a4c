import { describe, expect, it } from 'vitest';
import { LINKTYPE, isSupportedLinkType, linkTypeName } from '../../src/capture/link-types.js';

describe('link types', () => {
  it('supports exactly the link types the decoders handle', () => {
    const supported = Array.from({ length: 300 }, (_, n) => n).filter(isSupportedLinkType);
    expect(supported).toEqual([0, 1, 12, 14, 101, 108, 113, 228, 229, 276]);
    expect(Object.values(LINKTYPE).sort((a, b) => a - b)).toEqual(supported);
  });

  it('names supported, known unsupported and unknown types', () => {
    expect(linkTypeName(LINKTYPE.ETHERNET)).toBe('Ethernet');
    expect(linkTypeName(LINKTYPE.LINUX_SLL2)).toBe('Linux cooked v2 (SLL2)');
    expect(linkTypeName(105)).toBe('IEEE 802.11');
    expect(linkTypeName(4242)).toBe('LINKTYPE 4242');
  });
});
