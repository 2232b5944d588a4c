import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../../src/report/color.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('shouldUseColor', () => {
  it('colours a terminal and not a pipe by default', () => {
    expect(shouldUseColor(tty, {})).toBe(true);
    expect(shouldUseColor(pipe, {})).toBe(false);
    expect(shouldUseColor({}, {})).toBe(false);
  });

  it('honours NO_COLOR when present and not empty (no-color.org)', () => {
    expect(shouldUseColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { NO_COLOR: '' })).toBe(true);
  });

  it('lets FORCE_COLOR win over a pipe and over NO_COLOR, and FORCE_COLOR=0 turn colour off', () => {
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: 'true' })).toBe(true);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(shouldUseColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor(tty, { FORCE_COLOR: 'false' })).toBe(false);
    expect(shouldUseColor(pipe, { FORCE_COLOR: '' })).toBe(false);
  });

  it('does not colour a dumb terminal', () => {
    expect(shouldUseColor(tty, { TERM: 'dumb' })).toBe(false);
  });
});
