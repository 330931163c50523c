import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoString } from './iso.js';

describe('isoString', () => {
  it('equals Date#toISOString for any date, and throws like it for an invalid one', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }), (d) => {
        expect(isoString(d)).toBe(d.toISOString());
      }),
      { numRuns: 5_000 },
    );
    for (const d of [new Date(0), new Date('0999-12-31T23:59:59.999Z'), new Date('1000-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z'), new Date('2026-03-09T04:05:06.007Z')]) {
      expect(isoString(d)).toBe(d.toISOString());
    }
    expect(() => isoString(new Date(NaN))).toThrow(RangeError);
  });
});
