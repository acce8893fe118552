#include "explain/explain.hpp"

#include <string_view>

#include "common/utf8.hpp"

namespace elig {
namespace {

// Text from an applicant or a rule file, as a terminal should show it: escape sequences
// and bidirectional overrides escaped, never obeyed (the way input-error messages show them).
std::string Shown(std::string_view text) { return utf8::Printable(text, std::string::npos); }

struct Style {
  bool color;
  std::string Green(const std::string& s) const { return color ? "\033[32m" + s + "\033[0m" : s; }
  std::string Red(const std::string& s) const { return color ? "\033[31m" + s + "\033[0m" : s; }
  std::string Yellow(const std::string& s) const { return color ? "\033[33m" + s + "\033[0m" : s; }
  std::string Bold(const std::string& s) const { return color ? "\033[1m" + s + "\033[0m" : s; }
};

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

std::string FormatYen(const Rational& r, Lang lang) {
  return r.ToGroupedString() + (lang == Lang::kJa ? "円" : " yen");
}

std::string OutcomeLabel(Outcome o, Lang lang) {
  if (lang == Lang::kJa) {
    switch (o) {
      case Outcome::kEligible: return "対象";
      case Outcome::kIneligible: return "対象外";
      case Outcome::kUndetermined: return "判定保留（情報不足）";
      case Outcome::kClosed: return "受付期間外";
    }
  }
  switch (o) {
    case Outcome::kEligible: return "ELIGIBLE";
    case Outcome::kIneligible: return "NOT ELIGIBLE";
    case Outcome::kUndetermined: return "UNDETERMINED (facts missing)";
    case Outcome::kClosed: return "CLOSED (outside the application window)";
  }
  return "";
}

namespace {

std::string ReasonWords(const Reason& r, Lang lang) {
  std::string value = FormatValue(r.left, lang, r.left_enum());
  if (r.op() == "fact") return std::string(r.fact()) + " = " + value;
  // The left operand by name when it has one: `employees = 450`, `years_in_business = 16`.
  std::string_view name = !r.left_expr().empty() ? r.left_expr() : r.fact();
  std::string lhs = name.empty() || name == value ? value : std::string(name) + " = " + value;
  if (!r.left.IsKnown()) return std::string(r.expr()) + (lang == Lang::kJa ? "（" + value + "）" : " (" + value + ")");
  if (r.op() == "between") return lhs + (r.result == Tri::kTrue ? " (in range)" : " (out of range)");
  std::string op = ActualOp(r);
  if (op == "=" && r.op() == "==" && name != value) return lhs;  // `prefecture = "群馬県"`
  lhs += ' ';
  lhs += op;
  lhs += ' ';
  lhs += FormatValue(r.right, lang, r.right_enum());
  return lhs;
}

}  // namespace

std::string RenderReason(const Reason& r, Lang lang) { return Shown(ReasonWords(r, lang)); }

std::string RenderText(const Decision& d, const TextOptions& o) {
  const CompiledProgram& p = *d.program;
  const bool ja = o.lang == Lang::kJa;
  Style st{o.color};
  std::string out;
  out += st.Bold(Shown(p.title.Get(o.lang))) + "  (" + Shown(p.id) + (p.version.empty() ? "" : " " + Shown(p.version)) + ")\n";
  std::string verdict = OutcomeLabel(d.outcome, o.lang);
  switch (d.outcome) {
    case Outcome::kEligible: verdict = st.Green(verdict); break;
    case Outcome::kIneligible: verdict = st.Red(verdict); break;
    default: verdict = st.Yellow(verdict); break;
  }
  out += (ja ? "判定: " : "Outcome: ") + verdict + (ja ? "（基準日 " : "  (as of ") + FormatDate(d.as_of) + (ja ? "）\n" : ")\n");
  if (!d.window_open && p.window_from && p.window_to)
    out += (ja ? "  受付期間: " : "  Application window: ") + FormatDate(*p.window_from) + " .. " + FormatDate(*p.window_to) + "\n";
  if (!p.basis.empty()) out += (ja ? "根拠: " : "Basis: ") + Shown(p.basis) + "\n";

  auto mark = [&](Tri t, bool exclusion) {
    bool good = exclusion ? t == Tri::kFalse : t == Tri::kTrue;
    bool bad = exclusion ? t == Tri::kTrue : t == Tri::kFalse;
    if (good) return st.Green(ja ? "[充足]" : "[pass]");
    if (bad) return st.Red(ja ? (exclusion ? "[該当]" : "[不充足]") : (exclusion ? "[applies]" : "[fail]"));
    if (t == Tri::kError) return st.Red(ja ? "[エラー]" : "[error]");
    return st.Yellow(ja ? "[不明]" : "[unknown]");
  };
  auto rule_block = [&](const RuleResult& rr, bool exclusion) {
    const CompiledRule& r = *rr.rule;
    std::string text = r.text.Get(o.lang);
    if (text.empty()) text = r.expr_text;
    out += "  " + mark(rr.result, exclusion) + " " + Shown(r.id) + ": " + Shown(text);
    if (!r.cite.empty()) out += (ja ? "（" + Shown(r.cite) + "）" : " (" + Shown(r.cite) + ")");
    out += "\n";
    for (const auto& reason : rr.reasons) {
      out += "      " + RenderReason(reason, o.lang);
      if (reason.hint) {
        out += ja ? "  → " + Shown(FormatValue(*reason.hint, o.lang, reason.right_enum())) + " であれば満たします"
                  : "  → would pass at " + Shown(FormatValue(*reason.hint, o.lang, reason.right_enum()));
      }
      out += "\n";
    }
    if (!rr.missing.empty()) {
      out += ja ? "      未回答: " : "      needs: ";
      for (size_t i = 0; i < rr.missing.size(); ++i) out += (i ? ", " : "") + Shown(p.facts[rr.missing[i]].name);
      out += "\n";
    }
    if (!rr.error.empty()) out += "      " + st.Red(Shown(rr.error)) + "\n";
    if (!r.note.empty()) out += (ja ? "      注: " : "      note: ") + Shown(r.note) + "\n";
  };
  if (!d.requirements.empty()) {
    out += ja ? "要件:\n" : "Requirements:\n";
    for (const auto& rr : d.requirements)
      if (o.verbose || rr.result != Tri::kTrue) rule_block(rr, false);
  }
  if (!d.exclusions.empty()) {
    out += ja ? "除外要件:\n" : "Exclusions:\n";
    for (const auto& rr : d.exclusions)
      if (o.verbose || rr.result != Tri::kFalse) rule_block(rr, true);
  }
  if (!d.scoring.empty()) {
    out += (ja ? "加点: " : "Score: ") + d.score.ToGroupedString() + (d.score_complete ? "" : (ja ? "（未確定の項目あり）" : " (some items unknown)")) + "\n";
    for (const auto& s : d.scoring) {
      std::string text = s.rule->text.Get(o.lang);
      if (text.empty()) text = s.rule->expr_text;
      std::string pts = s.result == Tri::kTrue ? "+" + s.points.ToString() : s.result == Tri::kFalse ? "  0" : "  ?";
      out += "  " + pts + "  " + Shown(s.rule->id) + ": " + Shown(text) + "\n";
    }
    for (const auto& g : d.voided_groups)
      out += ja ? "  加点グループ「" + Shown(g) + "」で上限を超えて申請したため、加点は無効です\n"
                : "  more items than allowed were claimed in group `" + Shown(g) + "`: no bonus points are given\n";
  }
  out += ja ? "補助額: " : "Award: ";
  if (d.award) {
    out += st.Bold(FormatYen(*d.award, o.lang));
    if (d.outcome != Outcome::kIneligible && !p.award_text.empty()) out += "  = " + Shown(p.award_text);
    out += "\n";
  } else if (!d.award_error.empty()) {
    out += st.Red(Shown(d.award_error)) + "\n";
  } else if (p.award < 0) {
    out += ja ? "算定できません" : "not determinable";
    std::string note = p.award_note.Get(o.lang);
    if (!note.empty()) out += "（" + Shown(note) + "）";
    out += "\n";
  } else {
    out += ja ? "未確定（情報不足）\n" : "not yet known (facts missing)\n";
  }
  if (!d.missing.empty()) {
    out += ja ? "判定に必要な情報:\n" : "To decide, please answer:\n";
    for (uint32_t f : d.missing) {
      std::string ask = p.facts[f].ask.Get(o.lang);
      out += "  - " + Shown(p.facts[f].name) + (ask.empty() ? "" : ": " + Shown(ask)) + "\n";
    }
  }
  for (const auto& issue : d.input_issues) {
    out += st.Red(ja ? "入力の問題: " : "input problem: ") + Shown(issue.fact) + ": " + Shown(issue.message);
    if (issue.loc.line) out += " (" + Shown(issue.loc.file) + ":" + std::to_string(issue.loc.line) + ")";
    out += "\n";
  }
  for (const auto& e : d.errors) out += st.Red(ja ? "評価エラー: " : "evaluation error: ") + Shown(e) + "\n";
  return out;
}

}  // namespace elig
