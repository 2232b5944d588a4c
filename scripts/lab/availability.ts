/** Whether this process can build a lab: root, and the tools on PATH. Tests use it to skip with a reason. */
import { run } from './exec.js';

export async function labAvailable(tools: readonly string[] = ['ip', 'bridge', 'keepalived', 'tcpdump']): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'the namespace lab needs root' };
  for (const t of tools) {
    const r = await run(['sh', '-c', `command -v ${t}`], { allowFailure: true });
    if (r.code !== 0) return { ok: false, reason: `${t} is not installed` };
  }
  return { ok: true };
}
