// SPDX-License-Identifier: Apache-2.0
// The lint pass behind `elig lint`: conditions that can never hold or always
// hold given the fact schema (never-holds / always-holds).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "compile/lint.hpp"

using namespace elig;

namespace {

// "code@line" for every schema warning, in order.
std::vector<std::string> SchemaWarnings(const std::map<std::string, std::string>& texts) {
  auto rs = RuleSet::LoadTexts(texts);
  REQUIRE(rs->ok());
  std::vector<std::string> out;
  auto ds = Lint(*rs, *ParseDate("2026-06-01"));
  SortDiagnostics(ds);
  for (const auto& d : ds)
    if (d.code == "never-holds" || d.code == "always-holds") out.push_back(d.code + "@" + std::to_string(d.loc.line));
  return out;
}

std::vector<std::string> Rules(const std::string& rules) {
  return SchemaWarnings({{"p.yaml", R"(program: t.lint
facts:
  employees: { type: int, min: 0 }
  share: { type: decimal, min: 0, max: 1 }
  industry: { type: "enum[a, b, c]" }
  prefecture: { type: text }
  founded: { type: date }
  exported: { type: bool }
  certs: { type: "list[enum[x, y]]" }
parameters:
  limit: { 2025-04-01: 20, 2026-04-01: 30 }
requirements:
)" + rules}});
}

}  // namespace

TEST_CASE("schema lint: contradictions and tautologies on one fact", "[lint][schema]") {
  // Line 13 is the first rule.
  CHECK(Rules("  - { id: r, rule: 50 < employees and 20 >= employees }\n") == std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: employees >= 0 }\n") == std::vector<std::string>{"always-holds@13"});
  CHECK(Rules("  - { id: r, rule: employees between 10 and 5 }\n") == std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: 'industry in [\"a\", \"b\"] and industry == \"c\"' }\n") ==
        std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: 'industry != \"a\" or industry in [\"a\"]' }\n") ==
        std::vector<std::string>{"always-holds@13"});
  CHECK(Rules("  - { id: r, rule: 'prefecture == \"A\" and prefecture == \"B\"' }\n") ==
        std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: 'prefecture != \"A\" or prefecture != \"B\"' }\n") ==
        std::vector<std::string>{"always-holds@13"});
  CHECK(Rules("  - { id: r, rule: exported and not exported }\n") == std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: founded < 2020-01-01 and founded > 2021-01-01 }\n") ==
        std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: share > 1/2 and share < 1/2 }\n") == std::vector<std::string>{"never-holds@13"});
  CHECK(Rules("  - { id: r, rule: share < 0 }\n") == std::vector<std::string>{"never-holds@13"});
}

TEST_CASE("schema lint: sound conditions and what is not analysed stay quiet", "[lint][schema]") {
  CHECK(Rules("  - { id: r, rule: share >= 1/2 and share <= 1/2 }\n").empty());  // exactly one half
  CHECK(Rules("  - { id: r, rule: employees > 5 and employees <= 6 }\n").empty());
  CHECK(Rules("  - { id: r, rule: employees <= 20 and share >= 50% }\n").empty());
  CHECK(Rules("  - { id: r, rule: 'industry == \"a\" or industry == \"b\"' }\n").empty());
  CHECK(Rules("  - { id: r, rule: founded <= as_of }\n").empty());
  CHECK(Rules("  - { id: r, rule: '\"x\" in certs and not (\"x\" in certs)' }\n").empty());  // lists: not analysed
  // A parameter changes by date: not a constant, not analysed.
  CHECK(Rules("  - { id: r, rule: employees <= limit and employees > limit }\n").empty());
  CHECK(Rules("  - { id: r, rule: employees <= (if exported then 5 else 20) }\n").empty());
}

TEST_CASE("schema lint: the outermost part is reported, once per place", "[lint][schema]") {
  // Only the impossible conjunction inside the `or`, not the whole rule.
  auto rs = RuleSet::LoadTexts({{"p.yaml", R"(program: t.part
facts:
  employees: { type: int, min: 0 }
  exported: { type: bool }
requirements:
  - id: r
    rule: exported or (employees < 3 and employees > 5)
)"}});
  REQUIRE(rs->ok());
  auto ds = Lint(*rs, *ParseDate("2026-06-01"));
  std::vector<const Diagnostic*> schema;
  for (const auto& d : ds)
    if (d.code == "never-holds" || d.code == "always-holds") schema.push_back(&d);
  REQUIRE(schema.size() == 1);
  CHECK(schema[0]->loc.line == 7);
  CHECK(schema[0]->loc.column == 23);  // the bracket that opens the part
  CHECK(schema[0]->message.en == "this part of the requirement `r` can never hold: no value of `employees` (int, min 0) satisfies it");

  // A module definition used by two programs: reported once at the definition, and at each rule.
  const char* module = R"(module: m
facts:
  employees: { type: int, min: 0 }
define:
  impossible: employees < 0
)";
  const char* program = R"(program: t.PROG
use: [common/m]
exclusions:
  - { id: never, rule: m.impossible }
)";
  std::string a = program, b = program;
  a.replace(a.find("PROG"), 4, "a");
  b.replace(b.find("PROG"), 4, "b");
  auto found = SchemaWarnings({{"common/m.yaml", module}, {"a.yaml", a}, {"b.yaml", b}});
  CHECK(found == std::vector<std::string>{"never-holds@4", "never-holds@4", "never-holds@5"});
}

TEST_CASE("schema lint: the shipped SME module raises nothing", "[lint][schema]") {
  std::ifstream in(std::string(ELIG_SOURCE_DIR) + "/rules/common/sme.yaml", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  REQUIRE_FALSE(ss.str().empty());
  CHECK(SchemaWarnings({{"common/sme.yaml", ss.str()}, {"p.yaml", R"(program: t.sme
use: [common/sme]
requirements:
  - { id: sme, rule: sme.is_sme }
  - { id: sme2, rule: sme.is_sme_ordinance }
  - { id: small, rule: sme.is_small or sme.is_small_ext }
)"}}).empty());
}
