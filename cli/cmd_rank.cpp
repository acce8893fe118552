// SPDX-License-Identifier: Apache-2.0
// `elig rank`: order a program's eligible applicants and allocate its budget.
#include <unistd.h>

#include <fstream>
#include <string_view>

#include "common.hpp"
#include "explain/explain.hpp"
#include "store/batch.hpp"
#include "store/rank.hpp"
#include "syntax/rules.hpp"

namespace elig::cli {
namespace {

// A plain decimal number (`-5`, `12.5`): data to a spreadsheet, never a formula.
bool PlainNumber(const std::string& s) {
  size_t i = s[0] == '-' ? 1 : 0, digits = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (s[i] == '.' && !point && digits) point = true;
    else if (s[i] >= '0' && s[i] <= '9') ++digits;
    else return false;
  }
  return digits && s.back() != '.';
}

// RFC 4180: quote a field that holds a comma, a quote or a line break. A cell a spreadsheet
// would run as a formula (`=cmd|' /C calc'!A0`, `+`, `-`, `@`, a tab or CR first) gets a `'`
// in front, so it is shown as the text it is (OWASP's advice on CSV injection).
std::string CsvField(const std::string& s) {
  std::string cell = s;
  if (!s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos && !PlainNumber(s))
    cell = "'" + s;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void WriteCsv(std::ostream& out, const store::RankResult& r) {
  out << "rank,applicant_id,score,award,granted,status,tied\n";
  for (const auto& e : r.entries) {
    out << e.rank << "," << CsvField(e.candidate.applicant_id) << "," << CsvField(e.candidate.score.ToString()) << ","
        << CsvField(e.candidate.award ? e.candidate.award->ToString() : "") << "," << CsvField(e.granted.ToString()) << ","
        << store::RankStatusName(e.status) << "," << (e.tied ? "yes" : "no") << "\n";
  }
}

}  // namespace

void RegisterRank(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string program, results, input, input_format, table, csv, budget, places;
    int64_t run = 0;
    unsigned threads = 0;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "rank");
  AddRules(cmd, o->rules);
  cmd->add_option("--program,-p", o->program, "program id")->required();
  cmd->add_option("--results,-r", o->results, "results database of `elig batch` (with --input: written first)")->required();
  cmd->add_option("--input,-i", o->input, "decide these applicants first (as `elig batch` would; - reads standard input)");
  cmd->add_option("--input-format", o->input_format, "csv, jsonl or sqlite (default: from the file name)")
      ->check(CLI::IsMember({"csv", "jsonl", "sqlite"}));
  cmd->add_option("--table", o->table, "with an SQLite --input: the table of applicants");
  cmd->add_option("--budget", o->budget, "the budget in yen (default: the program's `budget:`)");
  cmd->add_option("--places", o->places, "how many applicants may be selected (default: the program's `places:`)");
  cmd->add_option("--run", o->run, "the batch run to rank (default: the latest that decided the program)");
  cmd->add_option("--csv", o->csv, "write the ranking as CSV to this file (default: stdout)");
  cmd->add_option("--threads,-j", o->threads, "with --input: evaluation threads");
  AddShared(cmd, o->c, {Shared::kAsOf, Shared::kLang, Shared::kNoColor});
  cmd->callback([o, &exit] {
    bool err_color = o->c.ErrColor();
    const Lang lang = o->c.language();
    store::RankOptions ro;
    if (!o->budget.empty()) {
      auto b = ParseYen(o->budget);
      if (!b || !b->IsInteger() || Rational::Compare(*b, Rational(0)) < 0) {
        SayError(lang, Msg::kCliRankBudgetNotYen, fmt::arg("budget", o->budget));
        exit = kUsage;
        return;
      }
      ro.budget = b;
    }
    if (!o->places.empty()) {
      auto n = Rational::Parse(o->places);
      if (!n || !n->IsInteger() || n->num() < 1) {
        SayError(lang, Msg::kCliRankPlacesNotWhole, fmt::arg("places", o->places));
        exit = kUsage;
        return;
      }
      ro.places = n->num();
    }
    if (o->run) ro.run_id = o->run;
    auto rs = LoadRules(o->rules, err_color, exit, lang);
    if (!rs) return;
    auto selected = SelectPrograms(*rs, {o->program}, o->rules, lang, exit);
    if (!selected) return;
    const CompiledProgram* p = selected->front();
    if (!o->input.empty()) {
      store::BatchOptions bo;
      auto input = BatchInput(o->rules, o->input, o->input_format, o->table, o->c, bo, exit);
      if (!input) return;
      bo.out = o->results;
      bo.programs = {o->program};
      bo.threads = o->threads;
      store::BatchResult br = store::RunBatch(*rs, bo);
      if (br.failure != store::BatchFailure::kNone) {
        PrintError(lang, br.error);
        exit = br.failure == store::BatchFailure::kUsage ? kUsage : br.failure == store::BatchFailure::kInput ? kInputError : kIoError;
        return;
      }
      if (br.summary.rows_with_errors)
        std::cerr << Say(lang, Msg::kCliRankInputErrors, fmt::arg("n", br.summary.rows_with_errors),
                         fmt::arg("results", o->results))
                  << "\n";
      ro.run_id = br.summary.run_id;
    }
    store::Status st;
    auto db = store::Db::Open(o->results, o->input.empty() ? store::OpenMode::kReadWrite : store::OpenMode::kReadWriteCreate, st);
    if (!db) {
      PrintError(lang, st.message);
      exit = kIoError;
      return;
    }
    store::RankReport report;
    st = store::RankRun(*db, *p, ro, report);
    for (const auto& w : report.warnings) std::cerr << Say(lang, Msg::kCliWarning, fmt::arg("message", w)) << "\n";
    if (!st.ok()) {
      PrintError(lang, st.message);
      exit = kIoError;
      return;
    }
    const auto& r = report.result;
    if (!o->csv.empty()) {
      std::ofstream f(o->csv, std::ios::binary);
      WriteCsv(f, r);
      f.flush();
      if (!f) {
        SayError(lang, Msg::kCliCannotWrite, fmt::arg("file", o->csv));
        exit = kIoError;
        return;
      }
    } else {
      WriteCsv(std::cout, r);
    }
    size_t funded = 0, partial = 0, unknown = 0, unplaced = 0;
    for (const auto& e : r.entries) {
      funded += e.status == store::RankStatus::kFunded;
      partial += e.status == store::RankStatus::kPartial;
      unknown += e.status == store::RankStatus::kAwardUnknown;
      unplaced += e.status == store::RankStatus::kNoPlace;
    }
    std::cerr << Say(lang, Msg::kCliRankTitle, fmt::arg("n", r.entries.size()), fmt::arg("program", p->id),
                     fmt::arg("run", report.run_id));
    if (r.budget)
      std::cerr << Say(lang, Msg::kCliRankBudget, fmt::arg("budget", FormatYen(*r.budget, lang)),
                       fmt::arg("requested", FormatYen(r.requested, lang)), fmt::arg("granted", FormatYen(r.granted, lang)),
                       fmt::arg("funded", funded), fmt::arg("partial", partial),
                       fmt::arg("remaining", r.remaining ? FormatYen(*r.remaining, lang) : "?"),
                       fmt::arg("last", OverBudgetName(r.rule)))
                << "\n";
    else if (GivesMoney(*p))
      std::cerr << Say(lang, Msg::kCliRankNoBudget, fmt::arg("granted", FormatYen(r.granted, lang))) << "\n";
    else
      std::cerr << "\n";
    if (r.places)
      std::cerr << Say(lang, Msg::kCliRankPlaces, fmt::arg("places", *r.places), fmt::arg("selected", r.selected),
                       fmt::arg("unplaced", unplaced))
                << "\n";
    if (unknown) std::cerr << Say(lang, Msg::kCliRankUnknownAward, fmt::arg("n", unknown)) << "\n";
    for (const auto& n : r.notes) std::cerr << Say(lang, Msg::kCliRankNote, fmt::arg("note", n.Get(lang))) << "\n";
    exit = kOk;
  });
}

}  // namespace elig::cli
