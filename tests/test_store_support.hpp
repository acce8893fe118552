// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the tests of the results file's schema versions (test_store_v*.cpp):
// the stored fixtures, the batch rule set, a run's totals and results as rows.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "compile/ruleset.hpp"
#include "store/batch.hpp"
#include "test_batch_support.hpp"

namespace elig::batch_test {

// A file of tests/data/store/.
inline std::string StoreFixture(const std::string& name) {
  return std::string(ELIG_SOURCE_DIR) + "/tests/data/store/" + name;
}

inline std::unique_ptr<RuleSet> BatchRuleSet() {
  auto rs = RuleSet::LoadDir(BatchRules());
  REQUIRE(rs->ok());
  return rs;
}

// The summary as the command line shows it: per program, its counts and total award.
inline std::vector<std::string> Totals(const store::BatchSummary& s) {
  std::vector<std::string> out;
  for (const auto& p : s.programs)
    out.push_back(p.id + "@" + p.version + " " + std::to_string(p.eligible) + "/" + std::to_string(p.ineligible) + "/" +
                  std::to_string(p.undetermined) + "/" + std::to_string(p.closed) + " " + p.award.ToString() + " " +
                  std::to_string(p.award_unknown) + " " + std::to_string(p.combined));
  return out;
}

// A run's summary as read back from the file.
inline std::vector<std::string> ReadTotals(const std::string& path, int64_t run_id) {
  store::Status st;
  auto db = store::Db::Open(path, store::OpenMode::kReadOnly, st);
  REQUIRE(db);
  store::BatchSummary s;
  REQUIRE(store::ReadSummary(*db, run_id, s).ok());
  return Totals(s);
}

// A run's results through the view, without the run's id.
inline std::vector<std::string> RunResults(const std::string& path, int64_t run_id) {
  return Rows(path, "SELECT seq, program, applicant_id, version, as_of, outcome, score, award, final_award, combine, missing, "
                    "errors, explanation FROM results WHERE run_id = " + std::to_string(run_id) + " ORDER BY seq, program");
}

}  // namespace elig::batch_test
