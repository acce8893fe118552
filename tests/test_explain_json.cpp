// SPDX-License-Identifier: Apache-2.0
// The streaming decision JSON (engine/explain/explain_json.cpp) against the
// nlohmann::json rendering it replaced (tests/reference_json.hpp): byte for byte,
// compact and pretty, ja and en, on every case of every shipped test file and on
// values that need escaping or are not UTF-8.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "common/utf8.hpp"
#include "compile/ruleset.hpp"
#include "explain/explain.hpp"
#include "explain/json_writer.hpp"
#include "io/testfile.hpp"
#include "reference_json.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {


// Every rendering of one decision equals the oracle's.
void Same(const Decision& d, const std::string& what) {
  for (Lang lang : {Lang::kJa, Lang::kEn})
    for (bool pretty : {false, true}) {
      INFO(what << (lang == Lang::kJa ? " ja" : " en") << (pretty ? " pretty" : " compact"));
      REQUIRE(RenderJson(d, lang, pretty) == reference_json::RenderJson(d, lang, pretty));
    }
}

}  // namespace

TEST_CASE("decision JSON: byte for byte the nlohmann rendering, on every shipped test case", "[explain][json]") {
  size_t decided = 0;
  test::ForEachShippedCase([&](const CompiledProgram& p, const TestCase& c, const std::string& path) {
    FactValues facts = Bind(p, c.applicant);
    EvalOptions eo;
    eo.as_of = c.as_of ? *c.as_of : *ParseDate("2026-06-01");
    for (bool trace : {true, false}) {
      eo.trace = trace;
      Decision d = Decide(p, facts, eo);
      Same(d, path + ": " + c.name);
      ++decided;
    }
  });
  CHECK(decided > 250);
}

TEST_CASE("decision JSON: escaping, control characters, fractions and text that is not UTF-8", "[explain][json]") {
  auto rules = RuleSet::LoadTexts({{"p.yaml", R"(program: t.esc
version: "1 \"quoted\" \\ back"
title: { ja: "改行\nタブ\t", en: "bell \u0007 and \u001f" }
facts:
  name: { type: text }
  names: { type: "list[text]" }
  share: { type: decimal }
  costs: { type: yen }
requirements:
  - id: named
    rule: name == "a\"b\\c"
    text: { ja: "「引用」\\", en: "quote \" and slash /" }
    cite: "第1条\r\n"
  - id: listed
    rule: "\"x\" in names"
scoring:
  - { id: half, points: 1/2, when: share > 1/3 }
award: costs * 2/3
)"}});
  std::string why;
  for (const auto& d : rules->diagnostics()) why += d.code + ": " + d.message.en + "\n";
  INFO(why);
  REQUIRE(rules->ok());
  const CompiledProgram* p = rules->Find("t.esc");
  REQUIRE(p);
  auto scalar = [](std::string text, bool quoted = true) {
    RawValue v;
    v.type = RawValue::Type::kScalar;
    v.text = std::move(text);
    v.quoted = quoted;
    return v;
  };
  const std::vector<std::string> names = {"a\"b\\c", "plain", std::string("nul\0byte", 8), "\xff\xfe broken \xe3\x81",
                                          "tab\tnew\nline\x01\x7f", "日本語",
                                          // at the edges of the writer's inline UTF-8 check
                                          "\xed\xa0\x80 surrogate", "\xe0\x80\x80 overlong", "\xe0\xa0\x80 U+0800",
                                          "\xc1\xbf overlong", "\xc2\x80 U+0080", "\xef\xbf\xbf U+FFFF",
                                          "\xed\x9f\xbf U+D7FF", "cut \xe3\x81", "cut \xc3", "\xf0\x9f\x98\x80 emoji",
                                          "\xf4\x90\x80\x80 too high", "\xe3\x81\xc3\xa9 bad continuation"};
  for (const std::string& name : names) {
    Applicant a;
    RawValue list;
    list.type = RawValue::Type::kList;
    list.items = {scalar("x"), scalar("\xc0\xaf overlong")};
    a.facts.push_back({"name", scalar(name), {}});
    a.facts.push_back({"names", list, {}});
    a.facts.push_back({"share", scalar("0.5", false), {}});
    a.facts.push_back({"costs", scalar("1000", false), {}});
    FactValues facts = Bind(*p, a);
    EvalOptions eo;
    eo.as_of = *ParseDate("2026-06-01");
    Same(Decide(*p, facts, eo), utf8::Printable(name));
  }
}

TEST_CASE("JsonWriter: empty containers, nesting and separators as nlohmann writes them", "[explain][json]") {
  for (bool pretty : {false, true}) {
    JsonWriter w(pretty);
    w.BeginObject();
    w.Key("a");
    w.BeginArray();
    w.EndArray();
    w.Key("b");
    w.BeginObject();
    w.EndObject();
    w.Key("c");
    w.BeginArray();
    w.Int(-1);
    w.BeginArray();
    w.UInt(2);
    w.EndArray();
    w.BeginObject();
    w.Key("d");
    w.Null();
    w.EndObject();
    w.EndArray();
    w.Key("e");
    w.Bool(false);
    w.EndObject();
    nlohmann::json j = {{"a", nlohmann::json::array()},
                        {"b", nlohmann::json::object()},
                        {"c", {-1, {2u}, {{"d", nullptr}}}},
                        {"e", false}};
    CHECK(w.Take() == (pretty ? j.dump(2) : j.dump()));
  }
}

TEST_CASE("rule files parsed in parallel load the same rules every time", "[threads]") {
  // RuleSet parses its files on several threads; under ThreadSanitizer (scripts/ci-api.sh)
  // this shows the parsing shares nothing mutable.
  const std::string root = std::string(ELIG_SOURCE_DIR) + "/rules";
  auto a = RuleSet::LoadDir(root);
  auto b = RuleSet::LoadDir(root);
  REQUIRE(a->ok());
  REQUIRE(b->ok());
  REQUIRE(a->programs().size() == b->programs().size());
  for (size_t i = 0; i < a->programs().size(); ++i) CHECK(a->programs()[i]->id == b->programs()[i]->id);
  CHECK(a->diagnostics().size() == b->diagnostics().size());
}
