// SPDX-License-Identifier: Apache-2.0
// The server's work without its transport: a request in, a response out (http.cpp speaks
// HTTP; the handlers of api.cpp and web.cpp answer). Internal to server/.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/catalog.hpp"
#include "common/date.hpp"
#include "compile/ruleset.hpp"
#include "eval/screen.hpp"
#include "server.hpp"
#include "store/audit.hpp"

namespace elig::serve {

struct Request {
  std::string method;
  std::string path;   // without the query
  std::string query;  // after '?', still encoded
  std::string content_type;
  std::string accept_language;
  std::string accept;
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string route;  // the route's pattern, for the log and the metrics ("/v1/programs/{id}")
  bool close = false;  // close the connection after this response
};

// One rule set, loaded whole; a request holds it to its end.
struct Rules {
  std::unique_ptr<RuleSet> set;
  std::vector<const CompiledProgram*> programs;  // in the set's order
  std::string hash;                              // RuleSetHash of every file
  uint64_t generation = 0;
  const CompiledProgram* Find(std::string_view id) const;
};

// Loads `dir`; null with the errors (as `elig lint` prints them) when unusable.
std::shared_ptr<const Rules> LoadRules(const std::string& dir, uint64_t generation, std::string& errors);

// `a=1&b=x+y` (also a form body): the pairs in order, '+' and %XX decoded.
std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text);

// Prometheus counters and histograms (GET /metrics).
class Metrics {
 public:
  void Request(const std::string& route, unsigned status, double seconds);
  void Decided(Outcome o) { decisions_[static_cast<size_t>(o)].fetch_add(1, std::memory_order_relaxed); }
  void Reloaded(bool ok) { (ok ? reloads_ok_ : reloads_refused_).fetch_add(1, std::memory_order_relaxed); }
  void Connections(int64_t delta) { open_.fetch_add(delta, std::memory_order_relaxed); }
  void Refused() { refused_.fetch_add(1, std::memory_order_relaxed); }
  std::string Text(const Rules& rules) const;

 private:
  static constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);
  struct Histogram {
    uint64_t counts[kBucketCount + 1] = {};  // the last: +Inf
    double sum = 0;
    uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, unsigned>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::atomic<uint64_t> decisions_[4] = {};
  std::atomic<uint64_t> reloads_ok_{0}, reloads_refused_{0}, refused_{0};
  std::atomic<int64_t> open_{0};
};

// The audit log, shared by every request: each decision is appended before it is given out.
class AuditSink {
 public:
  static std::unique_ptr<AuditSink> Open(const std::string& path, std::string& error);
  // Appends one record per decision, in one transaction; false, with `error`, when it cannot.
  bool Record(const Rules& rules, const Screening& screening, const Applicant& applicant, Lang lang,
              const std::string& origin, std::string& error);

 private:
  std::mutex mutex_;
  std::unique_ptr<store::AuditLog> log_;
  std::map<std::string, std::string> rules_sha_;  // "generation id" -> the hash AddRules gave
};

// A screening with the facts its decisions point into.
struct Screened {
  std::vector<FactValues> bound;
  Screening screening;
};
void ScreenApplicant(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant, Date as_of,
                     Screened& out);

class App {
 public:
  explicit App(ServeOptions options) : options_(std::move(options)) {}
  // The first load, and every reload: false (the old set kept) when the set is unusable.
  bool Load(std::string& errors);
  bool OpenAudit(std::string& error);
  std::shared_ptr<const Rules> rules() const;
  // Never throws: a failure is a problem document.
  Response Handle(const Request& req);
  Metrics& metrics() { return metrics_; }
  const ServeOptions& options() const { return options_; }
  void Log(std::string_view line) const;

  // What the handlers share.
  struct Call {
    const Request& req;
    std::vector<std::pair<std::string, std::string>> query;
    Lang lang = Lang::kJa;
    std::shared_ptr<const Rules> rules;
    App& app;
    std::string Param(std::string_view name) const;
    std::vector<std::string> Params(std::string_view name) const;
  };
  // "Today" for a request: ServeOptions::as_of, else the day in Japan.
  Date Today() const;
  // Appends the screening's decisions to the audit log, when there is one, and counts them.
  bool Audit(const Call& call, const Screening& screening, const Applicant& applicant, const std::string& origin,
             std::string& error);

 private:
  Response Route(Call& call);

  ServeOptions options_;
  mutable std::mutex rules_mutex_;
  std::shared_ptr<const Rules> rules_;
  Metrics metrics_;
  std::unique_ptr<AuditSink> audit_;
};

// The language of a request: ?lang=ja|en, else the one of ja and en that Accept-Language
// prefers (the higher q, then the first; q=0 refuses one), else Japanese.
Lang RequestLang(std::string_view param, std::string_view accept_language);
// The same for a request that could not be read whole (headers too large, not HTTP, out of
// time): from what of it arrived, the target and Accept-Language the parser has taken (empty
// when it has not) and the raw bytes it has not (the request line first when `target` is
// empty, then header lines).
Lang HeadLang(std::string_view target, std::string_view accept_language, std::string_view raw);

// A problem document (RFC 9457) in the call's language: `code` names it for programs.
Response Problem(unsigned status, const std::string& code, Lang lang, Msg title, const std::string& detail,
                 const std::string& instance, const std::string& extra_json = "");
// 405, naming the methods allowed.
Response MethodNotAllowed(const App::Call& call, const std::string& allowed);

// The handlers (api.cpp, web.cpp).
Response ApiPrograms(App::Call& call);
Response ApiProgram(App::Call& call, const std::string& id);
Response ApiCheck(App::Call& call);
Response ApiScreen(App::Call& call);
Response ApiAsk(App::Call& call);
Response ApiOpenApi(App::Call& call);
Response WebStart(App::Call& call);
Response WebAsk(App::Call& call);
Response WebStyle(App::Call& call);
// A problem as a page with the same status, for a browser.
Response WebProblem(const App::Call& call, const Response& problem, const std::string& title, const std::string& detail);

}  // namespace elig::serve
