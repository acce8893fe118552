// SPDX-License-Identifier: Apache-2.0
// What no unknown can change. Three-valued logic leaves a decision undetermined as soon as a
// rule reads a missing fact; yet often every value that fact may take (within its type, its
// `min`/`max`, its enum's values) gives the same outcome: `subsidy >= 50_000 yen` holds for
// every number of processes once the expenses are known. Settle decides such a case, and
// names exactly the facts that can still change the outcome (or, for an eligible applicant,
// the award): those `missing` lists and `elig ask` asks.
//
// How: an abstract evaluation of the compiled code in which each unknown fact is a set of
// values (an interval for numbers and dates, a set of values for enums and yes/no), and a
// search that splits those sets (every enum value and yes/no; numbers at the program's own
// constants, then in halves) until each part gives one outcome. Where a part is a single
// value, the evaluation is the interpreter's own, so on small domains the answer is exact;
// elsewhere it is sound: a part is called decided only when every value in it decides alike.
// The search is bounded (SettleOptions); past the bound what is left stays undetermined.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "eval/decision.hpp"

namespace elig {

struct Settlement {
  bool ran = false;
  Outcome outcome{};                  // over every allowed value of the unknown facts
  std::optional<Rational> award;      // the same in every case the applicant is not refused
  // Facts whose value can change the outcome, or the award where the applicant is not refused.
  std::vector<uint32_t> relevant;
  // Each requirement's and exclusion's result over every allowed value: kTrue / kFalse when
  // the same for all, else kUnknown.
  std::vector<Tri> requirements, exclusions;
  uint32_t evaluations = 0;  // abstract evaluations spent
  bool bounded = false;      // the search stopped at SettleOptions' bounds
};

// Settles `concrete`, the three-valued decision of `prog` for `facts` (undetermined, or
// eligible with an award not yet known). Its variables are the unknown facts that its open
// rules and award read; a rule it decided (true or false) stays as it is, since three-valued
// logic decides only what no value changes (and `known(x)` is about what was given).
Settlement Settle(const CompiledProgram& prog, const Value* facts, const Decision& concrete,
                  const SettleOptions& options = {});

}  // namespace elig
