// SPDX-License-Identifier: Apache-2.0
// Golden tests: every broken rule file under tests/golden/rules gives exactly
// the diagnostics in its .expect file (file:line:col, code, message, caret).
// ELIG_UPDATE_GOLDEN=1 rewrites the .expect files; review the diff.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compile/ruleset.hpp"

namespace fs = std::filesystem;
using namespace elig;

namespace {

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("broken rule files give precise diagnostics (golden)", "[golden][check]") {
  fs::current_path(ELIG_SOURCE_DIR);
  const fs::path dir = "tests/golden/rules";
  std::vector<fs::path> cases;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".yaml") cases.push_back(e.path());
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 15);
  bool update = std::getenv("ELIG_UPDATE_GOLDEN") != nullptr;
  for (const auto& c : cases) {
    auto rs = RuleSet::LoadFiles(dir.string(), {c.string()});
    std::string got = RenderAll(rs->diagnostics(), &rs->sources());
    fs::path expect = c;
    expect.replace_extension(".expect");
    if (update) {
      std::ofstream(expect, std::ios::binary) << got;
      continue;
    }
    INFO("case " << c.string());
    REQUIRE(fs::exists(expect));
    CHECK(got == Slurp(expect));
    // Every broken file is refused, with at least one error that has a position.
    CHECK_FALSE(rs->ok());
    bool positioned = false;
    for (const auto& d : rs->diagnostics()) positioned |= d.loc.line > 0 && d.loc.column > 0;
    CHECK(positioned);
  }
}
