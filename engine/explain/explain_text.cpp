// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <string_view>

#include "common/paint.hpp"
#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"

namespace elig {
namespace {

using fmt::arg;

std::string Shown(std::string_view text) { return TerminalText(text); }

struct Style {
  bool color;
  std::string Green(const std::string& s) const { return Paint(color, Tone::kGreen, s); }
  std::string Red(const std::string& s) const { return Paint(color, Tone::kRed, s); }
  std::string Yellow(const std::string& s) const { return Paint(color, Tone::kYellow, s); }
  std::string Bold(const std::string& s) const { return Paint(color, Tone::kBold, s); }
};

std::string Parenthetical(Lang lang, const std::string& text) { return Say(lang, Msg::kParenthetical, arg("text", text)); }

const ScoreGroup* GroupNamed(const CompiledProgram& p, const std::string& name) {
  for (const auto& g : p.score_groups)
    if (g.name == name) return &g;
  return nullptr;
}

std::string OpWord(std::string_view op) {
  if (op == "<=") return "≤";
  if (op == ">=") return "≥";
  if (op == "!=") return "≠";
  if (op == "==") return "=";
  return std::string(op);
}

// The operator that actually holds between the two values, for "450 > 300".
std::string ActualOp(const Reason& r) {
  if (!r.left.IsKnown() || !r.right.IsKnown()) return OpWord(r.op());
  if (r.op() == "in" || r.op() == "not in") return std::string(r.result == Tri::kTrue ? r.op() : (r.op() == "in" ? "not in" : "in"));
  if (r.left.kind != r.right.kind) return OpWord(r.op());
  int c = CompareValues(r.left, r.right);
  if (r.left.kind == VKind::kEnum || r.left.kind == VKind::kText || r.left.kind == VKind::kBool)
    return ValuesEqual(r.left, r.right) ? "=" : "≠";
  return c < 0 ? "<" : c > 0 ? ">" : "=";
}

}  // namespace

std::string FormatYen(const Rational& r, Lang lang) { return Say(lang, Msg::kYen, arg("amount", r.ToGroupedString())); }

std::string FormatDateFor(Date d, Lang lang) {
  int year = 0, month = 0, day = 0;
  SplitDate(d, year, month, day);
  return Say(lang, Msg::kDateLong, arg("year", year), arg("month", month), arg("day", day));
}

std::vector<std::string> BenefitDetails(const BenefitDecl& b, Lang lang) {
  std::vector<std::string> out;
  for (const auto& item : b.items) {
    const std::string& what = item.what.Get(lang);
    if (!item.amount) {
      out.push_back(what);
      continue;
    }
    const LocalText* unit = BenefitUnitLabel(item.unit);
    out.push_back(Say(lang, item.up_to ? Msg::kBenefitItemUpTo : Msg::kBenefitItemCount, arg("what", what),
                      arg("n", item.amount->ToGroupedString()), arg("unit", unit ? unit->Get(lang) : item.unit)));
  }
  if (b.cost_share) {
    if (*b.cost_share == Rational(0)) out.push_back(Say(lang, Msg::kBenefitFree));
    else {
      const Rational& r = *b.cost_share;  // as officials write it: 1/3, 1/2, 1 (all of it)
      std::string share = r.IsInteger() ? r.ToString() : std::to_string(r.num()) + "/" + std::to_string(r.den());
      out.push_back(Say(lang, Msg::kBenefitCostShare, arg("share", share)));
    }
  }
  return out;
}

std::string OutcomeLabel(Outcome o, Lang lang) {
  switch (o) {
    case Outcome::kEligible: return Say(lang, Msg::kOutcomeEligible);
    case Outcome::kIneligible: return Say(lang, Msg::kOutcomeIneligible);
    case Outcome::kUndetermined: return Say(lang, Msg::kOutcomeUndetermined);
    case Outcome::kClosed: return Say(lang, Msg::kOutcomeClosed);
  }
  return "";
}

std::string TerminalText(std::string_view text) { return utf8::Printable(text, std::string::npos); }

namespace {

// A record an aggregate names: 「構成員 2（株式会社〇〇）: 中小企業者ではありません」.
std::string MemberWords(const Reason& r, Lang lang) {
  const ReasonSite& s = *r.s;
  std::string item = s.item.Empty() ? std::string(r.left_expr()) : s.item.Get(lang);
  std::string name = r.left.kind == VKind::kText && r.left.text && !r.left.text->empty()
                         ? Say(lang, Msg::kMemberName, arg("name", *r.left.text))
                         : std::string();
  std::string n = r.right.kind == VKind::kNumber ? r.right.num.ToString() : "?";
  const bool field = !s.field.Empty();
  std::string what = field ? s.field.Get(lang) : std::string(r.expr());
  Msg id = r.result == Tri::kTrue    ? (field ? Msg::kReasonMemberIs : Msg::kReasonMemberMeets)
           : r.result == Tri::kFalse ? (field ? Msg::kReasonMemberNot : Msg::kReasonMemberFails)
                                     : Msg::kReasonMemberUnknown;
  return Say(lang, id, arg("item", item), arg("n", n), arg("name", name), arg("field", what), arg("expr", what));
}

std::string ReasonWords(const Reason& r, Lang lang) {
  if (r.op() == "member") return MemberWords(r, lang);
  std::string value = FormatValue(r.left, lang, r.left_enum(), r.left_record());
  if (r.op() == "fact") return std::string(r.fact()) + " = " + value;
  // The left operand by name when it has one: `employees = 450`, `years_in_business = 16`.
  std::string_view name = !r.left_expr().empty() ? r.left_expr() : r.fact();
  std::string lhs = name.empty() || name == value ? value : std::string(name) + " = " + value;
  if (!r.left.IsKnown()) return std::string(r.expr()) + Parenthetical(lang, value);
  if (r.op() == "between") return lhs + Say(lang, r.result == Tri::kTrue ? Msg::kReasonInRange : Msg::kReasonOutOfRange);
  std::string op = ActualOp(r);
  // `prefecture = "群馬県"`; and a failed `!=` shows the value alone, never "not ≠ 生産者".
  if (op == "=" && (r.op() == "==" || r.op() == "!=") && name != value) return lhs;
  // At the boundary the operator is the rule's: `10 ≤ 10` holds, `10 < 10` does not.
  if (op == "=" && (r.op() == "<=" || r.op() == ">=")) op = OpWord(r.op());
  if (op == "=" && (r.op() == "<" || r.op() == ">")) {
    std::string right = FormatValue(r.right, lang, r.right_enum());
    return lhs + Say(lang, Msg::kReasonNotOp, fmt::arg("op", OpWord(r.op())), fmt::arg("value", right));
  }
  lhs += ' ';
  lhs += op;
  lhs += ' ';
  lhs += FormatValue(r.right, lang, r.right_enum());
  return lhs;
}

}  // namespace

std::string RenderReason(const Reason& r, Lang lang) { return Shown(ReasonWords(r, lang)); }

std::vector<std::string> MootLines(const Decision& d, Lang lang) {
  std::vector<std::string> out;
  if (d.moot.empty()) return out;
  const CompiledProgram& p = *d.program;
  const Msg kinds[] = {Msg::kTextMootNumber, Msg::kTextMootChoice, Msg::kTextMootYesNo, Msg::kTextMootOther};
  std::string names[4];
  for (uint32_t f : d.moot) {
    const BaseType base = p.facts[f].spec.base;
    const int kind = base == BaseType::kInt || base == BaseType::kYen || base == BaseType::kDecimal ? 0
                     : base == BaseType::kEnum || base == BaseType::kList                        ? 1
                     : base == BaseType::kBool                                                   ? 2
                                                                                                 : 3;
    if (!names[kind].empty()) names[kind] += Say(lang, Msg::kListSeparator);
    names[kind] += Shown(FactName(p.facts[f], lang, Audience::kApplicant));
  }
  for (int k = 0; k < 4; ++k)
    if (!names[k].empty()) out.push_back(Say(lang, kinds[k], arg("facts", names[k])));
  return out;
}

std::string RenderText(const Decision& d, const TextOptions& o) {
  const CompiledProgram& p = *d.program;
  const Lang lang = o.lang;
  Style st{o.color};
  std::string out;
  out += st.Bold(Shown(p.title.Get(lang))) + "  (" + Shown(p.id) + (p.version.empty() ? "" : " " + Shown(p.version)) + ")\n";
  std::string verdict = OutcomeLabel(d.outcome, lang);
  switch (d.outcome) {
    case Outcome::kEligible: verdict = st.Green(verdict); break;
    case Outcome::kIneligible: verdict = st.Red(verdict); break;
    default: verdict = st.Yellow(verdict); break;
  }
  out += Say(lang, Msg::kTextOutcome, arg("outcome", verdict), arg("date", FormatDate(d.as_of))) + "\n";
  if (!d.window_open && p.window_from && p.window_to)
    out += Say(lang, Msg::kTextWindow, arg("from", FormatDate(*p.window_from)), arg("to", FormatDate(*p.window_to))) + "\n";
  if (!p.basis.empty()) out += Say(lang, Msg::kTextBasis, arg("basis", Shown(p.basis))) + "\n";

  // An exclusion that does not apply is "does not apply", never "pass": 「[非該当]」.
  auto mark = [&](Tri t, bool exclusion) {
    bool good = exclusion ? t == Tri::kFalse : t == Tri::kTrue;
    bool bad = exclusion ? t == Tri::kTrue : t == Tri::kFalse;
    if (good) return st.Green(Say(lang, exclusion ? Msg::kMarkDoesNotApply : Msg::kMarkPass));
    if (bad) return st.Red(Say(lang, exclusion ? Msg::kMarkApplies : Msg::kMarkFail));
    if (t == Tri::kError) return st.Red(Say(lang, Msg::kMarkError));
    return st.Yellow(Say(lang, Msg::kMarkUnknown));
  };
  auto rule_block = [&](const RuleResult& rr, bool exclusion) {
    const CompiledRule& r = *rr.rule;
    std::string text = r.text.Get(lang);
    if (text.empty()) text = r.expr_text;
    out += "  " + mark(rr.result, exclusion) + " " + Shown(r.id) + ": " + Shown(text);
    if (!r.cite.empty()) out += Parenthetical(lang, Shown(r.cite));
    out += "\n";
    for (const auto& reason : rr.reasons) {
      out += "      " + RenderReason(reason, lang);
      if (reason.hint)
        out += Say(lang, Msg::kTextWouldPass, arg("value", Shown(FormatValue(*reason.hint, lang, reason.right_enum()))));
      out += "\n";
    }
    if (!rr.missing.empty()) {
      std::string facts;
      for (size_t i = 0; i < rr.missing.size(); ++i) facts += (i ? ", " : "") + Shown(p.facts[rr.missing[i]].name);
      out += "      " + Say(lang, Msg::kTextRuleNeeds, arg("facts", facts)) + "\n";
    }
    if (!rr.error.empty()) out += "      " + st.Red(Shown(SayEvalError(lang, rr.error))) + "\n";
    if (!r.note.empty()) out += "      " + Say(lang, Msg::kTextNote, arg("note", Shown(r.note))) + "\n";
  };
  if (!d.requirements.empty()) {
    out += Say(lang, Msg::kTextRequirements) + "\n";
    for (const auto& rr : d.requirements)
      if (o.verbose || rr.result != Tri::kTrue) rule_block(rr, false);
  }
  if (!d.exclusions.empty()) {
    out += Say(lang, Msg::kTextExclusions) + "\n";
    for (const auto& rr : d.exclusions)
      if (o.verbose || rr.result != Tri::kFalse) rule_block(rr, true);
  }
  if (!d.scoring.empty()) {
    out += Say(lang, Msg::kTextScore, arg("score", d.score.ToGroupedString())) +
           (d.score_complete ? "" : Say(lang, Msg::kTextScoreIncomplete)) + "\n";
    for (const auto& s : d.scoring) {
      std::string text = s.rule->text.Get(lang);
      if (text.empty()) text = s.rule->expr_text;
      const bool left_out = s.result == Tri::kTrue &&
                            std::find(d.not_counted.begin(), d.not_counted.end(), s.rule->id) != d.not_counted.end();
      std::string pts = s.result == Tri::kTrue ? "+" + s.points.ToString() : s.result == Tri::kFalse ? "  0" : "  ?";
      if (left_out) pts = "(" + pts + ")";
      out += "  " + pts + "  " + Shown(s.rule->id) + ": " + Shown(text);
      if (left_out)
        if (const ScoreGroup* g = GroupNamed(p, s.rule->group); g && g->max_counted)
          out += Say(lang, Msg::kTextNotCounted, arg("group", Shown(g->name)), arg("n", *g->max_counted));
      out += "\n";
    }
    for (const auto& g : d.voided_groups) out += "  " + Say(lang, Msg::kTextScoreVoided, arg("group", Shown(g))) + "\n";
    for (const auto& g : p.score_groups) {
      if (!g.max_counted) continue;
      bool any = false;
      for (const auto& s : d.scoring) any |= s.rule->group == g.name &&
          std::find(d.not_counted.begin(), d.not_counted.end(), s.rule->id) != d.not_counted.end();
      if (any)
        out += "  " + Say(lang, Msg::kTextCountedLimit, arg("group", Shown(g.name)), arg("n", *g.max_counted),
                          arg("pick", Say(lang, g.pick == ScorePick::kFirst ? Msg::kPickFirst : Msg::kPickHighest))) + "\n";
    }
  }
  std::string award;
  if (d.award) {
    award = st.Bold(FormatYen(*d.award, lang));
    if (d.outcome != Outcome::kIneligible && !p.award_text.empty()) award += "  = " + Shown(p.award_text);
  } else if (!d.award_error.empty()) {
    award = st.Red(Shown(SayEvalError(lang, d.award_error)));
  } else if (p.award < 0 && p.benefit) {
    award.clear();  // no money: the benefit below says what is given
  } else if (p.award < 0) {
    award = Say(lang, Msg::kTextAwardCannotBeWorkedOut);
    std::string note = p.award_note.Get(lang);
    if (!note.empty()) award += Parenthetical(lang, Shown(note));
  } else {
    award = Say(lang, Msg::kTextAwardFactsMissing);
  }
  if (d.award && !GivesMoney(p)) award.clear();  // a refused applicant of a program without money: no 「0円」
  if (!award.empty()) out += Say(lang, Msg::kTextAward, arg("amount", award)) + "\n";
  for (const std::string& line : MootLines(d, lang)) out += line + "\n";
  if (p.benefit && d.outcome != Outcome::kIneligible) {
    out += Say(lang, Msg::kBenefitGiven, arg("text", Shown(p.benefit->says.Get(lang)))) + "\n";
    for (const auto& line : BenefitDetails(*p.benefit, lang)) out += "  - " + Shown(line) + "\n";
  }
  if (!d.missing.empty()) {
    out += Say(lang, Msg::kTextToDecide) + "\n";
    for (uint32_t f : d.missing) {
      std::string ask = p.facts[f].ask.Get(lang);
      out += "  - " + Shown(p.facts[f].name) + (ask.empty() ? "" : ": " + Shown(ask)) + "\n";
    }
  }
  for (const auto& issue : d.input_issues) {
    out += st.Red(Say(lang, Msg::kTextInputProblem, arg("fact", Shown(issue.fact)), arg("message", Shown(issue.message.Get(lang)))));
    if (issue.loc.line) out += " (" + Shown(issue.loc.file) + ":" + std::to_string(issue.loc.line) + ")";
    out += "\n";
  }
  for (const auto& e : d.errors) out += st.Red(Say(lang, Msg::kEvaluationError, arg("error", Shown(SayEvalError(lang, e))))) + "\n";
  return out;
}

std::string RenderCombineNote(const CombineNote& n, Lang lang) {
  const std::string& title = n.other_title.Get(lang);
  std::string other = title.empty() ? n.other : title + " (" + n.other + ")";
  auto yen = [&](const std::optional<Rational>& r) {
    return r ? FormatValue(Value::Number(*r, true), lang) : Say(lang, Msg::kNotDeterminable);
  };
  std::string s;
  switch (n.kind) {
    case CombineKind::kNotWith: s = Say(lang, Msg::kCombineNotWith, arg("other", other)); break;
    case CombineKind::kNotWithPending: s = Say(lang, Msg::kCombineNotWithPending, arg("other", other)); break;
    case CombineKind::kDeduct:
      s = n.before ? Say(lang, Msg::kCombineDeduct, arg("other", other), arg("amount", yen(n.amount)),
                         arg("before", yen(n.before)), arg("after", yen(n.after)))
                   : Say(lang, Msg::kCombineDeductAmount, arg("other", other), arg("amount", yen(n.amount)));
      break;
    case CombineKind::kDeductPending: s = Say(lang, Msg::kCombineDeductPending, arg("other", other)); break;
  }
  const std::string& text = n.text.Get(lang);
  if (!text.empty()) s += Parenthetical(lang, text);
  if (!n.cite.empty()) s += " [" + n.cite + "]";
  return s;
}

}  // namespace elig
