// SPDX-License-Identifier: Apache-2.0
#include "app.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "syntax/doc_cache.hpp"

namespace elig::serve {

using fmt::arg;
using json = nlohmann::json;

const CompiledProgram* Rules::Find(std::string_view id) const {
  for (const CompiledProgram* p : programs)
    if (p->id == id) return p;
  return nullptr;
}

std::shared_ptr<const Rules> LoadRules(const std::string& dir, uint64_t generation, std::string& errors) {
  auto rules = std::make_shared<Rules>();
  RuleSetOptions options;
  options.cache_dir = DefaultDocCacheDir();  // the rules parsed for `elig check` serve here too
  rules->set = RuleSet::LoadDir(dir, options);
  std::vector<Diagnostic> bad;
  for (const auto& d : rules->set->diagnostics())
    if (d.severity == Severity::kError) bad.push_back(d);
  if (!bad.empty()) {
    errors = RenderAll(bad, &rules->set->sources()) + "elig: the rules under `" + dir + "` have " +
             std::to_string(bad.size()) + " error(s); run `elig lint " + dir + "`\n";
    return nullptr;
  }
  if (rules->set->programs().empty()) {
    errors = "elig: error: no programs under `" + dir + "`\n";
    return nullptr;
  }
  std::vector<store::AuditSource> all;
  for (const auto& p : rules->set->programs()) {
    rules->programs.push_back(p.get());
    for (auto& s : store::AuditSourcesOf(*rules->set, *p))
      if (std::none_of(all.begin(), all.end(), [&](const store::AuditSource& a) { return a.path == s.path; }))
        all.push_back(std::move(s));
  }
  rules->hash = store::RuleSetHash(all);
  rules->generation = generation;
  return rules;
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexDigit(s[i + 1]) >= 0 && HexDigit(s[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(s[i + 1]) * 16 + HexDigit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// A label value for Prometheus: \ " and newline escaped.
std::string Label(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ParseForm(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    if (eq == std::string_view::npos) out.emplace_back(Decode(pair), "");
    else out.emplace_back(Decode(pair.substr(0, eq)), Decode(pair.substr(eq + 1)));
  }
  return out;
}

void Metrics::Request(const std::string& route, unsigned status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  size_t b = 0;
  while (b < kBucketCount && seconds > kBuckets[b]) ++b;
  ++h.counts[b];
  h.sum += seconds;
  ++h.count;
}

std::string Metrics::Text(const Rules& rules) const {
  std::string out;
  out += "# HELP elig_http_requests_total Requests answered, by route and status.\n"
         "# TYPE elig_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, n] : requests_)
    out += fmt::format("elig_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", Label(key.first), key.second, n);
  out += "# HELP elig_http_request_duration_seconds Time from a request's headers to its response, by route.\n"
         "# TYPE elig_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBucketCount; ++b) {
      cumulative += h.counts[b];
      std::string le = b < kBucketCount ? fmt::format("{}", kBuckets[b]) : "+Inf";
      out += fmt::format("elig_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", Label(route), le,
                         cumulative);
    }
    out += fmt::format("elig_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", Label(route), h.sum);
    out += fmt::format("elig_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", Label(route), h.count);
  }
  out += "# HELP elig_decisions_total Decisions given out, by outcome.\n# TYPE elig_decisions_total counter\n";
  for (Outcome o : {Outcome::kEligible, Outcome::kIneligible, Outcome::kUndetermined, Outcome::kClosed})
    out += fmt::format("elig_decisions_total{{outcome=\"{}\"}} {}\n", OutcomeName(o),
                       decisions_[static_cast<size_t>(o)].load(std::memory_order_relaxed));
  out += "# HELP elig_rules_info The rule set in use: its generation (1 at start, one more per reload) and hash.\n"
         "# TYPE elig_rules_info gauge\n";
  out += fmt::format("elig_rules_info{{generation=\"{}\",hash=\"{}\",programs=\"{}\"}} 1\n", rules.generation, rules.hash,
                     rules.programs.size());
  out += "# HELP elig_rules_generation The generation of the rule set in use.\n# TYPE elig_rules_generation gauge\n";
  out += fmt::format("elig_rules_generation {}\n", rules.generation);
  out += "# HELP elig_rules_reloads_total Reloads of the rules, by result.\n# TYPE elig_rules_reloads_total counter\n";
  out += fmt::format("elig_rules_reloads_total{{result=\"ok\"}} {}\nelig_rules_reloads_total{{result=\"refused\"}} {}\n",
                     reloads_ok_.load(), reloads_refused_.load());
  out += "# HELP elig_http_connections_open Connections open now.\n# TYPE elig_http_connections_open gauge\n";
  out += fmt::format("elig_http_connections_open {}\n", open_.load());
  out += "# HELP elig_http_connections_refused_total Connections refused over the limit.\n"
         "# TYPE elig_http_connections_refused_total counter\n";
  out += fmt::format("elig_http_connections_refused_total {}\n", refused_.load());
  return out;
}

std::unique_ptr<AuditSink> AuditSink::Open(const std::string& path, std::string& error) {
  auto sink = std::make_unique<AuditSink>();
  store::Status st;
  sink->log_ = store::AuditLog::Open(path, st);
  if (!sink->log_) {
    error = "cannot open the audit log `" + path + "`: " + st.message.en;
    return nullptr;
  }
  return sink;
}

bool AuditSink::Record(const Rules& rules, const Screening& screening, const Applicant& applicant, Lang lang,
                       const std::string& origin, std::string& error) {
  std::lock_guard lock(mutex_);
  std::vector<store::AuditRecord> records;
  for (const ProgramScreening& ps : screening.programs) {
    std::string key = std::to_string(rules.generation) + " " + ps.program->id;
    auto it = rules_sha_.find(key);
    if (it == rules_sha_.end()) {
      std::string sha;
      store::Status st = log_->AddRules(store::AuditSourcesOf(*rules.set, *ps.program), sha);
      if (!st.ok()) {
        error = "cannot store the rules in the audit log: " + st.message.en;
        return false;
      }
      it = rules_sha_.emplace(key, sha).first;
    }
    records.push_back(store::MakeAuditRecord(ps.decision, it->second, applicant, lang, origin));
  }
  store::Status st = log_->Append(records);
  if (!st.ok()) {
    error = "cannot append to the audit log: " + st.message.en;
    return false;
  }
  return true;
}

void ScreenApplicant(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant, Date as_of,
                     Screened& out) {
  out.bound = BindEach(programs, applicant);
  ScreenOptions so;
  so.as_of = as_of;
  so.for_people = true;
  // The evaluation contexts are the thread's, kept from request to request (a context
  // starts again by itself when the program or the day changes).
  thread_local ScreenScratch scratch;
  Screen(programs, out.bound.data(), so, scratch, out.screening);
}

bool App::Load(std::string& errors) {
  uint64_t next;
  {
    std::lock_guard lock(rules_mutex_);
    next = rules_ ? rules_->generation + 1 : 1;
  }
  std::shared_ptr<const Rules> loaded = LoadRules(options_.rules_dir, next, errors);
  if (next > 1) metrics_.Reloaded(loaded != nullptr);
  if (!loaded) return false;
  std::lock_guard lock(rules_mutex_);
  rules_ = std::move(loaded);
  return true;
}

bool App::OpenAudit(std::string& error) {
  if (options_.audit.empty()) return true;
  audit_ = AuditSink::Open(options_.audit, error);
  return audit_ != nullptr;
}

std::shared_ptr<const Rules> App::rules() const {
  std::lock_guard lock(rules_mutex_);
  return rules_;
}

void App::Log(std::string_view line) const {
  if (options_.log) {
    options_.log(line);
    return;
  }
  std::string l(line);
  l += '\n';
  std::fwrite(l.data(), 1, l.size(), stderr);  // one write per line: lines from threads never mix
}

Date App::Today() const { return options_.as_of ? *options_.as_of : elig::Today(); }

bool App::Audit(const Call& call, const Screening& screening, const Applicant& applicant, const std::string& origin,
                std::string& error) {
  if (audit_ && !audit_->Record(*call.rules, screening, applicant, call.lang, origin, error)) return false;
  for (const auto& ps : screening.programs) metrics_.Decided(ps.outcome);
  return true;
}

std::string App::Call::Param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return "";
}

std::vector<std::string> App::Call::Params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query)
    if (k == name && !v.empty()) out.push_back(v);
  return out;
}

Response Problem(unsigned status, const std::string& code, Lang lang, Msg title, const std::string& detail,
                 const std::string& instance, const std::string& extra_json) {
  json j = {{"type", "urn:elig:problem:" + code},
            {"title", Say(lang, title)},
            {"status", status},
            {"detail", detail},
            {"instance", instance},
            {"code", code},
            {"lang", lang == Lang::kJa ? "ja" : "en"}};
  if (!extra_json.empty()) {
    json extra = json::parse(extra_json, nullptr, false);
    if (extra.is_object())
      for (auto& [k, v] : extra.items()) j[k] = v;
  }
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  return r;
}

Response MethodNotAllowed(const App::Call& call, const std::string& allowed) {
  Response r = Problem(405, "method-not-allowed", call.lang, Msg::kServeMethod,
                       Say(call.lang, Msg::kServeMethodDetail, arg("method", call.req.method), arg("allowed", allowed)),
                       call.req.path);
  r.headers.emplace_back("Allow", allowed);
  return r;
}

namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The weight of one Accept-Language item (`en-US;q=0.8`): 1 without q, 0 when unreadable.
double Weight(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = TrimSpaces(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
    double q = 0;
    auto [end, ec] = std::from_chars(p.data() + 2, p.data() + p.size(), q);
    return ec == std::errc() && end == p.data() + p.size() && q >= 0 && q <= 1 ? q : 0;
  }
  return 1;
}

}  // namespace

Lang RequestLang(std::string_view param, std::string_view accept_language) {
  if (param == "en") return Lang::kEn;
  if (param == "ja") return Lang::kJa;
  Lang best = Lang::kJa;
  double best_q = 0;
  while (!accept_language.empty()) {
    size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    size_t semi = item.find(';');
    std::string_view range = TrimSpaces(item.substr(0, semi));
    std::string_view primary = range.substr(0, range.find('-'));
    double q = semi == std::string_view::npos ? 1 : Weight(item.substr(semi + 1));
    bool ja = IEquals(primary, "ja"), en = IEquals(primary, "en");
    if ((ja || en) && q > best_q) {
      best = en ? Lang::kEn : Lang::kJa;
      best_q = q;
    }
  }
  return best;
}

Lang HeadLang(std::string_view target, std::string_view accept_language, std::string_view raw) {
  auto next_line = [&raw] {
    size_t eol = raw.find('\n');
    std::string_view line = raw.substr(0, eol);
    raw = eol == std::string_view::npos ? std::string_view() : raw.substr(eol + 1);
    return line;
  };
  if (target.empty()) {  // the request line is still raw: METHOD SP target SP version
    std::string_view line = next_line();
    size_t sp = line.find(' ');
    if (sp != std::string_view::npos) {
      target = line.substr(sp + 1);
      target = target.substr(0, target.find(' '));
    }
  }
  std::string param;
  if (size_t q = target.find('?'); q != std::string_view::npos)
    for (const auto& [k, v] : ParseForm(target.substr(q + 1)))
      if (k == "lang") param = v;
  while (accept_language.empty() && !raw.empty()) {
    std::string_view field = next_line();
    size_t colon = field.find(':');
    if (colon != std::string_view::npos && IEquals(field.substr(0, colon), "accept-language"))
      accept_language = TrimSpaces(field.substr(colon + 1));
  }
  return RequestLang(param, accept_language);
}

Response App::Handle(const Request& req) {
  Call call{req, ParseForm(req.query), Lang::kJa, rules(), *this};
  std::string lang = call.Param("lang");
  call.lang = RequestLang(lang, req.accept_language);
  Response r;
  try {
    if (!lang.empty() && lang != "ja" && lang != "en") {
      r = Problem(400, "bad-parameter", call.lang, Msg::kServeBadParam,
                  Say(call.lang, Msg::kServeBadParamDetail, arg("name", "lang"), arg("value", lang),
                      arg("expected", Say(call.lang, Msg::kServeExpectLang))),
                  req.path);
    } else {
      r = Route(call);
    }
  } catch (const std::exception& e) {
    Log(std::string("{\"event\":\"error\",\"path\":") + json(req.path).dump(-1, ' ', false, json::error_handler_t::replace) +
        ",\"message\":" + json(std::string(e.what())).dump(-1, ' ', false, json::error_handler_t::replace) + "}");
    r = Problem(500, "internal", call.lang, Msg::kServeInternal, "", req.path);
  }
  if (r.route.empty()) r.route = "other";
  // A browser that asked for a page gets one; programs get the problem document.
  bool api = req.path.rfind("/v1/", 0) == 0 || req.path == "/healthz" || req.path == "/metrics";
  if (!api && r.content_type == "application/problem+json" && req.accept.find("text/html") != std::string::npos) {
    json p = json::parse(r.body, nullptr, false);
    if (p.is_object()) r = WebProblem(call, r, p.value("title", ""), p.value("detail", ""));
  }
  return r;
}

Response App::Route(Call& call) {
  const std::string& path = call.req.path;
  const std::string& m = call.req.method;
  auto only = [&](const char* method, const char* route, Response (*handler)(Call&)) {
    Response r = m == method || (std::string_view(method) == "GET" && m == "HEAD") ? handler(call)
                                                                                   : MethodNotAllowed(call, method);
    r.route = route;
    return r;
  };
  if (path == "/healthz")
    return only("GET", "/healthz", [](Call& c) {
      Response r;
      r.body = fmt::format("{{\"status\":\"ok\",\"rules\":{{\"generation\":{},\"hash\":\"{}\",\"programs\":{}}}}}\n",
                           c.rules->generation, c.rules->hash, c.rules->programs.size());
      return r;
    });
  if (path == "/metrics")
    return only("GET", "/metrics", [](Call& c) {
      Response r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = c.app.metrics().Text(*c.rules);
      return r;
    });
  if (path == "/v1/programs") return only("GET", "/v1/programs", ApiPrograms);
  if (path.rfind("/v1/programs/", 0) == 0) {
    Response r = m == "GET" || m == "HEAD" ? ApiProgram(call, path.substr(13)) : MethodNotAllowed(call, "GET");
    r.route = "/v1/programs/{id}";
    return r;
  }
  if (path == "/v1/check") return only("POST", "/v1/check", ApiCheck);
  if (path == "/v1/screen") return only("POST", "/v1/screen", ApiScreen);
  if (path == "/v1/ask") return only("POST", "/v1/ask", ApiAsk);
  if (path == "/v1/openapi.json") return only("GET", "/v1/openapi.json", ApiOpenApi);
  if (path == "/") return only("GET", "/", WebStart);
  if (path == "/ask") return only("POST", "/ask", WebAsk);
  if (path == "/style.css") return only("GET", "/style.css", WebStyle);
  return Problem(404, "not-found", call.lang, Msg::kServeNotFound,
                 Say(call.lang, Msg::kServeNotFoundDetail, arg("path", path)), path);
}

}  // namespace elig::serve
