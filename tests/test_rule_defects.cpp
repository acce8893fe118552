// Wrong answers and gaps in the rules language, its checks and what elig prints, each held by
// a test named after what it guards (docs/security.md lists them with the input that showed them).
#include <catch2/catch.hpp>

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/utf8.hpp"
#include "compile/lint.hpp"
#include "compile/ruleset.hpp"
#include "eval/screen.hpp"
#include "explain/doc.hpp"
#include "explain/explain.hpp"
#include "test_support.hpp"

using namespace elig;

TEST_CASE("len of a text counts characters not bytes, and the page says so", "[rules][len]") {
  test::Program p(
      "program: t.len\n"
      "title: { ja: 文字数, en: Length }\n"
      "facts:\n  name: text\n"
      "requirements:\n"
      "  - { id: short-name, rule: len(name) <= 3 }\n"
      "  - id: two-names\n    rule: 'len([name, \"x\"]) == 2'\n"
      "  - { id: literal, rule: len(\"群馬県\") == 3 }\n"
      "award: 'len(name) * 1000 yen + len([name, \"x\"]) * 1 yen'\n");
  CHECK(p.Outcome({{"name", "群馬県"}}) == "eligible");
  CHECK(p.Outcome({{"name", "𠮷野家"}}) == "eligible");
  CHECK(p.Outcome({{"name", "群馬県庁"}}) == "ineligible");
  CHECK(p.DecideFast({{"name", "群馬県"}}).outcome == "eligible");
  CHECK(p.Award({{"name", "𠮷野家"}}) == "3002");
  std::string ja = RenderProgramDoc(p.compiled(), {Lang::kJa, DocFormat::kMarkdown});
  std::string en = RenderProgramDoc(p.compiled(), {Lang::kEn, DocFormat::kMarkdown});
  CHECK(ja.find("nameの文字数") != std::string::npos);
  CHECK(en.find("the number of characters in name") != std::string::npos);
  // A list still counts its items.
  CHECK(ja.find("\\[name, 「x」\\]の数") != std::string::npos);
  CHECK(en.find("the number of \\[name, \"x\"\\]") != std::string::npos);
}
