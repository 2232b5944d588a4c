/**
 * Whether the optional `cap` module (libpcap binding) loads, checked the way `live` loads it: tests that capture
 * through it skip with this reason instead of failing where it is not built (e.g. libpcap-dev installed after npm ci).
 */
import { loadCap } from '../../src/live/cap-binding.js';

/** '' when cap loads, else why the cap tests cannot run. */
export async function capSkipReason(): Promise<string> {
  try {
    await loadCap();
    return '';
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message.split('\n')[0]}` : '';
    return `the optional cap module is not built (apt-get install libpcap-dev && npm rebuild cap)${cause}`;
  }
}
