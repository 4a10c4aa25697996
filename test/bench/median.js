// The median of a list of numbers, for the bench scripts (test/bench/run.js, test/bench/compare.js).
'use strict';

/** The middle value of `xs` (the mean of the two middle ones for an even count). */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

module.exports = { median };
