// SPDX-License-Identifier: Apache-2.0
// The plan over packed facts (program.hpp: PackedPlan), built from the flat plan: each leaf
// becomes one comparison of doubled integers, so that DecidePacked answers a decision whose
// facts are all plain without looking at a value's kind. A program with a step or an award
// the flat plan hands to the tree has no packed plan; DecidePacked then is DecideFast.
#include <cstdint>
#include <limits>

#include "compile/machine.hpp"

namespace elig {

namespace {

__extension__ using i128 = __int128;

// floor(a / b) for b > 0.
i128 FloorDiv(i128 a, i128 b) {
  i128 q = a / b;
  if (a % b != 0 && a < 0) --q;
  return q;
}

// 2·r·scale when that is an integer, 2·floor(r·scale) + 1 when it is not: compared with
// 2·x for an integer x, it gives the three-way answer x compared with r·scale gives. Beyond
// kPackedLimit, where no plain slot is, it is kept at an odd number just past it.
int64_t Doubled(Rational r, int64_t scale) {
  const i128 n = i128(r.num()) * scale;
  const i128 f = FloorDiv(n, r.den());
  i128 twice = 2 * f + (n % r.den() != 0 ? 1 : 0);
  constexpr i128 kBeyond = i128(kPackedLimit) + 1;
  if (twice > kBeyond) twice = kBeyond;
  if (twice < -kBeyond) twice = -kBeyond;
  return static_cast<int64_t>(twice);
}

// The interval of x for which `x OP k` holds, OP as a CompareMask; `flip` is set when it is
// the interval where it does not (`!=`, and never). k is within kPackedLimit + 1, so every
// bound is within kPackedLimit + 2 and every span fits in 64 bits.
PackedCell Interval(uint8_t mask, int64_t k, uint8_t& flip) {
  constexpr int64_t kMin = -kPackedLimit - 2, kMax = kPackedLimit + 2;
  auto cell = [](int64_t lo, int64_t hi) {
    return PackedCell{static_cast<uint64_t>(lo), static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo)};
  };
  flip = 0;
  switch (mask) {
    case 0b001: return cell(kMin, k - 1);
    case 0b011: return cell(kMin, k);
    case 0b100: return cell(k + 1, kMax);
    case 0b110: return cell(k, kMax);
    case 0b010: return cell(k, k);
    case 0b101: flip = 1; return cell(k, k);
    case 0b111: return cell(kMin, kMax);
    default: flip = 1; return cell(kMin, kMax);  // never
  }
}

class Packer {
 public:
  Packer(const CompiledProgram& p, PackedPlan& out) : p_(p), out_(out) {}

  // The row index of fact `fact` read as `kind`; 0 when it is read as another kind as well, or
  // there would be more slots than row[0] has bits.
  uint32_t Slot(uint32_t fact, PackKind kind) {
    for (size_t j = 0; j < out_.slots.size(); ++j)
      if (out_.slots[j].fact == fact) return out_.slots[j].kind == kind ? static_cast<uint32_t>(j + 1) : 0;
    if (out_.slots.size() >= 63 || fact >= p_.facts.size()) return 0;
    PackedSlot s;
    s.fact = fact;
    s.kind = kind;
    if (kind == PackKind::kNumber && p_.facts[fact].spec.base == BaseType::kDecimal) s.scale = kDecimalScale;
    out_.slots.push_back(std::move(s));
    return static_cast<uint32_t>(out_.slots.size());
  }

  // The packed leaf for `l`, false when it has none.
  bool Leaf(const FastPlan& plan, const FastLeaf& l, PackedLeaf& out) {
    out = PackedLeaf{};
    out.base = static_cast<uint32_t>(out_.cells.size());
    switch (l.op) {
      case LeafOp::kNumConst:
        out.x = Slot(l.fact, PackKind::kNumber);
        out_.cells.push_back(Interval(l.mask, out.x ? Doubled(l.k, Scale(out.x)) : 0, out.flip));
        return out.x != 0;
      case LeafOp::kFact:  // x == 2 (yes), or x == 0 when negated
        out.x = Slot(l.fact, PackKind::kBool);
        out_.cells.push_back(Interval(CompareMask(ValueOp::kEq), (l.mask & 1) ? 0 : 2, out.flip));
        return out.x != 0;
      case LeafOp::kTextConst: {
        out.x = Slot(l.fact, PackKind::kText);
        if (!out.x) return false;
        std::vector<uint32_t>& texts = out_.slots[out.x - 1].texts;
        size_t i = 0;
        while (i < texts.size() && *p_.consts[texts[i]].text != *p_.consts[l.a].text) ++i;
        if (i == texts.size()) texts.push_back(l.a);
        out_.cells.push_back(Interval(l.mask, 2 * static_cast<int64_t>(i + 1), out.flip));
        return true;
      }
      case LeafOp::kNumTable: {
        out.x = Slot(l.fact, PackKind::kNumber);
        out.key = Slot(l.c, PackKind::kEnum);
        if (!out.x || !out.key) return false;
        out.keymask = ~int64_t{0};
        // An index is plain for the key only when every table it keys has a number there.
        std::vector<uint8_t>& keys = out_.slots[out.key - 1].keys;
        if (!keyed_[out.key]) keys.assign(l.n, 1);
        keyed_[out.key] = true;
        if (keys.size() > l.n) keys.resize(l.n);
        for (uint32_t i = 0; i < l.n; ++i) {
          const PlanCell& cell = plan.cells[l.a + i];
          if (i < keys.size() && !cell.ok) keys[i] = 0;
          // The mask is the leaf's: every cell of the column flips alike.
          out_.cells.push_back(Interval(l.mask, cell.ok ? Doubled(cell.num, Scale(out.x)) : 0, out.flip));
        }
        return true;
      }
    }
    return false;
  }

 private:
  int64_t Scale(uint32_t row) const { return out_.slots[row - 1].scale; }

  const CompiledProgram& p_;
  PackedPlan& out_;
  bool keyed_[64] = {};
};

// The runs of PackedPlan::steps, in order.
enum Run { kFailing, kPairRequirement, kPairExclusion, kScoring, kPairScoring };

bool Pack(const CompiledProgram& p, const FastPlan& plan, PackedPlan& out) {
  if (!plan.ready || (p.award >= 0 && plan.award == PlanAward::kNone)) return false;
  Packer packer(p, out);
  std::vector<PackedStep> runs[5];
  for (uint32_t i = 0; i < plan.steps.size(); ++i) {
    const FastStep& s = plan.steps[i];
    if (s.op == StepOp::kRoot) return false;
    PackedStep step;
    step.points = s.points;
    step.slot = s.slot;
    step.either = s.op == StepOp::kOr ? 1 : 0;
    if (!packer.Leaf(plan, s.left, step.left)) return false;
    if (s.op != StepOp::kLeaf && !packer.Leaf(plan, s.right, step.right)) return false;
    const bool requirement = i < plan.exclusions, exclusion = !requirement && i < plan.scoring;
    if (!requirement && !exclusion) {
      runs[s.op == StepOp::kLeaf ? kScoring : kPairScoring].push_back(step);
      continue;
    }
    // A requirement fails when its test does not hold: its leaves are flipped to fail when
    // they hold. `a and b` as a requirement, and `a or b` as an exclusion, are two such tests.
    const bool split = s.op == StepOp::kLeaf || (requirement ? s.op == StepOp::kAnd : s.op == StepOp::kOr);
    if (!split) {
      runs[requirement ? kPairRequirement : kPairExclusion].push_back(step);
      continue;
    }
    for (const PackedLeaf* leaf : {&step.left, &step.right}) {
      if (leaf == &step.right && s.op == StepOp::kLeaf) break;
      PackedStep one;
      one.left = *leaf;
      one.left.flip ^= requirement ? 1 : 0;
      runs[kFailing].push_back(one);
    }
  }
  for (size_t r = 0; r < 5; ++r) {
    out.steps.insert(out.steps.end(), runs[r].begin(), runs[r].end());
    out.ends[r] = static_cast<uint32_t>(out.steps.size());
  }
  if (plan.award != PlanAward::kNone) {
    out.award = packer.Slot(plan.award_fact, PackKind::kNumber);
    if (!out.award) return false;
  }
  out.plain = (uint64_t{1} << out.slots.size()) - 1;  // at most 63 slots
  return out.ready = true;
}

}  // namespace

void BuildPackedPlan(const CompiledProgram& p, FastPlan& plan) {
  PackedPlan packed;
  if (!Pack(p, plan, packed)) packed = PackedPlan{};
  plan.packed = std::move(packed);
  BuildPackedCode(plan.group_limits, plan.packed);
}

}  // namespace elig
