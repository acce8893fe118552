// SPDX-License-Identifier: Apache-2.0
// Reading a batch's results back: its totals, its latest run, its applicants.
#include <map>
#include <nlohmann/json.hpp>

#include "common/catalog.hpp"
#include "io/jsonl.hpp"
#include "store/audit.hpp"
#include "store/batch.hpp"
#include "store/schema.hpp"

namespace elig::store {
namespace {

using json = nlohmann::json;

// Calls `row` for each row of `sql`, a query whose one parameter is the run id.
template <class RowFn>
Status EachRow(Db& db, const std::string& sql, int64_t run_id, RowFn&& row) {
  Status st;
  Stmt s(db, sql, st);
  if (!st.ok()) return st;
  s.Bind(1, run_id);
  while (s.Step(st)) row(s);
  return st;
}

Status SumResults(Db& db, int64_t run_id, BatchSummary& out) {
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
  // Per program of the run: its decisions by outcome, and the `closed` ones not stored (--skip-closed).
  Status st = EachRow(db,
                      "SELECT p.program, p.version, o.outcome, count(*), sum(r.combine IS NOT NULL) FROM result_rows r "
                      "JOIN programs p USING (program_ref) JOIN outcome_codes o ON o.code = r.outcome "
                      "WHERE r.run_id = ?1 GROUP BY r.program_ref, r.outcome "
                      "UNION ALL SELECT p.program, p.version, 'closed', x.closed_not_stored, 0 FROM run_programs x "
                      "JOIN programs p USING (program_ref) WHERE x.run_id = ?1 AND x.closed_not_stored > 0 "
                      "ORDER BY 1",
                      run_id, [&](Stmt& s) {
                        ProgramTotals& t = totals(s.Text(0), s.Text(1));
                        std::string o = s.Text(2);
                        int64_t n = s.Int(3);
                        if (o == "eligible") t.eligible += n;
                        else if (o == "ineligible") t.ineligible += n;
                        else if (o == "undetermined") t.undetermined += n;
                        else t.closed += n;
                        t.combined += s.Int(4);
                      });
  if (!st.ok()) return st;
  st = EachRow(db,
               "SELECT p.program, p.version, r.final_award FROM result_rows r JOIN programs p USING (program_ref) "
               "WHERE r.run_id = ? AND r.outcome = " + std::to_string(OutcomeCode(Outcome::kEligible)),
               run_id, [&](Stmt& s) {
                 ProgramTotals& t = totals(s.Text(0), s.Text(1));
                 auto text = s.AsText(2);
                 if (!text) {
                   ++t.award_unknown;
                   return;
                 }
                 auto r = Rational::Parse(*text);
                 auto sum = r ? Rational::Add(t.award, *r) : std::nullopt;
                 if (sum) t.award = *sum;
                 else t.award_overflow = true;
               });
  if (!st.ok()) return st;
  return EachRow(db,
                 "SELECT count(DISTINCT seq), count(DISTINCT CASE WHEN row_refused = 1 THEN seq END) "
                 "FROM input_errors WHERE run_id = ?",
                 run_id, [&](Stmt& s) {
                   out.rows_with_errors = static_cast<uint64_t>(s.Int(0));
                   out.refused_rows = static_cast<uint64_t>(s.Int(1));
                 });
}

// Steps `s`, a query of `runs` whose one parameter is the run id, to the run's row; false
// (with `st` saying why) when it fails or there is no such run.
bool StepRun(Stmt& s, int64_t run_id, Status& st) {
  s.Bind(1, run_id);
  if (s.Step(st)) return true;
  if (st.ok()) {
    st = Status::Error(kError, SayBoth(Msg::kStoreNoRun, fmt::arg("run", run_id)));
  }
  return false;
}

}  // namespace

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
    st = Status::Error(kError, SayBoth(Msg::kStoreListFactsNotList, fmt::arg("run", run_id)));
    return st;
  }
  for (const auto& f : facts)
    if (f.is_string()) ro.list_facts.insert(f.get<std::string>());
  std::string format = s.Text(0), name = s.Text(1);
  std::optional<InputFormat> f = ParseInputFormat(format);
  if (f == InputFormat::kCsv) parser_ = OpenCsvText(s.Text(2) + "\n", name, ro);
  else if (f == InputFormat::kJsonl) parser_ = OpenJsonlText("", name, ro);
  if (!parser_ || !parser_->error().Empty()) {
    st = Status::Error(kError, parser_ ? SayBoth(Msg::kStoreCannotReadRecordsWhy, fmt::arg("run", run_id),
                                                 fmt::arg("format", format), fmt::arg("reason", parser_->error()))
                                       : SayBoth(Msg::kStoreCannotReadRecords, fmt::arg("run", run_id),
                                                 fmt::arg("format", format)));
    parser_.reset();
  }
  return st;
}

bool StoredApplicants::Read(const std::optional<std::string>& record, const std::optional<std::string>& facts,
                            Applicant& out, LocalText& why) const {
  if (record && parser_) {
    RawRecord raw;
    raw.line = 1;
    raw.text = *record;
    InputRow row;
    parser_->ParseRecord(raw, row);
    if (!row.readable) {
      why = row.issues.empty() ? SayBoth(Msg::kStoreRecordUnreadable) : row.issues.front().message;
      return false;
    }
    out = std::move(row.applicant);
    return true;
  }
  if (facts) return ApplicantFromInputsJson(*facts, out, why);
  why = SayBoth(Msg::kStoreRowKeepsNoInputs);
  return false;
}

std::optional<int64_t> LatestRun(Db& db, const std::string& program, Status& st) {
  Stmt s(db,
         "SELECT r.run_id FROM runs r WHERE EXISTS (SELECT 1 FROM run_programs x JOIN programs p USING (program_ref) "
         "WHERE x.run_id = r.run_id AND p.program = ?) "
         "ORDER BY r.finished IS NULL, r.run_id DESC LIMIT 1",
         st);
  if (!st.ok()) return std::nullopt;
  s.Bind(1, program);
  if (!s.Step(st)) return std::nullopt;
  return s.Int(0);
}

}  // namespace elig::store
