// SPDX-License-Identifier: Apache-2.0
// Warnings for what officials get wrong: conditions that can never hold or
// always hold given the fact schema, rules without a citation or without
// ja/en text, facts never used, a table missing values of its enum, a window
// already closed. Errors come from loading; these never block a program.
#pragma once

#include <vector>

#include "common/date.hpp"
#include "common/source.hpp"
#include "compile/ruleset.hpp"

namespace elig {

std::vector<Diagnostic> Lint(const RuleSet& rules, Date today);

}  // namespace elig
