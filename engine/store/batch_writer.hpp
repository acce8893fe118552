// SPDX-License-Identifier: Apache-2.0
// The batch's writer: chunks of decided rows into the results database, one transaction
// each, counted as they are committed. Internal to store/.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "explain/json_writer.hpp"
#include "store/audit.hpp"
#include "store/batch.hpp"
#include "store/batch_checkpoint.hpp"
#include "store/batch_rows.hpp"
#include "store/sqlite.hpp"

namespace elig::store::batch {

// What SumResults reads back from the tables, counted as chunks are committed: a run
// decided whole by one process gives its summary without reading a million rows again.
class Tally {
 public:
  explicit Tally(const std::vector<const CompiledProgram*>& programs);

  // Counts a committed row.
  void Add(const RowResult& r);

  // As SumResults orders them: by program id, only programs with a result.
  void Fill(BatchSummary& out) const;

 private:
  std::vector<ProgramTotals> totals_;
  uint64_t rows_with_errors_ = 0, refused_rows_ = 0;
};

// Writes chunks, one transaction each, with statements prepared once.
class Writer {
 public:
  Writer(Db& db, int64_t run_id, const std::vector<const CompiledProgram*>& programs, AuditLog* audit,
         const BatchOptions& options, Checkpointer& checkpointer)
      : db_(db),
        run_id_(run_id),
        programs_(programs),
        audit_(audit),
        options_(options),
        checkpointer_(checkpointer),
        tally_(programs) {}

  const Tally& tally() const { return tally_; }

  // Prepares the statements, once.
  Status Prepare();

  // Appends the chunk's audit records, then commits its rows and the watermark in one transaction.
  Status Write(const Chunk& chunk, Date default_as_of);

 private:
  // Rows go into SQLite kGroup at a time, one statement of kGroup VALUES tuples: SQLite's
  // work per statement (the VDBE program's start, reset, cursors) is shared by the group.
  static constexpr size_t kGroup = 16;
  static constexpr int kApplicantColumns = 9;
  static std::string Tuples(size_t columns, size_t rows = kGroup);

  // Binds items[i] at parameters base+1.. of `s` for every item, kGroup per `group` run and
  // the rest one by one through `one`.
  template <class Item, class BindFn>
  static Status Insert(Stmt& one, Stmt& group, int columns, const std::vector<Item>& items, BindFn&& bind);

  // Texts are bound without a copy: the chunk, the programs and the texts made here outlive each Run.
  Status WriteRows(const Chunk& chunk, size_t from, size_t to, Date default_as_of);
  // The programs' and their facts' refs (tables `programs`, `facts`) and their positions in
  // the run (`run_programs`), made once in a transaction of their own.
  Status RegisterPrograms();
  // Appends a row's decisions as `applicants.results` keeps them (schema.cpp, version 4) to
  // `out`; false when none is stored (the column is then NULL).
  bool AppendResults(const RowResult& r, JsonBuffer& out) const;
  // The ref of a date in `dates`, added inside the chunk's transaction when it is new.
  Status DateRef(Date d, int64_t& ref);
  // Counts a chunk's `closed` decisions that --skip-closed keeps out, per program, in `run_programs`.
  Status CountRunPrograms(const Chunk& chunk);

  Db& db_;
  int64_t run_id_;
  const std::vector<const CompiledProgram*>& programs_;
  AuditLog* audit_;
  const BatchOptions& options_;
  Checkpointer& checkpointer_;
  int chunks_ = 0;
  Tally tally_;
  std::vector<int64_t> program_refs_;             // by program
  std::vector<int> by_position_;                  // the program at each position of `results`, or -1
  std::vector<std::vector<int64_t>> fact_refs_;   // by program, then fact slot
  std::map<Date, int64_t> date_refs_;             // committed, or added in the open transaction
  JsonBuffer results_text_;                       // the `results` of the rows being written
  std::unique_ptr<Stmt> applicants_, applicants_group_, errors_, watermark_;
  std::unique_ptr<Stmt> add_date_, run_programs_;
};

}  // namespace elig::store::batch
