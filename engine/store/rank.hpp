// SPDX-License-Identifier: Apache-2.0
// Ranking within a budget (`elig rank`): eligible applicants ordered by score,
// then by the program's declared tie-break (`ranking: tie_break:`), then by their
// position in the input; awards are granted in that order until the budget runs
// out, and the first one that no longer fits is treated as the program declares
// (`ranking: last:` — none, partial, skip or proportional). Exact to the yen.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/number.hpp"
#include "compile/program.hpp"
#include "store/sqlite.hpp"

namespace elig::store {

// A tie-break value; unknown values sort after every known one.
struct RankKey {
  bool known = false;
  Rational num;        // numbers, yen, and dates / enums / booleans as integers
  std::string text;    // text facts
  bool is_text = false;
};

struct RankCandidate {
  int64_t seq = 0;                 // position in the input: the last tie-break
  std::string applicant_id;
  Rational score;
  std::optional<Rational> award;   // after 併給制限; nullopt: not determinable
  std::vector<RankKey> keys;       // parallel to the program's tie-break keys
};

enum class RankStatus : uint8_t {
  kFunded,        // the whole award
  kPartial,       // part of it: the rest of the budget (`last: partial`) or scaled (`proportional`)
  kUnfunded,      // nothing: the budget ran out before it
  kAwardUnknown,  // eligible, but the award is not determinable: nothing can be allocated
};
const char* RankStatusName(RankStatus s);  // "funded", "partial", "unfunded", "award-unknown"

struct RankedEntry {
  int64_t rank = 0;  // 1-based
  RankCandidate candidate;
  Rational granted;
  RankStatus status = RankStatus::kUnfunded;
  bool tied = false;  // same score and tie-break values as the entry before it
};

struct RankResult {
  std::vector<RankedEntry> entries;
  std::optional<Rational> budget;
  OverBudget rule = OverBudget::kNone;
  Rational requested, granted;
  std::optional<Rational> remaining;
  std::vector<LocalText> notes;  // ties at the budget edge, for people
  LocalText error;               // an amount out of range (never wrapped)
};

// Orders and allocates. `descending` is parallel to each candidate's keys.
RankResult Allocate(std::vector<RankCandidate> candidates, const std::vector<bool>& descending, OverBudget rule,
                    std::optional<Rational> budget);

struct RankOptions {
  std::optional<int64_t> run_id;      // default: the latest run that decided the program
  std::optional<Rational> budget;     // default: the program's `budget:`
};

struct RankReport {
  int64_t run_id = 0;
  RankResult result;
  std::vector<LocalText> warnings;  // for people: a run not finished, other versions, unreadable inputs
};

// Ranks the eligible applicants of a batch run and stores the ranking
// (tables `rankings` and `ranking_runs`, replacing an earlier ranking of the same run).
Status RankRun(Db& db, const CompiledProgram& program, const RankOptions& options, RankReport& out);

}  // namespace elig::store
