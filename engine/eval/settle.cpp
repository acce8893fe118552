// SPDX-License-Identifier: Apache-2.0
#include "eval/settle.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "eval/abstract.hpp"
#include "eval/decision.hpp"

namespace elig {

using abstract::AK;
using abstract::AV;
using abstract::End;

namespace {

enum class VarKind : uint8_t { kBool, kEnum, kWhole, kDecimal, kDate, kTop };

// An unknown fact and every value it may take.
struct Var {
  uint32_t fact = 0;
  VarKind kind = VarKind::kTop;
  bool yen = false;
  uint64_t full = 0;  // kBool, kEnum: every value
  End lo, hi;         // numbers and dates
  std::vector<Rational> cuts;  // where a range is cut first, ascending (dates: days)
};

// The part of one variable's values a box holds: a set (yes/no, enum) or a range.
struct Piece {
  uint64_t mask = 0;
  End lo, hi;
};

using Box = std::vector<Piece>;

constexpr uint8_t kOE = 1, kOI = 2, kOU = 4;  // outcomes a box may have: eligible, ineligible, undetermined

uint8_t OutcomeBit(Outcome o) {
  return o == Outcome::kEligible ? kOE : o == Outcome::kIneligible ? kOI : kOU;
}

bool Single(uint8_t m) { return m && !(m & (m - 1)); }

// What a box's award is: none (unknown, an error, below zero), one amount, or not one thing.
struct AwardOf {
  enum Kind : uint8_t { kNone, kValue, kMixed } kind = kNone;
  Rational value;
  bool operator==(const AwardOf& o) const { return kind == o.kind && (kind != kValue || value == o.value); }
};

AwardOf ClassifyAward(const AV& a) {
  AwardOf out;
  if (a.IsExact()) {
    if (a.v.kind == VKind::kNumber && Rational::Compare(a.v.num, Rational(0)) >= 0) {
      out.kind = AwardOf::kValue;
      out.value = a.v.num;
    }
    return out;
  }
  // Not one amount: a range (Normal makes a single amount exact), or an amount that may also
  // be unknown, an error or below zero. None when no case gives an amount of zero or more.
  const bool may_value = (a.k == AK::kNum && Rational::Compare(a.hi.v, Rational(0)) >= 0) || a.k == AK::kAny;
  out.kind = may_value ? AwardOf::kMixed : AwardOf::kNone;
  return out;
}

// A finished part of the search: its box and what every case in it gives. `mixed`: the
// search stopped before the box gave one result; `ambiguous` then lists the variables that
// may still change it.
struct Leaf {
  Box box;
  uint8_t outcomes = 0;
  std::vector<uint8_t> rules;  // truth masks: requirements, then exclusions
  AwardOf award;
  bool mixed = false;
  std::vector<uint32_t> ambiguous;
};

class Settler {
 public:
  Settler(const CompiledProgram& p, const Value* facts, const Decision& concrete, const SettleOptions& o)
      : p_(p), facts_(facts), d_(concrete), o_(o), ev_(p, concrete.as_of) {}

  Settlement Run();

 private:
  void MakeVars(bool need_award);
  void Thresholds();
  void AddVar(uint32_t fact);
  AV PieceValue(const Var& v, const Piece& piece) const;
  bool IsPoint(const Var& v, const Piece& piece) const;
  bool Split(const Var& v, const Piece& piece, bool award, std::vector<Piece>& out) const;
  void Load(const Box& box);
  uint8_t Outcomes(std::vector<uint8_t>& rules);
  bool ScoreMayFail();
  void SearchOutcome();
  void SearchAward(const Leaf& outcome_leaf);
  bool SplitBy(const std::vector<uint32_t>& candidates, const Box& box, uint32_t depth, bool award,
               std::vector<std::pair<Box, uint32_t>>& stack);
  std::vector<uint32_t> Candidates(const std::vector<uint8_t>& rules, const Box& box) const;
  std::vector<uint32_t> Relevant(const std::vector<Leaf>& leaves, bool by_award) const;

  const CompiledProgram& p_;
  const Value* facts_;
  const Decision& d_;
  const SettleOptions& o_;
  abstract::Evaluator ev_;
  std::vector<Var> vars_;
  std::vector<int32_t> var_of_;  // fact slot -> variable, -1 when none
  std::vector<AV> env_;
  std::vector<Leaf> leaves_, award_leaves_;
  Settlement out_;
  bool award_needed_ = false;
};

void Settler::AddVar(uint32_t f) {
  // A list of records with a field not given is a fact still open, taken whole (never split).
  if (var_of_[f] >= 0 || (facts_[f].kind != VKind::kUnknown && !HasUnknownField(facts_[f]))) return;
  const CompiledFact& fact = p_.facts[f];
  Var v;
  v.fact = f;
  const Rational big = abstract::Largest();
  switch (fact.spec.base) {
    case BaseType::kBool:
      v.kind = VarKind::kBool;
      v.full = 0b11;
      break;
    case BaseType::kEnum: {
      size_t n = fact.spec.enum_def ? fact.spec.enum_def->values.size() : 0;
      if (n > 0 && n <= 64) {
        v.kind = VarKind::kEnum;
        v.full = n == 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
      }
      break;
    }
    case BaseType::kInt:
    case BaseType::kYen:
    case BaseType::kDecimal:
      v.kind = fact.spec.base == BaseType::kDecimal ? VarKind::kDecimal : VarKind::kWhole;
      v.yen = fact.spec.base == BaseType::kYen;
      v.lo = {fact.min ? *fact.min : *big.Neg(), false};
      v.hi = {fact.max ? *fact.max : big, false};
      if (v.kind == VarKind::kWhole) {
        v.lo.v = v.lo.v.Ceil();
        v.hi.v = v.hi.v.Floor();
      }
      break;
    case BaseType::kDate:
      v.kind = VarKind::kDate;
      v.lo = {Rational(MakeDate(1, 1, 1)->days), false};
      v.hi = {Rational(MakeDate(9999, 12, 31)->days), false};
      break;
    default: break;  // texts and lists: any value, never split
  }
  var_of_[f] = static_cast<int32_t>(vars_.size());
  vars_.push_back(v);
}

void Settler::MakeVars(bool need_award) {
  var_of_.assign(p_.facts.size(), -1);
  env_.resize(p_.facts.size());
  for (size_t f = 0; f < p_.facts.size(); ++f) env_[f] = AV::Exact(facts_[f]);
  // A derived fact that its parts already work out is not unknown: `derive:` gives its value.
  std::vector<bool> worked_out(p_.facts.size(), false);
  ev_.Begin(env_);
  for (size_t f = 0; f < p_.facts.size(); ++f)
    if (p_.facts[f].derive >= 0 && facts_[f].kind == VKind::kUnknown) {
      AV v = ev_.Eval(p_.defines[static_cast<size_t>(p_.facts[f].derive)].root);
      worked_out[f] = v.IsExact() && v.v.IsKnown();
    }
  auto add = [&](const std::vector<uint32_t>& fs) {
    for (uint32_t f : fs)
      if (!worked_out[f]) AddVar(f);
  };
  for (size_t k = 0; k < p_.requirements.size(); ++k)
    if (d_.requirements[k].result >= Tri::kUnknown) add(p_.requirements[k].facts);
  for (size_t k = 0; k < p_.exclusions.size(); ++k)
    if (d_.exclusions[k].result >= Tri::kUnknown) add(p_.exclusions[k].facts);
  for (size_t k = 0; k < p_.scoring.size(); ++k)
    if (d_.scoring[k].result >= Tri::kUnknown) add(p_.scoring[k].facts);
  if (need_award) add(p_.award_facts);
  Thresholds();
}

// Where each range is cut first: the constants the program compares the fact with directly
// (`employees <= 20`, `founded between …`), else every number (or date) the program states.
void Settler::Thresholds() {
  std::vector<std::vector<Value>> direct(vars_.size());
  auto fixed = [&](uint32_t i, std::vector<Value>& out) {
    const Instr& in = p_.code[i];
    if (in.op == Op::kConst) out.push_back(p_.consts[in.a]);
    else if (in.op == Op::kParam)
      for (const auto& [from, v] : p_.params[in.a].values) out.push_back(v);
  };
  auto var_at = [&](uint32_t i) { return p_.code[i].op == Op::kFact ? var_of_[p_.code[i].a] : -1; };
  for (const Instr& in : p_.code) {
    const bool compare = in.op == Op::kBetween || (in.op == Op::kBinary && static_cast<ValueOp>(in.fn) >= ValueOp::kEq &&
                                                   static_cast<ValueOp>(in.fn) <= ValueOp::kGe);
    if (!compare) continue;
    if (int32_t v = var_at(in.a); v >= 0) {
      fixed(in.b, direct[static_cast<size_t>(v)]);
      if (in.op == Op::kBetween) fixed(in.c, direct[static_cast<size_t>(v)]);
    } else if (int32_t w = in.op == Op::kBinary ? var_at(in.b) : -1; w >= 0) {
      fixed(in.a, direct[static_cast<size_t>(w)]);
    }
  }
  std::vector<Value> every;
  for (const Value& c : p_.consts) every.push_back(c);
  for (const auto& param : p_.params)
    for (const auto& [from, v] : param.values) every.push_back(v);
  for (const auto& t : p_.tables)
    for (const auto& c : t.cells) every.push_back(c);
  every.push_back(Value::OfDate(d_.as_of));
  for (size_t v = 0; v < vars_.size(); ++v) {
    Var& var = vars_[v];
    if (var.kind != VarKind::kWhole && var.kind != VarKind::kDecimal && var.kind != VarKind::kDate) continue;
    const VKind want = var.kind == VarKind::kDate ? VKind::kDate : VKind::kNumber;
    std::set<std::pair<int64_t, int64_t>> seen;
    for (const auto* from : {&direct[v], &every}) {
      for (const Value& c : *from) {
        if (c.kind != want) continue;
        Rational r = c.kind == VKind::kDate ? Rational(c.i) : c.num;
        if (seen.insert({r.num(), r.den()}).second) var.cuts.push_back(r);
      }
      if (!var.cuts.empty()) break;
    }
    std::sort(var.cuts.begin(), var.cuts.end(), [](const Rational& a, const Rational& b) { return Rational::Compare(a, b) < 0; });
  }
}

AV Settler::PieceValue(const Var& v, const Piece& piece) const {
  AV a;
  switch (v.kind) {
    case VarKind::kBool:
      a.k = AK::kBool;
      a.t = piece.mask & 2;
      a.f = piece.mask & 1;
      break;
    case VarKind::kEnum:
      a.k = AK::kEnum;
      a.mask = piece.mask;
      break;
    case VarKind::kWhole:
    case VarKind::kDecimal:
      a.k = AK::kNum;
      a.lo = piece.lo;
      a.hi = piece.hi;
      a.yen = v.yen;
      a.whole = v.kind == VarKind::kWhole;
      break;
    case VarKind::kDate:
      a.k = AK::kDate;
      a.lo = piece.lo;
      a.hi = piece.hi;
      break;
    case VarKind::kTop: a.k = AK::kAny; break;
  }
  return abstract::Normal(a);
}

bool Settler::IsPoint(const Var& v, const Piece& piece) const {
  switch (v.kind) {
    case VarKind::kBool:
    case VarKind::kEnum: return piece.mask && (piece.mask & (piece.mask - 1)) == 0;
    case VarKind::kTop: return false;
    default: return piece.lo.v == piece.hi.v;
  }
}

// Cuts a piece: yes/no and enum values one by one; a whole-number or date range at a constant
// of the program inside it (below, at, above), else in halves; a decimal range at a constant
// only. In the award's search, a range is halved only while it holds at most max_award_points.
bool Settler::Split(const Var& v, const Piece& piece, bool award, std::vector<Piece>& out) const {
  out.clear();
  if (IsPoint(v, piece) || v.kind == VarKind::kTop) return false;
  if (v.kind == VarKind::kBool || v.kind == VarKind::kEnum) {
    for (int i = 0; i < 64; ++i)
      if (piece.mask >> i & 1) out.push_back({uint64_t{1} << i, {}, {}});
    return true;
  }
  const Rational lo = piece.lo.v, hi = piece.hi.v;
  const bool whole = v.kind != VarKind::kDecimal;
  // The constants strictly inside, or at an end of a range that holds more than that end.
  std::vector<Rational> inside;
  for (const Rational& c : v.cuts) {
    int a = Rational::Compare(c, lo), b = Rational::Compare(c, hi);
    if (a < 0 || b > 0 || (a == 0 && piece.lo.open) || (b == 0 && piece.hi.open)) continue;
    if (whole && !c.IsInteger()) {
      Rational f = c.Floor();
      if (Rational::Compare(f, lo) >= 0 && Rational::Compare(f, hi) < 0) inside.push_back(f);
      continue;
    }
    if (a == 0 && b == 0) continue;
    inside.push_back(c);
  }
  if (!inside.empty()) {
    const Rational c = inside[inside.size() / 2];
    if (whole) {
      // [lo, c-1], [c, c], [c+1, hi]; a fraction's floor f gives [lo, f], [f+1, hi].
      const bool frac_cut = std::find(v.cuts.begin(), v.cuts.end(), c) == v.cuts.end();
      if (frac_cut) {
        out.push_back({0, {lo, false}, {c, false}});
        out.push_back({0, {*Rational::Add(c, 1), false}, {hi, false}});
        return true;
      }
      if (Rational::Compare(c, lo) > 0) out.push_back({0, {lo, false}, {*Rational::Sub(c, 1), false}});
      out.push_back({0, {c, false}, {c, false}});
      if (Rational::Compare(c, hi) < 0) out.push_back({0, {*Rational::Add(c, 1), false}, {hi, false}});
      return true;
    }
    if (Rational::Compare(c, lo) > 0) out.push_back({0, piece.lo, {c, true}});
    out.push_back({0, {c, false}, {c, false}});
    if (Rational::Compare(c, hi) < 0) out.push_back({0, {c, true}, piece.hi});
    return true;
  }
  if (!whole) return false;
  __extension__ using i128 = __int128;
  if (award && i128(hi.num()) - lo.num() >= o_.max_award_points) return false;
  // Halves: [lo, mid], [mid+1, hi].
  const i128 mid = (i128(lo.num()) + i128(hi.num())) >> 1;
  out.push_back({0, {lo, false}, {Rational(static_cast<int64_t>(mid)), false}});
  out.push_back({0, {Rational(static_cast<int64_t>(mid + 1)), false}, {hi, false}});
  return true;
}

void Settler::Load(const Box& box) {
  for (size_t k = 0; k < vars_.size(); ++k) env_[vars_[k].fact] = PieceValue(vars_[k], box[k]);
  ev_.Begin(env_);
}

// The outcomes the loaded box may have, and each requirement's and exclusion's results.
uint8_t Settler::Outcomes(std::vector<uint8_t>& rules) {
  rules.clear();
  auto truth = [&](const CompiledRule& r, Tri concrete) -> uint8_t {
    if (concrete == Tri::kTrue || concrete == Tri::kFalse) return static_cast<uint8_t>(1u << static_cast<int>(concrete));
    return abstract::TruthOf(ev_.Eval(r.root));
  };
  bool must_fail = false, may_fail = false, may_pass = true, may_open = false;
  // A requirement fails when it is false, an exclusion when it is true.
  auto judge = [&](const auto& program_rules, const auto& results, uint8_t fails, uint8_t passes) {
    for (size_t k = 0; k < program_rules.size(); ++k) {
      uint8_t m = truth(program_rules[k], results[k].result);
      rules.push_back(m);
      must_fail |= m == fails;
      may_fail |= (m & fails) != 0;
      may_pass &= (m & passes) != 0;
      may_open |= (m & (abstract::kMayUnknown | abstract::kMayError)) != 0;
    }
  };
  judge(p_.requirements, d_.requirements, abstract::kMayFalse, abstract::kMayTrue);
  judge(p_.exclusions, d_.exclusions, abstract::kMayTrue, abstract::kMayFalse);
  if (must_fail) return kOI;
  uint8_t out = 0;
  if (may_fail) out |= kOI;
  if (may_open) out |= kOU;
  if (may_pass) {
    out |= kOE;
    if (ScoreMayFail()) out |= kOU;  // a score that cannot be worked out leaves it undetermined
  }
  return out;
}

// Whether some case of the loaded box makes the score fail (a scoring item's points an
// error, or their sum out of range), which Decide turns from eligible into undetermined.
bool Settler::ScoreMayFail() {
  __extension__ using i128 = __int128;
  i128 low = 0, high = 0;
  for (size_t k = 0; k < p_.scoring.size(); ++k) {
    const CompiledRule& s = p_.scoring[k];
    const Tri concrete = d_.scoring[k].result;
    uint8_t m = concrete == Tri::kTrue || concrete == Tri::kFalse ? static_cast<uint8_t>(1u << static_cast<int>(concrete))
                                                                   : abstract::TruthOf(ev_.Eval(s.root));
    if (!(m & abstract::kMayTrue)) continue;
    AV pts = ev_.Eval(s.points);
    if (pts.IsExact()) {
      if (pts.v.kind == VKind::kError) return true;
      if (pts.v.kind != VKind::kNumber) continue;
      pts = abstract::Join(pts, pts);
    }
    if (pts.error) return true;
    if (pts.k != AK::kNum && pts.k != AK::kNone && !pts.IsExact()) return true;
    if (pts.IsExact()) {
      if (!pts.v.num.IsInteger()) return true;
      low += std::min<int64_t>(0, pts.v.num.num());
      high += std::max<int64_t>(0, pts.v.num.num());
      continue;
    }
    if (pts.k != AK::kNum) continue;
    if (!pts.lo.v.IsInteger() || !pts.hi.v.IsInteger() || !pts.whole) return true;
    low += std::min<int64_t>(0, pts.lo.v.num());
    high += std::max<int64_t>(0, pts.hi.v.num());
  }
  const i128 top = std::numeric_limits<int64_t>::max();
  return high > top || low < -top;
}

// Variables to split for an undecided box: those its undecided rules read, yes/no and enums
// first (each value is a case a person reads), then numbers.
std::vector<uint32_t> Settler::Candidates(const std::vector<uint8_t>& rules, const Box& box) const {
  // (variable, priority): the undecided rules' variables, then the scoring items', then the rest.
  std::vector<std::pair<uint32_t, int>> ranked;
  std::vector<bool> seen(vars_.size(), false);
  auto add = [&](const CompiledRule& r, int group) {
    for (uint32_t f : r.facts) {
      int32_t v = var_of_[f];
      if (v < 0 || seen[static_cast<size_t>(v)]) continue;
      seen[static_cast<size_t>(v)] = true;
      const Var& var = vars_[static_cast<size_t>(v)];
      if (IsPoint(var, box[static_cast<size_t>(v)])) continue;
      int kind = var.kind == VarKind::kBool ? 0 : var.kind == VarKind::kEnum ? 1 : 2;
      ranked.emplace_back(static_cast<uint32_t>(v), group * 3 + kind);
    }
  };
  const size_t nreq = p_.requirements.size();
  for (size_t k = 0; k < rules.size(); ++k)
    if (!Single(rules[k])) add(k < nreq ? p_.requirements[k] : p_.exclusions[k - nreq], 0);
  for (const auto& s : p_.scoring) add(s, 1);
  for (size_t v = 0; v < vars_.size(); ++v)
    if (!seen[v] && !IsPoint(vars_[v], box[v])) ranked.emplace_back(static_cast<uint32_t>(v), 6);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<uint32_t> out;
  for (const auto& [v, rank] : ranked) out.push_back(v);
  return out;
}

bool Settler::SplitBy(const std::vector<uint32_t>& candidates, const Box& box, uint32_t depth, bool award,
                      std::vector<std::pair<Box, uint32_t>>& stack) {
  if (depth >= o_.max_depth) return false;
  std::vector<Piece> pieces;
  for (uint32_t v : candidates) {
    if (!Split(vars_[v], box[v], award, pieces)) continue;
    for (const Piece& piece : pieces) {
      Box child = box;
      child[v] = piece;
      stack.emplace_back(std::move(child), depth + 1);
    }
    return true;
  }
  return false;
}

void Settler::SearchOutcome() {
  Box root(vars_.size());
  for (size_t v = 0; v < vars_.size(); ++v) root[v] = {vars_[v].full, vars_[v].lo, vars_[v].hi};
  std::vector<std::pair<Box, uint32_t>> stack;
  stack.emplace_back(std::move(root), 0);
  // The rules' results in the box each pending one was cut from: true of it too (a subset).
  std::vector<std::vector<uint8_t>> parent_rules(1, std::vector<uint8_t>(p_.requirements.size() + p_.exclusions.size(), 0xF));
  while (!stack.empty()) {
    auto [box, depth] = std::move(stack.back());
    stack.pop_back();
    std::vector<uint8_t> inherited = std::move(parent_rules.back());
    parent_rules.pop_back();
    Leaf leaf;
    if (out_.evaluations >= o_.max_evaluations) {
      out_.bounded = true;
      leaf.mixed = true;
      leaf.outcomes = kOE | kOI | kOU;
      for (uint32_t v = 0; v < vars_.size(); ++v)
        if (!IsPoint(vars_[v], box[v])) leaf.ambiguous.push_back(v);
      leaf.rules = std::move(inherited);
      leaf.box = std::move(box);
      leaves_.push_back(std::move(leaf));
      continue;
    }
    ++out_.evaluations;
    Load(box);
    leaf.outcomes = Outcomes(leaf.rules);
    if (!Single(leaf.outcomes)) {
      std::vector<uint32_t> candidates = Candidates(leaf.rules, box);
      if (SplitBy(candidates, box, depth, false, stack)) {
        parent_rules.resize(stack.size(), leaf.rules);
        continue;
      }
      leaf.mixed = true;
      leaf.ambiguous = candidates;
      if (depth >= o_.max_depth) out_.bounded = true;
    }
    leaf.box = std::move(box);
    leaves_.push_back(std::move(leaf));
  }
}

void Settler::SearchAward(const Leaf& outcome_leaf) {
  std::vector<uint32_t> award_vars;
  for (uint32_t f : p_.award_facts)
    if (var_of_[f] >= 0) award_vars.push_back(static_cast<uint32_t>(var_of_[f]));
  std::vector<std::pair<Box, uint32_t>> stack;
  stack.emplace_back(outcome_leaf.box, 0);
  while (!stack.empty()) {
    auto [box, depth] = std::move(stack.back());
    stack.pop_back();
    Leaf leaf;
    leaf.outcomes = outcome_leaf.outcomes;
    std::vector<uint32_t> open;
    for (uint32_t v : award_vars)
      if (!IsPoint(vars_[v], box[v])) open.push_back(v);
    if (out_.evaluations >= o_.max_evaluations) {
      out_.bounded = true;
      leaf.award.kind = AwardOf::kMixed;
    } else {
      ++out_.evaluations;
      Load(box);
      leaf.award = ClassifyAward(ev_.Eval(static_cast<uint32_t>(p_.award)));
      if (leaf.award.kind == AwardOf::kMixed && SplitBy(open, box, depth, true, stack)) continue;
    }
    if (leaf.award.kind == AwardOf::kMixed) {
      leaf.mixed = true;
      leaf.ambiguous = open;
    }
    leaf.box = std::move(box);
    award_leaves_.push_back(std::move(leaf));
  }
}

bool Overlap(const Var& v, const Piece& a, const Piece& b) {
  switch (v.kind) {
    case VarKind::kBool:
    case VarKind::kEnum: return (a.mask & b.mask) != 0;
    case VarKind::kTop: return true;
    default: {
      int c = Rational::Compare(a.lo.v, b.hi.v);
      if (c > 0 || (c == 0 && (a.lo.open || b.hi.open))) return false;
      c = Rational::Compare(b.lo.v, a.hi.v);
      return !(c > 0 || (c == 0 && (b.lo.open || a.hi.open)));
    }
  }
}

// The variables whose value alone can change the result: two leaves with different results
// that overlap in every other variable. Exact on a partition whose leaves each give one
// result; a mixed leaf counts its ambiguous variables, and differs from every other leaf.
std::vector<uint32_t> Settler::Relevant(const std::vector<Leaf>& leaves, bool by_award) const {
  std::vector<bool> rel(vars_.size(), false);
  for (const Leaf& l : leaves)
    for (uint32_t v : l.ambiguous) rel[v] = true;
  const size_t work = leaves.size() * leaves.size() * std::max<size_t>(vars_.size(), 1);
  if (work > 8'000'000) {
    // Too many pairs: every variable some leaf cut is counted (a superset: a variable whose
    // value changes a result separates two leaves, so some leaf cut it).
    for (const Leaf& l : leaves)
      for (size_t v = 0; v < vars_.size(); ++v) {
        const Piece& piece = l.box[v];
        const Var& var = vars_[v];
        rel[v] = rel[v] || piece.mask != var.full || piece.lo.open || piece.hi.open || !(piece.lo.v == var.lo.v) ||
                 !(piece.hi.v == var.hi.v);
      }
  } else {
    for (size_t i = 0; i < leaves.size(); ++i)
      for (size_t j = i + 1; j < leaves.size(); ++j) {
        const Leaf &a = leaves[i], &b = leaves[j];
        const bool same = !a.mixed && !b.mixed && (by_award ? a.award == b.award : a.outcomes == b.outcomes);
        if (same) continue;
        int apart = -1;
        bool two = false;
        for (size_t v = 0; v < vars_.size() && !two; ++v)
          if (!Overlap(vars_[v], a.box[v], b.box[v])) {
            if (apart >= 0) two = true;
            apart = static_cast<int>(v);
          }
        if (!two && apart >= 0) rel[static_cast<size_t>(apart)] = true;
      }
  }
  std::vector<uint32_t> out;
  for (size_t v = 0; v < vars_.size(); ++v)
    if (rel[v]) out.push_back(vars_[v].fact);
  return out;
}

Settlement Settler::Run() {
  const bool open = d_.outcome == Outcome::kUndetermined;
  award_needed_ = p_.award >= 0 && !d_.award && d_.award_error.empty() && d_.outcome != Outcome::kIneligible;
  MakeVars(award_needed_);
  out_.ran = true;
  if (open) {
    SearchOutcome();
  } else {
    Leaf all;  // eligible already: only the award is open
    all.box.resize(vars_.size());
    for (size_t v = 0; v < vars_.size(); ++v) all.box[v] = {vars_[v].full, vars_[v].lo, vars_[v].hi};
    all.outcomes = OutcomeBit(d_.outcome);
    leaves_.push_back(std::move(all));
  }
  uint8_t seen = 0;
  bool mixed = false;
  for (const Leaf& l : leaves_) {
    seen |= l.outcomes;
    mixed |= l.mixed;
  }
  out_.outcome = !mixed && Single(seen) ? (seen == kOE ? Outcome::kEligible : seen == kOI ? Outcome::kIneligible
                                                                                           : Outcome::kUndetermined)
                                        : Outcome::kUndetermined;
  // Each rule over every leaf.
  const size_t nreq = p_.requirements.size(), nrules = nreq + p_.exclusions.size();
  out_.requirements.assign(nreq, Tri::kUnknown);
  out_.exclusions.assign(p_.exclusions.size(), Tri::kUnknown);
  if (open)
    for (size_t k = 0; k < nrules; ++k) {
      uint8_t m = 0;
      for (const Leaf& l : leaves_) m |= l.rules[k];
      Tri t = m == abstract::kMayTrue ? Tri::kTrue : m == abstract::kMayFalse ? Tri::kFalse : Tri::kUnknown;
      (k < nreq ? out_.requirements[k] : out_.exclusions[k - nreq]) = t;
    }
  if (award_needed_ && out_.outcome != Outcome::kIneligible) {
    for (const Leaf& l : leaves_)
      if (l.outcomes != kOI) SearchAward(l);
    bool one = !award_leaves_.empty();
    for (const Leaf& l : award_leaves_)
      one = one && l.award.kind == AwardOf::kValue && l.award == award_leaves_.front().award;
    if (one) out_.award = award_leaves_.front().award.value;
  }
  // Undetermined: the facts that change the outcome, and those that change the award where the
  // applicant is not refused. Eligible: those that change the award.
  if (out_.outcome == Outcome::kUndetermined) out_.relevant = Relevant(leaves_, false);
  if (out_.outcome != Outcome::kIneligible && award_needed_ && !out_.award) {
    std::vector<uint32_t> more = Relevant(award_leaves_, true);
    for (uint32_t f : more)
      if (std::find(out_.relevant.begin(), out_.relevant.end(), f) == out_.relevant.end()) out_.relevant.push_back(f);
  }
  return out_;
}

}  // namespace

Settlement Settle(const CompiledProgram& prog, const Value* facts, const Decision& concrete, const SettleOptions& options) {
  Settler s(prog, facts, concrete, options);
  return s.Run();
}

}  // namespace elig
