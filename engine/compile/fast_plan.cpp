// SPDX-License-Identifier: Apache-2.0
// The fast path's flat plan (program.hpp: FastPlan), built from the rules' fast roots:
// DecideFast answers a planned step's usual condition from the facts in place and hands
// everything else to RunFastRoot, so the plan changes how fast an answer comes, never the answer.
#include <cstdint>
#include <limits>

#include "compile/machine.hpp"

namespace elig {

namespace {

// The leaf for fast node `at`, when the node is a shape a leaf answers. A table leaf's column
// is copied into plan.cells.
bool Leaf(const CompiledProgram& p, uint32_t at, FastPlan& plan, FastLeaf& leaf) {
  const FastNode& n = p.fast[at];
  leaf = FastLeaf{};
  switch (n.op) {
    case FastOp::kFact:
      leaf.op = LeafOp::kFact;
      leaf.fact = n.a;
      leaf.mask = n.fn != 0 ? 1 : 0;
      return true;
    case FastOp::kCompareFactConst: {
      if (n.tri == 0) return false;  // `in` / `not in` take the general way
      const Value& k = p.consts[n.right.a];
      const auto op = static_cast<ValueOp>(n.fn);
      leaf.fact = n.left.a;
      leaf.mask = n.tri;
      if (k.kind == VKind::kNumber) {
        leaf.op = LeafOp::kNumConst;
        leaf.k = k.num;
        return true;
      }
      if (k.kind == VKind::kText && k.text && (op == ValueOp::kEq || op == ValueOp::kNe)) {
        leaf.op = LeafOp::kTextConst;
        leaf.a = n.right.a;
        return true;
      }
      return false;
    }
    case FastOp::kCompareFactTable: {
      if (n.tri == 0) return false;
      const CompiledTable& t = p.tables[n.right.a];
      leaf.op = LeafOp::kNumTable;
      leaf.fact = n.left.a;
      leaf.mask = n.tri;
      leaf.c = n.right.c;
      leaf.a = static_cast<uint32_t>(plan.cells.size());
      for (uint64_t cell = n.right.b; t.columns > 0 && cell < t.cells.size(); cell += t.columns) {
        const Value& v = t.cells[cell];
        plan.cells.push_back(v.kind == VKind::kNumber ? PlanCell{v.num, true} : PlanCell{});
      }
      leaf.n = static_cast<uint32_t>(plan.cells.size()) - leaf.a;
      return leaf.n > 0;
    }
    default: return false;
  }
}

// The step for `rule`, false when the plan cannot take it.
bool Step(const CompiledProgram& p, const CompiledRule& rule, RuleKind kind, uint64_t& points_bound, FastPlan& plan,
          FastStep& s) {
  s = FastStep{};
  s.kind = kind;
  s.root = rule.fast_root;
  if (kind == RuleKind::kScore) {
    if (rule.fast_points.kind != OperandKind::kConst) return false;
    const Value& pts = p.consts[rule.fast_points.a];
    if (pts.kind != VKind::kNumber || !pts.num.IsInteger() || pts.num.num() == std::numeric_limits<int64_t>::min())
      return false;
    // The sum of every item's |points| stays far inside 64 bits, so no total can overflow.
    const int64_t v = pts.num.num();
    points_bound += static_cast<uint64_t>(v < 0 ? -v : v);
    if (points_bound > (uint64_t{1} << 62)) return false;
    s.points = v;
    if (rule.group_index >= 0) s.slot = static_cast<uint8_t>(rule.group_index);
  }
  const FastNode& n = p.fast[rule.fast_root];
  if (Leaf(p, rule.fast_root, plan, s.left)) {
    s.op = StepOp::kLeaf;
  } else if ((n.op == FastOp::kAnd || n.op == FastOp::kOr) && Leaf(p, n.a, plan, s.left) &&
             Leaf(p, n.b, plan, s.right)) {
    s.op = n.op == FastOp::kAnd ? StepOp::kAnd : StepOp::kOr;
  } else {
    s.op = StepOp::kRoot;
  }
  return true;
}

// The award's usual shape, `floor(fact * k)` or `min` / `max` of it and a constant number,
// into plan.award; any other shape stays the tree's.
void Award(const CompiledProgram& p, FastPlan& plan) {
  if (p.award < 0 || p.fast_award.kind != OperandKind::kNode) return;
  const FastNode* n = &p.fast[p.fast_award.a];
  PlanAward shape = PlanAward::kFloorMul;
  if (n->op == FastOp::kMinMax) {
    if (n->left.kind != OperandKind::kNode || n->right.kind != OperandKind::kConst) return;
    const Value& bound = p.consts[n->right.a];
    if (bound.kind != VKind::kNumber) return;
    plan.award_bound = bound.num;
    shape = static_cast<Fn>(n->fn) == Fn::kMin ? PlanAward::kFloorMulMin : PlanAward::kFloorMulMax;
    n = &p.fast[n->left.a];
  }
  if (n->op != FastOp::kFloorMul || n->left.kind != OperandKind::kFact || n->right.kind != OperandKind::kConst) return;
  const Value& k = p.consts[n->right.a];
  if (k.kind != VKind::kNumber) return;
  plan.award_fact = n->left.a;
  plan.award_k = k.num;
  plan.award = shape;
}

// The plan of `p`, false when `p` has a shape the plan does not take.
bool Plan(const CompiledProgram& p, FastPlan& plan) {
  if (p.score_groups.size() > kMaxPlanGroups) return false;
  for (const ScoreGroup& g : p.score_groups) {
    if (g.max_counted) return false;  // which items count is DecideFast's long way
    plan.group_limits.push_back(g.max_items.value_or(std::numeric_limits<int64_t>::max()));
  }
  uint64_t points_bound = 0;
  const std::pair<const std::vector<CompiledRule>*, RuleKind> lists[] = {
      {&p.requirements, RuleKind::kRequirement}, {&p.exclusions, RuleKind::kExclusion}, {&p.scoring, RuleKind::kScore}};
  for (const auto& [rules, kind] : lists) {
    if (kind == RuleKind::kExclusion) plan.exclusions = static_cast<uint32_t>(plan.steps.size());
    if (kind == RuleKind::kScore) plan.scoring = static_cast<uint32_t>(plan.steps.size());
    for (const CompiledRule& r : *rules) {
      FastStep s;
      if (!Step(p, r, kind, points_bound, plan, s)) return false;
      plan.steps.push_back(s);
    }
  }
  Award(p, plan);
  return plan.ready = true;
}

}  // namespace

void BuildFastPlan(CompiledProgram& p) {
  FastPlan plan;
  if (!Plan(p, plan)) plan = FastPlan{};
  BuildPackedPlan(p, plan);
  p.fast_plan = std::move(plan);
}

}  // namespace elig
