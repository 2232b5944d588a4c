/**
 * The optional `cap` (libpcap) binding, loaded lazily so that every other command works where it is not built. Only
 * `live` imports this module. cap has no type declarations; the subset used is declared here.
 */
import { LINKTYPE } from '../capture/link-types.js';
import { LiveCaptureError } from '../errors.js';

export interface CapAddress {
  addr?: string;
  netmask?: string;
  broadaddr?: string;
  dstaddr?: string;
}

export interface CapDevice {
  name: string;
  description?: string;
  addresses: CapAddress[];
  flags?: string;
}

/** One open libpcap handle. `packet` events carry `(bytesCopied, truncated)`; the bytes are in the open() buffer. */
export interface CapHandle {
  open(device: string, filter: string, bufferSize: number, buffer: Buffer): string;
  close(): boolean;
  on(event: 'packet', listener: (nbytes: number, truncated: boolean) => void): this;
}

export interface CapModule {
  Cap: {
    new (): CapHandle;
    deviceList(): CapDevice[];
    findDevice(ip?: string): string | undefined;
  };
}

const CAP_PACKAGE = 'cap';

export const CAP_NOT_BUILT_MESSAGE =
  'live capture needs the optional cap module (libpcap), which is not built: ' +
  'apt-get install libpcap-dev && npm rebuild cap (or use `tcpdump -U -w - | vrrp-inspect live -`)';

/** Imports cap, or throws the LiveCaptureError that says how to build it. */
export async function loadCap(): Promise<CapModule> {
  try {
    // A variable specifier: cap ships no types, and it must stay a runtime-only, optional dependency.
    const mod = (await import(CAP_PACKAGE)) as { default?: CapModule } & Partial<CapModule>;
    const cap = mod.default ?? (mod as CapModule);
    if (typeof cap.Cap !== 'function') throw new Error('cap module has no Cap export');
    return cap;
  } catch (error) {
    throw new LiveCaptureError('cap-not-built', CAP_NOT_BUILT_MESSAGE, { cause: error });
  }
}

/**
 * cap's `open()` returns a name, not the DLT number. Capture files carry LINKTYPE numbers: DLT_RAW (12 on Linux) is
 * LINKTYPE_RAW 101. Types cap does not name come back as `Unknown linktype N` where N is the DLT, equal to the LINKTYPE
 * for every type above 104 (SLL2 276, for instance).
 */
export function linkTypeOfCapName(name: string): number {
  switch (name) {
    case 'ETHERNET':
      return LINKTYPE.ETHERNET;
    case 'LINKTYPE_LINUX_SLL':
      return LINKTYPE.LINUX_SLL;
    case 'RAW':
      return LINKTYPE.RAW;
    case 'NULL':
      return LINKTYPE.NULL;
    case 'IEEE802_11_RADIO':
      return 127;
    default: {
      const m = /^Unknown linktype (\d+)$/.exec(name);
      if (m) return Number(m[1]);
      throw new LiveCaptureError('unknown-link-type', `libpcap reported an unknown link type '${name}'`);
    }
  }
}
