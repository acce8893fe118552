// SPDX-License-Identifier: Apache-2.0
// Every source file says its licence in an SPDX line near its top (README.md, "Licence"):
// the check `reuse lint` would make of the code, without the tool.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

bool IsSource(const fs::path& p) {
  static const std::set<std::string> kExtensions = {".cpp", ".hpp", ".h", ".c", ".sh", ".py", ".cmake", ".mjs", ".js", ".css"};
  return kExtensions.count(p.extension().string()) || p.filename() == "CMakeLists.txt" || p.filename() == "run";
}

// Build trees, installed npm packages and test data are not elig's sources.
bool Skipped(const fs::path& dir) {
  const std::string name = dir.filename().string();
  return name.empty() || name[0] == '.' || name.rfind("build", 0) == 0 || name == "node_modules" || name == "__pycache__" ||
         name == "corpus" || name == "data" || name == "golden";
}

bool HasSpdx(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  for (int k = 0; k < 5 && std::getline(in, line); ++k)
    if (line.find("SPDX-License-Identifier: Apache-2.0") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("every source file carries the SPDX licence line", "[licence]") {
  const fs::path root = ELIG_SOURCE_DIR;
  REQUIRE(fs::exists(root / "LICENSE"));
  std::vector<std::string> missing;
  size_t checked = 0;
  auto check = [&](const fs::path& p) {
    ++checked;
    if (!HasSpdx(p)) missing.push_back(fs::relative(p, root).string());
  };
  for (const char* top : {"engine", "cli", "api", "server", "tests", "scripts", "bench", "cmake"}) {
    fs::recursive_directory_iterator it(root / top), end;
    for (; it != end; ++it) {
      if (it->is_directory()) {
        if (Skipped(it->path())) it.disable_recursion_pending();
      } else if (it->is_regular_file() && IsSource(it->path())) {
        check(it->path());
      }
    }
  }
  check(root / "CMakeLists.txt");
  check(root / ".ci" / "run");
  std::string list;
  for (const auto& m : missing) list += "\n  " + m;
  INFO("files without `SPDX-License-Identifier: Apache-2.0` in their first 5 lines:" << list);
  CHECK(missing.empty());
  CHECK(checked > 200);  // the walk reached the tree
}
