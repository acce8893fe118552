// SPDX-License-Identifier: Apache-2.0
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "common.hpp"
#include "common/paint.hpp"
#include "explain/explain.hpp"
#include "io/testfile.hpp"

namespace elig::cli {
namespace fs = std::filesystem;

namespace {

std::string JoinSet(const std::set<std::string>& xs) {
  std::string s = "[";
  for (const auto& x : xs) s += (s.size() > 1 ? ", " : "") + x;
  return s + "]";
}

// What a failing case asked for and what the rules gave, side by side.
struct Actual {
  std::string outcome, score, award;
  std::set<std::string> failed, missing;
  std::string explanation;
};

Actual Redecide(const CompiledProgram& prog, const TestCase& tc, Lang lang) {
  FactValues facts = Bind(prog, tc.applicant);
  EvalOptions eo;
  eo.as_of = tc.as_of ? *tc.as_of : (tc.applicant.as_of ? *tc.applicant.as_of : Today());
  Decision d = Decide(prog, facts, eo);
  Actual a;
  a.outcome = OutcomeName(d.outcome);
  a.score = d.score.ToString();
  a.award = d.award ? d.award->ToString() : "none";
  for (const auto& rr : d.requirements)
    if (rr.result == Tri::kFalse) a.failed.insert(rr.rule->id);
  for (const auto& rr : d.exclusions)
    if (rr.result == Tri::kTrue) a.failed.insert(rr.rule->id);
  for (uint32_t f : d.missing) a.missing.insert(prog.facts[f].name);
  TextOptions to;
  to.lang = lang;
  a.explanation = RenderText(d, to);
  return a;
}

// The expectations and the results in the test file's own keys and values (as in --format json).
std::string ExpectedLine(const TestExpect& e) {
  std::string s;
  auto add = [&](const std::string& x) { s += (s.empty() ? "" : ", ") + x; };
  if (e.outcome) add("outcome " + *e.outcome);
  if (e.score) add("score " + e.score->ToString());
  if (e.award) add("award " + *e.award);
  if (e.failed) add("failed " + JoinSet(*e.failed));
  if (e.missing) add("missing " + JoinSet(*e.missing));
  return s.empty() ? "(nothing)" : s;
}

std::string ActualLine(const Actual& a, const TestExpect& e) {
  std::string s = "outcome " + a.outcome + ", score " + a.score + ", award " + a.award;
  if (e.failed) s += ", failed " + JoinSet(a.failed);
  if (e.missing) s += ", missing " + JoinSet(a.missing);
  return s;
}

}  // namespace

void RegisterTest(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules;
    std::vector<std::string> paths;
    bool coverage = false;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("test", "Run the officials' test cases (*.test.yaml) against the rules");
  cmd->footer("Example:\n  elig test rules --coverage\n  elig test rules/gunma/takasaki-trade-fair-2025.test.yaml --rules rules\n"
              "Exit: 0 every case passed, 3 some case failed, 65 a test file is invalid, 66 rule errors.");
  cmd->add_option("paths", o->paths, "directories or *.test.yaml files")->required();
  cmd->add_option("--rules", o->rules, "rules directory (default: the first path if it is a directory, else ./rules)");
  AddNoCache(cmd);
  cmd->add_flag("--coverage", o->coverage, "report rules never seen both true and false");
  cmd->add_option("--lang", o->c.lang, "language of the explanation shown for a failure: ja or en")
      ->check(CLI::IsMember({"ja", "en"}))
      ->capture_default_str();
  AddFormat(cmd, o->c);
  cmd->callback([o, &exit] {
    bool color = o->c.Color();
    const Lang lang = o->c.language();
    std::string rules_dir = o->rules;
    if (rules_dir.empty()) {
      std::error_code ec;
      rules_dir = fs::is_directory(o->paths.front(), ec) ? o->paths.front() : "rules";
    }
    auto rs = LoadRules(rules_dir, o->c.ErrColor(), exit, o->c.language());
    if (!rs) return;
    Coverage coverage;
    SourceSet sources;
    size_t passed = 0, failed = 0, files = 0;
    bool invalid = false;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& path : o->paths) {
      for (const auto& file : FindTestFiles(path)) {
        ++files;
        std::string text;
        LocalText error;
        if (!ReadFileLimited(file, 16 * 1024 * 1024, text, error)) {
          std::cerr << Say(lang, Msg::kCliTestUnreadable, fmt::arg("file", file), fmt::arg("error", error)) << "\n";
          invalid = true;
          continue;
        }
        const SourceFile& src = sources.Add(file, std::move(text));
        TestFile tf;
        std::vector<Diagnostic> diags;
        bool ok = LoadTestFile(src, tf, diags);
        auto results = ok ? RunTestFile(*rs, tf, diags, &coverage, o->c.language()) : std::vector<CaseResult>{};
        if (!diags.empty()) {
          PrintDiagnostics(diags, &sources, o->c.ErrColor(), o->c.language());
          invalid = true;
        }
        const CompiledProgram* prog = rs->Find(tf.program);
        for (const auto& r : results) {
          (r.passed ? passed : failed)++;
          Actual actual;
          if (!r.passed && prog) actual = Redecide(*prog, *r.test, lang);
          if (o->c.json()) {
            nlohmann::json j = {{"file", file}, {"program", tf.program}, {"case", r.test->name},
                                {"line", r.test->loc.line}, {"passed", r.passed}, {"mismatches", r.mismatches}};
            if (!r.passed) {
              j["expected"] = ExpectedLine(r.test->expect);
              j["actual"] = {{"outcome", actual.outcome}, {"score", actual.score}, {"award", actual.award},
                             {"failed", actual.failed}, {"missing", actual.missing}};
              j["explanation"] = actual.explanation;
            }
            report.push_back(std::move(j));
            continue;
          }
          if (r.passed) continue;
          std::cout << Paint(color, Tone::kRed, Say(lang, Msg::kCliTestFail)) << " " << TerminalText(file) << ":"
                    << r.test->loc.line << ": " << TerminalText(tf.program) << ": " << TerminalText(r.test->name) << "\n";
          std::cout << Say(lang, Msg::kCliTestExpected, fmt::arg("expected", TerminalText(ExpectedLine(r.test->expect))))
                    << "\n";
          std::cout << Say(lang, Msg::kCliTestActual, fmt::arg("actual", TerminalText(ActualLine(actual, r.test->expect))))
                    << "\n";
          for (const auto& m : r.mismatches) std::cout << "    " << TerminalText(m) << "\n";
          std::cout << Say(lang, Msg::kCliTestExplanation) << "\n";
          std::string line;
          for (char ch : actual.explanation) {
            if (ch == '\n') {
              std::cout << "      " << line << "\n";
              line.clear();
            } else {
              line += ch;
            }
          }
        }
      }
    }
    std::vector<std::string> gaps = o->coverage ? coverage.Gaps(*rs) : std::vector<std::string>{};
    if (o->c.json()) {
      nlohmann::json out = {{"passed", passed}, {"failed", failed}, {"files", files}, {"cases", report}};
      if (o->coverage) out["coverage_gaps"] = gaps;
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      if (o->coverage) {
        if (gaps.empty()) std::cout << Say(lang, Msg::kCliTestCoverageFull) << "\n";
        else {
          std::cout << Say(lang, Msg::kCliTestCoverageGaps, fmt::arg("n", gaps.size())) << "\n";
          std::string current;
          for (const auto& g : gaps) {
            // "program: rule (never false)", grouped under each program
            size_t colon = g.find(": ");
            std::string program = colon == std::string::npos ? "" : g.substr(0, colon);
            if (program != current) {
              current = program;
              std::cout << "  " << program << "\n";
            }
            std::cout << "    " << (colon == std::string::npos ? g : g.substr(colon + 2)) << "\n";
          }
        }
      }
      // A file that could not be read or loaded is never summed up as "ok".
      Msg summary = invalid ? Msg::kCliTestSummaryInvalid : failed ? Msg::kCliTestSummaryFailed : Msg::kCliTestSummaryOk;
      std::cout << Say(lang, summary, fmt::arg("passed", passed), fmt::arg("failed", failed), fmt::arg("files", files)) << "\n";
    }
    if (files == 0) {
      SayError(lang, Msg::kCliTestNoFiles);
      exit = kInputError;
      return;
    }
    exit = invalid ? kInputError : failed ? kTestsFailed : kOk;
  });
}

}  // namespace elig::cli
