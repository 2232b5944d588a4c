/** `live --format jsonl`: every event written as its line as soon as it happens (a pipe into jq sees it at once). */
import { formatEventLine, type LiveEvent } from './live-events.js';
import type { LiveObserver } from './live-session.js';

export class JsonlOutput implements LiveObserver {
  constructor(private readonly out: { write(text: string): unknown }) {}

  event(event: LiveEvent): void {
    this.out.write(formatEventLine(event));
  }
}
