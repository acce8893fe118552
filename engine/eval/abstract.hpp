// SPDX-License-Identifier: Apache-2.0
// Abstract evaluation of compiled code (eval/settle.hpp uses it): each value is a set of the
// values an expression may take while some facts range over sets (an interval of numbers or
// dates, a set of enum values or yes/no). A set of one value is evaluated by the same
// operations as the interpreter (Apply, CallBuiltin), so a fully known case gives exactly
// what Run gives; a larger set over-approximates: every value an expression can take in any
// case of the facts is in its set (the converse need not hold).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "compile/machine.hpp"
#include "compile/program.hpp"

namespace elig::abstract {

// One end of a range of numbers (dates count days); `open` excludes the value itself.
struct End {
  Rational v;
  bool open = false;
};

enum class AK : uint8_t {
  kExact,  // one value, `v` (which may be unknown or an error)
  kNone,   // no known value: only what the flags allow
  kBool,   // t / f
  kNum,    // numbers in [lo, hi]
  kDate,   // dates in [lo, hi] (days)
  kEnum,   // enum values in `mask` (indices below 64)
  kAny,    // any known value of the expression's type
  kList,   // a list written in the rule, whose items are `items`
};

// A set of values. Apart from kExact, `unknown` and `error` say the set also holds an
// unknown value or an evaluation error.
struct AV {
  AK k = AK::kExact;
  Value v;
  bool unknown = false, error = false;
  bool t = false, f = false;
  End lo, hi;
  bool yen = false;
  bool whole = false;  // kNum: every number in the set is a whole number
  uint64_t mask = 0;
  const std::vector<AV>* items = nullptr;

  static AV Exact(const Value& x) {
    AV a;
    a.v = x;
    return a;
  }
  static AV Empty() {
    AV a;
    a.k = AK::kNone;
    return a;
  }
  bool IsExact() const { return k == AK::kExact; }
};

// The largest magnitude a number can have (64-bit exact rationals): the ends of every range.
Rational Largest();

// The results a condition may have: bit (1 << Tri) for each.
uint8_t TruthOf(const AV& a);
inline constexpr uint8_t kMayFalse = 1, kMayTrue = 2, kMayUnknown = 4, kMayError = 8;

// A set of one value becomes kExact; an empty part becomes kNone.
AV Normal(AV a);
// The union of two sets.
AV Join(const AV& a, const AV& b);

// Evaluates instructions over `env` (one set per fact slot), on the day of `ctx` (its
// parameters are chosen). Definitions are evaluated once per Begin.
class Evaluator {
 public:
  Evaluator(const CompiledProgram& prog, Date as_of);
  void Begin(const std::vector<AV>& env);
  AV Eval(uint32_t instr);

 private:
  AV Binary(ValueOp op, const AV& l, const AV& r);
  AV Arith(ValueOp op, const AV& l, const AV& r);
  AV Compare(ValueOp op, const AV& l, const AV& r);
  AV In(ValueOp op, const AV& l, const AV& r);
  AV Between(const AV& x, const AV& lo, const AV& hi);
  AV If(const Instr& in);
  AV Table(const Instr& in);
  // The operands of a list or call, evaluated in order; `exact` tells whether each is one value.
  std::vector<AV> Operands(const Instr& in, bool& exact);
  AV List(const Instr& in);
  AV Call(const Instr& in);
  AV CallSet(Fn fn, const std::vector<AV>& args);
  AV MinMax(Fn fn, const std::vector<AV>& args);
  AV Truths(Fn fn, const AV& list);
  AV Rounded(Fn fn, const AV& x);
  AV Span(Fn fn, const AV& a, const AV& b);
  // A record aggregate (Op::kEach), and whether the code at `at` reads only facts known
  // exactly here.
  AV Each(uint32_t at);
  bool ReadsExact(uint32_t at);

  const CompiledProgram& p_;
  EvalContext ctx_;  // the parameters in force, and a place for the interpreter's messages
  const std::vector<AV>* env_ = nullptr;
  std::vector<AV> defines_;
  std::vector<uint8_t> define_done_;
  std::vector<int8_t> define_exact_;  // ReadsExact of each definition: -1 not yet asked
  std::deque<ValueList> lists_;
  std::deque<std::vector<AV>> items_;
};

}  // namespace elig::abstract
