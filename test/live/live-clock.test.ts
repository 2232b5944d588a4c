import { describe, expect, it } from 'vitest';
import { StreamClock, WallClock } from '../../src/live/live-clock.js';

describe('WallClock', () => {
  it('has no time before the first frame, then follows the wall clock', () => {
    let wall = 1000;
    const clock = new WallClock(() => wall);
    expect(clock.now()).toBeNull();
    clock.noteFrame();
    expect(clock.now()).toBe(1000);
    wall = 1012.5;
    expect(clock.now()).toBe(1012.5);
  });
});

describe('StreamClock', () => {
  it("follows the stream's timestamps plus the wall time since the last frame arrived", () => {
    let mono = 50;
    const clock = new StreamClock(() => mono);
    expect(clock.now()).toBeNull();
    clock.noteFrame(1_700_000_000);
    expect(clock.now()).toBe(1_700_000_000);
    mono = 53;
    // Quiet stream: time keeps going, so a silent master is noticed.
    expect(clock.now()).toBe(1_700_000_003);
  });

  it('jumps ahead with a stream replayed faster than real time', () => {
    let mono = 0;
    const clock = new StreamClock(() => mono);
    clock.noteFrame(100);
    mono = 0.001;
    clock.noteFrame(160);
    expect(clock.now()).toBe(160);
  });

  it('never goes backwards for a frame that was delayed more than an earlier one', () => {
    let mono = 0;
    const clock = new StreamClock(() => mono);
    clock.noteFrame(100);
    mono = 2;
    clock.noteFrame(101.5);
    expect(clock.now()).toBe(102);
    mono = 3;
    expect(clock.now()).toBe(103);
  });
});
