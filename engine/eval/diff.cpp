// SPDX-License-Identifier: Apache-2.0
#include "eval/diff.hpp"

#include <set>

namespace elig {
namespace {

DecisionSide Summarize(const Decision& d) {
  DecisionSide s;
  s.outcome = d.outcome;
  s.score = d.score;
  s.award = d.award;
  for (const auto& r : d.requirements) s.rules["requirement " + r.rule->id] = {r.result, Rational(0)};
  for (const auto& r : d.exclusions) s.rules["exclusion " + r.rule->id] = {r.result, Rational(0)};
  for (const auto& r : d.scoring) s.rules["scoring " + r.rule->id] = {r.result, r.points};
  return s;
}

// A rule that is absent in one version counts as if it let everyone through there: a
// requirement that holds, an exclusion or scoring item that does not apply.
std::pair<Tri, Rational> Neutral(const std::string& key) {
  return {key.rfind("requirement ", 0) == 0 ? Tri::kTrue : Tri::kFalse, Rational(0)};
}

bool SameAward(const std::optional<Rational>& a, const std::optional<Rational>& b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

}  // namespace

std::optional<DecisionChange> CompareDecisions(const Decision& old_d, const Decision& new_d) {
  DecisionChange c;
  c.old_side = Summarize(old_d);
  c.new_side = Summarize(new_d);
  c.outcome = old_d.outcome != new_d.outcome;
  c.score = !(old_d.score == new_d.score);
  c.award = !SameAward(old_d.award, new_d.award);
  if (!c.outcome && !c.score && !c.award) return std::nullopt;
  std::vector<std::string> keys;
  for (const auto& r : new_d.requirements) keys.push_back("requirement " + r.rule->id);
  for (const auto& r : new_d.exclusions) keys.push_back("exclusion " + r.rule->id);
  for (const auto& r : new_d.scoring) keys.push_back("scoring " + r.rule->id);
  for (const auto& [k, v] : c.old_side.rules)
    if (!c.new_side.rules.count(k)) keys.push_back(k);
  std::set<std::string> named;
  for (const auto& k : keys) {
    auto o = c.old_side.rules.count(k) ? c.old_side.rules[k] : Neutral(k);
    auto n = c.new_side.rules.count(k) ? c.new_side.rules[k] : Neutral(k);
    if (o.first == n.first && o.second == n.second) continue;
    std::string id = k.substr(k.find(' ') + 1);
    if (named.insert(id).second) c.rules.push_back(id);
  }
  if (old_d.window_open != new_d.window_open) c.rules.push_back("window");
  if (c.award && !c.outcome && old_d.outcome != Outcome::kIneligible) c.rules.push_back("award");
  return c;
}

}  // namespace elig
