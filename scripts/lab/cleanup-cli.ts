/** `npx tsx scripts/lab/cleanup-cli.ts [prefix]`: removes stale lab namespaces (all labs when no prefix is given). */
import { cleanupAllLabs, cleanupPrefix } from './cleanup.js';

const prefix = process.argv[2];
const removed = prefix ? await cleanupPrefix(prefix, { removeWorkDir: true }) : await cleanupAllLabs();
process.stdout.write(removed.length ? `removed: ${removed.join(' ')}\n` : 'nothing to remove\n');
