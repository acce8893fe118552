#include <algorithm>
#include <map>
#include <set>

#include "eval/decision.hpp"

namespace elig {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kEligible: return "eligible";
    case Outcome::kIneligible: return "ineligible";
    case Outcome::kUndetermined: return "undetermined";
    case Outcome::kClosed: return "closed";
  }
  return "undetermined";
}

const char* TriName(Tri t) {
  switch (t) {
    case Tri::kFalse: return "false";
    case Tri::kTrue: return "true";
    case Tri::kUnknown: return "unknown";
    case Tri::kError: return "error";
  }
  return "unknown";
}

namespace {

Tri ToTri(const Value& v) {
  if (v.kind == VKind::kBool) return v.b ? Tri::kTrue : Tri::kFalse;
  if (v.kind == VKind::kError) return Tri::kError;
  return Tri::kUnknown;
}

bool WindowOpen(const CompiledProgram& p, Date d) {
  return (!p.window_from || *p.window_from <= d) && (!p.window_to || d <= *p.window_to);
}

// The nearest value of the fact that would make `fact OP bound` true.
std::optional<Value> Hint(ValueOp op, bool fact_on_left, const Value& bound, BaseType type) {
  if (bound.kind != VKind::kNumber && bound.kind != VKind::kDate && bound.kind != VKind::kEnum) return std::nullopt;
  if (!fact_on_left) {
    // bound OP fact  ==  fact OP' bound
    switch (op) {
      case ValueOp::kLt: op = ValueOp::kGt; break;
      case ValueOp::kLe: op = ValueOp::kGe; break;
      case ValueOp::kGt: op = ValueOp::kLt; break;
      case ValueOp::kGe: op = ValueOp::kLe; break;
      default: break;
    }
  }
  bool whole = type == BaseType::kInt || type == BaseType::kYen || type == BaseType::kDate;
  auto step = [&](int dir) -> std::optional<Value> {
    if (!whole) return std::nullopt;  // "just below 1/2" has no nearest decimal
    Value v = bound;
    if (v.kind == VKind::kDate) {
      v.i += dir;
      return v;
    }
    if (!v.num.IsInteger()) {
      v.num = dir > 0 ? v.num.Ceil() : v.num.Floor();
      return v;
    }
    auto r = Rational::Add(v.num, Rational(dir));
    if (!r) return std::nullopt;
    v.num = *r;
    return v;
  };
  switch (op) {
    case ValueOp::kLe:
    case ValueOp::kGe: {
      if (!whole || bound.kind != VKind::kNumber || bound.num.IsInteger()) return bound;
      Value v = bound;
      v.num = op == ValueOp::kLe ? v.num.Floor() : v.num.Ceil();
      return v;
    }
    case ValueOp::kEq: return bound;
    case ValueOp::kLt: return step(-1);
    case ValueOp::kGt: return step(+1);
    default: return std::nullopt;
  }
}

struct Evaluator {
  const CompiledProgram& p;
  const FactValues* facts;
  EvalContext ctx;
  std::vector<TraceEvent> events;

  std::string OpText(uint32_t instr) const {
    const Instr& in = p.code[instr];
    if (in.op == Op::kBetween) return "between";
    switch (static_cast<ValueOp>(in.fn)) {
      case ValueOp::kEq: return "==";
      case ValueOp::kNe: return "!=";
      case ValueOp::kLt: return "<";
      case ValueOp::kLe: return "<=";
      case ValueOp::kGt: return ">";
      case ValueOp::kGe: return ">=";
      case ValueOp::kIn: return "in";
      case ValueOp::kNotIn: return "not in";
      default: return "?";
    }
  }

  const EnumDef* EnumOfInstr(uint32_t instr) const {
    const Instr& in = p.code[instr];
    if (in.op == Op::kFact) return p.EnumOf(in.a);
    if (in.op == Op::kTable) return nullptr;
    return nullptr;
  }

  std::vector<Reason> Reasons(size_t from) const {
    std::vector<Reason> out;
    std::set<std::string> seen;
    std::set<uint32_t> facts_in_comparisons;
    for (size_t k = from; k < events.size(); ++k) {
      const TraceEvent& ev = events[k];
      if (ev.fact_read) continue;
      const Instr& in = p.code[ev.instr];
      const InstrSource& src = p.sources[ev.instr];
      Reason r;
      r.expr = src.expr && src.node ? src.expr->Slice(*src.node) : "";
      r.op = OpText(ev.instr);
      if (const InstrSource& ls = p.sources[in.a]; ls.expr && ls.node) r.left_expr = ls.expr->Slice(*ls.node);
      r.left = ev.left;
      r.right = ev.right;
      r.result = ToTri(ev.result);
      r.loc = src.expr && src.node ? src.expr->Loc(*src.node) : SourceLoc{};
      int fact = -1;
      bool fact_left = true;
      if (p.code[in.a].op == Op::kFact) {
        fact = static_cast<int>(p.code[in.a].a);
      } else if (in.op == Op::kBinary && p.code[in.b].op == Op::kFact) {
        fact = static_cast<int>(p.code[in.b].a);
        fact_left = false;
      }
      // An enum compared with a constant: both sides name values of the fact's enum.
      const EnumDef* ed = fact >= 0 ? p.EnumOf(static_cast<uint32_t>(fact)) : nullptr;
      r.left_enum = ed ? ed : EnumOfInstr(in.a);
      r.right_enum = ed;
      if (fact >= 0) {
        facts_in_comparisons.insert(static_cast<uint32_t>(fact));
        r.fact = p.facts[static_cast<size_t>(fact)].name;
        if (r.result == Tri::kFalse && in.op == Op::kBinary) {
          const Value& bound = fact_left ? ev.right : ev.left;
          r.hint = Hint(static_cast<ValueOp>(in.fn), fact_left, bound, p.facts[static_cast<size_t>(fact)].spec.base);
        } else if (r.result == Tri::kFalse && in.op == Op::kBetween && fact_left) {
          const Instr& b = in;
          Value lo = ev.right;
          bool below = lo.IsKnown() && CompareValues(ev.left, lo) < 0;
          if (below) r.hint = lo;
          else {
            // the upper bound is not in the event; evaluate it (a constant or a parameter)
            EvalContext tmp = ctx;
            tmp.trace = nullptr;
            r.hint = Run(p, b.c, tmp);
          }
        }
      }
      std::string key = r.expr + "|" + FormatValue(r.left, Lang::kEn) + "|" + FormatValue(r.right, Lang::kEn);
      if (!seen.insert(key).second) continue;
      out.push_back(std::move(r));
    }
    // Facts read directly (a yes/no fact, an amount inside a formula) that no comparison shows.
    for (size_t k = from; k < events.size(); ++k) {
      const TraceEvent& ev = events[k];
      if (!ev.fact_read) continue;
      uint32_t slot = p.code[ev.instr].a;
      if (facts_in_comparisons.count(slot)) continue;
      facts_in_comparisons.insert(slot);
      Reason r;
      r.op = "fact";
      r.fact = p.facts[slot].name;
      r.expr = r.fact;
      r.left = ev.left;
      r.left_enum = p.EnumOf(slot);
      r.result = ToTri(ev.left);
      if (ev.left.kind != VKind::kBool) r.result = ev.left.IsKnown() ? Tri::kTrue : Tri::kUnknown;
      const InstrSource& src = p.sources[ev.instr];
      r.loc = src.expr && src.node ? src.expr->Loc(*src.node) : SourceLoc{};
      out.push_back(std::move(r));
    }
    return out;
  }

  RuleResult EvalRule(const CompiledRule& rule, bool trace) {
    RuleResult rr;
    rr.rule = &rule;
    size_t from = events.size();
    std::string prev_error = ctx.error;
    ctx.error.clear();
    Value v = Run(p, rule.root, ctx);
    rr.result = ToTri(v);
    if (rr.result == Tri::kError) rr.error = ctx.error.empty() ? "evaluation error" : ctx.error;
    if (trace) rr.reasons = Reasons(from);
    if (rr.result == Tri::kUnknown || rr.result == Tri::kError)
      for (uint32_t f : rule.facts)
        if (facts->values[f].kind == VKind::kUnknown) rr.missing.push_back(f);
    if (ctx.error.empty()) ctx.error = prev_error;
    return rr;
  }
};

}  // namespace

Decision Decide(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options) {
  Decision d;
  d.program = &prog;
  d.as_of = options.as_of;
  d.input_issues = facts.issues;
  d.window_open = WindowOpen(prog, options.as_of);
  Evaluator ev{prog, &facts, {}, {}};
  ev.ctx.Reset(prog, facts.values.data(), options.as_of);
  if (options.trace) ev.ctx.trace = &ev.events;

  bool any_fail = false, any_unknown = false;
  for (const auto& r : prog.requirements) {
    d.requirements.push_back(ev.EvalRule(r, options.trace));
    Tri t = d.requirements.back().result;
    any_fail |= t == Tri::kFalse;
    any_unknown |= t == Tri::kUnknown || t == Tri::kError;
    if (t == Tri::kError) d.errors.push_back(r.id + ": " + d.requirements.back().error);
  }
  // A hint says what would make a comparison true: useful only where a requirement failed.
  for (auto& rr : d.requirements)
    if (rr.result != Tri::kFalse)
      for (auto& reason : rr.reasons) reason.hint.reset();
  for (const auto& r : prog.exclusions) {
    d.exclusions.push_back(ev.EvalRule(r, options.trace));
    for (auto& reason : d.exclusions.back().reasons) reason.hint.reset();
    Tri t = d.exclusions.back().result;
    any_fail |= t == Tri::kTrue;
    any_unknown |= t == Tri::kUnknown || t == Tri::kError;
    if (t == Tri::kError) d.errors.push_back(r.id + ": " + d.exclusions.back().error);
  }
  d.outcome = any_fail ? Outcome::kIneligible : any_unknown ? Outcome::kUndetermined : Outcome::kEligible;

  // Scoring: every item, for every applicant (officials compare scores of refused ones too).
  std::map<std::string, int64_t> group_counts;
  Rational total;
  for (const auto& s : prog.scoring) {
    RuleResult rr = ev.EvalRule(s, options.trace);
    for (auto& reason : rr.reasons) reason.hint.reset();
    if (rr.result == Tri::kTrue) {
      Value pts = Run(prog, s.points, ev.ctx);
      if (pts.kind == VKind::kNumber) {
        rr.points = pts.num;
        auto sum = Rational::Add(total, pts.num);
        if (sum) total = *sum;
        else d.errors.push_back(s.id + ": the score is out of range");
      } else {
        d.score_complete = false;
      }
      if (!s.group.empty()) ++group_counts[s.group];
    } else if (rr.result != Tri::kFalse) {
      d.score_complete = false;
    }
    d.scoring.push_back(std::move(rr));
  }
  for (const auto& g : prog.score_groups) {
    if (group_counts[g.name] > g.max_items) d.voided_groups.push_back(g.name);
  }
  d.score = d.voided_groups.empty() ? total : Rational(0);

  // Award: 0 when refused; otherwise the formula, if the program states one.
  if (d.outcome == Outcome::kIneligible) {
    d.award = Rational(0);
  } else if (prog.award >= 0) {
    ev.ctx.error.clear();
    Value a = Run(prog, static_cast<uint32_t>(prog.award), ev.ctx);
    if (a.kind == VKind::kNumber) {
      d.award = a.num;
    } else if (a.kind == VKind::kError) {
      d.award_error = ev.ctx.error.empty() ? "evaluation error" : ev.ctx.error;
      d.errors.push_back("award: " + d.award_error);
    }
  }

  // Facts that would settle the outcome, the most often needed first.
  if (d.outcome == Outcome::kUndetermined || (!d.award && prog.award >= 0 && d.outcome != Outcome::kIneligible)) {
    std::map<uint32_t, int> need;
    for (const auto& r : d.requirements)
      for (uint32_t f : r.missing) ++need[f];
    for (const auto& r : d.exclusions)
      for (uint32_t f : r.missing) ++need[f];
    if (!d.award)
      for (uint32_t f : prog.award_facts)
        if (facts.values[f].kind == VKind::kUnknown) need[f] += 0;
    std::vector<std::pair<uint32_t, int>> order(need.begin(), need.end());
    std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.second > b.second; });
    for (auto& [f, n] : order) d.missing.push_back(f);
  }
  if (!d.window_open) d.outcome = Outcome::kClosed;
  return d;
}

FastDecision DecideFast(const CompiledProgram& prog, const Value* facts, Date as_of, EvalContext& ctx) {
  FastDecision out;
  ctx.Reset(prog, facts, as_of);
  bool any_fail = false, any_unknown = false;
  for (const auto& r : prog.requirements) {
    Value v = Run(prog, r.root, ctx);
    if (v.kind != VKind::kBool) any_unknown = true;
    else if (!v.b) any_fail = true;
  }
  for (const auto& r : prog.exclusions) {
    Value v = Run(prog, r.root, ctx);
    if (v.kind != VKind::kBool) any_unknown = true;
    else if (v.b) any_fail = true;
  }
  out.outcome = any_fail ? Outcome::kIneligible : any_unknown ? Outcome::kUndetermined : Outcome::kEligible;
  Rational total;
  bool voided = false;
  int64_t group_counts[16] = {};
  for (const auto& s : prog.scoring) {
    Value w = Run(prog, s.root, ctx);
    if (!w.IsTrue()) continue;
    Value pts = Run(prog, s.points, ctx);
    if (pts.kind == VKind::kNumber) {
      auto sum = Rational::Add(total, pts.num);
      if (sum) total = *sum;
      else out.error = true;
    }
    if (!s.group.empty()) {
      for (size_t g = 0; g < prog.score_groups.size() && g < 16; ++g)
        if (prog.score_groups[g].name == s.group && ++group_counts[g] > prog.score_groups[g].max_items) voided = true;
    }
  }
  out.score = voided ? Rational(0) : total;
  if (out.outcome == Outcome::kIneligible) {
    out.award = Rational(0);
  } else if (prog.award >= 0) {
    Value a = Run(prog, static_cast<uint32_t>(prog.award), ctx);
    if (a.kind == VKind::kNumber) out.award = a.num;
    else if (a.kind == VKind::kError) out.error = true;
  }
  if (!ctx.error.empty()) out.error = true;
  bool open = (!prog.window_from || *prog.window_from <= as_of) && (!prog.window_to || as_of <= *prog.window_to);
  if (!open) out.outcome = Outcome::kClosed;
  return out;
}

}  // namespace elig
