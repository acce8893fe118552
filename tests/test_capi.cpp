// SPDX-License-Identifier: Apache-2.0
// The C API (api/include/elig.h), through the shared library: every function,
// its documented result codes on misuse, and evaluation from many threads.
#include <elig.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "compile/ruleset.hpp"
#include "explain/explain.hpp"
#include "store/audit.hpp"

namespace {

// A handle owned by a unique_ptr that frees it with its one destructor.
template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using Rules = std::unique_ptr<elig_rules, Deleter<elig_rules, elig_rules_free>>;
using Program = std::unique_ptr<elig_program, Deleter<elig_program, elig_program_free>>;
using Input = std::unique_ptr<elig_input, Deleter<elig_input, elig_input_free>>;
using Decision = std::unique_ptr<elig_decision, Deleter<elig_decision, elig_decision_free>>;
using Screening = std::unique_ptr<elig_screening, Deleter<elig_screening, elig_screening_free>>;
using Question = std::unique_ptr<elig_question, Deleter<elig_question, elig_question_free>>;

// Every fact type, a definition, parameters, each rule kind and an exact award.
const char* kProgram = R"(program: test.capi
version: "2026.1"
title: { ja: テスト補助金, en: Test subsidy }
basis: テスト要綱
window: 2026-04-01 .. 2027-03-31
facts:
  prefecture: { type: text, ask: { ja: 本社所在地の都道府県, en: Prefecture of the head office } }
  industry: { type: "enum[manufacturing, retail, service]", ask: { ja: 業種, en: Industry } }
  employees: { type: int, min: 0 }
  capital: { type: yen, min: 0 }
  share: { type: decimal, min: 0, max: 1 }
  founded: { type: date }
  exported: { type: bool }
  certs: { type: "list[enum[kurumin, eruboshi]]" }
  expenses: { type: yen, min: 0 }
  memo: { type: text }
parameters:
  rate: 2/3
  cap: 1_000_000 yen
define:
  years: years_between(founded, as_of)
requirements:
  - id: in-gunma
    rule: prefecture == "群馬県"
    text: { ja: 群馬県内に本社を有すること, en: The head office is in Gunma }
    cite: 要綱 第3条第1号
  - id: small
    rule: employees <= 300 and capital <= 300_000_000 yen
    text: { ja: 中小企業であること, en: A small business }
    cite: 要綱 第3条第2号
  - id: one-year
    rule: years >= 1
    text: { ja: 創業1年以上, en: In business for a year }
exclusions:
  - id: large-owned
    rule: share >= 50%
    text: { ja: 大企業が半分以上を所有, en: Half or more owned by a large company }
    cite: 要綱 第4条
scoring:
  - { id: first-export, points: 10, when: not exported, text: { ja: 初輸出, en: First export } }
  - { id: kurumin, points: 5, when: "\"kurumin\" in certs", text: { ja: くるみん, en: Kurumin } }
  - { id: maker, points: 3, when: industry == "manufacturing", text: { ja: 製造業, en: Manufacturer } }
award: min(floor(expenses * rate), cap)
)";

// An award formula that leaves a fraction of a yen, and one that overflows.
const char* kFraction = R"(program: test.fraction
version: "1"
title: { ja: 端数, en: Fraction }
window: 2026-04-01 .. 2027-03-31
facts:
  expenses: { type: yen }
requirements:
  - id: any
    rule: expenses >= 0 yen
award: expenses * 2/3
)";
const char* kOverflow = R"(program: test.overflow
version: "1"
title: { ja: 桁あふれ, en: Overflow }
window: 2026-04-01 .. 2027-03-31
facts:
  expenses: { type: yen }
requirements:
  - id: any
    rule: expenses >= 0 yen
award: expenses * 9_000_000_000 * 9_000_000_000
)";
// Refers to a name that does not exist: fails to check.
const char* kBroken = R"(program: test.broken
version: "1"
title: { ja: 壊れた, en: Broken }
facts:
  employees: { type: int }
requirements:
  - id: r
    rule: employes <= 20
)";

Rules OpenTexts(std::vector<std::pair<std::string, std::string>> files, int expect = ELIG_OK) {
  std::vector<const char*> paths, texts;
  for (const auto& [p, t] : files) {
    paths.push_back(p.c_str());
    texts.push_back(t.c_str());
  }
  elig_rules* r = nullptr;
  int rc = elig_rules_open_texts(files.size(), paths.data(), texts.data(), &r);
  INFO(elig_rules_errmsg(r));
  REQUIRE(rc == expect);
  REQUIRE(r != nullptr);
  return Rules(r);
}

Program OpenProgram(const elig_rules* rules, const char* id) {
  elig_program* p = nullptr;
  REQUIRE(elig_program_open(rules, id, &p) == ELIG_OK);
  REQUIRE(p != nullptr);
  return Program(p);
}

Input NewInput(const elig_program* program) {
  elig_input* in = nullptr;
  REQUIRE(elig_input_new(program, &in) == ELIG_OK);
  return Input(in);
}

Decision Evaluate(const elig_program* program, elig_input* input, const char* as_of = "2026-06-01", int flags = 0) {
  elig_decision* d = nullptr;
  int rc = elig_evaluate(program, input, as_of, flags, &d);
  INFO(elig_input_errmsg(input));
  REQUIRE(rc == ELIG_OK);
  REQUIRE(d != nullptr);
  return Decision(d);
}

// Sets the facts of an applicant who is eligible for test.capi.
void SetEligible(elig_input* in) {
  REQUIRE(elig_input_set_text(in, "prefecture", "群馬県") == ELIG_OK);
  REQUIRE(elig_input_set_text(in, "industry", "manufacturing") == ELIG_OK);
  REQUIRE(elig_input_set_int(in, "employees", 18) == ELIG_OK);
  REQUIRE(elig_input_set_int(in, "capital", 20'000'000) == ELIG_OK);
  REQUIRE(elig_input_set_decimal(in, "share", "0.25") == ELIG_OK);
  REQUIRE(elig_input_set_date(in, "founded", "2010-05-01") == ELIG_OK);
  REQUIRE(elig_input_set_bool(in, "exported", 0) == ELIG_OK);
  const char* certs[] = {"kurumin"};
  REQUIRE(elig_input_set_list(in, "certs", 1, certs) == ELIG_OK);
  REQUIRE(elig_input_set_int(in, "expenses", 1'500'000) == ELIG_OK);
}

int Outcome(const elig_decision* d) {
  int o = -1;
  REQUIRE(elig_decision_outcome(d, &o) == ELIG_OK);
  return o;
}

std::string Award(const elig_decision* d) {
  const char* a = nullptr;
  int rc = elig_decision_award(d, &a);
  if (rc == ELIG_ABSENT) return "absent";
  REQUIRE(rc == ELIG_OK);
  return a;
}

std::string Json(elig_decision* d, int lang = ELIG_LANG_EN, int flags = 0) {
  const char* j = nullptr;
  REQUIRE(elig_decision_json(d, lang, flags, &j) == ELIG_OK);
  return j;
}

// The texts a pair of accessors lists: count(&n), then item(k, &text) for each k.
template <class Count, class Item>
std::vector<std::string> ListOf(Count&& count, Item&& item) {
  size_t n = 0;
  REQUIRE(count(&n) == ELIG_OK);
  std::vector<std::string> out;
  for (size_t k = 0; k < n; ++k) {
    const char* text = nullptr;
    REQUIRE(item(k, &text) == ELIG_OK);
    out.push_back(text);
  }
  return out;
}

std::vector<std::string> Missing(const elig_decision* d) {
  return ListOf([&](size_t* n) { return elig_decision_missing_count(d, n); },
                [&](size_t k, const char** f) { return elig_decision_missing(d, k, f); });
}

std::string RunCommand(const std::string& cmd, int& status) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  status = pclose(p);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("version and result codes", "[capi]") {
  CHECK(elig_libversion_number() == ELIG_VERSION_NUMBER);
  CHECK(std::string(elig_libversion()) == ELIG_VERSION);
  std::set<std::string> texts;
  for (int code = ELIG_OK; code <= ELIG_ABSENT; ++code) {
    const char* s = elig_errstr(code);
    REQUIRE(s != nullptr);
    CHECK(std::strlen(s) > 0);
    texts.insert(s);
  }
  CHECK(texts.size() == static_cast<size_t>(ELIG_ABSENT + 1));  // one sentence per code
  CHECK(std::string(elig_errstr(-1)) == "unknown result code");
  CHECK(std::string(elig_errstr(ELIG_ABSENT + 1)) == "unknown result code");
  CHECK(std::string(elig_outcome_name(ELIG_ELIGIBLE)) == "eligible");
  CHECK(std::string(elig_outcome_name(ELIG_INELIGIBLE)) == "ineligible");
  CHECK(std::string(elig_outcome_name(ELIG_UNDETERMINED)) == "undetermined");
  CHECK(std::string(elig_outcome_name(ELIG_CLOSED)) == "closed");
  CHECK(elig_outcome_name(4) == nullptr);
  CHECK(elig_outcome_name(-1) == nullptr);
}

TEST_CASE("rules open from text and list their programs", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kFraction}});
  CHECK(std::string(elig_rules_errmsg(rules.get())).empty());
  size_t n = 0;
  REQUIRE(elig_rules_program_count(rules.get(), &n) == ELIG_OK);
  REQUIRE(n == 2);
  std::set<std::string> ids;
  for (size_t i = 0; i < n; ++i) {
    const char* id = nullptr;
    REQUIRE(elig_rules_program_id(rules.get(), i, &id) == ELIG_OK);
    ids.insert(id);
  }
  CHECK(ids == std::set<std::string>{"test.capi", "test.fraction"});
  const char* id = nullptr;
  CHECK(elig_rules_program_id(rules.get(), 2, &id) == ELIG_RANGE);
  CHECK(id == nullptr);
  const char* text = nullptr;
  REQUIRE(elig_rules_issues_text(rules.get(), &text) == ELIG_OK);
  size_t issues = 0;
  REQUIRE(elig_rules_issue_count(rules.get(), &issues) == ELIG_OK);
  CHECK(elig_rules_issue(rules.get(), issues, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr) == ELIG_RANGE);
}

TEST_CASE("a failed compile returns a handle with every issue and its place", "[capi]") {
  Rules rules = OpenTexts({{"good.yaml", kProgram}, {"broken.yaml", kBroken}}, ELIG_RULES);
  std::string msg = elig_rules_errmsg(rules.get());
  CHECK(msg.find("broken.yaml:8:11: error[unknown-name]") != std::string::npos);
  size_t n = 0;
  REQUIRE(elig_rules_issue_count(rules.get(), &n) == ELIG_OK);
  REQUIRE(n >= 1);
  bool found = false;
  for (size_t i = 0; i < n; ++i) {
    int severity = -1;
    const char *file = nullptr, *code = nullptr, *message = nullptr;
    uint32_t line = 0, column = 0;
    REQUIRE(elig_rules_issue(rules.get(), i, &severity, &file, &line, &column, &code, &message) == ELIG_OK);
    if (std::string(code) == "unknown-name") {
      found = true;
      CHECK(severity == ELIG_SEVERITY_ERROR);
      CHECK(std::string(file) == "broken.yaml");
      CHECK(line == 8);
      CHECK(column == 11);
      CHECK(std::string(message).find("employes") != std::string::npos);
    }
  }
  CHECK(found);
  const char* text = nullptr;
  REQUIRE(elig_rules_issues_text(rules.get(), &text) == ELIG_OK);
  CHECK(std::string(text).find("broken.yaml:8:11: error[unknown-name]") != std::string::npos);
  CHECK(std::string(text).find("^") != std::string::npos);  // the caret under the spot

  // The program whose compile failed has its own code; an unknown id another;
  // the program that compiled still opens.
  elig_program* p = reinterpret_cast<elig_program*>(&n);
  CHECK(elig_program_open(rules.get(), "test.broken", &p) == ELIG_RULES);
  CHECK(p == nullptr);
  CHECK(elig_program_open(rules.get(), "no.such", &p) == ELIG_NOTFOUND);
  CHECK(p == nullptr);
  Program good = OpenProgram(rules.get(), "test.capi");
  size_t count = 0;
  REQUIRE(elig_rules_program_count(rules.get(), &count) == ELIG_OK);
  CHECK(count == 1);
}

TEST_CASE("rules open from a directory, and a missing one is ELIG_IO with a handle", "[capi]") {
  std::string dir = std::string(ELIG_SOURCE_DIR) + "/rules";
  elig_rules* r = nullptr;
  REQUIRE(elig_rules_open_dir(dir.c_str(), &r) == ELIG_OK);
  Rules rules(r);
  Program p = OpenProgram(rules.get(), "gunma.trade-fair-sample");

  elig_rules* missing = nullptr;
  CHECK(elig_rules_open_dir("/nonexistent/elig-rules", &missing) == ELIG_IO);
  REQUIRE(missing != nullptr);
  Rules hold(missing);
  CHECK(std::string(elig_rules_errmsg(missing)).find("no-rules") != std::string::npos);
  size_t n = 0;
  REQUIRE(elig_rules_issue_count(missing, &n) == ELIG_OK);
  CHECK(n == 1);
  const char* file = nullptr;
  uint32_t line = 7;
  REQUIRE(elig_rules_issue(missing, 0, nullptr, &file, &line, nullptr, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(file) == "/nonexistent/elig-rules");
  CHECK(line == 0);
  elig_program* prog = nullptr;
  CHECK(elig_program_open(missing, "gunma.trade-fair-sample", &prog) == ELIG_NOTFOUND);
}

TEST_CASE("rule texts that try to leave the root are refused", "[capi]") {
  Rules rules = OpenTexts({{"../escape.yaml", kProgram}}, ELIG_RULES);
  CHECK(std::string(elig_rules_errmsg(rules.get())).find("outside-root") != std::string::npos);
}

TEST_CASE("misuse of rules: NULL handles and arguments", "[capi]") {
  elig_rules* r = reinterpret_cast<elig_rules*>(0x1);
  CHECK(elig_rules_open_dir(nullptr, &r) == ELIG_MISUSE);
  CHECK(r == nullptr);
  CHECK(elig_rules_open_dir("rules", nullptr) == ELIG_MISUSE);
  const char* path = "a.yaml";
  const char* text = kProgram;
  const char* null_text = nullptr;
  CHECK(elig_rules_open_texts(1, nullptr, &text, &r) == ELIG_MISUSE);
  CHECK(elig_rules_open_texts(1, &path, nullptr, &r) == ELIG_MISUSE);
  CHECK(elig_rules_open_texts(1, &path, &null_text, &r) == ELIG_MISUSE);
  CHECK(elig_rules_open_texts(1, &path, &text, nullptr) == ELIG_MISUSE);
  const char* dup_paths[] = {"a.yaml", "a.yaml"};
  const char* dup_texts[] = {kProgram, kFraction};
  CHECK(elig_rules_open_texts(2, dup_paths, dup_texts, &r) == ELIG_MISUSE);
  CHECK(r == nullptr);
  // No files at all is a valid, empty rule set.
  REQUIRE(elig_rules_open_texts(0, nullptr, nullptr, &r) == ELIG_OK);
  Rules empty(r);
  size_t n = 9;
  REQUIRE(elig_rules_program_count(r, &n) == ELIG_OK);
  CHECK(n == 0);

  const char* s = nullptr;
  uint32_t u = 0;
  CHECK(elig_rules_issue_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_rules_issue_count(r, nullptr) == ELIG_MISUSE);
  CHECK(elig_rules_issue(nullptr, 0, nullptr, &s, &u, &u, &s, &s) == ELIG_MISUSE);
  CHECK(elig_rules_issues_text(nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_rules_issues_text(r, nullptr) == ELIG_MISUSE);
  CHECK(elig_rules_program_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_rules_program_count(r, nullptr) == ELIG_MISUSE);
  CHECK(elig_rules_program_id(nullptr, 0, &s) == ELIG_MISUSE);
  CHECK(elig_rules_program_id(r, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_rules_program_id(r, 0, &s) == ELIG_RANGE);
  CHECK(std::strlen(elig_rules_errmsg(nullptr)) > 0);
  elig_program* p = nullptr;
  CHECK(elig_program_open(nullptr, "x", &p) == ELIG_MISUSE);
  CHECK(elig_program_open(r, nullptr, &p) == ELIG_MISUSE);
  CHECK(elig_program_open(r, "x", nullptr) == ELIG_MISUSE);
  CHECK(elig_program_open(r, "x", &p) == ELIG_NOTFOUND);
  // Every destructor is harmless on NULL.
  elig_rules_free(nullptr);
  elig_program_free(nullptr);
  elig_input_free(nullptr);
  elig_decision_free(nullptr);
}

TEST_CASE("a program lists its facts for a host's form", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  const char* s = nullptr;
  REQUIRE(elig_program_id(p.get(), &s) == ELIG_OK);
  CHECK(std::string(s) == "test.capi");
  REQUIRE(elig_program_version(p.get(), &s) == ELIG_OK);
  CHECK(std::string(s) == "2026.1");
  REQUIRE(elig_program_title(p.get(), ELIG_LANG_JA, &s) == ELIG_OK);
  CHECK(std::string(s) == "テスト補助金");
  REQUIRE(elig_program_title(p.get(), ELIG_LANG_EN, &s) == ELIG_OK);
  CHECK(std::string(s) == "Test subsidy");

  size_t n = 0;
  REQUIRE(elig_program_fact_count(p.get(), &n) == ELIG_OK);
  REQUIRE(n == 10);
  std::map<std::string, std::pair<int, std::string>> facts;
  for (size_t i = 0; i < n; ++i) {
    const char *name = nullptr, *type_name = nullptr;
    int type = 0;
    REQUIRE(elig_program_fact(p.get(), i, &name, &type, &type_name) == ELIG_OK);
    facts[name] = {type, type_name};
  }
  CHECK(facts["prefecture"] == std::make_pair(ELIG_FACT_TEXT, std::string("text")));
  CHECK(facts["industry"] == std::make_pair(ELIG_FACT_ENUM, std::string("enum[manufacturing, retail, service]")));
  CHECK(facts["employees"].first == ELIG_FACT_INT);
  CHECK(facts["capital"].first == ELIG_FACT_YEN);
  CHECK(facts["share"].first == ELIG_FACT_DECIMAL);
  CHECK(facts["founded"].first == ELIG_FACT_DATE);
  CHECK(facts["exported"].first == ELIG_FACT_BOOL);
  CHECK(facts["certs"] == std::make_pair(ELIG_FACT_LIST, std::string("list[enum[kurumin, eruboshi]]")));

  size_t industry = 99;
  REQUIRE(elig_program_fact_find(p.get(), "industry", &industry) == ELIG_OK);
  const char* name = nullptr;
  REQUIRE(elig_program_fact(p.get(), industry, &name, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(name) == "industry");
  CHECK(elig_program_fact_find(p.get(), "industy", &industry) == ELIG_UNKNOWN_FACT);
  REQUIRE(elig_program_fact_question(p.get(), industry, ELIG_LANG_JA, &s) == ELIG_OK);
  CHECK(std::string(s) == "業種");
  REQUIRE(elig_program_fact_question(p.get(), industry, ELIG_LANG_EN, &s) == ELIG_OK);
  CHECK(std::string(s) == "Industry");
  size_t choices = 0;
  REQUIRE(elig_program_fact_choice_count(p.get(), industry, &choices) == ELIG_OK);
  REQUIRE(choices == 3);
  REQUIRE(elig_program_fact_choice(p.get(), industry, 1, &s) == ELIG_OK);
  CHECK(std::string(s) == "retail");
  CHECK(elig_program_fact_choice(p.get(), industry, 3, &s) == ELIG_RANGE);
  size_t certs = 0;
  REQUIRE(elig_program_fact_find(p.get(), "certs", &certs) == ELIG_OK);
  REQUIRE(elig_program_fact_choice_count(p.get(), certs, &choices) == ELIG_OK);
  CHECK(choices == 2);
  size_t memo = 0;
  REQUIRE(elig_program_fact_find(p.get(), "memo", &memo) == ELIG_OK);
  REQUIRE(elig_program_fact_choice_count(p.get(), memo, &choices) == ELIG_OK);
  CHECK(choices == 0);
  CHECK(elig_program_fact_choice(p.get(), memo, 0, &s) == ELIG_RANGE);
  REQUIRE(elig_program_fact_question(p.get(), memo, ELIG_LANG_EN, &s) == ELIG_OK);
  CHECK(std::string(s).empty());
  int used = -1;
  REQUIRE(elig_program_fact_used(p.get(), memo, &used) == ELIG_OK);
  CHECK(used == 0);  // declared, read by no rule
  REQUIRE(elig_program_fact_used(p.get(), industry, &used) == ELIG_OK);
  CHECK(used == 1);

  // Reading past the end, NULL handles and arguments, bad languages.
  CHECK(elig_program_fact(p.get(), n, &name, nullptr, nullptr) == ELIG_RANGE);
  CHECK(elig_program_fact_question(p.get(), n, ELIG_LANG_EN, &s) == ELIG_RANGE);
  CHECK(elig_program_fact_used(p.get(), n, &used) == ELIG_RANGE);
  CHECK(elig_program_fact_choice_count(p.get(), n, &choices) == ELIG_RANGE);
  CHECK(elig_program_fact_choice(p.get(), n, 0, &s) == ELIG_RANGE);
  CHECK(elig_program_id(nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_program_id(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_version(nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_program_version(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_title(nullptr, ELIG_LANG_EN, &s) == ELIG_MISUSE);
  CHECK(elig_program_title(p.get(), 0, &s) == ELIG_MISUSE);
  CHECK(elig_program_title(p.get(), ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_program_fact_count(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact(nullptr, 0, &name, nullptr, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact(p.get(), 0, nullptr, nullptr, nullptr) == ELIG_OK);  // every out pointer is optional
  CHECK(elig_program_fact_find(nullptr, "x", &n) == ELIG_MISUSE);
  CHECK(elig_program_fact_find(p.get(), nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_program_fact_find(p.get(), "x", nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_question(nullptr, 0, ELIG_LANG_EN, &s) == ELIG_MISUSE);
  CHECK(elig_program_fact_question(p.get(), 0, 3, &s) == ELIG_MISUSE);
  CHECK(elig_program_fact_question(p.get(), 0, ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_used(nullptr, 0, &used) == ELIG_MISUSE);
  CHECK(elig_program_fact_used(p.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice_count(nullptr, 0, &choices) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice_count(p.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice(nullptr, 0, 0, &s) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice(p.get(), 0, 0, nullptr) == ELIG_MISUSE);
}

TEST_CASE("typed binders decide an applicant exactly", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  SetEligible(in.get());
  Decision d = Evaluate(p.get(), in.get());
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);
  CHECK(Award(d.get()) == "1000000");  // 1,500,000 × 2/3 exactly
  int64_t yen = 0;
  REQUIRE(elig_decision_award_yen(d.get(), &yen) == ELIG_OK);
  CHECK(yen == 1'000'000);
  const char* score = nullptr;
  int complete = -1;
  REQUIRE(elig_decision_score(d.get(), &score, &complete) == ELIG_OK);
  CHECK(std::string(score) == "18");  // 10 first export + 5 kurumin + 3 maker
  CHECK(complete == 1);
  const char* as_of = nullptr;
  REQUIRE(elig_decision_as_of(d.get(), &as_of) == ELIG_OK);
  CHECK(std::string(as_of) == "2026-06-01");
  CHECK(Missing(d.get()).empty());

  size_t n = 0;
  REQUIRE(elig_decision_rule_count(d.get(), ELIG_REQUIREMENT, &n) == ELIG_OK);
  REQUIRE(n == 3);
  const char *id = nullptr, *text = nullptr, *cite = nullptr;
  int result = -1;
  REQUIRE(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 0, ELIG_LANG_JA, &id, &result, &text, &cite) == ELIG_OK);
  CHECK(std::string(id) == "in-gunma");
  CHECK(result == ELIG_RULE_TRUE);
  CHECK(std::string(text) == "群馬県内に本社を有すること");
  CHECK(std::string(cite) == "要綱 第3条第1号");
  REQUIRE(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 0, ELIG_LANG_EN, nullptr, nullptr, &text, nullptr) == ELIG_OK);
  CHECK(std::string(text) == "The head office is in Gunma");
  REQUIRE(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 2, ELIG_LANG_EN, &id, nullptr, nullptr, &cite) == ELIG_OK);
  CHECK(std::string(id) == "one-year");
  CHECK(std::string(cite).empty());
  CHECK(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 3, ELIG_LANG_EN, &id, &result, &text, &cite) == ELIG_RANGE);
  REQUIRE(elig_decision_rule_count(d.get(), ELIG_EXCLUSION, &n) == ELIG_OK);
  REQUIRE(n == 1);
  REQUIRE(elig_decision_rule(d.get(), ELIG_EXCLUSION, 0, ELIG_LANG_EN, &id, &result, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(id) == "large-owned");
  CHECK(result == ELIG_RULE_FALSE);
  CHECK(elig_decision_rule(d.get(), ELIG_EXCLUSION, 1, ELIG_LANG_EN, &id, &result, &text, &cite) == ELIG_RANGE);
  REQUIRE(elig_decision_rule_count(d.get(), ELIG_SCORE_ITEM, &n) == ELIG_OK);
  REQUIRE(n == 3);
  REQUIRE(elig_decision_rule(d.get(), ELIG_SCORE_ITEM, 1, ELIG_LANG_EN, &id, &result, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(id) == "kurumin");
  CHECK(result == ELIG_RULE_TRUE);
  CHECK(elig_decision_rule(d.get(), ELIG_SCORE_ITEM, 3, ELIG_LANG_EN, &id, &result, &text, &cite) == ELIG_RANGE);

  // Replacing a fact: the last value counts.
  REQUIRE(elig_input_set_text(in.get(), "prefecture", "栃木県") == ELIG_OK);
  Decision refused = Evaluate(p.get(), in.get());
  CHECK(Outcome(refused.get()) == ELIG_INELIGIBLE);
  CHECK(Award(refused.get()) == "0");
  REQUIRE(elig_decision_rule(refused.get(), ELIG_REQUIREMENT, 0, ELIG_LANG_EN, nullptr, &result, nullptr, nullptr) == ELIG_OK);
  CHECK(result == ELIG_RULE_FALSE);
  // The earlier decision is its own: unchanged.
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);
}

TEST_CASE("an unknown fact leaves the outcome undetermined and names what is missing", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  SetEligible(in.get());
  REQUIRE(elig_input_set_unknown(in.get(), "founded") == ELIG_OK);
  REQUIRE(elig_input_set_unknown(in.get(), "founded") == ELIG_OK);  // already unknown: fine
  REQUIRE(elig_input_set_unknown(in.get(), "exported") == ELIG_OK);
  Decision d = Evaluate(p.get(), in.get());
  CHECK(Outcome(d.get()) == ELIG_UNDETERMINED);
  CHECK(Missing(d.get()) == std::vector<std::string>{"founded"});  // not `exported`: it only scores
  const char* score = nullptr;
  int complete = -1;
  REQUIRE(elig_decision_score(d.get(), &score, &complete) == ELIG_OK);
  CHECK(std::string(score) == "8");
  CHECK(complete == 0);
  int result = -1;
  REQUIRE(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 2, ELIG_LANG_EN, nullptr, &result, nullptr, nullptr) == ELIG_OK);
  CHECK(result == ELIG_RULE_UNKNOWN);
  const char* fact = nullptr;
  CHECK(elig_decision_missing(d.get(), 1, &fact) == ELIG_RANGE);

  // Without the amount the award cannot be determined: ELIG_ABSENT, never a guess.
  REQUIRE(elig_input_set_date(in.get(), "founded", "2010-05-01") == ELIG_OK);
  REQUIRE(elig_input_set_unknown(in.get(), "expenses") == ELIG_OK);
  Decision no_award = Evaluate(p.get(), in.get());
  CHECK(Outcome(no_award.get()) == ELIG_ELIGIBLE);
  const char* award = "untouched";
  CHECK(elig_decision_award(no_award.get(), &award) == ELIG_ABSENT);
  CHECK(std::string(award) == "untouched");
  int64_t yen = 42;
  CHECK(elig_decision_award_yen(no_award.get(), &yen) == ELIG_ABSENT);
  CHECK(yen == 42);
  CHECK(Missing(no_award.get()) == std::vector<std::string>{"expenses"});

  // clear forgets everything.
  REQUIRE(elig_input_clear(in.get()) == ELIG_OK);
  Decision empty = Evaluate(p.get(), in.get());
  CHECK(Outcome(empty.get()) == ELIG_UNDETERMINED);
  CHECK(Missing(empty.get()).size() >= 5);
}

TEST_CASE("binders: unknown fact, wrong type and bad value each have their code", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  elig_input* i = in.get();
  CHECK(std::string(elig_input_errmsg(i)).empty());

  CHECK(elig_input_set_int(i, "employes", 3) == ELIG_UNKNOWN_FACT);
  CHECK(std::string(elig_input_errmsg(i)) ==
        "the program `test.capi` has no fact `employes`; did you mean `employees`?");
  CHECK(elig_input_set_text(i, "nope", "x") == ELIG_UNKNOWN_FACT);
  CHECK(elig_input_set_unknown(i, "nope") == ELIG_UNKNOWN_FACT);
  const char* item = "kurumin";
  CHECK(elig_input_set_list(i, "nope", 1, &item) == ELIG_UNKNOWN_FACT);

  // Wrong type: the binder does not fit the declared type.
  CHECK(elig_input_set_text(i, "capital", "1000") == ELIG_TYPE);
  CHECK(std::string(elig_input_errmsg(i)) == "`capital` is a yen fact; elig_input_set_text takes text and enum facts");
  CHECK(elig_input_set_int(i, "prefecture", 1) == ELIG_TYPE);
  CHECK(elig_input_set_int(i, "exported", 1) == ELIG_TYPE);
  CHECK(elig_input_set_bool(i, "employees", 1) == ELIG_TYPE);
  CHECK(elig_input_set_date(i, "prefecture", "2026-01-01") == ELIG_TYPE);
  CHECK(elig_input_set_decimal(i, "founded", "1") == ELIG_TYPE);
  CHECK(elig_input_set_list(i, "industry", 1, &item) == ELIG_TYPE);
  CHECK(elig_input_set_text(i, "certs", "kurumin") == ELIG_TYPE);

  // Bad values: malformed, out of range, not whole, not a choice, not a real date.
  CHECK(elig_input_set_int(i, "employees", -1) == ELIG_VALUE);
  CHECK(std::string(elig_input_errmsg(i)) == "`employees`: must be at least 0, got -1");
  CHECK(elig_input_set_decimal(i, "share", "1.5") == ELIG_VALUE);
  CHECK(elig_input_set_decimal(i, "share", "abc") == ELIG_VALUE);
  CHECK(elig_input_set_decimal(i, "employees", "2.5") == ELIG_VALUE);
  CHECK(elig_input_set_decimal(i, "capital", "100.5") == ELIG_VALUE);
  CHECK(elig_input_set_text(i, "industry", "farming") == ELIG_VALUE);
  CHECK(std::string(elig_input_errmsg(i)).find("manufacturing, retail, service") != std::string::npos);
  CHECK(elig_input_set_date(i, "founded", "2026-02-30") == ELIG_VALUE);
  CHECK(elig_input_set_date(i, "founded", "yesterday") == ELIG_VALUE);
  CHECK(elig_input_set_text(i, "prefecture", "\xff\xfe") == ELIG_VALUE);
  const char* bad_items[] = {"kurumin", "platinum"};
  CHECK(elig_input_set_list(i, "certs", 2, bad_items) == ELIG_VALUE);

  // Accepted forms: int and decimal cross over where exact, decimals as text.
  CHECK(elig_input_set_int(i, "share", 0) == ELIG_OK);
  CHECK(elig_input_set_decimal(i, "share", "50%") == ELIG_OK);
  CHECK(elig_input_set_decimal(i, "share", "1/3") == ELIG_OK);
  CHECK(elig_input_set_decimal(i, "capital", "1,500,000") == ELIG_OK);
  CHECK(elig_input_set_decimal(i, "employees", "20") == ELIG_OK);
  CHECK(elig_input_set_list(i, "certs", 0, nullptr) == ELIG_OK);
  CHECK(std::string(elig_input_errmsg(i)).empty());  // a success clears the message

  // A failed call leaves the input unchanged.
  REQUIRE(elig_input_set_int(i, "expenses", 300'000) == ELIG_OK);
  CHECK(elig_input_set_int(i, "expenses", -5) == ELIG_VALUE);
  SetEligible(i);
  REQUIRE(elig_input_set_int(i, "expenses", 300'000) == ELIG_OK);
  CHECK(elig_input_set_decimal(i, "expenses", "x") == ELIG_VALUE);
  Decision d = Evaluate(p.get(), i);
  CHECK(Award(d.get()) == "200000");

  // Misuse: NULL handle, fact or value.
  CHECK(elig_input_set_int(nullptr, "employees", 1) == ELIG_MISUSE);
  CHECK(elig_input_set_int(i, nullptr, 1) == ELIG_MISUSE);
  CHECK(elig_input_set_decimal(nullptr, "share", "1") == ELIG_MISUSE);
  CHECK(elig_input_set_decimal(i, nullptr, "1") == ELIG_MISUSE);
  CHECK(elig_input_set_decimal(i, "share", nullptr) == ELIG_MISUSE);
  CHECK(elig_input_set_text(nullptr, "prefecture", "x") == ELIG_MISUSE);
  CHECK(elig_input_set_text(i, nullptr, "x") == ELIG_MISUSE);
  CHECK(elig_input_set_text(i, "prefecture", nullptr) == ELIG_MISUSE);
  CHECK(elig_input_set_bool(nullptr, "exported", 1) == ELIG_MISUSE);
  CHECK(elig_input_set_bool(i, nullptr, 1) == ELIG_MISUSE);
  CHECK(elig_input_set_date(nullptr, "founded", "2020-01-01") == ELIG_MISUSE);
  CHECK(elig_input_set_date(i, nullptr, "2020-01-01") == ELIG_MISUSE);
  CHECK(elig_input_set_date(i, "founded", nullptr) == ELIG_MISUSE);
  CHECK(elig_input_set_list(nullptr, "certs", 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_input_set_list(i, nullptr, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_input_set_list(i, "certs", 1, nullptr) == ELIG_MISUSE);
  const char* null_item[] = {nullptr};
  CHECK(elig_input_set_list(i, "certs", 1, null_item) == ELIG_MISUSE);
  CHECK(elig_input_set_unknown(nullptr, "certs") == ELIG_MISUSE);
  CHECK(elig_input_set_unknown(i, nullptr) == ELIG_MISUSE);
  CHECK(elig_input_clear(nullptr) == ELIG_MISUSE);
  CHECK(std::strlen(elig_input_errmsg(nullptr)) > 0);
  elig_input* none = reinterpret_cast<elig_input*>(0x1);
  CHECK(elig_input_new(nullptr, &none) == ELIG_MISUSE);
  CHECK(none == nullptr);
  CHECK(elig_input_new(p.get(), nullptr) == ELIG_MISUSE);
}

TEST_CASE("JSON input: exact numbers, as_of, nesting, merging", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"f.yaml", kFraction}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  const char* doc = R"({"id": "x", "as_of": "2026-06-01", "note": "ignored",
    "prefecture": "群馬県", "industry": "retail", "employees": 18, "capital": 20000000,
    "share": 0.123456789012345678, "founded": "2010-05-01", "exported": true, "certs": ["eruboshi"],
    "expenses": 1500001, "city": "高崎市", "memo": null})";
  REQUIRE(elig_input_set_json(in.get(), doc, 0) == ELIG_OK);
  Decision d = Evaluate(p.get(), in.get(), nullptr);  // as_of from the document
  const char* as_of = nullptr;
  REQUIRE(elig_decision_as_of(d.get(), &as_of) == ELIG_OK);
  CHECK(std::string(as_of) == "2026-06-01");
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);
  CHECK(Award(d.get()) == "1000000");
  const char* score = nullptr;
  REQUIRE(elig_decision_score(d.get(), &score, nullptr) == ELIG_OK);
  CHECK(std::string(score) == "0");
  // Numbers keep their exact text: a double would have made this 0.12345678901234568.
  CHECK(Json(d.get()).find("\"0.123456789012345678\"") != std::string::npos);
  REQUIRE(elig_input_set_json(in.get(), R"({"capital": 9007199254740993})", 0) == ELIG_OK);
  Decision big = Evaluate(p.get(), in.get(), nullptr);
  CHECK(Json(big.get()).find("9007199254740993") != std::string::npos);  // 2^53 + 1: no double holds it
  REQUIRE(elig_input_set_json(in.get(), R"({"capital": 20000000})", 0) == ELIG_OK);

  // An explicit as_of wins over the document's; outside the window: closed.
  Decision closed = Evaluate(p.get(), in.get(), "2027-06-01");
  CHECK(Outcome(closed.get()) == ELIG_CLOSED);

  // Facts under "facts", merged over what was set: later documents replace named facts only.
  REQUIRE(elig_input_set_json(in.get(), R"({"facts": {"prefecture": "栃木県"}})", 0) == ELIG_OK);
  Decision refused = Evaluate(p.get(), in.get(), nullptr);
  CHECK(Outcome(refused.get()) == ELIG_INELIGIBLE);
  REQUIRE(elig_input_set_json(in.get(), R"({"prefecture": "群馬県", "expenses": null})", 0) == ELIG_OK);
  Decision unknown_award = Evaluate(p.get(), in.get(), nullptr);
  CHECK(Outcome(unknown_award.get()) == ELIG_ELIGIBLE);
  CHECK(Award(unknown_award.get()) == "absent");

  // A value that does not fit is an input issue of the decision, as with `elig check`.
  REQUIRE(elig_input_set_json(in.get(), R"({"employees": "many", "expenses": 300000})", 0) == ELIG_OK);
  Decision issue = Evaluate(p.get(), in.get(), nullptr);
  CHECK(Outcome(issue.get()) == ELIG_UNDETERMINED);
  size_t n = 0;
  REQUIRE(elig_decision_issue_count(issue.get(), &n) == ELIG_OK);
  REQUIRE(n == 1);
  const char *fact = nullptr, *message = nullptr;
  REQUIRE(elig_decision_issue(issue.get(), 0, &fact, &message) == ELIG_OK);
  CHECK(std::string(fact) == "employees");
  CHECK(std::string(message) == "expected a whole number like `12` or `12人`, got `many`");
  CHECK(elig_decision_issue(issue.get(), 1, &fact, &message) == ELIG_RANGE);
  // The same issue in the language asked for, as `elig check --lang ja` says it.
  REQUIRE(elig_decision_issue_text(issue.get(), 0, ELIG_LANG_JA, &fact, &message) == ELIG_OK);
  CHECK(std::string(fact) == "employees");
  CHECK(std::string(message) != "expected a whole number like `12` or `12人`, got `many`");
  CHECK(std::string(message).find("many") != std::string::npos);
  REQUIRE(elig_decision_issue_text(issue.get(), 0, ELIG_LANG_EN, nullptr, &message) == ELIG_OK);
  CHECK(std::string(message) == "expected a whole number like `12` or `12人`, got `many`");
  CHECK(elig_decision_issue_text(issue.get(), 1, ELIG_LANG_JA, &fact, &message) == ELIG_RANGE);
  CHECK(Missing(issue.get()) == std::vector<std::string>{"employees"});
}

TEST_CASE("JSON input: malformed documents and strict mode", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  elig_input* i = in.get();
  SetEligible(i);

  CHECK(elig_input_set_json(i, "{\"employees\": 3,\n \"capital\": }", 0) == ELIG_JSON);
  CHECK(std::string(elig_input_errmsg(i)).find("line 2") != std::string::npos);
  CHECK(elig_input_set_json(i, "", 0) == ELIG_JSON);
  CHECK(elig_input_set_json(i, "[1, 2]", 0) == ELIG_JSON);
  CHECK(std::string(elig_input_errmsg(i)) == "an applicant is a JSON object of facts, like {\"capital\": 10000000}");
  CHECK(elig_input_set_json(i, "{} {}", 0) == ELIG_JSON);
  CHECK(elig_input_set_json(i, R"({"facts": 3})", 0) == ELIG_JSON);
  CHECK(elig_input_set_json(i, R"({"employees": 1, "employees": 2})", 0) == ELIG_JSON);
  CHECK(std::string(elig_input_errmsg(i)) == "the fact `employees` is given twice");
  CHECK(elig_input_set_json(i, R"({"employees": {"n": 1}})", 0) == ELIG_JSON);
  CHECK(elig_input_set_json(i, R"({"as_of": "2026-02-30"})", 0) == ELIG_JSON);
  CHECK(elig_input_set_json(i, R"({"prefecture": "\xff"})", 0) == ELIG_JSON);  // invalid UTF-8
  std::string deep = "{\"certs\": " + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(elig_input_set_json(i, deep.c_str(), 0) == ELIG_JSON);
  CHECK(std::string(elig_input_errmsg(i)).find("deeper than") != std::string::npos);
  std::string very_deep(100'000, '[');
  CHECK(elig_input_set_json(i, very_deep.c_str(), 0) == ELIG_JSON);

  // Strict: unknown facts and ill-typed values fail, and nothing is applied.
  CHECK(elig_input_set_json(i, R"({"prefecture": "栃木県", "employes": 3})", ELIG_INPUT_STRICT) == ELIG_UNKNOWN_FACT);
  CHECK(std::string(elig_input_errmsg(i)).find("did you mean `employees`?") != std::string::npos);
  CHECK(elig_input_set_json(i, R"({"prefecture": "栃木県", "employees": "many"})", ELIG_INPUT_STRICT) == ELIG_VALUE);
  CHECK(elig_input_set_json(i, R"({"prefecture": "栃木県", "employees": [1]})", ELIG_INPUT_STRICT) == ELIG_TYPE);
  CHECK(elig_input_set_json(i, R"({"prefecture": "栃木県", "certs": "kurumin"})", ELIG_INPUT_STRICT) == ELIG_TYPE);
  CHECK(elig_input_set_json(i, R"({"prefecture": "栃木県", "employees": 3, "certs": ["kurumin"]})", ELIG_INPUT_STRICT) ==
        ELIG_OK);
  CHECK(elig_input_set_json(i, R"({"prefecture": "群馬県"})", ELIG_INPUT_STRICT) == ELIG_OK);
  Decision d = Evaluate(p.get(), i);
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);  // every failed document above left the input as it was

  CHECK(elig_input_set_json(nullptr, "{}", 0) == ELIG_MISUSE);
  CHECK(elig_input_set_json(i, nullptr, 0) == ELIG_MISUSE);
  CHECK(elig_input_set_json(i, "{}", 4) == ELIG_MISUSE);
}

TEST_CASE("evaluation: misuse, bad as_of, another program's input, no trace", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"f.yaml", kFraction}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Program other = OpenProgram(rules.get(), "test.fraction");
  Input in = NewInput(p.get());
  SetEligible(in.get());
  elig_decision* d = reinterpret_cast<elig_decision*>(0x1);
  CHECK(elig_evaluate(nullptr, in.get(), nullptr, 0, &d) == ELIG_MISUSE);
  CHECK(d == nullptr);
  CHECK(elig_evaluate(p.get(), nullptr, nullptr, 0, &d) == ELIG_MISUSE);
  CHECK(elig_evaluate(p.get(), in.get(), nullptr, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_evaluate(p.get(), in.get(), nullptr, 4, &d) == ELIG_MISUSE);  // no such flag
  CHECK(elig_evaluate(other.get(), in.get(), nullptr, 0, &d) == ELIG_MISUSE);
  CHECK(std::string(elig_input_errmsg(in.get())) ==
        "the input was made for the program `test.capi`, not `test.fraction`");
  CHECK(elig_evaluate(p.get(), in.get(), "2026-13-01", 0, &d) == ELIG_VALUE);
  CHECK(std::string(elig_input_errmsg(in.get())) == "as_of `2026-13-01` is not a real date (YYYY-MM-DD)");
  CHECK(d == nullptr);

  // A second handle on the same program accepts the input.
  Program same = OpenProgram(rules.get(), "test.capi");
  Decision traced = Evaluate(same.get(), in.get());
  Decision fast = Evaluate(p.get(), in.get(), "2026-06-01", ELIG_EVAL_NO_TRACE);
  CHECK(Outcome(fast.get()) == Outcome(traced.get()));
  CHECK(Award(fast.get()) == Award(traced.get()));
  CHECK(Json(traced.get()).find("\"because\":[]") == std::string::npos);
  CHECK(Json(fast.get()).find("\"because\":[{") == std::string::npos);

  // Without as_of and without a document's: today. Not checked against a clock, only that it is a date.
  Decision today = Evaluate(p.get(), in.get(), nullptr);
  const char* as_of = nullptr;
  REQUIRE(elig_decision_as_of(today.get(), &as_of) == ELIG_OK);
  CHECK(std::strlen(as_of) == 10);
}

TEST_CASE("decision accessors: fractions, errors, JSON and text, misuse", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"f.yaml", kFraction}, {"o.yaml", kOverflow}});
  {
    Program p = OpenProgram(rules.get(), "test.fraction");
    Input in = NewInput(p.get());
    REQUIRE(elig_input_set_int(in.get(), "expenses", 100) == ELIG_OK);
    Decision d = Evaluate(p.get(), in.get());
    CHECK(Award(d.get()) == "200/3");  // exact, never 66.666…
    int64_t yen = 7;
    CHECK(elig_decision_award_yen(d.get(), &yen) == ELIG_VALUE);
    CHECK(yen == 7);
  }
  {
    Program p = OpenProgram(rules.get(), "test.overflow");
    Input in = NewInput(p.get());
    REQUIRE(elig_input_set_int(in.get(), "expenses", 100) == ELIG_OK);
    Decision d = Evaluate(p.get(), in.get());
    size_t n = 0;
    REQUIRE(elig_decision_error_count(d.get(), &n) == ELIG_OK);
    REQUIRE(n == 1);
    const char* message = nullptr;
    REQUIRE(elig_decision_error(d.get(), 0, &message) == ELIG_OK);
    CHECK(std::string(message).rfind("award: ", 0) == 0);
    CHECK(elig_decision_error(d.get(), 1, &message) == ELIG_RANGE);
    // The same error in the applicant's language; the English one is what is stored.
    const char* ja = nullptr;
    const char* en = nullptr;
    REQUIRE(elig_decision_error_text(d.get(), 0, ELIG_LANG_JA, &ja) == ELIG_OK);
    REQUIRE(elig_decision_error_text(d.get(), 0, ELIG_LANG_EN, &en) == ELIG_OK);
    CHECK(std::string(en) == message);
    CHECK_THAT(std::string(ja), Catch::StartsWith("支給額: "));
    CHECK_THAT(std::string(ja), Catch::Contains("の積が扱える範囲を超えています"));
    const char* again = nullptr;
    REQUIRE(elig_decision_error_text(d.get(), 0, ELIG_LANG_JA, &again) == ELIG_OK);
    CHECK(again == ja);  // said once, kept by the decision
    CHECK(elig_decision_error_text(d.get(), 1, ELIG_LANG_JA, &ja) == ELIG_RANGE);
    CHECK(Award(d.get()) == "absent");
  }
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  SetEligible(in.get());
  Decision dec = Evaluate(p.get(), in.get());
  elig_decision* d = dec.get();
  std::string en = Json(d, ELIG_LANG_EN);
  std::string ja = Json(d, ELIG_LANG_JA);
  std::string pretty = Json(d, ELIG_LANG_EN, ELIG_JSON_PRETTY);
  CHECK(en.find("\"lang\":\"en\"") != std::string::npos);
  CHECK(ja.find("\"lang\":\"ja\"") != std::string::npos);
  CHECK(ja.find("群馬県内に本社を有すること") != std::string::npos);
  CHECK(pretty.find("\n  \"program\"") != std::string::npos);
  const char* again = nullptr;
  REQUIRE(elig_decision_json(d, ELIG_LANG_EN, 0, &again) == ELIG_OK);
  CHECK(std::string(again) == en);  // the cached text, still valid
  const char* text = nullptr;
  REQUIRE(elig_decision_text(d, ELIG_LANG_JA, &text) == ELIG_OK);
  CHECK(std::string(text).find("対象") != std::string::npos);
  REQUIRE(elig_decision_text(d, ELIG_LANG_EN, &text) == ELIG_OK);
  CHECK(std::string(text).find("The head office is in Gunma") != std::string::npos);

  const char* s = nullptr;
  size_t n = 0;
  int v = 0;
  int64_t yen = 0;
  CHECK(elig_decision_outcome(nullptr, &v) == ELIG_MISUSE);
  CHECK(elig_decision_outcome(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_as_of(nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_decision_as_of(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_score(nullptr, &s, &v) == ELIG_MISUSE);
  CHECK(elig_decision_score(d, nullptr, nullptr) == ELIG_OK);
  CHECK(elig_decision_award(nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_decision_award(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_award_yen(nullptr, &yen) == ELIG_MISUSE);
  CHECK(elig_decision_award_yen(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_rule_count(nullptr, ELIG_REQUIREMENT, &n) == ELIG_MISUSE);
  CHECK(elig_decision_rule_count(d, ELIG_REQUIREMENT, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_rule_count(d, 0, &n) == ELIG_MISUSE);
  CHECK(elig_decision_rule_count(d, 4, &n) == ELIG_MISUSE);
  CHECK(elig_decision_rule(nullptr, ELIG_REQUIREMENT, 0, ELIG_LANG_EN, &s, &v, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_rule(d, 0, 0, ELIG_LANG_EN, &s, &v, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_rule(d, ELIG_REQUIREMENT, 0, 0, &s, &v, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_missing_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_decision_missing_count(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_missing(nullptr, 0, &s) == ELIG_MISUSE);
  CHECK(elig_decision_missing(d, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_missing(d, 0, &s) == ELIG_RANGE);
  CHECK(elig_decision_issue_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_decision_issue_count(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_issue(nullptr, 0, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_issue(d, 0, &s, &s) == ELIG_RANGE);
  CHECK(elig_decision_issue_text(nullptr, 0, ELIG_LANG_JA, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_issue_text(d, 0, 7, &s, &s) == ELIG_MISUSE);
  CHECK(elig_decision_issue_text(d, 0, ELIG_LANG_EN, &s, &s) == ELIG_RANGE);
  CHECK(elig_decision_error_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_decision_error_count(d, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_error(nullptr, 0, &s) == ELIG_MISUSE);
  CHECK(elig_decision_error(d, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_error(d, 0, &s) == ELIG_RANGE);
  CHECK(elig_decision_error_text(nullptr, 0, ELIG_LANG_JA, &s) == ELIG_MISUSE);
  CHECK(elig_decision_error_text(d, 0, 7, &s) == ELIG_MISUSE);
  CHECK(elig_decision_error_text(d, 0, ELIG_LANG_JA, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_error_text(d, 0, ELIG_LANG_EN, &s) == ELIG_RANGE);
  CHECK(elig_decision_json(nullptr, ELIG_LANG_EN, 0, &s) == ELIG_MISUSE);
  CHECK(elig_decision_json(d, 7, 0, &s) == ELIG_MISUSE);
  CHECK(elig_decision_json(d, ELIG_LANG_EN, 4, &s) == ELIG_MISUSE);
  CHECK(elig_decision_json(d, ELIG_LANG_EN, ELIG_JSON_PRETTY | ELIG_JSON_COMPACT_DECISION, &s) == ELIG_MISUSE);
  CHECK(elig_decision_json(d, ELIG_LANG_EN, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_decision_text(nullptr, ELIG_LANG_EN, &s) == ELIG_MISUSE);
  CHECK(elig_decision_text(d, 0, &s) == ELIG_MISUSE);
  CHECK(elig_decision_text(d, ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
}

TEST_CASE("the compact decision JSON reads back, with the same rules, to the full JSON", "[capi][compact]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  auto engine_rules = elig::RuleSet::LoadTexts({{"a.yaml", kProgram}});
  REQUIRE(engine_rules->ok());
  const elig::CompiledProgram* prog = engine_rules->Find("test.capi");
  REQUIRE(prog);
  for (bool eligible : {true, false}) {
    Input in = NewInput(p.get());
    if (eligible) SetEligible(in.get());
    else REQUIRE(elig_input_set_int(in.get(), "expenses", 10) == ELIG_OK);
    Decision dec = Evaluate(p.get(), in.get());
    const std::string compact = Json(dec.get(), ELIG_LANG_JA, ELIG_JSON_COMPACT_DECISION);
    CHECK(compact.rfind("{\"format\":\"elig-compact-1\",\"program\":\"test.capi\"", 0) == 0);
    CHECK(Json(dec.get(), ELIG_LANG_EN, ELIG_JSON_COMPACT_DECISION) == compact);  // no language in it
    elig::CompactDecision back;
    std::string error;
    REQUIRE(elig::ReadCompactJson(*prog, compact, back, error));
    CHECK(elig::RenderJson(back.decision, elig::Lang::kEn) == Json(dec.get(), ELIG_LANG_EN));
    CHECK(elig::RenderJson(back.decision, elig::Lang::kJa, true) == Json(dec.get(), ELIG_LANG_JA, ELIG_JSON_PRETTY));
  }
}

TEST_CASE("handles outlive the handles they came from", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Input in = NewInput(p.get());
  rules.reset();  // the program keeps its rules alive
  SetEligible(in.get());
  Decision d = Evaluate(p.get(), in.get());
  p.reset();
  in.reset();  // the decision keeps the program and its facts
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);
  CHECK(Json(d.get()).find("\"founded\"") != std::string::npos);
  const char* id = nullptr;
  REQUIRE(elig_decision_rule(d.get(), ELIG_REQUIREMENT, 0, ELIG_LANG_EN, &id, nullptr, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(id) == "in-gunma");
}

TEST_CASE("the C API, its example and `elig check` give the same decision JSON", "[capi]") {
  const std::string root = ELIG_SOURCE_DIR;
  const std::string rules_dir = root + "/rules";
  const std::string applicant = root + "/api/examples/gunma-maker.json";
  const char* program = "gunma.trade-fair-sample";
  for (const char* lang : {"en", "ja"}) {
    INFO(lang);
    int status = 0;
    std::string cli = RunCommand(std::string(ELIG_BINARY) + " check --rules '" + rules_dir + "' --program " + program +
                                     " --applicant '" + applicant + "' --format json --lang " + lang + " 2>/dev/null",
                                 status);
    REQUIRE(!cli.empty());
    CHECK(cli.find("\"outcome\": \"eligible\"") != std::string::npos);

    elig_rules* r = nullptr;
    REQUIRE(elig_rules_open_dir(rules_dir.c_str(), &r) == ELIG_OK);
    Rules rules(r);
    Program p = OpenProgram(r, program);
    Input in = NewInput(p.get());
    std::string doc = ReadFile(applicant);
    REQUIRE(elig_input_set_json(in.get(), doc.c_str(), 0) == ELIG_OK);
    Decision d = Evaluate(p.get(), in.get(), nullptr);
    CHECK(Json(d.get(), std::string(lang) == "ja" ? ELIG_LANG_JA : ELIG_LANG_EN, ELIG_JSON_PRETTY) + "\n" == cli);

    std::string example = RunCommand(std::string(ELIG_EXAMPLE_BINARY) + " '" + rules_dir + "' " + program + " '" +
                                         applicant + "' " + lang + " 2>/dev/null",
                                     status);
    CHECK(example == cli);
    CHECK(status == 0);  // exit 0: eligible, like `elig check`
  }
}

TEST_CASE("the example program reports bad arguments with its exit codes", "[capi]") {
  const std::string root = ELIG_SOURCE_DIR;
  int status = 0;
  RunCommand(std::string(ELIG_EXAMPLE_BINARY) + " 2>/dev/null", status);
  CHECK(WEXITSTATUS(status) == 64);
  RunCommand(std::string(ELIG_EXAMPLE_BINARY) + " /nonexistent/rules x y 2>/dev/null", status);
  CHECK(WEXITSTATUS(status) == 66);
  RunCommand(std::string(ELIG_EXAMPLE_BINARY) + " '" + root + "/rules' no.such '" + root +
                 "/api/examples/gunma-maker.json' 2>/dev/null",
             status);
  CHECK(WEXITSTATUS(status) == 64);
  RunCommand(std::string(ELIG_EXAMPLE_BINARY) + " '" + root + "/rules' gunma.trade-fair-sample '" + root +
                 "/README.md' 2>/dev/null",
             status);
  CHECK(WEXITSTATUS(status) == 65);
}

namespace {

// A deterministic stream of applicants, some eligible, some not, some with
// facts missing or ill-typed, exercising every fact type. Half are given as
// JSON, half through the typed binders.
struct Applicant {
  std::optional<std::string> prefecture, industry, share, founded;
  std::optional<int64_t> employees, capital, expenses;
  std::optional<bool> exported, kurumin;
  bool bad_employees = false;
  std::string json;
};

std::vector<Applicant> MakeApplicants(size_t n) {
  std::vector<Applicant> out;
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state](uint64_t mod) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<int64_t>((state >> 33) % mod);
  };
  const char* prefectures[] = {"群馬県", "群馬県", "群馬県", "栃木県"};
  const char* industries[] = {"manufacturing", "retail", "service"};
  for (size_t i = 0; i < n; ++i) {
    Applicant a;
    if (next(10)) a.prefecture = prefectures[next(4)];
    if (next(10)) a.industry = industries[next(3)];
    if (next(10)) a.employees = next(400);
    if (next(10)) a.capital = next(400) * 1'000'000;
    if (next(10)) a.share = std::to_string(next(100)) + "%";
    if (next(10)) a.founded = std::to_string(2000 + next(27)) + "-0" + std::to_string(1 + next(9)) + "-1" + std::to_string(next(10));
    if (next(10)) a.exported = next(2) == 1;
    if (next(10)) a.kurumin = next(2) == 1;
    if (next(10)) a.expenses = next(3'000'000);
    a.bad_employees = next(50) == 0;
    std::string j;
    auto add = [&j](const std::string& kv) { j += (j.empty() ? "{" : ", ") + kv; };
    auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
    if (a.prefecture) add("\"prefecture\": " + quoted(*a.prefecture));
    if (a.industry) add("\"industry\": " + quoted(*a.industry));
    if (a.bad_employees) add("\"employees\": \"many\"");
    else if (a.employees) add("\"employees\": " + std::to_string(*a.employees));
    if (a.capital) add("\"capital\": " + std::to_string(*a.capital));
    if (a.share) add("\"share\": " + quoted(*a.share));
    if (a.founded) add("\"founded\": " + quoted(*a.founded));
    if (a.exported) add(std::string("\"exported\": ") + (*a.exported ? "true" : "false"));
    if (a.kurumin) add(*a.kurumin ? "\"certs\": [\"kurumin\"]" : "\"certs\": []");
    if (a.expenses) add("\"expenses\": " + std::to_string(*a.expenses));
    a.json = j.empty() ? "{}" : j + "}";
    out.push_back(std::move(a));
  }
  return out;
}

// Sets one applicant's facts; false with the reason in `error`.
bool SetFacts(elig_input* in, const Applicant& a, bool use_json, std::string& error) {
  bool ok = elig_input_clear(in) == ELIG_OK;
  if (use_json) {
    ok = ok && elig_input_set_json(in, a.json.c_str(), 0) == ELIG_OK;
  } else {
    const char* kurumin[] = {"kurumin"};
    if (a.prefecture) ok = ok && elig_input_set_text(in, "prefecture", a.prefecture->c_str()) == ELIG_OK;
    if (a.industry) ok = ok && elig_input_set_text(in, "industry", a.industry->c_str()) == ELIG_OK;
    if (a.employees && !a.bad_employees) ok = ok && elig_input_set_int(in, "employees", *a.employees) == ELIG_OK;
    if (a.capital) ok = ok && elig_input_set_int(in, "capital", *a.capital) == ELIG_OK;
    if (a.share) ok = ok && elig_input_set_decimal(in, "share", a.share->c_str()) == ELIG_OK;
    if (a.founded) ok = ok && elig_input_set_date(in, "founded", a.founded->c_str()) == ELIG_OK;
    if (a.exported) ok = ok && elig_input_set_bool(in, "exported", *a.exported) == ELIG_OK;
    if (a.kurumin) ok = ok && elig_input_set_list(in, "certs", *a.kurumin ? 1 : 0, kurumin) == ELIG_OK;
    if (a.expenses) ok = ok && elig_input_set_int(in, "expenses", *a.expenses) == ELIG_OK;
  }
  if (!ok) error = elig_input_errmsg(in);
  return ok;
}

// What a decision says, in one comparable string: outcome, score, award, every
// rule's result, missing facts, input issues; and, for every 25th applicant, the
// whole Japanese explanation (rendering it for all would only slow the test).
std::string Summary(const elig_program* p, elig_input* in, const Applicant& a, size_t index, std::string& error) {
  if (!SetFacts(in, a, index % 2 == 0, error)) return "";
  elig_decision* d = nullptr;
  if (elig_evaluate(p, in, "2026-06-01", 0, &d) != ELIG_OK) return error = elig_input_errmsg(in), "";
  int outcome = -1;
  const char *score = "", *award = "absent";
  elig_decision_outcome(d, &outcome);
  elig_decision_score(d, &score, nullptr);
  elig_decision_award(d, &award);
  std::string s = std::to_string(outcome) + "|" + score + "|" + award + "|";
  for (int kind : {ELIG_REQUIREMENT, ELIG_EXCLUSION, ELIG_SCORE_ITEM}) {
    size_t n = 0;
    elig_decision_rule_count(d, kind, &n);
    for (size_t i = 0; i < n; ++i) {
      int result = -1;
      elig_decision_rule(d, kind, i, ELIG_LANG_EN, nullptr, &result, nullptr, nullptr);
      s += std::to_string(result);
    }
    s += "|";
  }
  size_t n = 0;
  elig_decision_missing_count(d, &n);
  for (size_t i = 0; i < n; ++i) {
    const char* fact = "";
    elig_decision_missing(d, i, &fact);
    s += std::string(fact) + ",";
  }
  elig_decision_issue_count(d, &n);
  s += "|" + std::to_string(n);
  if (index % 25 == 0) {
    const char* json = "";
    elig_decision_json(d, ELIG_LANG_JA, 0, &json);
    s += std::string("|") + json;
  }
  elig_decision_free(d);
  return s;
}

}  // namespace

TEST_CASE("one program evaluated from 8 threads gives the single-thread decisions", "[capi][threads]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}});
  Program p = OpenProgram(rules.get(), "test.capi");
  const size_t kApplicants = 10'000;
  const size_t kThreads = 8;
  std::vector<Applicant> applicants = MakeApplicants(kApplicants);

  std::vector<std::string> expected(kApplicants);
  {
    Input in = NewInput(p.get());
    std::string error;
    for (size_t i = 0; i < kApplicants; ++i) {
      expected[i] = Summary(p.get(), in.get(), applicants[i], i, error);
      REQUIRE(error.empty());
    }
  }
  // The stream must exercise every outcome, or agreement would prove little.
  std::set<std::string> outcomes;
  for (const auto& e : expected) outcomes.insert(e.substr(0, e.find('|')));
  CHECK(outcomes == std::set<std::string>{"0", "1", "2"});  // eligible, ineligible, undetermined

  std::vector<size_t> mismatches(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      elig_input* in = nullptr;
      if (elig_input_new(p.get(), &in) != ELIG_OK) {
        errors[t] = "elig_input_new failed";
        return;
      }
      // Each thread starts at a different place, so threads decide different applicants at once.
      for (size_t k = 0; k < kApplicants; ++k) {
        size_t i = (k + t * kApplicants / kThreads) % kApplicants;
        std::string error;
        std::string got = Summary(p.get(), in, applicants[i], i, error);
        if (!error.empty() && errors[t].empty()) errors[t] = error;
        if (got != expected[i]) ++mismatches[t];
      }
      elig_input_free(in);
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(errors[t].empty());
    CHECK(mismatches[t] == 0);
  }
}

TEST_CASE("the audit flag appends each decision to a log that verifies and replays", "[capi][audit]") {
  std::string db = "/tmp/elig-capi-audit-" + std::to_string(getpid()) + ".db";
  std::remove(db.c_str());
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"f.yaml", kFraction}});
  Program p = OpenProgram(rules.get(), "test.capi");
  Program f = OpenProgram(rules.get(), "test.fraction");
  Input in = NewInput(p.get());
  SetEligible(in.get());
  elig_decision* d = nullptr;

  // The flag without a log is misuse, and nothing is returned.
  CHECK(elig_evaluate(p.get(), in.get(), "2026-06-01", ELIG_EVAL_AUDIT, &d) == ELIG_MISUSE);
  CHECK(d == nullptr);
  CHECK_THAT(elig_input_errmsg(in.get()), Catch::Contains("elig_rules_audit_open"));
  // Misuse of the attach call.
  CHECK(elig_rules_audit_open(nullptr, db.c_str(), ELIG_LANG_JA) == ELIG_MISUSE);
  CHECK(elig_rules_audit_open(rules.get(), nullptr, ELIG_LANG_JA) == ELIG_MISUSE);
  CHECK(elig_rules_audit_open(rules.get(), "", ELIG_LANG_JA) == ELIG_MISUSE);
  CHECK(elig_rules_audit_open(rules.get(), db.c_str(), 7) == ELIG_MISUSE);
  // A place that cannot hold a file: ELIG_IO with the reason on the rules.
  CHECK(elig_rules_audit_open(rules.get(), "/nonexistent-dir/audit.db", ELIG_LANG_JA) == ELIG_IO);
  CHECK_THAT(elig_rules_errmsg(rules.get()), Catch::Contains("/nonexistent-dir/audit.db"));

  // Attached after the program was opened: the program logs to it all the same.
  REQUIRE(elig_rules_audit_open(rules.get(), db.c_str(), ELIG_LANG_JA) == ELIG_OK);
  Decision a = Evaluate(p.get(), in.get(), "2026-06-01", ELIG_EVAL_AUDIT);
  Decision b = Evaluate(p.get(), in.get(), "2026-06-01", ELIG_EVAL_AUDIT | ELIG_EVAL_NO_TRACE);
  Decision unlogged = Evaluate(p.get(), in.get(), "2026-06-01");
  Input fin = NewInput(f.get());
  REQUIRE(elig_input_set_json(fin.get(), R"({"id": "frac-1", "expenses": 1000})", 0) == ELIG_OK);
  Decision c = Evaluate(f.get(), fin.get(), "2026-06-01", ELIG_EVAL_AUDIT);
  CHECK(Award(c.get()) == "2000/3");
  // An audited decision keeps its reasons even when asked for no trace.
  CHECK(Json(b.get()) == Json(a.get()));

  // Three rows, chained, each replayed from its stored rules and inputs to the same decision.
  elig::store::Status st;
  auto log = elig::store::AuditLog::Open(db, st, elig::store::OpenMode::kReadOnly);
  REQUIRE(log);
  elig::store::VerifyReport report;
  REQUIRE(elig::store::VerifyAudit(*log, report).ok());
  CHECK(report.ok());
  CHECK(report.rows == 3);
  CHECK(report.replayed == 3);
  std::vector<elig::store::AuditRow> rows;
  REQUIRE(log->History("frac-1", rows).ok());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].record.program == "test.fraction");
  CHECK(rows[0].record.award == std::optional<std::string>("2000/3"));
  CHECK(rows[0].record.origin == "api");
  CHECK(rows[0].record.lang == "ja");
  CHECK_THAT(rows[0].record.explanation, Catch::Contains("test.fraction"));
  log.reset();

  // The command line verifies the same log.
  int status = 0;
  std::string out = RunCommand(std::string("'") + ELIG_BINARY + "' audit verify '" + db + "' 2>&1", status);
  INFO(out);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  for (const char* ext : {"", "-wal", "-shm"}) std::remove((db + ext).c_str());
}

// ---- Screening, the next question, program metadata and limits ----------------------------

namespace {

// A second program for test.capi's applicant, with a smaller award, that cannot be
// combined with test.capi (併給制限), and themes.
const char* kOther = R"(program: test.other
version: "1"
title: { ja: 併給できない補助金, en: A grant not combined }
kind: grant
window: 2026-04-01 .. 2027-03-31
themes: [export]
facts:
  employees: { type: int, min: 0, max: 1000 }
  expenses: { type: yen, min: 0 }
requirements:
  - id: small
    rule: employees <= 50
award: min(expenses, 100_000 yen)
combine:
  not_with: [test.capi]
)";

// The shipped rules, as `elig --rules rules` opens them.
Rules OpenShipped() {
  elig_rules* r = nullptr;
  REQUIRE(elig_rules_open_dir((std::string(ELIG_SOURCE_DIR) + "/rules").c_str(), &r) == ELIG_OK);
  return Rules(r);
}

Input NewRulesInput(const elig_rules* rules) {
  elig_input* in = nullptr;
  REQUIRE(elig_input_new_rules(rules, &in) == ELIG_OK);
  REQUIRE(in != nullptr);
  return Input(in);
}

Screening Screen(const elig_rules* rules, elig_input* in, std::vector<const char*> ids = {}, const char* theme = nullptr,
                 const char* as_of = "2026-06-01") {
  elig_screening* s = nullptr;
  int rc = elig_screen(rules, in, ids.size(), ids.data(), theme, as_of, &s);
  INFO(elig_input_errmsg(in));
  REQUIRE(rc == ELIG_OK);
  REQUIRE(s != nullptr);
  return Screening(s);
}

std::string ScreenedText(int (*fn)(const elig_screening*, size_t, const char**), const elig_screening* s, size_t i) {
  const char* t = nullptr;
  int rc = fn(s, i, &t);
  if (rc == ELIG_ABSENT) return "absent";
  REQUIRE(rc == ELIG_OK);
  return t;
}

std::vector<std::string> ScreenedMissing(const elig_screening* s, size_t i) {
  return ListOf([&](size_t* n) { return elig_screening_missing_count(s, i, n); },
                [&](size_t k, const char** f) { return elig_screening_missing(s, i, k, f); });
}

std::vector<std::string> Needed(const elig_screening* s) {
  return ListOf([&](size_t* n) { return elig_screening_needed_count(s, n); },
                [&](size_t k, const char** f) { return elig_screening_needed(s, k, f); });
}

std::string ScreeningJson(elig_screening* s, int lang) {
  const char* j = nullptr;
  REQUIRE(elig_screening_json(s, lang, &j) == ELIG_OK);
  return j;
}

const char* kEligibleJson = R"({"id": "a-1", "prefecture": "群馬県", "industry": "manufacturing", "employees": 18,
  "capital": 20000000, "share": "0.25", "founded": "2010-05-01", "exported": false, "certs": ["kurumin"],
  "expenses": 1500000})";

}  // namespace

TEST_CASE("screening many programs: decisions, 併給制限, final awards and missing facts", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kOther}});
  Input in = NewRulesInput(rules.get());
  REQUIRE(elig_input_set_json(in.get(), kEligibleJson, ELIG_INPUT_STRICT) == ELIG_OK);
  Screening s = Screen(rules.get(), in.get());

  const char* as_of = nullptr;
  REQUIRE(elig_screening_as_of(s.get(), &as_of) == ELIG_OK);
  CHECK(std::string(as_of) == "2026-06-01");
  size_t n = 0;
  REQUIRE(elig_screening_program_count(s.get(), &n) == ELIG_OK);
  REQUIRE(n == 2);
  const char* id = nullptr;
  int outcome = -1;
  REQUIRE(elig_screening_program(s.get(), 0, &id, &outcome) == ELIG_OK);
  CHECK(std::string(id) == "test.capi");
  CHECK(outcome == ELIG_ELIGIBLE);
  REQUIRE(elig_screening_program(s.get(), 1, &id, &outcome) == ELIG_OK);
  CHECK(std::string(id) == "test.other");
  CHECK(outcome == ELIG_ELIGIBLE);
  // Both eligible, not to be combined: the larger award is kept, the other's final award is 0.
  CHECK(ScreenedText(elig_screening_award, s.get(), 0) == "1000000");
  CHECK(ScreenedText(elig_screening_final_award, s.get(), 0) == "1000000");
  CHECK(ScreenedText(elig_screening_award, s.get(), 1) == "100000");
  CHECK(ScreenedText(elig_screening_final_award, s.get(), 1) == "0");
  int combined = -1;
  REQUIRE(elig_screening_combined(s.get(), 1, &combined) == ELIG_OK);
  CHECK(combined == 1);
  const char* score = nullptr;
  int complete = -1;
  REQUIRE(elig_screening_score(s.get(), 0, &score, &complete) == ELIG_OK);
  CHECK(std::string(score) == "18");
  CHECK(complete == 1);
  CHECK(ScreenedMissing(s.get(), 0).empty());
  CHECK(Needed(s.get()).empty());

  // The decision of one program: the screening's, with its final award.
  elig_decision* d = nullptr;
  REQUIRE(elig_screening_decision(s.get(), 1, &d) == ELIG_OK);
  Decision decision(d);
  CHECK(Outcome(d) == ELIG_ELIGIBLE);
  const char* final_award = nullptr;
  REQUIRE(elig_decision_final_award(d, &final_award) == ELIG_OK);
  CHECK(std::string(final_award) == "0");
  s.reset();  // the decision outlives the screening
  CHECK(Json(d).find("\"outcome\":\"eligible\"") != std::string::npos);

  // Facts missing: test.capi is undetermined and names them; over all, the one both need first.
  REQUIRE(elig_input_set_unknown(in.get(), "employees") == ELIG_OK);
  REQUIRE(elig_input_set_unknown(in.get(), "founded") == ELIG_OK);
  s = Screen(rules.get(), in.get());
  REQUIRE(elig_screening_program(s.get(), 0, nullptr, &outcome) == ELIG_OK);
  CHECK(outcome == ELIG_UNDETERMINED);
  auto missing = ScreenedMissing(s.get(), 0);
  CHECK(std::set<std::string>(missing.begin(), missing.end()) == std::set<std::string>{"employees", "founded"});
  CHECK(ScreenedMissing(s.get(), 1) == std::vector<std::string>{"employees"});
  auto needed = Needed(s.get());
  REQUIRE(needed.size() == 2);
  CHECK(needed.front() == "employees");  // both programs need it
  CHECK(ScreenedText(elig_screening_final_award, s.get(), 0) == "1000000");

  // Programs chosen, in the order given, once each; a theme keeps those that have it.
  s = Screen(rules.get(), in.get(), {"test.other", "test.capi", "test.other"});
  REQUIRE(elig_screening_program_count(s.get(), &n) == ELIG_OK);
  CHECK(n == 2);
  REQUIRE(elig_screening_program(s.get(), 0, &id, nullptr) == ELIG_OK);
  CHECK(std::string(id) == "test.other");
  s = Screen(rules.get(), in.get(), {}, "export");
  REQUIRE(elig_screening_program_count(s.get(), &n) == ELIG_OK);
  CHECK(n == 1);
  s = Screen(rules.get(), in.get(), {}, "agriculture");  // a known theme no program has: none screened
  REQUIRE(elig_screening_program_count(s.get(), &n) == ELIG_OK);
  CHECK(n == 0);
  CHECK(ScreeningJson(s.get(), ELIG_LANG_EN).find("\"eligible\"") != std::string::npos);

  // An input made for one program screens too.
  Program p = OpenProgram(rules.get(), "test.other");
  Input one = NewInput(p.get());
  REQUIRE(elig_input_set_int(one.get(), "employees", 3) == ELIG_OK);
  s = Screen(rules.get(), one.get(), {"test.other"});
  REQUIRE(elig_screening_program(s.get(), 0, nullptr, &outcome) == ELIG_OK);
  CHECK(outcome == ELIG_ELIGIBLE);
}

TEST_CASE("the screening JSON is what `elig match --format json` prints", "[capi]") {
  const std::string rules_dir = std::string(ELIG_SOURCE_DIR) + "/rules";
  const std::string applicant = std::string(ELIG_SOURCE_DIR) + "/api/examples/gunma-maker.json";
  Rules rules = OpenShipped();
  elig_rules* r = rules.get();
  Input in = NewRulesInput(r);
  std::string doc = ReadFile(applicant);
  REQUIRE(elig_input_set_json(in.get(), doc.c_str(), 0) == ELIG_OK);
  for (const char* theme : {"", "export"}) {
    for (const char* lang : {"en", "ja"}) {
      INFO(lang << " theme " << theme);
      int status = 0;
      std::string cli = RunCommand(std::string(ELIG_BINARY) + " match --rules '" + rules_dir + "' --applicant '" +
                                       applicant + "' --format json --lang " + lang +
                                       (*theme ? std::string(" --theme ") + theme : "") + " 2>/dev/null",
                                   status);
      REQUIRE(!cli.empty());
      Screening s = Screen(r, in.get(), {}, *theme ? theme : nullptr, nullptr);
      CHECK(ScreeningJson(s.get(), std::string(lang) == "ja" ? ELIG_LANG_JA : ELIG_LANG_EN) == cli);
    }
  }
}

TEST_CASE("screening and asking: misuse and errors have their codes and messages", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kOther}, {"c.yaml", kBroken}}, ELIG_RULES);
  Rules other = OpenTexts({{"b.yaml", kOther}});
  Input in = NewRulesInput(rules.get());
  elig_screening* s = reinterpret_cast<elig_screening*>(1);
  elig_question* q = reinterpret_cast<elig_question*>(1);
  const char* ids[] = {"test.capi", nullptr};
  CHECK(elig_input_new_rules(nullptr, nullptr) == ELIG_MISUSE);
  elig_input* none = reinterpret_cast<elig_input*>(1);
  CHECK(elig_input_new_rules(nullptr, &none) == ELIG_MISUSE);
  CHECK(none == nullptr);
  CHECK(elig_screen(nullptr, in.get(), 0, nullptr, nullptr, nullptr, &s) == ELIG_MISUSE);
  CHECK(s == nullptr);
  CHECK(elig_screen(rules.get(), nullptr, 0, nullptr, nullptr, nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_screen(rules.get(), in.get(), 0, nullptr, nullptr, nullptr, nullptr) == ELIG_MISUSE);
  CHECK(elig_screen(rules.get(), in.get(), 1, nullptr, nullptr, nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_screen(rules.get(), in.get(), 2, ids, nullptr, nullptr, &s) == ELIG_MISUSE);
  CHECK(elig_ask(nullptr, in.get(), 0, nullptr, nullptr, nullptr, &q) == ELIG_MISUSE);
  CHECK(q == nullptr);
  CHECK(elig_ask(rules.get(), nullptr, 0, nullptr, nullptr, nullptr, &q) == ELIG_MISUSE);
  CHECK(elig_ask(rules.get(), in.get(), 0, nullptr, nullptr, nullptr, nullptr) == ELIG_MISUSE);
  CHECK(elig_ask(rules.get(), in.get(), 2, ids, nullptr, nullptr, &q) == ELIG_MISUSE);

  // Each error says why in the input.
  struct Case {
    std::vector<const char*> ids;
    const char* theme;
    const char* as_of;
    int code;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"test.nope"}, nullptr, nullptr, ELIG_NOTFOUND, "the program `test.nope` does not exist"},
           {{"test.broken"}, nullptr, nullptr, ELIG_RULES, "the program `test.broken` failed to compile"},
           {{}, "nope", nullptr, ELIG_VALUE, "`nope` is not a theme; the themes are"},
           {{}, nullptr, "2026-02-30", ELIG_VALUE, "as_of `2026-02-30` is not a real date (YYYY-MM-DD)"},
       }) {
    INFO(c.message);
    CHECK(elig_screen(rules.get(), in.get(), c.ids.size(), c.ids.data(), c.theme, c.as_of, &s) == c.code);
    CHECK(s == nullptr);
    CHECK(std::string(elig_input_errmsg(in.get())).rfind(c.message, 0) == 0);
    CHECK(elig_ask(rules.get(), in.get(), c.ids.size(), c.ids.data(), c.theme, c.as_of, &q) == c.code);
    CHECK(q == nullptr);
    CHECK(std::string(elig_input_errmsg(in.get())).rfind(c.message, 0) == 0);
  }
  // An input of other rules.
  CHECK(elig_screen(other.get(), in.get(), 0, nullptr, nullptr, nullptr, &s) == ELIG_MISUSE);
  CHECK(std::string(elig_input_errmsg(in.get())) == "the input was made for other rules");
  CHECK(elig_ask(other.get(), in.get(), 0, nullptr, nullptr, nullptr, &q) == ELIG_MISUSE);
  Program p = OpenProgram(other.get(), "test.other");
  elig_decision* d = nullptr;
  CHECK(elig_evaluate(p.get(), in.get(), nullptr, 0, &d) == ELIG_MISUSE);
  CHECK(std::string(elig_input_errmsg(in.get())) == "the input was made for other rules than the program `test.other`");

  // The accessors on NULL, past the end, and without an out pointer.
  Screening ok = Screen(rules.get(), in.get(), {"test.other"});
  const char* text = nullptr;
  size_t n = 0;
  int v = 0;
  CHECK(elig_screening_as_of(nullptr, &text) == ELIG_MISUSE);
  CHECK(elig_screening_as_of(ok.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_program_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_screening_program_count(ok.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_program(nullptr, 0, &text, &v) == ELIG_MISUSE);
  CHECK(elig_screening_program(ok.get(), 1, &text, &v) == ELIG_RANGE);
  CHECK(elig_screening_score(nullptr, 0, &text, &v) == ELIG_MISUSE);
  CHECK(elig_screening_score(ok.get(), 1, &text, &v) == ELIG_RANGE);
  CHECK(elig_screening_award(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_award(ok.get(), 0, &text) == ELIG_ABSENT);  // employees unknown
  CHECK(elig_screening_award(ok.get(), 1, &text) == ELIG_RANGE);
  CHECK(elig_screening_final_award(nullptr, 0, &text) == ELIG_MISUSE);
  CHECK(elig_screening_final_award(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_final_award(ok.get(), 1, &text) == ELIG_RANGE);
  CHECK(elig_screening_combined(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_combined(ok.get(), 1, &v) == ELIG_RANGE);
  CHECK(elig_screening_missing_count(nullptr, 0, &n) == ELIG_MISUSE);
  CHECK(elig_screening_missing_count(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_missing_count(ok.get(), 1, &n) == ELIG_RANGE);
  CHECK(elig_screening_missing(ok.get(), 0, 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_missing(ok.get(), 0, 5, &text) == ELIG_RANGE);
  CHECK(elig_screening_missing(ok.get(), 1, 0, &text) == ELIG_RANGE);
  CHECK(elig_screening_needed_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_screening_needed_count(ok.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_needed(nullptr, 0, &text) == ELIG_MISUSE);
  CHECK(elig_screening_needed(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_needed(ok.get(), 5, &text) == ELIG_RANGE);
  CHECK(elig_screening_decision(nullptr, 0, &d) == ELIG_MISUSE);
  CHECK(elig_screening_decision(ok.get(), 0, nullptr) == ELIG_MISUSE);
  CHECK(elig_screening_decision(ok.get(), 1, &d) == ELIG_RANGE);
  CHECK(d == nullptr);
  CHECK(elig_screening_json(nullptr, ELIG_LANG_EN, &text) == ELIG_MISUSE);
  CHECK(elig_screening_json(ok.get(), 3, &text) == ELIG_MISUSE);
  CHECK(elig_screening_json(ok.get(), ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  const elig_program* decl = nullptr;
  CHECK(elig_question_fact(nullptr, &text) == ELIG_MISUSE);
  CHECK(elig_question_text(nullptr, ELIG_LANG_JA, &text) == ELIG_MISUSE);
  CHECK(elig_question_declaration(nullptr, &decl, &n) == ELIG_MISUSE);
  CHECK(elig_question_program_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_question_program(nullptr, 0, &text) == ELIG_MISUSE);
  CHECK(elig_question_item_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_question_item(nullptr, 0, ELIG_LANG_JA, &text, &text) == ELIG_MISUSE);
  elig_screening_free(nullptr);
  elig_question_free(nullptr);
}

TEST_CASE("ask gives the next question, with its declaration, until every program is settled", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kOther}});
  Input in = NewRulesInput(rules.get());
  std::map<std::string, std::string> answers = {
      {"prefecture", R"("群馬県")"}, {"industry", R"("retail")"}, {"employees", "18"},
      {"capital", "20000000"},     {"share", "0.25"},            {"founded", R"("2010-05-01")"},
      {"exported", "true"},        {"certs", "[]"},              {"expenses", "300000"},
      {"memo", R"("x")"}};
  std::vector<std::string> asked;
  for (;;) {
    elig_question* raw = nullptr;
    int rc = elig_ask(rules.get(), in.get(), 0, nullptr, nullptr, "2026-06-01", &raw);
    if (rc == ELIG_ABSENT) {
      CHECK(raw == nullptr);
      break;
    }
    REQUIRE(rc == ELIG_OK);
    Question q(raw);
    const char* fact = nullptr;
    REQUIRE(elig_question_fact(q.get(), &fact) == ELIG_OK);
    asked.push_back(fact);
    REQUIRE(asked.size() <= answers.size());
    REQUIRE(answers.count(fact));
    // The declaration gives what a form shows: type, bounds, choices with labels.
    const elig_program* decl = nullptr;
    size_t index = 99;
    REQUIRE(elig_question_declaration(q.get(), &decl, &index) == ELIG_OK);
    const char* name = nullptr;
    REQUIRE(elig_program_fact(decl, index, &name, nullptr, nullptr) == ELIG_OK);
    CHECK(std::string(name) == fact);
    const char* text = nullptr;
    REQUIRE(elig_question_text(q.get(), ELIG_LANG_EN, &text) == ELIG_OK);
    CHECK(std::strlen(text) > 0);
    size_t programs = 0;
    REQUIRE(elig_question_program_count(q.get(), &programs) == ELIG_OK);
    CHECK(programs >= 1);
    const char* program = nullptr;
    REQUIRE(elig_question_program(q.get(), 0, &program) == ELIG_OK);
    CHECK(elig_question_program(q.get(), programs, &program) == ELIG_RANGE);
    std::string doc = "{\"" + std::string(fact) + "\": " + answers[fact] + "}";
    REQUIRE(elig_input_set_json(in.get(), doc.c_str(), ELIG_INPUT_STRICT) == ELIG_OK);
  }
  CHECK(!asked.empty());
  CHECK(std::find(asked.begin(), asked.end(), "memo") == asked.end());  // no rule reads it
  Screening s = Screen(rules.get(), in.get());
  CHECK(Needed(s.get()).empty());

  // A fact answered null is one the applicant does not know: never asked again.
  Input skip = NewRulesInput(rules.get());
  REQUIRE(elig_input_set_json(skip.get(), R"({"prefecture": null})", 0) == ELIG_OK);
  elig_question* raw = nullptr;
  REQUIRE(elig_ask(rules.get(), skip.get(), 0, nullptr, nullptr, "2026-06-01", &raw) == ELIG_OK);
  Question q(raw);
  const char* fact = nullptr;
  REQUIRE(elig_question_fact(q.get(), &fact) == ELIG_OK);
  CHECK(std::string(fact) != "prefecture");
}

TEST_CASE("ask gives a program's yes/no questions as one checklist, item by item", "[capi][checklist]") {
  Rules rules = OpenShipped();
  elig_rules* r = rules.get();
  Input in = NewRulesInput(r);
  REQUIRE(elig_input_set_json(in.get(), R"j({"legal_form": "(株)", "city": "高崎市", "industry": "製造", "capital": "1,000万円"})j",
                              0) == ELIG_OK);
  elig_question* raw = nullptr;
  REQUIRE(elig_ask(r, in.get(), 0, nullptr, "trade-fair", "2025-10-15", &raw) == ELIG_OK);
  Question q(raw);
  size_t items = 0;
  REQUIRE(elig_question_item_count(q.get(), &items) == ELIG_OK);
  REQUIRE(items >= 2);
  const char* text = nullptr;
  REQUIRE(elig_question_text(q.get(), ELIG_LANG_JA, &text) == ELIG_OK);
  CHECK(std::string(text) == "次のうち、当てはまるものをすべて選んでください");
  const char *first = nullptr, *fact = nullptr, *statement = nullptr;
  REQUIRE(elig_question_fact(q.get(), &first) == ELIG_OK);
  std::string doc = "{";
  for (size_t i = 0; i < items; ++i) {
    REQUIRE(elig_question_item(q.get(), i, ELIG_LANG_JA, &fact, &statement) == ELIG_OK);
    if (i == 0) CHECK(std::string(fact) == first);
    CHECK(std::strlen(statement) > 0);
    CHECK(std::string(statement).find("ですか") == std::string::npos);  // a statement, not the question
    REQUIRE(elig_question_item(q.get(), i, ELIG_LANG_EN, &fact, &statement) == ELIG_OK);
    CHECK(std::string(statement).find('?') == std::string::npos);
    bool yes = std::string(fact) == "exhibits_alone" || std::string(fact) == "fair_public_backing";  // still eligible
    doc += std::string(i ? ", " : "") + "\"" + fact + "\": " + (yes ? "true" : "false");
  }
  CHECK(elig_question_item(q.get(), items, ELIG_LANG_JA, &fact, &statement) == ELIG_RANGE);
  CHECK(elig_question_item(q.get(), 0, 7, &fact, &statement) == ELIG_MISUSE);
  CHECK(elig_question_item(q.get(), 0, ELIG_LANG_JA, nullptr, &statement) == ELIG_MISUSE);
  CHECK(elig_question_item_count(q.get(), nullptr) == ELIG_MISUSE);
  // Each item answered: the next question is about something else.
  REQUIRE(elig_input_set_json(in.get(), (doc + "}").c_str(), 0) == ELIG_OK);
  raw = nullptr;
  REQUIRE(elig_ask(r, in.get(), 0, nullptr, "trade-fair", "2025-10-15", &raw) == ELIG_OK);
  Question after(raw);
  REQUIRE(elig_question_item(after.get(), 0, ELIG_LANG_JA, &fact, &statement) == ELIG_OK);
  CHECK(doc.find("\"" + std::string(fact) + "\"") == std::string::npos);

  // A question of one fact has one item: the fact and its question.
  Input empty = NewRulesInput(r);
  raw = nullptr;
  REQUIRE(elig_ask(r, empty.get(), 0, nullptr, nullptr, "2025-10-15", &raw) == ELIG_OK);
  Question one(raw);
  REQUIRE(elig_question_item_count(one.get(), &items) == ELIG_OK);
  CHECK(items == 1);
  REQUIRE(elig_question_fact(one.get(), &first) == ELIG_OK);
  REQUIRE(elig_question_item(one.get(), 0, ELIG_LANG_EN, &fact, &statement) == ELIG_OK);
  REQUIRE(elig_question_text(one.get(), ELIG_LANG_EN, &text) == ELIG_OK);
  CHECK(std::string(fact) == first);
  CHECK(std::string(statement) == text);
}

TEST_CASE("the next question is the one `elig ask` asks first", "[capi]") {
  const std::string rules_dir = std::string(ELIG_SOURCE_DIR) + "/rules";
  Rules rules = OpenShipped();
  elig_rules* r = rules.get();
  Input in = NewRulesInput(r);
  for (const char* lang : {"en", "ja"}) {
    elig_question* raw = nullptr;
    REQUIRE(elig_ask(r, in.get(), 0, nullptr, nullptr, "2026-06-01", &raw) == ELIG_OK);
    Question q(raw);
    const char* text = nullptr;
    REQUIRE(elig_question_text(q.get(), std::string(lang) == "ja" ? ELIG_LANG_JA : ELIG_LANG_EN, &text) == ELIG_OK);
    int status = 0;
    std::string cli = RunCommand("printf '' | '" + std::string(ELIG_BINARY) + "' ask --rules '" + rules_dir +
                                     "' --as-of 2026-06-01 --no-color --lang " + lang + " 2>/dev/null",
                                 status);
    INFO(cli);
    CHECK(cli.find(std::string("(1) ") + text) != std::string::npos);
  }
}

TEST_CASE("a program's facts: labels, bounds and the labels of choices", "[capi]") {
  Rules rules = OpenShipped();
  elig_rules* r = rules.get();
  Program p = OpenProgram(r, "gunma.trade-fair-sample");
  size_t share = 0, form = 0, expenses = 0;
  REQUIRE(elig_program_fact_find(p.get(), "large_owner_share", &share) == ELIG_OK);
  REQUIRE(elig_program_fact_find(p.get(), "legal_form", &form) == ELIG_OK);
  REQUIRE(elig_program_fact_find(p.get(), "fair_expenses", &expenses) == ELIG_OK);
  const char *min = nullptr, *max = nullptr, *text = nullptr;
  REQUIRE(elig_program_fact_bounds(p.get(), share, &min, &max) == ELIG_OK);
  CHECK(std::string(min) == "0");
  CHECK(std::string(max) == "1");
  REQUIRE(elig_program_fact_bounds(p.get(), expenses, &min, &max) == ELIG_OK);
  CHECK(std::string(min) == "0");
  CHECK(std::string(max).empty());
  REQUIRE(elig_program_fact_bounds(p.get(), expenses, nullptr, nullptr) == ELIG_OK);
  size_t choices = 0;
  REQUIRE(elig_program_fact_choice_count(p.get(), form, &choices) == ELIG_OK);
  REQUIRE(choices > 5);
  REQUIRE(elig_program_fact_choice(p.get(), form, 5, &text) == ELIG_OK);
  CHECK(std::string(text) == "個人事業主");
  struct Texts {
    int lang;
    const char *label, *choice;
  };
  for (const Texts& t : {Texts{ELIG_LANG_EN, "Eligible trade-fair expenses", "Sole proprietor"},
                         Texts{ELIG_LANG_JA, "見本市出展の補助対象経費", "個人事業主"}}) {
    REQUIRE(elig_program_fact_label(p.get(), expenses, t.lang, &text) == ELIG_OK);
    CHECK(std::string(text) == t.label);
    REQUIRE(elig_program_fact_choice_label(p.get(), form, 5, t.lang, &text) == ELIG_OK);
    CHECK(std::string(text) == t.choice);
  }

  // Misuse and ranges.
  size_t facts = 0;
  REQUIRE(elig_program_fact_count(p.get(), &facts) == ELIG_OK);
  CHECK(elig_program_fact_bounds(nullptr, 0, &min, &max) == ELIG_MISUSE);
  CHECK(elig_program_fact_bounds(p.get(), facts, &min, &max) == ELIG_RANGE);
  CHECK(elig_program_fact_label(nullptr, 0, ELIG_LANG_EN, &text) == ELIG_MISUSE);
  CHECK(elig_program_fact_label(p.get(), 0, 0, &text) == ELIG_MISUSE);
  CHECK(elig_program_fact_label(p.get(), 0, ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_label(p.get(), facts, ELIG_LANG_EN, &text) == ELIG_RANGE);
  CHECK(elig_program_fact_choice_label(nullptr, form, 0, ELIG_LANG_EN, &text) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice_label(p.get(), form, 0, 7, &text) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice_label(p.get(), form, 0, ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_fact_choice_label(p.get(), form, choices, ELIG_LANG_EN, &text) == ELIG_RANGE);
  CHECK(elig_program_fact_choice_label(p.get(), expenses, 0, ELIG_LANG_EN, &text) == ELIG_RANGE);
  CHECK(elig_program_fact_choice_label(p.get(), facts, 0, ELIG_LANG_EN, &text) == ELIG_RANGE);
}

TEST_CASE("a program's metadata: kind, window, themes and how to apply", "[capi]") {
  Rules rules = OpenShipped();
  elig_rules* r = rules.get();
  Program p = OpenProgram(r, "gunma.trade-fair-sample");
  const char *text = nullptr, *open = nullptr, *close = nullptr;
  REQUIRE(elig_program_kind(p.get(), &text) == ELIG_OK);
  CHECK(std::string(text) == "grant");
  REQUIRE(elig_program_window(p.get(), &open, &close) == ELIG_OK);
  CHECK(std::string(open) == "2026-04-01");
  CHECK(std::string(close) == "2027-03-31");
  REQUIRE(elig_program_window(p.get(), nullptr, nullptr) == ELIG_OK);
  int is_open = -1;
  REQUIRE(elig_program_open_on(p.get(), "2026-04-01", &is_open) == ELIG_OK);
  CHECK(is_open == 1);
  REQUIRE(elig_program_open_on(p.get(), "2027-04-01", &is_open) == ELIG_OK);
  CHECK(is_open == 0);
  CHECK(elig_program_open_on(p.get(), "2027-02-30", &is_open) == ELIG_VALUE);
  size_t n = 0;
  REQUIRE(elig_program_theme_count(p.get(), &n) == ELIG_OK);
  REQUIRE(n == 2);
  const char *id = nullptr, *label = nullptr;
  REQUIRE(elig_program_theme(p.get(), 1, ELIG_LANG_EN, &id, &label) == ELIG_OK);
  CHECK(std::string(id) == "export");
  CHECK(!std::string(label).empty());
  const char *where = nullptr, *url = nullptr, *how = nullptr, *note = nullptr;
  REQUIRE(elig_program_apply(p.get(), ELIG_LANG_EN, &where, &url, &how, &note) == ELIG_OK);
  CHECK(std::string(where) == "Gunma Prefecture, Industry and Economy Department (sample)");
  CHECK(std::string(url).empty());
  CHECK(std::string(how) == "Send the application to the prefecture (sample)");
  CHECK(std::string(note) == "A sample, not a real program");
  REQUIRE(elig_program_apply(p.get(), ELIG_LANG_JA, &where, nullptr, nullptr, nullptr) == ELIG_OK);
  CHECK(std::string(where) == "群馬県 産業経済部（サンプル）");
  REQUIRE(elig_program_apply_document_count(p.get(), &n) == ELIG_OK);
  REQUIRE(n == 1);
  REQUIRE(elig_program_apply_document(p.get(), 0, ELIG_LANG_JA, &text) == ELIG_OK);
  CHECK(std::string(text) == "交付申請書");
  REQUIRE(elig_program_apply_deadline_count(p.get(), &n) == ELIG_OK);
  REQUIRE(n == 1);
  const char* rule = nullptr;
  REQUIRE(elig_program_apply_deadline(p.get(), 0, ELIG_LANG_EN, &text, &rule) == ELIG_OK);
  CHECK(std::string(text) == "the end of the application window");
  CHECK(std::string(rule) == "2027-03-31");

  // A program without `apply:` or a window.
  std::string no_window = kOther;
  no_window.erase(no_window.find("window: "), std::strlen("window: 2026-04-01 .. 2027-03-31\n"));
  Rules texts = OpenTexts({{"b.yaml", no_window}});
  Program other = OpenProgram(texts.get(), "test.other");
  CHECK(elig_program_apply(other.get(), ELIG_LANG_EN, &where, &url, &how, &note) == ELIG_ABSENT);
  REQUIRE(elig_program_apply_document_count(other.get(), &n) == ELIG_OK);
  CHECK(n == 0);
  REQUIRE(elig_program_apply_deadline_count(other.get(), &n) == ELIG_OK);
  CHECK(n == 0);
  REQUIRE(elig_program_window(other.get(), &open, &close) == ELIG_OK);
  CHECK(std::string(open).empty());
  CHECK(std::string(close).empty());
  REQUIRE(elig_program_open_on(other.get(), "2099-01-01", &is_open) == ELIG_OK);
  CHECK(is_open == 1);

  // Misuse and ranges.
  CHECK(elig_program_kind(nullptr, &text) == ELIG_MISUSE);
  CHECK(elig_program_kind(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_window(nullptr, &open, &close) == ELIG_MISUSE);
  CHECK(elig_program_open_on(nullptr, "2026-04-01", &is_open) == ELIG_MISUSE);
  CHECK(elig_program_open_on(p.get(), nullptr, &is_open) == ELIG_MISUSE);
  CHECK(elig_program_open_on(p.get(), "2026-04-01", nullptr) == ELIG_MISUSE);
  CHECK(elig_program_theme_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_program_theme_count(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_theme(nullptr, 0, ELIG_LANG_EN, &id, &label) == ELIG_MISUSE);
  CHECK(elig_program_theme(p.get(), 0, 0, &id, &label) == ELIG_MISUSE);
  CHECK(elig_program_theme(p.get(), 2, ELIG_LANG_EN, &id, &label) == ELIG_RANGE);
  CHECK(elig_program_apply(nullptr, ELIG_LANG_EN, &where, &url, &how, &note) == ELIG_MISUSE);
  CHECK(elig_program_apply(p.get(), 9, &where, &url, &how, &note) == ELIG_MISUSE);
  CHECK(elig_program_apply_document_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_program_apply_document_count(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_apply_document(nullptr, 0, ELIG_LANG_EN, &text) == ELIG_MISUSE);
  CHECK(elig_program_apply_document(p.get(), 0, ELIG_LANG_EN, nullptr) == ELIG_MISUSE);
  CHECK(elig_program_apply_document(p.get(), 1, ELIG_LANG_EN, &text) == ELIG_RANGE);
  CHECK(elig_program_apply_document(other.get(), 0, ELIG_LANG_EN, &text) == ELIG_RANGE);
  CHECK(elig_program_apply_deadline_count(nullptr, &n) == ELIG_MISUSE);
  CHECK(elig_program_apply_deadline_count(p.get(), nullptr) == ELIG_MISUSE);
  CHECK(elig_program_apply_deadline(nullptr, 0, ELIG_LANG_EN, &text, &rule) == ELIG_MISUSE);
  CHECK(elig_program_apply_deadline(p.get(), 0, 0, &text, &rule) == ELIG_MISUSE);
  CHECK(elig_program_apply_deadline(p.get(), 1, ELIG_LANG_EN, &text, &rule) == ELIG_RANGE);
}

TEST_CASE("the rule-set limits are readable by index and name", "[capi]") {
  Rules rules = OpenTexts({{"b.yaml", kOther}});
  std::map<std::string, uint64_t> limits;
  for (int i = 0;; ++i) {
    const char* name = nullptr;
    uint64_t value = 0;
    int rc = elig_rules_limit(rules.get(), i, &name, &value);
    if (rc == ELIG_RANGE) break;
    REQUIRE(rc == ELIG_OK);
    limits[name] = value;
  }
  elig::RuleSetOptions defaults;
  CHECK(limits.size() == 9);
  CHECK(limits.at("max_files") == defaults.max_files);
  CHECK(limits.at("max_file_bytes") == defaults.max_file_bytes);
  CHECK(limits.at("max_rules") == defaults.load.max_rules);
  CHECK(limits.at("max_text_bytes") == defaults.load.max_text_bytes);
  CHECK(limits.at("max_expr_depth") == defaults.load.expr.max_depth);
  CHECK(limits.at("max_expr_bytes") == defaults.load.expr.max_length);
  CHECK(limits.at("max_expr_nodes") == defaults.load.expr.max_nodes);
  CHECK(limits.at("max_define_depth") == defaults.check.max_depth);
  CHECK(limits.at("max_instructions") == defaults.compile.max_instructions);
  uint64_t value = 0;
  REQUIRE(elig_rules_limit(rules.get(), ELIG_LIMIT_EXPR_DEPTH, nullptr, &value) == ELIG_OK);
  CHECK(value == defaults.load.expr.max_depth);
  REQUIRE(elig_rules_limit(rules.get(), ELIG_LIMIT_INSTRUCTIONS, nullptr, nullptr) == ELIG_OK);
  CHECK(elig_rules_limit(rules.get(), -1, nullptr, &value) == ELIG_RANGE);
  CHECK(elig_rules_limit(rules.get(), ELIG_LIMIT_INSTRUCTIONS + 1, nullptr, &value) == ELIG_RANGE);
  CHECK(elig_rules_limit(nullptr, 0, nullptr, &value) == ELIG_MISUSE);
}

TEST_CASE("an input of every program checks each value against every program that declares it", "[capi]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kOther}});
  Input in = NewRulesInput(rules.get());
  // employees: test.capi says min 0; test.other says max 1000 as well.
  CHECK(elig_input_set_int(in.get(), "employees", 2000) == ELIG_VALUE);
  CHECK(std::string(elig_input_errmsg(in.get())).find("employees") != std::string::npos);
  CHECK(elig_input_set_int(in.get(), "employees", 20) == ELIG_OK);
  CHECK(elig_input_set_text(in.get(), "employees", "x") == ELIG_TYPE);
  CHECK(elig_input_set_int(in.get(), "employes", 20) == ELIG_UNKNOWN_FACT);
  CHECK(std::string(elig_input_errmsg(in.get())).rfind("no program of the rules has a fact `employes`", 0) == 0);
  CHECK(elig_input_set_unknown(in.get(), "nope") == ELIG_UNKNOWN_FACT);
  CHECK(elig_input_set_json(in.get(), R"({"nope": 1})", 0) == ELIG_OK);  // ignored, as `elig match` does
  CHECK(elig_input_set_json(in.get(), R"({"nope": 1})", ELIG_INPUT_STRICT) == ELIG_UNKNOWN_FACT);
  CHECK(elig_input_set_json(in.get(), R"({"employees": 2000})", ELIG_INPUT_STRICT) == ELIG_VALUE);
  // It evaluates on any program of its rules.
  REQUIRE(elig_input_set_json(in.get(), kEligibleJson, 0) == ELIG_OK);
  Program p = OpenProgram(rules.get(), "test.capi");
  Decision d = Evaluate(p.get(), in.get());
  CHECK(Outcome(d.get()) == ELIG_ELIGIBLE);
  CHECK(Award(d.get()) == "1000000");
}

TEST_CASE("screening and asking from 8 threads on shared rules give the single-thread results", "[capi][threads]") {
  Rules rules = OpenTexts({{"a.yaml", kProgram}, {"b.yaml", kOther}});
  const size_t kApplicants = 300;
  const size_t kThreads = 8;
  // Applicants that vary every fact both programs read, some left unknown.
  std::vector<std::string> docs;
  for (size_t i = 0; i < kApplicants; ++i) {
    std::string doc = "{\"id\": \"a-" + std::to_string(i) + "\", \"prefecture\": \"" + (i % 7 ? "群馬県" : "東京都") + "\"";
    if (i % 5) doc += ", \"employees\": " + std::to_string(i % 80);
    doc += ", \"capital\": 20000000, \"share\": \"0." + std::to_string(i % 9) + "\"";
    if (i % 3) doc += ", \"founded\": \"20" + std::to_string(10 + i % 17) + "-05-01\"";
    doc += ", \"exported\": " + std::string(i % 2 ? "true" : "false") + ", \"expenses\": " + std::to_string(i * 10007) + "}";
    docs.push_back(doc);
  }
  auto run = [&](size_t i, std::string& error) {
    std::string out;
    elig_input* in = nullptr;
    if (elig_input_new_rules(rules.get(), &in) != ELIG_OK || elig_input_set_json(in, docs[i].c_str(), 0) != ELIG_OK) {
      error = "input " + std::to_string(i);
      elig_input_free(in);
      return out;
    }
    elig_screening* s = nullptr;
    const char* json = nullptr;
    if (elig_screen(rules.get(), in, 0, nullptr, nullptr, "2026-06-01", &s) == ELIG_OK &&
        elig_screening_json(s, ELIG_LANG_JA, &json) == ELIG_OK)
      out = json;
    else
      error = "screen " + std::to_string(i);
    elig_screening_free(s);
    elig_question* q = nullptr;
    const char* fact = "";
    int rc = elig_ask(rules.get(), in, 0, nullptr, nullptr, "2026-06-01", &q);
    if (rc == ELIG_OK) elig_question_fact(q, &fact);
    else if (rc != ELIG_ABSENT) error = "ask " + std::to_string(i);
    out += std::string("|") + fact;
    elig_question_free(q);
    elig_input_free(in);
    return out;
  };
  std::vector<std::string> expected(kApplicants);
  std::string error;
  for (size_t i = 0; i < kApplicants; ++i) expected[i] = run(i, error);
  REQUIRE(error.empty());
  std::set<std::string> questions;
  for (const auto& e : expected) questions.insert(e.substr(e.rfind('|')));
  CHECK(questions.size() > 2);  // some settled, several facts asked first

  std::vector<size_t> mismatches(kThreads, 0);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (size_t k = 0; k < kApplicants; ++k) {
        size_t i = (k + t * kApplicants / kThreads) % kApplicants;
        if (run(i, errors[t]) != expected[i]) ++mismatches[t];
      }
    });
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(errors[t].empty());
    CHECK(mismatches[t] == 0);
  }
}
