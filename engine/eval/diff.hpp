// SPDX-License-Identifier: Apache-2.0
// How one applicant's decision for a program changes between two versions of its rules
// (`elig diff`): outcome, score and award, and the rules that cause the change.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "eval/decision.hpp"

namespace elig {

// What a decision comes to, for comparing: its outcome, score and award, and each rule's
// result (and points) under `requirement ID`, `exclusion ID` or `scoring ID`.
struct DecisionSide {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;
  std::map<std::string, std::pair<Tri, Rational>> rules;
};

struct DecisionChange {
  std::string applicant, program;
  DecisionSide old_side, new_side;
  bool outcome = false, score = false, award = false;
  // The rules whose result or points differ, in the new program's order, then the removed
  // ones; `window` when the application window moved, `award` when only the amount did
  // (the formula or a parameter).
  std::vector<std::string> rules;
};

// The change from `old_d` to `new_d` (decisions of two versions of one program for one
// applicant), or nullopt when outcome, score and award are the same. A rule that is absent
// in one version counts as letting everyone through there.
std::optional<DecisionChange> CompareDecisions(const Decision& old_d, const Decision& new_d);

}  // namespace elig
