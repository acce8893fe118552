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

// What the rules gave a case, in the test file's own keys and values.
struct TestActual {
  std::string outcome, score, award;  // award: exact decimal text, or "none"
  std::set<std::string> failed, missing;
};

struct CaseResult {
  const TestCase* test = nullptr;
  bool passed = false;
  TestActual actual;
  std::vector<LocalText> mismatches;  // "award: expected 300000, got 250000"
  std::string explanation;            // the decision as text in the run's language, for failures
};

// A rule no case saw both true and false.
struct CoverageGap {
  std::string program, rule;
  bool seen_true = false, seen_false = false;
};

// Per program: for each requirement / exclusion / scoring item, whether it was
// seen true and seen false by some case.
struct Coverage {
  std::map<std::string, std::map<std::string, std::pair<bool, bool>>> seen;  // program -> rule id -> (true, false)
  void Record(const Decision& d);
  // Every rule not seen both ways, in the order of the programs and their rules.
  std::vector<CoverageGap> Gaps(const RuleSet& rules) const;
};

// The expectations ("outcome eligible, award 200000"; empty when the case expects nothing)
// and the results ("outcome ineligible, score 0, award 0", with failed and missing where the
// case expects them), in the test file's own keys and values.
std::string ExpectedText(const TestExpect& e);
std::string ActualText(const TestActual& a, const TestExpect& e);

// Mismatches and the explanation of a failure are said in `lang`.
std::vector<CaseResult> RunTestFile(const RuleSet& rules, const TestFile& file, std::vector<Diagnostic>& diags,
                                    Coverage* coverage = nullptr, Lang lang = Lang::kEn);

// Every `*.test.yaml` under a directory (or the file itself), sorted.
std::vector<std::string> FindTestFiles(const std::string& path);

}  // namespace elig
