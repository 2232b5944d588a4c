/**
 * Names of everything a lab creates. Every namespace starts with a per-run prefix (`vi` + 4 random hex digits), so
 * parallel runs never collide and a crashed run can be cleaned up by prefix. Interfaces live inside the lab's own
 * namespaces, so their names only need to be unique per namespace (and at most 15 characters).
 */
import { randomBytes } from 'node:crypto';

export const LAB_PREFIX_ROOT = 'vi';
const MAX_IFNAME = 15;

export function newRunPrefix(): string {
  return LAB_PREFIX_ROOT + randomBytes(2).toString('hex');
}

export function namespaceName(prefix: string, member: string): string {
  return `${prefix}-${member}`;
}

/** Bridge-side veth name for a member: the member name itself, checked against the kernel limit. */
export function bridgePortName(member: string): string {
  const name = `p-${member}`;
  if (name.length > MAX_IFNAME) throw new Error(`lab: member name too long for an interface name: ${member}`);
  return name;
}

const MEMBER_NAME = /^[a-z][a-z0-9]{0,11}$/;

export function checkMemberName(name: string): void {
  if (!MEMBER_NAME.test(name)) throw new Error(`lab: member names must match ${MEMBER_NAME.source}: ${name}`);
}
