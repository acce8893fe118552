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
  kSelected,      // a place, in a program that gives no money (`benefit:` only)
  kNoPlace,       // nothing: the places (`places:`) were filled before it
};
// "funded", "partial", "unfunded", "award-unknown", "selected", "no-place"
const char* RankStatusName(RankStatus s);

struct RankedEntry {
  int64_t rank = 0;  // 1-based
  RankCandidate candidate;
  Rational granted;
  RankStatus status = RankStatus::kUnfunded;
  bool tied = false;  // same score and tie-break values as the entry before it
  // Whether the entry takes one of the places: funded, in part or in full, or selected.
  bool TakesPlace() const {
    return status == RankStatus::kFunded || status == RankStatus::kPartial || status == RankStatus::kSelected;
  }
};

struct RankResult {
  std::vector<RankedEntry> entries;
  std::optional<Rational> budget;
  OverBudget rule = OverBudget::kNone;
  Rational requested, granted;
  std::optional<Rational> remaining;
  std::optional<int64_t> places;   // how many may be selected; none: no limit
  int64_t selected = 0;            // entries that took a place
  std::vector<LocalText> notes;    // ties at the edge of the budget or the places, for people
  LocalText error;                 // an amount out of range (never wrapped)
};

// What limits a ranking besides the budget.
struct AllocateLimits {
  std::optional<int64_t> places;  // `places:` (採択予定件数): at most this many are selected
  bool gives_money = true;        // false: a program with only a `benefit:`, selected by place
};

// Orders and allocates. `descending` is parallel to each candidate's keys. Places are taken
// in rank order by the applicants who get something; the rest are `no-place`.
RankResult Allocate(std::vector<RankCandidate> candidates, const std::vector<bool>& descending, OverBudget rule,
                    std::optional<Rational> budget, const AllocateLimits& limits = {});

struct RankOptions {
  std::optional<int64_t> run_id;      // default: the latest run that decided the program
  std::optional<Rational> budget;     // default: the program's `budget:`
  std::optional<int64_t> places;      // default: the program's `places:`
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
