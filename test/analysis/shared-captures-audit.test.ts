/**
 * No false errors or warnings on traffic this project did not make: every public capture in ../shared/pcaps is
 * audited, and its error and warning findings must be exactly the ones listed here, each reviewed by hand with the
 * reason it is true. A capture not listed must have none. Captures the reader cannot read are the reader's tests'
 * business; here they only must fail with a clean input error. Skipped (with the reason) where ../shared is absent.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../helpers/analyze-capture.js';
import { HAVE_SHARED_PCAPS, sharedCaptureFiles, skipReasonShared } from '../helpers/shared-pcaps.js';

interface Expected {
  /** `<severity> <rule>: <title>`. */
  finding: string;
  /** Why the finding is true (reviewed by hand against tshark and the capture's upstream notes). */
  why: string;
}

const EXPECTED: Record<string, Expected[]> = {
  'libpcap_vrrp.pcap': [
    {
      finding: 'warning plaintext-auth: Plaintext VRRP password on VRID 42',
      why: 'VRID 42 sends auth type 1 with the password "abcdefgh" in clear (tshark: vrrp.auth_type 1, vrrp.auth_string abcdefgh)',
    },
  ],
  'tcpdump_vrrp.pcap': [
    {
      finding: 'warning plaintext-auth: Plaintext VRRP password on VRID 42',
      why: 'the same VRID 42 simple-text password, as tcpdump_vrrp-v.out prints it (auth "abcdefgh")',
    },
  ],
  'pcpp_VRRP-V3-IPv6.pcap': [
    {
      finding: "error wrong-vmac: Advert for VRID 1 from another VRID's virtual MAC",
      why: 'PcapPlusPlus built this VRRPv3/IPv6 advert with 00:00:5e:00:01:01, the IPv4 VMAC of VRID 1; IPv6 uses 00:00:5e:00:02:01 (RFC 5798 §7.3), tshark shows eth.src 00:00:5e:00:01:01',
    },
  ],
  // Deliberately empty, because the earlier decoder got them wrong:
  // - tcpdump_vrrp-vrrp_print-oobr-2.pcap: every packet is a first IP fragment (MF set); Wireshark shows "Fragmented IP
  //   protocol", receivers reassemble or drop. No advert, so no malformed-vrrp or ttl-not-255 (they were false).
  // - pcpp_VRRP-V2.pcap: an ordinary VRRPv2 advert (auth type 0, three VIPs, checksum good): nothing to report.
  // - libpcap_carp.pcap: CARP, listed in the audit's `carp` section, never judged by the VRRP rules.
};

function describeFinding(f: { severity: string; rule: string; title: string }): string {
  return `${f.severity} ${f.rule}: ${f.title}`;
}

describe.skipIf(!HAVE_SHARED_PCAPS)('audit of the public captures: no false error or warning', () => {
  const files = sharedCaptureFiles();

  it('has captures, and every listed capture exists', () => {
    expect(files.length).toBeGreaterThan(30);
    const names = new Set(files.map((f) => basename(f)));
    for (const name of Object.keys(EXPECTED)) expect(names.has(name), name).toBe(true);
  });

  for (const path of files) {
    const name = basename(path);
    it(`${name}: exactly the reviewed errors and warnings`, async () => {
      let doc;
      try {
        doc = await analyzeCaptureFile(path);
      } catch (e) {
        // Unsupported link types or unusable files: a clean input error, never an exception from the analysis.
        expect((e as Error).name, `${name}: ${(e as Error).message}`).toMatch(/CaptureFormatError|InputError/);
        return;
      }
      const got = doc.findings.filter((f) => f.severity !== 'info').map(describeFinding);
      expect(got).toEqual((EXPECTED[name] ?? []).map((x) => x.finding));
    }, 60_000);
  }
});

if (!HAVE_SHARED_PCAPS) console.log(skipReasonShared());
