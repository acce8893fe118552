// SPDX-License-Identifier: Apache-2.0
// `elig serve`: the HTTP API and the web self-check (server/, docs/http.md).
#include "common.hpp"
#include "server.hpp"

namespace elig::cli {

void RegisterServe(CLI::App& app, int& exit) {
  struct Opts {
    serve::ServeOptions s;
    Common c;  // --as-of, and --lang for what `elig serve` itself says on standard error
    unsigned header_seconds = 10, body_seconds = 30;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = AddCommand(app, "serve");
  auto* rules = cmd->add_option("--rules", o->s.rules_dir, "directory of rule files (default: ./rules, else the installed rules)");
  AddNoCache(cmd);
  cmd->add_option("--listen", o->s.listen, "address and port to listen on (port 0: any free one)")->capture_default_str();
  cmd->add_option("--audit", o->s.audit, "append every decision given out to this audit log (SQLite; see `elig audit`)");
  cmd->add_option("--threads", o->s.threads, "threads serving requests (default: one per core)");
  cmd->add_option("--max-body", o->s.max_body, "largest request body, in bytes (at most 1 MiB)")->capture_default_str();
  cmd->add_option("--max-connections", o->s.max_connections, "connections open at once; more are refused with 503")
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}))
      ->capture_default_str();
  cmd->add_option("--header-timeout", o->header_seconds, "seconds to receive a request's headers (and to wait between requests)")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  cmd->add_option("--body-timeout", o->body_seconds, "seconds to receive a request's body")
      ->check(CLI::Range(1u, 3600u))
      ->capture_default_str();
  cmd->add_option("--as-of", o->c.as_of, "judge every request that names no date as of this date (YYYY-MM-DD); default: today");
  cmd->add_option("--lang", o->c.lang, "language of the messages on standard error: ja or en (each page and answer "
                                       "follows its request)")
      ->check(CLI::IsMember({"ja", "en"}))
      ->capture_default_str();
  cmd->callback([o, rules, &exit] {
    o->s.rules_dir = RulesDir(rules->count() ? o->s.rules_dir : "");
    if (!GivenAsOf(o->c, o->s.as_of, exit)) return;
    o->s.header_timeout = std::chrono::seconds(o->header_seconds);
    o->s.body_timeout = std::chrono::seconds(o->body_seconds);
    serve::StartFailure failure;
    auto server = serve::Server::Create(o->s, failure);
    if (!server) {
      std::string m = failure.message;
      if (!m.empty() && m.back() == '\n') m.pop_back();
      if (m.rfind("elig:", 0) == 0) std::cerr << m << "\n";  // the server's message has its own prefix
      else PrintError(o->c.language(), m);
      exit = failure.kind == serve::StartFailure::kUsage   ? kUsage
             : failure.kind == serve::StartFailure::kRules ? kRuleError
                                                           : kIoError;
      return;
    }
    server->Run();
    exit = kOk;
  });
}

}  // namespace elig::cli
