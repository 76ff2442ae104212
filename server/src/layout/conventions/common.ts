/** Orders and defaults several convention modules share. */
import { compareCodeUnits, compareNumbered } from '../names';
import type { Comparator, NewIds } from './types';

/** Runners that list a directory and sort the names as strings (JavaScript or Go string order). */
export const byName: Comparator = (a, b) => compareCodeUnits(a.stem, b.stem);

/** Numeric prefix by value (`9_a`, `10_b`, `100_c`), then the name. */
export const byNumber: Comparator = compareNumbered;

/** Sequence numbers in the width the set already uses. */
export function sequenceIds(firstWidth: number, firstNumber = 1): NewIds {
  return { timestamps: false, followExisting: true, firstWidth, firstNumber };
}

/** UTC timestamps (YYYYMMDDHHmmss), whatever the set holds. */
export const TIMESTAMP_IDS: NewIds = { timestamps: true, followExisting: false, firstWidth: 14, firstNumber: 1 };
