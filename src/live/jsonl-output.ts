/**
 * `live --format jsonl`: every event written as its line as soon as it happens (a pipe into jq sees it at once), each
 * stamped with the sensor that saw it, so that lines from many sensors can share one log pipeline.
 */
import { formatEventLine, type LiveEvent } from './live-events.js';
import type { LiveObserver } from './live-session.js';

export class JsonlOutput implements LiveObserver {
  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly sensor: string,
  ) {}

  event(event: LiveEvent): void {
    this.out.write(formatEventLine(event, this.sensor));
  }
}
