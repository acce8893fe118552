// SPDX-License-Identifier: Apache-2.0
#include "compile/lint.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "common/diagnose.hpp"
#include "common/places.hpp"
#include "common/utf8.hpp"
#include "compile/machine.hpp"

namespace elig {
namespace {

// A warning: its message and its help (empty: none) from the catalog.
template <class... Args>
Diagnostic Warn(std::string code, SourceLoc loc, Msg help, Msg id, const Args&... args) {
  Diagnostic d = Diagnose(Severity::kWarning, std::move(code), std::move(loc), id, args...);
  if (help != Msg::kCount) d.help = SayBoth(help);
  return d;
}
constexpr Msg kNoHelp = Msg::kCount;

void LintRuleTexts(const RuleFile& f, std::vector<Diagnostic>& out) {
  auto one = [&](Msg part, const std::string& id, const SourceLoc& loc, const LocalText& text, const std::string& cite) {
    const LocalText what = Noun(part);
    if (cite.empty())
      out.push_back(Warn("no-cite", loc, Msg::kLintHelpCite, Msg::kLintNoCite, fmt::arg("what", what), fmt::arg("id", id)));
    if (text.ja.empty() || text.en.empty())
      out.push_back(Warn("no-text", loc, Msg::kLintHelpText,
                         text.ja.empty() && text.en.empty() ? Msg::kLintNoText
                         : text.ja.empty()                  ? Msg::kLintNoTextJa
                                                            : Msg::kLintNoTextEn,
                         fmt::arg("what", what), fmt::arg("id", id)));
  };
  for (const auto& r : f.requirements) one(Msg::kPartRequirement, r.id, r.loc, r.text, r.cite);
  for (const auto& r : f.exclusions) one(Msg::kPartExclusion, r.id, r.loc, r.text, r.cite);
  for (const auto& s : f.scoring) one(Msg::kPartScoringItem, s.id, s.loc, s.text, s.cite);
}

// A question that leans on another (「上の3つ」, "the questions above") reads wrongly when the
// questionnaire asks it first, or skips the one it names.
bool RefersToOtherQuestion(const LocalText& ask) {
  static const std::string_view kJa[] = {"上の質問", "上記", "前の質問", "前問", "先の質問", "先ほどの", "下の質問",
                                         "次の質問", "以下の質問", "上のいずれか", "上の項目", "これらの質問"};
  static const std::string_view kEn[] = {"question above", "questions above", "of the above", "listed above",
                                         "tests above", "previous question", "earlier question", "question before",
                                         "following question", "next question", "questions below"};
  for (auto w : kJa)
    if (ask.ja.find(w) != std::string::npos) return true;
  // 上の3つ, 上の２つ, 上の三つ: a count of the questions above.
  static const std::string_view kCounts[] = {"1", "2", "3", "4", "5", "１", "２", "３", "４", "５",
                                             "一", "二", "三", "四", "五"};
  for (size_t at = ask.ja.find("上の"); at != std::string::npos; at = ask.ja.find("上の", at + 1)) {
    std::string_view rest = std::string_view(ask.ja).substr(at + std::string_view("上の").size());
    for (auto c : kCounts)
      if (rest.substr(0, c.size()) == c && rest.substr(c.size(), std::string_view("つ").size()) == "つ") return true;
  }
  std::string en = utf8::AsciiLower(ask.en);
  for (auto w : kEn)
    if (en.find(w) != std::string::npos) return true;
  return false;
}

// A statement put as a question (「…ありますか」, "Are any …?") reads wrongly beside a checkbox.
bool StatementAsks(const LocalText& statement) {
  auto ends = [](const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
  };
  std::string ja(utf8::TrimBlanks(statement.ja)), en(utf8::TrimBlanks(statement.en));
  for (std::string_view tail : {"か", "か。", "？", "?", "かどうか"})
    if (ends(ja, tail)) return true;
  return ends(en, "?");
}

// A yes/no fact says what a ticked box means, so `ask` can put it in a checklist.
void LintStatement(const FactDecl& fact, std::vector<Diagnostic>& out) {
  if (fact.type.base != BaseType::kBool) return;
  const LocalText& s = fact.statement;
  if (s.ja.empty() || s.en.empty()) {
    SourceLoc loc = s.Empty() ? fact.loc : fact.statement_loc;
    out.push_back(Warn("no-statement", loc, Msg::kLintHelpStatement,
                       s.Empty() ? Msg::kLintNoStatement : s.ja.empty() ? Msg::kLintNoStatementJa : Msg::kLintNoStatementEn,
                       fmt::arg("name", fact.name)));
  }
  if (!s.Empty() && StatementAsks(s))
    out.push_back(Warn("statement-asks", fact.statement_loc, Msg::kLintHelpStatementAsks, Msg::kLintStatementAsks,
                       fmt::arg("name", fact.name)));
  if (!s.Empty() && RefersToOtherQuestion(s))
    out.push_back(Warn("ask-refers", fact.statement_loc, Msg::kLintHelpAskRefers, Msg::kLintAskRefers, fmt::arg("name", fact.name)));
}

// What an applicant reads: a question for every fact, words for every choice, a program that
// says where to apply and what it is about.
void LintForApplicants(const RuleFile& f, std::vector<Diagnostic>& out) {
  for (const auto& fact : f.facts) {
    LintStatement(fact, out);
    if (fact.ask.ja.empty() || fact.ask.en.empty()) {
      out.push_back(Warn("no-ask", fact.loc, Msg::kLintHelpAsk,
                         fact.ask.Empty()        ? Msg::kLintNoAsk
                         : fact.ask.ja.empty() ? Msg::kLintNoAskJa
                                               : Msg::kLintNoAskEn,
                         fmt::arg("name", fact.name)));
    } else if (RefersToOtherQuestion(fact.ask)) {
      out.push_back(Warn("ask-refers", fact.ask_loc, Msg::kLintHelpAskRefers, Msg::kLintAskRefers, fmt::arg("name", fact.name)));
    }
    const EnumDef* def = fact.type.enum_def.get();
    if (!def || def->kind != EnumKind::kPlain) continue;
    std::string missing;
    size_t count = 0;
    for (size_t i = 0; i < def->values.size(); ++i) {
      if (def->HasLabel(i)) continue;
      if (count++ < 8) missing += (missing.empty() ? "" : ", ") + def->values[i];
    }
    if (count > 8) missing += ", …";
    if (count)
      out.push_back(Warn("no-labels", fact.loc, Msg::kLintHelpLabels, Msg::kLintNoLabels, fmt::arg("name", fact.name),
                         fmt::arg("values", missing)));
  }
  if (f.is_module) return;
  if (!f.apply)
    out.push_back(Warn("no-apply", f.id_loc, Msg::kLintHelpApply, Msg::kLintNoApply));
  if (f.themes.empty()) out.push_back(Warn("no-themes", f.id_loc, Msg::kLintHelpThemes, Msg::kLintNoThemes));
}

// `city == "高崎市"` where `city` is a text fact: the answer 「高崎」 or 「群馬県高崎市」 would not
// match. The place types read those answers as the place.
void LintTextPlaces(const CheckedProgram& c, const Expr& e, const ast::Node& n, std::set<std::string>& reported,
                    std::vector<Diagnostic>& out) {
  for (const auto& k : n.kids)
    if (k) LintTextPlaces(c, e, *k, reported, out);
  if (n.kind != ast::Kind::kBinary || n.kids.size() != 2) return;
  if (n.bin_op != ast::BinOp::kEq && n.bin_op != ast::BinOp::kNe && n.bin_op != ast::BinOp::kIn &&
      n.bin_op != ast::BinOp::kNotIn)
    return;
  for (int side = 0; side < 2; ++side) {
    const ast::Node& fact = *n.kids[static_cast<size_t>(side)];
    const ast::Node& other = *n.kids[static_cast<size_t>(1 - side)];
    const NodeInfo* info = c.Info(fact);
    if (!info || info->ref != RefKind::kFact || info->type.kind != TKind::kText) continue;
    std::vector<const ast::Node*> literals;
    if (other.kind == ast::Kind::kText) literals.push_back(&other);
    if (other.kind == ast::Kind::kList)
      for (const auto& item : other.kids)
        if (item && item->kind == ast::Kind::kText) literals.push_back(item.get());
    for (const ast::Node* lit : literals) {
      const char* type = nullptr;  // a type name, as written in a rule file
      if (FindPlace(*PrefectureEnum(), lit->text) >= 0) type = "prefecture";
      else if (FindPlace(*MunicipalityEnum(), lit->text) >= 0) type = "municipality";
      if (!type) continue;
      SourceLoc loc = e.Loc(*lit);
      if (!reported.insert(loc.file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column)).second) continue;
      Diagnostic d = Diagnose(Severity::kWarning, "text-place", loc, Msg::kLintTextPlace, fmt::arg("fact", fact.text),
                              fmt::arg("place", lit->text));
      d.help = SayBoth(Msg::kLintHelpTextPlace, fmt::arg("type", type), fmt::arg("place", lit->text));
      out.push_back(std::move(d));
    }
  }
}

void LintTextPlaces(const CheckedProgram& c, std::set<std::string>& reported, std::vector<Diagnostic>& out) {
  auto walk = [&](const Expr& e) {
    if (e.root) LintTextPlaces(c, e, *e.root, reported, out);
  };
  const RuleFile& f = *c.program;
  for (const auto& r : f.requirements) walk(r.expr);
  for (const auto& r : f.exclusions) walk(r.expr);
  for (const auto& s : f.scoring) walk(s.when);
  for (const auto& d : c.defines) walk(d.decl->expr);
}

// ---------------------------------------------------------------------------
// Rules that can never hold or always hold given the fact schema.
//
// An abstract interpretation over the compiled code: for each condition, a box
// (one set of values per fact) that contains every fact value making it true,
// and one for false. A box with an empty set means no value at all: the
// condition can never be true (or never false). Boxes over-approximate, so an
// empty one is certain; `employees <= 20 and employees > 50` and a `min: 0`
// fact compared `>= 0` are caught, an `if` or a table lookup is not analysed.

// One end of an interval; `inf` is −∞ as a lower bound, +∞ as an upper one.
struct Bound {
  bool inf = true;
  Rational v;
  bool closed = false;
};

struct Interval {
  Bound lo, hi;
};

bool IntervalEmpty(const Interval& i) {
  if (i.lo.inf || i.hi.inf) return false;
  int c = Rational::Compare(i.lo.v, i.hi.v);
  return c > 0 || (c == 0 && !(i.lo.closed && i.hi.closed));
}

// Lower bounds, the lowest first; at one value a closed bound starts earlier.
bool LowerBefore(const Bound& a, const Bound& b) {
  if (a.inf != b.inf) return a.inf;
  if (a.inf) return false;
  int c = Rational::Compare(a.v, b.v);
  return c != 0 ? c < 0 : (a.closed && !b.closed);
}

Bound MaxLower(const Bound& a, const Bound& b) { return LowerBefore(a, b) ? b : a; }
Bound MinUpper(const Bound& a, const Bound& b) {
  if (a.inf) return b;
  if (b.inf) return a;
  int c = Rational::Compare(a.v, b.v);
  if (c != 0) return c < 0 ? a : b;
  return a.closed ? b : a;
}

// A union of disjoint intervals, sorted; over the integers when `whole`.
struct Intervals {
  std::vector<Interval> parts;
  bool whole = false;

  bool Empty() const { return parts.empty(); }

  void Normalize() {
    std::vector<Interval> out;
    for (Interval i : parts) {
      if (whole) {
        // Integers: `x > 5` is `x >= 6`; `x < 5.5` is `x <= 5`.
        if (!i.lo.inf) {
          Rational c = i.lo.v.Ceil();
          if (!i.lo.closed && c == i.lo.v) {
            if (auto n = Rational::Add(c, 1)) c = *n;
          }
          i.lo = {false, c, true};
        }
        if (!i.hi.inf) {
          Rational f = i.hi.v.Floor();
          if (!i.hi.closed && f == i.hi.v) {
            if (auto n = Rational::Sub(f, 1)) f = *n;
          }
          i.hi = {false, f, true};
        }
      }
      if (!IntervalEmpty(i)) out.push_back(i);
    }
    std::sort(out.begin(), out.end(), [](const Interval& a, const Interval& b) { return LowerBefore(a.lo, b.lo); });
    parts.clear();
    for (const auto& i : out) {
      if (!parts.empty()) {
        Interval& last = parts.back();
        bool touches = last.hi.inf || i.lo.inf;
        if (!touches) {
          int c = Rational::Compare(i.lo.v, last.hi.v);
          touches = c < 0 || (c == 0 && (i.lo.closed || last.hi.closed));
        }
        if (touches) {
          if (!last.hi.inf && (i.hi.inf || Rational::Compare(i.hi.v, last.hi.v) > 0 ||
                               (Rational::Compare(i.hi.v, last.hi.v) == 0 && i.hi.closed)))
            last.hi = i.hi;
          continue;
        }
      }
      parts.push_back(i);
    }
  }

  static Intervals All(bool whole) {
    Intervals s;
    s.whole = whole;
    s.parts.push_back({});
    return s;
  }

  Intervals Intersect(const Intervals& o) const {
    Intervals r;
    r.whole = whole || o.whole;
    for (const auto& a : parts)
      for (const auto& b : o.parts) r.parts.push_back({MaxLower(a.lo, b.lo), MinUpper(a.hi, b.hi)});
    r.Normalize();
    return r;
  }

  Intervals Union(const Intervals& o) const {
    Intervals r;
    r.whole = whole && o.whole;
    r.parts = parts;
    r.parts.insert(r.parts.end(), o.parts.begin(), o.parts.end());
    r.Normalize();
    return r;
  }

  Intervals Complement() const {
    Intervals r;
    r.whole = whole;
    Bound lo;  // −∞
    for (const auto& i : parts) {
      if (!i.lo.inf) r.parts.push_back({lo, {false, i.lo.v, !i.lo.closed}});
      if (i.hi.inf) {
        r.Normalize();
        return r;
      }
      lo = {false, i.hi.v, !i.hi.closed};
    }
    r.parts.push_back({lo, {}});
    r.Normalize();
    return r;
  }
};

// A finite set of values, or everything but a finite set (texts). Enums and
// bools have a finite universe, so they are always kept finite.
struct Keys {
  bool cofinite = false;
  std::set<std::string> keys;

  bool Empty() const { return !cofinite && keys.empty(); }
  Keys Intersect(const Keys& o) const {
    Keys r;
    if (!cofinite && !o.cofinite) {
      for (const auto& k : keys)
        if (o.keys.count(k)) r.keys.insert(k);
    } else if (cofinite && o.cofinite) {
      r.cofinite = true;
      r.keys = keys;
      r.keys.insert(o.keys.begin(), o.keys.end());
    } else {
      const Keys& fin = cofinite ? o : *this;
      const Keys& cof = cofinite ? *this : o;
      for (const auto& k : fin.keys)
        if (!cof.keys.count(k)) r.keys.insert(k);
    }
    return r;
  }
  Keys Complement() const { return {!cofinite, keys}; }
  Keys Union(const Keys& o) const { return Complement().Intersect(o.Complement()).Complement(); }
};

struct FactSet {
  bool numeric = false;
  Intervals iv;
  Keys keys;
  bool Empty() const { return numeric ? iv.Empty() : keys.Empty(); }
};

// Constraints on facts, one set per fact (absent: any value). `bottom`: no value at all.
struct Box {
  bool bottom = false;
  int empty_fact = -1;  // the fact left without a value, for the message
  std::map<uint32_t, FactSet> sets;
};

struct Summary {
  Box when_true, when_false;
};

// The values a number can take: [lo, hi], nullopt for no bound that way.
struct Span {
  std::optional<Rational> lo, hi;
};

class SchemaAnalysis {
 public:
  explicit SchemaAnalysis(const CompiledProgram& p) : p_(p) {}

  // The award's possible values for an applicant who is not refused (every requirement
  // holds, no exclusion applies), from the facts' types and `min`/`max`; nullopt when the
  // formula holds something the analysis does not follow.
  std::optional<Span> AwardSpan() {
    if (p_.award < 0) return std::nullopt;
    Box granted;
    for (const auto& r : p_.requirements) granted = Meet(granted, Analyze(r.root).when_true);
    for (const auto& r : p_.exclusions) granted = Meet(granted, Analyze(r.root).when_false);
    if (granted.bottom) return std::nullopt;  // nobody is granted anything (never-holds says why)
    granted_ = &granted;
    std::map<uint32_t, std::optional<Span>> memo;
    span_memo_ = &memo;
    std::optional<Span> out = SpanOf(static_cast<uint32_t>(p_.award), 0);
    granted_ = nullptr;
    span_memo_ = nullptr;
    return out;
  }

  const Summary& Analyze(uint32_t i, int depth = 0) {
    if (auto it = memo_.find(i); it != memo_.end()) return it->second;
    Summary s = depth > kMaxDepth ? Summary{} : Compute(i, depth);
    return memo_.emplace(i, std::move(s)).first->second;
  }

 private:
  // Definitions nest; a chain deeper than this is left unanalysed rather than recursed into.
  static constexpr int kMaxDepth = 200;

  bool Numeric(uint32_t fact) const {
    BaseType b = p_.facts[fact].spec.base;
    return b == BaseType::kInt || b == BaseType::kDecimal || b == BaseType::kYen || b == BaseType::kDate;
  }

  // Every value the fact's declaration allows.
  FactSet Domain(uint32_t fact) const {
    const CompiledFact& f = p_.facts[fact];
    FactSet s;
    s.numeric = Numeric(fact);
    if (s.numeric) {
      bool whole = f.spec.base != BaseType::kDecimal;
      s.iv = Intervals::All(whole);
      if (f.spec.base != BaseType::kDate) {
        if (f.min) s.iv.parts[0].lo = {false, *f.min, true};
        if (f.max) s.iv.parts[0].hi = {false, *f.max, true};
      }
      s.iv.Normalize();
    } else if (f.spec.base == BaseType::kBool) {
      s.keys.keys = {"false", "true"};
    } else if (f.spec.base == BaseType::kEnum && f.spec.enum_def) {
      for (size_t k = 0; k < f.spec.enum_def->values.size(); ++k) s.keys.keys.insert(std::to_string(k));
    } else {
      s.keys.cofinite = true;  // any text
    }
    return s;
  }

  static FactSet Meet(const FactSet& a, const FactSet& b) {
    FactSet r = a;
    if (a.numeric) r.iv = a.iv.Intersect(b.iv);
    else r.keys = a.keys.Intersect(b.keys);
    return r;
  }
  static FactSet Join(const FactSet& a, const FactSet& b) {
    FactSet r = a;
    if (a.numeric) r.iv = a.iv.Union(b.iv);
    else r.keys = a.keys.Union(b.keys);
    return r;
  }

  static Box Meet(const Box& a, const Box& b) {
    if (a.bottom) return a;
    if (b.bottom) return b;
    Box r = a;
    for (const auto& [f, s] : b.sets) {
      auto it = r.sets.find(f);
      FactSet m = it == r.sets.end() ? s : Meet(it->second, s);
      if (m.Empty()) {
        Box bottom;
        bottom.bottom = true;
        bottom.empty_fact = static_cast<int>(f);
        return bottom;
      }
      r.sets[f] = std::move(m);
    }
    return r;
  }
  static Box Join(const Box& a, const Box& b) {
    if (a.bottom) return b;
    if (b.bottom) return a;
    Box r;
    for (const auto& [f, s] : a.sets)
      if (auto it = b.sets.find(f); it != b.sets.end()) r.sets[f] = Join(s, it->second);
    return r;
  }

  static Box Bottom() {
    Box b;
    b.bottom = true;
    return b;
  }

  // The fact's values making the atom true, intersected with its domain.
  Summary Atom(uint32_t fact, const FactSet& when_true) const {
    FactSet dom = Domain(fact);
    FactSet t = Meet(dom, when_true);
    FactSet f = dom;
    if (t.numeric) f.iv = dom.iv.Intersect(when_true.iv.Complement());
    else f.keys = dom.keys.Intersect(when_true.keys.Complement());
    Summary s;
    Box bt, bf;
    bt.sets[fact] = t;
    bf.sets[fact] = f;
    s.when_true = Meet(Box{}, bt);
    s.when_false = Meet(Box{}, bf);
    return s;
  }

  // A single constant operand as a key or a point; nullopt for anything else.
  bool ConstOf(uint32_t i, uint32_t fact, FactSet& out) const {
    if (p_.code[i].op != Op::kConst) return false;
    const Value& v = p_.consts[p_.code[i].a];
    out = FactSet{};
    out.numeric = Numeric(fact);
    if (out.numeric) {
      out.iv.whole = p_.facts[fact].spec.base != BaseType::kDecimal;
      if (v.kind == VKind::kNumber) out.iv.parts.push_back({{false, v.num, true}, {false, v.num, true}});
      else if (v.kind == VKind::kDate) out.iv.parts.push_back({{false, Rational(v.i), true}, {false, Rational(v.i), true}});
      else if (v.kind == VKind::kList && v.list) {
        for (const auto& item : v.list->items) {
          if (item.kind == VKind::kNumber) out.iv.parts.push_back({{false, item.num, true}, {false, item.num, true}});
          else if (item.kind == VKind::kDate)
            out.iv.parts.push_back({{false, Rational(item.i), true}, {false, Rational(item.i), true}});
          else return false;
        }
      } else {
        return false;
      }
      out.iv.Normalize();
      return true;
    }
    auto key = [&](const Value& x, std::string& k) {
      const EnumDef* ed = p_.EnumOf(fact);
      if (x.kind == VKind::kBool) k = x.b ? "true" : "false";
      else if (x.kind == VKind::kEnum) k = std::to_string(x.i);
      else if (x.kind == VKind::kText && x.text && ed && ed->IndexOf(*x.text) >= 0) k = std::to_string(ed->IndexOf(*x.text));
      else if (x.kind == VKind::kText && x.text && !ed) k = *x.text;
      else return false;
      return true;
    };
    std::string k;
    if (v.kind == VKind::kList && v.list) {
      for (const auto& item : v.list->items) {
        if (!key(item, k)) return false;
        out.keys.keys.insert(k);
      }
      return true;
    }
    if (!key(v, k)) return false;
    out.keys.keys.insert(k);
    return true;
  }

  // The fact read directly by instruction i (not a list fact), or -1.
  int FactAt(uint32_t i) const {
    const Instr& in = p_.code[i];
    if (in.op != Op::kFact || in.a >= p_.facts.size()) return -1;
    BaseType b = p_.facts[in.a].spec.base;
    return b == BaseType::kList || b == BaseType::kError ? -1 : static_cast<int>(in.a);
  }

  Summary Compute(uint32_t i, int depth) {
    const Instr& in = p_.code[i];
    Summary top;
    switch (in.op) {
      case Op::kConst: {
        const Value& v = p_.consts[in.a];
        if (v.kind != VKind::kBool) return top;
        Summary s;
        (v.b ? s.when_false : s.when_true) = Bottom();
        return s;
      }
      case Op::kFact: {
        int f = FactAt(i);
        if (f < 0 || p_.facts[static_cast<size_t>(f)].spec.base != BaseType::kBool) return top;
        FactSet t;
        t.keys.keys = {"true"};
        return Atom(static_cast<uint32_t>(f), t);
      }
      case Op::kDefine:
        if (in.a >= p_.defines.size()) return top;
        return Analyze(p_.defines[in.a].root, depth + 1);
      case Op::kNot: {
        Summary s = Analyze(in.a, depth + 1);
        std::swap(s.when_true, s.when_false);
        return s;
      }
      case Op::kAnd:
      case Op::kOr: {
        Summary a = Analyze(in.a, depth + 1);
        const Summary& b = Analyze(in.b, depth + 1);
        Summary s;
        if (in.op == Op::kAnd) {
          s.when_true = Meet(a.when_true, b.when_true);
          s.when_false = Join(a.when_false, b.when_false);
        } else {
          s.when_true = Join(a.when_true, b.when_true);
          s.when_false = Meet(a.when_false, b.when_false);
        }
        return s;
      }
      case Op::kBetween: {
        int f = FactAt(in.a);
        FactSet lo, hi;
        if (f < 0 || !Numeric(static_cast<uint32_t>(f)) || !ConstOf(in.b, static_cast<uint32_t>(f), lo) ||
            !ConstOf(in.c, static_cast<uint32_t>(f), hi) || lo.iv.parts.size() != 1 || hi.iv.parts.size() != 1)
          return top;
        FactSet t = lo;
        t.iv.parts = {{lo.iv.parts[0].lo, hi.iv.parts[0].hi}};
        t.iv.Normalize();
        return Atom(static_cast<uint32_t>(f), t);
      }
      case Op::kBinary: {
        auto op = static_cast<ValueOp>(in.fn);
        int f = FactAt(in.a);
        uint32_t other = in.b;
        if (f < 0 && op != ValueOp::kIn && op != ValueOp::kNotIn) {
          f = FactAt(in.b);
          other = in.a;
          op = Mirrored(op);  // c OP fact is fact OP' c
        }
        if (f < 0) return top;
        auto fact = static_cast<uint32_t>(f);
        FactSet c;
        if (!ConstOf(other, fact, c)) return top;
        bool single = c.numeric ? c.iv.parts.size() == 1 : c.keys.keys.size() == 1;
        FactSet t = c;
        switch (op) {
          case ValueOp::kEq:
          case ValueOp::kIn: break;
          case ValueOp::kNe:
          case ValueOp::kNotIn:
            if (t.numeric) t.iv = c.iv.Complement();
            else t.keys = c.keys.Complement();
            break;
          case ValueOp::kLt:
          case ValueOp::kLe:
          case ValueOp::kGt:
          case ValueOp::kGe: {
            if (!c.numeric || !single) return top;
            Bound at = c.iv.parts[0].lo;
            at.closed = op == ValueOp::kLe || op == ValueOp::kGe;
            t.iv.parts.clear();
            if (op == ValueOp::kLt || op == ValueOp::kLe) t.iv.parts.push_back({Bound{}, at});
            else t.iv.parts.push_back({at, Bound{}});
            t.iv.Normalize();
            break;
          }
          default: return top;
        }
        return Atom(fact, t);
      }
      default: return top;
    }
  }

  // Interval arithmetic over the award's code. A bound that overflows is dropped (no bound).
  static std::optional<Rational> Lower(const std::optional<Rational>& a, const std::optional<Rational>& b) {
    if (!a || !b) return std::nullopt;
    return Rational::Compare(*a, *b) <= 0 ? a : b;
  }
  static std::optional<Rational> Upper(const std::optional<Rational>& a, const std::optional<Rational>& b) {
    if (!a || !b) return std::nullopt;
    return Rational::Compare(*a, *b) >= 0 ? a : b;
  }
  static Span Hull(const Span& a, const Span& b) { return {Lower(a.lo, b.lo), Upper(a.hi, b.hi)}; }
  static Span Point(const Rational& v) { return {v, v}; }

  // A bound as a value with a sign at infinity, for products: -1 / +1 with no value.
  struct End {
    int inf = 0;  // -1: −∞, +1: +∞, 0: the value
    Rational v;
  };
  static int Sign(const End& e) { return e.inf ? e.inf : Rational::Compare(e.v, Rational(0)); }
  static std::optional<End> Times(const End& a, const End& b) {
    if (a.inf || b.inf) {
      int s = Sign(a) * Sign(b);
      if (s == 0) return End{0, Rational(0)};
      return End{s, Rational(0)};
    }
    auto m = Rational::Mul(a.v, b.v);
    if (!m) return std::nullopt;
    return End{0, *m};
  }
  static Span Mul(const Span& a, const Span& b) {
    End ends[2][2] = {{a.lo ? End{0, *a.lo} : End{-1, {}}, a.hi ? End{0, *a.hi} : End{1, {}}},
                      {b.lo ? End{0, *b.lo} : End{-1, {}}, b.hi ? End{0, *b.hi} : End{1, {}}}};
    Span out;
    bool first = true, low_open = false, high_open = false;
    for (const End& x : ends[0])
      for (const End& y : ends[1]) {
        auto t = Times(x, y);
        if (!t) return Span{};  // overflow: no bounds
        if (t->inf < 0) low_open = true;
        else if (t->inf > 0) high_open = true;
        else {
          if (first || Rational::Compare(t->v, *out.lo) < 0) out.lo = t->v;
          if (first || Rational::Compare(t->v, *out.hi) > 0) out.hi = t->v;
          first = false;
        }
      }
    if (low_open || first) out.lo.reset();
    if (high_open || first) out.hi.reset();
    return out;
  }
  static Span Add(const Span& a, const Span& b, bool subtract) {
    Span out;
    const auto& blo = subtract ? b.hi : b.lo;
    const auto& bhi = subtract ? b.lo : b.hi;
    if (a.lo && blo) out.lo = subtract ? Rational::Sub(*a.lo, *blo) : Rational::Add(*a.lo, *blo);
    if (a.hi && bhi) out.hi = subtract ? Rational::Sub(*a.hi, *bhi) : Rational::Add(*a.hi, *bhi);
    return out;
  }
  static Span Div(const Span& a, const Span& b) {
    // Only a divisor of one sign, away from zero, has a reciprocal span: [1/hi, 1/lo].
    bool positive = b.lo && Rational::Compare(*b.lo, Rational(0)) > 0;
    bool negative = b.hi && Rational::Compare(*b.hi, Rational(0)) < 0;
    if (!positive && !negative) return Span{};
    Span inv;
    if (positive) {
      inv.lo = b.hi ? Rational::Div(Rational(1), *b.hi) : std::optional<Rational>(Rational(0));
      inv.hi = Rational::Div(Rational(1), *b.lo);
    } else {
      inv.lo = Rational::Div(Rational(1), *b.hi);
      inv.hi = b.lo ? Rational::Div(Rational(1), *b.lo) : std::optional<Rational>(Rational(0));
    }
    return Mul(a, inv);
  }

  std::optional<Span> ValueSpan(const Value& v) const {
    if (v.kind != VKind::kNumber) return std::nullopt;
    return Point(v.num);
  }

  std::optional<Span> SpanOf(uint32_t i, int depth) {
    if (depth > kMaxDepth || i >= p_.code.size()) return std::nullopt;
    if (auto it = span_memo_->find(i); it != span_memo_->end()) return it->second;
    std::optional<Span> s = ComputeSpan(i, depth);
    span_memo_->emplace(i, s);
    return s;
  }

  std::optional<Span> ComputeSpan(uint32_t i, int depth) {
    const Instr& in = p_.code[i];
    switch (in.op) {
      case Op::kConst: return ValueSpan(p_.consts[in.a]);
      case Op::kFact: {
        int f = FactAt(i);
        if (f < 0 || !Numeric(static_cast<uint32_t>(f)) || p_.facts[static_cast<size_t>(f)].spec.base == BaseType::kDate)
          return std::nullopt;
        auto fact = static_cast<uint32_t>(f);
        auto it = granted_->sets.find(fact);
        FactSet set = it != granted_->sets.end() ? it->second : Domain(fact);
        if (set.iv.Empty()) return std::nullopt;
        Span out;
        if (!set.iv.parts.front().lo.inf) out.lo = set.iv.parts.front().lo.v;
        if (!set.iv.parts.back().hi.inf) out.hi = set.iv.parts.back().hi.v;
        return out;
      }
      case Op::kParam: {
        if (in.a >= p_.params.size() || p_.params[in.a].values.empty()) return std::nullopt;
        std::optional<Span> out;
        for (const auto& [from, v] : p_.params[in.a].values) {
          auto one = ValueSpan(v);
          if (!one) return std::nullopt;
          out = out ? Hull(*out, *one) : *one;
        }
        return out;
      }
      case Op::kDefine:
        if (in.a >= p_.defines.size()) return std::nullopt;
        return SpanOf(p_.defines[in.a].root, depth + 1);
      case Op::kNeg: {
        auto a = SpanOf(in.a, depth + 1);
        if (!a) return std::nullopt;
        return Mul(*a, Point(Rational(-1)));
      }
      case Op::kBinary: {
        auto op = static_cast<ValueOp>(in.fn);
        if (op != ValueOp::kAdd && op != ValueOp::kSub && op != ValueOp::kMul && op != ValueOp::kDiv) return std::nullopt;
        auto a = SpanOf(in.a, depth + 1);
        auto b = SpanOf(in.b, depth + 1);
        if (!a || !b) return std::nullopt;
        if (op == ValueOp::kMul) return Mul(*a, *b);
        if (op == ValueOp::kDiv) return Div(*a, *b);
        return Add(*a, *b, op == ValueOp::kSub);
      }
      case Op::kIf: {
        auto b = SpanOf(in.b, depth + 1);
        auto c = SpanOf(in.c, depth + 1);
        if (!b || !c) return std::nullopt;
        return Hull(*b, *c);
      }
      case Op::kTable: {
        if (in.a >= p_.tables.size()) return std::nullopt;
        const CompiledTable& t = p_.tables[in.a];
        if (t.columns == 0) return std::nullopt;
        std::optional<Span> out;
        for (size_t k = in.b; k < t.cells.size(); k += t.columns) {
          if (t.cells[k].kind == VKind::kError) continue;  // no row: an error, not a value
          auto one = ValueSpan(t.cells[k]);
          if (!one) return std::nullopt;
          out = out ? Hull(*out, *one) : *one;
        }
        return out;
      }
      case Op::kCall: {
        auto fn = static_cast<Fn>(in.fn);
        std::vector<Span> args;
        if (fn == Fn::kLen || fn == Fn::kCount) return Span{Rational(0), std::nullopt};
        for (uint32_t k = 0; k < in.b; ++k) {
          auto a = SpanOf(p_.args[in.a + k], depth + 1);
          if (!a) return std::nullopt;
          args.push_back(*a);
        }
        if (args.empty()) return std::nullopt;
        switch (fn) {
          case Fn::kMin:
          case Fn::kMax: {
            if (args.size() < 2) return std::nullopt;  // of one list: not followed
            // A missing bound is infinite: it wins a min of lower bounds and a max of upper ones,
            // and loses the others.
            auto finite = [](const std::optional<Rational>& a, const std::optional<Rational>& b, bool lowest) {
              if (!a || !b) return a ? a : b;
              return lowest ? Lower(a, b) : Upper(a, b);
            };
            Span out = args[0];
            for (size_t k = 1; k < args.size(); ++k)
              out = fn == Fn::kMin ? Span{Lower(out.lo, args[k].lo), finite(out.hi, args[k].hi, true)}
                                   : Span{finite(out.lo, args[k].lo, false), Upper(out.hi, args[k].hi)};
            return out;
          }
          case Fn::kFloor:
          case Fn::kCeil:
          case Fn::kRound: {
            Span out;
            if (args[0].lo) out.lo = args[0].lo->Floor();
            if (args[0].hi) out.hi = args[0].hi->Ceil();
            return out;
          }
          case Fn::kAbs: {
            const Span& a = args[0];
            if (a.lo && Rational::Compare(*a.lo, Rational(0)) >= 0) return a;
            Span out{Rational(0), std::nullopt};
            if (a.lo && a.hi) out.hi = Upper(a.lo->Abs(), a.hi->Abs());
            return out;
          }
          default: return std::nullopt;
        }
      }
      default: return std::nullopt;
    }
  }

  const CompiledProgram& p_;
  std::map<uint32_t, Summary> memo_;
  const Box* granted_ = nullptr;                             // while AwardSpan runs
  std::map<uint32_t, std::optional<Span>>* span_memo_ = nullptr;
};

// "the requirement `x`"
LocalText Named(Msg part, const std::string& name) {
  return SayBoth(Msg::kLintNamed, fmt::arg("what", Noun(part)), fmt::arg("name", name));
}

std::string DescribeFact(const CompiledFact& f) {
  std::string s = "`" + f.name + "` (" + TypeSpecName(f.spec);
  if (f.min) s += ", min " + f.min->ToGroupedString();
  if (f.max) s += ", max " + f.max->ToGroupedString();
  return s + ")";
}

// Walks one condition top-down and reports the outermost part that can never
// be true or never be false; below a reported part nothing more is said.
// `what` names the condition ("the requirement `x`"); the verbs say what it never or always does.
void LintSchema(const CompiledProgram& p, SchemaAnalysis& a, uint32_t root, const LocalText& what, Msg never_verb,
                Msg always_verb, const SourceLoc& fallback, std::set<std::string>& reported, std::vector<Diagnostic>& out) {
  std::vector<std::pair<uint32_t, bool>> stack{{root, true}};
  while (!stack.empty()) {
    auto [i, top] = stack.back();
    stack.pop_back();
    const Summary& s = a.Analyze(i);
    bool never = s.when_true.bottom, always = s.when_false.bottom;
    if (never != always) {
      const InstrSource& src = p.sources[i];
      SourceLoc loc = src.expr && src.node ? src.expr->Loc(*src.node) : fallback;
      if (!reported.insert(loc.file + ":" + std::to_string(loc.offset) + ":" + std::to_string(loc.length)).second) continue;
      int fact = never ? s.when_true.empty_fact : s.when_false.empty_fact;
      const LocalText subject = top ? what : SayBoth(Msg::kLintPartOf, fmt::arg("what", what));
      const LocalText verb = SayBoth(never ? never_verb : always_verb);
      const Msg help = never ? Msg::kLintHelpNever : Msg::kLintHelpAlways;
      const char* code = never ? "never-holds" : "always-holds";
      if (fact >= 0)
        out.push_back(Warn(code, loc, help, never ? Msg::kLintNeverFact : Msg::kLintAlwaysFact, fmt::arg("what", subject),
                           fmt::arg("verb", verb), fmt::arg("fact", DescribeFact(p.facts[static_cast<size_t>(fact)]))));
      else
        out.push_back(Warn(code, loc, help, never ? Msg::kLintNeverFalse : Msg::kLintAlwaysTrue, fmt::arg("what", subject),
                           fmt::arg("verb", verb)));
      continue;
    }
    const Instr& in = p.code[i];
    if (in.op == Op::kAnd || in.op == Op::kOr) {
      stack.push_back({in.b, false});
      stack.push_back({in.a, false});
    } else if (in.op == Op::kNot) {
      stack.push_back({in.a, false});
    }
  }
}

void LintSchema(const CompiledProgram& p, std::set<std::string>& reported, std::vector<Diagnostic>& out) {
  SchemaAnalysis a(p);
  for (const auto& r : p.requirements)
    LintSchema(p, a, r.root, Named(Msg::kPartRequirement, r.id), Msg::kLintNeverHolds, Msg::kLintAlwaysHolds, r.loc,
               reported, out);
  for (const auto& r : p.exclusions)
    LintSchema(p, a, r.root, Named(Msg::kPartExclusion, r.id), Msg::kLintNeverApplies, Msg::kLintAlwaysApplies, r.loc,
               reported, out);
  for (const auto& r : p.scoring)
    LintSchema(p, a, r.root, Named(Msg::kPartScoringItem, r.id), Msg::kLintNeverScores, Msg::kLintAlwaysScores, r.loc,
               reported, out);
  for (const auto& d : p.defines) {
    const InstrSource& src = p.sources[d.root];
    LintSchema(p, a, d.root, Named(Msg::kPartDefinition, d.name), Msg::kLintNeverHolds, Msg::kLintAlwaysHolds,
               src.expr && src.node ? src.expr->Loc(*src.node) : SourceLoc{}, reported, out);
  }
  // An award below zero is an evaluation error for that applicant: say so before anyone meets it.
  if (auto span = a.AwardSpan(); span && (!span->lo || Rational::Compare(*span->lo, Rational(0)) < 0)) {
    const InstrSource& src = p.sources[static_cast<size_t>(p.award)];
    SourceLoc loc = src.expr && src.node ? src.expr->Loc(*src.node) : SourceLoc{};
    if (span->lo)
      out.push_back(Warn("negative-award", loc, Msg::kLintHelpNegativeAward, Msg::kLintNegativeAward, fmt::arg("id", p.id),
                         fmt::arg("low", span->lo->ToGroupedString())));
    else
      out.push_back(Warn("negative-award", loc, Msg::kLintHelpNegativeAward, Msg::kLintUnboundedAward, fmt::arg("id", p.id)));
  }
}

}  // namespace

std::vector<Diagnostic> Lint(const RuleSet& rules, Date today) {
  std::vector<Diagnostic> out;
  for (const auto& f : rules.files()) {
    LintForApplicants(*f, out);
    if (f->is_module) continue;
    LintRuleTexts(*f, out);
    if (f->title.ja.empty() || f->title.en.empty())
      out.push_back(Warn("no-text", f->id_loc, Msg::kLintHelpTitle, f->title.ja.empty() ? Msg::kLintNoTitleJa : Msg::kLintNoTitleEn));
    if (!f->window_from || !f->window_to) {
      out.push_back(Warn("no-window", f->id_loc, Msg::kLintHelpWindow, Msg::kLintNoWindow));
    } else if (*f->window_to < today) {
      out.push_back(Warn("window-closed", f->window_loc, Msg::kLintHelpWindowClosed, Msg::kLintWindowClosed,
                         fmt::arg("date", FormatDate(*f->window_to))));
    }
    if (f->basis.empty()) out.push_back(Warn("no-basis", f->id_loc, kNoHelp, Msg::kLintNoBasis));
  }
  // Facts declared in a program file that none of its expressions use.
  for (const auto& c : rules.checked()) {
    for (const auto& fact : c->facts) {
      if (fact.used) continue;
      if (fact.origin != (c->program->file ? c->program->file->path() : "")) continue;  // module facts serve many programs
      out.push_back(Warn("unused-fact", fact.decl->loc, kNoHelp, Msg::kLintUnusedFact, fmt::arg("name", fact.decl->name)));
    }
  }
  // Tables without a row for some value of their key and no default, once per table.
  std::set<const TableDecl*> seen;
  for (const auto& c : rules.checked())
    for (const auto& t : c->tables) {
      if (!t.key_enum || t.decl->default_row || !seen.insert(t.decl).second) continue;
      const auto& values = t.key_enum->values;
      std::set<std::string> rows;
      for (const auto& r : t.decl->rows) rows.insert(r.key);
      std::string missing;
      for (const auto& v : values)
        if (!rows.count(v)) missing += (missing.empty() ? "" : ", ") + v;
      if (!missing.empty())
        out.push_back(Warn("table-incomplete", t.decl->loc, Msg::kLintHelpTableRows, Msg::kLintTableIncomplete,
                           fmt::arg("table", t.decl->name), fmt::arg("values", missing)));
    }
  // Text facts compared with place names, once per place in the files.
  std::set<std::string> places_reported;
  for (const auto& c : rules.checked()) LintTextPlaces(*c, places_reported, out);
  // Conditions the fact schema decides on its own; a module's definitions once for all programs.
  std::set<std::string> reported;
  for (const auto& p : rules.programs()) LintSchema(*p, reported, out);
  return out;
}

}  // namespace elig
