// SPDX-License-Identifier: Apache-2.0
// The decision JSON as elig rendered it through nlohmann::json up to November 2026:
// kept only as the oracle that engine/explain/explain_json.cpp's streaming writer must
// match byte for byte (test_explain_json.cpp).
#pragma once

#include <nlohmann/json.hpp>

#include "explain/explain.hpp"
#include "explain/views.hpp"

namespace elig::reference_json {
namespace detail {

using nlohmann::json;

inline json ValueJson(const Value& v, const EnumDef* e) {
  switch (v.kind) {
    case VKind::kUnknown: return nullptr;
    case VKind::kError: return "error";
    case VKind::kBool: return v.b;
    case VKind::kNumber:
      if (v.num.IsInteger()) return v.num.num();
      return v.num.ToString();  // exact: "2/3" or "0.5", never a float
    case VKind::kText: return v.text ? *v.text : "";
    case VKind::kDate: return FormatDate(Date{v.i});
    case VKind::kEnum: return FormatValue(v, Lang::kEn, e);
    case VKind::kList:
    case VKind::kRecord: {
      json a = json::array();
      if (v.list)
        for (const auto& item : v.list->items) a.push_back(ValueJson(item, e));
      return a;
    }
  }
  return nullptr;
}

inline json LocJson(const SourceLoc& l) {
  if (l.file.empty()) return nullptr;
  return {{"file", l.file}, {"line", l.line}, {"column", l.column}};
}

inline const char* RuleResultName(Tri t, bool exclusion) {
  if (!exclusion) return t == Tri::kTrue ? "pass" : t == Tri::kFalse ? "fail" : t == Tri::kError ? "error" : "unknown";
  return t == Tri::kTrue ? "applies" : t == Tri::kFalse ? "does-not-apply" : t == Tri::kError ? "error" : "unknown";
}

inline json RuleJson(const Decision& d, const RuleResult& rr, bool exclusion, Lang lang) {
  const CompiledRule& r = *rr.rule;
  json j;
  j["id"] = r.id;
  j["result"] = RuleResultName(rr.result, exclusion);
  j["text"] = r.text.Get(lang);
  j["text_ja"] = r.text.ja;
  j["text_en"] = r.text.en;
  j["cite"] = r.cite;
  j["rule"] = r.expr_text;
  j["location"] = LocJson(r.loc);
  json because = json::array();
  for (const auto& reason : rr.reasons) {
    json b;
    b["expr"] = reason.expr();
    b["op"] = reason.op();
    b["fact"] = reason.fact().empty() ? json(nullptr) : json(reason.fact());
    b["left"] = ValueJson(reason.left, reason.left_enum());
    b["right"] = reason.op() == "fact" ? json(nullptr) : ValueJson(reason.right, reason.right_enum());
    b["result"] = TriName(reason.result);
    b["text"] = RenderReason(reason, lang);
    b["hint"] = reason.hint ? ValueJson(*reason.hint, reason.right_enum()) : json(nullptr);
    because.push_back(std::move(b));
  }
  j["because"] = std::move(because);
  json missing = json::array();
  for (uint32_t f : rr.missing) missing.push_back(d.program->facts[f].name);
  j["missing"] = std::move(missing);
  j["error"] = rr.error.empty() ? json(nullptr) : json(rr.error);
  if (!r.note.empty()) j["note"] = r.note;
  return j;
}

}  // namespace detail

inline std::string RenderJson(const Decision& d, Lang lang, bool pretty) {
  using namespace detail;
  using nlohmann::json;
  const CompiledProgram& p = *d.program;
  json j;
  j["program"] = {{"id", p.id}, {"version", p.version}, {"title", p.title.Get(lang)},
                  {"title_ja", p.title.ja}, {"title_en", p.title.en}, {"basis", p.basis}};
  j["as_of"] = FormatDate(d.as_of);
  j["lang"] = lang == Lang::kJa ? "ja" : "en";
  j["outcome"] = OutcomeName(d.outcome);
  j["window"] = {{"from", p.window_from ? json(FormatDate(*p.window_from)) : json(nullptr)},
                 {"to", p.window_to ? json(FormatDate(*p.window_to)) : json(nullptr)},
                 {"open", d.window_open}};
  json reqs = json::array(), excls = json::array();
  for (const auto& r : d.requirements) reqs.push_back(RuleJson(d, r, false, lang));
  for (const auto& r : d.exclusions) excls.push_back(RuleJson(d, r, true, lang));
  j["requirements"] = std::move(reqs);
  j["exclusions"] = std::move(excls);
  json items = json::array();
  for (const auto& s : d.scoring) {
    items.push_back({{"id", s.rule->id},
                     {"result", TriName(s.result)},
                     {"points", s.result == Tri::kTrue ? json(s.points.IsInteger() ? json(s.points.num()) : json(s.points.ToString())) : json(0)},
                     {"text", s.rule->text.Get(lang)},
                     {"group", s.rule->group.empty() ? json(nullptr) : json(s.rule->group)}});
  }
  j["score"] = {{"total", d.score.IsInteger() ? json(d.score.num()) : json(d.score.ToString())},
                {"complete", d.score_complete},
                {"voided_groups", d.voided_groups},
                {"not_counted", d.not_counted},
                {"items", std::move(items)}};
  if (d.award && GivesMoney(p)) {
    j["award"] = {{"yen", d.award->IsInteger() ? json(d.award->num()) : json(nullptr)},
                  {"exact", d.award->ToString()},
                  {"text", FormatYen(*d.award, lang)},
                  {"formula", p.award_text}};
  } else {
    j["award"] = nullptr;
  }
  j["award_note"] = p.award < 0 ? json(p.award_note.Get(lang)) : json(nullptr);
  if (p.benefit) {
    json given = json::array();
    for (const auto& item : p.benefit->items)
      given.push_back({{"what", item.what.Get(lang)},
                       {"amount", !item.amount ? json(nullptr) : item.amount->IsInteger() ? json(item.amount->num()) : json(item.amount->ToString())},
                       {"unit", item.unit.empty() ? json(nullptr) : json(item.unit)},
                       {"up_to", item.up_to}});
    j["benefit"] = {{"says", p.benefit->says.Get(lang)},
                    {"details", BenefitDetails(*p.benefit, lang)},
                    {"items", std::move(given)},
                    {"cost_share", p.benefit->cost_share ? json(p.benefit->cost_share->ToString()) : json(nullptr)},
                    {"note", p.benefit->note.Empty() ? json(nullptr) : json(p.benefit->note.Get(lang))}};
  } else {
    j["benefit"] = nullptr;
  }
  json missing = json::array();
  for (uint32_t f : d.missing) {
    missing.push_back({{"name", p.facts[f].name},
                       {"type", TypeSpecName(p.facts[f].spec)},
                       {"ask", p.facts[f].ask.Get(lang)}});
  }
  j["missing_facts"] = std::move(missing);
  if (!d.moot.empty()) {  // since December 2026: the unknown facts no value of changes the outcome
    json moot = json::array();
    for (uint32_t f : d.moot)
      moot.push_back({{"label", FactName(p.facts[f], lang, Audience::kApplicant)},
                      {"name", p.facts[f].name},
                      {"type", TypeSpecName(p.facts[f].spec)}});
    j["moot_facts"] = std::move(moot);
  }
  json issues = json::array();
  for (const auto& i : d.input_issues)
    issues.push_back({{"fact", i.fact}, {"message", i.message.Get(lang)}, {"location", LocJson(i.loc)}});
  j["input_issues"] = std::move(issues);
  j["errors"] = d.errors;
  return pretty ? j.dump(2, ' ', false, json::error_handler_t::replace) : j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace elig::reference_json
