// SPDX-License-Identifier: Apache-2.0
#include "store/batch_writer.hpp"

#include <algorithm>
#include <deque>
#include <optional>
#include <utility>

#include "common/catalog.hpp"
#include "store/schema.hpp"

namespace elig::store::batch {

Tally::Tally(const std::vector<const CompiledProgram*>& programs) : totals_(programs.size()) {
  for (size_t k = 0; k < programs.size(); ++k) {
    totals_[k].id = programs[k]->id;
    totals_[k].version = programs[k]->version;
  }
}

void Tally::Add(const RowResult& r) {
  if (!r.issues.empty()) {
    ++rows_with_errors_;
    if (!r.row.readable) ++refused_rows_;
  }
  for (size_t k = 0; k < r.results.size(); ++k) {
    const ProgramResult& p = r.results[k];
    ProgramTotals& t = totals_[k];
    switch (p.outcome) {
      case Outcome::kEligible: {
        ++t.eligible;
        if (!p.final_award) {
          ++t.award_unknown;
          break;
        }
        auto sum = Rational::Add(t.award, *p.final_award);
        if (sum) t.award = *sum;
        else t.award_overflow = true;
        break;
      }
      case Outcome::kIneligible: ++t.ineligible; break;
      case Outcome::kUndetermined: ++t.undetermined; break;
      case Outcome::kClosed: ++t.closed; break;
    }
    if (p.combine) ++t.combined;
  }
}

void Tally::Fill(BatchSummary& out) const {
  out.rows_with_errors = rows_with_errors_;
  out.refused_rows = refused_rows_;
  out.programs.clear();
  for (const auto& t : totals_)
    if (t.eligible + t.ineligible + t.undetermined + t.closed > 0) out.programs.push_back(t);
  std::stable_sort(out.programs.begin(), out.programs.end(),
                   [](const ProgramTotals& a, const ProgramTotals& b) { return a.id < b.id; });
}

Status Writer::Prepare() {
  Status st;
  // OR ROLLBACK: a failure undoes the chunk's whole transaction, as Write does anyway, so
  // SQLite keeps no journal of each statement's own (it does for a statement of several
  // rows that could fail half-way): about a twentieth of this thread's instructions.
  const std::string applicants =
      "INSERT OR ROLLBACK INTO applicants(run_id, seq, applicant_id, line, as_of, facts, record) VALUES ";
  const std::string results =
      "INSERT OR ROLLBACK INTO results(run_id, seq, program, applicant_id, version, as_of, outcome, score, award, "
      "final_award, combine, missing, errors, explanation) VALUES ";
  const std::pair<std::unique_ptr<Stmt>*, std::string> statements[] = {
      {&applicants_, applicants + Tuples(7, 1)},
      {&results_, results + Tuples(14, 1)},
      {&applicants_group_, applicants + Tuples(7)},
      {&results_group_, results + Tuples(14)},
      {&errors_,
       "INSERT INTO input_errors(run_id, seq, n, applicant_id, line, col, field, message, row_refused) VALUES " +
           Tuples(9, 1)},
      {&watermark_, "UPDATE runs SET next_seq = ? WHERE run_id = ? AND next_seq <= ?"},
  };
  for (const auto& [stmt, sql] : statements) {
    *stmt = std::make_unique<Stmt>(db_, sql, st);
    if (!st.ok()) return st;
  }
  // Most of a row's parameters repeat (the run, the program, its version, the date, empty columns).
  for (Stmt* s : {applicants_.get(), results_.get(), applicants_group_.get(), results_group_.get()}) s->KeepBindings();
  return st;
}

Status Writer::Write(const Chunk& chunk, Date default_as_of) {
  // The audit log first: a crash between the two leaves audit rows that the resumed
  // run recognizes (by origin and seq) and does not append again.
  if (audit_) {
    std::vector<AuditRecord> records;
    for (const auto& r : chunk.rows)
      for (const auto& rec : r.audit) records.push_back(rec);
    Status st = audit_->Append(records);
    if (!st.ok()) {
      st.message = SayBoth(Msg::kStoreCannotAppendAudit, fmt::arg("reason", st.message));
      return st;
    }
  }
  checkpointer_.BeforeBegin();
  Status st = db_.Begin();
  if (!st.ok()) return st;
  size_t half = chunk.rows.size() / 2;
  for (auto [from, to] : {std::pair<size_t, size_t>{0, half}, {half, chunk.rows.size()}}) {
    if (from == half && options_.chunk_point) options_.chunk_point(chunks_, BatchOptions::ChunkPoint::kMidChunk);
    if (!(st = WriteRows(chunk, from, to, default_as_of)).ok()) {
      db_.Rollback();
      if (st.code == kConstraint) st.message = SayBoth(Msg::kStoreRunHeld);  // rows of this run written meanwhile
      return st;
    }
  }
  watermark_->Bind(1, static_cast<int64_t>(chunk.next_seq)).Bind(2, run_id_).Bind(3, static_cast<int64_t>(chunk.next_seq));
  if (!(st = watermark_->Run()).ok()) {
    db_.Rollback();
    return st;
  }
  if (db_.Changes() != 1) {
    db_.Rollback();
    st = Status::Error(kError, SayBoth(Msg::kStoreRunHeld));
    return st;
  }
  if (!(st = db_.Commit()).ok()) return st;
  checkpointer_.Committed();
  for (const auto& r : chunk.rows) tally_.Add(r);
  if (options_.chunk_point) options_.chunk_point(chunks_, BatchOptions::ChunkPoint::kCommitted);
  ++chunks_;
  return st;
}

std::string Writer::Tuples(size_t columns, size_t rows) {
  std::string one = "(?";
  for (size_t c = 1; c < columns; ++c) one += ", ?";
  one += ")";
  std::string out = one;
  for (size_t r = 1; r < rows; ++r) out += ", " + one;
  return out;
}

template <class Item, class BindFn>
Status Writer::Insert(Stmt& one, Stmt& group, int columns, const std::vector<Item>& items, BindFn&& bind) {
  Status st;
  size_t i = 0;
  for (; i + kGroup <= items.size(); i += kGroup) {
    for (size_t j = 0; j < kGroup; ++j) bind(group, static_cast<int>(j) * columns, items[i + j]);
    if (!(st = group.Run()).ok()) return st;
  }
  for (; i < items.size(); ++i) {
    bind(one, 0, items[i]);
    if (!(st = one.Run()).ok()) return st;
  }
  return st;
}

Status Writer::WriteRows(const Chunk& chunk, size_t from, size_t to, Date default_as_of) {
  // Per row (index n - from): its own as_of and the date judged on, as text; rows in a
  // run share the latter. A deque keeps the texts in place while they are bound.
  std::deque<std::string> texts;
  std::vector<const std::string*> own_as_of, judged_as_of;
  std::vector<size_t> rows;                         // indices into chunk.rows
  std::vector<std::pair<size_t, size_t>> results;  // (row index, program)
  std::optional<Date> last;
  const std::string* last_text = nullptr;
  for (size_t n = from; n < to; ++n) {
    const RowResult& r = chunk.rows[n];
    const Applicant& a = r.row.applicant;
    rows.push_back(n);
    own_as_of.push_back(a.as_of ? &texts.emplace_back(FormatDate(*a.as_of)) : nullptr);
    Date as_of = options_.as_of ? *options_.as_of : a.as_of ? *a.as_of : default_as_of;
    if (as_of != last) {
      last = as_of;
      last_text = &texts.emplace_back(FormatDate(as_of));
    }
    judged_as_of.push_back(last_text);
    for (size_t k = 0; k < r.results.size(); ++k) results.emplace_back(n, k);
  }

  Status st = Insert(*applicants_, *applicants_group_, 7, rows, [&](Stmt& s, int b, size_t n) {
    const RowResult& r = chunk.rows[n];
    s.Bind(b + 1, run_id_).Bind(b + 2, static_cast<int64_t>(r.row.seq)).BindUncopied(b + 3, r.row.applicant.id);
    s.Bind(b + 4, static_cast<int64_t>(r.row.line));
    if (own_as_of[n - from]) s.BindUncopied(b + 5, *own_as_of[n - from]);
    else s.BindNull(b + 5);
    // A row read from a file is kept as its bytes (`record`); one from a table as JSON (`facts`).
    bool record = r.row.readable && r.split;
    if (r.row.readable && !record) s.BindUncopied(b + 6, r.facts_json);
    else s.BindNull(b + 6);
    if (!record) s.BindNull(b + 7);
    else if (r.record_is_text) s.BindUncopied(b + 7, r.raw.text);
    else s.BindBlobUncopied(b + 7, r.raw.text);
  });
  if (!st.ok()) return st;
  st = Insert(*results_, *results_group_, 14, results, [&](Stmt& s, int b, const std::pair<size_t, size_t>& x) {
    auto [n, k] = x;
    const RowResult& r = chunk.rows[n];
    const ProgramResult& p = r.results[k];
    s.Bind(b + 1, run_id_).Bind(b + 2, static_cast<int64_t>(r.row.seq)).BindUncopied(b + 3, programs_[k]->id);
    s.BindUncopied(b + 4, r.row.applicant.id).BindUncopied(b + 5, programs_[k]->version);
    s.BindUncopied(b + 6, *judged_as_of[n - from]).BindUncopied(b + 7, OutcomeName(p.outcome));
    BindExact(s, b + 8, p.score);
    BindExact(s, b + 9, p.award);
    BindExact(s, b + 10, p.final_award);
    s.BindUncopied(b + 11, p.combine).BindUncopied(b + 12, p.missing).BindUncopied(b + 13, p.errors);
    s.BindUncopied(b + 14, p.explanation);
  });
  if (!st.ok()) return st;
  for (size_t n : rows) {
    const RowResult& r = chunk.rows[n];
    for (size_t m = 0; m < r.issues.size(); ++m) {
      const InputIssue& i = r.issues[m];
      errors_->Bind(1, run_id_).Bind(2, static_cast<int64_t>(r.row.seq)).Bind(3, static_cast<int64_t>(m));
      errors_->Bind(4, r.row.applicant.id);
      errors_->Bind(5, static_cast<int64_t>(i.loc.line ? i.loc.line : r.row.line));
      if (i.loc.column) errors_->Bind(6, static_cast<int64_t>(i.loc.column));
      else errors_->BindNull(6);
      errors_->Bind(7, i.fact).Bind(8, i.message.en).Bind(9, static_cast<int64_t>(r.row.readable ? 0 : 1));
      if (!(st = errors_->Run()).ok()) return st;
    }
  }
  return st;
}

}  // namespace elig::store::batch
