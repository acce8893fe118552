// SPDX-License-Identifier: Apache-2.0
// Decisions: outcome, score, award, rules, missing facts and the explanation.

#include "capi.hpp"
#include "explain/explain.hpp"

using elig::capi::Guard;

namespace {

const std::vector<elig::RuleResult>* RulesOf(const elig_decision* d, int kind) {
  switch (kind) {
    case ELIG_REQUIREMENT: return &d->decision.requirements;
    case ELIG_EXCLUSION: return &d->decision.exclusions;
    case ELIG_SCORE_ITEM: return &d->decision.scoring;
    default: return nullptr;
  }
}

int RuleResultCode(elig::Tri t) {
  switch (t) {
    case elig::Tri::kFalse: return ELIG_RULE_FALSE;
    case elig::Tri::kTrue: return ELIG_RULE_TRUE;
    case elig::Tri::kUnknown: return ELIG_RULE_UNKNOWN;
    case elig::Tri::kError: return ELIG_RULE_ERROR;
  }
  return ELIG_RULE_ERROR;
}

}  // namespace

extern "C" {

void elig_decision_free(elig_decision* decision) {
  try {
    delete decision;
  } catch (...) {
  }
}

int elig_decision_outcome(const elig_decision* decision, int* out) {
  if (!decision || !out) return ELIG_MISUSE;
  switch (decision->decision.outcome) {
    case elig::Outcome::kEligible: *out = ELIG_ELIGIBLE; break;
    case elig::Outcome::kIneligible: *out = ELIG_INELIGIBLE; break;
    case elig::Outcome::kUndetermined: *out = ELIG_UNDETERMINED; break;
    case elig::Outcome::kClosed: *out = ELIG_CLOSED; break;
  }
  return ELIG_OK;
}

int elig_decision_as_of(const elig_decision* decision, const char** out) {
  if (!decision || !out) return ELIG_MISUSE;
  *out = decision->as_of.c_str();
  return ELIG_OK;
}

int elig_decision_score(const elig_decision* decision, const char** exact, int* complete) {
  if (!decision) return ELIG_MISUSE;
  if (exact) *exact = decision->score.c_str();
  if (complete) *complete = decision->decision.score_complete ? 1 : 0;
  return ELIG_OK;
}

int elig_decision_award(const elig_decision* decision, const char** exact) {
  if (!decision || !exact) return ELIG_MISUSE;
  if (!decision->decision.award) return ELIG_ABSENT;
  *exact = decision->award.c_str();
  return ELIG_OK;
}

int elig_decision_final_award(const elig_decision* decision, const char** exact) {
  if (!decision || !exact) return ELIG_MISUSE;
  if (!decision->final_award) return ELIG_ABSENT;
  *exact = decision->final_award->c_str();
  return ELIG_OK;
}

int elig_decision_award_yen(const elig_decision* decision, int64_t* yen) {
  if (!decision || !yen) return ELIG_MISUSE;
  const auto& award = decision->decision.award;
  if (!award) return ELIG_ABSENT;
  if (!award->IsInteger()) return ELIG_VALUE;
  *yen = award->num();
  return ELIG_OK;
}

int elig_decision_rule_count(const elig_decision* decision, int kind, size_t* out) {
  if (!decision || !out) return ELIG_MISUSE;
  const auto* rules = RulesOf(decision, kind);
  if (!rules) return ELIG_MISUSE;
  *out = rules->size();
  return ELIG_OK;
}

int elig_decision_rule(const elig_decision* decision, int kind, size_t index, int lang, const char** id, int* result,
                       const char** text, const char** cite) {
  elig::Lang l;
  if (!decision || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto* rules = RulesOf(decision, kind);
  if (!rules) return ELIG_MISUSE;
  if (index >= rules->size()) return ELIG_RANGE;
  const elig::RuleResult& rr = (*rules)[index];
  if (id) *id = rr.rule->id.c_str();
  if (result) *result = RuleResultCode(rr.result);
  if (text) *text = rr.rule->text.Get(l).c_str();
  if (cite) *cite = rr.rule->cite.c_str();
  return ELIG_OK;
}

int elig_decision_missing_count(const elig_decision* decision, size_t* out) {
  if (!decision || !out) return ELIG_MISUSE;
  *out = decision->decision.missing.size();
  return ELIG_OK;
}

int elig_decision_missing(const elig_decision* decision, size_t index, const char** fact) {
  if (!decision || !fact) return ELIG_MISUSE;
  const auto& missing = decision->decision.missing;
  if (index >= missing.size()) return ELIG_RANGE;
  *fact = decision->decision.program->facts[missing[index]].name.c_str();
  return ELIG_OK;
}

int elig_decision_issue_count(const elig_decision* decision, size_t* out) {
  if (!decision || !out) return ELIG_MISUSE;
  *out = decision->decision.input_issues.size();
  return ELIG_OK;
}

int elig_decision_issue(const elig_decision* decision, size_t index, const char** fact, const char** message) {
  if (!decision) return ELIG_MISUSE;
  const auto& issues = decision->decision.input_issues;
  if (index >= issues.size()) return ELIG_RANGE;
  if (fact) *fact = issues[index].fact.c_str();
  if (message) *message = issues[index].message.en.c_str();
  return ELIG_OK;
}

int elig_decision_error_count(const elig_decision* decision, size_t* out) {
  if (!decision || !out) return ELIG_MISUSE;
  *out = decision->decision.errors.size();
  return ELIG_OK;
}

int elig_decision_error(const elig_decision* decision, size_t index, const char** message) {
  if (!decision || !message) return ELIG_MISUSE;
  const auto& errors = decision->decision.errors;
  if (index >= errors.size()) return ELIG_RANGE;
  *message = errors[index].c_str();
  return ELIG_OK;
}

int elig_decision_json(elig_decision* decision, int lang, int flags, const char** out) {
  elig::Lang l;
  if (!decision || !out || !elig::capi::ToLang(lang, l) || (flags & ~(ELIG_JSON_PRETTY | ELIG_JSON_COMPACT_DECISION)) ||
      flags == (ELIG_JSON_PRETTY | ELIG_JSON_COMPACT_DECISION))
    return ELIG_MISUSE;
  return Guard([&] {
    if (flags & ELIG_JSON_COMPACT_DECISION) {
      if (decision->compact_json.empty()) decision->compact_json = elig::RenderCompactJson(decision->decision);
      *out = decision->compact_json.c_str();
      return ELIG_OK;
    }
    bool pretty = flags & ELIG_JSON_PRETTY;
    std::string& cached = decision->json[l == elig::Lang::kJa ? 0 : 1][pretty ? 1 : 0];
    if (cached.empty()) cached = elig::RenderJson(decision->decision, l, pretty);
    *out = cached.c_str();
    return ELIG_OK;
  });
}

int elig_decision_text(elig_decision* decision, int lang, const char** out) {
  elig::Lang l;
  if (!decision || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  return Guard([&] {
    std::string& cached = decision->text[l == elig::Lang::kJa ? 0 : 1];
    if (cached.empty()) {
      elig::TextOptions options;
      options.lang = l;
      cached = elig::RenderText(decision->decision, options);
    }
    *out = cached.c_str();
    return ELIG_OK;
  });
}

}  // extern "C"
