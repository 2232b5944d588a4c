/**
 * `live` for a person. On a terminal, the status board stays pinned at the bottom and is redrawn in place (at most once
 * a second); master changes and findings scroll above it as they happen, so they remain in the scrollback after the
 * run. Elsewhere (a pipe, a log file) every event is a plain line and the board becomes status lines every 10 s.
 */
import { createPalette, stripAnsi, type Palette } from '../report/ansi.js';
import { formatEventText } from './event-text.js';
import type { LiveEvent } from './live-events.js';
import type { LiveObserver, LiveView } from './live-session.js';
import { renderStatusBoard } from './status-board.js';

export interface TerminalStream {
  write(text: string): unknown;
  columns?: number;
  rows?: number;
}

export interface LiveTerminalOptions {
  color: boolean;
  /** Redraw a board in place (a TTY) rather than print plain lines. */
  interactive: boolean;
  minRefreshMs?: number;
  /** Milliseconds, for the refresh throttle (injectable for tests). */
  clock?: () => number;
}

const DEFAULT_REFRESH_MS = 1000;
const DEFAULT_COLUMNS = 100;
const DEFAULT_ROWS = 40;

/** Cursor up n lines to column 1, then erase to the end of the screen. */
function eraseLines(n: number): string {
  return n > 0 ? `\r\u001b[${n}A\u001b[J` : '';
}

export class LiveTerminal implements LiveObserver {
  private readonly p: Palette;
  private readonly minRefreshMs: number;
  private readonly clock: () => number;
  /** Terminal rows the drawn board occupies (wrapped lines count for more than one). */
  private boardHeight = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastView: LiveView | null = null;

  constructor(
    private readonly out: TerminalStream,
    private readonly opts: LiveTerminalOptions,
  ) {
    this.p = createPalette(opts.color);
    this.minRefreshMs = opts.minRefreshMs ?? DEFAULT_REFRESH_MS;
    this.clock = opts.clock ?? (() => Date.now());
  }

  event(event: LiveEvent, view?: () => LiveView): void {
    if (event.event === 'summary') return;
    if (this.opts.interactive && event.event === 'stats') return;
    const lines = formatEventText(event, this.p);
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    if (!this.opts.interactive) {
      this.out.write(text);
      return;
    }
    // Above the board: erase it, print the event, draw it again below with the state the event left behind.
    if (view) this.lastView = view();
    this.out.write(eraseLines(this.boardHeight) + text + this.boardText());
  }

  refresh(view: LiveView): void {
    this.lastView = view;
    if (!this.opts.interactive) return;
    if (this.clock() - this.lastDraw < this.minRefreshMs) return;
    this.out.write(eraseLines(this.boardHeight) + this.boardText());
  }

  /** Draws the final board (interactive) so the report that follows starts below it. */
  close(view?: LiveView): void {
    if (view) this.lastView = view;
    if (this.opts.interactive && this.lastView) this.out.write(`${eraseLines(this.boardHeight)}${this.boardText()}\n`);
    this.boardHeight = 0;
  }

  private boardText(): string {
    const view = this.lastView;
    if (!view) {
      this.boardHeight = 0;
      return '';
    }
    const columns = this.out.columns ?? DEFAULT_COLUMNS;
    const rows = this.out.rows ?? DEFAULT_ROWS;
    const lines = renderStatusBoard(view, { color: this.opts.color, width: columns, maxLines: Math.max(5, rows - 2) });
    this.boardHeight = lines.reduce((n, l) => n + Math.max(1, Math.ceil(stripAnsi(l).length / columns)), 0);
    this.lastDraw = this.clock();
    return `${lines.join('\n')}\n`;
  }
}
