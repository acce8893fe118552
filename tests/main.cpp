// SPDX-License-Identifier: Apache-2.0
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>

// Every run fails when a test case makes no assertion, and when a test spec matches no case
// (ctest runs each case by name, so a renamed case can never pass by running nothing).
// `elig` keeps parsed rule files in $XDG_CACHE_HOME/elig: the run, and every `elig` it starts,
// gets a cache directory of its own, removed at the end, and never writes into the real home.
int main(int argc, char* argv[]) {
  namespace fs = std::filesystem;
  std::string pattern = (fs::temp_directory_path() / "elig-tests-cache-XXXXXX").string();
  const char* cache = mkdtemp(pattern.data());
  if (cache) setenv("XDG_CACHE_HOME", cache, 1);
  else setenv("ELIG_CACHE", "0", 1);
  Catch::Session session;
  int rc = session.applyCommandLine(argc, argv);
  if (rc == 0) {
    session.configData().warnings =
        static_cast<Catch::WarnAbout::What>(Catch::WarnAbout::NoAssertions | Catch::WarnAbout::NoTests);
    rc = session.run();
  }
  std::error_code ec;
  if (cache) fs::remove_all(cache, ec);
  return rc;
}
