// SPDX-License-Identifier: Apache-2.0
// `elig batch`: many applicants against the programs, in parallel, results to SQLite.
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "store/batch.hpp"

namespace elig::cli {
namespace {

std::string Grouped(uint64_t n) { return Rational(static_cast<int64_t>(n)).ToGroupedString(); }

std::string Duration(double seconds) {
  auto s = static_cast<int64_t>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                               static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  else std::snprintf(buf, sizeof buf, "%lld:%02lld", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

// A one-line progress bar with rate and ETA on stderr, redrawn at most ten times a second.
class ProgressBar {
 public:
  explicit ProgressBar(Lang lang) : lang_(lang) {}

  void Update(const store::BatchProgress& p, bool final) {
    auto now = std::chrono::steady_clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double fraction = p.size ? static_cast<double>(p.position) / static_cast<double>(p.size) : 0.0;
    if (fraction > 1) fraction = 1;
    double rate = p.seconds > 0 ? static_cast<double>(p.rows_done) / p.seconds : 0.0;
    const int width = 30;
    auto filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    std::string eta = "--:--";
    if (fraction > 0.001 && p.seconds > 0.2) eta = Duration(p.seconds * (1 - fraction) / fraction);
    char percent[16];
    std::snprintf(percent, sizeof percent, "%5.1f", fraction * 100);
    std::string line = Say(lang_, Msg::kCliBatchProgress, fmt::arg("bar", bar), fmt::arg("percent", percent),
                           fmt::arg("rows", Grouped(p.rows_done + p.rows_skipped)),
                           fmt::arg("rate", Grouped(static_cast<uint64_t>(rate))), fmt::arg("eta", eta));
    std::fprintf(stderr, "\r%s", line.c_str());
    if (final) std::fprintf(stderr, "\r%*s\r", width + 60, "");
    std::fflush(stderr);
  }

 private:
  Lang lang_;
  std::chrono::steady_clock::time_point last_{};
};

std::string FactsSchema(const std::vector<const CompiledProgram*>& programs) {
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  for (const auto* p : programs)
    for (const auto& f : p->facts) {
      if (facts.contains(f.name)) {
        facts[f.name]["programs"].push_back(p->id);
        continue;
      }
      nlohmann::ordered_json j;
      j["type"] = TypeSpecName(f.spec);
      j["base"] = BaseTypeName(f.spec.base);
      if (f.spec.base == BaseType::kList) j["elem"] = BaseTypeName(f.spec.elem);
      if (f.spec.enum_def) j["values"] = f.spec.enum_def->values;
      if (f.min) j["min"] = f.min->ToString();
      if (f.max) j["max"] = f.max->ToString();
      j["programs"] = nlohmann::ordered_json::array({p->id});
      facts[f.name] = std::move(j);
    }
  nlohmann::ordered_json out;
  out["programs"] = nlohmann::ordered_json::array();
  for (const auto* p : programs) {
    nlohmann::ordered_json j;
    j["id"] = p->id;
    j["version"] = p->version;
    if (p->window_from) j["window_from"] = FormatDate(*p->window_from);
    if (p->window_to) j["window_to"] = FormatDate(*p->window_to);
    out["programs"].push_back(std::move(j));
  }
  out["facts"] = std::move(facts);
  return out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// `text` padded with spaces to `width` columns on the terminal (a Japanese character takes two),
// on the left or the right.
std::string Pad(const std::string& text, size_t width, bool left) {
  size_t used = utf8::DisplayWidth(text);
  std::string fill(used < width ? width - used : 0, ' ');
  return left ? text + fill : fill + text;
}

// One line of the summary's table: the program, its four counts, its total award.
void TableRow(const std::string& program, const std::array<std::string, 4>& counts, const std::string& award) {
  static constexpr size_t kWidths[] = {10, 10, 12, 8};
  std::string line = "  " + Pad(program, 36, true);
  for (size_t i = 0; i < counts.size(); ++i) line += " " + Pad(counts[i], kWidths[i], false);
  std::cout << line << "  " << award << "\n";
}

void PrintSummary(const store::BatchResult& r, const std::string& input, const std::string& out, Lang lang, bool json) {
  const auto& s = r.summary;
  if (json) {
    nlohmann::ordered_json j;
    j["run_id"] = s.run_id;
    j["run_key"] = s.run_key;
    j["rows"] = s.rows;
    j["decided_now"] = s.decided_now;
    j["resumed"] = s.resumed;
    j["already_complete"] = s.already_complete;
    j["rows_with_input_errors"] = s.rows_with_errors;
    j["refused_rows"] = s.refused_rows;
    j["seconds"] = s.seconds;
    j["unknown_columns"] = s.unknown_columns;
    j["programs"] = nlohmann::ordered_json::array();
    for (const auto& p : s.programs) {
      j["programs"].push_back({{"id", p.id},
                               {"version", p.version},
                               {"eligible", p.eligible},
                               {"ineligible", p.ineligible},
                               {"undetermined", p.undetermined},
                               {"closed", p.closed},
                               {"total_award", p.award_overflow ? nlohmann::ordered_json(nullptr)
                                                                : nlohmann::ordered_json(p.award.ToString())},
                               {"award_not_determinable", p.award_unknown},
                               {"changed_by_combining", p.combined}});
    }
    if (r.failure != store::BatchFailure::kNone) j["error"] = r.error.Get(lang);
    std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << Say(lang, Msg::kCliBatchTitle, fmt::arg("rows", Grouped(s.rows)), fmt::arg("input", input),
                   fmt::arg("out", out), fmt::arg("run", s.run_id))
            << "\n";
  if (s.already_complete) {
    std::cout << Say(lang, Msg::kCliBatchAlreadyComplete) << "\n";
  } else {
    double rate = s.seconds > 0 ? static_cast<double>(s.decided_now) / s.seconds : 0;
    std::cout << Say(lang, Msg::kCliBatchDecided, fmt::arg("n", Grouped(s.decided_now)), fmt::arg("time", Duration(s.seconds)),
                     fmt::arg("rate", Grouped(static_cast<uint64_t>(rate))));
    if (s.resumed) std::cout << Say(lang, Msg::kCliBatchResumed);
    std::cout << "\n";
  }
  if (s.rows_with_errors)
    std::cout << Say(lang, Msg::kCliBatchInputErrors, fmt::arg("rows", Grouped(s.rows_with_errors)),
                     fmt::arg("refused", Grouped(s.refused_rows)))
              << "\n";
  if (!s.unknown_columns.empty()) {
    std::string columns;
    for (const auto& u : s.unknown_columns) columns += (columns.empty() ? "" : " ") + u;
    std::cout << Say(lang, Msg::kCliBatchIgnored, fmt::arg("columns", columns)) << "\n";
  }
  TableRow(Say(lang, Msg::kCliBatchColProgram), {Say(lang, Msg::kCliBatchColEligible), Say(lang, Msg::kCliBatchColIneligible),
                                                 Say(lang, Msg::kCliBatchColUndetermined), Say(lang, Msg::kCliBatchColClosed)},
           Say(lang, Msg::kCliBatchColAward));
  for (const auto& p : s.programs) {
    std::string award = p.award_overflow ? Say(lang, Msg::kCliBatchTooLarge) : FormatYen(p.award, lang);
    if (p.award_unknown)
      award += Say(lang, Msg::kCliBatchNotDeterminable, fmt::arg("n", Grouped(static_cast<uint64_t>(p.award_unknown))));
    if (p.combined) award += Say(lang, Msg::kBatchCombined, fmt::arg("n", Grouped(static_cast<uint64_t>(p.combined))));
    TableRow(p.id, {Grouped(static_cast<uint64_t>(p.eligible)), Grouped(static_cast<uint64_t>(p.ineligible)),
                    Grouped(static_cast<uint64_t>(p.undetermined)), Grouped(static_cast<uint64_t>(p.closed))},
             award);
  }
  std::cout << std::flush;
}

}  // namespace

void RegisterBatch(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;  // empty: RulesDir finds them
    std::string input, out, table, input_format, audit;
    std::vector<std::string> programs;
    unsigned threads = 0;
    size_t chunk = 1000;
    store::ExplainMode explain = store::ExplainMode::kNone;
    bool no_progress = false, facts_schema = false, skip_closed = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "batch");
  AddRules(cmd, o->rules);
  cmd->add_option("--input,-i", o->input, "applicants: .csv, .jsonl, an SQLite file with --table, or - (standard input, with --input-format)");
  cmd->add_option("--out,-o", o->out, "the results database (created if missing)");
  cmd->add_option("--program,-p", o->programs, "program id (repeatable; default: every program)");
  cmd->add_option("--table", o->table, "with an SQLite input: the table of applicants");
  cmd->add_option("--input-format", o->input_format, "csv, jsonl or sqlite (default: from the file name)")
      ->check(CLI::IsMember({"csv", "jsonl", "sqlite"}));
  cmd->add_option("--threads,-j", o->threads, "evaluation threads (default: one per core)");
  auto* explain = cmd->add_flag_callback(
      "--explain", [o] { o->explain = store::ExplainMode::kFull; }, "store each decision's explanation JSON (slower)");
  cmd->add_flag_callback("--explain-compact", [o] { o->explain = store::ExplainMode::kCompact; },
                         "store each decision's explanation as the compact decision JSON (docs/json.md): a sixth "
                         "of the bytes; `elig explain` gives back the full one")
      ->excludes(explain);
  cmd->add_option("--audit", o->audit, "also append every decision to this audit log");
  cmd->add_flag("--skip-closed", o->skip_closed,
                "keep `closed` decisions (the day outside a program's window) out of the table results; the "
                "summary still counts them (table run_programs)");
  cmd->add_option("--chunk", o->chunk, "applicants per transaction")->capture_default_str()->check(CLI::Range(1, 1'000'000));
  cmd->add_flag("--no-progress", o->no_progress, "no progress bar (it is shown only on a terminal anyway)");
  cmd->add_flag("--facts-schema", o->facts_schema, "print the facts the chosen programs ask, as JSON, and stop");
  AddLang(cmd, o->c);
  AddFormat(cmd, o->c, "summary as text or json");
  AddAsOf(cmd, o->c);
  cmd->callback([o, &exit] {
    bool err_color = o->c.ErrColor();
    auto rs = LoadRules(o->rules, err_color, exit, o->c.language());
    if (!rs) return;
    auto selected = SelectPrograms(*rs, o->programs, o->rules, o->c.language(), exit);
    if (!selected) return;
    const std::vector<const CompiledProgram*>& programs = *selected;
    if (o->facts_schema) {
      std::cout << FactsSchema(programs) << "\n";
      exit = kOk;
      return;
    }
    if (o->input.empty() || o->out.empty()) {
      SayError(o->c.language(), Msg::kCliBatchNeedsInputOut);
      exit = kUsage;
      return;
    }
    store::BatchOptions bo;
    auto input = BatchInput(o->rules, o->input, o->input_format, o->table, o->c, bo, exit);
    if (!input) return;
    bo.out = o->out;
    bo.programs = o->programs;
    bo.threads = o->threads;
    bo.explain = o->explain;
    bo.audit = o->audit;
    bo.skip_closed = o->skip_closed;
    bo.chunk_rows = o->chunk;
    for (const auto& warning : CheckCombining(programs)) PrintDiagnostics({warning}, &rs->sources(), err_color, o->c.language());
    InstallTestHooks(bo);  // nothing, but in the test build (cli/hooks/)
    ProgressBar bar(o->c.language());
    bool show = !o->no_progress && isatty(STDERR_FILENO);
    if (show) bo.on_progress = [&bar](const store::BatchProgress& p) { bar.Update(p, false); };
    store::BatchResult r = store::RunBatch(*rs, bo);
    if (show) bar.Update({}, true);
    const Lang lang = o->c.language();
    for (const auto& e : r.first_errors) {
      std::string place = o->input + ":" + std::to_string(e.line) + (e.column ? ":" + std::to_string(e.column) : "");
      std::cerr << Say(lang, e.row_refused ? Msg::kCliBatchInputErrorRefused : Msg::kCliBatchInputError,
                       fmt::arg("place", place), fmt::arg("field", e.field.empty() ? "" : "`" + e.field + "`: "),
                       fmt::arg("message", e.message), fmt::arg("applicant", utf8::Printable(e.applicant_id)))
                << "\n";
    }
    if (r.first_errors.size() >= 20) std::cerr << Say(lang, Msg::kCliBatchMoreInputErrors, fmt::arg("out", o->out)) << "\n";
    if (r.failure == store::BatchFailure::kUsage) {
      PrintError(lang, r.error);
      exit = kUsage;
      return;
    }
    if (r.failure == store::BatchFailure::kInput && r.summary.run_id == 0) {
      PrintError(lang, r.error);
      exit = kInputError;
      return;
    }
    if (r.failure != store::BatchFailure::kNone) PrintError(lang, r.error);
    if (r.summary.run_id) PrintSummary(r, o->input, o->out, o->c.language(), o->c.json());
    if (r.failure == store::BatchFailure::kIo) exit = kIoError;
    else if (r.failure == store::BatchFailure::kInput) exit = kInputError;
    else exit = r.summary.rows_with_errors ? kInputError : kOk;
  });
}

}  // namespace elig::cli
