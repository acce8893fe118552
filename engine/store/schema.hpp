// SPDX-License-Identifier: Apache-2.0
// The schema of elig's SQLite files — batch results and the audit log share one
// versioned schema, so one file may hold both (`--out x.db --audit x.db`).
// Versioned with PRAGMA user_version; documented in docs/storage.md.
#pragma once

#include <optional>
#include <string>

#include "common/number.hpp"
#include "eval/decision.hpp"
#include "store/sqlite.hpp"

namespace elig::store {

// Bump on every change, and add the migration from the previous version to EnsureSchema.
inline constexpr int64_t kSchemaVersion = 4;

// Creates the tables on a new file, migrates an older elig file, and refuses a file
// written by a newer elig or a database that is not elig's.
Status EnsureSchema(Db& db);

// Builds the index that finds an applicant's results if it is missing (a batch does this
// when its run finishes; it is not part of a new file's schema, so a first load is not
// slowed by it), and gives the planner the sizes of the small tables.
Status EnsureResultIndexes(Db& db);

// Checks the version without writing (for read-only use).
Status CheckSchema(Db& db);

// An amount or score as the schema stores it: an INTEGER when whole, else the exact
// fraction as TEXT ("2/3"), never REAL; NULL when not determinable.
void BindExact(Stmt& s, int i, const std::optional<Rational>& r);

// An outcome as a decision's stored `outcome` code (in `applicants.results`, read through `result_rows`) (the table `outcome_codes` names them).
int64_t OutcomeCode(Outcome outcome);

// The time stamps of the batch and ranking tables: UTC, "2026-11-28T14:26:12Z".
std::string UtcNowText();

}  // namespace elig::store
