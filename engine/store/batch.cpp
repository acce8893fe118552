// SPDX-License-Identifier: Apache-2.0
#include "store/batch.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/catalog.hpp"
#include "common/utf8.hpp"
#include "io/jsonl.hpp"
#include "store/audit.hpp"
#include "store/batch_checkpoint.hpp"
#include "store/batch_eval.hpp"
#include "store/batch_queue.hpp"
#include "store/batch_rows.hpp"
#include "store/batch_writer.hpp"
#include "store/schema.hpp"
#include "common/sha256.hpp"
#include "store/sqlite_input.hpp"

namespace elig::store {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;
using batch::Chunk;
using batch::Dump;
using batch::RowResult;

// runs.explain, and its part of the run key.
int ExplainCode(ExplainMode mode) {
  switch (mode) {
    case ExplainMode::kNone: return 0;
    case ExplainMode::kFull: return 1;
    case ExplainMode::kCompact: return 2;
  }
  return 0;
}

std::set<std::string> ListFacts(const std::vector<const CompiledProgram*>& programs) {
  std::set<std::string> out;
  for (const auto* p : programs)
    for (const auto& f : p->facts)
      // A list of records is a count or JSON in its cell (or indexed columns), never `a;b`.
      if (f.spec.base == BaseType::kList && !f.spec.record) out.insert(f.name);
  return out;
}

// One invocation of RunBatch, phase by phase. Each phase returns false once the run has
// failed, with the failure in the result.
class BatchRun {
 public:
  BatchRun(const RuleSet& rules, const BatchOptions& options)
      : rules_(rules), options_(options), started_(std::chrono::steady_clock::now()) {}

  bool ChoosePrograms();
  bool IdentifyRun();
  bool OpenInput();
  bool OpenResults();
  bool FindOrCreateRun();
  bool finished() const { return finished_; }
  // A run finished before: its totals, read back.
  void ReportFinished();
  bool OpenAudit();
  bool Pipeline();
  void Finish();

  BatchResult TakeResult() { return std::move(result_); }

 private:
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  }
  bool Fail(BatchFailure f, LocalText message) {
    result_.failure = f;
    result_.error = std::move(message);
    result_.summary.seconds = Elapsed();
    return false;
  }
  bool FailAfterWriting(BatchFailure f, LocalText message) {
    ReadBack();
    return Fail(f, std::move(message));
  }
  LocalText CannotRecordRun(const LocalText& reason) const {
    return SayBoth(Msg::kBatchCannotRecordRun, fmt::arg("path", options_.out), fmt::arg("reason", reason));
  }
  // Where the run's decisions come from, in the audit log.
  std::string AuditOrigin() const { return "batch " + run_key_; }
  bool RecordRun();
  bool ReadChunk(Chunk& chunk);
  void Collect(const Chunk& chunk);
  void Progress(const batch::ChunkQueue& queue);
  void ReadBack();

  const RuleSet& rules_;
  const BatchOptions& options_;
  std::chrono::steady_clock::time_point started_;
  BatchResult result_;

  std::vector<const CompiledProgram*> programs_;
  std::vector<std::vector<AuditSource>> program_sources_;
  InputFormat format_ = InputFormat::kCsv;
  std::string input_sha_, rules_sha_, program_list_, as_of_text_, lang_, run_key_;
  ReaderOptions reader_options_;
  std::unique_ptr<ApplicantStream> in_;
  std::unique_ptr<Db> db_;
  int64_t run_id_ = 0;
  uint64_t next_seq_ = 0;  // the watermark found: rows before it are committed
  Date default_as_of_ = Today();
  bool finished_ = false;
  std::unique_ptr<AuditLog> audit_;
  std::vector<std::string> audit_hashes_;
  int64_t audit_from_ = 0;

  // Of the pipeline.
  std::set<std::string> unknown_;
  uint64_t skipped_ = 0, total_rows_ = 0;
  std::unique_ptr<batch::Tally> tally_;  // when this invocation decided every row
};

// The programs, in the order asked.
bool BatchRun::ChoosePrograms() {
  if (options_.programs.empty()) {
    for (const auto& p : rules_.programs()) programs_.push_back(p.get());
  } else {
    for (const auto& id : options_.programs) {
      const CompiledProgram* p = rules_.Find(id);
      if (!p) return Fail(BatchFailure::kUsage, SayBoth(Msg::kBatchNoProgram, fmt::arg("id", id)));
      if (std::find(programs_.begin(), programs_.end(), p) == programs_.end()) programs_.push_back(p);
    }
  }
  if (programs_.empty()) return Fail(BatchFailure::kUsage, SayBoth(Msg::kBatchNoPrograms));
  return true;
}

// What identifies the run: the exact input, rules and options.
bool BatchRun::IdentifyRun() {
  std::optional<InputFormat> format = options_.format            ? options_.format
                                      : !options_.table.empty() ? InputFormat::kSqlite
                                                                : FormatOfPath(options_.input);
  if (!format)
    return Fail(BatchFailure::kUsage, SayBoth(Msg::kBatchUnknownFormat, fmt::arg("input", options_.input)));
  format_ = *format;
  if (format_ == InputFormat::kSqlite && options_.table.empty())
    return Fail(BatchFailure::kUsage, SayBoth(Msg::kBatchNeedsTable));
  std::error_code ec;
  if (!fs::is_regular_file(options_.input, ec))
    return Fail(BatchFailure::kIo, SayBoth(Msg::kBatchNoSuchInput, fmt::arg("input", options_.input)));
  LocalText why;
  if (!Sha256File(options_.input, input_sha_, why)) return Fail(BatchFailure::kIo, why);
  std::vector<AuditSource> all_sources;
  json program_list = json::array();
  for (const auto* p : programs_) {
    program_sources_.push_back(AuditSourcesOf(rules_, *p));
    all_sources.insert(all_sources.end(), program_sources_.back().begin(), program_sources_.back().end());
    program_list.push_back(p->id + "@" + p->version);
  }
  rules_sha_ = RuleSetHash(all_sources);
  program_list_ = Dump(program_list);
  as_of_text_ = options_.as_of ? FormatDate(*options_.as_of) : "";
  lang_ = options_.lang == Lang::kJa ? "ja" : "en";
  run_key_ = Sha256Hex("elig-batch-v1\n" + input_sha_ + "\n" + std::string(InputFormatName(format_)) + "\n" + options_.table + "\n" + rules_sha_ +
                       "\n" + program_list_ + "\n" + as_of_text_ + "\n" + std::to_string(ExplainCode(options_.explain)) + "\n" +
                       lang_ + (options_.skip_closed ? "\nskip-closed" : ""));
  result_.summary.run_key = run_key_;
  return true;
}

// The input, opened before the results: a header that cannot work leaves no run behind.
bool BatchRun::OpenInput() {
  reader_options_.list_facts = ListFacts(programs_);
  switch (format_) {
    case InputFormat::kCsv: in_ = OpenCsvFile(options_.input, reader_options_); break;
    case InputFormat::kJsonl: in_ = OpenJsonlFile(options_.input, reader_options_); break;
    case InputFormat::kSqlite: in_ = OpenSqliteTable(options_.input, options_.table, reader_options_); break;
  }
  if (!in_->error().Empty()) return Fail(BatchFailure::kInput, in_->error());
  return true;
}

// The results database, checked before any write: appending to a damaged file would
// spread the damage. SQLite's default page cache (2 MiB) serves: with the indexes built
// once at the end, a larger one (64 MiB was tried) made no measurable difference to the
// time and cost 110 MiB.
bool BatchRun::OpenResults() {
  Status st;
  db_ = Db::Open(options_.out, OpenMode::kReadWriteCreate, st);
  if (!db_) return Fail(BatchFailure::kIo, st.message);
  if (!(st = db_->QuickCheck()).ok()) return Fail(BatchFailure::kIo, st.message);
  if (options_.max_page_count && !(st = db_->SetMaxPageCount(*options_.max_page_count)).ok())
    return Fail(BatchFailure::kIo, st.message);
  if (!(st = EnsureSchema(*db_)).ok()) return Fail(BatchFailure::kIo, st.message);
  return true;
}

// The run in the results, found again after a crash by its key, or made.
bool BatchRun::FindOrCreateRun() {
  Status st;
  {
    Stmt find(*db_, "SELECT run_id, next_seq, default_as_of, finished IS NOT NULL FROM runs WHERE run_key = ?", st);
    if (!st.ok()) return Fail(BatchFailure::kIo, st.message);
    find.Bind(1, run_key_);
    if (find.Step(st)) {
      run_id_ = find.Int(0);
      next_seq_ = static_cast<uint64_t>(find.Int(1));
      if (auto d = ParseDate(find.Text(2))) default_as_of_ = *d;
      finished_ = find.Int(3) != 0;
      result_.summary.resumed = !finished_;
    }
    if (!st.ok()) return Fail(BatchFailure::kIo, st.message);
  }
  if (run_id_ == 0 && !RecordRun()) return false;
  result_.summary.run_id = run_id_;
  // What reading the stored records back needs: the CSV header, the facts read as lists. Set
  // once; also for a run begun by schema version 1 and resumed now, whose rows from here on
  // are stored as records.
  if (in_->SplitsRecords() && !finished_) {
    Stmt set(*db_, "UPDATE runs SET header = ?, list_facts = ? WHERE run_id = ? AND list_facts IS NULL", st);
    if (st.ok()) {
      set.Bind(1, in_->RecordHeader()).Bind(2, json(reader_options_.list_facts).dump()).Bind(3, run_id_);
      st = set.Run();
    }
    if (!st.ok()) return Fail(BatchFailure::kIo, CannotRecordRun(st.message));
  }
  return true;
}

// A new run's row in `runs` (its header and list_facts are set by FindOrCreateRun).
bool BatchRun::RecordRun() {
  Status st;
  Stmt ins(*db_,
           "INSERT INTO runs(run_key, started, input, input_format, input_table, input_sha256, rules_dir, rules_sha256, "
           "programs, as_of, default_as_of, explain, lang, engine_version, skip_closed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
           "?)",
           st);
  if (!st.ok()) return Fail(BatchFailure::kIo, st.message);
  ins.Bind(1, run_key_).Bind(2, UtcNowText()).Bind(3, options_.input_label.empty() ? options_.input : options_.input_label).Bind(4, InputFormatName(format_));
  if (options_.table.empty()) ins.BindNull(5);
  else ins.Bind(5, options_.table);
  ins.Bind(6, input_sha_).Bind(7, options_.rules_dir).Bind(8, rules_sha_).Bind(9, program_list_);
  if (as_of_text_.empty()) ins.BindNull(10);
  else ins.Bind(10, as_of_text_);
  ins.Bind(11, FormatDate(default_as_of_)).Bind(12, static_cast<int64_t>(ExplainCode(options_.explain))).Bind(13, lang_);
  ins.Bind(14, EngineVersion()).Bind(15, static_cast<int64_t>(options_.skip_closed));
  if (!(st = ins.Run()).ok())
    return Fail(BatchFailure::kIo, CannotRecordRun(st.code == kConstraint ? SayBoth(Msg::kStoreRunHeld) : st.message));
  run_id_ = db_->LastInsertRowid();
  return true;
}

void BatchRun::ReportFinished() {
  result_.summary.already_complete = true;
  Status st = ReadSummary(*db_, run_id_, result_.summary);
  if (!st.ok()) {
    Fail(BatchFailure::kIo, st.message);
    return;
  }
  result_.summary.seconds = Elapsed();
}

// The audit log: rule sources stored once, and where a resumed run left off.
bool BatchRun::OpenAudit() {
  if (options_.audit.empty()) return true;
  Status st;
  audit_ = AuditLog::Open(options_.audit, st);
  if (!audit_) return Fail(BatchFailure::kIo, st.message);
  for (const auto& sources : program_sources_) {
    std::string h;
    if (!(st = audit_->AddRules(sources, h)).ok())
      return Fail(BatchFailure::kIo, SayBoth(Msg::kBatchCannotStoreRules, fmt::arg("reason", st.message)));
    audit_hashes_.push_back(h);
  }
  audit_from_ = audit_->LastSeq(AuditOrigin(), st) + 1;
  if (!st.ok()) return Fail(BatchFailure::kIo, st.message);
  return true;
}

// Reads, decides and commits every row not committed yet: this thread reads and decides
// chunk k+1 while the writer thread commits chunk k. False when writing or reading failed.
bool BatchRun::Pipeline() {
  batch::Evaluator ev(programs_, options_, default_as_of_, audit_hashes_, audit_from_, AuditOrigin());
  ev.UseColumns(*in_);
  // Every row this connection inserts belongs to the run found or created above: the
  // foreign keys to `runs` hold by construction, and checking them per row was a tenth of
  // the writer's work (the writer paces a batch). Other connections check them as usual.
  Status st;
  if (!(st = db_->Exec("PRAGMA foreign_keys=OFF")).ok()) return Fail(BatchFailure::kIo, st.message);
  batch::Checkpointer checkpointer;
  batch::Writer writer(*db_, run_id_, programs_, audit_.get(), options_, checkpointer);
  if (!(st = writer.Prepare()).ok()) return Fail(BatchFailure::kIo, st.message);
  checkpointer.Start(*db_, options_.out);
  unsigned threads = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<ScreenScratch> contexts(threads);
  total_rows_ = next_seq_;
  {
    batch::ChunkQueue queue([&](const Chunk& c) { return writer.Write(c, default_as_of_); });
    // The next chunk is read while the other threads decide this one: cutting records
    // would otherwise leave them idle.
    Chunk chunk;
    for (bool more = ReadChunk(chunk); more;) {
      queue.FreeSpent();
      Chunk next;
      batch::EvaluateChunk(chunk, ev, *in_, contexts, [&] { more = ReadChunk(next); });
      Collect(chunk);
      bool taken = queue.Push(std::move(chunk));
      Progress(queue);
      if (!taken) break;
      chunk = std::move(next);
    }
    queue.Close();
    checkpointer.Stop(*db_);
    Progress(queue);
    result_.summary.decided_now = queue.rows_done();
    result_.summary.unknown_columns.assign(unknown_.begin(), unknown_.end());
    st = queue.status();
  }
  if (!st.ok()) {
    Msg hint = st.code == kFull       ? Msg::kBatchDiskFull
               : st.code == kReadOnly ? Msg::kBatchReadOnly
                                      : Msg::kBatchWriteFailed;
    return FailAfterWriting(BatchFailure::kIo, SayBoth(Msg::kBatchCannotWrite, fmt::arg("path", options_.out),
                                                       fmt::arg("hint", SayBoth(hint)), fmt::arg("reason", st.message)));
  }
  if (!in_->error().Empty())
    return FailAfterWriting(BatchFailure::kIo, SayBoth(Msg::kBatchInputStopped, fmt::arg("reason", in_->error())));
  if (next_seq_ == 0) tally_ = std::make_unique<batch::Tally>(writer.tally());
  return true;
}

// The next chunk of rows not committed yet; false at the end of the input. Readers that
// can split hand over the rows' bytes: the threads deciding them parse them too.
bool BatchRun::ReadChunk(Chunk& chunk) {
  bool split = in_->SplitsRecords();
  size_t rows = std::max<size_t>(1, options_.chunk_rows);
  chunk.rows.reserve(std::min<size_t>(rows, 100'000));
  while (chunk.rows.size() < rows) {
    RowResult r;
    if (split) {
      if (!in_->NextRecord(r.raw)) break;
      r.split = true;
      r.row.seq = r.raw.seq;
    } else if (!in_->Next(r.row)) {
      break;
    }
    total_rows_ = std::max<uint64_t>(total_rows_, r.row.seq + 1);
    if (r.row.seq < next_seq_) {
      ++skipped_;
      continue;
    }
    chunk.rows.push_back(std::move(r));
  }
  if (chunk.rows.empty()) return false;
  chunk.next_seq = chunk.rows.back().row.seq + 1;
  return true;
}

// What the console hears of a decided chunk: unknown columns, the first input errors.
void BatchRun::Collect(const Chunk& chunk) {
  for (const auto& r : chunk.rows) {
    result_.rows_plain += r.plain;
    for (const auto& u : r.unknown) unknown_.insert(u);
    for (const auto& i : r.issues)
      if (result_.first_errors.size() < 20)
        result_.first_errors.push_back({r.row.seq, i.loc.line ? i.loc.line : r.row.line, i.loc.column,
                                        r.row.applicant.id, i.fact, i.message, !r.row.readable});
  }
}

void BatchRun::Progress(const batch::ChunkQueue& queue) {
  if (!options_.on_progress) return;
  BatchProgress p;
  p.rows_done = queue.rows_done();
  p.rows_skipped = skipped_;
  p.position = in_->position();
  p.size = in_->size();
  p.seconds = Elapsed();
  options_.on_progress(p);
}

// The totals as committed, read back from the results (this invocation's own counts kept).
void BatchRun::ReadBack() {
  BatchSummary s = result_.summary;
  if (ReadSummary(*db_, run_id_, s).ok()) {
    s.resumed = result_.summary.resumed;
    s.decided_now = result_.summary.decided_now;
    s.unknown_columns = result_.summary.unknown_columns;
    result_.summary = s;
  }
}

// The rows are loaded: builds the indexes a new file was created without (one sort), marks
// the run finished and gives its totals.
void BatchRun::Finish() {
  Status st;
  if (!(st = EnsureResultIndexes(*db_)).ok()) {
    FailAfterWriting(BatchFailure::kIo, SayBoth(Msg::kBatchCannotIndex, fmt::arg("path", options_.out),
                                                fmt::arg("reason", st.message)));
    return;
  }
  Stmt done(*db_, "UPDATE runs SET finished = ?, rows = ? WHERE run_id = ?", st);
  if (st.ok()) {
    done.Bind(1, UtcNowText()).Bind(2, static_cast<int64_t>(total_rows_)).Bind(3, run_id_);
    st = done.Run();
  }
  if (!st.ok()) {
    FailAfterWriting(BatchFailure::kIo, SayBoth(Msg::kBatchCannotFinish, fmt::arg("path", options_.out),
                                                fmt::arg("reason", st.message)));
    return;
  }
  // Every row of a run decided whole by this process was counted as it was committed.
  if (tally_) tally_->Fill(result_.summary);
  else ReadBack();
  result_.summary.rows = total_rows_;
  result_.summary.seconds = Elapsed();
}

}  // namespace

std::string_view InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kCsv: return "csv";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kSqlite: return "sqlite";
  }
  return "csv";
}

std::optional<InputFormat> ParseInputFormat(std::string_view name) {
  for (InputFormat f : {InputFormat::kCsv, InputFormat::kJsonl, InputFormat::kSqlite})
    if (name == InputFormatName(f)) return f;
  return std::nullopt;
}

std::optional<InputFormat> FormatOfPath(const std::string& path) {
  std::string ext = utf8::AsciiLower(fs::path(path).extension().string());
  if (ext == ".csv") return InputFormat::kCsv;
  if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json") return InputFormat::kJsonl;
  if (ext == ".db" || ext == ".sqlite" || ext == ".sqlite3") return InputFormat::kSqlite;
  return std::nullopt;
}

BatchResult RunBatch(const RuleSet& rules, const BatchOptions& options) {
  BatchRun run(rules, options);
  if (!run.ChoosePrograms() || !run.IdentifyRun() || !run.OpenInput() || !run.OpenResults() || !run.FindOrCreateRun())
    return run.TakeResult();
  if (run.finished()) run.ReportFinished();
  else if (run.OpenAudit() && run.Pipeline()) run.Finish();
  return run.TakeResult();
}

}  // namespace elig::store
