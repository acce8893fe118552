// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "common/catalog.hpp"
#include "eval/decision.hpp"
#include "eval/settle.hpp"

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

Tri ToTri(VKind kind, bool b) {
  if (kind == VKind::kBool) return b ? Tri::kTrue : Tri::kFalse;
  if (kind == VKind::kError) return Tri::kError;
  return Tri::kUnknown;
}
Tri ToTri(const Value& v) { return ToTri(v.kind, v.b); }

std::string NegativeAwardMessage(const Rational& award) {
  return EvalError(Msg::kEvalAwardBelowZero, fmt::arg("amount", award.ToGroupedString()));
}

// An evaluation error in the rule `id`, as a decision's `errors` hold it.
std::string ErrorIn(const std::string& id, const std::string& error) {
  return EvalError(Msg::kEvalErrorIn, fmt::arg("rule", id), fmt::arg("error", error));
}

bool WindowOpen(const CompiledProgram& p, Date d) {
  return (!p.window_from || *p.window_from <= d) && (!p.window_to || d <= *p.window_to);
}

// The score group a scoring item belongs to (-1: none); by name for a program not built by
// Compile, which leaves group_index unset.
int GroupOf(const CompiledProgram& p, const CompiledRule& s) {
  if (s.group_index >= 0 || s.group.empty()) return s.group_index;
  for (size_t k = 0; k < p.score_groups.size(); ++k)
    if (p.score_groups[k].name == s.group) return static_cast<int>(k);
  return -1;
}

// Whether a program gives money: an award formula, or nothing else said (`award_note:`).
bool GivesMoneyAtAll(const CompiledProgram& p) { return p.award >= 0 || !p.benefit; }

bool AnyCountLimit(const CompiledProgram& p) {
  return std::any_of(p.score_groups.begin(), p.score_groups.end(), [](const ScoreGroup& g) { return g.max_counted.has_value(); });
}

// A scoring item whose condition holds, with its points.
struct HeldItem {
  uint32_t index = 0;
  Rational points;
};

// The items of `held` that a group's `max_counted:` leaves out, as indexes into prog.scoring
// in the program's order: past the limit, in the group's `pick:` order (the most points first,
// the item written first on equal points; or as written). One rule for both paths.
void LeftOut(const CompiledProgram& p, const std::vector<HeldItem>& held, std::vector<uint32_t>& out) {
  out.clear();
  std::vector<const HeldItem*> in_group;
  for (size_t g = 0; g < p.score_groups.size(); ++g) {
    const ScoreGroup& sg = p.score_groups[g];
    if (!sg.max_counted) continue;
    in_group.clear();
    for (const HeldItem& h : held)
      if (GroupOf(p, p.scoring[h.index]) == static_cast<int>(g)) in_group.push_back(&h);
    if (in_group.size() <= static_cast<size_t>(*sg.max_counted)) continue;
    if (sg.pick == ScorePick::kHighest)
      std::stable_sort(in_group.begin(), in_group.end(),
                       [](const HeldItem* a, const HeldItem* b) { return Rational::Compare(a->points, b->points) > 0; });
    for (size_t k = static_cast<size_t>(*sg.max_counted); k < in_group.size(); ++k) out.push_back(in_group[k]->index);
  }
  std::sort(out.begin(), out.end());
}

// The points of the items that count, added in the program's order as without a limit (an
// addition past the range of a score is left out and reported): the first such item's id, or
// "" when every one was added.
std::string SumCounted(const std::vector<HeldItem>& held, const std::vector<uint32_t>& left_out, Rational& total,
                       const CompiledProgram& p) {
  std::string over;
  for (const HeldItem& h : held) {
    if (std::binary_search(left_out.begin(), left_out.end(), h.index)) continue;
    if (auto sum = Rational::Add(total, h.points)) total = *sum;
    else if (over.empty()) over = p.scoring[h.index].id;
  }
  return over;
}

// The nearest value of the fact that would make `fact OP bound` true.
std::optional<Value> Hint(ValueOp op, bool fact_on_left, const Value& bound, BaseType type) {
  if (bound.kind != VKind::kNumber && bound.kind != VKind::kDate && bound.kind != VKind::kEnum) return std::nullopt;
  if (!fact_on_left) op = Mirrored(op);  // bound OP fact  ==  fact OP' bound
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

// FormatValue(a, kEn) == FormatValue(b, kEn), without formatting: how the traced path
// tells that a comparison was already reported with the same values.
bool SameFormatted(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;  // each kind prints differently ("1", "\"1\"", "#1", "yes", …)
  switch (a.kind) {
    case VKind::kUnknown:
    case VKind::kError: return true;
    case VKind::kBool: return a.b == b.b;
    case VKind::kNumber: return a.num == b.num && a.yen == b.yen;
    case VKind::kDate:
    case VKind::kEnum: return a.i == b.i;
    case VKind::kText: {
      static const std::string kEmpty;
      return (a.text ? *a.text : kEmpty) == (b.text ? *b.text : kEmpty);
    }
    case VKind::kList:
    case VKind::kRecord: break;
  }
  return FormatValue(a, Lang::kEn) == FormatValue(b, Lang::kEn);
}

struct Evaluator {
  const CompiledProgram& p;
  const FactValues* facts;
  EvalContext& ctx;
  std::vector<TraceEvent>& events;
  // Which facts a rule's reasons already show: fact_marks[slot] == mark (a new mark per rule).
  std::vector<uint64_t>& fact_marks;
  uint64_t& mark;

  // Reasons from the events since `from`, into `out`: each distinct comparison once (same
  // text, same values), then the facts read directly that no comparison shows. What a
  // comparison's site says is worked out at compile time (prog.reason_sites).
  void Reasons(size_t from, std::vector<Reason>& out) const {
    out.clear();
    if (from >= events.size()) return;
    if (fact_marks.size() < p.facts.size()) fact_marks.resize(p.facts.size(), 0);
    const uint64_t m = ++mark;
    size_t fact_reads = 0;
    for (size_t k = from, n = events.size(); k < n; ++k) {
      const TraceEvent& ev = events[k];
      if (ev.fact_read) {
        ++fact_reads;
        continue;
      }
      const Instr& in = p.code[ev.instr];
      const int32_t at = p.site_of[ev.instr];
      const ReasonSite& site = p.reason_sites[static_cast<size_t>(at)];
      if (site.fact >= 0) fact_marks[static_cast<size_t>(site.fact)] = m;
      // The same comparison with the same values (as people read them) is said once.
      bool again = false;
      for (const Reason& kept : out)
        if (SameFormatted(kept.left, ev.left) && SameFormatted(kept.right, ev.right) &&
            (kept.s == &site || kept.s->expr == site.expr)) {
          again = true;
          break;
        }
      if (again) continue;
      Reason& r = out.emplace_back(&site, ToTri(ev.result, ev.result_true), ev.left, ev.right);
      if (in.op == Op::kEach) {
        r.left = RecordName(site, ev.left);
        continue;
      }
      if (site.fact >= 0 && r.result == Tri::kFalse) {
        const CompiledFact& fact = p.facts[static_cast<size_t>(site.fact)];
        if (in.op == Op::kBinary) {
          const Value& bound = site.fact_left ? ev.right : ev.left;
          r.hint = Hint(static_cast<ValueOp>(in.fn), site.fact_left, bound, fact.spec.base);
        } else if (in.op == Op::kBetween && site.fact_left) {
          Value lo = ev.right;
          bool below = lo.IsKnown() && CompareValues(ev.left, lo) < 0;
          if (below) r.hint = lo;
          else {
            // the upper bound is not in the event; evaluate it (a constant or a parameter)
            EvalContext tmp = ctx;
            tmp.trace = nullptr;
            r.hint = Run(p, in.c, tmp);
          }
        }
      }
    }
    if (fact_reads == 0) return;
    // Facts read directly (a yes/no fact, an amount inside a formula) that no comparison shows.
    for (size_t k = from, n = events.size(); k < n; ++k) {
      const TraceEvent& ev = events[k];
      if (!ev.fact_read) continue;
      uint32_t slot = p.code[ev.instr].a;
      if (fact_marks[slot] == m) continue;
      fact_marks[slot] = m;
      // A derived fact the applicant did not give is read (unknown) before `derive:` works it
      // out: the reason shows the value worked out, which is the one the rule used.
      const Value& shown = ev.left.IsKnown() ? ev.left : DerivedValue(slot, ev.left);
      const Tri result = shown.kind == VKind::kBool ? ToTri(shown) : shown.IsKnown() ? Tri::kTrue : Tri::kUnknown;
      out.emplace_back(&p.reason_sites[static_cast<size_t>(p.site_of[ev.instr])], result, shown);
    }
  }

  // The value `derive:` worked out for fact `slot` in this decision, else `read`.
  const Value& DerivedValue(uint32_t slot, const Value& read) const {
    const int32_t d = p.facts[slot].derive;
    if (d < 0) return read;
    const auto define = static_cast<size_t>(d);
    if (define >= ctx.define_state.size() || ctx.define_state[define] != 2) return read;
    return ctx.define_values[define];
  }

  // A record an aggregate names, as its reason shows it: the value of its `name_field:`.
  Value RecordName(const ReasonSite& site, const Value& record) const {
    if (site.fact < 0 || record.kind != VKind::kRecord || !record.list) return Value::Unknown();
    const RecordDef* def = p.facts[static_cast<size_t>(site.fact)].spec.record.get();
    if (!def || def->name_field < 0 || static_cast<size_t>(def->name_field) >= record.list->items.size())
      return Value::Unknown();
    return record.list->items[static_cast<size_t>(def->name_field)];
  }

  // The rule's result into `rr`, which may hold an earlier one (its vectors are reused).
  void EvalRule(const CompiledRule& rule, bool trace, RuleResult& rr) {
    rr.rule = &rule;
    rr.settled = false;
    rr.error.clear();
    rr.missing.clear();
    rr.points = Rational();
    size_t from = events.size();
    ctx.trace_from = from;
    // The rule's own error, if any, is its alone: an earlier one is set aside (rarely any).
    std::string prev_error;
    const bool had_error = !ctx.error.empty();
    if (had_error) prev_error.swap(ctx.error);
    Value v = Run(p, rule.root, ctx);
    rr.result = ToTri(v);
    if (rr.result == Tri::kError) rr.error = ctx.ErrorText();
    if (trace) Reasons(from, rr.reasons);
    else rr.reasons.clear();
    if (rr.result == Tri::kUnknown || rr.result == Tri::kError)
      for (uint32_t f : rule.facts)
        if ((facts->values[f].kind == VKind::kUnknown || HasUnknownField(facts->values[f])) &&
            !p.OnlyAPart(f, facts->values.data()))
          rr.missing.push_back(f);
    if (had_error && ctx.error.empty()) ctx.error.swap(prev_error);
  }
};

void SayMissing(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options, Decision& d);

}  // namespace

Decision Decide(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options) {
  Decision d;
  Decide(prog, facts, options, d);
  return d;
}

void Decide(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options, Decision& d) {
  d.program = &prog;
  d.as_of = options.as_of;
  d.input_issues = facts.issues;
  d.window_open = WindowOpen(prog, options.as_of);
  d.score = Rational();
  d.score_complete = true;
  d.voided_groups.clear();
  d.not_counted.clear();
  d.award.reset();
  d.award_error.clear();
  d.missing.clear();
  d.moot.clear();
  d.errors.clear();
  // The per-call state is the thread's, reused: its vectors keep their capacity from one
  // decision to the next (a nested call, which nothing makes today, gets its own).
  struct Scratch {
    EvalContext ctx;
    std::vector<TraceEvent> events;
    std::vector<uint64_t> fact_marks;
    uint64_t mark = 0;
    bool busy = false;
  };
  thread_local Scratch reused;
  std::optional<Scratch> own;
  Scratch& scratch = reused.busy ? own.emplace() : reused;
  scratch.busy = true;
  struct Release {
    Scratch& s;
    ~Release() { s.busy = false; }
  } release{scratch};
  scratch.events.clear();
  Evaluator ev{prog, &facts, scratch.ctx, scratch.events, scratch.fact_marks, scratch.mark};
  ev.ctx.Reset(prog, facts.values.data(), options.as_of);
  ev.ctx.trace = options.trace ? &ev.events : nullptr;
  // One result per rule, in the program's order (resize keeps the results already there).
  d.requirements.resize(prog.requirements.size());
  d.exclusions.resize(prog.exclusions.size());
  d.scoring.resize(prog.scoring.size());

  bool any_fail = false, any_unknown = false;
  for (size_t k = 0; k < prog.requirements.size(); ++k) {
    const CompiledRule& r = prog.requirements[k];
    RuleResult& rr = d.requirements[k];
    ev.EvalRule(r, options.trace, rr);
    Tri t = rr.result;
    any_fail |= t == Tri::kFalse;
    any_unknown |= t == Tri::kUnknown || t == Tri::kError;
    if (t == Tri::kError) d.errors.push_back(ErrorIn(r.id, rr.error));
  }
  // A hint says what would make a comparison true: useful only where a requirement failed.
  for (auto& rr : d.requirements)
    if (rr.result != Tri::kFalse)
      for (auto& reason : rr.reasons) reason.hint.reset();
  for (size_t k = 0; k < prog.exclusions.size(); ++k) {
    const CompiledRule& r = prog.exclusions[k];
    RuleResult& rr = d.exclusions[k];
    ev.EvalRule(r, options.trace, rr);
    for (auto& reason : rr.reasons) reason.hint.reset();
    Tri t = rr.result;
    any_fail |= t == Tri::kTrue;
    any_unknown |= t == Tri::kUnknown || t == Tri::kError;
    if (t == Tri::kError) d.errors.push_back(ErrorIn(r.id, rr.error));
  }
  d.outcome = any_fail ? Outcome::kIneligible : any_unknown ? Outcome::kUndetermined : Outcome::kEligible;

  // Scoring: every item, for every applicant (officials compare scores of refused ones too).
  std::map<std::string, int64_t> group_counts;
  Rational total;
  bool score_error = false;
  const bool count_limits = AnyCountLimit(prog);
  std::vector<HeldItem> held;
  for (size_t k = 0; k < prog.scoring.size(); ++k) {
    const CompiledRule& s = prog.scoring[k];
    RuleResult& rr = d.scoring[k];
    ev.EvalRule(s, options.trace, rr);
    for (auto& reason : rr.reasons) reason.hint.reset();
    if (rr.result == Tri::kTrue) {
      ev.ctx.error.clear();
      Value pts = Run(prog, s.points, ev.ctx);
      if (pts.kind == VKind::kNumber) {
        rr.points = pts.num;
        // With a `max_counted:` the points are added once it is known which count (below).
        if (count_limits) held.push_back({static_cast<uint32_t>(k), pts.num});
        auto sum = count_limits ? std::optional<Rational>(total) : Rational::Add(total, pts.num);
        if (sum) total = *sum;
        else {
          d.errors.push_back(ErrorIn(s.id, EvalError(Msg::kEvalScoreOutOfRange)));
          score_error = true;
        }
      } else if (pts.kind == VKind::kError) {
        d.errors.push_back(ErrorIn(s.id, ev.ctx.ErrorText()));
        score_error = true;
      } else {
        d.score_complete = false;
      }
      if (!s.group.empty()) ++group_counts[s.group];
    } else if (rr.result != Tri::kFalse) {
      d.score_complete = false;
    }
  }
  for (const auto& g : prog.score_groups) {
    if (g.max_items && group_counts[g.name] > *g.max_items) d.voided_groups.push_back(g.name);
  }
  if (count_limits) {
    std::vector<uint32_t> left_out;
    LeftOut(prog, held, left_out);
    for (uint32_t k : left_out) d.not_counted.push_back(prog.scoring[k].id);
    if (std::string over = SumCounted(held, left_out, total, prog); !over.empty()) {
      d.errors.push_back(ErrorIn(over, EvalError(Msg::kEvalScoreOutOfRange)));
      score_error = true;
    }
  }
  d.score = d.voided_groups.empty() ? total : Rational(0);
  // A score that cannot be worked out is never a complete one to rank by: like an error in a
  // requirement, it leaves an otherwise eligible applicant undetermined.
  if (score_error) {
    d.score_complete = false;
    if (d.outcome == Outcome::kEligible) d.outcome = Outcome::kUndetermined;
  }

  // Award: 0 when refused; otherwise the formula, if the program states one.
  if (d.outcome == Outcome::kIneligible) {
    if (GivesMoneyAtAll(prog)) d.award = Rational(0);  // a program without money has no amount, not 0
  } else if (prog.award >= 0) {
    ev.ctx.error.clear();
    // The award has no reasons to show: the fast path computes it (DecideFast's way, which
    // the tests and the fuzzers hold equal to the interpreter's, messages included).
    Value a = prog.fast_ready ? RunFastValue(prog, prog.fast_award, ev.ctx)
                              : Run(prog, static_cast<uint32_t>(prog.award), ev.ctx);
    if (a.kind == VKind::kNumber && Rational::Compare(a.num, Rational(0)) < 0) {
      // Nobody is granted a negative amount: it would free budget for others in a ranking.
      d.award_error = NegativeAwardMessage(a.num);
      d.errors.push_back(EvalError(Msg::kEvalErrorInAward, fmt::arg("error", d.award_error)));
    } else if (a.kind == VKind::kNumber) {
      d.award = a.num;
    } else if (a.kind == VKind::kError) {
      d.award_error = ev.ctx.ErrorText();
      d.errors.push_back(EvalError(Msg::kEvalErrorInAward, fmt::arg("error", d.award_error)));
    }
  }

  if (!d.window_open) {
    d.outcome = Outcome::kClosed;  // no fact would open it: nothing is missing
    return;
  }
  if (d.outcome == Outcome::kUndetermined || (!d.award && prog.award >= 0 && d.outcome == Outcome::kEligible))
    SayMissing(prog, facts, options, d);
}

namespace {

// Whether fact `f` is one a decision names as missing (a part of a derived fact is not, while
// that fact is the one to give: CompiledProgram::OnlyAPart).
bool Askable(const CompiledProgram& p, const FactValues& facts, uint32_t f) {
  return (facts.values[f].kind == VKind::kUnknown || HasUnknownField(facts.values[f])) && !p.OnlyAPart(f, facts.values.data());
}

// The facts that would settle the outcome, or the award of an eligible applicant, the one the
// most open rules read first. With options.settle, only those that some value of can change
// it (eval/settle.hpp), and the outcome, the rules and the award no value changes are decided.
void SayMissing(const CompiledProgram& prog, const FactValues& facts, const EvalOptions& options, Decision& d) {
  std::map<uint32_t, int> need;  // today's three-valued answer: every unknown fact read
  for (const auto* rules : {&d.requirements, &d.exclusions})
    for (const auto& r : *rules)
      for (uint32_t f : r.missing) ++need[f];
  const bool award_open = !d.award && prog.award >= 0 && d.award_error.empty();
  if (award_open)
    for (uint32_t f : prog.award_facts)
      if (Askable(prog, facts, f)) need[f] += 0;
  std::vector<uint32_t> relevant;
  bool settled = false;
  if (options.settle) {
    Settlement s = Settle(prog, facts.values.data(), d, options.settle_options);
    settled = s.ran;
    if (d.outcome == Outcome::kUndetermined && s.outcome != Outcome::kUndetermined) {
      d.outcome = s.outcome;
      if (s.outcome == Outcome::kIneligible) d.award = Rational(0);
    }
    auto settle_rules = [](std::vector<RuleResult>& results, const std::vector<Tri>& by) {
      for (size_t k = 0; k < results.size() && k < by.size(); ++k)
        if (results[k].result == Tri::kUnknown && by[k] != Tri::kUnknown) {
          results[k].result = by[k];
          results[k].settled = true;
          results[k].missing.clear();
        }
    };
    settle_rules(d.requirements, s.requirements);
    settle_rules(d.exclusions, s.exclusions);
    if (!d.award && s.award && d.outcome != Outcome::kIneligible) d.award = s.award;
    relevant = std::move(s.relevant);
  }
  const bool still_open = d.outcome == Outcome::kUndetermined || (d.outcome == Outcome::kEligible && !d.award && award_open);
  std::vector<bool> keep(prog.facts.size(), !settled);
  if (settled && still_open) {
    for (uint32_t f : relevant) {
      if (Askable(prog, facts, f)) keep[f] = true;
      // Once a part of a derived fact is given, the others are needed too (OnlyAPart).
      for (uint32_t part : prog.facts[f].parts)
        if (Askable(prog, facts, part)) keep[part] = true;
    }
    for (uint32_t f : relevant) need.try_emplace(f, 0);
  }
  std::vector<std::pair<uint32_t, int>> order;
  for (const auto& [f, n] : need) {
    if (still_open && keep[f] && Askable(prog, facts, f)) order.emplace_back(f, n);
    else if (settled) d.moot.push_back(f);
  }
  std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.second > b.second; });
  for (auto& [f, n] : order) d.missing.push_back(f);
}

}  // namespace

namespace {

// A leaf that cannot answer by itself (a value of another kind than it expects): its step
// hands the whole condition to RunFastRoot.
constexpr Tri kOpen = static_cast<Tri>(4);

// A leaf's answer from the facts in place: exactly what RunFastRoot answers for its node
// (Compare on two numbers, or two texts under == / !=; FactCondition on a yes/no), or kOpen.
// The comparison is worked out before the kind is looked at (a Value of any kind holds a
// valid number, 0 when it is not one), so the usual case takes no branch on the facts.
[[gnu::always_inline]] inline Tri Leaf(const CompiledProgram& p, const FastLeaf& l, const Value* values) {
  const Value& v = values[l.fact];
  switch (l.op) {
    case LeafOp::kNumConst: {
      const Tri t = Holds(l.mask, Rational::Compare(v.num, l.k));
      return v.kind == VKind::kNumber ? t : kOpen;
    }
    case LeafOp::kTextConst:
      if (v.kind != VKind::kText) return kOpen;
      return Holds(l.mask, SameText(*v.text, *p.consts[l.a].text) ? 0 : 1);
    case LeafOp::kFact: {
      const Tri t = static_cast<Tri>(v.b ^ (l.mask & 1));
      return v.kind == VKind::kBool ? t : kOpen;
    }
    case LeafOp::kNumTable: {
      const Value& key = values[l.c];
      const auto row = static_cast<uint32_t>(key.i);  // a negative index is far out of range
      if (key.kind != VKind::kEnum || row >= l.n) return kOpen;
      const PlanCell& cell = p.fast_plan.cells[l.a + row];
      const Tri t = Holds(l.mask, Rational::Compare(v.num, cell.num));
      return v.kind == VKind::kNumber && cell.ok ? t : kOpen;
    }
  }
  return kOpen;
}

// A step's answer from its leaves (`and` / `or` as FastJunction: the left leaf settles it, or
// the right one decides), or kOpen. Both leaves are read, so the answer takes no branch.
[[gnu::always_inline]] inline Tri AnswerStep(const CompiledProgram& p, const FastStep& s, const Value* values) {
  if (s.op == StepOp::kLeaf) return Leaf(p, s.left, values);
  if (s.op == StepOp::kRoot) return kOpen;
  const Tri settles = s.op == StepOp::kAnd ? Tri::kFalse : Tri::kTrue;
  const Tri l = Leaf(p, s.left, values);
  const Tri r = Leaf(p, s.right, values);
  return l == settles || l == kOpen ? l : r;
}

// The plan's award (FastPlan::award), worked out from the fact in place: what RunFastNodeValue's
// kFloorMul and kMinMax give when the fact is a number and the product fits in 64 bits. False
// for any other value (the tree then works it out, and says what went wrong).
[[gnu::always_inline]] inline bool AwardOf(const FastPlan& plan, Rational v, Rational& out) {
  __extension__ using i128 = __int128;
  const i128 pn = i128(v.num()) * plan.award_k.num(), pd = i128(v.den()) * plan.award_k.den();
  constexpr i128 kMax = std::numeric_limits<int64_t>::max();
  if (pn > kMax || pn < -kMax || pd > kMax) return false;
  const auto n64 = static_cast<int64_t>(pn), d64 = static_cast<int64_t>(pd);
  int64_t q = n64 / d64;
  if (n64 % d64 != 0 && n64 < 0) --q;
  out = Rational(q);
  if (plan.award != PlanAward::kFloorMul) {
    const Rational& x = plan.award_bound;
    const int c = x.IsInteger() ? (x.num() > q) - (x.num() < q) : Rational::Compare(x, out);
    if (plan.award == PlanAward::kFloorMulMin ? c < 0 : c > 0) out = x;
  }
  return true;
}

bool PlainAward(const FastPlan& plan, const Value* values, Rational& out) {
  if (plan.award == PlanAward::kNone) return false;  // a program without facts has no values to read
  const Value& v = values[plan.award_fact];
  return v.kind == VKind::kNumber && AwardOf(plan, v.num, out);
}

// What both ways of DecideFast end with: the award, the errors, the window. `reset`: whether
// ctx was prepared for this decision (its error is this decision's); `plain`: the award when
// PlainAward worked it out.
[[gnu::always_inline]] inline void FinishFast(const CompiledProgram& prog, Date as_of, EvalContext& ctx, bool reset,
                                              FastDecision& out, const Rational* plain = nullptr) {
  if (out.outcome == Outcome::kIneligible) {
    if (GivesMoneyAtAll(prog)) out.award = Rational(0);
  } else if (plain) {
    if (Rational::Compare(*plain, Rational(0)) < 0) out.error = true;
    else out.award = *plain;
  } else if (prog.award >= 0) {
    Value a = prog.fast_ready ? RunFastValue(prog, prog.fast_award, ctx) : Run(prog, static_cast<uint32_t>(prog.award), ctx);
    if (a.kind == VKind::kNumber && Rational::Compare(a.num, Rational(0)) < 0) out.error = true;
    else if (a.kind == VKind::kNumber) out.award = a.num;
    else if (a.kind == VKind::kError) out.error = true;
  }
  if (reset && !ctx.error.empty()) out.error = true;
  bool open = (!prog.window_from || *prog.window_from <= as_of) && (!prog.window_to || as_of <= *prog.window_to);
  if (!open) out.outcome = Outcome::kClosed;
}


// A step its leaves cannot answer: the tree answers it, in the context prepared once (`reset`).
[[gnu::noinline]] unsigned OpenStep(const CompiledProgram& prog, uint32_t root, const Value* values, Date as_of,
                                    EvalContext& ctx, bool& reset) {
  if (!reset) ctx.Reset(prog, values, as_of);
  reset = true;
  return static_cast<unsigned>(RunFastRoot(prog, root, ctx));
}

// DecideFast over the program's flat plan (FastPlan): the evaluation context is prepared only
// when a step or the award needs it, so a decision every leaf answers touches nothing else.
// The answers are added up without a branch on them; only a step that hands its condition to
// the tree branches.
FastDecision DecidePlanned(const CompiledProgram& prog, const Value* values, Date as_of, EvalContext& ctx) {
  const FastPlan& plan = prog.fast_plan;
  bool reset = false;
  const auto answer = [&](const FastStep& s) __attribute__((always_inline)) {
    const auto c = static_cast<unsigned>(AnswerStep(prog, s, values));
    return c == static_cast<unsigned>(kOpen) ? OpenStep(prog, s.root, values, as_of, ctx, reset) : c;
  };
  constexpr unsigned kTrue = static_cast<unsigned>(Tri::kTrue), kFalse = static_cast<unsigned>(Tri::kFalse);
  const FastStep* step = plan.steps.data();
  const FastStep* const exclusions = step + plan.exclusions;
  const FastStep* const scoring = step + plan.scoring;
  const FastStep* const end = step + plan.steps.size();
  unsigned any_fail = 0, any_unknown = 0;  // kUnknown and kError are 2 and 3
  for (; step != exclusions; ++step) {
    const unsigned c = answer(*step);
    any_fail |= c == kFalse;
    any_unknown |= c >> 1;
  }
  for (; step != scoring; ++step) {
    const unsigned c = answer(*step);
    any_fail |= c == kTrue;
    any_unknown |= c >> 1;
  }
  int64_t total = 0;  // BuildFastPlan bounds the points: no sum overflows
  int64_t counts[kMaxPlanGroups + 1] = {};
  for (; step != end; ++step) {
    const int64_t held = answer(*step) == kTrue;
    total += step->points & -held;
    counts[step->slot] += held;
  }
  bool voided = false;
  for (size_t g = 0; g < plan.group_limits.size(); ++g) voided |= counts[g] > plan.group_limits[g];
  FastDecision out;
  out.outcome = any_fail ? Outcome::kIneligible : any_unknown ? Outcome::kUndetermined : Outcome::kEligible;
  out.score = Rational(voided ? 0 : total);
  Rational award;
  const bool plain = out.outcome != Outcome::kIneligible && PlainAward(plan, values, award);
  if (out.outcome != Outcome::kIneligible && prog.award >= 0 && !plain && !reset) {
    ctx.Reset(prog, values, as_of);
    reset = true;
  }
  FinishFast(prog, as_of, ctx, reset, out, plain ? &award : nullptr);
  return out;
}

// One packed leaf's test, 0 or 1 (program.hpp: PackedLeaf).
[[gnu::always_inline]] inline int64_t PackedAnswer(const PackedLeaf& l, const int64_t* row, const PackedCell* cells) {
  const PackedCell& c = cells[l.base + ((row[l.key] >> 1) & l.keymask)];
  return (static_cast<uint64_t>(row[l.x]) - c.lo <= c.span) ^ l.flip;
}

// The answers of one run of steps (PackedPlan::steps) added up: program.hpp, PackedSums.
template <bool kPair, bool kScore, bool kFailWhenHolds>
[[gnu::always_inline]] inline void AddPacked(const PackedStep* from, const PackedStep* to, const int64_t* row,
                                             const PackedCell* cells, int64_t& fail, int64_t& total, int64_t* counts) {
  for (const PackedStep* s = from; s != to; ++s) {
    int64_t t = PackedAnswer(s->left, row, cells);
    if constexpr (kPair) {
      const int64_t r = PackedAnswer(s->right, row, cells);
      t = (t & r) | (s->either & (t | r));
    }
    if constexpr (kScore) {
      total += s->points & -t;
      counts[s->slot] += t;
    } else {
      fail |= kFailWhenHolds ? t : t ^ 1;
    }
  }
}

}  // namespace

size_t PackedWidth(const CompiledProgram& prog) { return prog.fast_plan.packed.Width(); }

void PackFacts(const CompiledProgram& prog, const Value* values, int64_t* row) {
  const PackedPlan& pk = prog.fast_plan.packed;
  uint64_t plain = 0;
  constexpr int64_t kHalf = kPackedLimit / 2;  // |a value| <= this packs within kPackedLimit
  for (size_t j = 0; pk.ready && j < pk.slots.size(); ++j) {
    const PackedSlot& s = pk.slots[j];
    const Value& v = values[s.fact];
    int64_t x = 0;
    bool ok = false;
    switch (s.kind) {
      case PackKind::kNumber:
        if (v.kind != VKind::kNumber) break;
        if (v.num.den() == 1 && s.scale == 1) {  // the usual case: a whole number of an int or yen fact
          x = v.num.num();
          ok = x <= kHalf && x >= -kHalf;
        } else if (s.scale % v.num.den() == 0) {  // v × scale is a whole number
          __extension__ using i128 = __int128;
          const i128 scaled = i128(v.num.num()) * (s.scale / v.num.den());
          ok = scaled <= kHalf && scaled >= -kHalf;
          x = ok ? static_cast<int64_t>(scaled) : 0;
        }
        break;
      case PackKind::kBool:
        ok = v.kind == VKind::kBool;
        x = v.b ? 1 : 0;
        break;
      case PackKind::kEnum:
        ok = v.kind == VKind::kEnum && v.i >= 0 && static_cast<size_t>(v.i) < s.keys.size() && s.keys[v.i];
        x = v.i;
        break;
      case PackKind::kText:
        ok = v.kind == VKind::kText && v.text;
        for (size_t i = 0; ok && i < s.texts.size(); ++i)
          if (SameText(*v.text, *prog.consts[s.texts[i]].text)) {
            x = static_cast<int64_t>(i + 1);
            break;
          }
        break;
    }
    row[1 + j] = ok ? 2 * x : 0;
    plain |= uint64_t{ok} << j;
  }
  row[0] = static_cast<int64_t>(plain);
}

FastDecision DecidePacked(const CompiledProgram& prog, const int64_t* row, const Value* values, Date as_of,
                          EvalContext& ctx) {
  const FastPlan& plan = prog.fast_plan;
  const PackedPlan& pk = plan.packed;
  FastDecision out;  // every way returns `out`, which is then built in place
  if (!prog.fast_ready || !pk.ready || static_cast<uint64_t>(row[0]) != pk.plain) {
    out = DecideFast(prog, values, as_of, ctx);
    return out;
  }
  int64_t fail = 0, score = 0;
  if (pk.kernel) {
    PackedSums sums;
    pk.kernel(row, &sums);
    fail = sums.fail;
    score = sums.total;
  } else {
    // In locals, which nothing else points at (the row and the sums are both int64_t).
    int64_t total = 0;  // BuildFastPlan bounds the points: no sum overflows
    int64_t counts[kMaxPlanGroups + 1] = {};
    const PackedCell* cells = pk.cells.data();
    const PackedStep* s = pk.steps.data();
    AddPacked<false, false, true>(s, s + pk.ends[0], row, cells, fail, total, counts);
    AddPacked<true, false, false>(s + pk.ends[0], s + pk.ends[1], row, cells, fail, total, counts);
    AddPacked<true, false, true>(s + pk.ends[1], s + pk.ends[2], row, cells, fail, total, counts);
    AddPacked<false, true, false>(s + pk.ends[2], s + pk.ends[3], row, cells, fail, total, counts);
    AddPacked<true, true, false>(s + pk.ends[3], s + pk.ends[4], row, cells, fail, total, counts);
    bool voided = false;
    for (size_t g = 0; g < plan.group_limits.size(); ++g) voided |= counts[g] > plan.group_limits[g];
    score = voided ? 0 : total;
  }
  out.outcome = fail ? Outcome::kIneligible : Outcome::kEligible;
  out.score = Rational(score);
  Rational award;
  const bool plain = !fail && plan.award != PlanAward::kNone;
  if (plain) {
    const int64_t scale = pk.slots[pk.award - 1].scale, x = row[pk.award] / 2;
    const std::optional<Rational> v = scale == 1 ? std::optional<Rational>(x) : Rational::Make(x, scale);
    // A product past 64 bits: the tree works it out, and says what went wrong.
    if (!v || !AwardOf(plan, *v, award)) {
      out = DecideFast(prog, values, as_of, ctx);
      return out;
    }
  }
  FinishFast(prog, as_of, ctx, false, out, plain ? &award : nullptr);
  return out;
}

FastDecision DecideFast(const CompiledProgram& prog, const Value* facts, Date as_of, EvalContext& ctx) {
  if (prog.fast_ready && prog.fast_plan.ready) {
    return DecidePlanned(prog, facts, as_of, ctx);
  }
  FastDecision out;
  ctx.Reset(prog, facts, as_of);
  // prog.fast (built by Compile) evaluates conditions without the interpreter;
  // a program assembled by hand has none, and is interpreted.
  auto condition = [&](const CompiledRule& r) {
    return prog.fast_ready ? RunFastRoot(prog, r.fast_root, ctx) : TriOf(Run(prog, r.root, ctx));
  };
  bool any_fail = false, any_unknown = false;
  for (const auto& r : prog.requirements) {
    Tri c = condition(r);
    if (c == Tri::kFalse) any_fail = true;
    else if (c != Tri::kTrue) any_unknown = true;
  }
  for (const auto& r : prog.exclusions) {
    Tri c = condition(r);
    if (c == Tri::kTrue) any_fail = true;
    else if (c != Tri::kFalse) any_unknown = true;
  }
  out.outcome = any_fail ? Outcome::kIneligible : any_unknown ? Outcome::kUndetermined : Outcome::kEligible;
  Rational total;
  bool voided = false, score_error = false;
  ctx.group_counts.assign(prog.score_groups.size(), 0);
  // Only a program with a `max_counted:` keeps the items that hold (rarely any).
  const bool count_limits = !prog.score_groups.empty() && AnyCountLimit(prog);
  thread_local std::vector<HeldItem> kept;
  std::vector<HeldItem>* held = nullptr;
  if (count_limits) (held = &kept)->clear();
  for (size_t k = 0; k < prog.scoring.size(); ++k) {
    const CompiledRule& s = prog.scoring[k];
    if (condition(s) != Tri::kTrue) continue;
    Value computed;
    const Value& pts = prog.fast_ready && s.fast_points.kind == OperandKind::kConst ? prog.consts[s.fast_points.a]
                       : prog.fast_ready ? (computed = RunFastValue(prog, s.fast_points, ctx))
                                         : (computed = Run(prog, s.points, ctx));
    if (pts.kind == VKind::kNumber) {
      int64_t whole;
      if (held) {
        held->push_back({static_cast<uint32_t>(k), pts.num});  // added once it is known which count
      } else if (total.IsInteger() && pts.num.IsInteger() && !__builtin_add_overflow(total.num(), pts.num.num(), &whole) &&
          whole != std::numeric_limits<int64_t>::min()) {
        total = Rational(whole);  // whole points, the usual case: Rational::Add without the call
      } else if (auto sum = Rational::Add(total, pts.num)) {
        total = *sum;
      } else {
        score_error = true;
      }
    } else if (pts.kind == VKind::kError) {
      score_error = true;
    }
    int g = prog.fast_ready ? s.group_index : GroupOf(prog, s);
    if (g >= 0) {
      const auto& limit = prog.score_groups[static_cast<size_t>(g)].max_items;
      if (++ctx.group_counts[static_cast<size_t>(g)] > limit.value_or(std::numeric_limits<int64_t>::max())) voided = true;
    }
  }
  if (held) {
    thread_local std::vector<uint32_t> left_out;
    LeftOut(prog, *held, left_out);
    if (!SumCounted(*held, left_out, total, prog).empty()) score_error = true;
  }
  out.score = voided ? Rational(0) : total;
  if (score_error) {
    out.error = true;
    if (out.outcome == Outcome::kEligible) out.outcome = Outcome::kUndetermined;
  }
  FinishFast(prog, as_of, ctx, /*reset=*/true, out);
  return out;
}

}  // namespace elig
