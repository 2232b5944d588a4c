/** The fixed cast of the recorded fixtures: node addresses/MACs as the lab assigns them, and config builders. */
import type { KeepalivedConfig, VrrpInstanceConfig } from '../keepalived-config.js';
import { sleep } from '../wait.js';
import type { RecordingSession } from './session.js';

export const VIP = '192.0.2.100';
export const VRID = 51;

export const node = (i: number) => ({
  name: `n${i}`,
  ip: `192.0.2.${10 + i}`,
  mac: `02:00:00:00:01:${i.toString(16).padStart(2, '0')}`,
});
export const N1 = node(1);
export const N2 = node(2);
export const N3 = node(3);
export const N4 = node(4);
export const OBSERVER_MAC = '02:00:00:00:0f:01';

export type InstanceOptions = Partial<Omit<VrrpInstanceConfig, 'name' | 'interface'>> & { priority: number };

/** One VRRP instance on eth0; defaults: VRID 51, v2, 1 s, VIP 192.0.2.100/24, BACKUP. GARPs: 3 at once, no second batch. */
export function nodeConfig(routerId: string, o: InstanceOptions): KeepalivedConfig {
  const instance: VrrpInstanceConfig = {
    name: `VI_${o.vrid ?? VRID}`,
    interface: 'eth0',
    vrid: o.vrid ?? VRID,
    advertInt: o.advertInt ?? 1,
    vips: o.vips ?? [`${VIP}/24`],
    ...o,
  };
  return { routerId, instances: [instance], garpMasterRepeat: 3, garpMasterDelay: 0 };
}

/** Lets `seconds` of steady state go by, noted in the timeline. */
export async function hold(s: RecordingSession, seconds: number, why: string): Promise<void> {
  s.mark(`wait ${seconds} s (${why})`);
  await sleep(seconds * 1000);
}
