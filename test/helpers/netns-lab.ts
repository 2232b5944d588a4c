/**
 * The namespace lab for integration tests of `vrrp-inspect live` (root only; skip with `labAvailable()`'s reason):
 *
 *   const avail = await labAvailable();
 *   const lab = await Lab.create({ nodes: 2, observer: true });
 *   try { await lab.startKeepalived('n1', nodeConfig('n1', { priority: 150 })); ... } finally { await lab.destroy(); }
 */
export * from '../../scripts/lab/index.js';
export { nodeConfig, node, N1, N2, VIP, VRID, OBSERVER_MAC } from '../../scripts/lab/scenarios/common.js';
