// SPDX-License-Identifier: Apache-2.0
// elig — an eligibility rules engine for subsidy and support programs.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>

#include "common.hpp"
#include "store/audit.hpp"

int main(int argc, char** argv) {
  using namespace elig::cli;
  CLI::App app{"elig: decide who is eligible for a support program, score them, compute the award, and explain why.\n"
               "Rules are YAML files under a rules directory (default: ./rules). See docs/cli.md."};
  app.require_subcommand(1);
  // The version CMake's project(VERSION) sets, as the audit log records it.
  app.set_version_flag("--version", std::string("elig ") + elig::store::EngineVersion());
  int exit = kOk;
  RegisterCheck(app, exit);
  RegisterLint(app, exit);
  RegisterTest(app, exit);
  RegisterBatch(app, exit);
  RegisterRank(app, exit);
  RegisterAudit(app, exit);
  RegisterMatch(app, exit);
  RegisterAsk(app, exit);
  RegisterDoc(app, exit);
  RegisterDiff(app, exit);
  RegisterExplain(app, exit);
  RegisterServe(app, exit);
  RegisterCompletion(app, exit);
  if (!CheckTimeZoneEnv()) return kUsage;  // before the command line is read: said in English
  // Past the file size limit (`ulimit -f`) a write fails with EFBIG, which the store reports
  // as a full disk, instead of SIGXFSZ ending the process without a word.
  signal(SIGXFSZ, SIG_IGN);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  } catch (const std::exception& e) {
    // Which command was running, and its --lang, are not known here: said in English.
    std::cerr << elig::Say(elig::Lang::kEn, elig::Msg::kCliInternalError, fmt::arg("error", e.what())) << "\n";
    return kInternal;
  }
  return exit;
}
