#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "io/testfile.hpp"

namespace elig::cli {
namespace fs = std::filesystem;

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
  cmd->add_flag("--coverage", o->coverage, "report rules never seen both true and false");
  AddFormat(cmd, o->c);
  cmd->callback([o, &exit] {
    bool color = o->c.Color();
    std::string rules_dir = o->rules;
    if (rules_dir.empty()) {
      std::error_code ec;
      rules_dir = fs::is_directory(o->paths.front(), ec) ? o->paths.front() : "rules";
    }
    auto rs = LoadRules(rules_dir, isatty(STDERR_FILENO), exit);
    if (!rs) return;
    Coverage coverage;
    SourceSet sources;
    size_t passed = 0, failed = 0, files = 0;
    bool invalid = false;
    nlohmann::json report = nlohmann::json::array();
    for (const auto& path : o->paths) {
      for (const auto& file : FindTestFiles(path)) {
        ++files;
        std::string text, error;
        if (!ReadFileLimited(file, 16 * 1024 * 1024, text, error)) {
          std::cerr << file << ": error[io]: " << error << "\n";
          invalid = true;
          continue;
        }
        const SourceFile& src = sources.Add(file, std::move(text));
        TestFile tf;
        std::vector<Diagnostic> diags;
        bool ok = LoadTestFile(src, tf, diags);
        auto results = ok ? RunTestFile(*rs, tf, diags, &coverage) : std::vector<CaseResult>{};
        if (!diags.empty()) {
          PrintDiagnostics(diags, &sources, isatty(STDERR_FILENO));
          invalid = true;
        }
        for (const auto& r : results) {
          (r.passed ? passed : failed)++;
          if (o->c.json()) {
            report.push_back({{"file", file}, {"program", tf.program}, {"case", r.test->name},
                              {"line", r.test->loc.line}, {"passed", r.passed}, {"mismatches", r.mismatches}});
            continue;
          }
          if (r.passed) continue;
          std::cout << (color ? "\033[31mFAIL\033[0m " : "FAIL ") << file << ":" << r.test->loc.line << ": "
                    << tf.program << ": " << r.test->name << "\n";
          for (const auto& m : r.mismatches) std::cout << "    " << m << "\n";
          std::cout << "    explanation:\n";
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
    std::vector<std::string> gaps = o->coverage ? coverage.Gaps(*rs) : std::vector<std::string>{};
    if (o->c.json()) {
      nlohmann::json out = {{"passed", passed}, {"failed", failed}, {"files", files}, {"cases", report}};
      if (o->coverage) out["coverage_gaps"] = gaps;
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      if (o->coverage) {
        if (gaps.empty()) std::cout << "coverage: every requirement, exclusion and scoring item was seen true and false\n";
        else {
          std::cout << "coverage: " << gaps.size() << " rule(s) not seen both ways:\n";
          for (const auto& g : gaps) std::cout << "  " << g << "\n";
        }
      }
      std::cout << (failed ? "FAILED: " : "ok: ") << passed << " passed, " << failed << " failed, in " << files
                << " file(s)\n";
    }
    if (files == 0) {
      std::cerr << "elig: error: no *.test.yaml files found\n";
      exit = kInputError;
      return;
    }
    exit = invalid ? kInputError : failed ? kTestsFailed : kOk;
  });
}

}  // namespace elig::cli
