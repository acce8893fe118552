// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <atomic>
#include <set>

#include "common/diagnose.hpp"
#include "compile/machine.hpp"
#include "common/fill.hpp"
#include "compile/program.hpp"

namespace elig {

int CompiledProgram::FindFact(const std::string& name) const {
  for (size_t i = 0; i < facts.size(); ++i)
    if (facts[i].name == name) return static_cast<int>(i);
  return -1;
}

namespace {

class Compiler {
 public:
  Compiler(const CheckedProgram& c, CompiledProgram& p, std::vector<Diagnostic>& diags, const CompileLimits& limits)
      : c_(c), p_(p), diags_(diags), limits_(limits) {}

  void Run() {
    const RuleFile& f = *c_.program;
    static_cast<ProgramAbout&>(p_) = f;
    p_.path = f.file ? f.file->path() : "";
    for (const RuleFile* m : c_.modules) p_.source_paths.push_back(m->file ? m->file->path() : "");
    p_.local_slots = c_.local_slots;

    for (const auto& cf : c_.facts) {
      CompiledFact out;
      out.name = cf.decl->name;
      out.spec = cf.decl->type;
      out.min = cf.decl->min;
      out.max = cf.decl->max;
      out.ask = cf.decl->ask;
      out.label = cf.decl->label;
      out.statement = cf.decl->statement;
      out.topic = cf.decl->topic;
      out.origin = cf.origin;
      out.used = cf.used;
      p_.facts.push_back(std::move(out));
    }
    // Defines get their slots first so references can point at them; roots are filled in after.
    define_facts_.resize(c_.defines.size());
    define_done_.assign(c_.defines.size(), false);
    for (const auto& d : c_.defines) p_.defines.push_back({d.decl->name, 0});
    // A fact with `derive:` is read through a definition of its own, after the declared ones:
    // `if known(fact) then fact else <derive>`.
    for (size_t i = 0; i < c_.facts.size(); ++i) {
      if (!c_.facts[i].decl->derive.root) continue;
      p_.facts[i].derive = static_cast<int32_t>(p_.defines.size());
      p_.defines.push_back({c_.facts[i].decl->name, 0});
    }
    define_facts_.resize(p_.defines.size());
    define_done_.resize(p_.defines.size(), false);
    for (const auto& cp : c_.params) {
      CompiledParam out;
      out.name = cp.decl->name;
      for (const auto& v : cp.decl->values) {
        Value val = Value::Error();
        if (v.expr.root) val = FoldConstant(v.expr);
        out.values.emplace_back(v.from, val);
      }
      p_.params.push_back(std::move(out));
    }
    for (const auto& ct : c_.tables) CompileTable(ct);
    for (size_t i = 0; i < c_.defines.size(); ++i) CompileDefine(static_cast<int>(i));
    for (size_t i = 0; i < c_.facts.size(); ++i)
      if (p_.facts[i].derive >= 0) CompileDerive(static_cast<uint32_t>(i));

    auto rules = [&](const std::vector<RuleDecl>& in, std::vector<CompiledRule>& out, RuleKind kind) {
      for (const auto& r : in) {
        CompiledRule cr;
        cr.kind = kind;
        cr.id = r.id;
        cr.text = r.text;
        cr.cite = r.cite;
        cr.note = r.note;
        cr.loc = r.loc;
        cr.expr_text = r.expr.text;
        std::set<uint32_t> facts;
        cr.root = Lower(r.expr, facts);
        cr.facts.assign(facts.begin(), facts.end());
        out.push_back(std::move(cr));
      }
    };
    rules(f.requirements, p_.requirements, RuleKind::kRequirement);
    rules(f.exclusions, p_.exclusions, RuleKind::kExclusion);
    for (const auto& s : f.scoring) {
      CompiledRule cr;
      cr.kind = RuleKind::kScore;
      cr.id = s.id;
      cr.text = s.text;
      cr.cite = s.cite;
      cr.loc = s.loc;
      cr.expr_text = s.when.text;
      cr.group = s.group;
      std::set<uint32_t> facts;
      cr.root = Lower(s.when, facts);
      cr.points = Lower(s.points, facts);
      cr.facts.assign(facts.begin(), facts.end());
      p_.scoring.push_back(std::move(cr));
    }
    if (f.award && f.award->root) {
      std::set<uint32_t> facts;
      p_.award = static_cast<int32_t>(Lower(*f.award, facts));
      p_.award_text = f.award->text;
      p_.award_facts.assign(facts.begin(), facts.end());
    }
    p_.themes = f.themes;
    if (f.apply) {
      CompiledApply a;
      static_cast<ApplyWords&>(a) = *f.apply;
      for (const auto& d : f.apply->deadlines) {
        CompiledDeadline cd;
        std::set<uint32_t> facts;
        cd.root = Lower(d.by, facts);
        cd.facts.assign(facts.begin(), facts.end());
        cd.text = d.text;
        cd.expr_text = d.by.text;
        cd.loc = d.loc;
        a.deadlines.push_back(std::move(cd));
      }
      p_.apply = std::move(a);
    }
    CombineAndRanking(f);
    AwardSays(f);
    if (p_.code.size() > limits_.max_instructions) {
      Problem("too-large", f.id_loc, Msg::kCompileTooLarge, fmt::arg("count", p_.code.size()),
              fmt::arg("max", limits_.max_instructions));
    }
  }

 private:
  // `award_says:` names values in braces: each must be a definition, a fact, a parameter
  // of this program or `award`, and the text must be one fmt can fill in.
  void AwardSays(const RuleFile& f) {
    if (f.award_says.Empty()) return;
    p_.award_says = f.award_says;
    std::set<std::string> seen;
    for (const std::string* text : {&f.award_says.ja, &f.award_says.en}) {
      std::vector<std::string> names;
      if (!TemplateNames(*text, names)) {
        Problem("bad-template", f.award_says_loc, Msg::kCompileAwardSaysTemplate, fmt::arg("text", *text));
        continue;
      }
      for (const auto& name : names) {
        if (!seen.insert(name).second) continue;
        AwardTerm t;
        t.name = name;
        if (name == "award") {
          t.kind = AwardTerm::Kind::kAward;
        } else if (int slot = p_.FindFact(name); slot >= 0 && p_.facts[static_cast<size_t>(slot)].derive >= 0) {
          // A derived fact says the value worked out when the applicant gave its parts.
          t.kind = AwardTerm::Kind::kDefine;
          t.index = static_cast<uint32_t>(p_.facts[static_cast<size_t>(slot)].derive);
        } else if (slot >= 0) {
          t.kind = AwardTerm::Kind::kFact;
          t.index = static_cast<uint32_t>(slot);
        } else if (int d = IndexByName(p_.defines, name); d >= 0) {
          t.kind = AwardTerm::Kind::kDefine;
          t.index = static_cast<uint32_t>(d);
        } else if (int q = IndexByName(p_.params, name); q >= 0) {
          t.kind = AwardTerm::Kind::kParam;
          t.index = static_cast<uint32_t>(q);
        } else {
          Problem("unknown-name", f.award_says_loc, Msg::kCompileAwardSaysUnknown, fmt::arg("name", name));
          continue;
        }
        p_.award_terms.push_back(std::move(t));
      }
    }
  }

  template <typename T>
  static int IndexByName(const std::vector<T>& items, const std::string& name) {
    for (size_t i = 0; i < items.size(); ++i)
      if (items[i].name == name) return static_cast<int>(i);
    return -1;
  }

  template <class... Args>
  void Problem(std::string code, const SourceLoc& loc, Msg id, const Args&... args) {
    diags_.push_back(Diagnose(Severity::kError, std::move(code), loc, id, args...));
  }

  // `combine:` and `ranking:` name facts; resolve them to slots (or report where they are wrong).
  void CombineAndRanking(const RuleFile& f) {
    p_.combine = f.combine;
    p_.ranking = f.ranking;
    if (f.combine && !f.combine->deduct_fact.empty()) {
      int slot = p_.FindFact(f.combine->deduct_fact);
      if (slot < 0) {
        Problem("unknown-name", f.combine->deduct_fact_loc, Msg::kCompileDeductUnknownFact, fmt::arg("fact", f.combine->deduct_fact));
      } else if (p_.facts[static_cast<size_t>(slot)].spec.base != BaseType::kYen) {
        Problem("type-mismatch", f.combine->deduct_fact_loc, Msg::kCompileDeductNotYen,
                fmt::arg("type", TypeSpecName(p_.facts[static_cast<size_t>(slot)].spec)));
      } else {
        p_.combine_deduct_fact = slot;
      }
    }
    if (f.ranking) {
      for (const auto& key : f.ranking->tie_break) {
        if (key.name == "award") {
          p_.tie_break_slots.push_back(-1);
          continue;
        }
        int slot = p_.FindFact(key.name);
        if (slot < 0) {
          Problem("unknown-name", key.loc, Msg::kCompileTieBreakUnknown, fmt::arg("name", key.name));
        } else if (p_.facts[static_cast<size_t>(slot)].spec.base == BaseType::kList) {
          Problem("type-mismatch", key.loc, Msg::kCompileTieBreakList, fmt::arg("name", key.name));
        }
        p_.tie_break_slots.push_back(slot);
      }
    }
  }

  uint32_t Emit(Instr in, const Expr* e, const ast::Node* n) {
    p_.code.push_back(in);
    p_.sources.push_back({e, n});
    return static_cast<uint32_t>(p_.code.size() - 1);
  }

  uint32_t Const(Value v, const Expr* e, const ast::Node* n) {
    p_.consts.push_back(v);
    Instr in;
    in.op = Op::kConst;
    in.a = static_cast<uint32_t>(p_.consts.size() - 1);
    return Emit(in, e, n);
  }

  bool IsConst(uint32_t i) const { return p_.code[i].op == Op::kConst; }

  // Replaces instruction `i` (whose operands are constants) by its value.
  uint32_t Fold(uint32_t i) {
    EvalContext ctx;
    ctx.Reset(p_, nullptr, Date{});
    Value v = elig::Run(p_, i, ctx);
    if (v.kind == VKind::kError) {
      // Constants that fail (`rate: 1/0`) fail for every applicant: an authoring error, said
      // once here rather than in every decision.
      const InstrSource& src = p_.sources[i];
      if (!ctx.error.empty() && src.expr && src.node)
        Problem("constant-error", src.expr->Loc(*src.node), Msg::kCompileConstantFails, fmt::arg("expr", src.expr->Slice(*src.node)),
                fmt::arg("error", LocalText{SayEvalError(Lang::kJa, ctx.error), ctx.error}));
      return i;
    }
    if (v.kind == VKind::kList) {
      p_.lists.push_back(*v.list);
      v.list = &p_.lists.back();
    }
    p_.consts.push_back(v);
    p_.code[i].op = Op::kConst;
    p_.code[i].a = static_cast<uint32_t>(p_.consts.size() - 1);
    return i;
  }

  Value FoldConstant(const Expr& e) {
    std::set<uint32_t> facts;
    uint32_t i = Lower(e, facts);
    if (IsConst(i)) return p_.consts[p_.code[i].a];
    EvalContext ctx;
    ctx.Reset(p_, nullptr, Date{});
    return elig::Run(p_, i, ctx);
  }

  void CompileTable(const CheckedTable& ct) {
    CompiledTable t;
    t.name = ct.decl->name;
    t.key_fact = ct.key_fact;
    t.columns = static_cast<uint32_t>(ct.columns.size());
    size_t n_keys = ct.key_enum ? ct.key_enum->values.size() : 0;
    t.cells.assign(n_keys * t.columns, Value::Error());
    auto fill = [&](const TableRow& row, size_t key) {
      for (const auto& [col, expr] : row.cells) {
        auto it = std::find(ct.columns.begin(), ct.columns.end(), col);
        if (it == ct.columns.end() || !expr.root) continue;
        t.cells[key * t.columns + static_cast<size_t>(it - ct.columns.begin())] = FoldConstant(expr);
      }
    };
    if (ct.decl->default_row)
      for (size_t k = 0; k < n_keys; ++k) fill(*ct.decl->default_row, k);
    if (ct.key_enum) {
      const auto& def = *ct.key_enum;
      for (const auto& row : ct.decl->rows) {
        int k = def.IndexOf(row.key);
        if (k >= 0) fill(row, static_cast<size_t>(k));
      }
    }
    p_.tables.push_back(std::move(t));
  }

  void CompileDefine(int i) {
    if (define_done_[static_cast<size_t>(i)]) return;
    define_done_[static_cast<size_t>(i)] = true;
    const auto& d = c_.defines[static_cast<size_t>(i)];
    std::set<uint32_t> facts;
    if (d.decl->expr.root) {
      p_.defines[static_cast<size_t>(i)].root = Lower(d.decl->expr, facts);
    } else {
      p_.defines[static_cast<size_t>(i)].root = Const(Value::Error(), nullptr, nullptr);
    }
    define_facts_[static_cast<size_t>(i)] = std::move(facts);
  }

  // The definition of a derived fact: the value given, else the one `derive:` works out.
  uint32_t CompileDerive(uint32_t fact) {
    const auto slot = static_cast<size_t>(p_.facts[fact].derive);
    if (define_done_[slot]) return static_cast<uint32_t>(slot);
    define_done_[slot] = true;
    const Expr& derive = c_.facts[fact].decl->derive;
    std::set<uint32_t> facts{fact};
    Instr given;
    given.op = Op::kFact;
    given.a = fact;
    uint32_t read = Emit(given, nullptr, nullptr);
    Instr known;
    known.op = Op::kCall;
    known.fn = static_cast<uint8_t>(Fn::kKnown);
    known.a = static_cast<uint32_t>(p_.args.size());
    known.b = 1;
    p_.args.push_back(read);
    uint32_t is_known = Emit(known, nullptr, nullptr);
    std::set<uint32_t> inputs;
    uint32_t worked_out = Lower(derive, inputs);
    Instr pick;
    pick.op = Op::kIf;
    pick.a = is_known;
    pick.b = read;
    pick.c = worked_out;
    p_.defines[slot].root = Emit(pick, &derive, derive.root.get());
    for (uint32_t f : inputs) {
      if (f == fact) continue;
      p_.facts[f].derives.push_back(fact);
      p_.facts[fact].parts.push_back(f);
      facts.insert(f);
    }
    define_facts_[slot] = std::move(facts);
    return static_cast<uint32_t>(slot);
  }

  uint32_t Lower(const Expr& e, std::set<uint32_t>& facts) {
    if (!e.root) return Const(Value::Error(), &e, nullptr);
    return Node(e, *e.root, facts);
  }

  // A name: a fact (a derived one through its definition), a parameter, a definition, the
  // as-of date, a record and its field inside an aggregate, or a table's column.
  uint32_t Reference(const Expr& e, const ast::Node& n, const NodeInfo& info, std::set<uint32_t>& facts) {
    Instr in;
    switch (info.ref) {
      case RefKind::kFact: {
        const auto fact = static_cast<uint32_t>(info.index);
        if (p_.facts[fact].derive >= 0) {
          uint32_t slot = CompileDerive(fact);
          const auto& df = define_facts_[slot];
          facts.insert(df.begin(), df.end());
          in.op = Op::kDefine;
          in.a = slot;
          return Emit(in, &e, &n);
        }
        facts.insert(fact);
        in.op = Op::kFact;
        in.a = fact;
        return Emit(in, &e, &n);
      }
      case RefKind::kParam:
        in.op = Op::kParam;
        in.a = static_cast<uint32_t>(info.index);
        return Emit(in, &e, &n);
      case RefKind::kDefine: {
        CompileDefine(info.index);
        const auto& df = define_facts_[static_cast<size_t>(info.index)];
        facts.insert(df.begin(), df.end());
        in.op = Op::kDefine;
        in.a = static_cast<uint32_t>(info.index);
        return Emit(in, &e, &n);
      }
      case RefKind::kAsOf:
        in.op = Op::kAsOf;
        return Emit(in, &e, &n);
      case RefKind::kLocal:
        in.op = Op::kLocal;
        in.a = static_cast<uint32_t>(info.index);
        return Emit(in, &e, &n);
      case RefKind::kField:
        in.op = Op::kField;
        in.a = Node(e, *n.kids[0], facts);
        in.b = static_cast<uint32_t>(info.index);
        return Emit(in, &e, &n);
      case RefKind::kColumn: {
        // n is `table[key].column`: kids[0] is the index node.
        const ast::Node& index = *n.kids[0];
        const NodeInfo* table_info = c_.Info(*index.kids[0]);
        if (!table_info) return Const(Value::Error(), &e, &n);
        in.op = Op::kTable;
        in.a = static_cast<uint32_t>(table_info->type.table);
        in.b = static_cast<uint32_t>(info.index);
        in.c = Node(e, *index.kids[1], facts);
        return Emit(in, &e, &n);
      }
      default: return Const(Value::Error(), &e, &n);
    }
  }

  uint32_t Node(const Expr& e, const ast::Node& n, std::set<uint32_t>& facts) {
    using ast::Kind;
    const NodeInfo* info = c_.Info(n);
    Instr in;
    switch (n.kind) {
      case Kind::kNumber: return Const(Value::Number(n.number, n.unit == ast::Unit::kYen), &e, &n);
      case Kind::kBool: return Const(Value::Bool(n.boolean), &e, &n);
      case Kind::kDate: return Const(Value::OfDate(n.date), &e, &n);
      case Kind::kText: {
        if (info && info->enum_index >= 0) return Const(Value::Enum(info->enum_index), &e, &n);
        p_.strings.push_back(n.text);
        return Const(Value::Text(&p_.strings.back()), &e, &n);
      }
      case Kind::kName:
      case Kind::kMember: return info ? Reference(e, n, *info, facts) : Const(Value::Error(), &e, &n);
      case Kind::kIndex: return Const(Value::Error(), &e, &n);  // only valid under `.column`
      case Kind::kAggregate: {
        static const std::pair<const char*, Agg> kAggs[] = {
            {"all", Agg::kAll}, {"any", Agg::kAny}, {"count", Agg::kCount}, {"sum", Agg::kSum}, {"min", Agg::kMin},
            {"max", Agg::kMax}, {"max_by", Agg::kMaxBy}, {"argmax", Agg::kMaxBy}, {"min_by", Agg::kMinBy},
            {"argmin", Agg::kMinBy}};
        const NodeInfo* binder = c_.Info(*n.kids[0]);
        auto agg = std::find_if(std::begin(kAggs), std::end(kAggs), [&](const auto& a) { return n.text == a.first; });
        if (!binder || agg == std::end(kAggs)) return Const(Value::Error(), &e, &n);
        in.op = Op::kEach;
        in.fn = static_cast<uint8_t>(agg->second);
        in.a = Node(e, *n.kids[1], facts);
        in.b = Node(e, *n.kids[2], facts);
        in.c = static_cast<uint32_t>(binder->index);
        return Emit(in, &e, &n);
      }
      case Kind::kUnary: {
        in.op = n.un_op == ast::UnOp::kNot ? Op::kNot : Op::kNeg;
        in.a = Node(e, *n.kids[0], facts);
        uint32_t i = Emit(in, &e, &n);
        return IsConst(in.a) ? Fold(i) : i;
      }
      case Kind::kBinary: {
        in.a = Node(e, *n.kids[0], facts);
        in.b = Node(e, *n.kids[1], facts);
        using ast::BinOp;
        switch (n.bin_op) {
          case BinOp::kAnd: in.op = Op::kAnd; break;
          case BinOp::kOr: in.op = Op::kOr; break;
          default:
            in.op = Op::kBinary;
            in.fn = static_cast<uint8_t>(n.bin_op == BinOp::kAdd ? ValueOp::kAdd
                                         : n.bin_op == BinOp::kSub ? ValueOp::kSub
                                         : n.bin_op == BinOp::kMul ? ValueOp::kMul
                                         : n.bin_op == BinOp::kDiv ? ValueOp::kDiv
                                         : n.bin_op == BinOp::kEq ? ValueOp::kEq
                                         : n.bin_op == BinOp::kNe ? ValueOp::kNe
                                         : n.bin_op == BinOp::kLt ? ValueOp::kLt
                                         : n.bin_op == BinOp::kLe ? ValueOp::kLe
                                         : n.bin_op == BinOp::kGt ? ValueOp::kGt
                                         : n.bin_op == BinOp::kGe ? ValueOp::kGe
                                         : n.bin_op == BinOp::kIn ? ValueOp::kIn
                                                                  : ValueOp::kNotIn);
        }
        uint32_t i = Emit(in, &e, &n);
        return IsConst(in.a) && IsConst(in.b) ? Fold(i) : i;
      }
      case Kind::kBetween:  // x between low and high; if cond then a else b: three operands
      case Kind::kIf: {
        in.op = n.kind == Kind::kBetween ? Op::kBetween : Op::kIf;
        in.a = Node(e, *n.kids[0], facts);
        in.b = Node(e, *n.kids[1], facts);
        in.c = Node(e, *n.kids[2], facts);
        uint32_t i = Emit(in, &e, &n);
        return IsConst(in.a) && IsConst(in.b) && IsConst(in.c) ? Fold(i) : i;
      }
      case Kind::kList:
      case Kind::kCall: {
        std::vector<uint32_t> kids;
        bool all_const = true;
        for (const auto& k : n.kids) {
          kids.push_back(Node(e, *k, facts));
          all_const = all_const && IsConst(kids.back());
        }
        in.op = n.kind == Kind::kList ? Op::kList : Op::kCall;
        in.a = static_cast<uint32_t>(p_.args.size());
        in.b = static_cast<uint32_t>(kids.size());
        p_.args.insert(p_.args.end(), kids.begin(), kids.end());
        if (n.kind == Kind::kCall) {
          static const std::pair<const char*, Fn> kFns[] = {
              {"min", Fn::kMin}, {"max", Fn::kMax}, {"floor", Fn::kFloor}, {"ceil", Fn::kCeil},
              {"round", Fn::kRound}, {"abs", Fn::kAbs}, {"years_between", Fn::kYearsBetween},
              {"days_between", Fn::kDaysBetween}, {"len", Fn::kLen}, {"any", Fn::kAny}, {"all", Fn::kAll},
              {"count", Fn::kCount}, {"sum", Fn::kSum}, {"known", Fn::kKnown}};
          bool found = false;
          for (const auto& [name, fn] : kFns)
            if (n.text == name) {
              in.fn = static_cast<uint8_t>(fn);
              found = true;
            }
          if (!found) return Const(Value::Error(), &e, &n);
          const NodeInfo* arg = n.text == "len" && !n.kids.empty() ? c_.Info(*n.kids[0]) : nullptr;
          if (arg && arg->type.kind == TKind::kText) p_.text_lengths.insert(&n);
        }
        uint32_t i = Emit(in, &e, &n);
        return all_const ? Fold(i) : i;
      }
    }
    return Const(Value::Error(), &e, &n);
  }

  const CheckedProgram& c_;
  CompiledProgram& p_;
  std::vector<Diagnostic>& diags_;
  const CompileLimits& limits_;
  std::vector<std::set<uint32_t>> define_facts_;
  std::vector<bool> define_done_;
};

}  // namespace

std::unique_ptr<CompiledProgram> Compile(const CheckedProgram& checked, std::vector<Diagnostic>& diags,
                                         const CompileLimits& limits) {
  auto out = std::make_unique<CompiledProgram>();
  Compiler(checked, *out, diags, limits).Run();
  BuildFastCode(*out);
  BuildReasonSites(*out);
  static std::atomic<uint64_t> serials{0};
  out->serial = ++serials;
  return out;
}

}  // namespace elig
