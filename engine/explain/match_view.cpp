// SPDX-License-Identifier: Apache-2.0
// The grouped view of one applicant's screening: `elig match` and the result of `elig ask`.
#include <algorithm>

#include "common/fill.hpp"
#include "common/paint.hpp"
#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "common/catalog.hpp"
#include "explain/doc.hpp"
#include "explain/explain.hpp"
#include "explain/json_writer.hpp"
#include "explain/views.hpp"

namespace elig {
namespace {

using fmt::arg;

std::string Title(const CompiledProgram& p, Lang lang) {
  std::string t = p.title.Get(lang);
  return t.empty() ? p.id : t;
}

// The first reason an ineligible applicant is refused: the first failed requirement, else
// the first exclusion that applies.
const RuleResult* FirstReason(const Decision& d, bool& exclusion) {
  for (const auto& r : d.requirements)
    if (r.result == Tri::kFalse) {
      exclusion = false;
      return &r;
    }
  for (const auto& r : d.exclusions)
    if (r.result == Tri::kTrue) {
      exclusion = true;
      return &r;
    }
  return nullptr;
}

// The comparison that decided the rule, for people: `prefecture = "Tokyo"`.
std::string Detail(const RuleResult& rr, bool exclusion, Lang lang) {
  Tri want = exclusion ? Tri::kTrue : Tri::kFalse;
  for (const auto& reason : rr.reasons)
    if (reason.result == want) return RenderReason(reason, lang);
  return rr.reasons.empty() ? "" : RenderReason(rr.reasons.front(), lang);
}

// The facts a program still needs, as the audience reads them: ids for officials (and JSON's
// `missing`), labels for applicants.
std::vector<std::string> NeededFacts(const ProgramScreening& ps, Lang lang, Audience audience) {
  std::vector<std::string> out;
  for (uint32_t f : ps.missing) out.push_back(FactName(ps.program->facts[f], lang, audience));
  return out;
}

// The condition a comparison holds the answer against, in words: 「300以下」, "at most 300".
std::string ConditionWords(std::string_view op, const Value& right, Lang lang, const EnumDef* e) {
  Msg m = op == "==" ? Msg::kOpEq : op == "!=" ? Msg::kOpNe : op == "<" ? Msg::kOpLt : op == "<=" ? Msg::kOpLe
        : op == ">" ? Msg::kOpGt : op == ">=" ? Msg::kOpGe : op == "in" ? Msg::kOpIn : op == "not in" ? Msg::kOpNotIn
        : Msg::kCount;
  return m == Msg::kCount ? "" : Say(lang, m, arg("value", ApplicantValue(right, lang, e)));
}

// The same comparison read from the other side: `300 >= employees` is `employees <= 300`.
std::string_view Mirrored(std::string_view op) {
  if (op == "<") return ">";
  if (op == "<=") return ">=";
  if (op == ">") return "<";
  if (op == ">=") return "<=";
  return op;
}

// Why a rule decided as it did, for an applicant: the answer by its label and the condition
// in words, 「常時使用する従業員の数: 350（要件: 300以下）」. The comparison that decided the rule
// comes first, else an answer the rule read as a yes or no. Empty when the rule turned on no
// answer directly (a date worked out, a sum): the rule's own text then says it.
std::string ApplicantDetail(const RuleResult& rr, bool exclusion, const CompiledProgram& p, Lang lang) {
  Tri want = exclusion ? Tri::kTrue : Tri::kFalse;
  // The records an aggregate names, each by its number and name: 「構成員 2（株式会社〇〇）: …」.
  std::string members;
  for (const auto& reason : rr.reasons)
    if (reason.s && reason.op() == "member" && (reason.result == want || reason.result == Tri::kUnknown))
      members += (members.empty() ? "" : Say(lang, Msg::kListSeparator)) + RenderReason(reason, lang);
  if (!members.empty()) return members;
  for (bool reads : {false, true}) {
    for (const auto& reason : rr.reasons) {
      if (!reason.s || reason.s->fact < 0 || reason.s->fact_read != reads || reason.op() == "member") continue;
      if (!reads && reason.result != want) continue;
      const CompiledFact& fact = p.facts[static_cast<size_t>(reason.s->fact)];
      bool left = reason.s->fact_left || reads;
      const Value& answer = left ? reason.left : reason.right;
      if (!answer.IsKnown()) continue;
      std::string out = Say(lang, Msg::kReasonAnswer, arg("fact", FactName(fact, lang, Audience::kApplicant)),
                            arg("value", ApplicantValue(answer, lang, reason.left_enum(), reason.left_record())));
      if (reads || reason.op() == "between") return out;
      const Value& other = left ? reason.right : reason.left;
      std::string rule = ConditionWords(left ? reason.op() : Mirrored(reason.op()), other, lang, reason.right_enum());
      if (!rule.empty() && other.IsKnown())
        out += Say(lang, exclusion ? Msg::kReasonExcludedWhen : Msg::kReasonRequired, arg("rule", rule));
      return out;
    }
  }
  return "";
}

std::string Joined(const std::vector<std::string>& items) {
  std::string s;
  for (const auto& n : items) s += (s.empty() ? "" : ", ") + n;
  return s;
}

std::string Shown(std::string_view text) { return TerminalText(text); }

std::string Parenthetical(Lang lang, const std::string& text) { return Say(lang, Msg::kParenthetical, arg("text", text)); }

// The award worked out in words (`award_says:`), or "" when the program has none or a value
// it names outside a `[[ … ]]` part is not known.
std::string AwardWorking(const ProgramScreening& ps, Lang lang) {
  const CompiledProgram& p = *ps.program;
  const std::string& text = p.award_says.Get(lang);
  if (text.empty() || ps.award_terms.size() != p.award_terms.size()) return "";
  std::optional<std::string> filled = FillTemplate(text, [&](std::string_view name) -> std::optional<std::string> {
    for (size_t i = 0; i < p.award_terms.size(); ++i) {
      const AwardTerm& t = p.award_terms[i];
      if (t.name != name) continue;
      if (!ps.award_terms[i].IsKnown()) return std::nullopt;
      const EnumDef* e = t.kind == AwardTerm::Kind::kFact ? p.EnumOf(t.index) : nullptr;
      return ApplicantValue(ps.award_terms[i], lang, e);
    }
    return std::nullopt;
  });
  return filled ? *filled : "";
}

// The screening's programs in the four groups, each in the order people read them.
struct Groups {
  std::vector<const ProgramScreening*> eligible, undetermined, ineligible, closed;

  // The adjusted view of a program that a `combine:` touches; null when it stands alone.
  static const CombinedView* View(const ProgramScreening& ps) { return ps.Combined() ? &ps.combined : nullptr; }
};

Groups Group(const Screening& screening) {
  Groups g;
  for (const auto& ps : screening.programs) {
    switch (ps.outcome) {
      case Outcome::kEligible: g.eligible.push_back(&ps); break;
      case Outcome::kUndetermined: g.undetermined.push_back(&ps); break;
      case Outcome::kIneligible: g.ineligible.push_back(&ps); break;
      case Outcome::kClosed: g.closed.push_back(&ps); break;
    }
  }
  using P = const ProgramScreening*;
  auto by_id = [](P a, P b) { return a->program->id < b->program->id; };
  // Eligible first by the award after combining (largest first, unknown last), then score, then id.
  std::stable_sort(g.eligible.begin(), g.eligible.end(), [&](P a, P b) {
    const auto& x = a->final_award;
    const auto& y = b->final_award;
    if (x.has_value() != y.has_value()) return x.has_value();
    if (x && !(*x == *y)) return Rational::Compare(*x, *y) > 0;
    if (!(a->score == b->score)) return Rational::Compare(a->score, b->score) > 0;
    return by_id(a, b);
  });
  // The closest to a decision first: fewest facts still needed.
  std::stable_sort(g.undetermined.begin(), g.undetermined.end(), [&](P a, P b) {
    if (a->missing.size() != b->missing.size()) return a->missing.size() < b->missing.size();
    return by_id(a, b);
  });
  std::stable_sort(g.ineligible.begin(), g.ineligible.end(), by_id);
  std::stable_sort(g.closed.begin(), g.closed.end(), by_id);
  return g;
}

// The text view, a group at a time.
// By when to apply, when the facts settle it: the date and the deadline rule that decides it
// (empty when they do not).
std::string ApplyByLine(const ApplyBy& by, Lang lang) {
  if (!by.date || !by.deciding) return "";
  return Say(lang, by.passed ? Msg::kApplyByPassed : Msg::kApplyBy, arg("date", FormatDateFor(*by.date, lang)),
             arg("rule", by.deciding->text.Get(lang)));
}

class MatchText {
 public:
  MatchText(const std::string& applicant, Date as_of, const MatchViewOptions& o)
      : lang_(o.lang), color_(o.color), audience_(o.audience), as_of_(as_of) {
    // Without an id (the questionnaire's own answers) the view speaks to the applicant.
    std::string title = applicant.empty()
                            ? Say(lang_, Msg::kMatchTitleYours, arg("date", FormatDate(as_of)))
                            : Say(lang_, Msg::kMatchTitle, arg("applicant", Shown(applicant)), arg("date", FormatDate(as_of)));
    out_ += Paint(color_, Tone::kBold, title) + "\n";
  }

  void Eligible(const std::vector<const ProgramScreening*>& group) {
    if (group.empty()) return;
    Heading(Tone::kBoldGreen, Say(lang_, Msg::kMatchEligible, arg("n", group.size())));
    size_t rank = 0;
    for (const ProgramScreening* ps : group) {
      const Decision& d = ps->decision;
      out_ += "  " + std::to_string(++rank) + ". " + Name(d) + "\n     ";
      if (!GivesMoney(*d.program)) {
        out_ += Say(lang_, Msg::kBenefitGiven, arg("text", Paint(color_, Tone::kBold, Shown(d.program->benefit->says.Get(lang_)))));
      } else if (d.award) {
        out_ += Say(lang_, Msg::kMatchAward, arg("amount", Paint(color_, Tone::kBold, FormatYen(*d.award, lang_))));
      } else if (d.program->award < 0) {
        out_ += Say(lang_, Msg::kMatchAwardNotDeterminable);
        std::string note = d.program->award_note.Get(lang_);
        if (!note.empty()) out_ += Parenthetical(lang_, Shown(note));
      } else if (!d.award_error.empty()) {
        out_ += Say(lang_, Msg::kMatchAwardError, arg("error", Shown(SayEvalError(lang_, d.award_error))));
      } else {
        out_ += Say(lang_, Msg::kMatchAwardNeeds, arg("facts", Shown(Needed(*ps))));
      }
      out_ += Score(d) + "\n";
      if (audience_ == Audience::kApplicant)
        if (std::string working = AwardWorking(*ps, lang_); !working.empty())
          out_ += "     " + Say(lang_, Msg::kMatchAwardWorking, arg("text", Shown(working))) + "\n";
      Benefit(*d.program);
      CombineNotes(*ps);
      NextSteps(*ps);
    }
  }

  // `group`'s programs under `heading`, one item each, with what `body` says of it.
  template <class F>
  void Items(Tone tone, const std::string& heading, const std::vector<const ProgramScreening*>& group, F&& body) {
    if (group.empty()) return;
    Heading(tone, heading);
    for (const ProgramScreening* ps : group) {
      out_ += "  - " + Name(ps->decision) + "\n";
      body(*ps, ps->decision);
    }
  }

  void Undetermined(const std::vector<const ProgramScreening*>& group) {
    const std::string heading = Say(lang_, Msg::kMatchUndetermined, arg("n", group.size()));
    Items(Tone::kBoldYellow, heading, group, [&](const ProgramScreening& ps, const Decision& d) {
      std::string n = Shown(Needed(ps));
      if (!n.empty()) out_ += "     " + Say(lang_, Msg::kNeeds, arg("facts", n)) + "\n";
      CombineNotes(ps);
      NextSteps(ps);
      for (const auto& e : d.errors)
        out_ += "     " + Say(lang_, Msg::kEvaluationError, arg("error", Shown(SayEvalError(lang_, e)))) + "\n";
    });
  }

  void Ineligible(const std::vector<const ProgramScreening*>& group) {
    const std::string heading = Say(lang_, Msg::kMatchIneligible, arg("n", group.size()));
    Items(Tone::kBoldRed, heading, group, [&](const ProgramScreening&, const Decision& d) {
      bool exclusion = false;
      if (const RuleResult* rr = FirstReason(d, exclusion)) {
        const CompiledRule& r = *rr->rule;
        std::string text = r.text.Get(lang_);
        bool official = audience_ == Audience::kOfficial || text.empty();
        out_ += "     " + (official ? Shown(r.id) + ": " + Shown(text.empty() ? r.expr_text : text) : Shown(text));
        std::string detail = official ? Detail(*rr, exclusion, lang_) : ApplicantDetail(*rr, exclusion, *d.program, lang_);
        if (!detail.empty()) out_ += " — " + Shown(detail);
        if (!r.cite.empty()) out_ += Parenthetical(lang_, Shown(r.cite));
        out_ += "\n";
      }
    });
  }

  void Closed(const std::vector<const ProgramScreening*>& group, bool show) {
    if (group.empty()) return;
    if (!show) {
      out_ += "\n" + Paint(color_, Tone::kDim, Say(lang_, Msg::kMatchClosedHidden, arg("n", group.size()))) + "\n";
      return;
    }
    Heading(Tone::kDim, Say(lang_, Msg::kMatchClosed, arg("date", FormatDate(as_of_)), arg("n", group.size())));
    for (const ProgramScreening* ps : group) {
      const CompiledProgram& p = *ps->program;
      out_ += "  - " + Name(ps->decision) + "\n";
      if (p.window_from || p.window_to)
        out_ += "     " +
                Say(lang_, Msg::kWindow, arg("from", p.window_from ? FormatDate(*p.window_from) : ""),
                    arg("to", p.window_to ? FormatDate(*p.window_to) : "")) +
                "\n";
    }
  }

  std::string Take() { return std::move(out_); }

  // What to do next: by when (the apply-by date worked out from the facts) and where.
  void NextSteps(const ProgramScreening& ps) {
    const CompiledProgram& p = *ps.program;
    if (!p.apply) return;
    const ApplyBy& by = ps.apply_by;
    if (std::string line = ApplyByLine(by, lang_); !line.empty()) {
      out_ += "     " + Shown(line) + "\n";
    } else if (!by.deadlines.empty()) {
      std::vector<std::string> facts, rules;
      for (const auto& d : by.deadlines) {
        if (d.date) continue;
        rules.push_back(d.rule->text.Get(lang_));
        for (uint32_t f : d.missing) facts.push_back(FactName(p.facts[f], lang_, audience_));
      }
      if (!rules.empty())
        out_ += "     " +
                Say(lang_, Msg::kApplyByUnknown, arg("rule", Shown(Joined(rules))), arg("facts", Shown(List(facts)))) +
                "\n";
    }
    std::string where = p.apply->where.Get(lang_);
    if (!where.empty()) {
      if (!p.apply->url.empty()) where += " " + p.apply->url;
      out_ += "     " + Say(lang_, Msg::kApplyWhere, arg("where", Shown(where))) + "\n";
    }
  }

 private:
  void Heading(Tone tone, const std::string& text) { out_ += "\n" + Paint(color_, tone, text) + "\n"; }

  std::string Name(const Decision& d) const {
    if (audience_ == Audience::kApplicant) return Shown(Title(*d.program, lang_));
    return Shown(Title(*d.program, lang_) + "  [" + d.program->id + "]");
  }

  // The facts a program still needs, as the audience reads them.
  std::string Needed(const ProgramScreening& ps) const { return List(NeededFacts(ps, lang_, audience_)); }

  std::string List(const std::vector<std::string>& items) const {
    if (audience_ == Audience::kOfficial) return Joined(items);
    std::string s;
    for (const auto& n : items) s += (s.empty() ? "" : Say(lang_, Msg::kListSeparator)) + n;
    return s;
  }

  std::string Score(const Decision& d) const {
    if (d.program->scoring.empty()) return "";
    return Say(lang_, Msg::kMatchScore, arg("score", d.score.ToGroupedString() + (d.score_complete ? "" : "?")));
  }

  // What the program gives besides money: its words (unless they stood in for the award
  // above), then each item in numbers and the applicant's share of the costs.
  void Benefit(const CompiledProgram& p) {
    if (!p.benefit) return;
    if (GivesMoney(p))
      out_ += "     " + Say(lang_, Msg::kBenefitGiven, arg("text", Shown(p.benefit->says.Get(lang_)))) + "\n";
    for (const auto& line : BenefitDetails(*p.benefit, lang_)) out_ += "       - " + Shown(line) + "\n";
  }

  // The award after combining, and each rule that changed it, with its citation.
  void CombineNotes(const ProgramScreening& ps) {
    const CombinedView* v = Groups::View(ps);
    if (!v) return;
    if (ps.outcome == Outcome::kEligible && !(ps.final_award == ps.award)) {
      std::string amount = ps.final_award ? FormatYen(*ps.final_award, lang_) : Say(lang_, Msg::kNotDeterminable);
      out_ += "     " + Say(lang_, Msg::kMatchAwardAfterCombining, arg("amount", Paint(color_, Tone::kBold, amount))) + "\n";
    }
    for (const auto& n : v->notes) {
      out_ += "     " + Say(lang_, Msg::kMatchCombiningNote, arg("note", Shown(RenderCombineNote(n, lang_))));
      if (!n.cite.empty()) out_ += Parenthetical(lang_, Shown(n.cite));
      out_ += "\n";
    }
  }

  Lang lang_;
  bool color_;
  Audience audience_;
  Date as_of_;
  std::string out_;
};

// The HTML view: the same groups as the text view, for a web page (escaped, no style of its
// own: classes only). Headings start at level 2 under the page's own h1.
class MatchHtml {
 public:
  MatchHtml(const Screening& s, const FactValues* bound, Lang lang) : s_(s), bound_(bound), lang_(lang) {}

  // A section of `group`'s programs under `heading`: an article each, its body by `body`.
  template <class F>
  void Articles(const char* cls, const std::string& heading, const std::vector<const ProgramScreening*>& group, F&& body) {
    if (group.empty()) return;
    Open(cls, heading);
    for (const ProgramScreening* ps : group) {
      Program(*ps);
      body(ps);
      out_ += "</article>\n";
    }
    out_ += "</section>\n";
  }

  void Eligible(const std::vector<const ProgramScreening*>& group) {
    Articles("eligible", Say(lang_, Msg::kMatchEligible, arg("n", group.size())), group, [&](const ProgramScreening* ps) {
      if (!GivesMoney(*ps->program)) {
        // No money: what is given, never an amount.
      } else if (ps->final_award) {
        std::string amount = "<strong>" + E(FormatYen(*ps->final_award, lang_)) + "</strong>";
        out_ += "<p class=\"amount\">" + Say(lang_, Msg::kMatchAward, arg("amount", amount)) + "</p>\n";
        if (std::string working = AwardWorking(*ps, lang_); !working.empty())
          out_ += "<p class=\"working\">" + E(Say(lang_, Msg::kMatchAwardWorking, arg("text", working))) + "</p>\n";
      } else {
        std::string note = ps->program->award < 0 ? ps->program->award_note.Get(lang_) : "";
        out_ += "<p class=\"amount\">" + E(Say(lang_, Msg::kMatchAwardNotDeterminable)) +
                (note.empty() ? "" : E(Parenthetical(lang_, note))) + "</p>\n";
      }
      Benefit(*ps->program);
      ComputedFrom(*ps);
      Combine(*ps);
      NextSteps(*ps);
    });
  }

  void Undetermined(const std::vector<const ProgramScreening*>& group) {
    Articles("undetermined", Say(lang_, Msg::kMatchUndetermined, arg("n", group.size())), group, [&](const ProgramScreening* ps) {
      std::vector<std::string> asks = NeededFacts(*ps, lang_, Audience::kApplicant);
      if (!asks.empty()) {
        out_ += "<p>" + E(Say(lang_, Msg::kNeeds, arg("facts", ""))) + "</p>\n<ul class=\"needs\">\n";
        for (const auto& a : asks) out_ += "<li>" + E(a) + "</li>\n";
        out_ += "</ul>\n";
      }
      Combine(*ps);
      NextSteps(*ps);
      for (const auto& e : ps->decision.errors)
        out_ += "<p>" + E(Say(lang_, Msg::kEvaluationError, arg("error", SayEvalError(lang_, e)))) + "</p>\n";
    });
  }

  void Ineligible(const std::vector<const ProgramScreening*>& group) {
    Articles("ineligible", Say(lang_, Msg::kMatchIneligible, arg("n", group.size())), group, [&](const ProgramScreening* ps) {
      bool exclusion = false;
      if (const RuleResult* rr = FirstReason(ps->decision, exclusion)) {
        const CompiledRule& r = *rr->rule;
        std::string text = r.text.Get(lang_);
        out_ += "<p class=\"reason\">" + E(text.empty() ? r.expr_text : text) + "</p>\n";
        std::string detail = text.empty() ? Detail(*rr, exclusion, lang_) : ApplicantDetail(*rr, exclusion, *ps->program, lang_);
        if (!detail.empty()) out_ += "<p class=\"detail\">" + E(detail) + "</p>\n";
        if (!r.cite.empty()) out_ += "<p class=\"cite\">" + E(Say(lang_, Msg::kTextBasis, arg("basis", r.cite))) + "</p>\n";
      }
    });
  }

  void Closed(const std::vector<const ProgramScreening*>& group) {
    if (group.empty()) return;
    Open("closed", Say(lang_, Msg::kMatchClosed, arg("date", FormatDateFor(s_.as_of, lang_)), arg("n", group.size())));
    out_ += "<ul>\n";
    for (const ProgramScreening* ps : group) {
      const CompiledProgram& p = *ps->program;
      out_ += "<li>" + E(Title(p, lang_));
      if (p.window_from || p.window_to)
        out_ += E(Parenthetical(lang_, Say(lang_, Msg::kWindow, arg("from", p.window_from ? FormatDate(*p.window_from) : ""),
                                            arg("to", p.window_to ? FormatDate(*p.window_to) : ""))));
      out_ += "</li>\n";
    }
    out_ += "</ul>\n</section>\n";
  }

  std::string Take() { return std::move(out_); }

 private:
  static std::string E(const std::string& s) { return HtmlEscape(s); }

  void Open(const char* cls, const std::string& heading) {
    out_ += "<section class=\"group " + std::string(cls) + "\" aria-labelledby=\"h-" + cls + "\">\n<h2 id=\"h-" + cls +
            "\">" + E(heading) + "</h2>\n";
  }

  void Program(const ProgramScreening& ps) {
    out_ += "<article class=\"program\">\n<h3>" + E(Title(*ps.program, lang_)) + "</h3>\n";
  }

  const FactValues* Bound(const ProgramScreening& ps) const {
    if (!bound_) return nullptr;
    size_t k = static_cast<size_t>(&ps - s_.programs.data());
    return k < s_.programs.size() ? &bound_[k] : nullptr;
  }

  // What the program gives besides money, in words and in numbers.
  void Benefit(const CompiledProgram& p) {
    if (!p.benefit) return;
    out_ += "<p class=\"benefit\">" + E(Say(lang_, Msg::kBenefitGiven, arg("text", p.benefit->says.Get(lang_)))) + "</p>\n";
    std::vector<std::string> lines = BenefitDetails(*p.benefit, lang_);
    if (lines.empty()) return;
    out_ += "<ul class=\"benefit-items\">\n";
    for (const auto& line : lines) out_ += "<li>" + E(line) + "</li>\n";
    out_ += "</ul>\n";
  }

  // The award formula in words (unless `award_says:` worked it out), and each answer it read.
  void ComputedFrom(const ProgramScreening& ps) {
    const CompiledProgram& p = *ps.program;
    const Expr* award = p.award >= 0 ? p.SourceOf(static_cast<uint32_t>(p.award)) : nullptr;
    if (!award || !award->root) return;
    if (!AwardWorking(ps, lang_).empty()) return;  // the working above says it, with the values
    out_ += "<p class=\"formula\">" + E(Say(lang_, Msg::kDocAwardIs, arg("words", ExprInWords(p, *award->root, lang_)))) +
            "</p>\n";
    const FactValues* facts = Bound(ps);
    if (!facts || p.award_facts.empty()) return;
    out_ += "<dl class=\"facts\">\n";
    for (uint32_t f : p.award_facts) {
      if (f >= facts->values.size() || !facts->values[f].IsKnown()) continue;
      out_ += "<dt>" + E(FactName(p.facts[f], lang_, Audience::kApplicant)) + "</dt><dd>" +
              E(ApplicantValue(facts->values[f], lang_, p.EnumOf(f), p.RecordOf(f))) + "</dd>\n";
    }
    out_ += "</dl>\n";
  }

  void Combine(const ProgramScreening& ps) {
    const CombinedView* v = Groups::View(ps);
    if (!v) return;
    for (const auto& n : v->notes) {
      std::string note = Say(lang_, Msg::kMatchCombiningNote, arg("note", RenderCombineNote(n, lang_)));
      if (!n.cite.empty()) note += Parenthetical(lang_, n.cite);
      out_ += "<p class=\"combine\">" + E(note) + "</p>\n";
    }
  }

  // By when (worked out from the facts) and where to apply.
  void NextSteps(const ProgramScreening& ps) {
    const CompiledProgram& p = *ps.program;
    if (!p.apply) return;
    if (std::string line = ApplyByLine(ps.apply_by, lang_); !line.empty())
      out_ += "<p class=\"deadline\">" + E(line) + "</p>\n";
    std::string where = p.apply->where.Get(lang_);
    if (where.empty()) return;
    std::string shown = E(where);
    const std::string& url = p.apply->url;
    if (url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0)
      shown += " <a href=\"" + E(url) + "\">" + E(url) + "</a>";
    out_ += "<p class=\"where\">" + Say(lang_, Msg::kApplyWhere, arg("where", shown)) + "</p>\n";
  }

  const Screening& s_;
  const FactValues* bound_;
  Lang lang_;
  std::string out_;
};

}  // namespace

std::string RenderMatchHtml(const Screening& screening, const FactValues* bound, Lang lang) {
  Groups g = Group(screening);
  MatchHtml view(screening, bound, lang);
  view.Eligible(g.eligible);
  view.Undetermined(g.undetermined);
  view.Ineligible(g.ineligible);
  view.Closed(g.closed);
  return view.Take();
}

std::string FactName(const CompiledFact& fact, Lang lang, Audience audience) {
  if (audience == Audience::kOfficial) return fact.name;
  if (const std::string& label = fact.label.Get(lang); !label.empty()) return label;
  if (const std::string& ask = fact.ask.Get(lang); !ask.empty()) return ask;
  return fact.name;
}

std::string ApplicantValue(const Value& v, Lang lang, const EnumDef* enum_def, const RecordDef* record) {
  switch (v.kind) {
    case VKind::kDate: return FormatDateFor(Date{v.i}, lang);
    case VKind::kText: return v.text ? *v.text : "";
    case VKind::kNumber: {
      if (v.yen || v.num.IsInteger()) break;
      // Halves, thirds and quarters as officials write them; other ratios as a percentage.
      // (Rational::ToString writes 1/2 and 3/4 as decimals, so the fraction is written here.)
      if (v.num.den() <= 4 && v.num.num() > 0 && v.num.num() < v.num.den())
        return std::to_string(v.num.num()) + "/" + std::to_string(v.num.den());
      if (auto pct = Rational::Mul(v.num, Rational(100)))
        return Say(lang, Msg::kPercent, arg("value", pct->ToGroupedString()));
      break;
    }
    case VKind::kList: {
      std::string s;
      if (v.list)
        for (const auto& item : v.list->items)
          s += (s.empty() ? "" : Say(lang, Msg::kListSeparator)) + ApplicantValue(item, lang, enum_def, record);
      return s;
    }
    case VKind::kRecord: {  // （名称: 赤城、中小企業者: はい）
      std::string s;
      if (v.list)
        for (size_t k = 0; k < v.list->items.size(); ++k) {
          const FieldDef* field = FieldOf(record, k);
          if (k) s += Say(lang, Msg::kListSeparator);
          if (field) s += FieldLabel(*field, lang) + ": ";
          s += ApplicantValue(v.list->items[k], lang, field ? field->type.enum_def.get() : nullptr);
        }
      return Say(lang, Msg::kRecordShown, arg("fields", s));
    }
    default: break;
  }
  return FormatValue(v, lang, enum_def);
}

std::string RenderMatchText(const Screening& screening, const std::string& applicant, const MatchViewOptions& options) {
  Groups g = Group(screening);
  MatchText view(applicant, screening.as_of, options);
  view.Eligible(g.eligible);
  view.Undetermined(g.undetermined);
  view.Ineligible(g.ineligible);
  view.Closed(g.closed, options.show_closed);
  return view.Take();
}

namespace {

// The screening JSON, streamed (explain/json_writer.hpp): the bytes nlohmann's dump(2) gives
// for the same tree, each object's keys in sorted order as a std::map would give them.
class MatchJson {
 public:
  explicit MatchJson(Lang lang) : lang_(lang) {}

  void Program(const ProgramScreening& ps) {
    const Decision& d = ps.decision;
    const CompiledProgram& p = *d.program;
    const CombinedView* v = Groups::View(ps);
    bool eligible = ps.outcome == Outcome::kEligible, ineligible = ps.outcome == Outcome::kIneligible;
    w_.BeginObject();
    const bool money = GivesMoney(p);
    w_.Key("apply");
    Apply(ps);
    w_.Key("award");
    AmountJson(w_, money ? ps.award : std::nullopt, lang_);
    if (eligible) {
      w_.Key("award_note");
      if (p.award < 0) w_.String(p.award_note.Get(lang_));
      else w_.Null();
      w_.Key("award_says");
      if (std::string working = AwardWorking(ps, lang_); !working.empty()) w_.String(working);
      else w_.Null();
    }
    w_.Key("benefit");
    BenefitJson(w_, p.benefit ? &*p.benefit : nullptr, lang_);
    w_.Key("combine");
    if (v) {
      CombineJson(w_, *v, lang_);
    } else {
      w_.BeginArray();
      w_.EndArray();
    }
    w_.Key("final_award");
    AmountJson(w_, money ? ps.final_award : std::nullopt, lang_);
    w_.Key("missing");
    Strings(NeededFacts(ps, lang_, Audience::kOfficial));
    w_.Key("needs");
    Strings(NeededFacts(ps, lang_, Audience::kApplicant));
    w_.Member("program", p.id);
    if (ineligible) {
      w_.Key("reason");
      Reason(ps);
    }
    w_.Key("score");
    Number(d.score);
    w_.Key("score_complete");
    w_.Bool(d.score_complete);
    w_.Member("title", Title(p, lang_));
    w_.Member("version", p.version);
    if (ps.outcome == Outcome::kClosed) {
      w_.Key("window");
      w_.BeginObject();
      w_.Key("from");
      OptionalDate(p.window_from);
      w_.Key("to");
      OptionalDate(p.window_to);
      w_.EndObject();
    }
    w_.EndObject();
  }

  JsonWriter& writer() { return w_; }

 private:
  void Number(const Rational& r) {
    if (r.IsInteger()) w_.Int(r.num());
    else w_.String(r.ToString());
  }

  void OptionalDate(const std::optional<Date>& d) {
    if (d) w_.String(FormatDate(*d));
    else w_.Null();
  }

  void Strings(const std::vector<std::string>& list) {
    w_.BeginArray();
    for (const auto& s : list) w_.String(s);
    w_.EndArray();
  }

  // Where and by when to apply (null for a program without `apply:`): the apply-by date worked
  // out from the facts (null while a fact it needs is missing), whether it has passed, and the
  // rule that gives it.
  void Apply(const ProgramScreening& ps) {
    const CompiledProgram& p = *ps.program;
    if (!p.apply) return w_.Null();
    const ApplyBy& by = ps.apply_by;
    w_.BeginObject();
    w_.Key("by");
    OptionalDate(by.date);
    w_.Member("how", p.apply->how.Get(lang_));
    w_.Key("passed");
    w_.Bool(by.passed);
    w_.Key("rule");
    if (by.deciding) w_.String(by.deciding->text.Get(lang_));
    else w_.Null();
    w_.Member("url", p.apply->url);
    w_.Member("where", p.apply->where.Get(lang_));
    w_.EndObject();
  }

  void Reason(const ProgramScreening& ps) {
    bool exclusion = false;
    const RuleResult* rr = FirstReason(ps.decision, exclusion);
    if (!rr) return w_.Null();
    w_.BeginObject();
    w_.Member("answer", ApplicantDetail(*rr, exclusion, *ps.program, lang_));
    w_.Member("cite", rr->rule->cite);
    w_.Member("detail", Detail(*rr, exclusion, lang_));
    w_.Member("kind", exclusion ? "exclusion" : "requirement");
    w_.Member("rule", rr->rule->id);
    w_.Member("text", rr->rule->text.Get(lang_));
    w_.EndObject();
  }

  Lang lang_;
  JsonWriter w_{true};
};

}  // namespace

std::string RenderMatchJson(const Screening& screening, const std::string& applicant, Lang lang) {
  Groups g = Group(screening);
  MatchJson view(lang);
  JsonWriter& w = view.writer();
  auto group = [&](std::string_view key, const std::vector<const ProgramScreening*>& list) {
    w.Key(key);
    w.BeginArray();
    for (const ProgramScreening* ps : list) view.Program(*ps);
    w.EndArray();
  };
  w.BeginObject();
  w.Member("applicant", applicant);
  w.Member("as_of", FormatDate(screening.as_of));
  group("closed", g.closed);
  group("eligible", g.eligible);
  group("ineligible", g.ineligible);
  w.Member("lang", lang == Lang::kJa ? "ja" : "en");
  group("undetermined", g.undetermined);
  w.EndObject();
  return w.Take() + "\n";
}

}  // namespace elig
