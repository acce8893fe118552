// SPDX-License-Identifier: Apache-2.0
// Batch screening: many applicants against many programs, in parallel, with the
// results in SQLite (`elig batch`).
//
// Crash safety: rows are committed in chunks, one transaction per chunk that also
// moves the run's watermark (`runs.next_seq`). Rows are numbered by their position
// in the input, so after a crash at any moment the same command finds its run
// (by the hash of the input, the rules and the options), skips the committed rows
// and goes on: every applicant ends up decided exactly once. docs/storage.md.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/date.hpp"
#include "common/number.hpp"
#include "common/types.hpp"
#include "compile/ruleset.hpp"
#include "io/csv.hpp"
#include "store/sqlite.hpp"

namespace elig::store {

struct BatchProgress {
  uint64_t rows_done = 0;     // decided and committed by this invocation
  uint64_t rows_skipped = 0;  // already committed by an earlier (interrupted) invocation
  uint64_t position = 0;      // reader progress in its unit (bytes or table rows)
  uint64_t size = 0;          // total of that unit; 0 when unknown
  double seconds = 0;
};

// What a batch stores of each decision (`results.explanation`).
enum class ExplainMode : uint8_t {
  kNone,     // nothing: the fast path
  kFull,     // the explanation JSON
  kCompact,  // the compact decision JSON (docs/json.md): a sixth of the bytes; `elig explain` gives back the full one
};

enum class InputFormat : uint8_t { kCsv, kJsonl, kSqlite };

// "csv", "jsonl" or "sqlite": a format's name on the command line, in `runs.input_format`
// and in the run key.
std::string_view InputFormatName(InputFormat format);
std::optional<InputFormat> ParseInputFormat(std::string_view name);

struct BatchOptions {
  std::string rules_dir;              // recorded in the run, for people
  std::string input;
  std::string input_label;            // recorded in runs.input, for people ("-"); empty: `input`
  std::optional<InputFormat> format;  // empty: from the file name (or `table`)
  std::string table;                  // sqlite input: the table
  std::string out;                    // the results database
  std::vector<std::string> programs;  // program ids; empty: every program
  std::optional<Date> as_of;          // forced; otherwise each applicant's as_of, else the run's day
  unsigned threads = 0;               // 0: one per core
  ExplainMode explain = ExplainMode::kNone;
  Lang lang = Lang::kEn;              // of explanations
  std::string audit;                  // append every decision to this audit log too
  // Keeps `closed` decisions out of the results, counted per program in `run_programs`
  // instead (a national run is mostly programs outside their windows).
  bool skip_closed = false;
  // Applicants per transaction: large enough that commits cost little, small enough that
  // a crash loses little work (a resumed run redoes at most one chunk).
  size_t chunk_rows = 1000;
  std::function<void(const BatchProgress&)> on_progress;
  // Binds a row whose values are single scalars, or CSV lists in a cell
  // (ApplicantStream::PlainFacts: most CSV and JSON Lines rows) without making its
  // RawFacts; the same results either way. Tests turn it off to hold the two to that.
  bool plain_facts = true;

  // Failure injection for tests of the error paths (docs/storage.md):
  std::optional<int64_t> max_page_count;  // a full disk: the results file may not grow past this
  // Called at two points of writing each chunk (counted from 0 in this invocation): half-way
  // through its rows, inside the transaction, and right after its commit. The kill-and-resume
  // tests kill the process there; only the test build of `elig` sets it (cli/hooks/).
  enum class ChunkPoint : uint8_t { kMidChunk, kCommitted };
  std::function<void(int64_t chunk, ChunkPoint point)> chunk_point;
};

struct ProgramTotals {
  std::string id, version;
  int64_t eligible = 0, ineligible = 0, undetermined = 0, closed = 0;
  Rational award;               // sum of final awards of eligible applicants
  bool award_overflow = false;  // the sum does not fit (never silently wrapped)
  int64_t award_unknown = 0;    // eligible, but the award is not determinable
  int64_t combined = 0;         // decisions changed by 併給制限
};

struct BatchSummary {
  int64_t run_id = 0;
  std::string run_key;
  bool resumed = false;           // an interrupted run was continued
  bool already_complete = false;  // nothing to do: the run had finished before
  uint64_t rows = 0;              // applicants read from the input
  uint64_t decided_now = 0;       // rows this invocation decided
  uint64_t refused_rows = 0;      // rows that could not be read at all
  uint64_t rows_with_errors = 0;  // rows with any input error (refused or a bad field)
  std::vector<ProgramTotals> programs;
  std::vector<std::string> unknown_columns;  // facts no chosen program declares (ignored)
  double seconds = 0;
};

struct InputErrorRow {
  uint64_t seq = 0, line = 0, column = 0;
  std::string applicant_id, field;
  LocalText message;
  bool row_refused = false;
};

enum class BatchFailure : uint8_t { kNone, kUsage, kInput, kIo };

struct BatchResult {
  BatchFailure failure = BatchFailure::kNone;
  LocalText error;          // for people, when failure != kNone
  BatchSummary summary;     // what is committed (valid also after a failure)
  std::vector<InputErrorRow> first_errors;  // the first input errors of this invocation, for the console
  uint64_t rows_plain = 0;  // rows bound the short way (BatchOptions::plain_facts), for tests
};

BatchResult RunBatch(const RuleSet& rules, const BatchOptions& options);

// The input format of a path; none when the name does not say.
std::optional<InputFormat> FormatOfPath(const std::string& path);

// The latest run in a results database that decided `program` (finished runs first).
std::optional<int64_t> LatestRun(Db& db, const std::string& program, Status& st);

// Totals of a run, read back from the database.
Status ReadSummary(Db& db, int64_t run_id, BatchSummary& out);

// Reads back the applicants a run stored: a row's `record` (its bytes in the input file)
// with the run's `header` and `list_facts`, or its `facts` JSON (a row of an SQLite table,
// or one stored by schema version 1). The applicant is the one the run decided.
class StoredApplicants {
 public:
  Status Open(Db& db, int64_t run_id);
  // From the row's `record` and `facts` columns; false, with why, when it keeps neither or
  // what it keeps cannot be read.
  bool Read(const std::optional<std::string>& record, const std::optional<std::string>& facts, Applicant& out,
            LocalText& why) const;

 private:
  std::unique_ptr<ApplicantStream> parser_;  // reads records; null when the run has none
};

}  // namespace elig::store
