// SPDX-License-Identifier: Apache-2.0
// The applicant readers agree: one JSON reader for every door, and the same refusals of
// bad input (commas inside numbers, keys given twice, facts beside `facts`, NUL in text,
// a bad as_of, CR line ends) on every path.
#include <catch2/catch.hpp>

#include "elig.h"
#include "io/applicant.hpp"
#include "io/applicant_json.hpp"
#include "io/applicant_list.hpp"
#include "io/applicant_writer.hpp"
#include "io/csv.hpp"
#include "io/jsonl.hpp"
#include "io/testfile.hpp"
#include "store/batch.hpp"
#include "store/sqlite.hpp"
#include "store/sqlite_input.hpp"
#include "syntax/rules.hpp"
#include "test_batch_support.hpp"
#include "test_cli_support.hpp"
#include "test_support.hpp"

using namespace elig;
namespace bt = elig::batch_test;
namespace ct = elig::clitest;

namespace {

const char* kShop = R"(program: t.shop
version: "1"
title: { ja: 店, en: Shop }
facts:
  shop: { type: text }
  capital: { type: yen, min: 0 }
  share: { type: decimal }
  employees: { type: int }
requirements:
  - { id: shop, rule: shop == "𠮷野家" }
  - { id: small, rule: capital <= 10_000_000 yen }
)";

// 𠮷野家 as Python's json.dumps writes it: 𠮷 (U+20BB7) as a surrogate pair.
const std::string kEscapedShop = R"("\ud842\udfb7\u91ce\u5bb6")";

struct Read {
  bool ok = false;
  Applicant applicant;
  std::vector<Diagnostic> diags;
  std::string Codes() const {
    std::string s;
    for (const auto& d : diags) s += (s.empty() ? "" : " ") + d.code;
    return s;
  }
};

Read ReadFile(const std::string& name, const std::string& text) {
  Read r;
  SourceFile f(name, text);
  r.ok = ParseApplicant(f, r.applicant, r.diags);
  return r;
}

std::vector<InputRow> Rows(ApplicantStream& in) {
  std::vector<InputRow> rows;
  InputRow row;
  while (in.Next(row)) rows.push_back(row);
  return rows;
}

const RawFact* FactOf(const Applicant& a, const std::string& name) {
  for (const auto& f : a.facts)
    if (f.name == name) return &f;
  return nullptr;
}

// The C API over one in-memory program.
class Api {
 public:
  explicit Api(const char* program = kShop) {
    const char* paths[] = {"p.yaml"};
    const char* texts[] = {program};
    REQUIRE(elig_rules_open_texts(1, paths, texts, &rules_) == ELIG_OK);
    elig_rules_program_id(rules_, 0, &id_);
    REQUIRE(elig_program_open(rules_, id_, &program_) == ELIG_OK);
    REQUIRE(elig_input_new(program_, &input_) == ELIG_OK);
  }
  ~Api() {
    elig_input_free(input_);
    elig_program_free(program_);
    elig_rules_free(rules_);
  }
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  elig_input* input() { return input_; }
  std::string Error() const { return elig_input_errmsg(input_); }
  // outcome, then every input issue as "fact: message".
  std::vector<std::string> Decide() {
    elig_decision* d = nullptr;
    REQUIRE(elig_evaluate(program_, input_, "2026-06-01", 0, &d) == ELIG_OK);
    int outcome = -1;
    elig_decision_outcome(d, &outcome);
    std::vector<std::string> out = {elig_outcome_name(outcome)};
    size_t n = 0;
    elig_decision_issue_count(d, &n);
    for (size_t i = 0; i < n; ++i) {
      const char *fact = nullptr, *message = nullptr;
      elig_decision_issue(d, i, &fact, &message);
      out.push_back(std::string(fact) + ": " + message);
    }
    elig_decision_free(d);
    return out;
  }

 private:
  elig_rules* rules_ = nullptr;
  elig_program* program_ = nullptr;
  elig_input* input_ = nullptr;
  const char* id_ = nullptr;
};

}  // namespace

TEST_CASE("applicant JSON: escaped surrogate pairs read the same in check, the C API, JSON Lines and diff",
          "[readers][json]") {
  const std::string doc = "{\"shop\": " + kEscapedShop + ", \"capital\": 5000000}";
  // An applicant file.
  Read file = ReadFile("a.json", doc);
  REQUIRE(file.ok);
  REQUIRE(FactOf(file.applicant, "shop"));
  CHECK(FactOf(file.applicant, "shop")->value.text == "𠮷野家");
  // JSON Lines.
  auto rows = Rows(*OpenJsonlText(doc + "\n", "in.jsonl"));
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].readable);
  CHECK(FactOf(rows[0].applicant, "shop")->value.text == "𠮷野家");
  // The C API.
  Api api;
  REQUIRE(elig_input_set_json(api.input(), doc.c_str(), 0) == ELIG_OK);
  CHECK(api.Decide() == std::vector<std::string>{"eligible"});
  // A list of applicants for `elig diff`.
  auto dir = ct::Scratch();
  ct::Spit(dir / "list.json", "[" + doc + ", " + doc + "]");
  SourceSet sources;
  std::vector<Diagnostic> diags;
  ApplicantList list = ReadApplicantList((dir / "list.json").string(), {}, sources, diags);
  REQUIRE(list.ok);
  REQUIRE(list.applicants.size() == 2);
  CHECK(FactOf(list.applicants[1], "shop")->value.text == "𠮷野家");
  // `elig check`, on a file named .json and on one whose content is JSON.
  ct::Spit(dir / "shop.json", doc);
  ct::Spit(dir / "shop.txt", doc);
  ct::Spit(dir / "rules/p.yaml", kShop);
  for (const char* name : {"shop.json", "shop.txt"}) {
    auto run = ct::Elig("check --rules " + ct::Quote((dir / "rules").string()) + " --applicant " +
                          ct::Quote((dir / name).string()) + " --as-of 2026-06-01 --format json");
    INFO(run.err);
    CHECK(run.exit == 0);
    CHECK_THAT(run.out, Catch::Contains("\"outcome\": \"eligible\""));
  }
  // A lone surrogate is no character: refused where the JSON is read.
  CHECK_FALSE(ReadFile("b.json", R"({"shop": "\ud842"})").ok);
  CHECK(elig_input_set_json(api.input(), R"({"shop": "\ud842"})", 0) == ELIG_JSON);
}

TEST_CASE("applicant JSON: positions, broken documents and what is not an applicant", "[readers][json]") {
  Read r = ReadFile("a.json", "{\n  \"capital\": 5,\n  \"shop\": tru\n}");
  CHECK_FALSE(r.ok);
  REQUIRE(!r.diags.empty());
  CHECK(r.diags[0].code == "bad-json");
  CHECK(r.diags[0].loc.line == 3);
  r = ReadFile("a.json", "{\"capital\": 01}");
  CHECK_FALSE(r.ok);
  CHECK(r.Codes() == "bad-json");
  r = ReadFile("a.json", "[1, 2]");
  CHECK(r.Codes() == "expected-map");
  r = ReadFile("a.json", "{} {}");
  CHECK(r.Codes() == "bad-json");
  r = ReadFile("a.json", "{\"capital\": {\"yen\": 5}}");
  CHECK(r.Codes() == "bad-value");
  r = ReadFile("a.json", "{\"certs\": [[1]]}");
  CHECK(r.Codes() == "bad-value");
  r = ReadFile("a.json", "{\"as_of\": \"2026-02-30\"}");
  CHECK(r.Codes() == "bad-date");
  r = ReadFile("a.json", "{\"x\": " + std::string(40, '[') + std::string(40, ']') + "}");
  CHECK(r.Codes() == "too-deep");
  // A byte order mark, `note` (a remark), `id` and `as_of`, and null as unknown.
  r = ReadFile("a.json", "\xEF\xBB\xBF{\"id\": \"A-1\", \"as_of\": \"2026-06-01\", \"note\": [\"?\"], \"capital\": null,\n"
                         "\"share\": 0.1}");
  REQUIRE(r.ok);
  CHECK(r.applicant.id == "A-1");
  CHECK(r.applicant.as_of == ParseDate("2026-06-01"));
  REQUIRE(r.applicant.facts.size() == 2);
  CHECK(r.applicant.facts[0].value.type == RawValue::Type::kNull);
  CHECK(r.applicant.facts[1].value.text == "0.1");
  CHECK(r.applicant.facts[1].value.loc.line == 2);
  CHECK(r.applicant.facts[1].value.loc.column == 10);
  // YAML flow maps with plain keys stay YAML.
  r = ReadFile("a.yaml", "{capital: 5}");
  REQUIRE(r.ok);
  CHECK(FactOf(r.applicant, "capital")->value.text == "5");
  // JSON by its content goes to the JSON reader, whatever the file's name; a list too.
  CHECK(LooksLikeJson("a.yaml", "\xEF\xBB\xBF {\"capital\": 5}"));
  CHECK(LooksLikeJson("list.txt", "[\n  {\"capital\": 5}]"));
  CHECK_FALSE(LooksLikeJson("list.yaml", "[{capital: 5}]"));
  CHECK_FALSE(LooksLikeJson("list.yaml", "- capital: 5"));
  r = ReadFile("a.txt", "[{\"capital\": 5}]");
  CHECK(r.Codes() == "expected-map");
}

TEST_CASE("duplicate JSON keys are refused on every path", "[readers][untrusted]") {
  const std::string twice = R"({"facts":{"capital":5},"facts":{"capital":999999999}})";
  // An applicant file (`elig check`): refused, naming the key.
  Read r = ReadFile("a.json", twice);
  CHECK_FALSE(r.ok);
  CHECK(r.Codes() == "duplicate-key");
  for (const char* doc : {R"({"capital": 5, "capital": 999999999})", R"({"id": "a", "id": "b", "capital": 5})",
                          R"({"as_of": "2026-06-01", "as_of": "2027-06-01"})",
                          R"({"facts": {"capital": 5, "capital": 6}})", R"({"note": "a", "note": "b"})"}) {
    INFO(doc);
    Read d = ReadFile("a.json", doc);
    CHECK_FALSE(d.ok);
    CHECK(d.Codes() == "duplicate-key");
    // The same in YAML.
    std::string yaml = doc;
    Read y = ReadFile("a.yaml", yaml.replace(0, 1, "{ ").replace(yaml.size() - 1, 1, " }"));
    CHECK_FALSE(y.ok);
  }
  Read y = ReadFile("a.yaml", "facts:\n  capital: 5\nfacts:\n  capital: 999999999\n");
  CHECK_FALSE(y.ok);
  // The C API, lenient and strict: refused, the input unchanged.
  Api api;
  REQUIRE(elig_input_set_json(api.input(), R"({"shop": "𠮷野家", "capital": 1})", 0) == ELIG_OK);
  CHECK(elig_input_set_json(api.input(), twice.c_str(), 0) == ELIG_JSON);
  CHECK(api.Error() == "`facts` is given twice");
  CHECK(elig_input_set_json(api.input(), twice.c_str(), ELIG_INPUT_STRICT) == ELIG_JSON);
  CHECK(elig_input_set_json(api.input(), R"({"id": "a", "id": "b"})", 0) == ELIG_JSON);
  CHECK(api.Decide() == std::vector<std::string>{"eligible"});
  // JSON Lines: a fact given twice is unknown (neither value is used); a second `facts`,
  // `id` or `as_of` refuses the row.
  auto rows = Rows(*OpenJsonlText(R"({"id": "r1", "capital": 5, "shop": "x", "capital": 999999999})"
                                  "\n" +
                                      twice + "\n" + R"({"id": "a", "id": "b"})" + "\n" +
                                      R"({"as_of": "2026-06-01", "as_of": "2027-06-01"})" + "\n",
                                  "in.jsonl"));
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].readable);
  CHECK(rows[0].applicant.id == "r1");
  CHECK_FALSE(FactOf(rows[0].applicant, "capital"));
  CHECK(FactOf(rows[0].applicant, "shop"));
  REQUIRE(rows[0].issues.size() == 1);
  CHECK(rows[0].issues[0].fact == "capital");
  CHECK(rows[0].issues[0].message.en == "the fact `capital` is given twice");
  for (size_t i = 1; i < 4; ++i) {
    INFO("row " << i);
    CHECK_FALSE(rows[i].readable);
    CHECK(rows[i].applicant.facts.empty());
  }
}

TEST_CASE("batch: a fact given twice on a JSON line is undetermined, not its first value", "[readers][batch]") {
  bt::TempDir dir;
  auto rs = RuleSet::LoadDir(bt::BatchRules());
  REQUIRE(rs->ok());
  bt::WriteFile(dir / "in.jsonl",
                   R"({"id": "twice", "prefecture": "群馬県", "employees": 5, "fair_costs": 400000, "fair_costs": 4000000})"
                   "\n"
                   R"({"id": "once", "prefecture": "群馬県", "employees": 5, "fair_costs": 400000})"
                   "\n");
  auto o = bt::TestBatchOptions(dir / "in.jsonl", dir / "out.db", 10);
  o.programs = {"pref.fair"};
  o.as_of = ParseDate("2026-06-01");
  auto r = store::RunBatch(*rs, o);
  REQUIRE(r.failure == store::BatchFailure::kNone);
  CHECK(bt::One(dir / "out.db", "SELECT outcome || '|' || coalesce(award, '∅') FROM results WHERE applicant_id = 'twice'") ==
        "eligible|∅");  // eligible either way; the award needs fair_costs, which is unknown
  CHECK(bt::One(dir / "out.db", "SELECT outcome || '|' || award FROM results WHERE applicant_id = 'once'") ==
        "eligible|200000");
  CHECK(bt::One(dir / "out.db", "SELECT field || ': ' || message FROM input_errors") ==
        "fair_costs: the fact `fair_costs` is given twice");
}

TEST_CASE("batch: a row with an invalid as_of is refused, never decided on another date", "[readers][batch]") {
  // The readers refuse the row (CSV, JSON Lines).
  auto csv = Rows(*OpenCsvText("id,as_of,capital\na,2025-02-29,5\nb,2025-02-28,5\n", "in.csv"));
  REQUIRE(csv.size() == 2);
  CHECK_FALSE(csv[0].readable);
  CHECK(csv[0].issues[0].fact == "as_of");
  CHECK(csv[1].readable);
  auto jsonl = Rows(*OpenJsonlText("{\"as_of\": \"2025-02-29\", \"capital\": 5}\n{\"as_of\": 20250228}\n"
                                   "{\"as_of\": [\"2025-02-28\"]}\n{\"as_of\": null, \"capital\": 5}\n",
                                   "in.jsonl"));
  REQUIRE(jsonl.size() == 4);
  CHECK_FALSE(jsonl[0].readable);
  CHECK_FALSE(jsonl[1].readable);
  CHECK_FALSE(jsonl[2].readable);
  CHECK(jsonl[3].readable);  // null: no date given, judged on the run's date
  // `elig batch` records it and decides nothing for it, on the short way and the long.
  bt::TempDir dir;
  auto rs = RuleSet::LoadDir(bt::BatchRules());
  REQUIRE(rs->ok());
  for (const char* name : {"in.csv", "in.jsonl"}) {
    INFO(name);
    bool is_csv = std::string(name) == "in.csv";
    bt::WriteFile(dir / name, is_csv ? "id,as_of,prefecture,employees,fair_costs\nbad,2025-02-29,群馬県,5,400000\n"
                                          "good,2026-06-01,群馬県,5,400000\n"
                                        : "{\"id\": \"bad\", \"as_of\": \"2025-02-29\", \"prefecture\": \"群馬県\", "
                                          "\"employees\": 5, \"fair_costs\": 400000}\n"
                                          "{\"id\": \"good\", \"as_of\": \"2026-06-01\", \"prefecture\": \"群馬県\", "
                                          "\"employees\": 5, \"fair_costs\": 400000}\n");
    std::string out = dir / (std::string(name) + ".db");
    auto r = store::RunBatch(*rs, bt::TestBatchOptions(dir / name, out, 10));
    REQUIRE(r.failure == store::BatchFailure::kNone);
    CHECK(bt::One(out, "SELECT count(*) FROM results WHERE applicant_id = 'bad'") == "0");
    CHECK(bt::One(out, "SELECT count(*) FROM results WHERE applicant_id = 'good'") == "3");
    CHECK(bt::One(out, "SELECT field || '|' || row_refused FROM input_errors") == "as_of|1");
  }
}

TEST_CASE("commas inside numbers: only thousands separators, on every input path", "[readers][untrusted]") {
  // The one number reader.
  for (const char* good : {"1,500,000", "1,000", "999", "-1,234,567.5", "12,345.25", "1_000_000", "100"})
    CHECK(Rational::Parse(good));
  CHECK(Rational::Parse("1,500,000")->num() == 1'500'000);
  CHECK(Rational::Parse("-1,234,567.5")->ToString() == "-1234567.5");
  for (const char* bad : {"0,5", "1,50", "1,0,0", "0,500", "1,5000", "1234,567", ",100", "1,", "1,000,00", "1.000,5",
                          "1,000_000", "12,3.5", "1,000.5,0"}) {
    INFO(bad);
    CHECK_FALSE(Rational::Parse(bad));
  }
  CHECK(ParseYen("1,500,000円"));
  CHECK_FALSE(ParseYen("1,50円"));

  test::Program p(kShop);
  const std::string hint = "a comma only separates thousands";
  for (const char* fact : {"capital", "share", "employees"}) {
    for (const char* text : {"0,5", "1,50", "1,0,0"}) {
      INFO(fact << " = " << text);
      auto s = p.Decide({{fact, text}});
      REQUIRE(s.issues.size() == 1);
      CHECK_THAT(s.issues[0], Catch::StartsWith(std::string(fact) + ": ") && Catch::Contains(hint));
    }
  }
  CHECK(p.Decide({{"capital", "1,500,000"}}).issues.empty());

  // Each reader hands the text over as written, and binding refuses it.
  auto bound_issue = [&](const Applicant& a) {
    FactValues v = Bind(p.compiled(), a);
    return v.issues.empty() ? std::string() : v.issues[0].fact + ": " + v.issues[0].message.en;
  };
  Read yaml = ReadFile("a.yaml", "share: 0,5\n");
  REQUIRE(yaml.ok);
  CHECK_THAT(bound_issue(yaml.applicant), Catch::StartsWith("share: ") && Catch::Contains(hint));
  Read json = ReadFile("a.json", R"({"share": "0,5"})");
  REQUIRE(json.ok);
  CHECK_THAT(bound_issue(json.applicant), Catch::StartsWith("share: "));
  auto csv = Rows(*OpenCsvText("share,capital\n\"0,5\",\"1,500,000\"\n", "in.csv"));
  CHECK_THAT(bound_issue(csv.at(0).applicant), Catch::StartsWith("share: "));
  auto jsonl = Rows(*OpenJsonlText("{\"share\": \"1,0,0\"}\n", "in.jsonl"));
  CHECK_THAT(bound_issue(jsonl.at(0).applicant), Catch::StartsWith("share: "));
  bt::TempDir dir;
  {
    store::Status st;
    auto db = store::Db::Open(dir / "in.db", store::OpenMode::kReadWriteCreate, st);
    REQUIRE(db);
    REQUIRE(db->Exec("CREATE TABLE t(share TEXT); INSERT INTO t VALUES ('1,50')").ok());
  }
  auto sqlite = Rows(*store::OpenSqliteTable(dir / "in.db", "t"));
  CHECK_THAT(bound_issue(sqlite.at(0).applicant), Catch::StartsWith("share: "));
  SourceSet sources;
  std::vector<Diagnostic> diags;
  bt::WriteFile(dir / "list.yaml", "- { share: \"0,5\" }\n");
  auto list = ReadApplicantList(dir / "list.yaml", {}, sources, diags);
  CHECK_THAT(bound_issue(list.applicants.at(0)), Catch::StartsWith("share: "));

  // The C API: the decimal binder, and JSON lenient (an input issue) and strict (refused).
  Api api;
  CHECK(elig_input_set_decimal(api.input(), "share", "0,5") == ELIG_VALUE);
  CHECK_THAT(api.Error(), Catch::Contains("share") && Catch::Contains(hint));
  CHECK(elig_input_set_decimal(api.input(), "capital", "1,500,000") == ELIG_OK);
  CHECK(elig_input_set_json(api.input(), R"({"share": "1,50"})", ELIG_INPUT_STRICT) == ELIG_VALUE);
  REQUIRE(elig_input_set_json(api.input(), R"({"shop": "𠮷野家", "share": "1,0,0"})", 0) == ELIG_OK);
  auto decided = api.Decide();
  REQUIRE(decided.size() == 2);
  CHECK_THAT(decided[1], Catch::StartsWith("share: ") && Catch::Contains(hint));

  // `elig test` expectations.
  TestFile tf;
  std::vector<Diagnostic> test_diags;
  SourceFile f("t.test.yaml", "program: t.shop\ncases:\n  - name: a\n    facts: { capital: 1 }\n"
                              "    expect: { outcome: eligible, score: \"1,0,0\", award: \"1,50\" }\n");
  LoadTestFile(f, tf, test_diags);
  size_t bad_numbers = 0;
  for (const auto& d : test_diags) bad_numbers += d.code == "bad-number";
  CHECK(bad_numbers == 2);
}

TEST_CASE("CSV with CR-only line ends (CSV for Macintosh) reads its rows", "[readers][csv]") {
  for (bool at_once : {true, false}) {
    INFO("plain records at once: " << at_once);
    ReaderOptions o;
    o.plain_records_at_once = at_once;
    auto rows = Rows(*OpenCsvText("id,shop,capital\ra,x,5\r\"b\",\"two\rlines\",6\rc,z,7", "mac.csv", o));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].applicant.id == "a");
    CHECK(rows[0].line == 2);
    CHECK(rows[1].applicant.id == "b");
    CHECK(FactOf(rows[1].applicant, "shop")->value.text == "two\rlines");
    CHECK(rows[2].applicant.id == "c");
    CHECK(rows[2].line == 5);
    // CRLF and LF as before; a blank CR line is no row.
    auto mixed = Rows(*OpenCsvText("id,capital\r\na,5\r\n\rb,6\n", "mixed.csv", o));
    REQUIRE(mixed.size() == 2);
    CHECK(mixed[1].applicant.id == "b");
    CHECK(FactOf(mixed[1].applicant, "capital")->value.text == "6");
  }
}

TEST_CASE("facts beside a facts map are refused", "[readers][untrusted]") {
  Read yaml = ReadFile("a.yaml", "id: A\nfacts:\n  capital: 5\nshop: 𠮷野家\n");
  CHECK_FALSE(yaml.ok);
  CHECK(yaml.Codes() == "mixed-facts");
  CHECK(yaml.diags[0].loc.line == 4);
  Read json = ReadFile("a.json", R"({"shop": "𠮷野家", "facts": {"capital": 5}})");
  CHECK_FALSE(json.ok);
  CHECK(json.Codes() == "mixed-facts");
  // id, as_of and note may stand beside `facts`.
  Read ok = ReadFile("a.json", R"({"id": "A", "note": "x", "as_of": "2026-06-01", "facts": {"capital": 5}})");
  CHECK(ok.ok);
  auto rows = Rows(*OpenJsonlText("{\"facts\": {\"capital\": 5}, \"shop\": \"x\"}\n{\"facts\": 5}\n", "in.jsonl"));
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].readable);
  CHECK_THAT(rows[0].issues.at(0).message.en, Catch::Contains("beside `facts`"));
  CHECK_FALSE(rows[1].readable);
  Api api;
  CHECK(elig_input_set_json(api.input(), R"({"facts": {"capital": 5}, "shop": "x"})", 0) == ELIG_JSON);
}

TEST_CASE("NUL inside a text value is an input issue on every path", "[readers][untrusted]") {
  test::Program p(kShop);
  auto bound_issue = [&](const Applicant& a) {
    FactValues v = Bind(p.compiled(), a);
    return v.issues.empty() ? std::string() : v.issues[0].fact + ": " + v.issues[0].message.en;
  };
  Read json = ReadFile("a.json", R"({"shop": "x\u0000y"})");
  REQUIRE(json.ok);
  CHECK_THAT(bound_issue(json.applicant), Catch::StartsWith("shop: ") && Catch::Contains("NUL"));
  // YAML's "\0": refused by the reader, or an input issue when bound; never accepted.
  Read yaml = ReadFile("a.yaml", "shop: \"x\\0y\"\n");
  if (yaml.ok)
    CHECK_THAT(bound_issue(yaml.applicant), Catch::StartsWith("shop: ") && Catch::Contains("NUL"));
  else
    CHECK_FALSE(yaml.diags.empty());
  auto csv = Rows(*OpenCsvText(std::string("shop\nx\0y\n", 10), "in.csv"));
  CHECK_THAT(bound_issue(csv.at(0).applicant), Catch::StartsWith("shop: ") && Catch::Contains("NUL"));
  auto jsonl = Rows(*OpenJsonlText("{\"shop\": \"x\\u0000y\"}\n", "in.jsonl"));
  CHECK_THAT(bound_issue(jsonl.at(0).applicant), Catch::StartsWith("shop: ") && Catch::Contains("NUL"));
  Api api;
  REQUIRE(elig_input_set_json(api.input(), R"({"shop": "𠮷野家\u0000（実は別の店）"})", 0) == ELIG_OK);
  auto decided = api.Decide();
  REQUIRE(decided.size() == 2);
  CHECK(decided[0] == "undetermined");
  CHECK_THAT(decided[1], Catch::StartsWith("shop: ") && Catch::Contains("NUL"));
  CHECK(elig_input_set_json(api.input(), R"({"shop": "x\u0000"})", ELIG_INPUT_STRICT) == ELIG_VALUE);
}

TEST_CASE("elig_input_set_json reads at most 1 MiB unless the limit is raised", "[readers][capi][limits]") {
  Api api;
  std::string big = R"({"shop": "𠮷野家", "pad": ")" + std::string(1024 * 1024, 'x') + "\"}";
  CHECK(elig_input_set_json(api.input(), big.c_str(), 0) == ELIG_JSON);
  CHECK_THAT(api.Error(), Catch::Contains("larger than 1048576 bytes") && Catch::Contains("elig_input_set_json_limit"));
  std::string small = R"({"shop": "𠮷野家", "pad": ")" + std::string(1024 * 1024 - 40, 'x') + "\"}";
  CHECK(elig_input_set_json(api.input(), small.c_str(), 0) == ELIG_OK);
  CHECK(elig_input_set_json_limit(api.input(), 0) == ELIG_MISUSE);
  CHECK(elig_input_set_json_limit(nullptr, 10) == ELIG_MISUSE);
  REQUIRE(elig_input_set_json_limit(api.input(), 4 * 1024 * 1024) == ELIG_OK);
  CHECK(elig_input_set_json(api.input(), big.c_str(), 0) == ELIG_OK);
  REQUIRE(elig_input_set_json_limit(api.input(), 16) == ELIG_OK);
  CHECK(elig_input_set_json(api.input(), R"({"capital": 5, "shop": "x"})", 0) == ELIG_JSON);
}

TEST_CASE("ask --save writes an applicant the reader takes back exactly", "[readers][ask]") {
  test::Program p(kShop);
  FactValues storage;
  storage.texts.emplace_back("𠮷野家 \"本店\"\n");
  ApplicantYaml a;
  a.comment = "Answers";
  a.id = "A: 1";
  a.as_of = ParseDate("2026-06-01");
  a.facts.push_back({"shop", YamlValue(Value::Text(&storage.texts.back()), nullptr)});
  a.facts.push_back({"capital", YamlValue(Value::Number(*Rational::Parse("1,500,000"), true), nullptr)});
  a.facts.push_back({"share", YamlValue(Value::Number(*Rational::Parse("2/3")), nullptr)});
  a.not_known = {"employees"};
  std::string text = WriteApplicantYaml(a);
  CHECK_THAT(text, Catch::StartsWith("# Answers\n") && Catch::Contains("# employees: not known"));
  Read back = ReadFile("answers.yaml", text);
  REQUIRE(back.ok);
  CHECK(back.applicant.id == "A: 1");
  CHECK(back.applicant.as_of == ParseDate("2026-06-01"));
  REQUIRE(back.applicant.facts.size() == 3);
  CHECK(back.applicant.facts[0].value.text == "𠮷野家 \"本店\"\n");
  CHECK(back.applicant.facts[1].value.text == "1500000");
  auto s = p.Decide({{"share", back.applicant.facts[2].value.text}});
  CHECK(s.issues.empty());
}
