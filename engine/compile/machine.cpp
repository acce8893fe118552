#include "compile/machine.hpp"

namespace elig {

void EvalContext::Reset(const CompiledProgram& prog, const Value* fact_values, Date date) {
  facts = fact_values;
  as_of = date;
  params.resize(prog.params.size());
  for (size_t i = 0; i < prog.params.size(); ++i) {
    const auto& values = prog.params[i].values;
    Value chosen = Value::Unknown();
    for (const auto& [from, v] : values) {
      if (!from || *from <= date) chosen = v;
    }
    params[i] = chosen;
  }
  define_values.assign(prog.defines.size(), Value::Unknown());
  define_state.assign(prog.defines.size(), 0);
  scratch.clear();
  error.clear();
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
      if (count == 0) return Fail(ctx, "min/max of an empty list");
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
      if (!r) return Fail(ctx, "rounding of " + x.num.ToGroupedString() + " is out of range");
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
      if (args[0].kind == VKind::kText) return Value::Number(Rational(static_cast<int64_t>(args[0].text->size())));
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
        if (!r) return Fail(ctx, "a sum is out of range");
        total.num = *r;
      }
      return total;
    }
  }
  return Value::Error();
}

Value Run(const CompiledProgram& prog, uint32_t at, EvalContext& ctx) {
  const Instr& in = prog.code[at];
  switch (in.op) {
    case Op::kConst: return prog.consts[in.a];
    case Op::kFact: {
      Value v = ctx.facts[in.a];
      if (ctx.trace) ctx.trace->push_back({at, v, {}, v, true});
      return v;
    }
    case Op::kParam: return ctx.params[in.a];
    case Op::kAsOf: return Value::OfDate(ctx.as_of);
    case Op::kDefine: {
      // The traced path re-evaluates so each rule's trace is complete.
      if (!ctx.trace && ctx.define_state[in.a] == 2) return ctx.define_values[in.a];
      Value v = Run(prog, prog.defines[in.a].root, ctx);
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
        return Fail(ctx, "the table `" + t.name + "` has no row for this value");
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
      if (!r) return Fail(ctx, "negation is out of range");
      return Value::Number(*r, v.yen);
    }
    case Op::kAnd: {
      Value l = Run(prog, in.a, ctx);
      if (l.IsFalse()) return l;
      Value r = Run(prog, in.b, ctx);
      if (l.kind == VKind::kError || r.kind == VKind::kError) return Value::Error();
      if (r.IsFalse()) return r;
      if (l.IsTrue() && r.IsTrue()) return l;
      return Value::Unknown();
    }
    case Op::kOr: {
      Value l = Run(prog, in.a, ctx);
      if (l.IsTrue()) return l;
      Value r = Run(prog, in.b, ctx);
      if (l.kind == VKind::kError || r.kind == VKind::kError) return Value::Error();
      if (r.IsTrue()) return r;
      if (l.IsFalse() && r.IsFalse()) return l;
      return Value::Unknown();
    }
    case Op::kBinary: {
      Value l = Run(prog, in.a, ctx);
      Value r = Run(prog, in.b, ctx);
      std::string err;
      Value out = Apply(static_cast<ValueOp>(in.fn), l, r, err);
      if (!err.empty()) Fail(ctx, std::move(err));
      if (ctx.trace && static_cast<ValueOp>(in.fn) >= ValueOp::kEq) ctx.trace->push_back({at, l, r, out, false});
      return out;
    }
    case Op::kBetween: {
      Value x = Run(prog, in.a, ctx);
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
      if (ctx.trace) ctx.trace->push_back({at, x, lo, out, false});
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
      for (uint32_t k = 0; k < in.b; ++k) args[k] = Run(prog, prog.args[in.a + k], ctx);
      return CallBuiltin(static_cast<Fn>(in.fn), args, in.b, ctx);
    }
  }
  return Value::Error();
}

}  // namespace elig
