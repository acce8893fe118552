// SPDX-License-Identifier: Apache-2.0
// Checker and compiler: names, types, units, modules, folding.
#include <catch2/catch.hpp>

#include "compile/ruleset.hpp"
#include "test_support.hpp"

using namespace elig;

namespace {

const char* kFacts = R"(program: t.c
title: { ja: 検査, en: Check }
window: 2026-04-01 .. 2027-03-31
facts:
  capital: { type: yen }
  employees: { type: int }
  industry: { type: "enum[manufacturing, retail]" }
  founded: { type: date }
  tags: { type: "list[enum[a, b]]" }
)";

std::vector<std::string> Codes(const std::string& body, std::map<std::string, std::string> extra = {}) {
  extra["p.yaml"] = std::string(kFacts) + body;
  auto rs = RuleSet::LoadTexts(extra);
  std::vector<std::string> codes;
  for (const auto& d : rs->diagnostics())
    if (d.severity == Severity::kError) codes.push_back(d.code + "@" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column));
  return codes;
}

}  // namespace

TEST_CASE("type and unit errors are positioned", "[check]") {
  using V = std::vector<std::string>;
  CHECK(Codes("requirements:\n  - id: a\n    rule: capital <= 300\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: capital * capital > 1 yen\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: founded + capital > founded\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: employees\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: if employees > 1 then 1 yen else 2\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: industry in [\"retail\", \"retai\"]\n") == V{"bad-enum@12:34"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: '\"c\" in tags'\n") == V{"bad-enum@12:12"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: flor(employees) > 1\n") == V{"unknown-function@12:11"});
  CHECK(Codes("requirements:\n  - id: a\n    rule: min() > 1\n") == V{"type-mismatch@12:11"});
  CHECK(Codes("award: employees\n").size() == 1);
}

TEST_CASE("valid programs check cleanly", "[check]") {
  using V = std::vector<std::string>;
  CHECK(Codes("requirements:\n  - id: a\n    rule: capital / 2 <= 300 yen and founded + 30 > 2026-01-01\n") == V{});
  CHECK(Codes("requirements:\n  - id: a\n    rule: days_between(founded, as_of) >= 365 and \"a\" in tags\n") == V{});
  CHECK(Codes("requirements:\n  - id: a\n    rule: known(capital) or count([employees > 1, industry == \"retail\"]) >= 1\n") == V{});
  CHECK(Codes("award: max(capital * 1/2, 0 yen)\n") == V{});
}

TEST_CASE("modules: members, unknown members, fact conflicts", "[check][module]") {
  std::map<std::string, std::string> mod = {{"common/m.yaml", R"(module: m
facts:
  capital: { type: yen }
parameters:
  limit: 50_000_000 yen
define:
  small: capital <= limit
)"}};
  using V = std::vector<std::string>;
  CHECK(Codes("use: [common/m]\nrequirements:\n  - id: a\n    rule: m.small\n", mod) == V{});
  CHECK(Codes("use: [common/m]\nrequirements:\n  - id: a\n    rule: m.smal\n", mod) == V{"unknown-name@13:11"});
  std::map<std::string, std::string> clash = {{"common/m.yaml", "module: m\nfacts:\n  employees: { type: yen }\n"}};
  auto codes = Codes("use: [common/m]\nrequirements:\n  - id: a\n    rule: employees > 1\n", clash);
  REQUIRE_FALSE(codes.empty());
  CHECK(codes[0].rfind("fact-conflict", 0) == 0);
}

TEST_CASE("constant parts are folded at compile time", "[compile]") {
  test::Program p(std::string(kFacts) + "requirements:\n  - id: a\n    rule: employees <= 2 * 10 + 1\naward: 1_500_000 yen * 2/3\n");
  const CompiledProgram& c = p.compiled();
  REQUIRE(c.award >= 0);
  CHECK(c.code[static_cast<size_t>(c.award)].op == Op::kConst);
  CHECK(c.consts[c.code[static_cast<size_t>(c.award)].a].num == Rational(1'000'000));
  const Instr& cmp = c.code[c.requirements[0].root];
  CHECK(cmp.op == Op::kBinary);
  CHECK(c.code[cmp.b].op == Op::kConst);
  CHECK(c.requirements[0].facts.size() == 1);
}

TEST_CASE("use: never leaves the rules root", "[check][untrusted]") {
  auto codes = Codes("use: [../secret]\nrequirements:\n  - id: a\n    rule: employees > 1\n");
  REQUIRE_FALSE(codes.empty());
  CHECK(codes[0].rfind("outside-root", 0) == 0);
  auto abs = Codes("use: [/etc/passwd]\nrequirements:\n  - id: a\n    rule: employees > 1\n");
  REQUIRE_FALSE(abs.empty());
  CHECK(abs[0].rfind("outside-root", 0) == 0);
}

TEST_CASE("rule files: duplicate keys and unknown keys are errors", "[check][syntax]") {
  auto codes = Codes("requirements:\n  - id: a\n    rule: employees > 1\n    rule: employees > 2\n");
  REQUIRE_FALSE(codes.empty());
  CHECK(codes[0].rfind("duplicate-key", 0) == 0);
  auto unknown = Codes("requirements:\n  - id: a\n    rul: employees > 1\n");
  CHECK(unknown.size() == 2);  // the unknown key, and the missing `rule:`
}
