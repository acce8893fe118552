// SPDX-License-Identifier: Apache-2.0
#include "eval/abstract.hpp"

#include <algorithm>
#include <limits>

namespace elig::abstract {

Rational Largest() { return Rational(std::numeric_limits<int64_t>::max()); }

namespace {

Rational Smallest() { return Rational(-std::numeric_limits<int64_t>::max()); }

bool Known(const AV& a) { return a.k != AK::kNone; }

// An exact value as a set (texts and lists other than exact ones become kAny).
AV Lift(const AV& a) {
  if (!a.IsExact()) return a;
  AV r = AV::Empty();
  const Value& v = a.v;
  switch (v.kind) {
    case VKind::kUnknown: r.unknown = true; break;
    case VKind::kError: r.error = true; break;
    case VKind::kBool:
      r.k = AK::kBool;
      r.t = v.b;
      r.f = !v.b;
      break;
    case VKind::kNumber:
      r.k = AK::kNum;
      r.lo = {v.num, false};
      r.hi = {v.num, false};
      r.yen = v.yen;
      r.whole = v.num.IsInteger();
      break;
    case VKind::kDate:
      r.k = AK::kDate;
      r.lo = {Rational(v.i), false};
      r.hi = {Rational(v.i), false};
      break;
    case VKind::kEnum:
      if (v.i >= 0 && v.i < 64) {
        r.k = AK::kEnum;
        r.mask = uint64_t{1} << v.i;
      } else {
        r.k = AK::kAny;
      }
      break;
    case VKind::kText:
    case VKind::kList:
    case VKind::kRecord: r.k = AK::kAny; break;
  }
  return r;
}

// Every value an expression may have, an unknown and an error among them; a condition may
// also be true or false.
AV Anything(bool condition) {
  AV a;
  a.k = condition ? AK::kBool : AK::kAny;
  a.t = a.f = condition;
  a.unknown = a.error = true;
  return a;
}

bool SameExact(const AV& a, const AV& b) {
  if (!a.IsExact() || !b.IsExact() || a.v.kind != b.v.kind) return false;
  if (a.v.kind == VKind::kUnknown || a.v.kind == VKind::kError) return true;
  return ValuesEqual(a.v, b.v) && (a.v.kind != VKind::kNumber || a.v.yen == b.v.yen);
}

// The lower of two lower ends (a closed one reaches further at one value), and the higher
// of two upper ends.
End Lower(const End& a, const End& b) {
  int c = Rational::Compare(a.v, b.v);
  if (c != 0) return c < 0 ? a : b;
  return {a.v, a.open && b.open};
}
End Upper(const End& a, const End& b) {
  int c = Rational::Compare(a.v, b.v);
  if (c != 0) return c > 0 ? a : b;
  return {a.v, a.open && b.open};
}

AV FromTruth(uint8_t m) {
  AV r = AV::Empty();
  r.unknown = m & kMayUnknown;
  r.error = m & kMayError;
  if (m & (kMayTrue | kMayFalse)) {
    r.k = AK::kBool;
    r.t = m & kMayTrue;
    r.f = m & kMayFalse;
  }
  return Normal(r);
}

// Both operands' flags: what any operation on them may give besides a value.
void Flags(const AV& a, const AV& b, AV& out) {
  out.unknown = a.unknown || b.unknown;
  out.error = a.error || b.error;
}

AV Whole(AK k, bool yen, bool error) {
  AV r;
  r.k = k;
  r.lo = {Smallest(), false};
  r.hi = {Largest(), false};
  r.yen = yen;
  r.error = error;
  return r;
}

// The largest magnitude in a range.
Rational Magnitude(const AV& a) {
  Rational lo = *a.lo.v.Abs();
  return Rational::Compare(lo, a.hi.v) > 0 ? lo : a.hi.v;
}

bool Point(const AV& a) { return a.lo.v == a.hi.v; }

// Whether |x| * m + extra stays in the 64-bit range for a whole |x| up to `whole_max`.
bool Fits(const Rational& whole_max, int64_t m, int64_t extra) {
  __extension__ using i128 = __int128;
  i128 v = i128(whole_max.num()) * (m < 0 ? -i128(m) : i128(m)) + (extra < 0 ? -i128(extra) : i128(extra));
  return v <= std::numeric_limits<int64_t>::max();
}

// Whether no value inside two ranges can overflow `op` when none of the corners did: true for
// whole numbers, and for a whole range against one fraction p/q small enough that every
// numerator and denominator the result reduces to stays in range.
bool InteriorSafe(ValueOp op, const AV& a, const AV& b) {
  if (Point(a) && Point(b)) return true;
  const bool wa = Point(a) ? a.lo.v.IsInteger() : a.whole;
  const bool wb = Point(b) ? b.lo.v.IsInteger() : b.whole;
  if (wa && wb) return true;
  // One whole range (magnitude m) against one point fraction p/q.
  const AV* range = nullptr;
  const AV* point = nullptr;
  if (wa && Point(b)) {
    range = &a;
    point = &b;
  } else if (wb && Point(a)) {
    range = &b;
    point = &a;
  } else {
    return false;
  }
  const Rational m = Magnitude(*range), pq = point->lo.v;
  switch (op) {
    case ValueOp::kAdd:
    case ValueOp::kSub: return Fits(m, pq.den(), pq.num());          // (x q ± p) / q
    case ValueOp::kMul: return Fits(m, pq.num(), 0);                  // x p / q
    case ValueOp::kDiv:
      return range == &a ? Fits(m, pq.den(), 0)                       // x q / p
                         : Fits(m, pq.den(), 0);                      // p / (q y)
    default: return false;
  }
}

// Three-way results possible between two ranges: bit c+1 for c in -1, 0, 1.
uint8_t RangeOrder(const AV& a, const AV& b) {
  uint8_t m = 0;
  int c = Rational::Compare(a.lo.v, b.hi.v);  // some x < some y?
  if (c < 0) m |= 1;
  c = Rational::Compare(b.lo.v, a.hi.v);  // some x > some y?
  if (c < 0) m |= 4;
  End lo = Upper(a.lo, b.lo), hi = Lower(a.hi, b.hi);
  lo.open = (Rational::Compare(a.lo.v, b.lo.v) == 0) ? (a.lo.open || b.lo.open)
            : (Rational::Compare(a.lo.v, b.lo.v) > 0 ? a.lo.open : b.lo.open);
  hi.open = (Rational::Compare(a.hi.v, b.hi.v) == 0) ? (a.hi.open || b.hi.open)
            : (Rational::Compare(a.hi.v, b.hi.v) < 0 ? a.hi.open : b.hi.open);
  c = Rational::Compare(lo.v, hi.v);
  if (c < 0 || (c == 0 && !lo.open && !hi.open)) m |= 2;
  return m;
}

uint8_t MaskOrder(uint64_t a, uint64_t b) {
  uint8_t m = 0;
  if (!a || !b) return 0;
  int amin = __builtin_ctzll(a), amax = 63 - __builtin_clzll(a);
  int bmin = __builtin_ctzll(b), bmax = 63 - __builtin_clzll(b);
  if (amin < bmax) m |= 1;
  if (amax > bmin) m |= 4;
  if (a & b) m |= 2;
  return m;
}

int64_t Days(const Rational& r) { return r.num() / r.den(); }

}  // namespace

uint8_t TruthOf(const AV& a) {
  if (a.IsExact()) return static_cast<uint8_t>(1u << static_cast<int>(TriOf(a.v)));
  uint8_t m = 0;
  if (a.unknown) m |= kMayUnknown;
  if (a.error) m |= kMayError;
  if (a.k == AK::kBool) {
    if (a.t) m |= kMayTrue;
    if (a.f) m |= kMayFalse;
  } else if (Known(a)) {
    m |= kMayUnknown;  // a value that is not yes/no reads as unknown
  }
  return m;
}

AV Normal(AV a) {
  if (a.IsExact()) return a;
  const bool flags = a.unknown || a.error;
  switch (a.k) {
    case AK::kBool:
      if (!a.t && !a.f) a.k = AK::kNone;
      else if (!flags && a.t != a.f) return AV::Exact(Value::Bool(a.t));
      break;
    case AK::kNum:
    case AK::kDate: {
      int c = Rational::Compare(a.lo.v, a.hi.v);
      if (c > 0 || (c == 0 && (a.lo.open || a.hi.open))) a.k = AK::kNone;
      else if (c == 0 && !flags)
        return AV::Exact(a.k == AK::kNum ? Value::Number(a.lo.v, a.yen)
                                         : Value::OfDate(Date{static_cast<int32_t>(Days(a.lo.v))}));
      break;
    }
    case AK::kEnum:
      if (!a.mask) a.k = AK::kNone;
      else if (!flags && (a.mask & (a.mask - 1)) == 0) return AV::Exact(Value::Enum(__builtin_ctzll(a.mask)));
      break;
    default: break;
  }
  if (a.k == AK::kNone && a.unknown != a.error) return AV::Exact(a.unknown ? Value::Unknown() : Value::Error());
  return a;
}

AV Join(const AV& a, const AV& b) {
  if (SameExact(a, b)) return a;
  if (!a.IsExact() && !Known(a) && !a.unknown && !a.error) return b;  // the empty set
  if (!b.IsExact() && !Known(b) && !b.unknown && !b.error) return a;
  AV x = Lift(a), y = Lift(b);
  AV r = Known(x) ? x : y;
  Flags(x, y, r);
  if (Known(x) && Known(y)) {
    if (x.k != y.k) {
      r.k = AK::kAny;
    } else {
      switch (x.k) {
        case AK::kBool:
          r.t = x.t || y.t;
          r.f = x.f || y.f;
          break;
        case AK::kNum:
        case AK::kDate:
          r.lo = Lower(x.lo, y.lo);
          r.hi = Upper(x.hi, y.hi);
          r.yen = x.yen || y.yen;
          r.whole = x.whole && y.whole;
          break;
        case AK::kEnum: r.mask = x.mask | y.mask; break;
        case AK::kList:
          if (x.items != y.items) r.k = AK::kAny;
          break;
        default: break;
      }
    }
  }
  return Normal(r);
}

Evaluator::Evaluator(const CompiledProgram& prog, Date as_of) : p_(prog) {
  ctx_.Reset(prog, nullptr, as_of);
}

void Evaluator::Begin(const std::vector<AV>& env) {
  env_ = &env;
  defines_.resize(p_.defines.size());
  define_done_.assign(p_.defines.size(), 0);
  define_exact_.assign(p_.defines.size(), -1);
  lists_.clear();
  items_.clear();
  ctx_.error.clear();
}

AV Evaluator::Eval(uint32_t at) {
  const Instr& in = p_.code[at];
  switch (in.op) {
    case Op::kConst: return AV::Exact(p_.consts[in.a]);
    case Op::kFact: return (*env_)[in.a];
    case Op::kParam: return AV::Exact(ctx_.params[in.a]);
    case Op::kAsOf: return AV::Exact(Value::OfDate(ctx_.as_of));
    case Op::kDefine:
      if (!define_done_[in.a]) {
        defines_[in.a] = Eval(p_.defines[in.a].root);
        define_done_[in.a] = 1;
      }
      return defines_[in.a];
    case Op::kTable: return Table(in);
    case Op::kNot: {
      AV v = Eval(in.a);
      if (v.IsExact()) return v.v.kind == VKind::kBool ? AV::Exact(Value::Bool(!v.v.b)) : v;
      if (v.k == AK::kBool) std::swap(v.t, v.f);
      return v;
    }
    case Op::kNeg: {
      AV v = Eval(in.a);
      if (v.IsExact()) {
        if (!v.v.IsKnown()) return v;
        auto r = v.v.num.Neg();
        return AV::Exact(r ? Value::Number(*r, v.v.yen) : Value::Error());
      }
      if (v.k == AK::kNum) {
        End lo = v.lo, hi = v.hi;
        v.lo = {*hi.v.Neg(), hi.open};  // within ±Largest(): never overflows
        v.hi = {*lo.v.Neg(), lo.open};
      }
      return v;
    }
    case Op::kAnd:
    case Op::kOr: {
      const bool is_and = in.op == Op::kAnd;
      AV l = Eval(in.a);
      if (l.IsExact() && (is_and ? l.v.IsFalse() : l.v.IsTrue())) return l;  // not evaluated further
      uint8_t lm = TruthOf(l), rm = TruthOf(Eval(in.b)), out = 0;
      const uint8_t stop = is_and ? kMayFalse : kMayTrue, go = is_and ? kMayTrue : kMayFalse;
      for (uint8_t lb = 1; lb <= kMayError; lb = static_cast<uint8_t>(lb << 1)) {
        if (!(lm & lb)) continue;
        if (lb == stop) {
          out |= stop;
          continue;
        }
        for (uint8_t rb = 1; rb <= kMayError; rb = static_cast<uint8_t>(rb << 1)) {
          if (!(rm & rb)) continue;
          if (lb == kMayError || rb == kMayError) out |= kMayError;
          else if (rb == stop) out |= stop;
          else if (lb == go && rb == go) out |= go;
          else out |= kMayUnknown;
        }
      }
      return FromTruth(out);
    }
    case Op::kBinary: {
      AV l = Eval(in.a), r = Eval(in.b);
      auto op = static_cast<ValueOp>(in.fn);
      if (l.IsExact() && r.IsExact()) {
        std::string err;
        return AV::Exact(Apply(op, l.v, r.v, err));
      }
      return Binary(op, l, r);
    }
    case Op::kBetween: return Between(Eval(in.a), Eval(in.b), Eval(in.c));
    case Op::kIf: return If(in);
    case Op::kList: return List(in);
    case Op::kCall: return Call(in);
    case Op::kEach: return Each(at);
    case Op::kLocal:
    case Op::kField: break;  // only inside an aggregate's body, which Each evaluates exactly
  }
  return Anything(false);
}

bool Evaluator::ReadsExact(uint32_t at) {
  const Instr& in = p_.code[at];
  auto args = [&] {
    for (uint32_t k = 0; k < in.b; ++k)
      if (!ReadsExact(p_.args[in.a + k])) return false;
    return true;
  };
  switch (in.op) {
    case Op::kFact: return (*env_)[in.a].IsExact();
    case Op::kDefine: {  // once per definition: definitions may read one another many times
      int8_t& known = define_exact_[in.a];
      if (known < 0) known = ReadsExact(p_.defines[in.a].root) ? 1 : 0;
      return known == 1;
    }
    case Op::kConst:
    case Op::kParam:
    case Op::kAsOf:
    case Op::kLocal: return true;
    case Op::kTable: return ReadsExact(in.c);
    case Op::kNot:
    case Op::kNeg:
    case Op::kField: return ReadsExact(in.a);
    case Op::kAnd:
    case Op::kOr:
    case Op::kBinary:
    case Op::kEach: return ReadsExact(in.a) && ReadsExact(in.b);
    case Op::kBetween:
    case Op::kIf: return ReadsExact(in.a) && ReadsExact(in.b) && ReadsExact(in.c);
    case Op::kList:
    case Op::kCall: return args();
  }
  return false;
}

AV Evaluator::Each(uint32_t at) {
  // Over records whose every value is known to this evaluation, the interpreter gives the
  // one value; otherwise any value of the aggregate's type may come out.
  if (ReadsExact(at)) {
    std::vector<Value> facts(env_->size(), Value::Unknown());
    for (size_t k = 0; k < facts.size(); ++k)
      if ((*env_)[k].IsExact()) facts[k] = (*env_)[k].v;
    EvalContext exact;
    exact.Reset(p_, facts.data(), ctx_.as_of);
    return AV::Exact(Run(p_, at, exact));
  }
  const auto agg = static_cast<Agg>(p_.code[at].fn);
  return Anything(agg == Agg::kAll || agg == Agg::kAny);
}

AV Evaluator::Binary(ValueOp op, const AV& l, const AV& r) {
  switch (op) {
    case ValueOp::kAdd:
    case ValueOp::kSub:
    case ValueOp::kMul:
    case ValueOp::kDiv: return Arith(op, l, r);
    case ValueOp::kIn:
    case ValueOp::kNotIn: return In(op, l, r);
    default: return Compare(op, l, r);
  }
}

AV Evaluator::Arith(ValueOp op, const AV& l, const AV& r) {
  AV a = Lift(l), b = Lift(r);
  AV out = AV::Empty();
  Flags(a, b, out);
  if (!Known(a) || !Known(b)) return Normal(out);
  const bool yen = op == ValueOp::kDiv ? a.yen != b.yen : a.yen || b.yen;
  if (a.k == AK::kDate && b.k == AK::kDate && op == ValueOp::kSub) {
    out.k = AK::kNum;
    out.whole = true;
    out.lo = {*Rational::Sub(a.lo.v, b.hi.v), false};  // days: far inside the 64-bit range
    out.hi = {*Rational::Sub(a.hi.v, b.lo.v), false};
    return Normal(out);
  }
  if (a.k == AK::kDate && b.k == AK::kNum && (op == ValueOp::kAdd || op == ValueOp::kSub)) {
    // Whole days only, inside the calendar: anything else is an error, as Apply says.
    const Rational first(MakeDate(1, 1, 1)->days), last(MakeDate(9999, 12, 31)->days);
    const bool whole = b.whole || (b.lo.v == b.hi.v && b.lo.v.IsInteger());
    const Rational step_lo = b.lo.v.Floor(), step_hi = b.hi.v.Ceil();
    out.error = out.error || !whole;
    auto lo = op == ValueOp::kAdd ? Rational::Add(a.lo.v, step_lo) : Rational::Sub(a.lo.v, step_hi);
    auto hi = op == ValueOp::kAdd ? Rational::Add(a.hi.v, step_hi) : Rational::Sub(a.hi.v, step_lo);
    out.k = AK::kDate;
    out.lo = {lo && Rational::Compare(*lo, first) >= 0 ? *lo : first, false};
    out.hi = {hi && Rational::Compare(*hi, last) <= 0 ? *hi : last, false};
    if (!lo || !hi || Rational::Compare(*lo, first) < 0 || Rational::Compare(*hi, last) > 0) out.error = true;
    return Normal(out);
  }
  if (a.k != AK::kNum || b.k != AK::kNum) {
    out.k = AK::kAny;
    out.error = true;
    return out;
  }
  // Every corner of the two ranges; an overflow anywhere gives up the range (and may fail).
  std::optional<Rational> corners[4];
  const Rational xs[2] = {a.lo.v, a.hi.v}, ys[2] = {b.lo.v, b.hi.v};
  if (op == ValueOp::kDiv) {
    const bool zero = Rational::Compare(b.lo.v, Rational(0)) <= 0 && Rational::Compare(b.hi.v, Rational(0)) >= 0;
    if (zero) return Whole(AK::kNum, yen, true);
  }
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      const Rational& x = xs[i];
      const Rational& y = op == ValueOp::kSub ? ys[1 - j] : ys[j];
      switch (op) {
        case ValueOp::kAdd: corners[i * 2 + j] = Rational::Add(x, y); break;
        case ValueOp::kSub: corners[i * 2 + j] = Rational::Sub(x, y); break;
        case ValueOp::kMul: corners[i * 2 + j] = Rational::Mul(x, y); break;
        default: corners[i * 2 + j] = Rational::Div(x, y); break;
      }
      if (!corners[i * 2 + j]) return Whole(AK::kNum, yen, true);
    }
  out.k = AK::kNum;
  out.yen = yen;
  out.lo = {*corners[0], false};
  out.hi = {*corners[0], false};
  for (const auto& c : corners) {
    if (Rational::Compare(*c, out.lo.v) < 0) out.lo.v = *c;
    if (Rational::Compare(*c, out.hi.v) > 0) out.hi.v = *c;
  }
  out.whole = a.whole && b.whole && op != ValueOp::kDiv;
  if (!InteriorSafe(op, a, b)) out.error = true;
  return Normal(out);
}

AV Evaluator::Compare(ValueOp op, const AV& l, const AV& r) {
  AV a = Lift(l), b = Lift(r);
  uint8_t out = 0;
  if (a.error || b.error) out |= kMayError;
  if (a.unknown || b.unknown) out |= kMayUnknown;
  if (Known(a) && Known(b)) {
    uint8_t order = 0b111;  // -1, 0, 1 all possible
    if (a.k == b.k && (a.k == AK::kNum || a.k == AK::kDate)) order = RangeOrder(a, b);
    else if (a.k == b.k && a.k == AK::kEnum) order = MaskOrder(a.mask, b.mask);
    else if (a.k == b.k && a.k == AK::kBool)
      order = static_cast<uint8_t>(((a.f && b.t) ? 1 : 0) | (((a.t && b.t) || (a.f && b.f)) ? 2 : 0) |
                                   ((a.t && b.f) ? 4 : 0));
    const uint8_t holds = CompareMask(op);
    for (int c = -1; c <= 1; ++c)
      if (order & (1 << (c + 1))) out |= (holds >> (c + 1)) & 1 ? kMayTrue : kMayFalse;
  }
  return FromTruth(out);
}

AV Evaluator::In(ValueOp op, const AV& l, const AV& r) {
  AV a = Lift(l);
  uint8_t out = 0;
  if (a.error || (!r.IsExact() && r.error) || (r.IsExact() && r.v.kind == VKind::kError)) out |= kMayError;
  if (a.unknown || (!r.IsExact() && r.unknown) || (r.IsExact() && r.v.kind == VKind::kUnknown)) out |= kMayUnknown;
  // The items, each as a set.
  std::vector<AV> items;
  bool any_list = false;
  if (r.IsExact() && r.v.kind == VKind::kList && r.v.list) {
    for (const auto& v : r.v.list->items) items.push_back(AV::Exact(v));
  } else if (r.k == AK::kList && r.items) {
    items = *r.items;
  } else if (!r.IsExact() && r.k != AK::kNone) {
    any_list = true;
  }
  const uint8_t found = op == ValueOp::kIn ? kMayTrue : kMayFalse, not_found = op == ValueOp::kIn ? kMayFalse : kMayTrue;
  if (Known(a) && any_list) out |= kMayTrue | kMayFalse | kMayUnknown;
  if (Known(a) && !any_list && (r.IsExact() ? r.v.kind == VKind::kList : r.k == AK::kList)) {
    bool may_found = false, may_miss_all = true, may_unknown_item = false, may_all_known = true;
    for (const AV& item : items) {
      AV eq = Compare(ValueOp::kEq, a, item);
      uint8_t m = TruthOf(eq);
      AV it = Lift(item);
      if (it.unknown) may_unknown_item = true;
      if (!Known(it)) may_all_known = false;
      if (m & kMayTrue) may_found = true;
      if (!(m & (kMayFalse | kMayUnknown | kMayError))) may_miss_all = false;
    }
    if (may_found) out |= found;
    if (may_miss_all) {
      if (may_unknown_item) out |= kMayUnknown;
      if (may_all_known) out |= not_found;
    }
  }
  return FromTruth(out);
}

AV Evaluator::Between(const AV& x, const AV& lo, const AV& hi) {
  if (x.IsExact() && lo.IsExact() && hi.IsExact()) {
    const Value &xv = x.v, &lv = lo.v, &hv = hi.v;
    if (xv.kind == VKind::kError || lv.kind == VKind::kError || hv.kind == VKind::kError) return AV::Exact(Value::Error());
    if (!xv.IsKnown()) return AV::Exact(Value::Unknown());
    bool above = lv.IsKnown() && CompareValues(xv, lv) >= 0;
    bool below = hv.IsKnown() && CompareValues(xv, hv) <= 0;
    if ((lv.IsKnown() && !above) || (hv.IsKnown() && !below)) return AV::Exact(Value::Bool(false));
    if (lv.IsKnown() && hv.IsKnown()) return AV::Exact(Value::Bool(true));
    return AV::Exact(Value::Unknown());
  }
  AV X = Lift(x), L = Lift(lo), H = Lift(hi);
  uint8_t out = 0;
  if (X.error || L.error || H.error) out |= kMayError;
  if (X.unknown) out |= kMayUnknown;
  if (!Known(X)) return FromTruth(out);
  // above: x >= lo (when lo is known), below: x <= hi; each bound may be unknown (0) or known (1).
  const uint8_t above = Known(L) ? TruthOf(Compare(ValueOp::kGe, X, L)) & (kMayTrue | kMayFalse) : 0;
  const uint8_t below = Known(H) ? TruthOf(Compare(ValueOp::kLe, X, H)) & (kMayTrue | kMayFalse) : 0;
  const bool lo_may[2] = {L.unknown, Known(L)}, hi_may[2] = {H.unknown, Known(H)};
  for (int lk = 0; lk < 2; ++lk)
    for (int hk = 0; hk < 2; ++hk) {
      if (!lo_may[lk] || !hi_may[hk]) continue;
      const bool may_fail = (lk && (above & kMayFalse)) || (hk && (below & kMayFalse));
      const bool may_pass = (!lk || (above & kMayTrue)) && (!hk || (below & kMayTrue));
      if (may_fail) out |= kMayFalse;
      if (may_pass) out |= lk && hk ? kMayTrue : kMayUnknown;
    }
  return FromTruth(out);
}

AV Evaluator::If(const Instr& in) {
  AV c = Eval(in.a);
  if (c.IsExact()) {
    if (c.v.IsTrue()) return Eval(in.b);
    if (c.v.IsFalse()) return Eval(in.c);
    if (c.v.kind == VKind::kError) return c;
  }
  const uint8_t m = TruthOf(c);
  AV then_v = Eval(in.b), else_v = Eval(in.c);
  AV out = AV::Empty();
  if (m & kMayTrue) out = Join(out, then_v);
  if (m & kMayFalse) out = Join(out, else_v);
  if (m & kMayError) out = Join(out, AV::Exact(Value::Error()));
  if (m & kMayUnknown) {
    // Known only when both branches agree (Run's rule); else unknown.
    if (then_v.IsExact() && else_v.IsExact()) {
      const Value &a = then_v.v, &b = else_v.v;
      bool same = a.IsKnown() && b.IsKnown() && a.kind == b.kind && ValuesEqual(a, b);
      out = Join(out, same ? then_v : AV::Exact(Value::Unknown()));
    } else {
      out = Join(Join(out, Join(then_v, else_v)), AV::Exact(Value::Unknown()));
    }
  }
  return out;
}

AV Evaluator::Table(const Instr& in) {
  AV key = Eval(in.c);
  const CompiledTable& t = p_.tables[in.a];
  auto cell = [&](int64_t i) {
    size_t idx = static_cast<size_t>(i) * t.columns + in.b;
    if (i < 0 || idx >= t.cells.size() || t.cells[idx].kind == VKind::kError) return AV::Exact(Value::Error());
    return AV::Exact(t.cells[idx]);
  };
  if (key.IsExact()) return key.v.IsKnown() ? cell(key.v.i) : key;
  AV out = AV::Empty();
  if (key.unknown) out = Join(out, AV::Exact(Value::Unknown()));
  if (key.error) out = Join(out, AV::Exact(Value::Error()));
  if (key.k == AK::kEnum) {
    for (int i = 0; i < 64; ++i)
      if (key.mask >> i & 1) out = Join(out, cell(i));
  } else if (Known(key)) {
    for (size_t i = 0; t.columns && i * t.columns < t.cells.size(); ++i) out = Join(out, cell(static_cast<int64_t>(i)));
    out = Join(out, AV::Exact(Value::Error()));
  }
  return out;
}

std::vector<AV> Evaluator::Operands(const Instr& in, bool& exact) {
  std::vector<AV> out;
  out.reserve(in.b);
  exact = true;
  for (uint32_t k = 0; k < in.b; ++k) {
    out.push_back(Eval(p_.args[in.a + k]));
    exact = exact && out.back().IsExact();
  }
  return out;
}

AV Evaluator::List(const Instr& in) {
  bool exact = true;
  std::vector<AV> items = Operands(in, exact);
  if (exact) {
    ValueList& list = lists_.emplace_back();
    for (const AV& item : items) list.items.push_back(item.v);
    return AV::Exact(Value::List(&list));
  }
  AV out;
  out.k = AK::kList;
  out.items = &items_.emplace_back(std::move(items));
  return out;
}

AV Evaluator::Call(const Instr& in) {
  bool exact = true;
  std::vector<AV> args = Operands(in, exact);
  if (exact) {
    std::vector<Value> values;
    values.reserve(args.size());
    for (const AV& a : args) values.push_back(a.v);
    Value v = CallBuiltin(static_cast<Fn>(in.fn), values.data(), values.size(), ctx_);
    // A list the call returns is never one of ours: none of the built-ins returns a list.
    return AV::Exact(v);
  }
  return CallSet(static_cast<Fn>(in.fn), args);
}

AV Evaluator::CallSet(Fn fn, const std::vector<AV>& args) {
  switch (fn) {
    case Fn::kKnown: {
      AV a = Lift(args[0]);
      uint8_t m = 0;
      if (a.unknown || a.error) m |= kMayFalse;
      if (Known(a)) m |= kMayTrue;
      // A fact that ranges over values may still be one the applicant has not given: both.
      if (Known(a)) m |= kMayFalse;
      return FromTruth(m);
    }
    case Fn::kMin:
    case Fn::kMax: return MinMax(fn, args);
    case Fn::kFloor:
    case Fn::kCeil:
    case Fn::kRound:
    case Fn::kAbs: return Rounded(fn, args[0]);
    case Fn::kYearsBetween:
    case Fn::kDaysBetween: return Span(fn, args[0], args[1]);
    case Fn::kLen: {
      AV a = Lift(args[0]);
      AV out = AV::Empty();
      out.unknown = a.unknown;
      out.error = a.error;
      if (a.k == AK::kList && a.items) {
        out = Join(out, AV::Exact(Value::Number(Rational(static_cast<int64_t>(a.items->size())))));
      } else if (Known(a)) {
        out.k = AK::kNum;
        out.whole = true;
        out.lo = {Rational(0), false};
        out.hi = {Largest(), false};
      }
      return Normal(out);
    }
    case Fn::kAny:
    case Fn::kAll:
    case Fn::kCount: return Truths(fn, args[0]);
    case Fn::kSum: {
      AV a = Lift(args[0]);
      AV out = AV::Empty();
      out.unknown = a.unknown;
      out.error = a.error;
      if (a.k != AK::kList || !a.items) {
        if (Known(a)) out = Join(out, Whole(AK::kNum, false, true));
        return Normal(out);
      }
      AV total = AV::Exact(Value::Number(Rational(0)));
      for (const AV& item : *a.items) total = Arith(ValueOp::kAdd, total, item);
      return Join(out, total);
    }
  }
  return AV::Exact(Value::Error());
}

AV Evaluator::MinMax(Fn fn, const std::vector<AV>& args) {
  const std::vector<AV>* items = &args;
  std::vector<AV> listed;
  AV out = AV::Empty();
  if (args.size() == 1) {
    AV a = Lift(args[0]);
    out.unknown = a.unknown;
    out.error = a.error;
    if (a.k == AK::kList && a.items) {
      items = a.items;
    } else if (args[0].IsExact() && args[0].v.kind == VKind::kList) {
      for (const auto& v : args[0].v.list->items) listed.push_back(AV::Exact(v));
      items = &listed;
    } else {
      if (Known(a)) out = Join(out, Whole(AK::kNum, a.yen, true));
      return Normal(out);
    }
  }
  if (items->empty()) return Join(out, AV::Exact(Value::Error()));
  // Any item may fail or be unknown; the value otherwise lies between the items' own ends.
  AV best = AV::Empty();
  bool all_known = true, first = true;
  for (const AV& raw : *items) {
    AV it = Lift(raw);
    if (it.error) out.error = true;
    if (it.unknown) out.unknown = true;
    if (!Known(it)) {
      all_known = false;
      continue;
    }
    if (it.k != AK::kNum && it.k != AK::kDate) {
      best.k = AK::kAny;
      first = false;
      continue;
    }
    if (first) {
      best = it;
      best.unknown = best.error = false;
      first = false;
    } else if (best.k == it.k) {
      if (fn == Fn::kMin) {
        best.lo = Lower(best.lo, it.lo);
        best.hi = Lower(best.hi, it.hi);
      } else {
        best.lo = Upper(best.lo, it.lo);
        best.hi = Upper(best.hi, it.hi);
      }
      best.yen = best.yen || it.yen;
      best.whole = best.whole && it.whole;
    } else {
      best.k = AK::kAny;
    }
  }
  if (!all_known || first) return Normal(out);
  if (best.k == AK::kAny) {
    best.unknown = out.unknown;
    best.error = out.error;
    return best;
  }
  best.unknown = out.unknown;
  best.error = out.error;
  return Normal(best);
}

AV Evaluator::Rounded(Fn fn, const AV& x) {
  AV a = Lift(x);
  if (a.k != AK::kNum) return a.k == AK::kNone ? Normal(a) : Whole(AK::kNum, a.yen, true);
  auto apply = [&](const Rational& v) -> std::optional<Rational> {
    switch (fn) {
      case Fn::kFloor: return v.Floor();
      case Fn::kCeil: return v.Ceil();
      case Fn::kRound: return v.Round();
      default: return v.Abs();
    }
  };
  if (fn == Fn::kAbs && Rational::Compare(a.lo.v, Rational(0)) < 0 && Rational::Compare(a.hi.v, Rational(0)) > 0) {
    Rational top = *a.lo.v.Abs();
    if (Rational::Compare(a.hi.v, top) > 0) top = a.hi.v;
    a.lo = {Rational(0), false};
    a.hi = {top, false};
    return Normal(a);  // (abs keeps whole numbers whole)
  }
  auto lo = apply(a.lo.v), hi = apply(a.hi.v);
  if (!lo || !hi) return Whole(AK::kNum, a.yen, true);
  if (Rational::Compare(*lo, *hi) > 0) std::swap(lo, hi);  // abs of a range below zero
  if (fn != Fn::kAbs) a.whole = true;
  a.lo = {*lo, false};
  a.hi = {*hi, false};
  return Normal(a);
}

AV Evaluator::Span(Fn fn, const AV& x, const AV& y) {
  AV a = Lift(x), b = Lift(y);
  AV out = AV::Empty();
  Flags(a, b, out);
  if (!Known(a) || !Known(b)) return Normal(out);
  if (a.k != AK::kDate || b.k != AK::kDate) return Join(out, Whole(AK::kNum, false, false));
  out.k = AK::kNum;
  out.whole = true;
  if (fn == Fn::kDaysBetween) {
    out.lo = {*Rational::Sub(b.lo.v, a.hi.v), false};
    out.hi = {*Rational::Sub(b.hi.v, a.lo.v), false};
    return Normal(out);
  }
  // Whole years never fall as the later date moves on, nor rise as the earlier one does (a
  // later date's month and day compare higher; before the earlier date the count is the
  // negated one): the corners bound them exactly.
  auto years = [&](const Rational& from, const Rational& to) {
    return YearsBetween(Date{static_cast<int32_t>(Days(from))}, Date{static_cast<int32_t>(Days(to))});
  };
  int64_t lo = years(a.hi.v, b.lo.v), hi = years(a.lo.v, b.hi.v);
  if (lo > hi) std::swap(lo, hi);
  out.lo = {Rational(lo), false};
  out.hi = {Rational(hi), false};
  return Normal(out);
}

AV Evaluator::Truths(Fn fn, const AV& list) {
  AV a = Lift(list);
  AV out = AV::Empty();
  out.unknown = a.unknown;
  out.error = a.error;
  std::vector<AV> listed;
  const std::vector<AV>* items = nullptr;
  if (a.k == AK::kList && a.items) {
    items = a.items;
  } else if (list.IsExact() && list.v.kind == VKind::kList) {
    for (const auto& v : list.v.list->items) listed.push_back(AV::Exact(v));
    items = &listed;
  } else {
    if (Known(a)) {
      out = Join(out, fn == Fn::kCount ? Whole(AK::kNum, false, false) : FromTruth(kMayTrue | kMayFalse));
      out.unknown = out.error = true;
    }
    return Normal(out);
  }
  uint8_t all = 0;
  bool all_f = true, all_t = true, all_not_t = true, all_not_f = true;
  int64_t must_t = 0, can_t = 0;
  for (const AV& it : *items) {
    const uint8_t m = TruthOf(it);
    all |= m;
    all_f &= (m & kMayFalse) != 0;
    all_t &= (m & kMayTrue) != 0;
    all_not_t &= (m & (kMayFalse | kMayUnknown)) != 0;
    all_not_f &= (m & (kMayTrue | kMayUnknown)) != 0;
    if (m == kMayTrue) ++must_t;
    if (m & kMayTrue) ++can_t;
  }
  if (all & kMayError) out.error = true;
  const bool may_u = all & kMayUnknown;
  if (fn == Fn::kCount) {
    if (may_u) out.unknown = true;
    AV n;
    n.k = AK::kNum;
    n.whole = true;
    n.lo = {Rational(must_t), false};
    n.hi = {Rational(can_t), false};
    return Join(out, Normal(n));
  }
  uint8_t m = 0;
  if (fn == Fn::kAny) {  // true if one item is; else unknown if one is; else false
    if (all & kMayTrue) m |= kMayTrue;
    if (all_not_t && may_u) m |= kMayUnknown;
    if (all_f) m |= kMayFalse;
  } else {  // false if one item is; else unknown if one is; else true
    if (all & kMayFalse) m |= kMayFalse;
    if (all_not_f && may_u) m |= kMayUnknown;
    if (all_t) m |= kMayTrue;
  }
  return Join(out, FromTruth(m));
}

}  // namespace elig::abstract
