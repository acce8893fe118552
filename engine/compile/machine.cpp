// SPDX-License-Identifier: Apache-2.0
#include "compile/machine.hpp"

#include <cassert>

#include <limits>
#include <new>

#include "common/catalog.hpp"
#include "common/utf8.hpp"

namespace elig {

void EvalContext::Reset(const CompiledProgram& prog, const Value* fact_values, Date date) {
  facts = fact_values;
  as_of = date;
  // Choosing parameters by date costs more than some whole decisions: keep the
  // choice while the program and the day stay the same (serial 0: always choose).
  if (prog.serial == 0 || prog.serial != params_serial_ || !(date == params_date_) ||
      params.size() != prog.params.size())
    ChooseParams(prog, date);
  // A define's value is read only once its state says done: the values need no clearing.
  if (!prog.defines.empty() || !define_state.empty()) {
    define_values.resize(prog.defines.size());
    define_state.assign(prog.defines.size(), 0);
    define_trace_at.assign(prog.defines.size(), 0);
    define_errors.resize(prog.defines.size());
  }
  trace_from = 0;
  if (prog.local_slots > 0 || !locals.empty()) locals.assign(prog.local_slots, Value::Unknown());
  if (!scratch.empty()) scratch.clear();
  error.clear();
}

std::string EvalContext::ErrorText() const { return error.empty() ? EvalError(Msg::kEvalErrorUnknown) : error; }

void EvalContext::ChooseParams(const CompiledProgram& prog, Date date) {
  params.resize(prog.params.size());
  for (size_t i = 0; i < prog.params.size(); ++i) {
    const auto& values = prog.params[i].values;
    Value chosen = Value::Unknown();
    for (const auto& [from, v] : values) {
      if (!from || *from <= date) chosen = v;
    }
    params[i] = chosen;
  }
  params_serial_ = prog.serial;
  params_date_ = date;
}

namespace {

Value Fail(EvalContext& ctx, std::string message) {
  if (ctx.error.empty()) ctx.error = std::move(message);
  return Value::Error();
}

}  // namespace

Value CallBuiltin(Fn fn, const Value* args, size_t n, EvalContext& ctx) {
  auto list_items = [&](const Value& v, const Value*& begin, size_t& count) {
    begin = v.list->items.data();
    count = v.list->items.size();
  };
  switch (fn) {
    case Fn::kKnown: return Value::Bool(args[0].IsKnown());
    case Fn::kMin:
    case Fn::kMax: {
      const Value* items = args;
      size_t count = n;
      if (n == 1 && args[0].kind == VKind::kList) list_items(args[0], items, count);
      if (n == 1 && args[0].kind == VKind::kUnknown) return Value::Unknown();
      if (count == 0) return Fail(ctx, EvalError(Msg::kEvalMinMaxOfEmpty));
      Value best = items[0];
      bool unknown = false;
      for (size_t i = 0; i < count; ++i) {
        if (items[i].kind == VKind::kError) return Value::Error();
        if (items[i].kind == VKind::kUnknown) {
          unknown = true;
          continue;
        }
        if (best.kind == VKind::kUnknown) {
          best = items[i];
          continue;
        }
        int c = CompareValues(items[i], best);
        if (fn == Fn::kMin ? c < 0 : c > 0) best = items[i];
      }
      // min(x, unknown) is unknown: the unknown could be smaller.
      return unknown ? Value::Unknown() : best;
    }
    case Fn::kFloor:
    case Fn::kCeil:
    case Fn::kRound:
    case Fn::kAbs: {
      const Value& x = args[0];
      if (!x.IsKnown()) return x;
      std::optional<Rational> r;
      if (fn == Fn::kFloor) r = x.num.Floor();
      else if (fn == Fn::kCeil) r = x.num.Ceil();
      else if (fn == Fn::kRound) r = x.num.Round();
      else r = x.num.Abs();
      if (!r) return Fail(ctx, EvalError(Msg::kEvalRoundingOutOfRange, fmt::arg("value", x.num.ToGroupedString())));
      return Value::Number(*r, x.yen);
    }
    case Fn::kYearsBetween:
    case Fn::kDaysBetween: {
      if (args[0].kind == VKind::kError || args[1].kind == VKind::kError) return Value::Error();
      if (!args[0].IsKnown() || !args[1].IsKnown()) return Value::Unknown();
      Date a{args[0].i}, b{args[1].i};
      int64_t v = fn == Fn::kYearsBetween ? YearsBetween(a, b) : int64_t{b.days} - a.days;
      return Value::Number(Rational(v));
    }
    case Fn::kLen: {
      if (!args[0].IsKnown()) return args[0];
      // A text's length is its characters (code points), as a person counts 群馬県: 3, not 9 bytes.
      if (args[0].kind == VKind::kText) return Value::Number(Rational(static_cast<int64_t>(utf8::CodePoints(*args[0].text))));
      return Value::Number(Rational(static_cast<int64_t>(args[0].list->items.size())));
    }
    case Fn::kAny:
    case Fn::kAll:
    case Fn::kCount: {
      if (!args[0].IsKnown()) return args[0];
      bool unknown = false;
      int64_t count = 0;
      for (const auto& v : args[0].list->items) {
        if (v.kind == VKind::kError) return Value::Error();
        if (v.kind == VKind::kUnknown) unknown = true;
        else if (v.b) ++count;
      }
      if (fn == Fn::kAny) {
        if (count > 0) return Value::Bool(true);
        return unknown ? Value::Unknown() : Value::Bool(false);
      }
      if (fn == Fn::kAll) {
        for (const auto& v : args[0].list->items)
          if (v.kind == VKind::kBool && !v.b) return Value::Bool(false);
        return unknown ? Value::Unknown() : Value::Bool(true);
      }
      return unknown ? Value::Unknown() : Value::Number(Rational(count));
    }
    case Fn::kSum: {
      if (!args[0].IsKnown()) return args[0];
      Value total = Value::Number(Rational(0));
      for (const auto& v : args[0].list->items) {
        if (!v.IsKnown()) return v;
        total.yen = total.yen || v.yen;
        auto r = Rational::Add(total.num, v.num);
        if (!r) return Fail(ctx, EvalError(Msg::kEvalListSumOutOfRange));
        total.num = *r;
      }
      return total;
    }
  }
  return Value::Error();
}

// `and` (settled by false) and `or` (settled by true) in three-valued logic: the left
// operand alone may settle it; an error on either side is an error; otherwise unknown
// unless both sides are the other truth value.
namespace {
template <bool settled_by>
Value Junction(const CompiledProgram& prog, const Instr& in, EvalContext& ctx) {
  auto is = [](const Value& v, bool b) { return b ? v.IsTrue() : v.IsFalse(); };
  Value l = Run(prog, in.a, ctx);
  if (is(l, settled_by)) return l;
  Value r = Run(prog, in.b, ctx);
  if (l.kind == VKind::kError || r.kind == VKind::kError) return Value::Error();
  if (is(r, settled_by)) return r;
  if (is(l, !settled_by) && is(r, !settled_by)) return l;
  return Value::Unknown();
}

// Whether an aggregate over yes/no conditions names record k (its body gave `v`) in a trace:
// `all` and `count` name the records that fail or are not known, `any` those that hold when
// one does, else those not known.
bool NamesRecord(Agg agg, const Value& v, const Value& result) {
  if (agg == Agg::kAny) return result.IsTrue() ? v.IsTrue() : v.kind == VKind::kUnknown;
  return !v.IsTrue();
}

// An aggregate over the records of a list (Op::kEach). Three-valued like `and` and `or`: `all`
// is false when some record fails, `any` true when one holds, whatever the unknowns; `count`,
// `sum`, `min`, `max`, `max_by` and `min_by` are unknown while a record's value is.
[[gnu::noinline]] Value RunEach(const CompiledProgram& prog, uint32_t at, const Instr& in, EvalContext& ctx) {
  // A list fact is read without a trace event: the records the aggregate names are its reasons.
  Value list = prog.code[in.a].op == Op::kFact ? ctx.facts[prog.code[in.a].a] : Run(prog, in.a, ctx);
  if (list.kind != VKind::kList || !list.list) return list.kind == VKind::kError ? list : Value::Unknown();
  const auto agg = static_cast<Agg>(in.fn);
  const bool condition = agg == Agg::kAll || agg == Agg::kAny || agg == Agg::kCount;
  const auto& items = list.list->items;
  std::vector<TraceEvent>* trace = ctx.trace;
  ctx.trace = nullptr;  // the body's own comparisons are said through the records it names
  const Value saved = ctx.locals[in.c];
  std::vector<Value> results;
  if (trace && condition) results.reserve(items.size());
  bool unknown = false, error = false, found = false, failed = false;
  int64_t count = 0;
  Value best;  // min / max: the value; max_by / min_by: the record
  Value best_key;
  Value sum = Value::Number(Rational(0));
  for (size_t k = 0; k < items.size() && !error; ++k) {
    ctx.locals[in.c] = items[k];
    Value v = Run(prog, in.b, ctx);
    if (trace && condition) results.push_back(v);
    if (v.kind == VKind::kError) {
      error = true;
    } else if (!v.IsKnown()) {
      unknown = true;
    } else if (condition) {
      found |= v.b;
      failed |= !v.b;
      count += v.b ? 1 : 0;
    } else if (agg == Agg::kSum) {
      auto r = Rational::Add(sum.num, v.num);
      if (!r) {
        Fail(ctx, EvalError(Msg::kEvalListSumOutOfRange));
        error = true;
      } else {
        sum = Value::Number(*r, v.yen);
      }
    } else if (best_key.kind == VKind::kUnknown ||
               ((agg == Agg::kMin || agg == Agg::kMinBy) ? CompareValues(v, best_key) < 0 : CompareValues(v, best_key) > 0)) {
      best_key = v;  // ties keep the first record
      best = agg == Agg::kMaxBy || agg == Agg::kMinBy ? items[k] : v;
    }
  }
  ctx.locals[in.c] = saved;
  ctx.trace = trace;
  Value out;
  if (error) {
    out = Value::Error();
  } else if (agg == Agg::kAll) {
    out = failed ? Value::Bool(false) : unknown ? Value::Unknown() : Value::Bool(true);
  } else if (agg == Agg::kAny) {
    out = found ? Value::Bool(true) : unknown ? Value::Unknown() : Value::Bool(false);
  } else if (unknown) {
    out = Value::Unknown();
  } else if (agg == Agg::kCount) {
    out = Value::Number(Rational(count));
  } else if (agg == Agg::kSum) {
    out = sum;
  } else if (items.empty()) {
    out = Fail(ctx, EvalError(Msg::kEvalNoRecordsForMinMax));
  } else {
    out = best;
  }
  if (trace && condition && !error) {
    size_t named = 0;
    for (size_t k = 0; k < results.size() && named < kMaxMemberReasons; ++k) {
      if (!NamesRecord(agg, results[k], out)) continue;
      trace->emplace_back(at, items[k], Value::Number(Rational(static_cast<int64_t>(k + 1))), results[k].kind,
                          results[k].b, false);
      ++named;
    }
  }
  return out;
}

}  // namespace

Value Run(const CompiledProgram& prog, uint32_t at, EvalContext& ctx) {
  assert(at < prog.code.size() && "an instruction index past the program's code");
  const Instr& in = prog.code[at];
  switch (in.op) {
    case Op::kConst: return prog.consts[in.a];
    case Op::kFact: {
      Value v = ctx.facts[in.a];
      if (ctx.trace) ctx.trace->emplace_back(at, v, Value{}, v.kind, v.b, true);
      return v;
    }
    case Op::kParam: return ctx.params[in.a];
    case Op::kAsOf: return Value::OfDate(ctx.as_of);
    case Op::kDefine: {
      // The traced path re-evaluates once per rule so each rule's trace is complete; never
      // at every use, which would take time exponential in how definitions share definitions.
      if (ctx.define_state[in.a] == 2 && (!ctx.trace || ctx.define_trace_at[in.a] >= ctx.trace_from)) {
        const Value& v = ctx.define_values[in.a];
        if (v.kind == VKind::kError) ctx.RecallDefineError(in.a);
        return v;
      }
      if (ctx.trace) ctx.define_trace_at[in.a] = ctx.trace->size();
      std::string outer = ctx.BeginDefine();
      Value v = Run(prog, prog.defines[in.a].root, ctx);
      ctx.EndDefine(in.a, v.kind == VKind::kError, outer);
      ctx.define_values[in.a] = v;
      ctx.define_state[in.a] = 2;
      return v;
    }
    case Op::kTable: {
      Value key = Run(prog, in.c, ctx);
      if (!key.IsKnown()) return key;
      const CompiledTable& t = prog.tables[in.a];
      size_t idx = static_cast<size_t>(key.i) * t.columns + in.b;
      if (key.i < 0 || idx >= t.cells.size() || t.cells[idx].kind == VKind::kError)
        return Fail(ctx, EvalError(Msg::kEvalTableHasNoRow, fmt::arg("table", t.name)));
      return t.cells[idx];
    }
    case Op::kNot: {
      Value v = Run(prog, in.a, ctx);
      return v.kind == VKind::kBool ? Value::Bool(!v.b) : v;
    }
    case Op::kNeg: {
      Value v = Run(prog, in.a, ctx);
      if (!v.IsKnown()) return v;
      auto r = v.num.Neg();
      if (!r) return Fail(ctx, EvalError(Msg::kEvalNegationOutOfRange));
      return Value::Number(*r, v.yen);
    }
    case Op::kAnd: return Junction<false>(prog, in, ctx);
    case Op::kOr: return Junction<true>(prog, in, ctx);
    case Op::kBinary: {
      // A comparison's reason shows the fact on its side (its site's `fact`: the left operand
      // when it is a fact, else the right), so that read is not traced on its own: the
      // explanation would drop it anyway (evaluate.cpp, Reasons).
      const bool compare = static_cast<ValueOp>(in.fn) >= ValueOp::kEq;
      const bool left_fact = compare && prog.code[in.a].op == Op::kFact;
      const bool right_fact = compare && !left_fact && prog.code[in.b].op == Op::kFact;
      Value l = left_fact ? ctx.facts[prog.code[in.a].a] : Run(prog, in.a, ctx);
      Value r = right_fact ? ctx.facts[prog.code[in.b].a] : Run(prog, in.b, ctx);
      std::string err;
      Value out = Apply(static_cast<ValueOp>(in.fn), l, r, err);
      if (!err.empty()) Fail(ctx, std::move(err));
      if (ctx.trace && compare) ctx.trace->emplace_back(at, l, r, out.kind, out.b, false);
      return out;
    }
    case Op::kBetween: {
      // As above: the fact in range is shown by the comparison's own reason.
      Value x = prog.code[in.a].op == Op::kFact ? ctx.facts[prog.code[in.a].a] : Run(prog, in.a, ctx);
      Value lo = Run(prog, in.b, ctx);
      Value hi = Run(prog, in.c, ctx);
      Value out;
      if (x.kind == VKind::kError || lo.kind == VKind::kError || hi.kind == VKind::kError) out = Value::Error();
      else if (!x.IsKnown()) out = Value::Unknown();
      else {
        bool above = lo.IsKnown() && CompareValues(x, lo) >= 0;
        bool below = hi.IsKnown() && CompareValues(x, hi) <= 0;
        if ((lo.IsKnown() && !above) || (hi.IsKnown() && !below)) out = Value::Bool(false);
        else if (lo.IsKnown() && hi.IsKnown()) out = Value::Bool(true);
        else out = Value::Unknown();
      }
      if (ctx.trace) ctx.trace->emplace_back(at, x, lo, out.kind, out.b, false);
      return out;
    }
    case Op::kIf: {
      Value c = Run(prog, in.a, ctx);
      if (c.IsTrue()) return Run(prog, in.b, ctx);
      if (c.IsFalse()) return Run(prog, in.c, ctx);
      if (c.kind == VKind::kError) return c;
      // Unknown condition: the answer is known only when both branches agree.
      Value a = Run(prog, in.b, ctx);
      Value b = Run(prog, in.c, ctx);
      if (a.IsKnown() && b.IsKnown() && a.kind == b.kind && ValuesEqual(a, b)) return a;
      return Value::Unknown();
    }
    case Op::kList: {
      ValueList& list = ctx.scratch.emplace_back();
      list.items.reserve(in.b);
      for (uint32_t k = 0; k < in.b; ++k) list.items.push_back(Run(prog, prog.args[in.a + k], ctx));
      return Value::List(&list);
    }
    case Op::kCall: {
      Value local[8];
      std::vector<Value> heap;
      Value* args = local;
      if (in.b > 8) {
        heap.resize(in.b);
        args = heap.data();
      }
      // known() answers for an error too: an error inside its operand is not the evaluation's.
      std::string outer;
      const bool known = static_cast<Fn>(in.fn) == Fn::kKnown;
      if (known) outer.swap(ctx.error);
      for (uint32_t k = 0; k < in.b; ++k) args[k] = Run(prog, prog.args[in.a + k], ctx);
      if (known) ctx.error.swap(outer);
      return CallBuiltin(static_cast<Fn>(in.fn), args, in.b, ctx);
    }
    case Op::kLocal: return ctx.locals[in.a];
    case Op::kField: {
      Value record = Run(prog, in.a, ctx);
      if (record.kind != VKind::kRecord) return record.kind == VKind::kError ? record : Value::Unknown();
      if (!record.list || in.b >= record.list->items.size()) return Value::Unknown();
      return record.list->items[in.b];
    }
    case Op::kEach: return RunEach(prog, at, in, ctx);
  }
  return Value::Error();
}

namespace {

// The operand's value in place, when reading it evaluates nothing; null otherwise
// (an expression, an unknown table key, a missing row: Run then gives the answer
// and records the message exactly as the interpreter does).
inline const Value* Peek(const CompiledProgram& p, const FastOperand& o, const EvalContext& ctx) {
  switch (o.kind) {
    case OperandKind::kFact: return &ctx.facts[o.a];
    case OperandKind::kConst: return &p.consts[o.a];
    case OperandKind::kParam: return &ctx.params[o.a];
    case OperandKind::kTable: {
      const Value& key = ctx.facts[o.c];
      if (key.kind != VKind::kEnum || key.i < 0) return nullptr;
      const CompiledTable& t = p.tables[o.a];
      size_t idx = static_cast<size_t>(key.i) * t.columns + o.b;
      if (idx < t.cells.size() && t.cells[idx].kind != VKind::kError) return &t.cells[idx];
      return nullptr;
    }
    default: return nullptr;
  }
}

Value RunFastNodeValue(const CompiledProgram& p, uint32_t at, EvalContext& ctx);

[[gnu::noinline]] Value Evaluate(const CompiledProgram& p, const FastOperand& o, EvalContext& ctx) {
  if (o.kind == OperandKind::kNode) return RunFastNodeValue(p, o.a, ctx);
  return Run(p, o.instr, ctx);
}

}  // namespace

Tri CompareGeneric(ValueOp op, const Value& l, const Value& r, EvalContext& ctx) {
  std::string err;
  Value v = Apply(op, l, r, err);
  if (!err.empty()) Fail(ctx, std::move(err));
  return TriOf(v);
}

namespace {

inline Tri InMask(const FastNode& n, const Value& l, const CompiledProgram& p, EvalContext& ctx) {
  if (l.kind == VKind::kEnum) {
    bool found = l.i >= 0 && l.i < 64 && ((n.mask >> l.i) & 1) != 0;
    return found == (static_cast<ValueOp>(n.fn) == ValueOp::kIn) ? Tri::kTrue : Tri::kFalse;
  }
  return CompareGeneric(static_cast<ValueOp>(n.fn), l, p.consts[n.right.a], ctx);
}

// A comparison with an operand that must be evaluated: left first, as Run does.
[[gnu::noinline]] Tri CompareEvaluated(const CompiledProgram& p, const FastNode& n, EvalContext& ctx) {
  Value lt, rt;
  const Value* l = Peek(p, n.left, ctx);
  if (!l) {
    lt = Evaluate(p, n.left, ctx);
    l = &lt;
  }
  if (n.op == FastOp::kInMask) return InMask(n, *l, p, ctx);
  const Value* r = Peek(p, n.right, ctx);
  if (!r) {
    rt = Evaluate(p, n.right, ctx);
    r = &rt;
  }
  return Compare(static_cast<ValueOp>(n.fn), n.tri, *l, *r, ctx);
}

// Apply() for + - * /, with the plain case (two known numbers, no overflow) inline.
inline Value Arith(ValueOp op, const Value& l, const Value& r, EvalContext& ctx) {
  if (l.kind == VKind::kNumber && r.kind == VKind::kNumber) {
    std::optional<Rational> out;
    switch (op) {
      case ValueOp::kAdd: out = Rational::Add(l.num, r.num); break;
      case ValueOp::kSub: out = Rational::Sub(l.num, r.num); break;
      case ValueOp::kMul: out = Rational::Mul(l.num, r.num); break;
      case ValueOp::kDiv:
        if (r.num.num() != 0) out = Rational::Div(l.num, r.num);
        break;
      default: break;
    }
    if (out) return Value::Number(*out, op == ValueOp::kDiv ? l.yen != r.yen : l.yen || r.yen);
  }
  std::string err;  // overflow, division by zero, dates: Apply says what went wrong
  Value v = Apply(op, l, r, err);
  if (!err.empty()) Fail(ctx, std::move(err));
  return v;
}

inline Value Load(const CompiledProgram& p, const FastOperand& o, EvalContext& ctx) {
  if (const Value* v = Peek(p, o, ctx)) return *v;
  return Evaluate(p, o, ctx);
}

Value RunFastNodeValue(const CompiledProgram& p, uint32_t at, EvalContext& ctx) {
  assert(at < p.fast.size() && "a fast-path node index past the program's nodes");
  const FastNode& n = p.fast[at];
  switch (n.op) {
    case FastOp::kArith: {
      Value l = Load(p, n.left, ctx);
      Value r = Load(p, n.right, ctx);
      return Arith(static_cast<ValueOp>(n.fn), l, r, ctx);
    }
    case FastOp::kFloorMul: {
      Value l = Load(p, n.left, ctx);
      Value r = Load(p, n.right, ctx);
      if (l.kind == VKind::kNumber && r.kind == VKind::kNumber) {
        // floor(a/b * c/d) straight from the 128-bit product: when numerator and denominator
        // fit in 64 bits, so does the reduced product, and Mul + floor give the same.
        __extension__ using i128 = __int128;
        i128 num = i128(l.num.num()) * r.num.num(), den = i128(l.num.den()) * r.num.den();
        constexpr i128 kMax = std::numeric_limits<int64_t>::max();
        if (num <= kMax && num >= -kMax && den <= kMax) {
          auto n64 = static_cast<int64_t>(num), d64 = static_cast<int64_t>(den);  // 64-bit division
          int64_t q = n64 / d64;
          if (n64 % d64 != 0 && n64 < 0) --q;
          return Value::Number(Rational(q), l.yen || r.yen);
        }
      }
      Value product = Arith(ValueOp::kMul, l, r, ctx);
      return CallBuiltin(Fn::kFloor, &product, 1, ctx);
    }
    case FastOp::kMinMax: {
      Value args[2] = {Load(p, n.left, ctx), Load(p, n.right, ctx)};
      if (args[0].kind == VKind::kNumber && args[1].kind == VKind::kNumber) {
        const Rational &x = args[1].num, &y = args[0].num;
        int c = x.IsInteger() && y.IsInteger() ? (x.num() > y.num()) - (x.num() < y.num()) : Rational::Compare(x, y);
        return (static_cast<Fn>(n.fn) == Fn::kMin ? c < 0 : c > 0) ? args[1] : args[0];
      }
      return CallBuiltin(static_cast<Fn>(n.fn), args, 2, ctx);
    }
    case FastOp::kRound: {
      Value x = Load(p, n.left, ctx);
      // Rounding a whole number leaves it as it is (abs does not: it is not taken here).
      if (x.kind == VKind::kNumber && x.num.IsInteger() && static_cast<Fn>(n.fn) != Fn::kAbs)
        return Value::Number(x.num, x.yen);
      return CallBuiltin(static_cast<Fn>(n.fn), &x, 1, ctx);
    }
    case FastOp::kCall: {
      // Uninitialised slots: a call has at most kMaxFastArgs operands, each written before use.
      union Slots {
        Slots() {}
        Value v[kMaxFastArgs];
      } args;
      std::string outer;  // as Op::kCall: known() keeps no error of its operand
      const bool known = static_cast<Fn>(n.fn) == Fn::kKnown;
      if (known) outer.swap(ctx.error);
      for (uint32_t k = 0; k < n.b; ++k) new (&args.v[k]) Value(Load(p, p.fast_args[n.a + k], ctx));
      if (known) ctx.error.swap(outer);
      return CallBuiltin(static_cast<Fn>(n.fn), args.v, n.b, ctx);
    }
    default: break;
  }
  return Value::Error();  // not a value node: BuildFastCode never points an operand here
}

// `and` (settled by false) and `or` (settled by true) on the fast path, as Junction.
template <Tri kSettles>
Tri FastJunction(const CompiledProgram& p, const FastNode& n, EvalContext& ctx) {
  constexpr Tri kOther = kSettles == Tri::kFalse ? Tri::kTrue : Tri::kFalse;
  Tri l = RunFastRoot(p, n.a, ctx);
  if (l == kSettles) return l;
  Tri r = RunFastRoot(p, n.b, ctx);
  if (l == Tri::kError || r == Tri::kError) return Tri::kError;
  if (r == kSettles) return r;
  return l == kOther && r == kOther ? kOther : Tri::kUnknown;
}

}  // namespace

Value RunFastValue(const CompiledProgram& prog, const FastOperand& operand, EvalContext& ctx) {
  return Load(prog, operand, ctx);
}

Tri RunFast(const CompiledProgram& p, uint32_t at, EvalContext& ctx) {
  assert(at < p.fast.size() && "a fast-path node index past the program's nodes");
  const FastNode& n = p.fast[at];
  switch (n.op) {
    case FastOp::kConst: return static_cast<Tri>(n.tri);
    case FastOp::kNot: {
      Tri c = RunFastRoot(p, n.a, ctx);
      return c == Tri::kTrue ? Tri::kFalse : c == Tri::kFalse ? Tri::kTrue : c;
    }
    case FastOp::kAnd: return FastJunction<Tri::kFalse>(p, n, ctx);
    case FastOp::kOr: return FastJunction<Tri::kTrue>(p, n, ctx);
    case FastOp::kCompareFactTable:
    case FastOp::kCompare: {
      const Value* l = Peek(p, n.left, ctx);
      const Value* r = Peek(p, n.right, ctx);
      if (l && r) return Compare(static_cast<ValueOp>(n.fn), n.tri, *l, *r, ctx);
      return CompareEvaluated(p, n, ctx);
    }
    case FastOp::kCompareFactConst:
      return Compare(static_cast<ValueOp>(n.fn), n.tri, ctx.facts[n.left.a], p.consts[n.right.a], ctx);
    case FastOp::kInMask: {
      if (const Value* l = Peek(p, n.left, ctx)) return InMask(n, *l, p, ctx);
      return CompareEvaluated(p, n, ctx);
    }
    case FastOp::kFact: return FactCondition(n, ctx);
    case FastOp::kDefine: {
      if (ctx.define_state[n.a] == 2) {
        Tri c = TriOf(ctx.define_values[n.a]);
        if (c == Tri::kError) ctx.RecallDefineError(n.a);
        return c;
      }
      std::string outer = ctx.BeginDefine();
      Tri c = RunFast(p, n.b, ctx);
      ctx.EndDefine(n.a, c == Tri::kError, outer);
      // The value Run would have memoized: a condition is a boolean, unknown or an error.
      ctx.define_values[n.a] = c == Tri::kTrue    ? Value::Bool(true)
                               : c == Tri::kFalse ? Value::Bool(false)
                               : c == Tri::kError ? Value::Error()
                                                   : Value::Unknown();
      ctx.define_state[n.a] = 2;
      return c;
    }
    case FastOp::kValue: return TriOf(Run(p, n.a, ctx));
    default: break;
  }
  return TriOf(RunFastNodeValue(p, at, ctx));
}

namespace {

class FastBuilder {
 public:
  explicit FastBuilder(CompiledProgram& p) : p_(p) {}

  uint32_t Condition(uint32_t at) {
    const Instr in = p_.code[at];
    FastNode n;
    switch (in.op) {
      case Op::kConst:
        n.op = FastOp::kConst;
        n.tri = static_cast<uint8_t>(TriOf(p_.consts[in.a]));
        break;
      case Op::kFact:
        n.op = FastOp::kFact;
        n.a = in.a;
        break;
      case Op::kNot:
        if (p_.code[in.a].op == Op::kFact) {  // `not exported_before`: one node
          n.op = FastOp::kFact;
          n.a = p_.code[in.a].a;
          n.fn = 1;
          break;
        }
        n.op = FastOp::kNot;
        n.a = Condition(in.a);
        break;
      case Op::kAnd:
      case Op::kOr:
        n.op = in.op == Op::kAnd ? FastOp::kAnd : FastOp::kOr;
        n.a = Condition(in.a);
        n.b = Condition(in.b);
        break;
      case Op::kBinary: {
        auto op = static_cast<ValueOp>(in.fn);
        if (op < ValueOp::kEq) return Other(at);  // arithmetic is not a condition
        n.op = FastOp::kCompare;
        n.fn = in.fn;
        n.tri = CompareMask(op);
        n.left = Operand(in.a);
        n.right = Operand(in.b);
        if ((op == ValueOp::kIn || op == ValueOp::kNotIn) && EnumMask(n.left, n.right, n.mask)) n.op = FastOp::kInMask;
        else if (n.left.kind == OperandKind::kFact && n.right.kind == OperandKind::kConst) n.op = FastOp::kCompareFactConst;
        else if (n.left.kind == OperandKind::kFact && n.right.kind == OperandKind::kTable) n.op = FastOp::kCompareFactTable;
        break;
      }
      case Op::kDefine: {
        CompiledDefine& d = p_.defines[in.a];
        if (d.fast_root < 0) d.fast_root = static_cast<int32_t>(Condition(d.root));
        n.op = FastOp::kDefine;
        n.a = in.a;
        n.b = static_cast<uint32_t>(d.fast_root);
        break;
      }
      default: return Other(at);
    }
    return Add(n);
  }

  FastOperand Operand(uint32_t at) {
    const Instr& in = p_.code[at];
    FastOperand o;
    o.instr = at;
    switch (in.op) {
      case Op::kFact:
        o.kind = OperandKind::kFact;
        o.a = in.a;
        break;
      case Op::kConst:
        o.kind = OperandKind::kConst;
        o.a = in.a;
        break;
      case Op::kParam: {
        // A parameter with one undated value is the same on every day: a constant.
        const auto& values = p_.params[in.a].values;
        if (values.size() == 1 && !values[0].first) {
          p_.consts.push_back(values[0].second);
          o.kind = OperandKind::kConst;
          o.a = static_cast<uint32_t>(p_.consts.size() - 1);
        } else {
          o.kind = OperandKind::kParam;
          o.a = in.a;
        }
        break;
      }
      case Op::kTable:
        if (p_.code[in.c].op == Op::kFact) {
          o.kind = OperandKind::kTable;
          o.a = in.a;
          o.b = in.b;
          o.c = p_.code[in.c].a;
        }
        break;
      case Op::kBinary:
        if (static_cast<ValueOp>(in.fn) < ValueOp::kEq) {
          FastNode n;
          n.op = FastOp::kArith;
          n.fn = in.fn;
          n.left = Operand(in.a);
          n.right = Operand(in.b);
          o.kind = OperandKind::kNode;
          o.a = Add(n);
        }
        break;
      case Op::kCall: {
        auto fn = static_cast<Fn>(in.fn);
        FastNode n;
        n.fn = in.fn;
        bool rounding = fn == Fn::kFloor || fn == Fn::kCeil || fn == Fn::kRound || fn == Fn::kAbs;
        if (fn == Fn::kFloor && in.b == 1 && p_.code[p_.args[in.a]].op == Op::kBinary &&
            static_cast<ValueOp>(p_.code[p_.args[in.a]].fn) == ValueOp::kMul) {
          const Instr& mul = p_.code[p_.args[in.a]];
          n.op = FastOp::kFloorMul;
          n.left = Operand(mul.a);
          n.right = Operand(mul.b);
        } else if ((fn == Fn::kMin || fn == Fn::kMax) && in.b == 2) {
          n.op = FastOp::kMinMax;
          n.left = Operand(p_.args[in.a]);
          n.right = Operand(p_.args[in.a + 1]);
        } else if (rounding && in.b == 1) {
          n.op = FastOp::kRound;
          n.left = Operand(p_.args[in.a]);
        } else if (in.b <= kMaxFastArgs) {
          n.op = FastOp::kCall;
          std::vector<FastOperand> args;
          for (uint32_t k = 0; k < in.b; ++k) args.push_back(Operand(p_.args[in.a + k]));
          n.a = static_cast<uint32_t>(p_.fast_args.size());
          n.b = in.b;
          p_.fast_args.insert(p_.fast_args.end(), args.begin(), args.end());
        } else {
          break;  // many operands: Run
        }
        o.kind = OperandKind::kNode;
        o.a = Add(n);
        break;
      }
      default: break;
    }
    return o;
  }

 private:
  uint32_t Add(const FastNode& n) {
    p_.fast.push_back(n);
    return static_cast<uint32_t>(p_.fast.size() - 1);
  }

  // A condition the tree does not specialise: a value node when the operand is one, else Run.
  uint32_t Other(uint32_t at) {
    FastOperand o = Operand(at);
    if (o.kind == OperandKind::kNode) return o.a;
    FastNode n;
    n.op = FastOp::kValue;
    n.a = at;
    return Add(n);
  }

  // `enum_fact in [constant enum values]`: one bit test instead of a scan.
  bool EnumMask(const FastOperand& left, const FastOperand& right, uint64_t& mask) const {
    if (left.kind != OperandKind::kFact || right.kind != OperandKind::kConst) return false;
    if (p_.facts[left.a].spec.base != BaseType::kEnum) return false;
    const Value& list = p_.consts[right.a];
    if (list.kind != VKind::kList || !list.list) return false;
    mask = 0;
    for (const auto& item : list.list->items) {
      if (item.kind != VKind::kEnum || item.i < 0 || item.i >= 64) return false;
      mask |= uint64_t{1} << item.i;
    }
    return true;
  }

  CompiledProgram& p_;
};

}  // namespace

void BuildFastCode(CompiledProgram& prog) {
  prog.fast.clear();
  prog.fast_args.clear();
  for (auto& d : prog.defines) d.fast_root = -1;
  FastBuilder b(prog);
  for (auto* rules : {&prog.requirements, &prog.exclusions, &prog.scoring})
    for (auto& r : *rules) r.fast_root = b.Condition(r.root);
  for (auto& s : prog.scoring) {
    s.fast_points = b.Operand(s.points);
    s.group_index = -1;
    for (size_t g = 0; g < prog.score_groups.size(); ++g)
      if (prog.score_groups[g].name == s.group) s.group_index = static_cast<int32_t>(g);
  }
  if (prog.award >= 0) prog.fast_award = b.Operand(static_cast<uint32_t>(prog.award));
  prog.fast_ready = true;
  BuildFastPlan(prog);
}

namespace {

// What an explanation says of the records an aggregate over yes/no conditions names: the list
// fact's label (構成員), and the label of the field when the body is one yes/no field.
bool MemberSite(const CompiledProgram& prog, const Instr& in, ReasonSite& site) {
  const auto agg = static_cast<Agg>(in.fn);
  if (agg != Agg::kAll && agg != Agg::kAny && agg != Agg::kCount) return false;
  site.op = "member";
  const Instr& list = prog.code[in.a];
  if (list.op != Op::kFact) return true;
  const CompiledFact& fact = prog.facts[list.a];
  site.fact = static_cast<int32_t>(list.a);
  site.item = fact.label.Empty() ? LocalText{fact.name, fact.name} : fact.label;
  const RecordDef* record = fact.spec.record.get();
  const Instr& body = prog.code[in.b];
  if (record && body.op == Op::kField && prog.code[body.a].op == Op::kLocal && body.b < record->fields.size()) {
    const FieldDef& field = record->fields[body.b];
    if (field.type.base == BaseType::kBool) site.field = field.label.Empty() ? LocalText{field.name, field.name} : field.label;
  }
  return true;
}

}  // namespace

void BuildReasonSites(CompiledProgram& prog) {
  prog.reason_sites.clear();
  prog.site_of.assign(prog.code.size(), -1);
  auto slice = [&](uint32_t at) {
    const InstrSource& src = prog.sources[at];
    return src.expr && src.node ? src.expr->Slice(*src.node) : std::string();
  };
  auto loc = [&](uint32_t at) {
    const InstrSource& src = prog.sources[at];
    return src.expr && src.node ? src.expr->Loc(*src.node) : SourceLoc{};
  };
  // The fact an operand reads: itself, or through the definition of a derived fact.
  auto fact_of = [&](uint32_t at) -> int32_t {
    const Instr& in = prog.code[at];
    if (in.op == Op::kFact) return static_cast<int32_t>(in.a);
    if (in.op != Op::kDefine) return -1;
    for (size_t f = 0; f < prog.facts.size(); ++f)
      if (prog.facts[f].derive == static_cast<int32_t>(in.a)) return static_cast<int32_t>(f);
    return -1;
  };
  for (uint32_t at = 0; at < prog.code.size(); ++at) {
    const Instr& in = prog.code[at];
    ReasonSite site;
    if (in.op == Op::kFact) {
      site.op = "fact";
      site.fact_read = true;
      site.fact = static_cast<int32_t>(in.a);
      site.expr = prog.facts[in.a].name;
      site.fact_enum = prog.EnumOf(in.a);
      site.fact_record = prog.RecordOf(in.a);
      site.loc = loc(at);
    } else if (in.op == Op::kBetween || (in.op == Op::kBinary && static_cast<ValueOp>(in.fn) >= ValueOp::kEq)) {
      static const char* const kOps[] = {"==", "!=", "<", "<=", ">", ">=", "in", "not in"};
      auto op = static_cast<ValueOp>(in.fn);
      site.op = in.op == Op::kBetween ? "between" : op <= ValueOp::kNotIn ? kOps[static_cast<int>(op) - static_cast<int>(ValueOp::kEq)] : "?";
      site.expr = slice(at);
      site.left_expr = slice(in.a);
      site.loc = loc(at);
      if (int32_t left = fact_of(in.a); left >= 0) {
        site.fact = left;
      } else if (int32_t right = in.op == Op::kBinary ? fact_of(in.b) : -1; right >= 0) {
        site.fact = right;
        site.fact_left = false;
      }
      if (site.fact >= 0) site.fact_enum = prog.EnumOf(static_cast<uint32_t>(site.fact));
    } else if (in.op == Op::kEach) {
      if (!MemberSite(prog, in, site)) continue;
      site.expr = slice(in.b);
      site.left_expr = slice(in.a);
      site.loc = loc(at);
    } else {
      continue;
    }
    if (site.fact >= 0) site.fact_name = prog.facts[static_cast<size_t>(site.fact)].name;
    prog.site_of[at] = static_cast<int32_t>(prog.reason_sites.size());
    prog.reason_sites.push_back(std::move(site));
  }
}

}  // namespace elig
