// SPDX-License-Identifier: Apache-2.0
// Shipped programs for groups, whose members are a list of records: JETRO's 2010 scheme for
// local industries at overseas fairs (the SME share of the companies and of the booth area, each
// an exact fraction) and Gunma's agricultural export program (a group of two or more members
// with a base in Gunma, counted from the members' records or given as a count). The decisions on
// both paths, the explanation that names the company that is not an SME, bad records, and lint.
#include <catch2/catch.hpp>

#include "compile/lint.hpp"
#include "compile/ruleset.hpp"
#include "test_support.hpp"

using namespace elig;
using elig::test::Program;
using elig::test::Slurp;

namespace {

using Facts = std::map<std::string, std::string>;
using V = std::vector<std::string>;

const std::string kJetroFile = std::string(ELIG_SOURCE_DIR) + "/rules/national/jetro-local-industry-fairs-2010.yaml";
const std::string kAgriFile = std::string(ELIG_SOURCE_DIR) + "/rules/gunma/agri-export-2025.yaml";
const char* const kJetroDay = "2010-08-02";
const char* const kAgriDay = "2025-09-01";

// Both programs stand alone (no `use:`), so each loads from its own file.
const Program& Jetro() {
  static const Program p(Slurp(kJetroFile));
  return p;
}
const Program& Agri() {
  static const Program p(Slurp(kAgriFile));
  return p;
}

// A textile cooperative exhibiting at an existing fair in Paris, 21-24 January 2011.
Facts Cooperative() {
  return {{"group_exhibitor_type", "業界団体"}, {"signs_contract", "yes"},          {"fair_abroad", "yes"},
          {"fair_existing", "yes"},     {"fair_start", "2011-01-21"},      {"fair_end", "2011-01-24"},
          {"fair_in_shanghai", "no"},   {"space_hard_to_secure", "no"},    {"jetro_pavilion_decided", "no"}};
}

// One company of the group, by indexed names (`companies.2.is_sme`), as a form or CSV gives it.
void AddCompany(Facts& f, int n, const std::string& name, const std::string& is_sme, const std::string& area,
                const std::string& sector = "fashion_textiles") {
  const std::string at = "companies." + std::to_string(n) + ".";
  f[at + "name"] = name;
  if (!is_sme.empty()) f[at + "is_sme"] = is_sme;
  f[at + "booth_area"] = area;
  f[at + "sector"] = sector;
}

// The cooperative with `smes` SME companies followed by `large` others, 9 m² each.
Facts Group(int smes, int large) {
  Facts f = Cooperative();
  for (int i = 1; i <= smes + large; ++i)
    AddCompany(f, i, "株式会社" + std::to_string(i), i <= smes ? "yes" : "no", "9");
  return f;
}

// The outcome and failed rules, with the fast path checked to agree on the outcome.
std::pair<std::string, V> Judged(const Program& p, const Facts& f, const char* as_of) {
  test::Summary s = p.Decide(f, as_of);
  INFO(s.issues.size() << " input issue(s)");
  CHECK(s.issues.empty());
  CHECK(p.DecideFast(f, as_of).outcome == s.outcome);
  return {s.outcome, s.failed};
}

}  // namespace

TEST_CASE("JETRO 2010: SMEs making up exactly 2/3 of the companies pass, one company short fails", "[rules][groups]") {
  using R = std::pair<std::string, V>;
  CHECK(Judged(Jetro(), Group(2, 1), kJetroDay) == R{"eligible", {}});
  CHECK(Judged(Jetro(), Group(1, 1), kJetroDay) == R{"ineligible", {"sme-company-share"}});
  // 132 of 198 is exactly 2/3; 131 of 197 is 0.66497…, just below it; 131 of 196 is above.
  CHECK(Judged(Jetro(), Group(132, 66), kJetroDay) == R{"eligible", {}});
  CHECK(Judged(Jetro(), Group(131, 66), kJetroDay) == R{"ineligible", {"sme-company-share"}});
  CHECK(Judged(Jetro(), Group(131, 65), kJetroDay) == R{"eligible", {}});
  // Only SMEs: every share is met; no company at all is refused, not passed on 0 ≥ 0.
  CHECK(Judged(Jetro(), Group(1, 0), kJetroDay) == R{"eligible", {}});
  Facts none = Cooperative();
  none["companies"] = "0";
  CHECK(Judged(Jetro(), none, kJetroDay) == R{"ineligible", {"has-companies"}});
}

TEST_CASE("JETRO 2010: SMEs use at least half of the booth area, to the last digit", "[rules][groups]") {
  using R = std::pair<std::string, V>;
  auto area = [](const std::string& large_area) {
    Facts f = Cooperative();
    AddCompany(f, 1, "株式会社丹後織物", "yes", "9");
    AddCompany(f, 2, "有限会社西陣工房", "yes", "9", "design");
    AddCompany(f, 3, "大手繊維株式会社", "no", large_area);
    return f;
  };
  CHECK(Judged(Jetro(), area("18"), kJetroDay) == R{"eligible", {}});         // 18 of 36: exactly half
  CHECK(Judged(Jetro(), area("18.01"), kJetroDay) == R{"ineligible", {"sme-area-share"}});  // 18 < 18.005
  CHECK(Judged(Jetro(), area("0"), kJetroDay) == R{"eligible", {}});
  // Exact sums: SMEs 0.3 m² of 0.3 + 0.1 + 0.2 = 0.6 m² is exactly half (in binary floating
  // point the total would come to 0.6000000000000001 and refuse it).
  Facts exact = Cooperative();
  AddCompany(exact, 1, "株式会社A", "yes", "0.3");
  for (int i = 2; i <= 4; ++i) AddCompany(exact, i, "株式会社" + std::to_string(i), "yes", "0");
  AddCompany(exact, 5, "大手B株式会社", "no", "0.1");
  AddCompany(exact, 6, "大手C株式会社", "no", "0.2");
  CHECK(Judged(Jetro(), exact, kJetroDay) == R{"eligible", {}});
  exact["companies.1.booth_area"] = "0.29";
  CHECK(Judged(Jetro(), exact, kJetroDay) == R{"ineligible", {"sme-area-share"}});
}

TEST_CASE("JETRO 2010: the explanation names the company that is not an SME", "[rules][groups][explain]") {
  Facts f = Cooperative();
  AddCompany(f, 1, "株式会社丹後織物", "yes", "9");
  AddCompany(f, 2, "大手繊維株式会社", "no", "9");
  CHECK(Jetro().Outcome(f, kJetroDay) == "ineligible");
  const std::string ja = Jetro().Text(f, Lang::kJa, kJetroDay);
  const std::string en = Jetro().Text(f, Lang::kEn, kJetroDay);
  CHECK(ja.find("参加企業 2（大手繊維株式会社）: 中小企業者ではありません") != std::string::npos);
  CHECK(en.find("Exhibiting company 2 (大手繊維株式会社): not an SME") != std::string::npos);
  CHECK(ja.find("参加企業 1（") == std::string::npos);  // the SME is not named
  // A company whose status is not given is named as what is still to be answered.
  f.erase("companies.2.is_sme");
  test::Summary s = Jetro().Decide(f, kJetroDay);
  CHECK(s.outcome == "undetermined");
  CHECK(s.missing == V{"companies"});
  CHECK(Jetro().Text(f, Lang::kEn, kJetroDay).find("Exhibiting company 2 (大手繊維株式会社): an SME is not known yet") !=
        std::string::npos);
}

TEST_CASE("JETRO 2010: a bad company record is an input problem, never a crash", "[rules][groups]") {
  // The problem is reported; a bad value leaves its field unknown, and an answer that fits no
  // record (no such field, past max_items: 200) is left out.
  auto judged = [](const std::string& name, const std::string& value) {
    Facts f = Group(2, 1);
    f[name] = value;
    test::Summary s = Jetro().Decide(f, kJetroDay);
    INFO(name << " = " << value);
    CHECK(s.issues.size() == 1);
    return s.outcome;
  };
  CHECK(judged("companies.1.booth_area", "-3") == "undetermined");   // below min: 0
  CHECK(judged("companies.2.is_sme", "たぶん") == "undetermined");    // not a yes or no
  CHECK(judged("companies.3.sector", "food") == "undetermined");     // not one of the sectors
  CHECK(judged("companies.1.colour", "red") == "eligible");          // no such field
  CHECK(judged("companies.201.is_sme", "yes") == "eligible");        // past max_items: 200
}

TEST_CASE("Gunma agricultural export: a group's members are counted from their records", "[rules][groups]") {
  using R = std::pair<std::string, V>;
  // A group in Gunma whose members answer, in order, whether each has a base in Gunma ("" : not given).
  auto group = [](const V& based) {
    Facts f = {{"agri_applicant_type", "団体"}, {"exports_gunma_products", "yes"}, {"group_in_gunma", "yes"}};
    for (size_t i = 0; i < based.size(); ++i) {
      const std::string at = "group_members." + std::to_string(i + 1) + ".";
      f[at + "name"] = "構成員" + std::to_string(i + 1);
      if (!based[i].empty()) f[at + "gunma_base"] = based[i];
    }
    return f;
  };
  CHECK(Judged(Agri(), group({"yes", "yes"}), kAgriDay) == R{"eligible", {}});
  CHECK(Judged(Agri(), group({"no", "yes", "no", "yes"}), kAgriDay) == R{"eligible", {}});
  CHECK(Judged(Agri(), group({"yes", "no", "no"}), kAgriDay) == R{"ineligible", {"group-members"}});
  CHECK(Judged(Agri(), group({"yes"}), kAgriDay) == R{"ineligible", {"group-members"}});
  // The explanation names the member without a base.
  CHECK(Agri().Text(group({"yes", "no"}), Lang::kJa, kAgriDay).find(
            "構成員 2（構成員2）: 県内に生産拠点を持つ生産者又は県内に加工拠点を持つ事業者ではありません") != std::string::npos);
  // A member not answered leaves the count, the fact the rule reads, missing.
  test::Summary open = Agri().Decide(group({"yes", ""}), kAgriDay);
  CHECK(open.outcome == "undetermined");
  CHECK(open.missing == V{"group_qualified_members"});
  // A group that gives the count is judged on it, with no members listed.
  Facts counted = {{"agri_applicant_type", "団体"}, {"exports_gunma_products", "yes"}, {"group_in_gunma", "yes"},
                   {"group_qualified_members", "2"}};
  CHECK(Judged(Agri(), counted, kAgriDay) == R{"eligible", {}});
  counted["group_qualified_members"] = "1";
  CHECK(Judged(Agri(), counted, kAgriDay) == R{"ineligible", {"group-members"}});
  // Members matter only to a group: a producer is judged on its own base.
  Facts producer = {{"agri_applicant_type", "生産者"}, {"exports_gunma_products", "yes"}, {"gunma_production_base", "yes"}};
  CHECK(Judged(Agri(), producer, kAgriDay) == R{"eligible", {}});
}

TEST_CASE("the group programs lint clean", "[rules][groups]") {
  auto rules = RuleSet::LoadDir(std::string(ELIG_SOURCE_DIR) + "/rules");
  REQUIRE(rules->ok());
  REQUIRE(rules->Find("national.jetro-local-industry-fairs-2010"));
  REQUIRE(rules->Find("gunma.agri-export-2025"));
  // On a day inside each window; a past edition may only warn that its window closed.
  for (const char* day : {"2010-08-02", "2025-09-01"}) {
    std::vector<Diagnostic> unexpected;
    for (const auto& d : Lint(*rules, *ParseDate(day)))
      if (d.code != "window-closed" && (d.loc.file.find("jetro-local-industry-fairs-2010") != std::string::npos ||
                                             d.loc.file.find("agri-export-2025") != std::string::npos))
        unexpected.push_back(d);
    INFO(RenderAll(unexpected, &rules->sources()));
    CHECK(unexpected.empty());
  }
}
