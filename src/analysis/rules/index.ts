/**
 * The rule registry: every rule of docs/rules/README.md, sorted by id. Rule ids are public API (findings[].rule,
 * --disable, --severity); the catalog test checks this list against the design document and the docs.
 */
import type { RuleDefinition } from '../rule.js';
import { advertLoss } from './advert-loss.js';
import { advertNotFromVmac } from './advert-not-from-vmac.js';
import { authMismatch } from './auth-mismatch.js';
import { backupAnswersArp } from './backup-answers-arp.js';
import { badChecksum } from './bad-checksum.js';
import { checksumVariantMismatch } from './checksum-variant-mismatch.js';
import { confAuthMismatch } from './conf-auth-mismatch.js';
import { confInstanceSilent } from './conf-instance-silent.js';
import { confIntervalMismatch } from './conf-interval-mismatch.js';
import { confMultipleOwners } from './conf-multiple-owners.js';
import { confNopreemptMaster } from './conf-nopreempt-master.js';
import { confParse } from './conf-parse.js';
import { confPriorityDrift } from './conf-priority-drift.js';
import { confPriorityTie } from './conf-priority-tie.js';
import { confSettingDrift } from './conf-setting-drift.js';
import { confUnexpectedRouter } from './conf-unexpected-router.js';
import { confUnicastAsymmetry } from './conf-unicast-asymmetry.js';
import { confVersionMismatch } from './conf-version-mismatch.js';
import { confVipMismatch } from './conf-vip-mismatch.js';
import { confVridReuse } from './conf-vrid-reuse.js';
import { confWeightTooSmall } from './conf-weight-too-small.js';
import { equalPriority } from './equal-priority.js';
import { garpStorm } from './garp-storm.js';
import { intervalMismatch } from './interval-mismatch.js';
import { ipv6SourceNotLinkLocal } from './ipv6-source-not-link-local.js';
import { ipvsForwardingByBackup } from './ipvs-forwarding-by-backup.js';
import { malformedVrrp } from './malformed-vrrp.js';
import { masterFlapping } from './master-flapping.js';
import { missingGarp } from './missing-garp.js';
import { multipleOwners } from './multiple-owners.js';
import { plaintextAuth } from './plaintext-auth.js';
import { rsArpForVip } from './rs-arp-for-vip.js';
import { slowTakeover } from './slow-takeover.js';
import { splitBrain } from './split-brain.js';
import { ttlNot255 } from './ttl-not-255.js';
import { versionMismatch } from './version-mismatch.js';
import { vipListMismatch } from './vip-list-mismatch.js';
import { vridCollision } from './vrid-collision.js';
import { wrongVmac } from './wrong-vmac.js';

export const ALL_RULES: readonly RuleDefinition[] = [
  advertLoss,
  advertNotFromVmac,
  authMismatch,
  backupAnswersArp,
  badChecksum,
  checksumVariantMismatch,
  confAuthMismatch,
  confInstanceSilent,
  confIntervalMismatch,
  confMultipleOwners,
  confNopreemptMaster,
  confParse,
  confPriorityDrift,
  confPriorityTie,
  confSettingDrift,
  confUnexpectedRouter,
  confUnicastAsymmetry,
  confVersionMismatch,
  confVipMismatch,
  confVridReuse,
  confWeightTooSmall,
  equalPriority,
  garpStorm,
  intervalMismatch,
  ipv6SourceNotLinkLocal,
  ipvsForwardingByBackup,
  malformedVrrp,
  masterFlapping,
  missingGarp,
  multipleOwners,
  plaintextAuth,
  rsArpForVip,
  slowTakeover,
  splitBrain,
  ttlNot255,
  versionMismatch,
  vipListMismatch,
  vridCollision,
  wrongVmac,
];

export const RULE_IDS: ReadonlySet<string> = new Set(ALL_RULES.map((r) => r.meta.id));
