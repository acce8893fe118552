// SPDX-License-Identifier: Apache-2.0
// Decisions: outcome, score, award, rules, missing facts and the explanation.

#include "capi.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"

using elig::capi::Give;
using elig::capi::ItemOf;
using elig::capi::SizeOf;

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

namespace elig::capi {

int OutcomeCode(Outcome o) {
  switch (o) {
    case Outcome::kEligible: return ELIG_ELIGIBLE;
    case Outcome::kIneligible: return ELIG_INELIGIBLE;
    case Outcome::kUndetermined: return ELIG_UNDETERMINED;
    case Outcome::kClosed: return ELIG_CLOSED;
  }
  return ELIG_UNDETERMINED;
}

std::unique_ptr<elig_decision> NewDecision(const std::shared_ptr<const RuleSet>& set, ProgramScreening&& ps,
                                           std::shared_ptr<const void> bound) {
  auto dec = std::make_unique<elig_decision>();
  dec->set = set;
  dec->bound = std::move(bound);
  dec->decision = std::move(ps.decision);
  if (ps.final_award) dec->final_award = ps.final_award->ToString();
  dec->as_of = FormatDate(dec->decision.as_of);
  dec->score = dec->decision.score.ToString();
  if (dec->decision.award) dec->award = dec->decision.award->ToString();
  return dec;
}

}  // namespace elig::capi

extern "C" {

void elig_decision_free(elig_decision* decision) { elig::capi::Free(decision); }

int elig_decision_outcome(const elig_decision* decision, int* out) {
  if (!decision || !out) return ELIG_MISUSE;
  *out = elig::capi::OutcomeCode(decision->decision.outcome);
  return ELIG_OK;
}

int elig_decision_as_of(const elig_decision* decision, const char** out) {
  return decision ? Give(out, decision->as_of) : ELIG_MISUSE;
}

int elig_decision_score(const elig_decision* decision, const char** exact, int* complete) {
  if (!decision) return ELIG_MISUSE;
  if (exact) *exact = decision->score.c_str();
  if (complete) *complete = decision->decision.score_complete ? 1 : 0;
  return ELIG_OK;
}

int elig_decision_award(const elig_decision* decision, const char** exact) {
  if (!decision || !exact) return ELIG_MISUSE;
  return decision->decision.award ? Give(exact, decision->award) : ELIG_ABSENT;
}

int elig_decision_final_award(const elig_decision* decision, const char** exact) {
  if (!decision || !exact) return ELIG_MISUSE;
  return decision->final_award ? Give(exact, *decision->final_award) : ELIG_ABSENT;
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
  const auto* rules = decision ? RulesOf(decision, kind) : nullptr;
  return SizeOf(rules != nullptr, rules, out);
}

int elig_decision_rule(const elig_decision* decision, int kind, size_t index, int lang, const char** id, int* result,
                       const char** text, const char** cite) {
  elig::Lang l;
  const auto* rules = decision && elig::capi::ToLang(lang, l) ? RulesOf(decision, kind) : nullptr;
  return ItemOf(rules != nullptr, rules, index, [&](const elig::RuleResult& rr) {
    if (id) *id = rr.rule->id.c_str();
    if (result) *result = RuleResultCode(rr.result);
    if (text) *text = rr.rule->text.Get(l).c_str();
    if (cite) *cite = rr.rule->cite.c_str();
    return ELIG_OK;
  });
}

int elig_decision_missing_count(const elig_decision* decision, size_t* out) {
  return SizeOf(decision != nullptr, decision ? &decision->decision.missing : nullptr, out);
}

int elig_decision_missing(const elig_decision* decision, size_t index, const char** fact) {
  const auto* missing = decision ? &decision->decision.missing : nullptr;
  return ItemOf(decision && fact, missing, index,
                [&](uint32_t slot) { return Give(fact, decision->decision.program->facts[slot].name); });
}

int elig_decision_issue_count(const elig_decision* decision, size_t* out) {
  return SizeOf(decision != nullptr, decision ? &decision->decision.input_issues : nullptr, out);
}

int elig_decision_issue(const elig_decision* decision, size_t index, const char** fact, const char** message) {
  const auto* issues = decision ? &decision->decision.input_issues : nullptr;
  return ItemOf(decision != nullptr, issues, index, [&](const elig::InputIssue& issue) {
    return elig::capi::GiveEither(fact, issue.fact, message, issue.message.en);
  });
}

int elig_decision_issue_text(const elig_decision* decision, size_t index, int lang, const char** fact,
                             const char** message) {
  elig::Lang l;
  if (!elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto* issues = decision ? &decision->decision.input_issues : nullptr;
  return ItemOf(decision != nullptr, issues, index, [&](const elig::InputIssue& issue) {
    return elig::capi::GiveEither(fact, issue.fact, message, issue.message.Get(l));
  });
}

int elig_decision_error_count(const elig_decision* decision, size_t* out) {
  return SizeOf(decision != nullptr, decision ? &decision->decision.errors : nullptr, out);
}

int elig_decision_error(const elig_decision* decision, size_t index, const char** message) {
  const auto* errors = decision ? &decision->decision.errors : nullptr;
  return ItemOf(decision && message, errors, index, [&](const std::string& e) { return Give(message, e); });
}

int elig_decision_error_text(elig_decision* decision, size_t index, int lang, const char** message) {
  elig::Lang l;
  if (!decision || !message || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto& errors = decision->decision.errors;
  if (index >= errors.size()) return ELIG_RANGE;
  return elig::capi::Guard([&] {
    auto& said = decision->error_text[l == elig::Lang::kJa ? 0 : 1];
    if (said.size() != errors.size()) said.resize(errors.size());
    if (said[index].empty()) said[index] = elig::SayEvalError(l, errors[index]);
    *message = said[index].c_str();
    return ELIG_OK;
  });
}

int elig_decision_json(elig_decision* decision, int lang, int flags, const char** out) {
  elig::Lang l;
  if (!decision || !out || !elig::capi::ToLang(lang, l) || (flags & ~(ELIG_JSON_PRETTY | ELIG_JSON_COMPACT_DECISION)) ||
      flags == (ELIG_JSON_PRETTY | ELIG_JSON_COMPACT_DECISION))
    return ELIG_MISUSE;
  if (flags & ELIG_JSON_COMPACT_DECISION)
    return elig::capi::Cached(decision->compact_json, out, [&] { return elig::RenderCompactJson(decision->decision); });
  bool pretty = flags & ELIG_JSON_PRETTY;
  return elig::capi::Cached(decision->json[l == elig::Lang::kJa ? 0 : 1][pretty ? 1 : 0], out,
                            [&] { return elig::RenderJson(decision->decision, l, pretty); });
}

int elig_decision_text(elig_decision* decision, int lang, const char** out) {
  elig::Lang l;
  if (!decision || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  return elig::capi::Cached(decision->text[l == elig::Lang::kJa ? 0 : 1], out, [&] {
    elig::TextOptions options;
    options.lang = l;
    return elig::RenderText(decision->decision, options);
  });
}

}  // extern "C"
