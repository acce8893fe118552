// SPDX-License-Identifier: Apache-2.0
#include "store/batch_writer.hpp"

#include <algorithm>
#include <charconv>
#include <deque>
#include <optional>
#include <utility>

#include "common/catalog.hpp"
#include "store/schema.hpp"

namespace elig::store::batch {
namespace {

// A name's ref, the row added when it is new (an upsert always returns its row).
const char* kAddProgram =
    "INSERT INTO programs(program, version) VALUES (?, ?) ON CONFLICT (program, version) DO UPDATE SET "
    "program = excluded.program RETURNING program_ref";
const char* kAddFact =
    "INSERT INTO facts(name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING fact_ref";
const char* kAddDate =
    "INSERT INTO dates(date) VALUES (?) ON CONFLICT (date) DO UPDATE SET date = excluded.date RETURNING date_ref";

// Runs one of the upserts above into `ref`.
Status RefOf(Stmt& s, int64_t& ref) {
  Status st;
  if (s.Step(st)) ref = s.Int(0);
  else if (st.ok()) st = Status::Error(kError, SayBoth(Msg::kStoreCannotPrepare));  // an upsert returns its row
  s.Reset();
  return st;
}

void AppendInt(JsonBuffer& out, int64_t v) {
  char* p = out.Reserve(24);
  out.Commit(std::to_chars(p, p + 24, v).ptr);
}

// An exact amount or score as a decision's element keeps it: a JSON integer when whole,
// else the exact fraction as a string ("2/3"), which `->>` reads back as the INTEGER or
// TEXT that version 3 stored; null when not determinable.
void AppendExact(JsonBuffer& out, const std::optional<Rational>& r) {
  if (!r) out.append("null", 4);
  else if (r->IsInteger()) AppendInt(out, r->num());
  else WriteJsonString(out, r->ToString());
}

}  // namespace

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
  Status st = RegisterPrograms();
  if (!st.ok()) return st;
  // OR ROLLBACK: a failure undoes the chunk's whole transaction, as Write does anyway, so
  // SQLite keeps no journal of each statement's own (it does for a statement of several
  // rows that could fail half-way): about a twentieth of this thread's instructions.
  const std::string applicants =
      "INSERT OR ROLLBACK INTO applicants(run_id, seq, applicant_id, line, as_of, facts, record, judged_ref, results) "
      "VALUES ";
  const std::pair<std::unique_ptr<Stmt>*, std::string> statements[] = {
      {&applicants_, applicants + Tuples(kApplicantColumns, 1)},
      {&applicants_group_, applicants + Tuples(kApplicantColumns)},
      {&errors_,
       "INSERT INTO input_errors(run_id, seq, n, applicant_id, line, col, field, message, row_refused) VALUES " +
           Tuples(9, 1)},
      {&watermark_, "UPDATE runs SET next_seq = ? WHERE run_id = ? AND next_seq <= ?"},
      {&add_date_, kAddDate},
      {&run_programs_,
       "UPDATE run_programs SET closed_not_stored = closed_not_stored + ? WHERE run_id = ? AND program_ref = ?"},
  };
  for (const auto& [stmt, sql] : statements) {
    *stmt = std::make_unique<Stmt>(db_, sql, st);
    if (!st.ok()) return st;
  }
  // Most of a row's parameters repeat (the run, the date, empty columns).
  for (Stmt* s : {applicants_.get(), applicants_group_.get()}) s->KeepBindings();
  return st;
}

Status Writer::RegisterPrograms() {
  Status st = db_.Begin();
  if (!st.ok()) return st;
  Stmt program(db_, kAddProgram, st);
  if (!st.ok()) return st;
  Stmt fact(db_, kAddFact, st);
  if (!st.ok()) return st;
  program_refs_.assign(programs_.size(), 0);
  fact_refs_.assign(programs_.size(), {});
  for (size_t k = 0; k < programs_.size() && st.ok(); ++k) {
    const CompiledProgram& p = *programs_[k];
    program.Bind(1, p.id).Bind(2, p.version);
    st = RefOf(program, program_refs_[k]);
    fact_refs_[k].assign(p.facts.size(), 0);
    for (size_t f = 0; f < p.facts.size() && st.ok(); ++f) {
      fact.Bind(1, p.facts[f].name);
      st = RefOf(fact, fact_refs_[k][f]);
    }
  }
  // A program's position in `results`: the one the run gave it (a resumed run, one upgraded
  // from version 3), else the next free one (a new run: the programs' order).
  std::map<int64_t, int64_t> position;  // by program ref
  int64_t next = 0;
  if (st.ok()) {
    Stmt known(db_, "SELECT program_ref, position FROM run_programs WHERE run_id = ?", st);
    if (st.ok()) known.Bind(1, run_id_);
    while (st.ok() && known.Step(st)) {
      position[known.Int(0)] = known.Int(1);
      next = std::max(next, known.Int(1) + 1);
    }
  }
  if (st.ok()) {
    Stmt add(db_, "INSERT INTO run_programs(run_id, program_ref, closed_not_stored, position) VALUES (?, ?, 0, ?)", st);
    for (size_t k = 0; k < programs_.size() && st.ok(); ++k) {
      if (position.count(program_refs_[k])) continue;
      position[program_refs_[k]] = next;
      add.Bind(1, run_id_).Bind(2, program_refs_[k]).Bind(3, next++);
      st = add.Run();
    }
  }
  by_position_.assign(static_cast<size_t>(next), -1);
  for (size_t k = 0; k < programs_.size() && st.ok(); ++k)
    by_position_[static_cast<size_t>(position[program_refs_[k]])] = static_cast<int>(k);
  if (!st.ok()) {
    db_.Rollback();
    return st;
  }
  return db_.Commit();
}

bool Writer::AppendResults(const RowResult& r, JsonBuffer& out) const {
  size_t start = out.size();
  bool any = false;
  out += '[';
  for (size_t pos = 0; pos < by_position_.size(); ++pos) {
    if (pos) out += ',';
    int k = by_position_[pos];
    if (k < 0 || static_cast<size_t>(k) >= r.results.size() ||
        (options_.skip_closed && r.results[static_cast<size_t>(k)].outcome == Outcome::kClosed)) {
      out.append("null", 4);
      continue;
    }
    any = true;
    const ProgramResult& p = r.results[static_cast<size_t>(k)];
    out += '[';
    AppendInt(out, OutcomeCode(p.outcome));
    out += ',';
    AppendExact(out, p.score);
    out += ',';
    AppendExact(out, p.award);
    out += ',';
    AppendExact(out, p.final_award);
    // The rest is null for most decisions, and left out when it is.
    size_t end = out.size();
    out += ',';
    if (p.missing.empty()) {
      out.append("null", 4);
    } else {
      out += '[';
      for (size_t m = 0; m < p.missing.size(); ++m) {
        if (m) out += ',';
        AppendInt(out, fact_refs_[static_cast<size_t>(k)][p.missing[m]]);
      }
      out += ']';
      end = out.size();
    }
    for (const auto* text : {&p.combine, &p.errors, &p.explanation}) {
      out += ',';
      if (!*text) {
        out.append("null", 4);
        continue;
      }
      WriteJsonString(out, **text);
      end = out.size();
    }
    out.resize(end);
    out += ']';
  }
  out += ']';
  if (!any) out.resize(start);
  return any;
}

Status Writer::DateRef(Date d, int64_t& ref) {
  auto it = date_refs_.find(d);
  if (it != date_refs_.end()) {
    ref = it->second;
    return Status::Ok();
  }
  add_date_->Bind(1, FormatDate(d));
  Status st = RefOf(*add_date_, ref);
  if (st.ok()) date_refs_.emplace(d, ref);
  return st;
}

Status Writer::CountRunPrograms(const Chunk& chunk) {
  Status st;
  if (!options_.skip_closed) return st;
  std::vector<int64_t> closed(programs_.size(), 0);
  for (const auto& r : chunk.rows)
    for (size_t k = 0; k < r.results.size(); ++k) closed[k] += r.results[k].outcome == Outcome::kClosed;
  for (size_t k = 0; k < programs_.size() && st.ok(); ++k) {
    if (closed[k] == 0) continue;
    run_programs_->Bind(1, closed[k]).Bind(2, run_id_).Bind(3, program_refs_[k]);
    st = run_programs_->Run();
  }
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
  auto fail = [&](Status failed) {
    db_.Rollback();
    date_refs_.clear();  // dates added by this transaction are gone with it
    return failed;
  };
  size_t half = chunk.rows.size() / 2;
  for (auto [from, to] : {std::pair<size_t, size_t>{0, half}, {half, chunk.rows.size()}}) {
    if (from == half && options_.chunk_point) options_.chunk_point(chunks_, BatchOptions::ChunkPoint::kMidChunk);
    if (!(st = WriteRows(chunk, from, to, default_as_of)).ok()) {
      if (st.code == kConstraint) st.message = SayBoth(Msg::kStoreRunHeld);  // rows of this run written meanwhile
      return fail(st);
    }
  }
  if (!(st = CountRunPrograms(chunk)).ok()) return fail(st);
  watermark_->Bind(1, static_cast<int64_t>(chunk.next_seq)).Bind(2, run_id_).Bind(3, static_cast<int64_t>(chunk.next_seq));
  if (!(st = watermark_->Run()).ok()) return fail(st);
  if (db_.Changes() != 1) return fail(Status::Error(kError, SayBoth(Msg::kStoreRunHeld)));
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
  // Per row (index n - from): its own as_of as text, the ref of the date it is judged on,
  // and its decisions (a range of `decided`, empty when none is stored). A deque keeps the
  // texts in place while they are bound; `decided` is bound once it is written whole.
  std::deque<std::string> texts;
  std::vector<const std::string*> own_as_of;
  std::vector<int64_t> judged;
  std::vector<size_t> rows;  // indices into chunk.rows
  std::vector<std::pair<size_t, size_t>> decisions;
  JsonBuffer& decided = results_text_;
  decided.resize(0);
  Status st;
  for (size_t n = from; n < to; ++n) {
    const RowResult& r = chunk.rows[n];
    const Applicant& a = r.row.applicant;
    rows.push_back(n);
    own_as_of.push_back(a.as_of ? &texts.emplace_back(FormatDate(*a.as_of)) : nullptr);
    int64_t ref = 0;
    Date as_of = options_.as_of ? *options_.as_of : a.as_of ? *a.as_of : default_as_of;
    if (r.row.readable && !(st = DateRef(as_of, ref)).ok()) return st;
    judged.push_back(ref);
    size_t begin = decided.size();
    AppendResults(r, decided);
    decisions.emplace_back(begin, decided.size());
  }

  st = Insert(*applicants_, *applicants_group_, kApplicantColumns, rows, [&](Stmt& s, int b, size_t n) {
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
    if (r.row.readable) s.Bind(b + 8, judged[n - from]);
    else s.BindNull(b + 8);
    auto [begin, end] = decisions[n - from];
    if (begin == end) s.BindNull(b + 9);
    else s.BindUncopied(b + 9, decided.view().substr(begin, end - begin));
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
