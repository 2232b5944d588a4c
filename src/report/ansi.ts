/** A tiny ANSI SGR helper: every function is the identity when colour is off, so callers never branch on it. */
export type Paint = (text: string) => string;

export interface Palette {
  enabled: boolean;
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  blue: Paint;
  magenta: Paint;
  cyan: Paint;
  /** Errors: bold red. */
  error: Paint;
  warning: Paint;
  info: Paint;
}

function sgr(open: string, close: string): Paint {
  return (text) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`);
}

const identity: Paint = (text) => text;

export function createPalette(color: boolean): Palette {
  if (!color) {
    return {
      enabled: false,
      bold: identity, dim: identity, red: identity, green: identity, yellow: identity, blue: identity,
      magenta: identity, cyan: identity, error: identity, warning: identity, info: identity,
    };
  }
  const red = sgr('31', '39');
  const yellow = sgr('33', '39');
  const blue = sgr('34', '39');
  const bold = sgr('1', '22');
  return {
    enabled: true,
    bold,
    dim: sgr('2', '22'),
    red,
    green: sgr('32', '39'),
    yellow,
    blue,
    magenta: sgr('35', '39'),
    cyan: sgr('36', '39'),
    error: (t) => bold(red(t)),
    warning: (t) => bold(yellow(t)),
    info: blue,
  };
}

// eslint-disable-next-line no-control-regex
const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

/** The visible text, without SGR sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI_PATTERN, '');
}
