// SPDX-License-Identifier: Apache-2.0
// What the fast-path tests share (tests/test_perf.cpp, tests/test_packed.cpp): a program
// header with a fact of every kind the fast path specialises, two tables (one with rows
// missing), dated and undated parameters and definitions; and a decision in one line.
#pragma once

#include <string>

#include "eval/decision.hpp"

namespace elig::test {

// Programs that use each shape BuildFastCode specialises, and the ways out of them.
inline const char* kFastHeader = R"(program: t.fast
version: "1"
title: { ja: 速い道, en: Fast path }
window: 2026-04-01 .. 2027-03-31
facts:
  n: { type: int }
  m: { type: int }
  y: { type: yen }
  z: { type: yen }
  share: { type: decimal }
  flag: { type: bool }
  other: { type: bool }
  place: { type: text }
  kind: { type: "enum[a, b, c, d]" }
  since: { type: date }
  tags: { type: "list[enum[p, q, r]]" }
tables:
  full:
    key: kind
    rows:
      a: { cap: 100 yen, lim: 10 }
      b: { cap: 200 yen, lim: 20 }
    default: { cap: 300 yen, lim: 30 }
  holes:
    key: kind
    rows:
      a: { cap: 1_000 yen }
      c: { cap: 3_000 yen }
parameters:
  rate: 2/3
  half_rate: 1/2
  third: 1/3
  cap: { 2025-04-01: 500 yen, 2026-04-01: 1_000 yen }
  lim: { 2026-07-01: 15 }
define:
  small: n <= 20 or y <= 50 yen
  half: y * 1/2
  many: count([flag, other, n > 3])
)";

// A fast decision in one line: outcome, score, award and whether it met an error.
inline std::string FastSummary(const FastDecision& d) {
  return std::string(OutcomeName(d.outcome)) + " score=" + d.score.ToString() +
         " award=" + (d.award ? d.award->ToString() : "none") + (d.error ? " error" : "");
}

}  // namespace elig::test
