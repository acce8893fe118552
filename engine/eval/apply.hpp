// SPDX-License-Identifier: Apache-2.0
// The apply-by date: a program's deadline rules (`apply: deadline:`) worked out for one
// applicant, so a result can say 「申請期限: 2027年1月31日（展示会初日の10日前）」.
#pragma once

#include <optional>
#include <vector>

#include "compile/program.hpp"
#include "eval/input.hpp"

namespace elig {

struct DeadlineResult {
  const CompiledDeadline* rule = nullptr;
  std::optional<Date> date;        // nullopt: not known yet (see `missing`), or an error
  std::vector<uint32_t> missing;   // fact slots it reads that the applicant has not given
  std::string error;               // an evaluation error (a date out of range), if any
};

struct ApplyBy {
  std::vector<DeadlineResult> deadlines;  // one per rule, in file order
  // The last day to apply: the earliest deadline, known when every deadline is known.
  std::optional<Date> date;
  const CompiledDeadline* deciding = nullptr;  // the rule that gives `date`
  bool passed = false;                         // `date` is before the as-of date
};

// Works out every deadline rule of the program for these facts on `as_of`. A program without
// `apply:` or without deadlines gives an empty result (no date).
ApplyBy ComputeApplyBy(const CompiledProgram& prog, const FactValues& facts, Date as_of);

// The values a program's `award_says:` names (CompiledProgram::award_terms, in order) for these
// facts on `as_of`: a definition or parameter worked out, a fact as given, `award` as decided.
// An unknown value stays unknown (VKind::kUnknown); the view then leaves the sentence out.
std::vector<Value> ComputeAwardTerms(const CompiledProgram& prog, const FactValues& facts, Date as_of,
                                     const std::optional<Rational>& award);

}  // namespace elig
