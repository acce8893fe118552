// SPDX-License-Identifier: Apache-2.0
// Officials' test files (`*.test.yaml` beside the rules): applicant facts, an
// as-of date and the expected outcome, score, award and deciding rule ids.
//
//   program: gunma.takasaki-trade-fair
//   cases:
//     - name: manufacturer exhibiting abroad, at the cap
//       as_of: 2025-06-01
//       facts: { city: 高崎市, industry: manufacturing, fair_costs: 600000 }
//       expect:
//         outcome: eligible        # eligible | ineligible | undetermined | closed
//         score: 0                 # optional
//         award: 300_000           # optional; `none` = not determinable
//         failed: [in-takasaki]    # optional: exactly the failed requirements and applied exclusions
//         missing: [capital]       # optional: exactly the facts still needed
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/source.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"

namespace elig {

struct TestExpect {
  std::optional<std::string> outcome;
  std::optional<Rational> score;
  std::optional<std::string> award;  // exact decimal text, or "none"
  std::optional<std::set<std::string>> failed;
  std::optional<std::set<std::string>> missing;
};

struct TestCase {
  std::string name;
  SourceLoc loc;
  std::optional<Date> as_of;
  Applicant applicant;
  TestExpect expect;
};

struct TestFile {
  std::string path;
  std::string program;
  SourceLoc program_loc;
  std::vector<TestCase> cases;
};

// Parses a test file; problems are diagnostics with positions.
bool LoadTestFile(const SourceFile& file, TestFile& out, std::vector<Diagnostic>& diags);

struct CaseResult {
  const TestCase* test = nullptr;
  bool passed = false;
  std::vector<std::string> mismatches;  // "award: expected 300,000, got 250,000"
  std::string explanation;              // the decision as text (en), for failures
};

// Per program: for each requirement / exclusion / scoring item, whether it was
// seen true and seen false by some case.
struct Coverage {
  std::map<std::string, std::map<std::string, std::pair<bool, bool>>> seen;  // program -> rule id -> (true, false)
  void Record(const Decision& d);
  // "program: rule-id (never false)" for every rule not seen both ways.
  std::vector<std::string> Gaps(const RuleSet& rules) const;
};

// A value the program refuses is a mismatch said in `lang`.
std::vector<CaseResult> RunTestFile(const RuleSet& rules, const TestFile& file, std::vector<Diagnostic>& diags,
                                    Coverage* coverage = nullptr, Lang lang = Lang::kEn);

// Every `*.test.yaml` under a directory (or the file itself), sorted.
std::vector<std::string> FindTestFiles(const std::string& path);

}  // namespace elig
