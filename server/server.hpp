// SPDX-License-Identifier: Apache-2.0
// `elig serve`: the HTTP door (docs/http.md). A JSON API under /v1 and the applicants' web
// self-check at /, over Boost.Beast, both thin layers over the screening (eval/screen.hpp),
// the questionnaire (eval/ask.hpp) and the message catalog.
//
// A Server binds its address when made and serves once Start (threads of its own) or Run
// (the caller's thread too) is called. Reload swaps the rule set atomically: a request holds
// the set it started with (a shared_ptr) to its end; a set with errors is refused and the
// one in use kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/date.hpp"

namespace elig::serve {

struct ServeOptions {
  std::string rules_dir = "rules";
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::string audit;                      // the audit log (SQLite); empty: no audit
  unsigned threads = 0;                   // 0: one per core
  // A request body: an applicant is a few hundred bytes. The C API reads documents of up
  // to 1 MiB (elig_input_set_json_limit); a body can be no larger.
  size_t max_body = 64 * 1024;
  size_t max_header = 16 * 1024;          // the request line and headers
  size_t max_connections = 512;           // open at once; more are answered 503 and closed
  std::chrono::milliseconds header_timeout{10'000};  // for the headers (and between requests)
  std::chrono::milliseconds body_timeout{30'000};    // for the body, once the headers are in
  std::optional<Date> as_of;              // "today" for every request that does not name one
  // Where the one line per request, and every other log line, goes (stderr when empty).
  std::function<void(std::string_view line)> log;
};

// The largest --max-body: the C API's document limit.
constexpr size_t kMaxBodyLimit = 1024 * 1024;

// Why a server could not start.
struct StartFailure {
  enum Kind : uint8_t { kUsage, kRules, kIo } kind = kIo;  // a bad option, rule errors, the address or the log
  std::string message;  // for people; rule errors as `elig lint` prints them
};

class Server {
 public:
  // Loads the rules, opens the audit log and binds the address; null, with `failure`, when
  // any of them fails.
  static std::unique_ptr<Server> Create(const ServeOptions& options, StartFailure& failure);
  ~Server();

  uint16_t port() const;
  // Serves on options.threads threads, returning at once.
  void Start();
  // Serves until Stop, on the calling thread and the others; SIGTERM and SIGINT stop it,
  // SIGHUP reloads the rules.
  void Run();
  // Stops accepting, lets the requests in progress finish, and joins the threads.
  void Stop();
  // Loads the rules again; false (the old set kept, the errors logged and in `errors`)
  // when the new set is unusable.
  bool Reload(std::string& errors);
  // The rule set in use: its generation (1 at start) and hash.
  uint64_t generation() const;
  std::string rules_hash() const;

  struct Impl;  // server/http.cpp

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace elig::serve
