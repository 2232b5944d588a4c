/** Tick positions for a timeline axis, in seconds from the start, at steps a person reads easily (1, 2, 5, 10, 15, 30 s …). */
const NICE_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export function chooseStep(span: number, maxTicks: number): number {
  for (const step of NICE_STEPS) if (span / step <= maxTicks) return step;
  return Math.ceil(span / maxTicks / 86400) * 86400;
}

/** Offsets 0, step, 2·step … up to `span` (at most `maxTicks` + 1 of them). */
export function axisTicks(span: number, maxTicks: number): number[] {
  if (!(span > 0)) return [0];
  const step = chooseStep(span, Math.max(1, maxTicks));
  const ticks: number[] = [];
  // Integer multiples avoid the drift of repeated float addition.
  for (let k = 0; k * step <= span + step * 1e-9; k++) ticks.push(Math.round(k * step * 1000) / 1000);
  return ticks;
}
