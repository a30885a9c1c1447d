// The trace of a spec stays bounded however much an adapter floods: the first and last entries
// are kept, and one marker in between says how many were left out.
import { describe, expect, it } from 'vitest';
import { Trace, TRACE_HEAD, TRACE_MARKER, TRACE_TAIL } from '../../fixtures/trace.ts';

const filled = (n: number) => {
  const trace = new Trace();
  for (let i = 1; i <= n; i++) trace.add('c1 android', `entry ${i}`);
  return trace;
};

describe('the trace cap', () => {
  it('keeps a trace that fits whole, numbered from 1', () => {
    const { entries } = filled(TRACE_HEAD + TRACE_TAIL);
    expect(entries).toHaveLength(TRACE_HEAD + TRACE_TAIL);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
  });

  it('keeps the first and the last entries of a long one, with a marker counting those left out', () => {
    const n = 100_000;
    const { entries } = filled(n);
    expect(entries).toHaveLength(TRACE_HEAD + 1 + TRACE_TAIL);
    expect(entries[TRACE_HEAD - 1]).toEqual({ seq: TRACE_HEAD, who: 'c1 android', what: `entry ${TRACE_HEAD}` });
    const left = n - TRACE_HEAD - TRACE_TAIL;
    expect(entries[TRACE_HEAD]).toEqual({ seq: TRACE_HEAD + 1, who: TRACE_MARKER, what: `… ${left} more entries left out (the trace keeps the first ${TRACE_HEAD} and the last ${TRACE_TAIL})` });
    expect(entries[TRACE_HEAD + 1]).toEqual({ seq: n - TRACE_TAIL + 1, who: 'c1 android', what: `entry ${n - TRACE_TAIL + 1}` });
    expect(entries.at(-1)).toEqual({ seq: n, who: 'c1 android', what: `entry ${n}` });
  });

  it('says "1 more entry" when one is left out, and starts afresh when emptied (a property case)', () => {
    const trace = filled(TRACE_HEAD + TRACE_TAIL + 1);
    expect(trace.entries[TRACE_HEAD]!.what).toMatch(/^… 1 more entry left out/);
    trace.entries.length = 0;
    trace.add('harness', 'settled');
    expect(trace.entries).toEqual([{ seq: 1, who: 'harness', what: 'settled' }]);
  });
});
