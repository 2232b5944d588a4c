/**
 * Structured decoder errors: which layer failed, a stable code rules and the model can test, and the human text.
 * A frame keeps every error its layers produced (FrameInfo.errors); FrameInfo.error is their texts joined.
 */

/** The layer that could not be decoded; `inner-*` is an IP header inside a tunnel. */
export type DecodeLayer =
  | 'link' | 'ethernet' | 'sll' | 'sll2' | 'loopback' | 'ip' | 'vlan' | 'pbb'
  | 'ipv4' | 'ipv6' | 'inner-ipv4' | 'inner-ipv6'
  | 'arp' | 'icmp' | 'icmpv6' | 'nd' | 'tcp' | 'udp' | 'gre' | 'gue' | 'tunnel' | 'vrrp';

export interface DecodeError {
  layer: DecodeLayer;
  /** Stable within a layer (kebab-case): e.g. `vrrp`/`count-exceeds-length`, `ipv4`/`total-below-header`. */
  code: string;
  /** `<layer>: what is wrong`, as printed by `decode`. */
  message: string;
}

export function decodeError(layer: DecodeLayer, code: string, detail: string): DecodeError {
  return { layer, code, message: `${layer.replace('-', ' ')}: ${detail}` };
}

/** True when a frame's errors include one of `layer` (and `code`, when given). */
export function hasDecodeError(errors: readonly DecodeError[] | undefined, layer: DecodeLayer, code?: string): boolean {
  if (errors === undefined) return false;
  for (const e of errors) if (e.layer === layer && (code === undefined || e.code === code)) return true;
  return false;
}
