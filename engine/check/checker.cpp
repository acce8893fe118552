#include "check/checker.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "common/places.hpp"
#include "common/utf8.hpp"

namespace elig {

std::string TypeName(const Type& t) {
  auto enum_text = [&] {
    std::string s = "enum[";
    if (t.enum_def)
      for (size_t i = 0; i < t.enum_def->values.size() && i < 6; ++i)
        s += (i ? ", " : "") + t.enum_def->values[i];
    if (t.enum_def && t.enum_def->values.size() > 6) s += ", …";
    return s + "]";
  };
  switch (t.kind) {
    case TKind::kError: return "an invalid value";
    case TKind::kBool: return "true/false";
    case TKind::kNumber: return "a number";
    case TKind::kYen: return "an amount in yen";
    case TKind::kText: return "text";
    case TKind::kDate: return "a date";
    case TKind::kEnum:
      if (t.enum_def && t.enum_def->kind == EnumKind::kPrefecture) return "a prefecture (北海道 … 沖縄県)";
      if (t.enum_def && t.enum_def->kind == EnumKind::kMunicipality) return "a municipality of Gunma (前橋市 … 邑楽町)";
      return enum_text();
    case TKind::kList: {
      Type e;
      e.kind = t.elem;
      e.enum_def = t.enum_def;
      return t.elem == TKind::kError ? "an empty list" : "a list of " + TypeName(e);
    }
    case TKind::kTable: return "a table";
    case TKind::kRow: return "a table row";
    case TKind::kModule: return "a module";
  }
  return "?";
}

int CheckedProgram::FindFact(const std::string& name) const {
  for (size_t i = 0; i < facts.size(); ++i)
    if (facts[i].decl->name == name) return static_cast<int>(i);
  return -1;
}

namespace {

Type Simple(TKind k) {
  Type t;
  t.kind = k;
  return t;
}

Type FromSpec(const TypeSpec& s) {
  auto base = [](BaseType b) {
    switch (b) {
      case BaseType::kBool: return TKind::kBool;
      case BaseType::kInt:
      case BaseType::kDecimal: return TKind::kNumber;
      case BaseType::kYen: return TKind::kYen;
      case BaseType::kText: return TKind::kText;
      case BaseType::kDate: return TKind::kDate;
      case BaseType::kEnum: return TKind::kEnum;
      case BaseType::kList: return TKind::kList;
      case BaseType::kError: return TKind::kError;
    }
    return TKind::kError;
  };
  Type t;
  t.kind = base(s.base);
  t.enum_def = s.enum_def;
  if (s.base == BaseType::kList) t.elem = base(s.elem);
  return t;
}

bool SameEnum(const Type& a, const Type& b) {
  return a.enum_def && b.enum_def && (a.enum_def == b.enum_def || a.enum_def->values == b.enum_def->values);
}

bool Ordered(TKind k) { return k == TKind::kNumber || k == TKind::kYen || k == TKind::kDate; }

std::string Suggest(const std::string& word, const std::vector<std::string>& options) {
  return utf8::DidYouMean(word, options);
}

class Checker {
 public:
  Checker(CheckedProgram& out, const std::unordered_map<std::string, const RuleFile*>& modules,
          std::vector<Diagnostic>& diags, const CheckLimits& limits)
      : p_(out), modules_(modules), diags_(diags), limits_(limits) {}

  void Run(const RuleFile& root, bool is_program) {
    CollectModules(root);
    CollectFacts();
    CollectNames();
    define_depth_.assign(p_.defines.size(), 0);
    for (size_t i = 0; i < p_.params.size(); ++i) CheckParam(static_cast<int>(i));
    for (size_t i = 0; i < p_.tables.size(); ++i) CheckTable(static_cast<int>(i));
    for (size_t i = 0; i < p_.defines.size(); ++i) CheckDefine(static_cast<int>(i));
    if (!is_program) return;
    const RuleFile& prog = root;
    for (const auto& r : prog.requirements) ExpectBool(r.expr, &prog, "a requirement");
    for (const auto& r : prog.exclusions) ExpectBool(r.expr, &prog, "an exclusion");
    std::set<std::string> groups;
    for (const auto& g : prog.score_groups) groups.insert(g.name);
    for (const auto& s : prog.scoring) {
      ExpectBool(s.when, &prog, "a scoring condition");
      if (s.points.root) {
        Type t = Visit(s.points, *s.points.root, &prog);
        if (t.kind != TKind::kNumber && t.kind != TKind::kError)
          Error("type-mismatch", "points must be a number, not " + TypeName(t), s.points.Loc(*s.points.root));
      }
      if (!s.group.empty() && !groups.count(s.group))
        Error("unknown-name", "unknown score group `" + s.group + "`", s.loc, "declare it under `score_groups:`");
    }
    if (prog.apply)
      for (const auto& d : prog.apply->deadlines) {
        if (!d.by.root) continue;
        Type t = Visit(d.by, *d.by.root, &prog);
        if (t.kind != TKind::kDate && t.kind != TKind::kError)
          Error("type-mismatch", "a deadline is a date, not " + TypeName(t), d.by.Loc(*d.by.root),
                "write a date (`2027-01-31`) or a date from the facts (`fair_start - 10`)");
      }
    if (prog.award && prog.award->root) {
      Type t = Visit(*prog.award, *prog.award->root, &prog);
      if (t.kind != TKind::kYen && t.kind != TKind::kError)
        Error("type-mismatch", "the award must be an amount in yen, not " + TypeName(t), prog.award->Loc(*prog.award->root),
              t.kind == TKind::kNumber ? "multiply by an amount in yen, or write the literal as `… yen`" : "");
    }
  }

 private:
  // ---- collection -------------------------------------------------------
  void CollectModules(const RuleFile& root) {
    std::vector<const RuleFile*> stack{&root};
    p_.modules.push_back(&root);
    while (!stack.empty()) {
      const RuleFile* f = stack.back();
      stack.pop_back();
      for (const auto& u : f->uses) {
        auto it = modules_.find(u.path);
        if (it == modules_.end()) {
          std::vector<std::string> names;
          for (const auto& [k, v] : modules_) names.push_back(k);
          Error("unknown-module", "no module `" + utf8::Printable(u.path) + "` under the rules root", u.loc,
                Suggest(u.path, names));
          continue;
        }
        if (std::find(p_.modules.begin(), p_.modules.end(), it->second) != p_.modules.end()) continue;
        p_.modules.push_back(it->second);
        stack.push_back(it->second);
      }
    }
  }

  void CollectFacts() {
    for (const RuleFile* f : p_.modules) {
      for (const auto& fact : f->facts) {
        int existing = FactIndex(fact.name);
        if (existing >= 0) {
          const auto& prev = p_.facts[static_cast<size_t>(existing)];
          if (TypeSpecName(prev.decl->type) != TypeSpecName(fact.type))
            Error("fact-conflict",
                  "the fact `" + fact.name + "` is declared as " + TypeSpecName(fact.type) + " here but as " +
                      TypeSpecName(prev.decl->type) + " in " + prev.origin,
                  fact.loc);
          continue;
        }
        fact_index_.emplace(fact.name, static_cast<int>(p_.facts.size()));
        CheckedFact cf;
        cf.decl = &fact;
        cf.origin = f->file ? f->file->path() : "";
        cf.type = FromSpec(fact.type);
        p_.facts.push_back(std::move(cf));
      }
    }
  }

  void CollectNames() {
    for (const RuleFile* f : p_.modules) {
      for (const auto& d : f->params) p_.params.push_back({&d, f, {}});
      for (const auto& d : f->defines) p_.defines.push_back({&d, f, {}, 0});
      for (const auto& d : f->tables) {
        CheckedTable t;
        t.decl = &d;
        t.owner = f;
        p_.tables.push_back(std::move(t));
      }
      // One name, one meaning within a file.
      std::set<std::string> names;
      auto claim = [&](const std::string& name, const SourceLoc& loc) {
        if (FactIndex(name) >= 0) {
          Error("duplicate-name", "`" + name + "` is already a fact; pick another name", loc);
        } else if (!names.insert(name).second) {
          Error("duplicate-name", "`" + name + "` is declared twice in this file", loc);
        }
      };
      for (const auto& d : f->params) claim(d.name, d.loc);
      for (const auto& d : f->defines) claim(d.name, d.loc);
      for (const auto& d : f->tables) claim(d.name, d.loc);
    }
  }

  // ---- name lookup ------------------------------------------------------
  template <class Vec>
  int FindIn(const Vec& v, const std::string& name, const RuleFile* owner) const {
    // Indexed by (file, name): a scan per name made checking quadratic in the number of definitions.
    // The vectors are complete before the first lookup (CollectNames) and never change after.
    NameIndex& index = name_index_[static_cast<const void*>(&v)];
    if (!index.built) {
      index.built = true;
      for (size_t i = 0; i < v.size(); ++i) index.first.emplace(std::make_pair(v[i].owner, v[i].decl->name), static_cast<int>(i));
    }
    auto it = index.first.find(std::make_pair(owner, name));
    return it == index.first.end() ? -1 : it->second;
  }

  int FactIndex(const std::string& name) const {
    auto it = fact_index_.find(name);
    return it == fact_index_.end() ? -1 : it->second;
  }

  const RuleFile* ModuleByAlias(const std::string& name, const RuleFile* owner) const {
    for (const auto& u : owner->uses) {
      auto it = modules_.find(u.path);
      if (it != modules_.end() && it->second->id == name) return it->second;
    }
    return nullptr;
  }

  std::vector<std::string> VisibleNames(const RuleFile* owner) const {
    std::vector<std::string> names{"as_of"};
    for (const auto& f : p_.facts) names.push_back(f.decl->name);
    for (const auto& x : p_.params) if (x.owner == owner) names.push_back(x.decl->name);
    for (const auto& x : p_.defines) if (x.owner == owner) names.push_back(x.decl->name);
    for (const auto& x : p_.tables) if (x.owner == owner) names.push_back(x.decl->name);
    for (const auto& u : owner->uses)
      if (auto it = modules_.find(u.path); it != modules_.end()) names.push_back(it->second->id);
    return names;
  }

  std::vector<std::string> MemberNames(const RuleFile* module) const {
    std::vector<std::string> names;
    for (const auto& x : p_.params) if (x.owner == module) names.push_back(x.decl->name);
    for (const auto& x : p_.defines) if (x.owner == module) names.push_back(x.decl->name);
    for (const auto& x : p_.tables) if (x.owner == module) names.push_back(x.decl->name);
    return names;
  }

  // Resolves `name` as seen from `owner` (unqualified) or as a member of a module.
  NodeInfo Resolve(const std::string& name, const RuleFile* owner, bool member_of_module) {
    NodeInfo info;
    if (!member_of_module) {
      if (name == "as_of") {
        info.ref = RefKind::kAsOf;
        info.type = Simple(TKind::kDate);
        return info;
      }
      if (int i = FactIndex(name); i >= 0) {
        info.ref = RefKind::kFact;
        info.index = i;
        info.type = p_.facts[static_cast<size_t>(i)].type;
        p_.facts[static_cast<size_t>(i)].used = true;
        return info;
      }
    }
    if (int i = FindIn(p_.params, name, owner); i >= 0) {
      info.ref = RefKind::kParam;
      info.index = i;
      info.type = p_.params[static_cast<size_t>(i)].type;
      return info;
    }
    if (int i = FindIn(p_.defines, name, owner); i >= 0) {
      info.ref = RefKind::kDefine;
      info.index = i;
      info.type = CheckDefine(i);
      return info;
    }
    if (int i = FindIn(p_.tables, name, owner); i >= 0) {
      info.ref = RefKind::kTable;
      info.index = i;
      info.type = Simple(TKind::kTable);
      info.type.table = i;
      return info;
    }
    if (!member_of_module) {
      if (const RuleFile* m = ModuleByAlias(name, owner)) {
        info.ref = RefKind::kModule;
        auto it = std::find(p_.modules.begin(), p_.modules.end(), m);
        info.index = static_cast<int>(it - p_.modules.begin());
        info.type = Simple(TKind::kModule);
        info.type.module = info.index;
        return info;
      }
    }
    return info;  // kNone
  }

  // ---- declarations -----------------------------------------------------
  void CheckParam(int i) {
    auto& cp = p_.params[static_cast<size_t>(i)];
    Type first;
    for (const auto& v : cp.decl->values) {
      if (!v.expr.root) continue;
      Type t = Visit(v.expr, *v.expr.root, cp.owner);
      if (!IsConstant(v.expr, *v.expr.root))
        Error("not-constant", "a parameter value must be a constant (no facts)", v.expr.Loc(*v.expr.root));
      if (first.kind == TKind::kError) {
        first = t;
      } else if (t.kind != TKind::kError && t.kind != first.kind) {
        Error("type-mismatch", "this value of `" + cp.decl->name + "` is " + TypeName(t) + " but an earlier one is " + TypeName(first),
              v.expr.Loc(*v.expr.root));
      }
    }
    cp.type = first;
  }

  void CheckTable(int i) {
    auto& t = p_.tables[static_cast<size_t>(i)];
    const TableDecl& d = *t.decl;
    t.key_fact = FactIndex(d.key);
    if (t.key_fact < 0) {
      std::vector<std::string> names;
      for (const auto& f : p_.facts) names.push_back(f.decl->name);
      Error("unknown-name", "the table key `" + d.key + "` is not a fact", d.key_loc, Suggest(d.key, names));
    } else if (p_.facts[static_cast<size_t>(t.key_fact)].type.kind != TKind::kEnum) {
      Error("type-mismatch", "a table is keyed by an enum fact; `" + d.key + "` is " +
                                 TypeName(p_.facts[static_cast<size_t>(t.key_fact)].type), d.key_loc);
      t.key_fact = -1;
    }
    auto add_row = [&](const TableRow& row) {
      if (t.key_fact >= 0 && &row != &*d.default_row) {
        const auto& def = *p_.facts[static_cast<size_t>(t.key_fact)].type.enum_def;
        if (def.IndexOf(row.key) < 0)
          Error("bad-enum", "`" + utf8::Printable(row.key) + "` is not a value of `" + d.key + "`", row.loc,
                Suggest(row.key, def.values));
      }
      for (const auto& [col, expr] : row.cells) {
        if (!expr.root) continue;
        Type ty = Visit(expr, *expr.root, t.owner);
        if (!IsConstant(expr, *expr.root))
          Error("not-constant", "a table cell must be a constant (no facts)", expr.Loc(*expr.root));
        auto it = std::find(t.columns.begin(), t.columns.end(), col);
        if (it == t.columns.end()) {
          t.columns.push_back(col);
          t.column_types.push_back(ty);
        } else {
          Type& prev = t.column_types[static_cast<size_t>(it - t.columns.begin())];
          if (prev.kind == TKind::kError) prev = ty;
          else if (ty.kind != TKind::kError && ty.kind != prev.kind)
            Error("type-mismatch", "column `" + col + "` is " + TypeName(ty) + " here but " + TypeName(prev) + " in an earlier row",
                  expr.Loc(*expr.root));
        }
      }
    };
    for (const auto& row : d.rows) add_row(row);
    if (d.default_row) add_row(*d.default_row);
  }

  Type CheckDefine(int i) {
    auto& cd = p_.defines[static_cast<size_t>(i)];
    if (cd.state == 2) return cd.type;
    if (cd.state == 1) {
      // Reported once, at the definition that closes the cycle.
      if (!cycle_reported_.count(i)) {
        cycle_reported_.insert(i);
        std::string chain;
        for (int d : define_stack_) chain += p_.defines[static_cast<size_t>(d)].decl->name + " → ";
        chain += cd.decl->name;
        Error("cycle", "definitions refer to each other in a cycle: " + chain, cd.decl->loc);
      }
      return Simple(TKind::kError);
    }
    cd.state = 1;
    define_stack_.push_back(i);
    uint32_t outer_peak = peak_;
    peak_ = depth_;
    Type t = cd.decl->expr.root ? Visit(cd.decl->expr, *cd.decl->expr.root, cd.owner) : Simple(TKind::kError);
    define_depth_[static_cast<size_t>(i)] = peak_ - depth_;
    peak_ = std::max(outer_peak, peak_);
    define_stack_.pop_back();
    cd.type = t;
    cd.state = 2;
    return t;
  }

  void ExpectBool(const Expr& e, const RuleFile* owner, const std::string& what) {
    if (!e.root) return;
    Type t = Visit(e, *e.root, owner);
    if (t.kind != TKind::kBool && t.kind != TKind::kError)
      Error("type-mismatch", what + " must be true or false; this is " + TypeName(t), e.Loc(*e.root));
  }

  bool IsConstant(const Expr& e, const ast::Node& n) const {
    if (auto* info = p_.Info(n)) {
      if (info->ref == RefKind::kFact || info->ref == RefKind::kAsOf || info->ref == RefKind::kDefine) return false;
    }
    for (const auto& k : n.kids)
      if (!IsConstant(e, *k)) return false;
    return true;
  }

  // ---- expressions ------------------------------------------------------
  Type Record(const ast::Node& n, NodeInfo info) {
    Type t = info.type;
    p_.info[&n] = std::move(info);
    return t;
  }
  Type Record(const ast::Node& n, Type t) {
    NodeInfo info;
    info.type = t;
    return Record(n, std::move(info));
  }

  // A text literal on one side and an enum on the other: validate and remember the index.
  bool EnumLiteral(const Expr& e, const ast::Node& lit, const Type& enum_type) {
    if (lit.kind != ast::Kind::kText || !enum_type.enum_def) return false;
    int idx = enum_type.enum_def->IndexOf(lit.text);
    if (idx < 0) {
      std::string help;
      if (enum_type.enum_def->kind != EnumKind::kPlain) {
        int place = FindPlace(*enum_type.enum_def, lit.text);
        std::string near = place >= 0 ? enum_type.enum_def->values[static_cast<size_t>(place)]
                                      : SuggestPlace(*enum_type.enum_def, lit.text);
        if (!near.empty()) help = "did you mean `" + near + "`?";
      } else {
        help = Suggest(lit.text, enum_type.enum_def->values);
      }
      Error("bad-enum", "`" + utf8::Printable(lit.text) + "` is not one of " + TypeName(enum_type), e.Loc(lit), help);
    }
    NodeInfo info;
    info.type = enum_type;
    info.type.kind = TKind::kEnum;
    info.enum_index = idx;
    p_.info[&lit] = info;
    return true;
  }

  bool Compatible(const Expr& e, const ast::Node& ln, Type& l, const ast::Node& rn, Type& r) {
    if (l.kind == TKind::kError || r.kind == TKind::kError) return true;
    if (l.kind == TKind::kEnum && r.kind == TKind::kText && rn.kind == ast::Kind::kText) {
      EnumLiteral(e, rn, l);
      return true;
    }
    if (r.kind == TKind::kEnum && l.kind == TKind::kText && ln.kind == ast::Kind::kText) {
      EnumLiteral(e, ln, r);
      return true;
    }
    if (l.kind == TKind::kEnum && r.kind == TKind::kEnum) return SameEnum(l, r);
    if (l.kind == TKind::kEnum || r.kind == TKind::kEnum) return false;
    return l.kind == r.kind;
  }

  std::string UnitHelp(const Type& l, const Type& r) {
    if ((l.kind == TKind::kYen && r.kind == TKind::kNumber) || (l.kind == TKind::kNumber && r.kind == TKind::kYen))
      return "write the plain number as an amount, e.g. `300_000_000 yen`";
    return "";
  }

  // Counts the nesting of the expression being checked, through definitions.
  struct DepthGuard {
    uint32_t& depth;
    explicit DepthGuard(uint32_t& d) : depth(d) { ++depth; }
    ~DepthGuard() { --depth; }
  };

  // Whether an expression reaching `depth` levels is still within the limit; reports once if not.
  bool WithinDepth(uint64_t depth, const Expr& e, const ast::Node& n) {
    if (depth <= limits_.max_depth) return true;
    if (!deep_reported_) {
      deep_reported_ = true;
      Error("too-deep", "expressions nest more than " + std::to_string(limits_.max_depth) +
                            " levels deep through their definitions; shorten the chain of definitions",
            e.Loc(n));
    }
    return false;
  }

  Type Visit(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    DepthGuard guard(depth_);
    peak_ = std::max(peak_, depth_);
    if (!WithinDepth(depth_, e, n)) return Simple(TKind::kError);
    Type t = VisitNode(e, n, owner);
    // A definition checked earlier counts with its own depth where it is used.
    if (const NodeInfo* info = p_.Info(n); info && info->ref == RefKind::kDefine && info->index >= 0) {
      uint64_t reach = uint64_t{depth_} + define_depth_[static_cast<size_t>(info->index)];
      peak_ = static_cast<uint32_t>(std::max<uint64_t>(peak_, std::min<uint64_t>(reach, UINT32_MAX)));
      if (!WithinDepth(reach, e, n)) return Record(n, Simple(TKind::kError));
    }
    return t;
  }

  Type VisitNode(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    using ast::Kind;
    switch (n.kind) {
      case Kind::kNumber: return Record(n, Simple(n.unit == ast::Unit::kYen ? TKind::kYen : TKind::kNumber));
      case Kind::kText: return Record(n, Simple(TKind::kText));
      case Kind::kBool: return Record(n, Simple(TKind::kBool));
      case Kind::kDate: return Record(n, Simple(TKind::kDate));
      case Kind::kList: return VisitList(e, n, owner);
      case Kind::kName: {
        NodeInfo info = Resolve(n.text, owner, false);
        if (info.ref == RefKind::kNone) {
          Error("unknown-name", "unknown name `" + utf8::Printable(n.text) + "`", e.Loc(n), Suggest(n.text, VisibleNames(owner)));
          return Record(n, Simple(TKind::kError));
        }
        if (info.ref == RefKind::kTable || info.ref == RefKind::kModule) {
          // Only valid under `.` or `[ ]`; the parent checks that.
        }
        return Record(n, info);
      }
      case Kind::kMember: return VisitMember(e, n, owner);
      case Kind::kIndex: return VisitIndex(e, n, owner);
      case Kind::kUnary: {
        Type t = Value(e, *n.kids[0], owner);
        if (t.kind == TKind::kError) return Record(n, t);
        if (n.un_op == ast::UnOp::kNot) {
          if (t.kind != TKind::kBool) Mismatch(e, n, "`not` needs true/false, not " + TypeName(t));
          return Record(n, Simple(TKind::kBool));
        }
        if (t.kind != TKind::kNumber && t.kind != TKind::kYen) {
          Mismatch(e, n, "`-` needs a number, not " + TypeName(t));
          return Record(n, Simple(TKind::kError));
        }
        return Record(n, t);
      }
      case Kind::kBinary: return VisitBinary(e, n, owner);
      case Kind::kBetween: {
        Type x = Value(e, *n.kids[0], owner);
        Type lo = Value(e, *n.kids[1], owner);
        Type hi = Value(e, *n.kids[2], owner);
        if (x.kind != TKind::kError && lo.kind != TKind::kError && hi.kind != TKind::kError) {
          if (!Ordered(x.kind) || x.kind != lo.kind || x.kind != hi.kind)
            Mismatch(e, n, "`between` needs three numbers, amounts or dates of one kind; got " + TypeName(x) + ", " +
                               TypeName(lo) + " and " + TypeName(hi), UnitHelp(x, lo.kind == x.kind ? hi : lo));
        }
        return Record(n, Simple(TKind::kBool));
      }
      case Kind::kIf: {
        Type c = Value(e, *n.kids[0], owner);
        if (c.kind != TKind::kBool && c.kind != TKind::kError)
          Mismatch(e, *n.kids[0], "the condition of `if` must be true or false, not " + TypeName(c));
        Type a = Value(e, *n.kids[1], owner);
        Type b = Value(e, *n.kids[2], owner);
        if (a.kind == TKind::kError || b.kind == TKind::kError) return Record(n, a.kind == TKind::kError ? b : a);
        if (!Compatible(e, *n.kids[1], a, *n.kids[2], b)) {
          Mismatch(e, n, "the branches of `if` differ: " + TypeName(a) + " and " + TypeName(b), UnitHelp(a, b));
          return Record(n, Simple(TKind::kError));
        }
        return Record(n, a.kind == TKind::kText && b.kind == TKind::kEnum ? b : a);
      }
      case Kind::kCall: return VisitCall(e, n, owner);
    }
    return Record(n, Simple(TKind::kError));
  }

  // A value: a table or module on its own is an error.
  Type Value(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    Type t = Visit(e, n, owner);
    if (t.kind == TKind::kTable) {
      Mismatch(e, n, "a table is used with a key and a column: `" + e.Slice(n) + "[key].column`");
      return Simple(TKind::kError);
    }
    if (t.kind == TKind::kRow) {
      Mismatch(e, n, "a table row needs a column: `" + e.Slice(n) + ".column`");
      return Simple(TKind::kError);
    }
    if (t.kind == TKind::kModule) {
      Mismatch(e, n, "a module is used with a member: `" + e.Slice(n) + ".name`");
      return Simple(TKind::kError);
    }
    return t;
  }

  Type VisitList(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    Type list = Simple(TKind::kList);
    const ast::Node* first = nullptr;
    Type elem;
    for (const auto& k : n.kids) {
      Type t = Value(e, *k, owner);
      if (t.kind == TKind::kList) {
        Mismatch(e, *k, "lists of lists are not supported");
        continue;
      }
      if (t.kind == TKind::kError) continue;
      if (!first) {
        first = k.get();
        elem = t;
        continue;
      }
      if (!Compatible(e, *first, elem, *k, t)) Mismatch(e, *k, "list elements differ: " + TypeName(elem) + " and " + TypeName(t), UnitHelp(elem, t));
    }
    list.elem = elem.kind;
    list.enum_def = elem.enum_def;
    return Record(n, list);
  }

  Type VisitMember(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    Type base = Visit(e, *n.kids[0], owner);
    if (base.kind == TKind::kError) return Record(n, base);
    if (base.kind == TKind::kModule) {
      const RuleFile* m = p_.modules[static_cast<size_t>(base.module)];
      NodeInfo info = Resolve(n.text, m, true);
      if (info.ref == RefKind::kNone) {
        Error("unknown-name", "the module `" + m->id + "` has no `" + utf8::Printable(n.text) + "`", e.Loc(n),
              Suggest(n.text, MemberNames(m)));
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, info);
    }
    if (base.kind == TKind::kRow) {
      const auto& t = p_.tables[static_cast<size_t>(base.table)];
      auto it = std::find(t.columns.begin(), t.columns.end(), n.text);
      if (it == t.columns.end()) {
        Error("unknown-name", "the table `" + t.decl->name + "` has no column `" + utf8::Printable(n.text) + "`", e.Loc(n),
              Suggest(n.text, t.columns));
        return Record(n, Simple(TKind::kError));
      }
      NodeInfo info;
      info.ref = RefKind::kColumn;
      info.index = static_cast<int>(it - t.columns.begin());
      info.type = t.column_types[static_cast<size_t>(info.index)];
      return Record(n, info);
    }
    Mismatch(e, n, "`.` needs a module or a table row on its left, not " + TypeName(base));
    return Record(n, Simple(TKind::kError));
  }

  Type VisitIndex(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    Type base = Visit(e, *n.kids[0], owner);
    Type key = Value(e, *n.kids[1], owner);
    if (base.kind == TKind::kError) return Record(n, base);
    if (base.kind != TKind::kTable) {
      Mismatch(e, n, "`[ ]` looks up a table; this is " + TypeName(base));
      return Record(n, Simple(TKind::kError));
    }
    const auto& t = p_.tables[static_cast<size_t>(base.table)];
    if (t.key_fact >= 0 && key.kind != TKind::kError) {
      const Type& kt = p_.facts[static_cast<size_t>(t.key_fact)].type;
      if (n.kids[1]->kind == ast::Kind::kText) {
        EnumLiteral(e, *n.kids[1], kt);
      } else if (!(key.kind == TKind::kEnum && SameEnum(key, kt))) {
        Mismatch(e, *n.kids[1], "the table `" + t.decl->name + "` is keyed by " + TypeName(kt) + "; this is " + TypeName(key));
      }
    }
    Type row = Simple(TKind::kRow);
    row.table = base.table;
    return Record(n, row);
  }

  Type VisitBinary(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    using ast::BinOp;
    Type l = Value(e, *n.kids[0], owner);
    Type r = Value(e, *n.kids[1], owner);
    const char* op = ast::BinOpText(n.bin_op);
    bool err = l.kind == TKind::kError || r.kind == TKind::kError;
    switch (n.bin_op) {
      case BinOp::kAnd:
      case BinOp::kOr:
        if (!err && (l.kind != TKind::kBool || r.kind != TKind::kBool))
          Mismatch(e, n, std::string("`") + op + "` needs true/false on both sides; got " + TypeName(l) + " and " + TypeName(r));
        return Record(n, Simple(TKind::kBool));
      case BinOp::kEq:
      case BinOp::kNe:
        if (!err && l.kind == TKind::kList && r.kind == TKind::kList) {
          // There is no list equality: it would compare enum values with texts and unknown items.
          Mismatch(e, n, std::string("lists cannot be compared with `") + op + "`",
                   "ask what matters: `\"a\" in list`, `len(list) == 0`, `all([…])`");
          return Record(n, Simple(TKind::kBool));
        }
        if (!err && !Compatible(e, *n.kids[0], l, *n.kids[1], r))
          Mismatch(e, n, std::string("cannot compare ") + TypeName(l) + " with " + TypeName(r), UnitHelp(l, r));
        return Record(n, Simple(TKind::kBool));
      case BinOp::kLt:
      case BinOp::kLe:
      case BinOp::kGt:
      case BinOp::kGe:
        if (!err && (!Ordered(l.kind) || l.kind != r.kind))
          Mismatch(e, n, std::string("cannot order ") + TypeName(l) + " and " + TypeName(r) + " with `" + op + "`", UnitHelp(l, r));
        return Record(n, Simple(TKind::kBool));
      case BinOp::kIn:
      case BinOp::kNotIn: {
        if (err) return Record(n, Simple(TKind::kBool));
        if (r.kind != TKind::kList) {
          Mismatch(e, n, std::string("`") + op + "` needs a list on its right, not " + TypeName(r));
          return Record(n, Simple(TKind::kBool));
        }
        if (n.kids[1]->kind == ast::Kind::kList && n.kids[1]->kids.empty()) {
          Error("empty-list",
                std::string("`") + op + " []` " + (n.bin_op == BinOp::kIn ? "never holds" : "always holds") +
                    ": the list is empty",
                e.Loc(*n.kids[1]), "list the values it should match, like `x in [\"retail\", \"service\"]`");
          return Record(n, Simple(TKind::kBool));
        }
        if (r.elem == TKind::kError) return Record(n, Simple(TKind::kBool));
        Type elem = Simple(r.elem);
        elem.enum_def = r.enum_def;
        if (l.kind == TKind::kEnum && r.elem == TKind::kText && n.kids[1]->kind == ast::Kind::kList) {
          for (const auto& k : n.kids[1]->kids)
            if (k->kind == ast::Kind::kText) EnumLiteral(e, *k, l);
          return Record(n, Simple(TKind::kBool));
        }
        if (!Compatible(e, *n.kids[0], l, *n.kids[1], elem))
          Mismatch(e, n, std::string("`") + op + "` compares " + TypeName(l) + " with " + TypeName(r), UnitHelp(l, elem));
        return Record(n, Simple(TKind::kBool));
      }
      case BinOp::kAdd:
      case BinOp::kSub: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == r.kind && (l.kind == TKind::kNumber || l.kind == TKind::kYen)) return Record(n, l);
        if (l.kind == TKind::kDate && r.kind == TKind::kNumber) return Record(n, l);
        if (n.bin_op == BinOp::kSub && l.kind == TKind::kDate && r.kind == TKind::kDate) return Record(n, Simple(TKind::kNumber));
        Mismatch(e, n, std::string("cannot ") + (n.bin_op == BinOp::kAdd ? "add " : "subtract ") + TypeName(r) +
                           (n.bin_op == BinOp::kAdd ? " to " : " from ") + TypeName(l), UnitHelp(l, r));
        return Record(n, Simple(TKind::kError));
      }
      case BinOp::kMul: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == TKind::kNumber && r.kind == TKind::kNumber) return Record(n, l);
        if ((l.kind == TKind::kYen && r.kind == TKind::kNumber) || (l.kind == TKind::kNumber && r.kind == TKind::kYen))
          return Record(n, Simple(TKind::kYen));
        Mismatch(e, n, "cannot multiply " + TypeName(l) + " by " + TypeName(r),
                 l.kind == TKind::kYen && r.kind == TKind::kYen ? "yen times yen has no meaning; one side should be a rate" : "");
        return Record(n, Simple(TKind::kError));
      }
      case BinOp::kDiv: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == TKind::kNumber && r.kind == TKind::kNumber) return Record(n, l);
        if (l.kind == TKind::kYen && r.kind == TKind::kNumber) return Record(n, l);
        if (l.kind == TKind::kYen && r.kind == TKind::kYen) return Record(n, Simple(TKind::kNumber));
        Mismatch(e, n, "cannot divide " + TypeName(l) + " by " + TypeName(r));
        return Record(n, Simple(TKind::kError));
      }
    }
    return Record(n, Simple(TKind::kError));
  }

  Type VisitCall(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    static const std::vector<std::string> kFunctions = {"min", "max", "floor", "ceil", "round", "abs", "years_between",
                                                        "days_between", "len", "any", "all", "count", "sum", "known"};
    const std::string& f = n.text;
    std::vector<Type> args;
    for (const auto& k : n.kids) args.push_back(Value(e, *k, owner));
    bool err = std::any_of(args.begin(), args.end(), [](const Type& t) { return t.kind == TKind::kError; });
    auto arity = [&](size_t want) {
      if (n.kids.size() != want) {
        Mismatch(e, n, "`" + f + "` takes " + std::to_string(want) + " argument" + (want == 1 ? "" : "s") + ", got " +
                           std::to_string(n.kids.size()));
        return false;
      }
      return true;
    };
    if (std::find(kFunctions.begin(), kFunctions.end(), f) == kFunctions.end()) {
      Error("unknown-function", "unknown function `" + utf8::Printable(f) + "`", e.Loc(n), Suggest(f, kFunctions));
      return Record(n, Simple(TKind::kError));
    }
    if (f == "known") {
      arity(1);
      return Record(n, Simple(TKind::kBool));
    }
    if (err) return Record(n, Simple(TKind::kError));
    if (f == "min" || f == "max") {
      if (n.kids.empty()) {
        Mismatch(e, n, "`" + f + "` needs at least one argument");
        return Record(n, Simple(TKind::kError));
      }
      if (n.kids.size() == 1 && args[0].kind == TKind::kList) {
        if (!Ordered(args[0].elem)) Mismatch(e, n, "`" + f + "` of a list needs numbers, amounts or dates");
        return Record(n, Simple(args[0].elem));
      }
      for (size_t i = 0; i < args.size(); ++i) {
        if (!Ordered(args[i].kind) || args[i].kind != args[0].kind) {
          Mismatch(e, *n.kids[i], "the arguments of `" + f + "` must all be numbers, all amounts in yen or all dates; got " +
                                      TypeName(args[0]) + " and " + TypeName(args[i]), UnitHelp(args[0], args[i]));
          return Record(n, Simple(TKind::kError));
        }
      }
      return Record(n, args[0]);
    }
    if (f == "floor" || f == "ceil" || f == "round" || f == "abs") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kNumber && args[0].kind != TKind::kYen) {
        Mismatch(e, n, "`" + f + "` needs a number or an amount, not " + TypeName(args[0]));
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, args[0]);
    }
    if (f == "years_between" || f == "days_between") {
      if (!arity(2)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kDate || args[1].kind != TKind::kDate)
        Mismatch(e, n, "`" + f + "` needs two dates; got " + TypeName(args[0]) + " and " + TypeName(args[1]));
      return Record(n, Simple(TKind::kNumber));
    }
    if (f == "len") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList && args[0].kind != TKind::kText)
        Mismatch(e, n, "`len` needs a list or a text, not " + TypeName(args[0]));
      return Record(n, Simple(TKind::kNumber));
    }
    if (f == "any" || f == "all" || f == "count") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList || (args[0].elem != TKind::kBool && args[0].elem != TKind::kError))
        Mismatch(e, n, "`" + f + "` needs a list of true/false conditions, like `" + f + "([a, b, c])`");
      return Record(n, Simple(f == "count" ? TKind::kNumber : TKind::kBool));
    }
    if (f == "sum") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList || (args[0].elem != TKind::kNumber && args[0].elem != TKind::kYen)) {
        Mismatch(e, n, "`sum` needs a list of numbers or amounts");
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, Simple(args[0].elem));
    }
    return Record(n, Simple(TKind::kError));
  }

  void Mismatch(const Expr& e, const ast::Node& n, std::string message, std::string help = "") {
    Error("type-mismatch", std::move(message), e.Loc(n), std::move(help));
  }

  void Error(std::string code, std::string message, SourceLoc loc, std::string help = "") {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.loc = std::move(loc);
    d.help = std::move(help);
    diags_.push_back(std::move(d));
  }

  CheckedProgram& p_;
  const std::unordered_map<std::string, const RuleFile*>& modules_;
  std::vector<Diagnostic>& diags_;
  std::vector<int> define_stack_;
  std::set<int> cycle_reported_;
  const CheckLimits& limits_;
  std::unordered_map<std::string, int> fact_index_;  // first declaration of each fact
  struct NameIndex {
    bool built = false;
    std::map<std::pair<const RuleFile*, std::string>, int> first;  // (file, name) -> first index
  };
  mutable std::map<const void*, NameIndex> name_index_;  // per vector of params / defines / tables
  uint32_t depth_ = 0;                  // nesting of the node being checked
  uint32_t peak_ = 0;                   // deepest nesting reached by the current definition
  std::vector<uint32_t> define_depth_;  // per definition: how deep its expression reaches
  bool deep_reported_ = false;
};

}  // namespace

std::unique_ptr<CheckedProgram> CheckProgram(const RuleFile& program,
                                             const std::unordered_map<std::string, const RuleFile*>& modules,
                                             std::vector<Diagnostic>& diags, const CheckLimits& limits) {
  auto out = std::make_unique<CheckedProgram>();
  out->program = &program;
  Checker(*out, modules, diags, limits).Run(program, true);
  return out;
}

void CheckModule(const RuleFile& module, const std::unordered_map<std::string, const RuleFile*>& modules,
                 std::vector<Diagnostic>& diags, const CheckLimits& limits) {
  CheckedProgram scratch;
  scratch.program = &module;
  Checker(scratch, modules, diags, limits).Run(module, false);
}

}  // namespace elig
