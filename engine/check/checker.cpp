// SPDX-License-Identifier: Apache-2.0
#include "check/checker.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "common/diagnose.hpp"
#include "common/places.hpp"
#include "common/utf8.hpp"

namespace elig {

LocalText TypeName(const Type& t) {
  auto enum_text = [&] {
    std::string s = "enum[";
    if (t.enum_def)
      for (size_t i = 0; i < t.enum_def->values.size() && i < 6; ++i)
        s += (i ? ", " : "") + t.enum_def->values[i];
    if (t.enum_def && t.enum_def->values.size() > 6) s += ", …";
    return s + "]";
  };
  switch (t.kind) {
    case TKind::kError: return SayBoth(Msg::kTypeInvalid);
    case TKind::kBool: return SayBoth(Msg::kTypeBool);
    case TKind::kNumber: return SayBoth(Msg::kTypeNumber);
    case TKind::kYen: return SayBoth(Msg::kTypeYen);
    case TKind::kText: return SayBoth(Msg::kTypeText);
    case TKind::kDate: return SayBoth(Msg::kTypeDate);
    case TKind::kEnum:
      if (t.enum_def && t.enum_def->kind == EnumKind::kPrefecture) return SayBoth(Msg::kTypePrefecture);
      if (t.enum_def && t.enum_def->kind == EnumKind::kMunicipality) return SayBoth(Msg::kTypeMunicipality);
      return LocalText{enum_text(), enum_text()};
    case TKind::kList: {
      Type e;
      e.kind = t.elem;
      e.enum_def = t.enum_def;
      return t.elem == TKind::kError ? SayBoth(Msg::kTypeEmptyList) : SayBoth(Msg::kTypeListOf, fmt::arg("type", TypeName(e)));
    }
    case TKind::kTable: return SayBoth(Msg::kTypeTable);
    case TKind::kRow: return SayBoth(Msg::kTypeRow);
    case TKind::kModule: return SayBoth(Msg::kTypeModule);
    case TKind::kRecord: return SayBoth(Msg::kTypeRecord);
  }
  return {"?", "?"};
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
      case BaseType::kRecord: return TKind::kRecord;
      case BaseType::kError: return TKind::kError;
    }
    return TKind::kError;
  };
  Type t;
  t.kind = base(s.base);
  t.enum_def = s.enum_def;
  t.record = s.record;
  if (s.base == BaseType::kList) t.elem = base(s.elem);
  return t;
}

bool SameEnum(const Type& a, const Type& b) {
  return a.enum_def && b.enum_def && (a.enum_def == b.enum_def || a.enum_def->values == b.enum_def->values);
}

bool Ordered(TKind k) { return k == TKind::kNumber || k == TKind::kYen || k == TKind::kDate; }

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
    for (size_t i = 0; i < p_.facts.size(); ++i) CheckDerive(p_.facts[i]);
    if (!is_program) return;
    const RuleFile& prog = root;
    for (const auto& r : prog.requirements) ExpectBool(r.expr, &prog, Msg::kCheckRequirementNotBool);
    for (const auto& r : prog.exclusions) ExpectBool(r.expr, &prog, Msg::kCheckExclusionNotBool);
    std::set<std::string> groups;
    for (const auto& g : prog.score_groups) groups.insert(g.name);
    for (const auto& s : prog.scoring) {
      ExpectBool(s.when, &prog, Msg::kCheckScoringNotBool);
      if (s.points.root) {
        Type t = Visit(s.points, *s.points.root, &prog);
        if (t.kind != TKind::kNumber && t.kind != TKind::kError)
          Error("type-mismatch", s.points.Loc(*s.points.root), Msg::kCheckPointsNotNumber, fmt::arg("type", TypeName(t)));
      }
      if (!s.group.empty() && !groups.count(s.group))
        Error("unknown-name", s.loc, Msg::kCheckUnknownScoreGroup, fmt::arg("group", s.group)).help =
            SayBoth(Msg::kCheckHelpDeclareScoreGroup);
    }
    if (prog.apply)
      for (const auto& d : prog.apply->deadlines) {
        if (!d.by.root) continue;
        Type t = Visit(d.by, *d.by.root, &prog);
        if (t.kind != TKind::kDate && t.kind != TKind::kError)
          Error("type-mismatch", d.by.Loc(*d.by.root), Msg::kCheckDeadlineNotDate, fmt::arg("type", TypeName(t))).help =
              SayBoth(Msg::kCheckHelpDeadline);
      }
    if (prog.award && prog.award->root) {
      Type t = Visit(*prog.award, *prog.award->root, &prog);
      if (t.kind != TKind::kYen && t.kind != TKind::kError)
        Error("type-mismatch", prog.award->Loc(*prog.award->root), Msg::kCheckAwardNotYen, fmt::arg("type", TypeName(t)))
            .help = t.kind == TKind::kNumber ? SayBoth(Msg::kCheckHelpAwardYen) : LocalText{};
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
          Error("unknown-module", u.loc, Msg::kCheckUnknownModule, fmt::arg("module", utf8::Printable(u.path))).help =
              DidYouMean(u.path, names);
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
            Error("fact-conflict", fact.loc, Msg::kCheckFactConflict, fmt::arg("name", fact.name),
                  fmt::arg("type", TypeSpecName(fact.type)), fmt::arg("other", TypeSpecName(prev.decl->type)),
                  fmt::arg("file", prev.origin));
          continue;
        }
        fact_index_.emplace(fact.name, static_cast<int>(p_.facts.size()));
        CheckedFact cf;
        cf.decl = &fact;
        cf.owner = f;
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
          Error("duplicate-name", loc, Msg::kCheckNameIsFact, fmt::arg("name", name));
        } else if (!names.insert(name).second) {
          Error("duplicate-name", loc, Msg::kCheckNameTwice, fmt::arg("name", name));
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
        Error("not-constant", v.expr.Loc(*v.expr.root), Msg::kCheckParamNotConstant);
      if (first.kind == TKind::kError) {
        first = t;
      } else if (t.kind != TKind::kError && t.kind != first.kind) {
        Error("type-mismatch", v.expr.Loc(*v.expr.root), Msg::kCheckParamTypes, fmt::arg("name", cp.decl->name),
              fmt::arg("type", TypeName(t)), fmt::arg("other", TypeName(first)));
      }
    }
    cp.type = first;
  }

  void CheckTable(int i) {
    auto& t = p_.tables[static_cast<size_t>(i)];
    const TableDecl& d = *t.decl;
    // The key is an enum fact, or a definition of an enum (主たる事業, worked out from sales shares).
    t.key_fact = FactIndex(d.key);
    Type key_type;
    if (t.key_fact >= 0) {
      key_type = p_.facts[static_cast<size_t>(t.key_fact)].type;
    } else if (int def = FindIn(p_.defines, d.key, t.owner); def >= 0) {
      key_type = CheckDefine(def);
    } else {
      std::vector<std::string> names;
      for (const auto& f : p_.facts) names.push_back(f.decl->name);
      for (const auto& x : p_.defines)
        if (x.owner == t.owner) names.push_back(x.decl->name);
      Error("unknown-name", d.key_loc, Msg::kCheckTableKeyNotEnumName, fmt::arg("key", d.key)).help = DidYouMean(d.key, names);
    }
    if (key_type.kind == TKind::kEnum && key_type.enum_def) {
      t.key_enum = key_type.enum_def;
    } else if (key_type.kind != TKind::kError) {
      Error("type-mismatch", d.key_loc, Msg::kCheckTableKeyNotEnum, fmt::arg("key", d.key), fmt::arg("type", TypeName(key_type)));
    }
    if (!t.key_enum) t.key_fact = -1;
    auto add_row = [&](const TableRow& row) {
      if (t.key_enum && &row != &*d.default_row) {
        const auto& def = *t.key_enum;
        if (def.IndexOf(row.key) < 0)
          Error("bad-enum", row.loc, Msg::kCheckRowNotKeyValue, fmt::arg("row", utf8::Printable(row.key)), fmt::arg("key", d.key))
              .help = DidYouMean(row.key, def.values);
      }
      for (const auto& [col, expr] : row.cells) {
        if (!expr.root) continue;
        Type ty = Visit(expr, *expr.root, t.owner);
        if (!IsConstant(expr, *expr.root))
          Error("not-constant", expr.Loc(*expr.root), Msg::kCheckCellNotConstant);
        auto it = std::find(t.columns.begin(), t.columns.end(), col);
        if (it == t.columns.end()) {
          t.columns.push_back(col);
          t.column_types.push_back(ty);
        } else {
          Type& prev = t.column_types[static_cast<size_t>(it - t.columns.begin())];
          if (prev.kind == TKind::kError) prev = ty;
          else if (ty.kind != TKind::kError && ty.kind != prev.kind)
            Error("type-mismatch", expr.Loc(*expr.root), Msg::kCheckColumnTypes, fmt::arg("column", col),
                  fmt::arg("type", TypeName(ty)), fmt::arg("other", TypeName(prev)));
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
        Error("cycle", cd.decl->loc, Msg::kCheckCycle, fmt::arg("chain", chain));
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

  // A fact's `derive:` gives a value of the fact's own type, from facts that are given as
  // they are (not derived themselves), parameters, tables and as_of: never from a definition,
  // which could read the fact back.
  void CheckDerive(const CheckedFact& cf) {
    const Expr& e = cf.decl->derive;
    if (!e.root) return;
    if (cf.type.kind == TKind::kList) {
      Error("bad-derive", e.Loc(*e.root), Msg::kCheckDeriveList, fmt::arg("name", cf.decl->name));
      return;
    }
    Type t = Visit(e, *e.root, cf.owner);
    if (t.kind != TKind::kError && (t.kind != cf.type.kind || (t.kind == TKind::kEnum && !SameEnum(t, cf.type))))
      Error("type-mismatch", e.Loc(*e.root), Msg::kCheckDeriveType, fmt::arg("name", cf.decl->name),
            fmt::arg("type", TypeName(t)), fmt::arg("want", TypeName(cf.type)));
    std::vector<const ast::Node*> stack{e.root.get()};
    while (!stack.empty()) {
      const ast::Node* n = stack.back();
      stack.pop_back();
      for (const auto& k : n->kids) stack.push_back(k.get());
      const NodeInfo* info = p_.Info(*n);
      if (!info) continue;
      bool derived_fact = info->ref == RefKind::kFact && info->index >= 0 &&
                          p_.facts[static_cast<size_t>(info->index)].decl->derive.root != nullptr;
      if (derived_fact || info->ref == RefKind::kDefine)
        Error("bad-derive", e.Loc(*n), Msg::kCheckDeriveReads, fmt::arg("name", cf.decl->name), fmt::arg("what", e.Slice(*n)));
    }
  }

  // `message` takes the {type} found.
  void ExpectBool(const Expr& e, const RuleFile* owner, Msg message) {
    if (!e.root) return;
    Type t = Visit(e, *e.root, owner);
    if (t.kind != TKind::kBool && t.kind != TKind::kError) Error("type-mismatch", e.Loc(*e.root), message, fmt::arg("type", TypeName(t)));
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
      LocalText help;
      if (enum_type.enum_def->kind != EnumKind::kPlain) {
        int place = FindPlace(*enum_type.enum_def, lit.text);
        std::string near = place >= 0 ? enum_type.enum_def->values[static_cast<size_t>(place)]
                                      : SuggestPlace(*enum_type.enum_def, lit.text);
        if (!near.empty()) help = SayBoth(Msg::kDiagDidYouMean, fmt::arg("name", near));
      } else {
        help = DidYouMean(lit.text, enum_type.enum_def->values);
      }
      Error("bad-enum", e.Loc(lit), Msg::kCheckNotOneOf, fmt::arg("value", utf8::Printable(lit.text)),
            fmt::arg("type", TypeName(enum_type))).help = std::move(help);
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

  LocalText UnitHelp(const Type& l, const Type& r) {
    if ((l.kind == TKind::kYen && r.kind == TKind::kNumber) || (l.kind == TKind::kNumber && r.kind == TKind::kYen))
      return SayBoth(Msg::kCheckHelpUnit);
    return {};
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
      Error("too-deep", e.Loc(n), Msg::kCheckTooDeep, fmt::arg("max", limits_.max_depth));
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
        for (auto it = locals_.rbegin(); it != locals_.rend(); ++it)
          if (it->name == n.text) {
            NodeInfo local;
            local.ref = RefKind::kLocal;
            local.index = static_cast<int>(it->slot);
            local.type = it->type;
            return Record(n, local);
          }
        NodeInfo info = Resolve(n.text, owner, false);
        if (info.ref == RefKind::kNone) {
          Error("unknown-name", e.Loc(n), Msg::kCheckUnknownName, fmt::arg("name", utf8::Printable(n.text))).help =
              DidYouMean(n.text, VisibleNames(owner));
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
          if (t.kind != TKind::kBool) Mismatch(e, n, Msg::kCheckNotNeedsBool, fmt::arg("type", TypeName(t)));
          return Record(n, Simple(TKind::kBool));
        }
        if (t.kind != TKind::kNumber && t.kind != TKind::kYen) {
          Mismatch(e, n, Msg::kCheckNegNeedsNumber, fmt::arg("type", TypeName(t)));
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
            Mismatch(e, n, Msg::kCheckBetweenTypes, fmt::arg("x", TypeName(x)), fmt::arg("low", TypeName(lo)),
                     fmt::arg("high", TypeName(hi))).help = UnitHelp(x, lo.kind == x.kind ? hi : lo);
        }
        return Record(n, Simple(TKind::kBool));
      }
      case Kind::kIf: {
        Type c = Value(e, *n.kids[0], owner);
        if (c.kind != TKind::kBool && c.kind != TKind::kError)
          Mismatch(e, *n.kids[0], Msg::kCheckIfNotBool, fmt::arg("type", TypeName(c)));
        Type a = Value(e, *n.kids[1], owner);
        Type b = Value(e, *n.kids[2], owner);
        if (a.kind == TKind::kError || b.kind == TKind::kError) return Record(n, a.kind == TKind::kError ? b : a);
        if (!Compatible(e, *n.kids[1], a, *n.kids[2], b)) {
          Mismatch(e, n, Msg::kCheckIfBranches, fmt::arg("a", TypeName(a)), fmt::arg("b", TypeName(b))).help = UnitHelp(a, b);
          return Record(n, Simple(TKind::kError));
        }
        return Record(n, a.kind == TKind::kText && b.kind == TKind::kEnum ? b : a);
      }
      case Kind::kCall: return VisitCall(e, n, owner);
      case Kind::kAggregate: return VisitAggregate(e, n, owner);
    }
    return Record(n, Simple(TKind::kError));
  }

  // A value: a table or module on its own is an error.
  Type Value(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    static constexpr std::pair<TKind, Msg> kNotAValue[] = {{TKind::kTable, Msg::kCheckTableAlone},
                                                           {TKind::kRow, Msg::kCheckRowAlone},
                                                           {TKind::kModule, Msg::kCheckModuleAlone},
                                                           {TKind::kRecord, Msg::kCheckRecordAlone}};
    Type t = Visit(e, n, owner);
    for (const auto& [kind, message] : kNotAValue) {
      if (t.kind != kind) continue;
      Mismatch(e, n, message, fmt::arg("name", e.Slice(n)));
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
        Mismatch(e, *k, Msg::kCheckListOfLists);
        continue;
      }
      if (t.kind == TKind::kError) continue;
      if (!first) {
        first = k.get();
        elem = t;
        continue;
      }
      if (!Compatible(e, *first, elem, *k, t))
        Mismatch(e, *k, Msg::kCheckListElements, fmt::arg("a", TypeName(elem)), fmt::arg("b", TypeName(t))).help = UnitHelp(elem, t);
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
        Error("unknown-name", e.Loc(n), Msg::kCheckNoMember, fmt::arg("module", m->id), fmt::arg("name", utf8::Printable(n.text)))
            .help = DidYouMean(n.text, MemberNames(m));
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, info);
    }
    if (base.kind == TKind::kRow) {
      const auto& t = p_.tables[static_cast<size_t>(base.table)];
      auto it = std::find(t.columns.begin(), t.columns.end(), n.text);
      if (it == t.columns.end()) {
        Error("unknown-name", e.Loc(n), Msg::kCheckNoColumn, fmt::arg("table", t.decl->name),
              fmt::arg("column", utf8::Printable(n.text))).help = DidYouMean(n.text, t.columns);
        return Record(n, Simple(TKind::kError));
      }
      NodeInfo info;
      info.ref = RefKind::kColumn;
      info.index = static_cast<int>(it - t.columns.begin());
      info.type = t.column_types[static_cast<size_t>(info.index)];
      return Record(n, info);
    }
    if (base.kind == TKind::kRecord && base.record) {
      int field = base.record->IndexOf(n.text);
      if (field < 0) {
        std::vector<std::string> names;
        for (const auto& f : base.record->fields) names.push_back(f.name);
        Error("unknown-name", e.Loc(n), Msg::kCheckNoField, fmt::arg("list", e.Slice(*n.kids[0])),
              fmt::arg("name", utf8::Printable(n.text))).help = DidYouMean(n.text, names);
        return Record(n, Simple(TKind::kError));
      }
      NodeInfo info;
      info.ref = RefKind::kField;
      info.index = field;
      info.type = FromSpec(base.record->fields[static_cast<size_t>(field)].type);
      return Record(n, info);
    }
    Mismatch(e, n, Msg::kCheckDotNeedsModule, fmt::arg("type", TypeName(base)));
    return Record(n, Simple(TKind::kError));
  }

  // `all(m in members: m.is_sme)`: the list must be one of records; `m` names each record in
  // the body, in a slot of its own (CheckedProgram::local_slots).
  Type VisitAggregate(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    static const std::vector<std::string> kAggregates = {"all", "any", "count", "sum", "min", "max",
                                                         "max_by", "min_by", "argmax", "argmin"};
    const std::string& f = n.text;
    const ast::Node& binder = *n.kids[0];
    Type list = Value(e, *n.kids[1], owner);
    bool known = std::find(kAggregates.begin(), kAggregates.end(), f) != kAggregates.end();
    if (!known)
      Error("unknown-function", e.Loc(n), Msg::kCheckAggregateUnknown, fmt::arg("function", utf8::Printable(f))).help =
          DidYouMean(f, kAggregates);
    bool records = list.kind == TKind::kList && list.elem == TKind::kRecord && list.record;
    if (list.kind != TKind::kError && !records)
      Mismatch(e, *n.kids[1], Msg::kCheckAggregateList, fmt::arg("function", f), fmt::arg("type", TypeName(list)));
    if (NameTaken(binder.text, owner))
      Error("duplicate-name", e.Loc(binder), Msg::kCheckBinderTaken, fmt::arg("name", utf8::Printable(binder.text)));
    Type record = Simple(records ? TKind::kRecord : TKind::kError);
    record.record = list.record;
    NodeInfo local;
    local.ref = RefKind::kLocal;
    local.index = static_cast<int>(p_.local_slots++);
    local.type = record;
    Record(binder, local);
    locals_.push_back({binder.text, record, static_cast<uint32_t>(local.index)});
    Type body = Value(e, *n.kids[2], owner);
    locals_.pop_back();
    if (!known || !records || body.kind == TKind::kError) return Record(n, Simple(TKind::kError));
    auto wrong = [&](Msg id) {
      Mismatch(e, *n.kids[2], id, fmt::arg("function", f), fmt::arg("type", TypeName(body)));
      return Record(n, Simple(TKind::kError));
    };
    if (f == "all" || f == "any" || f == "count") {
      if (body.kind != TKind::kBool) return wrong(Msg::kCheckAggregateCondition);
      return Record(n, Simple(f == "count" ? TKind::kNumber : TKind::kBool));
    }
    if (f == "sum") {
      if (body.kind != TKind::kNumber && body.kind != TKind::kYen) return wrong(Msg::kCheckAggregateNumber);
      return Record(n, body);
    }
    if (!Ordered(body.kind)) return wrong(Msg::kCheckAggregateOrdered);
    return Record(n, f == "min" || f == "max" ? body : record);
  }

  // Whether `name` already means something where an aggregate would name its records so.
  bool NameTaken(const std::string& name, const RuleFile* owner) const {
    if (name == "as_of" || FactIndex(name) >= 0 || ModuleByAlias(name, owner)) return true;
    for (const auto& l : locals_)
      if (l.name == name) return true;
    return FindIn(p_.params, name, owner) >= 0 || FindIn(p_.defines, name, owner) >= 0 || FindIn(p_.tables, name, owner) >= 0;
  }

  Type VisitIndex(const Expr& e, const ast::Node& n, const RuleFile* owner) {
    Type base = Visit(e, *n.kids[0], owner);
    Type key = Value(e, *n.kids[1], owner);
    if (base.kind == TKind::kError) return Record(n, base);
    if (base.kind != TKind::kTable) {
      Mismatch(e, n, Msg::kCheckIndexNeedsTable, fmt::arg("type", TypeName(base)));
      return Record(n, Simple(TKind::kError));
    }
    const auto& t = p_.tables[static_cast<size_t>(base.table)];
    if (t.key_enum && key.kind != TKind::kError) {
      Type kt = Simple(TKind::kEnum);
      kt.enum_def = t.key_enum;
      if (n.kids[1]->kind == ast::Kind::kText) {
        EnumLiteral(e, *n.kids[1], kt);
      } else if (!(key.kind == TKind::kEnum && SameEnum(key, kt))) {
        Mismatch(e, *n.kids[1], Msg::kCheckTableKeyType, fmt::arg("table", t.decl->name), fmt::arg("key", TypeName(kt)),
                 fmt::arg("type", TypeName(key)));
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
          Mismatch(e, n, Msg::kCheckLogicNeedsBool, fmt::arg("op", op), fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r)));
        return Record(n, Simple(TKind::kBool));
      case BinOp::kEq:
      case BinOp::kNe:
        if (!err && l.kind == TKind::kList && r.kind == TKind::kList) {
          // There is no list equality: it would compare enum values with texts and unknown items.
          Mismatch(e, n, Msg::kCheckListsCompared, fmt::arg("op", op)).help = SayBoth(Msg::kCheckHelpListsCompared);
          return Record(n, Simple(TKind::kBool));
        }
        if (!err && !Compatible(e, *n.kids[0], l, *n.kids[1], r))
          Mismatch(e, n, Msg::kCheckCannotCompare, fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r))).help = UnitHelp(l, r);
        return Record(n, Simple(TKind::kBool));
      case BinOp::kLt:
      case BinOp::kLe:
      case BinOp::kGt:
      case BinOp::kGe:
        if (!err && (!Ordered(l.kind) || l.kind != r.kind))
          Mismatch(e, n, Msg::kCheckCannotOrder, fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r)), fmt::arg("op", op))
              .help = UnitHelp(l, r);
        return Record(n, Simple(TKind::kBool));
      case BinOp::kIn:
      case BinOp::kNotIn: {
        if (err) return Record(n, Simple(TKind::kBool));
        if (r.kind != TKind::kList) {
          Mismatch(e, n, Msg::kCheckInNeedsList, fmt::arg("op", op), fmt::arg("type", TypeName(r)));
          return Record(n, Simple(TKind::kBool));
        }
        if (n.kids[1]->kind == ast::Kind::kList && n.kids[1]->kids.empty()) {
          Error("empty-list", e.Loc(*n.kids[1]), n.bin_op == BinOp::kIn ? Msg::kCheckInEmpty : Msg::kCheckNotInEmpty,
                fmt::arg("op", op)).help = SayBoth(Msg::kCheckHelpEmptyList);
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
          Mismatch(e, n, Msg::kCheckInCompares, fmt::arg("op", op), fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r))).help =
              UnitHelp(l, elem);
        return Record(n, Simple(TKind::kBool));
      }
      case BinOp::kAdd:
      case BinOp::kSub: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == r.kind && (l.kind == TKind::kNumber || l.kind == TKind::kYen)) return Record(n, l);
        if (l.kind == TKind::kDate && r.kind == TKind::kNumber) return Record(n, l);
        if (n.bin_op == BinOp::kSub && l.kind == TKind::kDate && r.kind == TKind::kDate) return Record(n, Simple(TKind::kNumber));
        Mismatch(e, n, n.bin_op == BinOp::kAdd ? Msg::kCheckCannotAdd : Msg::kCheckCannotSubtract, fmt::arg("a", TypeName(l)),
                 fmt::arg("b", TypeName(r))).help = UnitHelp(l, r);
        return Record(n, Simple(TKind::kError));
      }
      case BinOp::kMul: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == TKind::kNumber && r.kind == TKind::kNumber) return Record(n, l);
        if ((l.kind == TKind::kYen && r.kind == TKind::kNumber) || (l.kind == TKind::kNumber && r.kind == TKind::kYen))
          return Record(n, Simple(TKind::kYen));
        Mismatch(e, n, Msg::kCheckCannotMultiply, fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r))).help =
            l.kind == TKind::kYen && r.kind == TKind::kYen ? SayBoth(Msg::kCheckHelpYenTimesYen) : LocalText{};
        return Record(n, Simple(TKind::kError));
      }
      case BinOp::kDiv: {
        if (err) return Record(n, Simple(TKind::kError));
        if (l.kind == TKind::kNumber && r.kind == TKind::kNumber) return Record(n, l);
        if (l.kind == TKind::kYen && r.kind == TKind::kNumber) return Record(n, l);
        if (l.kind == TKind::kYen && r.kind == TKind::kYen) return Record(n, Simple(TKind::kNumber));
        Mismatch(e, n, Msg::kCheckCannotDivide, fmt::arg("a", TypeName(l)), fmt::arg("b", TypeName(r)));
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
        Mismatch(e, n, want == 1 ? Msg::kCheckArityOne : Msg::kCheckArity, fmt::arg("function", f), fmt::arg("want", want),
                 fmt::arg("got", n.kids.size()));
        return false;
      }
      return true;
    };
    if (std::find(kFunctions.begin(), kFunctions.end(), f) == kFunctions.end()) {
      Error("unknown-function", e.Loc(n), Msg::kCheckUnknownFunction, fmt::arg("function", utf8::Printable(f))).help =
          DidYouMean(f, kFunctions);
      return Record(n, Simple(TKind::kError));
    }
    if (f == "known") {
      arity(1);
      return Record(n, Simple(TKind::kBool));
    }
    if (err) return Record(n, Simple(TKind::kError));
    if (f == "min" || f == "max") {
      if (n.kids.empty()) {
        Mismatch(e, n, Msg::kCheckNeedsArgument, fmt::arg("function", f));
        return Record(n, Simple(TKind::kError));
      }
      if (n.kids.size() == 1 && args[0].kind == TKind::kList) {
        if (!Ordered(args[0].elem)) Mismatch(e, n, Msg::kCheckListNeedsOrdered, fmt::arg("function", f));
        return Record(n, Simple(args[0].elem));
      }
      for (size_t i = 0; i < args.size(); ++i) {
        if (!Ordered(args[i].kind) || args[i].kind != args[0].kind) {
          Mismatch(e, *n.kids[i], Msg::kCheckArgumentsDiffer, fmt::arg("function", f), fmt::arg("a", TypeName(args[0])),
                   fmt::arg("b", TypeName(args[i]))).help = UnitHelp(args[0], args[i]);
          return Record(n, Simple(TKind::kError));
        }
      }
      return Record(n, args[0]);
    }
    if (f == "floor" || f == "ceil" || f == "round" || f == "abs") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kNumber && args[0].kind != TKind::kYen) {
        Mismatch(e, n, Msg::kCheckNeedsNumber, fmt::arg("function", f), fmt::arg("type", TypeName(args[0])));
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, args[0]);
    }
    if (f == "years_between" || f == "days_between") {
      if (!arity(2)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kDate || args[1].kind != TKind::kDate)
        Mismatch(e, n, Msg::kCheckNeedsDates, fmt::arg("function", f), fmt::arg("a", TypeName(args[0])),
                 fmt::arg("b", TypeName(args[1])));
      return Record(n, Simple(TKind::kNumber));
    }
    if (f == "len") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList && args[0].kind != TKind::kText)
        Mismatch(e, n, Msg::kCheckLenNeedsList, fmt::arg("type", TypeName(args[0])));
      return Record(n, Simple(TKind::kNumber));
    }
    if (f == "any" || f == "all" || f == "count") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList || (args[0].elem != TKind::kBool && args[0].elem != TKind::kError))
        Mismatch(e, n, Msg::kCheckNeedsConditions, fmt::arg("function", f));
      return Record(n, Simple(f == "count" ? TKind::kNumber : TKind::kBool));
    }
    if (f == "sum") {
      if (!arity(1)) return Record(n, Simple(TKind::kError));
      if (args[0].kind != TKind::kList || (args[0].elem != TKind::kNumber && args[0].elem != TKind::kYen)) {
        Mismatch(e, n, Msg::kCheckSumNeedsNumbers);
        return Record(n, Simple(TKind::kError));
      }
      return Record(n, Simple(args[0].elem));
    }
    return Record(n, Simple(TKind::kError));
  }

  // An error: its message `id` from the catalog with named arguments; set `.help` on what it returns.
  template <class... Args>
  Diagnostic& Mismatch(const Expr& e, const ast::Node& n, Msg id, const Args&... args) {
    return Error("type-mismatch", e.Loc(n), id, args...);
  }
  template <class... Args>
  Diagnostic& Error(std::string code, SourceLoc loc, Msg id, const Args&... args) {
    diags_.push_back(Diagnose(Severity::kError, std::move(code), std::move(loc), id, args...));
    return diags_.back();
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
  struct Local {
    std::string name;
    Type type;
    uint32_t slot = 0;
  };
  std::vector<Local> locals_;  // the aggregates around the node being checked, innermost last
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
