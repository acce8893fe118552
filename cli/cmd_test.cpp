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

// A rule no case saw both ways, as the coverage report names it.
std::string GapText(const CoverageGap& g, Lang lang) {
  Msg what = !g.seen_true && !g.seen_false ? Msg::kCliTestNeverDecided
             : !g.seen_true                ? Msg::kCliTestNeverTrue
                                           : Msg::kCliTestNeverFalse;
  return Say(lang, what, fmt::arg("rule", g.rule));
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
  auto* cmd = AddCommand(app, "test");
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
        for (const auto& r : results) {
          (r.passed ? passed : failed)++;
          if (o->c.json()) {
            nlohmann::json j = {{"file", file}, {"program", tf.program}, {"case", r.test->name},
                                {"line", r.test->loc.line}, {"passed", r.passed}, {"mismatches", nlohmann::json::array()}};
            for (const auto& m : r.mismatches) j["mismatches"].push_back(m.Get(lang));
            if (!r.passed) {
              j["expected"] = ExpectedText(r.test->expect);
              j["actual"] = {{"outcome", r.actual.outcome}, {"score", r.actual.score}, {"award", r.actual.award},
                             {"failed", r.actual.failed}, {"missing", r.actual.missing}};
              j["explanation"] = r.explanation;
            }
            report.push_back(std::move(j));
            continue;
          }
          if (r.passed) continue;
          std::cout << Paint(color, Tone::kRed, Say(lang, Msg::kCliTestFail)) << " " << TerminalText(file) << ":"
                    << r.test->loc.line << ": " << TerminalText(tf.program) << ": " << TerminalText(r.test->name) << "\n";
          std::string expected = ExpectedText(r.test->expect);
          if (expected.empty()) expected = Say(lang, Msg::kCliTestNothing);
          std::cout << Say(lang, Msg::kCliTestExpected, fmt::arg("expected", TerminalText(expected))) << "\n";
          std::cout << Say(lang, Msg::kCliTestActual, fmt::arg("actual", TerminalText(ActualText(r.actual, r.test->expect))))
                    << "\n";
          for (const auto& m : r.mismatches) std::cout << "    " << TerminalText(m.Get(lang)) << "\n";
          std::cout << Say(lang, Msg::kCliTestExplanation) << "\n";
          std::string line;
          for (char ch : r.explanation) {
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
    std::vector<CoverageGap> gaps = o->coverage ? coverage.Gaps(*rs) : std::vector<CoverageGap>{};
    if (o->c.json()) {
      nlohmann::json out = {{"passed", passed}, {"failed", failed}, {"files", files}, {"cases", report}};
      if (o->coverage) {
        out["coverage_gaps"] = nlohmann::json::array();
        for (const auto& g : gaps) out["coverage_gaps"].push_back(g.program + ": " + GapText(g, lang));
      }
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      if (o->coverage) {
        if (gaps.empty()) std::cout << Say(lang, Msg::kCliTestCoverageFull) << "\n";
        else {
          std::cout << Say(lang, Msg::kCliTestCoverageGaps, fmt::arg("n", gaps.size())) << "\n";
          std::string current;
          for (const auto& g : gaps) {  // grouped under each program
            if (g.program != current) {
              current = g.program;
              std::cout << "  " << current << "\n";
            }
            std::cout << "    " << GapText(g, lang) << "\n";
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
