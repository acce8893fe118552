// SPDX-License-Identifier: Apache-2.0
// The rows and chunks that pass between the parts of a batch (store/batch.cpp): read,
// decided (batch_eval), queued (batch_queue) and written (batch_writer). Internal to
// store/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "common/number.hpp"
#include "common/types.hpp"
#include "io/csv.hpp"
#include "store/audit.hpp"

namespace elig::store::batch {

// JSON as the tables keep it: compact, invalid UTF-8 replaced.
std::string Dump(const nlohmann::json& j);

struct ProgramResult {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award, final_award;
  std::vector<uint32_t> missing;  // the program's fact slots that would settle it, in its order
  std::optional<std::string> combine, errors, explanation;
  bool combined = false;
};

struct RowResult {
  RawRecord raw;  // split reading: the row's bytes, parsed by Evaluator::Run and stored as they are
  bool split = false;  // read split: `raw` holds the row's bytes, `row` is made from them by Evaluator::Run
  bool record_is_text = false;  // raw.text is valid UTF-8 (else it is stored as a BLOB)
  bool plain = false;  // bound the short way (Evaluator::BindPlain): `row` has no RawFacts
  InputRow row;
  std::string facts_json;  // the inputs as JSON, for a reader that cannot split (an SQLite table)
  std::vector<ProgramResult> results;  // one per program (empty when the row was refused)
  std::vector<InputIssue> issues;      // the row's input errors, deduplicated
  std::vector<AuditRecord> audit;
  std::vector<std::string> unknown;    // facts no program declares
};

struct Chunk {
  std::vector<RowResult> rows;
  uint64_t next_seq = 0;  // the watermark once this chunk is committed
};

}  // namespace elig::store::batch
