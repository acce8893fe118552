#include "store/batch.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <ctime>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "eval/screen.hpp"
#include "explain/explain.hpp"
#include "io/jsonl.hpp"
#include "store/audit.hpp"
#include "store/schema.hpp"
#include "store/sha256.hpp"
#include "store/sqlite_input.hpp"

namespace elig::store {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Two `elig batch` of one run into one file: the second finds rows it was about to write.
constexpr const char* kRunHeld =
    "another process holds this run (an `elig batch` with the same input, rules and options is writing it "
    "into the same file); let it finish, or stop it, then run this command again to resume";

// runs.explain, and its part of the run key: 0 no explanations, 1 the full JSON, 2 the compact one.
int ExplainCode(const BatchOptions& o) { return o.explain ? (o.explain_compact ? 2 : 1) : 0; }

struct ProgramResult {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award, final_award;
  std::optional<std::string> combine, missing, errors, explanation;
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

class Evaluator {
 public:
  Evaluator(const std::vector<const CompiledProgram*>& programs, const BatchOptions& options, Date default_as_of,
            const std::vector<std::string>& audit_hashes, int64_t audit_from, const std::string& audit_origin)
      : programs_(programs),
        options_(options),
        default_as_of_(default_as_of),
        audit_hashes_(audit_hashes),
        audit_from_(audit_from),
        audit_origin_(audit_origin) {
    for (size_t k = 0; k < programs.size(); ++k)
      for (size_t slot = 0; slot < programs[k]->facts.size(); ++slot)
        slots_[programs[k]->facts[slot].name].emplace_back(static_cast<uint32_t>(k), static_cast<uint32_t>(slot));
  }

  // Bind (eval/input.cpp) for every program at once, looking each name up once per row
  // instead of once per program: the same values and issues, in the same order.
  // `bound` may hold an earlier row's values: each program's are reset, their storage kept.
  void BindAll(const Applicant& a, std::vector<FactValues>& bound, std::vector<std::string>& unknown) const {
    Reset(bound);
    for (const auto& raw : a.facts) {
      auto it = slots_.find(raw.name);
      if (it == slots_.end()) {
        unknown.push_back(raw.name);
        continue;
      }
      for (auto [k, slot] : it->second) {
        std::string error;
        auto v = ParseFactValue(programs_[k]->facts[slot], raw.value, bound[k], error);
        if (!v) {
          bound[k].issues.push_back({raw.name, error, IssueLoc(a, raw)});
          continue;
        }
        bound[k].values[slot] = *v;
      }
    }
  }

  // Reads the columns of `in`'s header once (ApplicantStream::Columns), for BindPlain.
  void UseColumns(const ApplicantStream& in) {
    columns_.clear();
    for (const auto& name : in.Columns()) columns_.push_back(ColumnOf(name));
  }

  // The short way for a row whose values are single scalars (ApplicantStream::PlainFacts):
  // each bound to its slots by its column (CSV) or key (JSON Lines), without the row's
  // RawFacts. What the row gets is what ParseRecord and BindAll give it — its id, as_of,
  // values and unknown columns — except the RawFacts themselves, which nothing after
  // binding reads (the audit, which does, takes the long way). False at the first value
  // that would be an issue (a bad value, a bad as_of): the row is then read the long way,
  // which says why.
  bool BindPlain(RowResult& r, const ApplicantStream& in, std::vector<FactValues>& bound) const {
    thread_local std::vector<PlainFact> facts;
    thread_local std::string error;
    if (!in.PlainFacts(r.raw, facts)) return false;
    Reset(bound);
    InputRow& row = r.row;
    row.line = r.raw.line;
    bool has_id = false;
    for (size_t i = 0; i < facts.size(); ++i) {
      const PlainFact& f = facts[i];
      const Column c = i < columns_.size() ? columns_[i] : ColumnOf(f.name);
      if (c.kind == Column::kUnknown) {
        r.unknown.emplace_back(f.name);
        continue;
      }
      if (f.null) continue;  // unknown, as it was reset
      if (c.kind == Column::kFact) {
        for (auto [k, slot] : *c.slots) {
          auto v = ParseFactScalar(programs_[k]->facts[slot], f.text, bound[k], error);
          if (!v) return false;
          bound[k].values[slot] = *v;
        }
        continue;
      }
      // `id` and `as_of`, as input_detail::SpecialColumn reads them.
      std::string_view t = utf8::TrimBlanks(f.text);
      if (t.empty()) continue;
      if (c.kind == Column::kId) {
        row.applicant.id.assign(t);
        has_id = true;
      } else if (!(row.applicant.as_of = ParseDate(t))) {
        return false;
      }
    }
    if (!has_id) row.applicant.id = "line " + std::to_string(row.line);
    return true;
  }

  // Decides one row (parsing it first when it was read split) through the screening call
  // (eval/screen.hpp); `scratch` is the calling thread's.
  void Run(RowResult& r, const ApplicantStream& in, ScreenScratch& scratch) const {
    bool audit = !audit_hashes_.empty() && static_cast<int64_t>(r.row.seq) >= audit_from_;
    // The thread's, kept from row to row: a FactValues allocates five times when made.
    thread_local std::vector<FactValues> bound;
    thread_local Screening screening;
    r.plain = r.split && !audit && options_.plain_facts && BindPlain(r, in, bound);
    if (!r.plain) {
      r.unknown.clear();
      if (r.split) in.ParseRecord(r.raw, r.row);
      r.issues = r.row.issues;
      if (!r.row.readable) return;
      if (!r.split) r.facts_json = InputsJson(r.row.applicant);
      BindAll(r.row.applicant, bound, r.unknown);
    }
    const Applicant& a = r.row.applicant;
    if (r.split) r.record_is_text = !utf8::FindInvalid(r.raw.text);
    std::set<std::pair<std::string, std::string>> seen_issues;
    for (const auto& i : r.issues) seen_issues.insert({i.fact, i.message});
    for (size_t k = 0; k < programs_.size(); ++k)
      for (const auto& i : bound[k].issues)
        if (seen_issues.insert({i.fact, i.message}).second) r.issues.push_back(i);
    ScreenOptions so;
    so.as_of = options_.as_of ? *options_.as_of : a.as_of ? *a.as_of : default_as_of_;
    so.path = options_.explain || audit ? ScreenPath::kReasons : ScreenPath::kFast;
    Screen(programs_, bound.data(), so, scratch, screening);
    r.results.resize(programs_.size());
    for (size_t k = 0; k < programs_.size(); ++k) {
      const ProgramScreening& ps = screening.programs[k];
      ProgramResult& out = r.results[k];
      out = ProgramResult();
      if (audit) {
        r.audit.push_back(MakeAuditRecord(ps.decision, audit_hashes_[k], a, options_.lang, audit_origin_,
                                          static_cast<int64_t>(r.row.seq)));
        if (options_.explain && !options_.explain_compact) out.explanation = r.audit.back().explanation;
      }
      if (options_.explain && !out.explanation)
        out.explanation = options_.explain_compact ? RenderCompactJson(ps.decision) : RenderJson(ps.decision, options_.lang);
      Store(ps, out);
    }
  }

 private:
  // A program's screening as the results table keeps it.
  void Store(const ProgramScreening& ps, ProgramResult& out) const {
    const CompiledProgram& p = *ps.program;
    out.outcome = ps.outcome;
    out.score = ps.score;
    out.award = ps.award;
    out.final_award = ps.final_award;
    if (!ps.missing.empty()) {
      json m = json::array();
      for (uint32_t f : ps.missing) m.push_back(p.facts[f].name);
      out.missing = Dump(m);
    }
    if (!ps.errors.empty()) out.errors = Dump(json(ps.errors));
    out.combined = ps.Combined();
    if (!out.combined) return;
    json notes = json::array();
    for (const auto& n : ps.combined.notes)
      notes.push_back({{"kind", CombineKindName(n.kind)},
                       {"other", n.other},
                       {"declared_by", n.declared_by},
                       {"text", RenderCombineNote(n, options_.lang)}});
    out.combine = Dump(notes);
  }

  void Reset(std::vector<FactValues>& bound) const {
    bound.resize(programs_.size());
    for (size_t k = 0; k < programs_.size(); ++k) {
      bound[k].values.assign(programs_[k]->facts.size(), Value::Unknown());
      bound[k].texts.clear();
      bound[k].lists.clear();
      bound[k].issues.clear();
    }
  }

  using Slots = std::vector<std::pair<uint32_t, uint32_t>>;  // (program, slot)
  // What the value of a column or key is to the programs.
  struct Column {
    enum Kind : uint8_t { kUnknown, kId, kAsOf, kFact } kind = kUnknown;
    const Slots* slots = nullptr;  // kFact
  };
  Column ColumnOf(std::string_view name) const {
    if (name == "id") return {Column::kId};
    if (name == "as_of") return {Column::kAsOf};
    auto it = slots_.find(name);
    return it == slots_.end() ? Column{} : Column{Column::kFact, &it->second};
  }
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const std::vector<const CompiledProgram*>& programs_;
  const BatchOptions& options_;
  Date default_as_of_;
  const std::vector<std::string>& audit_hashes_;
  int64_t audit_from_;
  std::string audit_origin_;
  std::unordered_map<std::string, Slots, NameHash, std::equal_to<>> slots_;  // fact name -> where programs declare it
  std::vector<Column> columns_;                   // of the input's header, when it has one
};

// What SumResults reads back from the tables, counted as chunks are committed: a run
// decided whole by one process gives its summary without reading a million rows again.
class Tally {
 public:
  explicit Tally(const std::vector<const CompiledProgram*>& programs) : totals_(programs.size()) {
    for (size_t k = 0; k < programs.size(); ++k) {
      totals_[k].id = programs[k]->id;
      totals_[k].version = programs[k]->version;
    }
  }

  void Add(const RowResult& r) {
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

  // As SumResults orders them: by program id, only programs with a result.
  void Fill(BatchSummary& out) const {
    out.rows_with_errors = rows_with_errors_;
    out.refused_rows = refused_rows_;
    out.programs.clear();
    for (const auto& t : totals_)
      if (t.eligible + t.ineligible + t.undetermined + t.closed > 0) out.programs.push_back(t);
    std::stable_sort(out.programs.begin(), out.programs.end(),
                     [](const ProgramTotals& a, const ProgramTotals& b) { return a.id < b.id; });
  }

 private:
  std::vector<ProgramTotals> totals_;
  uint64_t rows_with_errors_ = 0, refused_rows_ = 0;
};

// Copies the log into the file (a WAL checkpoint) on a thread and connection of its own,
// so that the writer thread, which paces a batch, does not: the checkpoint's reading of
// the log and writing of the file were most of the kernel's work on that thread. SQLite
// starts the log again from its beginning only when everything in it has been copied by
// the time a transaction begins, so every kRestartEvery commits the writer waits for the
// copy to catch up (about two milliseconds each time: waiting every 16 commits took a
// twentieth of a run, every 64 a hundredth); without that wait the log would grow for the
// whole run. Nothing here is needed for a commit to be safe: a checkpoint that fails or
// is never made leaves the commits in the log, where SQLite finds them.
class Checkpointer {
 public:
  // Turns off the writer connection's own checkpoints and starts the thread; false, with
  // nothing changed, when the second connection cannot be opened (the writer then
  // checkpoints as before).
  bool Start(Db& writer, const std::string& path) {
    Status st;
    db_ = Db::Open(path, OpenMode::kReadWrite, st);
    if (!db_ || !writer.Exec("PRAGMA wal_autocheckpoint=0").ok()) {
      db_.reset();
      return false;
    }
    thread_ = std::thread([this] { Loop(); });
    return true;
  }

  // After each commit of the writer.
  void Committed() {
    if (!db_) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++committed_;
    }
    cv_.notify_all();
  }

  // Before each transaction of the writer: every kRestartEvery commits, waits until the
  // log is copied up to the last commit.
  void BeforeBegin() {
    if (!db_ || ++since_wait_ < kRestartEvery) return;
    since_wait_ = 0;
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return copied_ == committed_; });
  }

  // Joins the thread and turns the writer's own checkpoints back on.
  void Stop(Db& writer) {
    if (!db_) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
    db_.reset();
    writer.Exec("PRAGMA wal_autocheckpoint=1000");  // SQLite's default
  }

  ~Checkpointer() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
  }

 private:
  static constexpr int kRestartEvery = 64;

  void Loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || copied_ != committed_; });
      if (copied_ == committed_) return;  // stopping, and nothing left to copy
      uint64_t upto = committed_;
      lock.unlock();
      db_->Exec("PRAGMA wal_checkpoint(PASSIVE)");  // a failure leaves the log as it is
      lock.lock();
      copied_ = upto;
      cv_.notify_all();
    }
  }

  std::unique_ptr<Db> db_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  uint64_t committed_ = 0, copied_ = 0;  // commits made, and copied (or tried)
  bool stopping_ = false;
  int since_wait_ = 0;  // the writer's: transactions since it last waited
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

  Status Prepare() {
    Status st;
    // OR ROLLBACK: a failure undoes the chunk's whole transaction, as Write does anyway, so
    // SQLite keeps no journal of each statement's own (it does for a statement of several
    // rows that could fail half-way): about a twentieth of this thread's instructions.
    applicants_ = std::make_unique<Stmt>(
        db_, "INSERT OR ROLLBACK INTO applicants(run_id, seq, applicant_id, line, as_of, facts, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
        st);
    if (!st.ok()) return st;
    results_ = std::make_unique<Stmt>(
        db_,
        "INSERT OR ROLLBACK INTO results(run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, "
        "combine, missing, errors, explanation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        st);
    if (!st.ok()) return st;
    applicants_group_ = std::make_unique<Stmt>(
        db_, "INSERT OR ROLLBACK INTO applicants(run_id, seq, applicant_id, line, as_of, facts, record) VALUES " + Tuples(7), st);
    if (!st.ok()) return st;
    results_group_ = std::make_unique<Stmt>(
        db_,
        "INSERT OR ROLLBACK INTO results(run_id, seq, program, applicant_id, version, as_of, outcome, score, award, final_award, "
        "combine, missing, errors, explanation) VALUES " + Tuples(14),
        st);
    if (!st.ok()) return st;
    errors_ = std::make_unique<Stmt>(
        db_,
        "INSERT INTO input_errors(run_id, seq, n, applicant_id, line, col, field, message, row_refused) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        st);
    if (!st.ok()) return st;
    watermark_ = std::make_unique<Stmt>(db_, "UPDATE runs SET next_seq = ? WHERE run_id = ? AND next_seq <= ?", st);
    if (!st.ok()) return st;
    // Most of a row's parameters repeat (the run, the program, its version, the date, empty columns).
    for (Stmt* s : {applicants_.get(), results_.get(), applicants_group_.get(), results_group_.get()}) s->KeepBindings();
    return st;
  }

  Status Write(const Chunk& chunk, Date default_as_of) {
    // The audit log first: a crash between the two leaves audit rows that the resumed
    // run recognizes (by origin and seq) and does not append again.
    if (audit_) {
      std::vector<AuditRecord> records;
      for (const auto& r : chunk.rows)
        for (const auto& rec : r.audit) records.push_back(rec);
      Status st = audit_->Append(records);
      if (!st.ok()) {
        st.message = "cannot append to the audit log: " + st.message;
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
        if (st.code == kConstraint) st.message = kRunHeld;  // rows of this run written meanwhile
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
      st.code = kError;
      st.message = kRunHeld;
      return st;
    }
    if (!(st = db_.Commit()).ok()) return st;
    checkpointer_.Committed();
    for (const auto& r : chunk.rows) tally_.Add(r);
    if (options_.chunk_point) options_.chunk_point(chunks_, BatchOptions::ChunkPoint::kCommitted);
    ++chunks_;
    return st;
  }

 private:
  // Rows go into SQLite kGroup at a time, one statement of kGroup VALUES tuples: SQLite's
  // work per statement (the VDBE program's start, reset, cursors) is shared by the group.
  static constexpr size_t kGroup = 16;
  static std::string Tuples(size_t columns, size_t rows = kGroup) {
    std::string one = "(?";
    for (size_t c = 1; c < columns; ++c) one += ", ?";
    one += ")";
    std::string out = one;
    for (size_t r = 1; r < rows; ++r) out += ", " + one;
    return out;
  }

  // Binds items[i] at parameters base+1.. of `s` for every item, kGroup per `group` run and
  // the rest one by one through `one`.
  template <class Item, class BindFn>
  static Status Insert(Stmt& one, Stmt& group, int columns, const std::vector<Item>& items, BindFn&& bind) {
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

  // Texts are bound without a copy: the chunk, the programs and the texts made here outlive each Run.
  Status WriteRows(const Chunk& chunk, size_t from, size_t to, Date default_as_of) {
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
        errors_->Bind(7, i.fact).Bind(8, i.message).Bind(9, static_cast<int64_t>(r.row.readable ? 0 : 1));
        if (!(st = errors_->Run()).ok()) return st;
      }
    }
    return st;
  }

  Db& db_;
  int64_t run_id_;
  const std::vector<const CompiledProgram*>& programs_;
  AuditLog* audit_;
  const BatchOptions& options_;
  Checkpointer& checkpointer_;
  int chunks_ = 0;
  Tally tally_;
  std::unique_ptr<Stmt> applicants_, results_, applicants_group_, results_group_, errors_, watermark_;
};

// Evaluates the rows of a chunk on `threads` threads (the caller's among them).
void EvaluateChunk(Chunk& chunk, const Evaluator& ev, const ApplicantStream& in,
                   std::vector<ScreenScratch>& contexts) {
  std::atomic<size_t> next{0};
  auto work = [&](ScreenScratch& ctx) {
    for (size_t i = next++; i < chunk.rows.size(); i = next++) ev.Run(chunk.rows[i], in, ctx);
  };
  std::vector<std::thread> pool;
  size_t helpers = std::min(contexts.size() - 1, chunk.rows.size() / 8);  // tiny chunks are not worth a thread
  for (size_t t = 0; t < helpers; ++t) pool.emplace_back(work, std::ref(contexts[t + 1]));
  work(contexts[0]);
  for (auto& th : pool) th.join();
}

Status SumResults(Db& db, int64_t run_id, BatchSummary& out) {
  Status st;
  std::map<std::string, size_t> index;
  for (size_t k = 0; k < out.programs.size(); ++k) index[out.programs[k].id] = k;
  auto totals = [&](const std::string& id, const std::string& version) -> ProgramTotals& {
    auto it = index.find(id);
    if (it != index.end()) return out.programs[it->second];
    index[id] = out.programs.size();
    ProgramTotals t;
    t.id = id;
    t.version = version;
    out.programs.push_back(std::move(t));
    return out.programs.back();
  };
  {
    Stmt s(db,
           "SELECT program, version, outcome, count(*), sum(combine IS NOT NULL) FROM results WHERE run_id = ? "
           "GROUP BY program, version, outcome ORDER BY program",
           st);
    if (!st.ok()) return st;
    s.Bind(1, run_id);
    while (s.Step(st)) {
      ProgramTotals& t = totals(s.Text(0), s.Text(1));
      std::string o = s.Text(2);
      int64_t n = s.Int(3);
      if (o == "eligible") t.eligible += n;
      else if (o == "ineligible") t.ineligible += n;
      else if (o == "undetermined") t.undetermined += n;
      else t.closed += n;
      t.combined += s.Int(4);
    }
    if (!st.ok()) return st;
  }
  {
    Stmt s(db, "SELECT program, version, final_award FROM results WHERE run_id = ? AND outcome = 'eligible'", st);
    if (!st.ok()) return st;
    s.Bind(1, run_id);
    while (s.Step(st)) {
      ProgramTotals& t = totals(s.Text(0), s.Text(1));
      auto text = s.AsText(2);
      if (!text) {
        ++t.award_unknown;
        continue;
      }
      auto r = Rational::Parse(*text);
      auto sum = r ? Rational::Add(t.award, *r) : std::nullopt;
      if (sum) t.award = *sum;
      else t.award_overflow = true;
    }
    if (!st.ok()) return st;
  }
  {
    Stmt s(db,
           "SELECT count(DISTINCT seq), count(DISTINCT CASE WHEN row_refused = 1 THEN seq END) FROM input_errors "
           "WHERE run_id = ?",
           st);
    if (!st.ok()) return st;
    s.Bind(1, run_id);
    if (s.Step(st)) {
      out.rows_with_errors = static_cast<uint64_t>(s.Int(0));
      out.refused_rows = static_cast<uint64_t>(s.Int(1));
    }
  }
  return st;
}

std::set<std::string> ListFacts(const std::vector<const CompiledProgram*>& programs) {
  std::set<std::string> out;
  for (const auto* p : programs)
    for (const auto& f : p->facts)
      if (f.spec.base == BaseType::kList) out.insert(f.name);
  return out;
}

}  // namespace

std::string FormatOfPath(const std::string& path) {
  std::string ext = utf8::AsciiLower(fs::path(path).extension().string());
  if (ext == ".csv") return "csv";
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return "jsonl";
  if (ext == ".db" || ext == ".sqlite" || ext == ".sqlite3") return "sqlite";
  return "";
}

// Steps `s`, a query of `runs` whose one parameter is the run id, to the run's row; false
// (with `st` saying why) when it fails or there is no such run.
bool StepRun(Stmt& s, int64_t run_id, Status& st) {
  s.Bind(1, run_id);
  if (s.Step(st)) return true;
  if (st.ok()) {
    st.code = kError;
    st.message = "no run " + std::to_string(run_id);
  }
  return false;
}

Status ReadSummary(Db& db, int64_t run_id, BatchSummary& out) {
  Status st;
  Stmt s(db, "SELECT run_key, next_seq, rows FROM runs WHERE run_id = ?", st);
  if (!st.ok() || !StepRun(s, run_id, st)) return st;
  out.run_id = run_id;
  out.run_key = s.Text(0);
  out.rows = static_cast<uint64_t>(s.IsNull(2) ? s.Int(1) : s.Int(2));
  return SumResults(db, run_id, out);
}

Status StoredApplicants::Open(Db& db, int64_t run_id) {
  parser_.reset();
  Status st;
  Stmt s(db, "SELECT input_format, input, header, list_facts FROM runs WHERE run_id = ?", st);
  if (!st.ok() || !StepRun(s, run_id, st)) return st;
  auto list = s.AsText(3);
  if (!list) return st;  // no records: SQLite-table input, or a run of schema version 1
  ReaderOptions ro;
  json facts = json::parse(*list, nullptr, false);
  if (!facts.is_array()) {
    st.code = kError;
    st.message = "run " + std::to_string(run_id) + ": `runs.list_facts` is not a JSON list";
    return st;
  }
  for (const auto& f : facts)
    if (f.is_string()) ro.list_facts.insert(f.get<std::string>());
  std::string format = s.Text(0), name = s.Text(1);
  if (format == "csv") parser_ = OpenCsvText(s.Text(2) + "\n", name, ro);
  else if (format == "jsonl") parser_ = OpenJsonlText("", name, ro);
  if (!parser_ || !parser_->error().empty()) {
    st.code = kError;
    st.message = "run " + std::to_string(run_id) + ": cannot read its stored " + format + " records" +
                 (parser_ ? ": " + parser_->error() : "");
    parser_.reset();
  }
  return st;
}

bool StoredApplicants::Read(const std::optional<std::string>& record, const std::optional<std::string>& facts,
                            Applicant& out, std::string& why) const {
  if (record && parser_) {
    RawRecord raw;
    raw.line = 1;
    raw.text = *record;
    InputRow row;
    parser_->ParseRecord(raw, row);
    if (!row.readable) {
      why = row.issues.empty() ? "the stored record cannot be read" : row.issues.front().message;
      return false;
    }
    out = std::move(row.applicant);
    return true;
  }
  if (facts) return ApplicantFromInputsJson(*facts, out, why);
  why = "the row keeps no inputs (it was refused)";
  return false;
}

std::optional<int64_t> LatestRun(Db& db, const std::string& program, Status& st) {
  Stmt s(db,
         "SELECT r.run_id FROM runs r WHERE EXISTS (SELECT 1 FROM results x WHERE x.run_id = r.run_id AND x.program = ?) "
         "ORDER BY r.finished IS NULL, r.run_id DESC LIMIT 1",
         st);
  if (!st.ok()) return std::nullopt;
  s.Bind(1, program);
  if (!s.Step(st)) return std::nullopt;
  return s.Int(0);
}

BatchResult RunBatch(const RuleSet& rules, const BatchOptions& options) {
  auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  BatchResult result;
  auto fail = [&](BatchFailure f, std::string message) {
    result.failure = f;
    result.error = std::move(message);
    result.summary.seconds = elapsed();
    return result;
  };

  // The programs, in the order asked.
  std::vector<const CompiledProgram*> programs;
  if (options.programs.empty()) {
    for (const auto& p : rules.programs()) programs.push_back(p.get());
  } else {
    for (const auto& id : options.programs) {
      const CompiledProgram* p = rules.Find(id);
      if (!p) return fail(BatchFailure::kUsage, "no program `" + id + "` in the rules");
      if (std::find(programs.begin(), programs.end(), p) == programs.end()) programs.push_back(p);
    }
  }
  if (programs.empty()) return fail(BatchFailure::kUsage, "no programs to decide");

  // What identifies the run: the exact input, rules and options.
  std::string format = !options.format.empty() ? options.format : !options.table.empty() ? "sqlite" : FormatOfPath(options.input);
  if (format != "csv" && format != "jsonl" && format != "sqlite")
    return fail(BatchFailure::kUsage, "cannot tell the format of `" + options.input +
                                          "` from its name; give --input-format csv, jsonl or sqlite");
  if (format == "sqlite" && options.table.empty())
    return fail(BatchFailure::kUsage, "an SQLite input needs --table NAME (the table of applicants)");
  std::error_code ec;
  if (!fs::is_regular_file(options.input, ec)) return fail(BatchFailure::kIo, "cannot read `" + options.input + "`: no such file");
  std::string input_sha, why;
  if (!Sha256File(options.input, input_sha, why)) return fail(BatchFailure::kIo, why);
  std::vector<AuditSource> all_sources;
  std::vector<std::vector<AuditSource>> program_sources;
  json program_list = json::array();
  for (const auto* p : programs) {
    program_sources.push_back(AuditSourcesOf(rules, *p));
    all_sources.insert(all_sources.end(), program_sources.back().begin(), program_sources.back().end());
    program_list.push_back(p->id + "@" + p->version);
  }
  std::string rules_sha = RuleSetHash(all_sources);
  std::string as_of_text = options.as_of ? FormatDate(*options.as_of) : "";
  std::string lang = options.lang == Lang::kJa ? "ja" : "en";
  std::string run_key = Sha256Hex("elig-batch-v1\n" + input_sha + "\n" + format + "\n" + options.table + "\n" + rules_sha +
                                  "\n" + Dump(program_list) + "\n" + as_of_text + "\n" + std::to_string(ExplainCode(options)) +
                                  "\n" + lang);
  result.summary.run_key = run_key;

  // The input, opened first: a header that cannot work leaves no run behind.
  ReaderOptions ro;
  ro.list_facts = ListFacts(programs);
  std::unique_ptr<ApplicantStream> in = format == "csv"     ? OpenCsvFile(options.input, ro)
                                        : format == "jsonl" ? OpenJsonlFile(options.input, ro)
                                                            : OpenSqliteTable(options.input, options.table, ro);
  if (!in->error().empty()) return fail(BatchFailure::kInput, in->error());

  // The results database, and the run in it (found again after a crash).
  Status st;
  auto db = Db::Open(options.out, OpenMode::kReadWriteCreate, st);
  if (!db) return fail(BatchFailure::kIo, st.message);
  // Appending to a damaged file would spread the damage; it is refused before any write.
  if (!(st = db->QuickCheck()).ok()) return fail(BatchFailure::kIo, st.message);
  if (options.max_page_count && !(st = db->SetMaxPageCount(*options.max_page_count)).ok())
    return fail(BatchFailure::kIo, st.message);
  if (!(st = EnsureSchema(*db)).ok()) return fail(BatchFailure::kIo, st.message);
  // SQLite's default page cache (2 MiB): with the indexes built once at the end, a larger
  // one (64 MiB was tried) made no measurable difference to the time and cost 110 MiB.
  int64_t run_id = 0;
  uint64_t next_seq = 0;
  Date default_as_of = Today();
  bool finished = false;
  {
    Stmt find(*db, "SELECT run_id, next_seq, default_as_of, finished IS NOT NULL FROM runs WHERE run_key = ?", st);
    if (!st.ok()) return fail(BatchFailure::kIo, st.message);
    find.Bind(1, run_key);
    if (find.Step(st)) {
      run_id = find.Int(0);
      next_seq = static_cast<uint64_t>(find.Int(1));
      if (auto d = ParseDate(find.Text(2))) default_as_of = *d;
      finished = find.Int(3) != 0;
      result.summary.resumed = !finished;
    }
    if (!st.ok()) return fail(BatchFailure::kIo, st.message);
  }
  if (run_id == 0) {
    Stmt ins(*db,
             "INSERT INTO runs(run_key, started, input, input_format, input_table, input_sha256, rules_dir, rules_sha256, "
             "programs, as_of, default_as_of, explain, lang, engine_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             st);
    if (!st.ok()) return fail(BatchFailure::kIo, st.message);
    ins.Bind(1, run_key).Bind(2, UtcNowText()).Bind(3, options.input).Bind(4, format);
    if (options.table.empty()) ins.BindNull(5);
    else ins.Bind(5, options.table);
    ins.Bind(6, input_sha).Bind(7, options.rules_dir).Bind(8, rules_sha).Bind(9, Dump(program_list));
    if (as_of_text.empty()) ins.BindNull(10);
    else ins.Bind(10, as_of_text);
    ins.Bind(11, FormatDate(default_as_of)).Bind(12, static_cast<int64_t>(ExplainCode(options))).Bind(13, lang);
    ins.Bind(14, EngineVersion());  // header and list_facts: set below
    if (!(st = ins.Run()).ok())
      return fail(BatchFailure::kIo, "cannot record the run in `" + options.out + "`: " + (st.code == kConstraint ? kRunHeld : st.message));
    run_id = db->LastInsertRowid();
  }
  result.summary.run_id = run_id;
  // What reading the stored records back needs: the CSV header, the facts read as lists. Set
  // once; also for a run begun by schema version 1 and resumed now, whose rows from here on
  // are stored as records.
  if (in->SplitsRecords() && !finished) {
    Stmt set(*db, "UPDATE runs SET header = ?, list_facts = ? WHERE run_id = ? AND list_facts IS NULL", st);
    if (st.ok()) {
      set.Bind(1, in->RecordHeader()).Bind(2, json(ro.list_facts).dump()).Bind(3, run_id);
      st = set.Run();
    }
    if (!st.ok()) return fail(BatchFailure::kIo, "cannot record the run in `" + options.out + "`: " + st.message);
  }
  if (finished) {
    result.summary.already_complete = true;
    if (!(st = ReadSummary(*db, run_id, result.summary)).ok()) return fail(BatchFailure::kIo, st.message);
    result.summary.seconds = elapsed();
    return result;
  }

  // The audit log: rule sources stored once, and where a resumed run left off.
  std::unique_ptr<AuditLog> audit;
  std::vector<std::string> audit_hashes;
  std::string audit_origin = "batch " + run_key;
  int64_t audit_from = 0;
  if (!options.audit.empty()) {
    audit = AuditLog::Open(options.audit, st);
    if (!audit) return fail(BatchFailure::kIo, st.message);
    for (const auto& sources : program_sources) {
      std::string h;
      if (!(st = audit->AddRules(sources, h)).ok())
        return fail(BatchFailure::kIo, "cannot store the rules in the audit log: " + st.message);
      audit_hashes.push_back(h);
    }
    audit_from = audit->LastSeq(audit_origin, st) + 1;
    if (!st.ok()) return fail(BatchFailure::kIo, st.message);
  }

  Evaluator ev(programs, options, default_as_of, audit_hashes, audit_from, audit_origin);
  ev.UseColumns(*in);
  // Every row this connection inserts belongs to the run found or created above: the
  // foreign keys to `runs` hold by construction, and checking them per row was a tenth of
  // the writer's work (the writer paces a batch). Other connections check them as usual.
  if (!(st = db->Exec("PRAGMA foreign_keys=OFF")).ok()) return fail(BatchFailure::kIo, st.message);
  Checkpointer checkpointer;
  Writer writer(*db, run_id, programs, audit.get(), options, checkpointer);
  if (!(st = writer.Prepare()).ok()) return fail(BatchFailure::kIo, st.message);
  checkpointer.Start(*db, options.out);
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<ScreenScratch> contexts(threads);

  // Pipeline: this thread reads and evaluates chunk k+1 while the writer commits chunk k.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Chunk> queue;
  std::vector<Chunk> spent;  // written chunks, freed on this thread
  bool closing = false;
  Status write_status;
  std::atomic<uint64_t> rows_done{0};
  std::thread writer_thread([&] {
    for (;;) {
      Chunk c;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return !queue.empty() || closing; });
        if (queue.empty()) return;
        c = std::move(queue.front());
        queue.pop_front();
      }
      cv.notify_all();
      Status s = writer.Write(c, default_as_of);
      size_t written = c.rows.size();
      std::lock_guard<std::mutex> lock(mu);
      // Freed by the thread that allocated it: glibc frees memory of another thread's
      // arena under that arena's lock, which made this thread a third slower.
      spent.push_back(std::move(c));
      if (!s.ok()) {
        write_status = s;
        queue.clear();
        closing = true;
        cv.notify_all();
        return;
      }
      rows_done += written;
    }
  });

  std::set<std::string> unknown;
  uint64_t skipped = 0, total_rows = next_seq;
  bool stop = false;
  auto progress = [&] {
    if (!options.on_progress) return;
    BatchProgress p;
    p.rows_done = rows_done;
    p.rows_skipped = skipped;
    p.position = in->position();
    p.size = in->size();
    p.seconds = elapsed();
    options.on_progress(p);
  };
  while (!stop) {
    {
      std::vector<Chunk> done;
      {
        std::lock_guard<std::mutex> lock(mu);
        done.swap(spent);
      }
    }
    Chunk chunk;
    // Readers that can split hand over the rows' bytes: the threads deciding them parse them too.
    bool split = in->SplitsRecords();
    chunk.rows.reserve(std::min<size_t>(std::max<size_t>(1, options.chunk_rows), 100'000));
    while (chunk.rows.size() < std::max<size_t>(1, options.chunk_rows)) {
      RowResult r;
      if (split) {
        if (!in->NextRecord(r.raw)) break;
        r.split = true;
        r.row.seq = r.raw.seq;
      } else if (!in->Next(r.row)) {
        break;
      }
      total_rows = std::max<uint64_t>(total_rows, r.row.seq + 1);
      if (r.row.seq < next_seq) {
        ++skipped;
        continue;
      }
      chunk.rows.push_back(std::move(r));
    }
    if (chunk.rows.empty()) break;
    chunk.next_seq = chunk.rows.back().row.seq + 1;
    EvaluateChunk(chunk, ev, *in, contexts);
    for (const auto& r : chunk.rows) {
      result.rows_plain += r.plain;
      for (const auto& u : r.unknown) unknown.insert(u);
      for (const auto& i : r.issues)
        if (result.first_errors.size() < 20)
          result.first_errors.push_back({r.row.seq, i.loc.line ? i.loc.line : r.row.line, i.loc.column,
                                         r.row.applicant.id, i.fact, i.message, !r.row.readable});
    }
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return queue.size() < 2 || closing; });  // bound memory: two chunks in flight
      if (closing) {
        stop = true;
      } else {
        queue.push_back(std::move(chunk));
      }
    }
    cv.notify_all();
    progress();
  }
  {
    std::lock_guard<std::mutex> lock(mu);
    closing = true;
  }
  cv.notify_all();
  writer_thread.join();
  checkpointer.Stop(*db);
  progress();
  result.summary.decided_now = rows_done;
  result.summary.unknown_columns.assign(unknown.begin(), unknown.end());

  auto read_back = [&] {
    BatchSummary s = result.summary;
    if (ReadSummary(*db, run_id, s).ok()) {
      s.resumed = result.summary.resumed;
      s.decided_now = result.summary.decided_now;
      s.unknown_columns = result.summary.unknown_columns;
      result.summary = s;
    }
  };
  if (!write_status.ok()) {
    read_back();
    std::string hint = write_status.code == kFull       ? "the disk (or the database's size limit) is full"
                       : write_status.code == kReadOnly ? "the results file is read-only"
                                                        : "writing failed";
    return fail(BatchFailure::kIo, "cannot write to `" + options.out + "`: " + hint + " (" + write_status.message +
                                       "). Everything decided before is committed and intact; run the same command "
                                       "again to resume once the problem is fixed");
  }
  if (!in->error().empty()) {
    read_back();
    return fail(BatchFailure::kIo, in->error() + ". The rows read before are committed; run the same command again to resume");
  }
  // The rows are loaded: build the indexes a new file was created without (one sort).
  if (!(st = EnsureResultIndexes(*db)).ok()) {
    read_back();
    return fail(BatchFailure::kIo, "cannot index the results in `" + options.out + "`: " + st.message +
                                       ". The rows are committed; run the same command again to finish");
  }
  {
    Stmt done(*db, "UPDATE runs SET finished = ?, rows = ? WHERE run_id = ?", st);
    if (st.ok()) {
      done.Bind(1, UtcNowText()).Bind(2, static_cast<int64_t>(total_rows)).Bind(3, run_id);
      st = done.Run();
    }
    if (!st.ok()) {
      read_back();
      return fail(BatchFailure::kIo, "cannot mark the run finished in `" + options.out + "`: " + st.message);
    }
  }
  if (next_seq == 0) {
    // Every row of the run was decided and committed by this process: its counts are the table's.
    writer.tally().Fill(result.summary);
  } else {
    read_back();
  }
  result.summary.rows = total_rows;
  result.summary.seconds = elapsed();
  return result;
}

}  // namespace elig::store
