// SPDX-License-Identifier: Apache-2.0
// A list of applicants from one file, for commands that take many (`elig diff`): a YAML
// or JSON list of applicants (or a map with `applicants:`, or one applicant), JSON Lines
// (.jsonl, .ndjson) or CSV (.csv). Each applicant is read as `elig check` reads one.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/source.hpp"
#include "eval/input.hpp"

namespace elig {

struct ApplicantList {
  std::vector<Applicant> applicants;  // those that could be read
  bool ok = true;                     // false: some could not (diagnostics say which)
};

// Facts in `list_facts` are lists (a CSV cell `a;b`). A bad value in JSON Lines or CSV is a
// warning (the fact counts as unknown); anything else that is wrong is an error.
ApplicantList ReadApplicantList(const std::string& path, const std::set<std::string>& list_facts, SourceSet& sources,
                                std::vector<Diagnostic>& diags);

}  // namespace elig
