/**
 * Whether to colour terminal output: FORCE_COLOR wins (0/false turns colour off), then NO_COLOR (https://no-color.org:
 * present and not empty disables colour), then TERM=dumb, then whether the stream is a terminal.
 */
export interface ColorStream {
  isTTY?: boolean;
}

export function shouldUseColor(stream: ColorStream, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return !['0', 'false'].includes(force.toLowerCase());
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
