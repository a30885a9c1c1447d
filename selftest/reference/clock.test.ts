import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../adapters/reference/clock.ts';

describe('VirtualClock', () => {
  it('runs due timers in time order, ties in scheduling order, at their own time', () => {
    const clock = new VirtualClock(1000);
    const seen: string[] = [];
    clock.setTimer(1300, () => seen.push(`c@${clock.now()}`));
    clock.setTimer(1100, () => seen.push(`a@${clock.now()}`));
    clock.setTimer(1100, () => seen.push(`b@${clock.now()}`));
    const cancel = clock.setTimer(1200, () => seen.push('cancelled'));
    cancel();
    clock.advance(250);
    expect(seen).toEqual(['a@1100', 'b@1100']);
    expect(clock.now()).toBe(1250);
    clock.advance(50);
    expect(seen).toEqual(['a@1100', 'b@1100', 'c@1300']);
  });

  it('runs a timer scheduled by another one if it falls due within the same advance', () => {
    const clock = new VirtualClock(0);
    const seen: number[] = [];
    clock.setTimer(10, () => clock.setTimer(20, () => seen.push(clock.now())));
    clock.advance(30);
    expect(seen).toEqual([20]);
    expect(() => clock.advance(-1)).toThrow(/non-negative/);
  });
});
