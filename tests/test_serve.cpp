// SPDX-License-Identifier: Apache-2.0
// `elig serve` (server/): a server started in-process on a free port, spoken to over real
// HTTP on loopback. Responses are held to the JSON Schemas in docs/schemas/ and to what the
// engine gives the CLI for the same applicant.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

#include "common/catalog.hpp"
#include "eval/screen.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "io/applicant_json.hpp"
#include "server.hpp"
#include "store/audit.hpp"
#include "store/sqlite.hpp"
#include "test_support.hpp"

using namespace elig;
using json = nlohmann::json;
namespace fs = std::filesystem;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

const std::string kRules = std::string(ELIG_SOURCE_DIR) + "/rules";

// How many programs are shipped under rules/ (each is listed, decided and logged once).
size_t ShippedPrograms() {
  static const size_t n = RuleSet::LoadDir(kRules)->programs().size();
  return n;
}

// The Takasaki company of tests/golden/cli/ask-takasaki-company-ja.txt, as JSON.
const std::string kTakasaki = R"json({
  "id": "takasaki-maker",
  "legal_form": "(株)", "city": "高崎市", "exports_gunma_products": false, "fair_sales_only": false,
  "city_tax_arrears": false, "exhibits_alone": true, "head_office_in_japan": false,
  "one_company_one_tech": false, "fair_public_backing": true, "industry": "製造", "capital": "1,000万円",
  "fair_location": "海外", "booth_fee": "385,555円", "decoration_fee": "16万円", "fair_contribution": 0
})json";

// A running server whose log lines are kept.
struct TestServer {
  explicit TestServer(serve::ServeOptions o = {}) {
    if (o.rules_dir == "rules") o.rules_dir = kRules;
    o.listen = "127.0.0.1:0";
    if (!o.threads) o.threads = 2;
    if (!o.as_of) o.as_of = ParseDate("2025-10-15");
    o.log = [this](std::string_view line) {
      std::lock_guard lock(mutex);
      lines.emplace_back(line);
    };
    serve::StartFailure failure;
    server = serve::Server::Create(o, failure);
    INFO(failure.message);
    REQUIRE(server);
    server->Start();
  }
  ~TestServer() { server->Stop(); }
  std::vector<std::string> Log() {
    std::lock_guard lock(mutex);
    return lines;
  }
  std::mutex mutex;
  std::vector<std::string> lines;
  std::unique_ptr<serve::Server> server;
};

struct Reply {
  unsigned status = 0;
  mutable std::map<std::string, std::string> headers;
  std::string body;
  json Json() const { return json::parse(body); }
};

// One connection, kept alive across requests.
struct Client {
  explicit Client(uint16_t port) : stream(ioc) { stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port)); }

  Reply Send(const std::string& method, const std::string& target, const std::string& body = "",
             const std::string& type = "application/json", const std::string& accept = "",
             const std::string& accept_language = "") {
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    if (!body.empty() || method == "POST") req.set(http::field::content_type, type);
    if (!accept.empty()) req.set(http::field::accept, accept);
    if (!accept_language.empty()) req.set(http::field::accept_language, accept_language);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    return Read();
  }

  Reply Read() {
    http::response_parser<http::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    http::read(stream, buffer, parser);
    Reply r;
    r.status = parser.get().result_int();
    for (const auto& f : parser.get()) r.headers[std::string(f.name_string())] = std::string(f.value());
    r.body = parser.get().body();
    return r;
  }

  net::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
};

Reply Post(uint16_t port, const std::string& target, const std::string& body) { return Client(port).Send("POST", target, body); }
Reply PostIn(uint16_t port, const std::string& target, const std::string& body, const std::string& accept_language) {
  return Client(port).Send("POST", target, body, "application/json", "", accept_language);
}

// Raw bytes on a new connection, then what the server answers before it closes.
Reply Raw(uint16_t port, const std::string& bytes) {
  Client c(port);
  net::write(c.stream.socket(), net::buffer(bytes));
  return c.Read();
}
Reply Get(uint16_t port, const std::string& target) { return Client(port).Send("GET", target); }

// ---------------------------------------------------------------------------
// A JSON Schema check over the subset docs/schemas/ uses: type, enum, required, properties,
// additionalProperties, items, anyOf, pattern and local $ref.
class Schema {
 public:
  explicit Schema(const std::string& file) : root_(json::parse(test::Slurp(std::string(ELIG_SOURCE_DIR) + "/docs/schemas/" + file))) {}

  std::vector<std::string> Check(const json& v) const {
    std::vector<std::string> errors;
    Walk(root_, v, "$", errors);
    return errors;
  }

 private:
  static bool IsType(const json& v, const std::string& t) {
    if (t == "object") return v.is_object();
    if (t == "array") return v.is_array();
    if (t == "string") return v.is_string();
    if (t == "integer") return v.is_number_integer();
    if (t == "number") return v.is_number();
    if (t == "boolean") return v.is_boolean();
    if (t == "null") return v.is_null();
    return false;
  }

  void Walk(const json& s, const json& v, const std::string& at, std::vector<std::string>& errors) const {
    if (s.contains("$ref")) {
      std::string ref = s["$ref"].get<std::string>().substr(1);  // "#/$defs/x" -> "/$defs/x"
      return Walk(root_.at(json::json_pointer(ref)), v, at, errors);
    }
    if (s.contains("anyOf")) {
      bool any = false;
      for (const auto& alt : s["anyOf"]) {
        std::vector<std::string> e;
        Walk(alt, v, at, e);
        any = any || e.empty();
      }
      if (!any) errors.push_back(at + ": matches no alternative");
    }
    if (s.contains("type")) {
      bool ok = false;
      if (s["type"].is_array()) {
        for (const auto& t : s["type"]) ok = ok || IsType(v, t.get<std::string>());
      } else {
        ok = IsType(v, s["type"].get<std::string>());
      }
      if (!ok) return errors.push_back(at + ": not " + s["type"].dump());
    }
    if (s.contains("enum") && std::find(s["enum"].begin(), s["enum"].end(), v) == s["enum"].end())
      errors.push_back(at + ": " + v.dump() + " not in " + s["enum"].dump());
    if (s.contains("pattern") && v.is_string() && !std::regex_search(v.get<std::string>(), std::regex(s["pattern"].get<std::string>())))
      errors.push_back(at + ": does not match " + s["pattern"].get<std::string>());
    if (v.is_object()) {
      for (const auto& r : s.value("required", json::array()))
        if (!v.contains(r.get<std::string>())) errors.push_back(at + ": lacks " + r.get<std::string>());
      const json props = s.value("properties", json::object());
      for (const auto& [k, x] : v.items()) {
        if (props.contains(k)) Walk(props[k], x, at + "." + k, errors);
        else if (s.contains("additionalProperties") && s["additionalProperties"].is_object())
          Walk(s["additionalProperties"], x, at + "." + k, errors);
        else if (s.contains("additionalProperties") && s["additionalProperties"] == false)
          errors.push_back(at + ": unexpected " + k);
      }
    }
    if (v.is_array() && s.contains("items"))
      for (size_t i = 0; i < v.size(); ++i) Walk(s["items"], v[i], at + "[" + std::to_string(i) + "]", errors);
  }

  json root_;
};

void RequireValid(const Schema& schema, const json& v) {
  auto errors = schema.Check(v);
  INFO(v.dump(1).substr(0, 2000));
  for (const auto& e : errors) UNSCOPED_INFO(e);
  REQUIRE(errors.empty());
}

// A problem document (RFC 9457) with this status and code.
void RequireProblem(const Reply& r, unsigned status, const std::string& code) {
  INFO(r.body);
  REQUIRE(r.status == status);
  REQUIRE(r.headers["Content-Type"] == "application/problem+json");
  json p = r.Json();
  CHECK(p["status"] == status);
  CHECK(p["code"] == code);
  CHECK(p["type"] == "urn:elig:problem:" + code);
  CHECK(!p["title"].get<std::string>().empty());
}

// Whether a text is written in Japanese: it holds kana or kanji (three-byte UTF-8 from U+3000).
bool Japanese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0xE3 && static_cast<unsigned char>(s[i]) <= 0xE9) return true;
  return false;
}

// A problem in `lang`: its `lang`, and a title and detail both in that language, from the catalog.
void RequireProblemIn(const Reply& r, unsigned status, const std::string& code, const std::string& lang,
                      Msg title) {
  RequireProblem(r, status, code);
  json p = r.Json();
  CHECK(p["lang"] == lang);
  CHECK(p["title"] == Say(lang == "ja" ? Lang::kJa : Lang::kEn, title));
  std::string detail = p["detail"].get<std::string>();
  CHECK(!detail.empty());
  CHECK(Japanese(detail) == (lang == "ja"));
}

// The engine's own screening of an applicant JSON, as the CLI makes it.
struct Direct {
  std::unique_ptr<RuleSet> rules = RuleSet::LoadDir(kRules);
  Applicant applicant;
  std::vector<const CompiledProgram*> programs;
  std::vector<FactValues> bound;
  Screening screening;

  Direct(const std::string& text, const std::vector<std::string>& ids) {
    std::vector<Diagnostic> diags;
    REQUIRE(ParseApplicantJson(SourceFile("body", text), applicant, diags));
    for (const auto& id : ids) programs.push_back(rules->Find(id));
    if (ids.empty())
      for (const auto& p : rules->programs()) programs.push_back(p.get());
    bound = BindEach(programs, applicant);
    ScreenOptions so;
    so.as_of = *ParseDate("2025-10-15");
    so.for_people = true;
    screening = Screen(programs, bound, so);
  }
};

}  // namespace

TEST_CASE("serve: /healthz, keep-alive and one log line per request without applicant data", "[serve]") {
  TestServer ts;
  Client c(ts.server->port());
  for (int i = 0; i < 3; ++i) {
    Reply r = c.Send("GET", "/healthz");  // the same connection each time
    REQUIRE(r.status == 200);
    CHECK(r.Json()["status"] == "ok");
    CHECK(r.Json()["rules"]["generation"] == 1);
  }
  Reply r = c.Send("POST", "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki);
  REQUIRE(r.status == 200);
  CHECK(r.headers["Content-Security-Policy"].find("default-src 'self'") != std::string::npos);
  auto log = ts.Log();
  size_t requests = 0;
  for (const auto& line : log) {
    json j = json::parse(line);
    if (!j.contains("route")) continue;
    ++requests;
    CHECK(line.find("高崎") == std::string::npos);  // no applicant data
    CHECK(line.find("takasaki-maker") == std::string::npos);
  }
  CHECK(requests == 4);
}

TEST_CASE("serve: GET /v1/programs lists every program, open on ?as_of", "[serve]") {
  TestServer ts;
  Reply r = Get(ts.server->port(), "/v1/programs?as_of=2025-10-15");
  REQUIRE(r.status == 200);
  json j = r.Json();
  REQUIRE(j["programs"].size() == ShippedPrograms());
  bool takasaki_open = false;
  for (const auto& p : j["programs"]) {
    CHECK(!p["title"]["ja"].get<std::string>().empty());
    CHECK(!p["title"]["en"].get<std::string>().empty());
    CHECK(p["themes"].is_array());
    if (p["id"] == "gunma.takasaki-trade-fair-2025") takasaki_open = p["window"]["open"];
  }
  CHECK(takasaki_open);
  CHECK(Get(ts.server->port(), "/v1/programs?as_of=2030-01-01").Json()["programs"][0]["window"]["open"] == false);
  CHECK(Get(ts.server->port(), "/v1/programs?theme=it").Json()["programs"].size() == 1);
  RequireProblem(Get(ts.server->port(), "/v1/programs?as_of=2025-02-30"), 400, "bad-parameter");
  RequireProblem(Get(ts.server->port(), "/v1/programs?theme=nothing"), 400, "bad-parameter");
  RequireProblem(Get(ts.server->port(), "/v1/programs?lang=fr"), 400, "bad-parameter");
}

TEST_CASE("serve: GET /v1/programs/{id} is the program page as JSON and an unknown id is 404", "[serve]") {
  TestServer ts;
  Reply r = Get(ts.server->port(), "/v1/programs/gunma.takasaki-trade-fair-2025?lang=en");
  REQUIRE(r.status == 200);
  json j = r.Json();
  CHECK(j["id"] == "gunma.takasaki-trade-fair-2025");
  bool city = false;
  for (const auto& f : j["facts"])
    if (f["name"] == "city") {
      city = true;
      CHECK(f["type"] == "municipality");
      CHECK(f["choices"].size() > 30);
      CHECK(!f["question"]["ja"].get<std::string>().empty());
    }
  CHECK(city);
  REQUIRE(!j["requirements"].empty());
  for (const auto& rule : j["requirements"]) CHECK(rule.contains("cite"));
  CHECK(!j["award"]["words"].get<std::string>().empty());
  RequireProblem(Get(ts.server->port(), "/v1/programs/no.such"), 404, "unknown-program");
}

TEST_CASE("serve: POST /v1/check gives each program's decision as the CLI renders it", "[serve]") {
  TestServer ts;
  Schema applicant("applicant.schema.json"), decision("decision.schema.json");
  RequireValid(applicant, json::parse(kTakasaki));
  const std::string id = "gunma.takasaki-trade-fair-2025";
  Reply r = Post(ts.server->port(), "/v1/check?program=" + id + "&lang=ja", kTakasaki);
  REQUIRE(r.status == 200);
  json j = r.Json();
  REQUIRE(j["decisions"].size() == 1);
  RequireValid(decision, j["decisions"][0]);
  CHECK(j["decisions"][0]["outcome"] == "eligible");
  CHECK(j["decisions"][0]["award"]["yen"] == 272777);
  Direct d(kTakasaki, {id});
  CHECK(j["decisions"][0] == json::parse(RenderJson(d.screening.programs[0].decision, Lang::kJa)));
  // Every program: each carries its final award, and all hold to the schema.
  json all = Post(ts.server->port(), "/v1/check?lang=en", kTakasaki).Json();
  REQUIRE(all["decisions"].size() == ShippedPrograms());
  for (const auto& one : all["decisions"]) {
    RequireValid(decision, one);
    CHECK(one.contains("final_award"));
  }
}

TEST_CASE("serve: POST /v1/screen is the screening of `elig match --format json`", "[serve]") {
  TestServer ts;
  Reply r = Post(ts.server->port(), "/v1/screen?lang=en", kTakasaki);
  REQUIRE(r.status == 200);
  Direct d(kTakasaki, {});
  CHECK(r.Json() == json::parse(RenderMatchJson(d.screening, d.applicant.id, Lang::kEn)));
  CHECK(r.Json()["eligible"][0]["final_award"]["yen"] == 272777);
  CHECK(Post(ts.server->port(), "/v1/screen?theme=it", kTakasaki).Json()["ineligible"].size() == 1);
}

TEST_CASE("serve: POST /v1/ask gives the next question, then the screening", "[serve]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  json q = Post(port, "/v1/ask?lang=ja", "{}").Json();
  REQUIRE(q["done"] == false);
  // Where the business is comes first: the municipality, with Gunma's 35 and 群馬県外.
  CHECK(q["question"]["fact"] == "city");
  CHECK(q["question"]["choices"].size() == 36);
  // Not known (null): never asked again.
  json next = Post(port, "/v1/ask", R"({"city": null})").Json();
  CHECK(next["question"]["fact"] != "city");
  // A refused answer is named.
  json bad = Post(port, "/v1/ask", R"({"capital": "many"})").Json();
  REQUIRE(bad["input_issues"].size() == 1);
  CHECK(bad["input_issues"][0]["fact"] == "capital");
  json done = Post(port, "/v1/ask?lang=ja", kTakasaki).Json();
  REQUIRE(done["done"] == true);
  CHECK(done["screening"]["eligible"][0]["program"] == "gunma.takasaki-trade-fair-2025");
}

// A company in Takasaki, before the questions about the fair.
const std::string kTakasakiBusiness =
    R"json({"legal_form": "(株)", "city": "高崎市", "industry": "製造", "capital": "1,000万円"})json";

TEST_CASE("serve: POST /v1/ask asks a program's yes/no questions as one checklist", "[serve][checklist]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  Schema question("question.schema.json");
  json step = Post(port, "/v1/ask?lang=ja&theme=trade-fair&as_of=2025-10-15", kTakasakiBusiness).Json();
  REQUIRE(step["done"] == false);
  const json& q = step["question"];
  RequireValid(question, q);
  REQUIRE(q["kind"] == "checklist");
  CHECK(q["text"] == "次のうち、当てはまるものをすべて選んでください");
  CHECK(q["none"] == "当てはまるものはない");
  REQUIRE(q["items"].size() >= 2);
  std::set<std::string> facts;
  for (const auto& item : q["items"]) {
    facts.insert(item["fact"].get<std::string>());
    CHECK(Japanese(item["statement"].get<std::string>()));
    CHECK(item["programs"][0] == "gunma.takasaki-trade-fair-2025");
  }
  CHECK(facts.count("city_tax_arrears"));
  CHECK(facts.count("exhibits_alone"));
  // Every question of the kind `fact` holds to the schema too.
  json first = Post(port, "/v1/ask?lang=en", "{}").Json();
  RequireValid(question, first["question"]);
  CHECK(first["question"]["kind"] == "fact");

  // Answered item by item (ticked: true), none of them is asked again; nor when not known (null).
  for (const bool known : {true, false}) {
    INFO(known);
    json body = json::parse(kTakasakiBusiness);
    for (const auto& f : facts) body[f] = known ? json(f == "exhibits_alone" || f == "fair_public_backing") : json(nullptr);
    json after = Post(port, "/v1/ask?lang=en&theme=trade-fair&as_of=2025-10-15", body.dump()).Json();
    REQUIRE(after.contains("question"));
    RequireValid(question, after["question"]);
    if (after["question"]["kind"] == "fact") CHECK(facts.count(after["question"]["fact"].get<std::string>()) == 0);
    else
      for (const auto& item : after["question"]["items"]) CHECK(facts.count(item["fact"].get<std::string>()) == 0);
  }
  // The English statements.
  json en = Post(port, "/v1/ask?lang=en&theme=trade-fair&as_of=2025-10-15", kTakasakiBusiness).Json();
  CHECK(en["question"]["text"] == "Which of these apply? Choose all that do");
  CHECK_FALSE(Japanese(en["question"]["items"][0]["statement"].get<std::string>()));
}

TEST_CASE("serve: /v1/openapi.json describes the question as docs/schemas/question.schema.json does", "[serve][checklist]") {
  json api = json::parse(test::Slurp(std::string(ELIG_SOURCE_DIR) + "/docs/openapi.json"));
  json schema = json::parse(test::Slurp(std::string(ELIG_SOURCE_DIR) + "/docs/schemas/question.schema.json"));
  const json& c = api["components"]["schemas"];
  CHECK(c["AskStep"]["properties"]["question"]["$ref"] == "#/components/schemas/Question");
  CHECK(c["Question_fact"] == schema["$defs"]["fact"]);
  CHECK(c["Question_checklist"] == schema["$defs"]["checklist"]);
  CHECK(c["Question"]["anyOf"].size() == 2);
}

TEST_CASE("serve: bad requests are problem documents and the server stays up", "[serve]") {
  serve::ServeOptions o;
  o.max_body = 4096;
  TestServer ts(o);
  uint16_t port = ts.server->port();
  // Too large: 413, whether announced by Content-Length or not.
  RequireProblem(Post(port, "/v1/check", std::string(5000, ' ')), 413, "too-large");
  {
    Client c(port);  // chunked: no length announced, the limit found while reading
    http::request<http::string_body> req(http::verb::post, "/v1/check", 11);
    req.set(http::field::content_type, "application/json");
    req.body() = std::string(5000, ' ');
    req.chunked(true);
    http::write(c.stream, req);
    RequireProblem(c.Read(), 413, "too-large");
  }
  // Malformed JSON names the line and column.
  Reply bad = Post(port, "/v1/check", "{\n  \"city\": \"高崎市\",\n  \"capital\": 1000000,,\n}");
  RequireProblem(bad, 400, "bad-json");
  json p = bad.Json();
  REQUIRE(!p["errors"].empty());
  CHECK(p["errors"][0]["line"].get<int>() >= 1);
  CHECK(std::regex_search(p["detail"].get<std::string>(), std::regex("[0-9]+行[0-9]+列")));
  CHECK(std::regex_search(Post(port, "/v1/check?lang=en", "[1,2]").Json()["detail"].get<std::string>(),
                          std::regex("line [0-9]+, column [0-9]+")));
  RequireProblem(Post(port, "/v1/check", std::string(200, '[')), 400, "bad-json");  // too deep
  RequireProblem(Post(port, "/v1/check", "\xff\xfe{}"), 400, "bad-json");
  RequireProblem(Post(port, "/v1/check?program=no.such", "{}"), 404, "unknown-program");
  RequireProblem(Client(port).Send("POST", "/v1/check", "a=1", "application/x-www-form-urlencoded"), 415, "unsupported-media-type");
  Reply wrong = Client(port).Send("GET", "/v1/check");
  RequireProblem(wrong, 405, "method-not-allowed");
  CHECK(wrong.headers["Allow"] == "POST");
  RequireProblem(Client(port).Send("PUT", "/healthz", "{}"), 405, "method-not-allowed");
  RequireProblem(Get(port, "/nowhere"), 404, "not-found");
  RequireProblem(Post(port, "/v1/check?as_of=yesterday", "{}"), 400, "bad-parameter");
  // English when asked.
  CHECK(Get(port, "/nowhere?lang=en").Json()["title"] == "Not found");
  // A browser gets a page for the same problem.
  Reply page = Client(port).Send("GET", "/nowhere", "", "", "text/html");
  CHECK(page.status == 404);
  CHECK(page.headers["Content-Type"].rfind("text/html", 0) == 0);
  // Headers past the limit: 431; garbage: 400; then the server still answers.
  {
    Client c(port);
    http::request<http::string_body> req(http::verb::get, "/healthz", 11);
    req.set("X-Big", std::string(20000, 'x'));
    http::write(c.stream, req);
    RequireProblem(c.Read(), 431, "headers-too-large");
  }
  {
    Client c(port);
    net::write(c.stream.socket(), net::buffer(std::string("NOT HTTP AT ALL\r\n\r\n")));
    RequireProblem(c.Read(), 400, "bad-request");
  }
  CHECK(Get(port, "/healthz").status == 200);
}

TEST_CASE("serve: a client too slow with its headers is cut off and connections past the limit get 503", "[serve]") {
  serve::ServeOptions o;
  o.header_timeout = std::chrono::milliseconds(300);
  o.body_timeout = std::chrono::milliseconds(300);
  o.max_connections = 2;
  TestServer ts(o);
  uint16_t port = ts.server->port();
  {
    Client slow(port);
    net::write(slow.stream.socket(), net::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: x\r\n")));  // never ends
    auto begun = std::chrono::steady_clock::now();
    // Told why (in Japanese: nothing says otherwise), then closed.
    Reply r = slow.Read();
    RequireProblemIn(r, 408, "timeout", "ja", Msg::kServeTimeout);
    CHECK(r.Json()["detail"] == Say(Lang::kJa, Msg::kServeTimeoutDetail, fmt::arg("seconds", 0.3)));
    CHECK_THROWS(slow.Read());
    CHECK(std::chrono::steady_clock::now() - begun < std::chrono::seconds(5));
  }
  {
    Client slow(port);  // the headers in, the body too slow: in the language they ask for
    net::write(slow.stream.socket(), net::buffer(std::string("POST /v1/check HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\n"
                                                             "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")));
    RequireProblemIn(slow.Read(), 408, "timeout", "en", Msg::kServeTimeout);
  }
  {
    Client idle(port);  // a connection that never asks anything is closed without an answer
    CHECK_THROWS(idle.Read());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the server counts the slow ones out
  Client a(port), b(port);
  REQUIRE(a.Send("GET", "/healthz").status == 200);
  REQUIRE(b.Send("GET", "/healthz").status == 200);
  Reply busy = Client(port).Read();  // asks nothing: Japanese, once its second is up
  RequireProblemIn(busy, 503, "busy", "ja", Msg::kServeBusy);
  CHECK(busy.Json()["detail"] == Say(Lang::kJa, Msg::kServeBusyDetail, fmt::arg("limit", 2)));
  CHECK(busy.headers["Retry-After"] == "1");
  RequireProblemIn(Client(port).Send("GET", "/healthz", "", "", "", "en-US,en;q=0.9"), 503, "busy", "en", Msg::kServeBusy);
  RequireProblemIn(Client(port).Send("GET", "/healthz?lang=en"), 503, "busy", "en", Msg::kServeBusy);
  // Kept-alive connections that stay idle are closed in their time (then drained for a
  // second at most), and their places taken.
  std::this_thread::sleep_for(std::chrono::milliseconds(1600));
  CHECK_THROWS(a.Send("GET", "/healthz"));
  CHECK(Get(port, "/healthz").status == 200);
}

TEST_CASE("serve: problems sent before a request is read whole follow its language, Japanese first", "[serve]") {
  serve::ServeOptions o;
  o.max_body = 4096;
  TestServer ts(o);
  uint16_t port = ts.server->port();
  std::string big(5000, ' ');
  // 413 from Content-Length: ja without a word on it, else as ?lang= or Accept-Language says.
  Reply ja = Post(port, "/v1/check", big);
  RequireProblemIn(ja, 413, "too-large", "ja", Msg::kServeTooLarge);
  CHECK(ja.Json()["detail"] == Say(Lang::kJa, Msg::kServeTooLargeDetail, fmt::arg("limit", 4096)));
  RequireProblemIn(PostIn(port, "/v1/check", big, "en"), 413, "too-large", "en", Msg::kServeTooLarge);
  RequireProblemIn(Post(port, "/v1/check?lang=en", big), 413, "too-large", "en", Msg::kServeTooLarge);
  RequireProblemIn(PostIn(port, "/v1/check?lang=ja", big, "en"), 413, "too-large", "ja", Msg::kServeTooLarge);
  {
    Client c(port);  // chunked: found while reading the body
    http::request<http::string_body> req(http::verb::post, "/v1/check", 11);
    req.set(http::field::content_type, "application/json");
    req.set(http::field::accept_language, "en");
    req.body() = big;
    req.chunked(true);
    http::write(c.stream, req);
    RequireProblemIn(c.Read(), 413, "too-large", "en", Msg::kServeTooLarge);
  }
  // 431 and 400: the headers could not be parsed; what of them arrived names the language.
  std::string huge = "X-Big: " + std::string(20000, 'x') + "\r\n\r\n";
  Reply h = Raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\naccept-language: en-GB, ja;q=0.5\r\n" + huge);
  RequireProblemIn(h, 431, "headers-too-large", "en", Msg::kServeHeaders);
  CHECK(h.Json()["detail"] == Say(Lang::kEn, Msg::kServeHeadersDetail, fmt::arg("limit", 16384)));
  RequireProblemIn(Raw(port, "GET /healthz?lang=en HTTP/1.1\r\nHost: x\r\n" + huge), 431, "headers-too-large", "en",
                   Msg::kServeHeaders);
  RequireProblemIn(Raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n" + huge), 431, "headers-too-large", "ja",
                   Msg::kServeHeaders);
  RequireProblemIn(Raw(port, "NOT HTTP AT ALL\r\n\r\n"), 400, "bad-request", "ja", Msg::kServeBadRequest);
  RequireProblemIn(Raw(port, "GET /healthz HTTP/1.1\r\nAccept-Language: en\r\nno colon here\r\n\r\n"), 400, "bad-request",
                   "en", Msg::kServeBadRequest);
  CHECK(Get(port, "/healthz").status == 200);
}

TEST_CASE("serve: the API speaks ?lang=, else the one of ja and en Accept-Language prefers, else Japanese", "[serve]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  Direct d(kTakasaki, {});
  std::string en = RenderMatchJson(d.screening, d.applicant.id, Lang::kEn);
  std::string ja = RenderMatchJson(d.screening, d.applicant.id, Lang::kJa);
  CHECK(Post(port, "/v1/screen", kTakasaki).body == ja);
  CHECK(Post(port, "/v1/screen?lang=en", kTakasaki).body == en);
  CHECK(Post(port, "/v1/screen?lang=ja", kTakasaki).body == ja);
  CHECK(PostIn(port, "/v1/screen", kTakasaki, "en").body == en);
  CHECK(PostIn(port, "/v1/screen?lang=ja", kTakasaki, "en").body == ja);  // the parameter comes first
  CHECK(PostIn(port, "/v1/screen?lang=en", kTakasaki, "ja").body == en);
  // Accept-Language: the higher weight, then the first; q=0 refuses; other languages are passed over.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"en-US,en;q=0.9,ja;q=0.8", "en"}, {"ja,en;q=0.9", "ja"},    {"ja;q=0.5, en;q=0.8", "en"},
      {"EN", "en"},                      {"fr-FR, en-GB", "en"},    {"fr, de", "ja"},
      {"en;q=0, ja;q=0.1", "ja"},        {"de-EN, jam", "ja"},      {"en;q=0.5, ja;q=0.5", "en"},
      {"*", "ja"},                       {"en;q=x", "ja"},          {"", "ja"}};
  for (const auto& [header, lang] : cases) {
    INFO(header);
    Reply r = Client(port).Send("GET", "/nowhere", "", "", "", header);
    CHECK(r.Json()["lang"] == lang);
    CHECK(PostIn(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki, header).Json()["lang"] == lang);
  }
  // A language that is neither is refused in the one the client reads.
  Reply bad = Client(port).Send("GET", "/v1/programs?lang=fr", "", "", "", "en");
  RequireProblemIn(bad, 400, "bad-parameter", "en", Msg::kServeBadParam);
}

TEST_CASE("serve: binding an applicant for every program at once is binding each alone", "[serve]") {
  std::unique_ptr<RuleSet> rules = RuleSet::LoadDir(kRules);
  std::vector<const CompiledProgram*> programs;
  for (const auto& p : rules->programs()) programs.push_back(p.get());
  REQUIRE(programs.size() > 5);
  // Answers in everyday forms, refused ones, lists, texts and unknowns.
  const std::vector<std::string> applicants = {
      kTakasaki, "{}",
      R"json({"city": "前橋", "legal_form": "個人事業主", "capital": "many", "industry": "製造", "employees": "三十",
          "booth_fee": "-5", "fair_location": null, "decoration_fee": "16万円", "exhibits_alone": "はい"})json",
      R"json({"city": "群馬県外", "legal_form": "(株)", "capital": 0, "industry": "サービス", "fair_start": "令和7年11月1日",
          "themes": ["trade-fair", "it"], "company_name": "株式会社テスト"})json"};
  auto same = [](const Value& a, const Value& b) {
    if (a.kind != b.kind) return false;
    if (a.kind == VKind::kText) return *a.text == *b.text;
    if (a.kind == VKind::kList) {
      if (a.list->items.size() != b.list->items.size()) return false;
      for (size_t i = 0; i < a.list->items.size(); ++i)
        if (a.list->items[i].kind != b.list->items[i].kind || CompareValues(a.list->items[i], b.list->items[i]) != 0)
          return false;
      return true;
    }
    return !a.IsKnown() || (a.yen == b.yen && CompareValues(a, b) == 0);
  };
  for (const auto& text : applicants) {
    INFO(text);
    Applicant a;
    std::vector<Diagnostic> diags;
    REQUIRE(ParseApplicantJson(SourceFile("body", text), a, diags));
    std::vector<FactValues> all = BindEach(programs, a);
    REQUIRE(all.size() == programs.size());
    for (size_t k = 0; k < programs.size(); ++k) {
      INFO(programs[k]->id);
      FactValues alone = Bind(*programs[k], a);
      REQUIRE(all[k].values.size() == alone.values.size());
      for (size_t i = 0; i < alone.values.size(); ++i) {
        INFO(programs[k]->facts[i].name);
        CHECK(same(all[k].values[i], alone.values[i]));
      }
      REQUIRE(all[k].issues.size() == alone.issues.size());
      for (size_t i = 0; i < alone.issues.size(); ++i) {
        CHECK(all[k].issues[i].fact == alone.issues[i].fact);
        CHECK(all[k].issues[i].message.ja == alone.issues[i].message.ja);
        CHECK(all[k].issues[i].message.en == alone.issues[i].message.en);
        CHECK(all[k].issues[i].loc.line == alone.issues[i].loc.line);
      }
    }
    // The screening JSON is the bytes nlohmann writes for the same tree (sorted keys, indented by 2).
    for (Lang lang : {Lang::kJa, Lang::kEn}) {
      ScreenOptions so;
      so.as_of = *ParseDate("2025-10-15");
      so.for_people = true;
      std::string out = RenderMatchJson(Screen(programs, all, so), a.id, lang);
      CHECK(json::parse(out).dump(2, ' ', false, json::error_handler_t::replace) + "\n" == out);
    }
  }
}

TEST_CASE("serve: a reload with a broken rule set keeps the old one and a good one replaces it", "[serve]") {
  fs::path dir = fs::temp_directory_path() / ("elig-serve-reload-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::copy(kRules, dir, fs::copy_options::recursive);
  serve::ServeOptions o;
  o.rules_dir = dir.string();
  TestServer ts(o);
  uint16_t port = ts.server->port();
  std::string hash = ts.server->rules_hash();
  fs::path file = dir / "gunma" / "takasaki-trade-fair-2025.yaml";
  std::string text = test::Slurp(file.string());
  { std::ofstream(file, std::ios::binary | std::ios::trunc) << text << "\nrequirements: [ {{{\n"; }
  std::string errors;
  CHECK_FALSE(ts.server->Reload(errors));
  CHECK(errors.find("takasaki-trade-fair-2025.yaml") != std::string::npos);
  CHECK(ts.server->generation() == 1);
  CHECK(ts.server->rules_hash() == hash);
  CHECK(Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki).Json()["decisions"][0]["award"]["yen"] == 272777);
  // A refused reload is logged with its errors.
  bool logged = false;
  for (const auto& line : ts.Log()) logged = logged || line.find("\"refused\"") != std::string::npos;
  CHECK(logged);
  // Fixed (the cap halved): the new set serves.
  std::string halved = std::regex_replace(text, std::regex("rate: *1/2"), "rate: 1/4");
  REQUIRE(halved != text);
  { std::ofstream(file, std::ios::binary | std::ios::trunc) << halved; }
  REQUIRE(ts.server->Reload(errors));
  CHECK(ts.server->generation() == 2);
  CHECK(ts.server->rules_hash() != hash);
  json j = Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki).Json();
  CHECK(j["rules"]["generation"] == 2);
  CHECK(j["decisions"][0]["award"]["yen"] != 272777);
  CHECK(Get(port, "/metrics").body.find("elig_rules_reloads_total{result=\"refused\"} 1") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("serve: with --audit every decision is logged before it goes out, and the log verifies", "[serve]") {
  fs::path db = fs::temp_directory_path() / ("elig-serve-audit-" + std::to_string(::getpid()) + ".db");
  fs::remove(db);
  serve::ServeOptions o;
  o.audit = db.string();
  {
    TestServer ts(o);
    uint16_t port = ts.server->port();
    REQUIRE(Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki).status == 200);
    REQUIRE(Post(port, "/v1/screen", kTakasaki).status == 200);
    REQUIRE(Post(port, "/v1/ask", kTakasaki).Json()["done"] == true);
    // A log that refuses writes: the request fails and no decision goes out.
    {
      store::Status st;
      auto other = store::AuditLog::Open(db.string(), st);
      REQUIRE(other);
      REQUIRE(other->db().Exec("CREATE TRIGGER refuse BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'refused'); END").ok());
    }
    Reply refused = Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki);
    RequireProblem(refused, 503, "audit-failed");
    CHECK(refused.body.find("eligible") == std::string::npos);
    {
      store::Status st;
      auto other = store::AuditLog::Open(db.string(), st);
      REQUIRE(other->db().Exec("DROP TRIGGER refuse").ok());
    }
    REQUIRE(Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki).status == 200);
  }
  store::Status st;
  auto log = store::AuditLog::Open(db.string(), st, store::OpenMode::kReadOnly);
  REQUIRE(log);
  store::VerifyReport report;
  REQUIRE(store::VerifyAudit(*log, report).ok());
  INFO(report.problems.size());
  CHECK(report.problems.empty());
  CHECK(report.rows == static_cast<int64_t>(1 + 2 * ShippedPrograms() + 1));
  CHECK(report.replayed == report.rows);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db.string() + suffix);
}

TEST_CASE("serve: /metrics counts requests by route and status, decisions by outcome, and names the rules", "[serve]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki);
  Get(port, "/nowhere");
  std::string m = Get(port, "/metrics").body;
  CHECK(m.find("elig_http_requests_total{route=\"/v1/check\",status=\"200\"} 1") != std::string::npos);
  CHECK(m.find("elig_http_requests_total{route=\"other\",status=\"404\"} 1") != std::string::npos);
  CHECK(m.find("elig_http_request_duration_seconds_bucket{route=\"/v1/check\",le=\"+Inf\"} 1") != std::string::npos);
  CHECK(m.find("elig_decisions_total{outcome=\"eligible\"} 1") != std::string::npos);
  CHECK(m.find("elig_rules_info{generation=\"1\",hash=\"" + ts.server->rules_hash()) != std::string::npos);
}

TEST_CASE("serve: /v1/openapi.json is docs/openapi.json, OpenAPI 3.1 naming every route", "[serve]") {
  TestServer ts;
  Reply r = Get(ts.server->port(), "/v1/openapi.json");
  REQUIRE(r.status == 200);
  CHECK(r.body == test::Slurp(std::string(ELIG_SOURCE_DIR) + "/docs/openapi.json"));
  json j = r.Json();
  CHECK(j["openapi"] == "3.1.0");
  for (const char* path : {"/v1/programs", "/v1/programs/{id}", "/v1/check", "/v1/screen", "/v1/ask", "/healthz", "/metrics",
                           "/v1/openapi.json"}) {
    INFO(path);
    CHECK(j["paths"].contains(path));
  }
  // Every operation that takes ?lang= names the Accept-Language header beside it.
  size_t with_lang = 0;
  for (const auto& [path, item] : j["paths"].items())
    for (const auto& [method, op] : item.items()) {
      INFO(path << " " << method);
      bool lang = false, accept = false;
      for (const auto& p : op.value("parameters", json::array())) {
        lang = lang || p.value("name", "") == "lang";
        accept = accept || (p.value("name", "") == "Accept-Language" && p.value("in", "") == "header");
      }
      CHECK(lang == accept);
      with_lang += lang;
    }
  CHECK(with_lang == 5);
}

TEST_CASE("serve: the web self-check walks to a result with the amount, in Japanese and in English", "[serve]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  Reply start = Get(port, "/");
  REQUIRE(start.status == 200);
  CHECK(start.body.find("<html lang=\"ja\">") != std::string::npos);
  CHECK(start.body.find("<script") == std::string::npos);
  CHECK(Get(port, "/?lang=en").body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(Get(port, "/style.css").headers["Content-Type"].rfind("text/css", 0) == 0);
  const std::string form = "application/x-www-form-urlencoded";
  // The answers of tests/golden/cli/ask-takasaki-company-ja.txt, all at once as the hidden fields carry them.
  json a = json::parse(kTakasaki);
  std::string fields = "lang=ja&theme=trade-fair";
  for (const auto& [k, v] : a.items()) {
    if (k == "id") continue;
    std::string text = v.is_string() ? v.get<std::string>() : v.is_boolean() ? (v.get<bool>() ? "yes" : "no") : v.dump();
    std::string enc;
    for (unsigned char ch : text) enc += fmt::format("%{:02X}", ch);
    fields += "&a." + k + "=" + enc;
  }
  Reply result = Client(port).Send("POST", "/ask", fields, form);
  REQUIRE(result.status == 200);
  CHECK(result.body.find("272,777円") != std::string::npos);
  CHECK(result.body.find("申請期限") != std::string::npos);
  CHECK(result.body.find("申請先") != std::string::npos);
  Reply en = Client(port).Send("POST", "/ask", std::regex_replace(fields, std::regex("lang=ja"), "lang=en"), form);
  CHECK(en.body.find("<html lang=\"en\">") != std::string::npos);
  CHECK(en.body.find("272,777 yen") != std::string::npos);
  // One question: answered wrongly, it is asked again with the reason.
  Reply q = Client(port).Send("POST", "/ask", "lang=ja&theme=trade-fair", form);
  REQUIRE(q.status == 200);
  std::smatch m;
  REQUIRE(std::regex_search(q.body, m, std::regex("name=\"q\" value=\"([^\"]+)\"")));
  Reply again = Client(port).Send("POST", "/ask", "lang=ja&theme=trade-fair&q=" + m[1].str() + "&go=next", form);
  CHECK(again.status == 422);
  CHECK(again.body.find("role=\"alert\"") != std::string::npos);
  Reply skipped = Client(port).Send("POST", "/ask", "lang=ja&theme=trade-fair&q=" + m[1].str() + "&go=dontknow", form);
  CHECK(skipped.body.find("name=\"u\" value=\"" + m[1].str() + "\"") != std::string::npos);
  CHECK(Client(port).Send("POST", "/ask", "lang=ja&theme=nothing", form).status == 400);
}

// The checklist page: a checkbox per statement and one for "none of these", in a fieldset
// named by its question; nothing ticked, or "none" beside an item, is asked again.
TEST_CASE("serve: the web self-check asks a program's yes/no questions as one page of checkboxes", "[serve][checklist]") {
  TestServer ts;
  uint16_t port = ts.server->port();
  const std::string form = "application/x-www-form-urlencoded";
  auto enc = [](const std::string& text) {
    std::string out;
    for (unsigned char ch : text) out += fmt::format("%{:02X}", ch);
    return out;
  };
  std::string state = "lang=ja&theme=trade-fair";
  json business = json::parse(kTakasakiBusiness);
  for (auto it = business.begin(); it != business.end(); ++it) state += "&a." + it.key() + "=" + enc(it.value().get<std::string>());
  Reply page = Client(port).Send("POST", "/ask", state, form);
  REQUIRE(page.status == 200);
  CHECK(page.body.find("<p class=\"progress\">質問 1</p>") != std::string::npos);
  CHECK(page.body.find("<legend><h1>次のうち、当てはまるものをすべて選んでください</h1></legend>") != std::string::npos);
  CHECK(page.body.find("type=\"checkbox\" id=\"item-none\" name=\"answer\" value=\"-none\"") != std::string::npos);
  CHECK(page.body.find("当てはまるものはない") != std::string::npos);
  CHECK(page.body.find("<script") == std::string::npos);
  std::vector<std::string> items;
  std::string fields;
  std::regex hidden("name=\"c\" value=\"([^\"]+)\"");
  for (std::sregex_iterator it(page.body.begin(), page.body.end(), hidden), end; it != end; ++it) {
    items.push_back((*it)[1].str());
    fields += "&c=" + (*it)[1].str();
  }
  REQUIRE(items.size() >= 2);
  for (const auto& f : items) CHECK(page.body.find("value=\"" + f + "\"><label for=") != std::string::npos);  // its checkbox

  Reply nothing = Client(port).Send("POST", "/ask", state + fields + "&go=next", form);
  CHECK(nothing.status == 422);
  CHECK(nothing.body.find("role=\"alert\"") != std::string::npos);
  Reply both = Client(port).Send("POST", "/ask", state + fields + "&answer=-none&answer=" + items[0] + "&go=next", form);
  CHECK(both.status == 422);
  CHECK(both.body.find("「当てはまるものはない」とほかの項目は一緒に選べません") != std::string::npos);
  CHECK(both.body.find("value=\"" + items[0] + "\" checked") != std::string::npos);  // what was ticked stays ticked

  // Ticked: yes; the others: no; carried on as answers, and not asked again. Exhibiting alone
  // at a publicly backed fair keeps the program open: the next question follows.
  std::string ticks;
  for (const auto& f : items)
    if (f == "exhibits_alone" || f == "fair_public_backing") ticks += "&answer=" + f;
  REQUIRE_FALSE(ticks.empty());
  Reply next = Client(port).Send("POST", "/ask", state + fields + ticks + "&go=next", form);
  REQUIRE(next.status == 200);
  CHECK(next.body.find("<p class=\"progress\">質問 2</p>") != std::string::npos);  // the checklist was one question
  for (const auto& f : items) {
    bool ticked = ticks.find("=" + f) != std::string::npos;
    CHECK(next.body.find("name=\"a." + f + "\" value=\"" + (ticked ? "yes" : "no") + "\"") != std::string::npos);
    CHECK(next.body.find("name=\"c\" value=\"" + f + "\"") == std::string::npos);
  }
  Reply none = Client(port).Send("POST", "/ask", state + fields + "&answer=-none&go=next", form);
  for (const auto& f : items) CHECK(none.body.find("name=\"a." + f + "\" value=\"no\"") != std::string::npos);
  // I don't know: every item is left unknown.
  Reply unknown = Client(port).Send("POST", "/ask", state + fields + "&go=dontknow", form);
  for (const auto& f : items) CHECK(unknown.body.find("name=\"u\" value=\"" + f + "\"") != std::string::npos);
}

namespace {

// A free port on loopback (bound and released: another process may take it first, rarely).
uint16_t FreePort() {
  net::io_context ioc;
  tcp::acceptor a(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

// `elig serve` as a process of its own, stderr discarded.
pid_t SpawnServe(uint16_t port, const std::string& audit) {
  std::vector<std::string> args = {ELIG_BINARY, "serve", "--rules", kRules, "--listen", "127.0.0.1:" + std::to_string(port),
                                   "--audit", audit, "--as-of", "2025-10-15", "--threads", "2"};
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (FILE* devnull = std::fopen("/dev/null", "w")) dup2(fileno(devnull), 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 200; ++i) {  // up within 10 s
    try {
      if (Get(port, "/healthz").status == 200) return pid;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pid;
}

int64_t VerifiedRows(const std::string& db) {
  store::Status st;
  auto log = store::AuditLog::Open(db, st, store::OpenMode::kReadOnly);
  REQUIRE(log);
  store::VerifyReport report;
  store::VerifyOptions vo;
  vo.replay = false;  // the chain and the sources; replaying thousands of rows adds nothing here
  REQUIRE(store::VerifyAudit(*log, report, vo).ok());
  for (const auto& p : report.problems) UNSCOPED_INFO(p.kind << ": " << p.message.en);
  REQUIRE(report.problems.empty());
  return report.rows;
}

}  // namespace

TEST_CASE("serve: killed with -9 under load and started again, the audit log verifies and holds every decision acknowledged",
          "[serve][kill]") {
  fs::path db = fs::temp_directory_path() / ("elig-serve-kill-" + std::to_string(::getpid()) + ".db");
  fs::remove(db);
  uint16_t port = FreePort();
  pid_t pid = SpawnServe(port, db.string());
  REQUIRE(pid > 0);
  std::atomic<int64_t> acknowledged{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 4; ++t)
    load.emplace_back([&] {
      try {
        Client c(port);
        for (;;) {
          Reply r = c.Send("POST", "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki);
          if (r.status != 200 || r.body.find("\"decisions\"") == std::string::npos) return;
          acknowledged.fetch_add(1);
        }
      } catch (const std::exception&) {  // the server is gone
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  REQUIRE(::kill(pid, SIGKILL) == 0);
  ::waitpid(pid, nullptr, 0);
  for (auto& t : load) t.join();
  INFO("acknowledged " << acknowledged.load());
  REQUIRE(acknowledged.load() > 0);
  int64_t rows = VerifiedRows(db.string());
  CHECK(rows >= acknowledged.load());  // one row per decision, appended before its response
  CHECK(rows <= acknowledged.load() + 4);  // at most one in flight per connection
  // Started again on the same log: it goes on.
  pid = SpawnServe(port, db.string());
  CHECK(Post(port, "/v1/check?program=gunma.takasaki-trade-fair-2025", kTakasaki).status == 200);
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(VerifiedRows(db.string()) == rows + 1);
  fs::remove(db);
}
