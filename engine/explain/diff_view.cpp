// SPDX-License-Identifier: Apache-2.0
// The view of `elig diff`: who changes between two versions of the rules, and why.
#include <nlohmann/json.hpp>
#include <set>

#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"

namespace elig {
namespace {

using json = nlohmann::json;
using fmt::arg;

std::string AwardText(const std::optional<Rational>& a, Lang lang) {
  return a ? FormatYen(*a, lang) : Say(lang, Msg::kDiffNoAward);
}

json AwardJson(const std::optional<Rational>& a) {
  if (!a) return nullptr;
  return {{"yen", a->IsInteger() ? json(a->num()) : json(nullptr)}, {"exact", a->ToString()}};
}

json NumberJson(const Rational& r) { return r.IsInteger() ? json(r.num()) : json(r.ToString()); }

struct Counts {
  size_t applicants = 0, outcome = 0, score = 0, award = 0;
};

Counts Count(const DiffReport& r) {
  std::set<std::string> who;
  Counts n;
  for (const auto& c : r.changes) {
    who.insert(c.applicant);
    n.outcome += c.outcome;
    n.score += c.score;
    n.award += c.award;
  }
  n.applicants = who.size();
  return n;
}

}  // namespace

std::string RenderDiffText(const DiffReport& r, Lang lang) {
  std::string out = Say(lang, Msg::kDiffTitle, arg("old", TerminalText(r.old_dir)), arg("new", TerminalText(r.new_dir)),
                        arg("applicants", r.applicants), arg("programs", r.compared.size())) +
                    "\n";
  for (const auto& id : r.added) out += "  " + Say(lang, Msg::kDiffAdded, arg("id", TerminalText(id))) + "\n";
  for (const auto& id : r.removed) out += "  " + Say(lang, Msg::kDiffRemoved, arg("id", TerminalText(id))) + "\n";
  for (const auto& c : r.changes) {
    std::string what;
    auto part = [&](const std::string& s) { what += (what.empty() ? "" : "; ") + s; };
    if (c.outcome)
      part(Say(lang, Msg::kDiffOutcome, arg("old", OutcomeName(c.old_side.outcome)), arg("new", OutcomeName(c.new_side.outcome))));
    if (c.score)
      part(Say(lang, Msg::kDiffScore, arg("old", c.old_side.score.ToGroupedString()),
               arg("new", c.new_side.score.ToGroupedString())));
    if (c.award)
      part(Say(lang, Msg::kDiffAward, arg("old", AwardText(c.old_side.award, lang)), arg("new", AwardText(c.new_side.award, lang))));
    std::string rules;
    for (const auto& id : c.rules) rules += (rules.empty() ? "" : ", ") + TerminalText(id);
    out += TerminalText(c.applicant) + "  " + TerminalText(c.program) + "  " + what;
    if (!rules.empty()) out += Say(lang, Msg::kDiffCause, arg("rules", rules));
    out += "\n";
  }
  Counts n = Count(r);
  out += Say(lang, Msg::kDiffSummary, arg("changed", n.applicants), arg("applicants", r.applicants), arg("outcome", n.outcome),
             arg("score", n.score), arg("award", n.award)) +
         "\n";
  return out;
}

std::string RenderDiffJson(const DiffReport& r) {
  json out;
  out["old"] = r.old_dir;
  out["new"] = r.new_dir;
  out["applicants"] = r.applicants;
  out["programs"] = {{"compared", r.compared}, {"added", r.added}, {"removed", r.removed}};
  json arr = json::array();
  for (const auto& c : r.changes) {
    json j;
    j["applicant"] = c.applicant;
    j["program"] = c.program;
    j["outcome"] = c.outcome ? json{{"old", OutcomeName(c.old_side.outcome)}, {"new", OutcomeName(c.new_side.outcome)}}
                             : json(nullptr);
    j["score"] = c.score ? json{{"old", NumberJson(c.old_side.score)}, {"new", NumberJson(c.new_side.score)}} : json(nullptr);
    j["award"] = c.award ? json{{"old", AwardJson(c.old_side.award)}, {"new", AwardJson(c.new_side.award)}} : json(nullptr);
    j["rules"] = c.rules;
    arr.push_back(std::move(j));
  }
  out["changes"] = std::move(arr);
  Counts n = Count(r);
  out["summary"] = {{"changed_applicants", n.applicants}, {"outcome", n.outcome}, {"score", n.score}, {"award", n.award}};
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace elig
