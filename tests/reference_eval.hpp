// SPDX-License-Identifier: Apache-2.0
// A reference evaluator, used only by the differential tests: it walks the
// parsed rule files (the AST as written) with its own values, its own name
// resolution and no compilation, folding, slots or memo tables. Deliberately
// slow and simple, so that where it and the compiled program disagree, the
// compiled side (compiler, constant folding, slots, the fast path, the traced
// path's memo) is the first suspect. Semantics follow docs/language.md §10:
// three-valued logic with an extra `error` (overflow, division by zero), which
// every operation passes on.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/date.hpp"
#include "common/number.hpp"
#include "compile/ruleset.hpp"
#include "eval/decision.hpp"

namespace elig::ref {

struct RV {
  enum class K { kUnknown, kError, kBool, kNum, kDate, kText, kEnum, kList };
  K k = K::kUnknown;
  bool b = false;
  Rational num;
  bool yen = false;
  int64_t days = 0;
  std::string s;  // text, or the name of an enum value
  std::vector<RV> items;

  static RV Unknown() { return {}; }
  static RV Error() { RV v; v.k = K::kError; return v; }
  static RV Bool(bool x) { RV v; v.k = K::kBool; v.b = x; return v; }
  static RV Num(Rational r, bool yen = false) { RV v; v.k = K::kNum; v.num = r; v.yen = yen; return v; }
  static RV OfDate(int64_t d) { RV v; v.k = K::kDate; v.days = d; return v; }
  static RV Text(std::string t) { RV v; v.k = K::kText; v.s = std::move(t); return v; }
  static RV Enum(std::string t) { RV v; v.k = K::kEnum; v.s = std::move(t); return v; }
  bool Known() const { return k != K::kUnknown && k != K::kError; }
  bool IsTrue() const { return k == K::kBool && b; }
  bool IsFalse() const { return k == K::kBool && !b; }
};

// An enum value and a text literal name the same thing when the names match (the
// checker has already refused a literal that is not a value of the enum).
inline bool Textual(RV::K k) { return k == RV::K::kText || k == RV::K::kEnum; }

inline int Compare(const RV& a, const RV& b) {
  switch (a.k) {
    case RV::K::kNum: return Rational::Compare(a.num, b.num);
    case RV::K::kDate: return a.days < b.days ? -1 : a.days > b.days ? 1 : 0;
    case RV::K::kBool: return a.b == b.b ? 0 : a.b ? 1 : -1;
    case RV::K::kText:
    case RV::K::kEnum: return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
    default: return 0;
  }
}

inline bool Equal(const RV& a, const RV& b) {
  if (Textual(a.k) && Textual(b.k)) return a.s == b.s;
  if (a.k != b.k) return false;
  if (a.k == RV::K::kNum) return a.num == b.num;
  if (a.k == RV::K::kList) {
    // Only where two `if` branches are lists: equal when provably equal item by item.
    if (a.items.size() != b.items.size()) return false;
    for (size_t i = 0; i < a.items.size(); ++i)
      if (!a.items[i].Known() || !Equal(a.items[i], b.items[i])) return false;
    return true;
  }
  return Compare(a, b) == 0;
}

struct RefDecision {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;
};

class Reference {
 public:
  // `rules` must hold the program `program_id`, compiled without errors.
  Reference(const RuleSet& rules, const std::string& program_id) {
    for (const auto& f : rules.files()) {
      std::string path = f->file ? f->file->path() : "";
      if (path.size() > 5 && path.compare(path.size() - 5, 5, ".yaml") == 0) path.resize(path.size() - 5);
      if (f->is_module) modules_[path] = f.get();
      else if (f->id == program_id) program_ = f.get();
    }
    // Facts: the program's own, then its modules', breadth first; the first declaration wins.
    std::vector<const RuleFile*> order{program_};
    for (size_t i = 0; i < order.size(); ++i)
      for (const auto& u : order[i]->uses)
        if (auto it = modules_.find(u.path); it != modules_.end() &&
                                             std::find(order.begin(), order.end(), it->second) == order.end())
          order.push_back(it->second);
    for (const RuleFile* f : order)
      for (const auto& fact : f->facts) fact_types_.emplace(fact.name, fact.type);
  }

  const std::map<std::string, TypeSpec>& facts() const { return fact_types_; }

  RefDecision Decide(const std::map<std::string, RV>& facts, Date as_of) {
    facts_ = &facts;
    as_of_ = as_of;
    define_memo_.clear();
    RefDecision d;
    bool fail = false, unknown = false;
    for (const auto& r : program_->requirements) {
      RV v = Eval(r.expr, program_);
      if (v.IsFalse()) fail = true;
      else if (!v.IsTrue()) unknown = true;
    }
    for (const auto& r : program_->exclusions) {
      RV v = Eval(r.expr, program_);
      if (v.IsTrue()) fail = true;
      else if (!v.IsFalse()) unknown = true;
    }
    d.outcome = fail ? Outcome::kIneligible : unknown ? Outcome::kUndetermined : Outcome::kEligible;
    std::map<std::string, int64_t> in_group;
    // A group with `max_counted:` keeps its items' points aside: only the first N in its
    // `pick:` order (highest points, the earlier item on a tie; or as written) are added.
    std::map<std::string, std::vector<std::pair<Rational, size_t>>> capped;
    std::map<std::string, const ScoreGroup*> groups;
    for (const auto& g : program_->score_groups) groups[g.name] = &g;
    bool score_error = false;  // points that fail or a total out of range: no score to rank by
    auto add = [&](const Rational& x) {
      if (auto sum = Rational::Add(d.score, x)) d.score = *sum;
      else score_error = true;
    };
    std::vector<std::pair<size_t, Rational>> numbered;  // items that hold with points, in order
    for (size_t k = 0; k < program_->scoring.size(); ++k) {
      const auto& s = program_->scoring[k];
      if (!Eval(s.when, program_).IsTrue()) continue;
      RV pts = Eval(s.points, program_);
      const ScoreGroup* g = s.group.empty() ? nullptr : groups[s.group];
      if (pts.k == RV::K::kNum) {
        if (g && g->max_counted) capped[s.group].push_back({pts.num, k});
        numbered.push_back({k, pts.num});
      } else if (pts.k == RV::K::kError) {
        score_error = true;
      }
      if (!s.group.empty()) ++in_group[s.group];
    }
    std::set<size_t> dropped;
    for (auto& [name, items] : capped) {
      const ScoreGroup* g = groups[name];
      if (g->pick == ScorePick::kHighest)
        std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
          int c = Rational::Compare(a.first, b.first);
          return c ? c > 0 : a.second < b.second;
        });
      for (size_t k = static_cast<size_t>(*g->max_counted); k < items.size(); ++k) dropped.insert(items[k].second);
    }
    for (const auto& [k, pts] : numbered)
      if (!dropped.count(k)) add(pts);
    for (const auto& g : program_->score_groups)
      if (g.max_items && in_group[g.name] > *g.max_items) d.score = Rational(0);
    if (score_error && d.outcome == Outcome::kEligible) d.outcome = Outcome::kUndetermined;
    if (d.outcome == Outcome::kIneligible) {
      if (program_->award || !program_->benefit) d.award = Rational(0);  // no money: no amount
    } else if (program_->award && program_->award->root) {
      RV a = Eval(*program_->award, program_);
      if (a.k == RV::K::kNum && a.num.num() >= 0) d.award = a.num;  // below zero: an error, no award
    }
    bool open = (!program_->window_from || !(as_of < *program_->window_from)) &&
                (!program_->window_to || !(*program_->window_to < as_of));
    if (!open) d.outcome = Outcome::kClosed;
    return d;
  }

 private:
  RV Eval(const Expr& e, const RuleFile* owner) { return e.root ? Node(*e.root, owner) : RV::Error(); }

  const RuleFile* Module(const std::string& alias, const RuleFile* owner) const {
    for (const auto& u : owner->uses)
      if (auto it = modules_.find(u.path); it != modules_.end() && it->second->id == alias) return it->second;
    return nullptr;
  }

  // A parameter, definition or table member named `name` of `file`.
  RV Member(const std::string& name, const RuleFile* file) {
    for (const auto& p : file->params)
      if (p.name == name) {
        // The value in force on as_of: the latest dated one on or before it, or the undated one.
        const ParamValue* chosen = nullptr;
        for (const auto& v : p.values)
          if (!v.from || *v.from <= as_of_) chosen = &v;
        return chosen ? Eval(chosen->expr, file) : RV::Unknown();
      }
    for (const auto& d : file->defines)
      if (d.name == name) {
        auto it = define_memo_.find(&d);
        if (it != define_memo_.end()) return it->second;
        RV v = Eval(d.expr, file);
        define_memo_[&d] = v;
        return v;
      }
    return RV::Error();
  }

  RV Name(const std::string& name, const RuleFile* owner) {
    if (name == "as_of") return RV::OfDate(as_of_.days);
    if (fact_types_.count(name)) {
      auto it = facts_->find(name);
      return it == facts_->end() ? RV::Unknown() : it->second;
    }
    return Member(name, owner);
  }

  RV Lookup(const ast::Node& n, const RuleFile* owner) {
    // n: table[key].column, with the table a name of `owner` or a member of a module.
    const ast::Node& index = *n.kids[0];
    const ast::Node& table_ref = *index.kids[0];
    const RuleFile* file = owner;
    std::string table_name = table_ref.text;
    if (table_ref.kind == ast::Kind::kMember) file = Module(table_ref.kids[0]->text, owner);
    RV key = Node(*index.kids[1], owner);
    if (!key.Known()) return key;
    for (const auto& t : file->tables) {
      if (t.name != table_name) continue;
      auto cell = [&](const TableRow& row) -> std::optional<RV> {
        for (const auto& [col, expr] : row.cells)
          if (col == n.text) return Eval(expr, file);
        return std::nullopt;
      };
      for (const auto& row : t.rows)
        if (row.key == key.s)
          if (auto v = cell(row)) return *v;
      if (t.default_row)
        if (auto v = cell(*t.default_row)) return *v;
      return RV::Error();
    }
    return RV::Error();
  }

  static RV Arith(ast::BinOp op, const RV& a, const RV& b) {
    if (a.k == RV::K::kDate && b.k == RV::K::kDate) return RV::Num(Rational(a.days - b.days));
    if (a.k == RV::K::kDate) {
      // Past ten million days no date stays in 0001..9999; the bound only keeps the sum in range.
      if (!b.num.IsInteger() || b.num.num() > 10'000'000 || b.num.num() < -10'000'000) return RV::Error();
      int64_t days = a.days + (op == ast::BinOp::kAdd ? b.num.num() : -b.num.num());
      if (days < MakeDate(1, 1, 1)->days || days > MakeDate(9999, 12, 31)->days) return RV::Error();
      return RV::OfDate(days);
    }
    std::optional<Rational> r;
    bool yen = a.yen || b.yen;
    switch (op) {
      case ast::BinOp::kAdd: r = Rational::Add(a.num, b.num); break;
      case ast::BinOp::kSub: r = Rational::Sub(a.num, b.num); break;
      case ast::BinOp::kMul: r = Rational::Mul(a.num, b.num); break;
      default:
        r = Rational::Div(a.num, b.num);  // nullopt on a zero divisor too
        yen = a.yen != b.yen;              // yen / yen is a ratio
        break;
    }
    return r ? RV::Num(*r, yen) : RV::Error();
  }

  RV Binary(const ast::Node& n, const RuleFile* owner) {
    using ast::BinOp;
    if (n.bin_op == BinOp::kAnd || n.bin_op == BinOp::kOr) {
      bool is_and = n.bin_op == BinOp::kAnd;
      RV l = Node(*n.kids[0], owner);
      if (is_and ? l.IsFalse() : l.IsTrue()) return l;  // decided by the left side alone
      RV r = Node(*n.kids[1], owner);
      if (l.k == RV::K::kError || r.k == RV::K::kError) return RV::Error();
      if (is_and ? r.IsFalse() : r.IsTrue()) return r;
      if (is_and ? (l.IsTrue() && r.IsTrue()) : (l.IsFalse() && r.IsFalse())) return l;
      return RV::Unknown();
    }
    RV l = Node(*n.kids[0], owner);
    RV r = Node(*n.kids[1], owner);
    if (l.k == RV::K::kError || r.k == RV::K::kError) return RV::Error();
    if (l.k == RV::K::kUnknown || r.k == RV::K::kUnknown) return RV::Unknown();
    switch (n.bin_op) {
      case BinOp::kIn:
      case BinOp::kNotIn: {
        bool found = false, unknown = false;
        for (const auto& item : r.items) {
          if (item.k == RV::K::kUnknown) unknown = true;
          else if (Equal(l, item)) found = true;
        }
        if (!found && unknown) return RV::Unknown();
        return RV::Bool(n.bin_op == BinOp::kIn ? found : !found);
      }
      case BinOp::kEq: return RV::Bool(Equal(l, r));
      case BinOp::kNe: return RV::Bool(!Equal(l, r));
      case BinOp::kLt: return RV::Bool(Compare(l, r) < 0);
      case BinOp::kLe: return RV::Bool(Compare(l, r) <= 0);
      case BinOp::kGt: return RV::Bool(Compare(l, r) > 0);
      case BinOp::kGe: return RV::Bool(Compare(l, r) >= 0);
      default: return Arith(n.bin_op, l, r);
    }
  }

  RV Call(const ast::Node& n, const RuleFile* owner) {
    std::vector<RV> args;
    for (const auto& k : n.kids) args.push_back(Node(*k, owner));
    const std::string& f = n.text;
    if (f == "known") return RV::Bool(args[0].Known());
    if (f == "min" || f == "max") {
      std::vector<RV> items = args;
      if (args.size() == 1 && args[0].k == RV::K::kList) items = args[0].items;
      if (args.size() == 1 && args[0].k == RV::K::kUnknown) return RV::Unknown();
      if (items.empty()) return RV::Error();
      for (const auto& v : items)
        if (v.k == RV::K::kError) return RV::Error();
      for (const auto& v : items)
        if (v.k == RV::K::kUnknown) return RV::Unknown();  // the unknown one could be the smallest
      RV best = items[0];
      for (const auto& v : items) {
        int c = Compare(v, best);
        if (f == "min" ? c < 0 : c > 0) best = v;
      }
      return best;
    }
    if (f == "floor" || f == "ceil" || f == "round" || f == "abs") {
      const RV& x = args[0];
      if (!x.Known()) return x;
      std::optional<Rational> r = f == "floor" ? std::optional(x.num.Floor())
                                  : f == "ceil" ? std::optional(x.num.Ceil())
                                  : f == "round" ? x.num.Round()
                                                 : x.num.Abs();
      return r ? RV::Num(*r, x.yen) : RV::Error();
    }
    if (f == "years_between" || f == "days_between") {
      if (args[0].k == RV::K::kError || args[1].k == RV::K::kError) return RV::Error();
      if (!args[0].Known() || !args[1].Known()) return RV::Unknown();
      if (f == "days_between") return RV::Num(Rational(args[1].days - args[0].days));
      // Whole years, anniversary reached: counted from the calendar, not from day counts.
      bool backwards = args[1].days < args[0].days;
      const RV& lo = backwards ? args[1] : args[0];
      const RV& hi = backwards ? args[0] : args[1];
      int ly, lm, ld, hy, hm, hd;
      SplitDate(Date{static_cast<int32_t>(lo.days)}, ly, lm, ld);
      SplitDate(Date{static_cast<int32_t>(hi.days)}, hy, hm, hd);
      int64_t years = hy - ly - ((hm < lm || (hm == lm && hd < ld)) ? 1 : 0);
      return RV::Num(Rational(backwards ? -years : years));
    }
    if (f == "len") {
      if (!args[0].Known()) return args[0];
      if (args[0].k != RV::K::kText) return RV::Num(Rational(static_cast<int64_t>(args[0].items.size())));
      int64_t chars = 0;  // code points: every byte that does not continue a UTF-8 sequence
      for (unsigned char c : args[0].s) chars += (c & 0xC0) != 0x80;
      return RV::Num(Rational(chars));
    }
    if (f == "any" || f == "all" || f == "count") {
      if (!args[0].Known()) return args[0];
      int64_t trues = 0;
      bool unknown = false, any_false = false;
      for (const auto& v : args[0].items) {
        if (v.k == RV::K::kError) return RV::Error();
        if (v.k == RV::K::kUnknown) unknown = true;
        else if (v.b) ++trues;
        else any_false = true;
      }
      if (f == "any") return trues > 0 ? RV::Bool(true) : unknown ? RV::Unknown() : RV::Bool(false);
      if (f == "all") return any_false ? RV::Bool(false) : unknown ? RV::Unknown() : RV::Bool(true);
      return unknown ? RV::Unknown() : RV::Num(Rational(trues));
    }
    if (f == "sum") {
      if (!args[0].Known()) return args[0];
      RV total = RV::Num(Rational(0));
      for (const auto& v : args[0].items) {
        if (!v.Known()) return v;
        total.yen = total.yen || v.yen;
        auto r = Rational::Add(total.num, v.num);
        if (!r) return RV::Error();
        total.num = *r;
      }
      return total;
    }
    return RV::Error();
  }

  RV Node(const ast::Node& n, const RuleFile* owner) {
    using ast::Kind;
    switch (n.kind) {
      case Kind::kNumber: return RV::Num(n.number, n.unit == ast::Unit::kYen);
      case Kind::kText: return RV::Text(n.text);
      case Kind::kBool: return RV::Bool(n.boolean);
      case Kind::kDate: return RV::OfDate(n.date.days);
      case Kind::kList: {
        RV list;
        list.k = RV::K::kList;
        for (const auto& k : n.kids) list.items.push_back(Node(*k, owner));
        return list;
      }
      case Kind::kName: return Name(n.text, owner);
      case Kind::kMember: {
        if (n.kids[0]->kind == Kind::kIndex) return Lookup(n, owner);
        const RuleFile* m = Module(n.kids[0]->text, owner);
        return m ? Member(n.text, m) : RV::Error();
      }
      case Kind::kIndex: return RV::Error();
      case Kind::kUnary: {
        RV v = Node(*n.kids[0], owner);
        if (n.un_op == ast::UnOp::kNot) return v.k == RV::K::kBool ? RV::Bool(!v.b) : v;
        if (!v.Known()) return v;
        auto r = v.num.Neg();
        return r ? RV::Num(*r, v.yen) : RV::Error();
      }
      case Kind::kBinary: return Binary(n, owner);
      case Kind::kBetween: {
        RV x = Node(*n.kids[0], owner), lo = Node(*n.kids[1], owner), hi = Node(*n.kids[2], owner);
        if (x.k == RV::K::kError || lo.k == RV::K::kError || hi.k == RV::K::kError) return RV::Error();
        if (!x.Known()) return RV::Unknown();
        if ((lo.Known() && Compare(x, lo) < 0) || (hi.Known() && Compare(x, hi) > 0)) return RV::Bool(false);
        if (lo.Known() && hi.Known()) return RV::Bool(true);
        return RV::Unknown();
      }
      case Kind::kIf: {
        RV c = Node(*n.kids[0], owner);
        if (c.IsTrue()) return Node(*n.kids[1], owner);
        if (c.IsFalse()) return Node(*n.kids[2], owner);
        if (c.k == RV::K::kError) return c;
        // Unknown condition: known only when both branches give the same value.
        RV a = Node(*n.kids[1], owner), b = Node(*n.kids[2], owner);
        if (a.Known() && b.Known() && (a.k == b.k || (Textual(a.k) && Textual(b.k))) && Equal(a, b))
          return a;
        return RV::Unknown();
      }
      case Kind::kCall: return Call(n, owner);
      case Kind::kAggregate: return RV::Error();  // lists of records: tests/test_records.cpp
    }
    return RV::Error();
  }

  const RuleFile* program_ = nullptr;
  std::map<std::string, const RuleFile*> modules_;
  std::map<std::string, TypeSpec> fact_types_;
  const std::map<std::string, RV>* facts_ = nullptr;
  Date as_of_;
  std::unordered_map<const DefineDecl*, RV> define_memo_;
};

// The reference's view of the facts the engine bound (values[i] is fact slot i).
inline std::map<std::string, RV> FromBound(const CompiledProgram& prog, const FactValues& bound) {
  std::map<std::string, RV> out;
  auto convert = [&](const Value& v, const EnumDef* def) {
    switch (v.kind) {
      case VKind::kBool: return RV::Bool(v.b);
      case VKind::kNumber: return RV::Num(v.num, v.yen);
      case VKind::kDate: return RV::OfDate(v.i);
      case VKind::kText: return RV::Text(*v.text);
      case VKind::kEnum: return RV::Enum(def->values[static_cast<size_t>(v.i)]);
      case VKind::kError: return RV::Error();
      default: return RV::Unknown();
    }
  };
  for (size_t i = 0; i < prog.facts.size(); ++i) {
    const Value& v = bound.values[i];
    if (v.kind == VKind::kUnknown) continue;
    const EnumDef* def = prog.facts[i].spec.enum_def.get();
    if (v.kind == VKind::kList) {
      RV list;
      list.k = RV::K::kList;
      for (const auto& item : v.list->items) list.items.push_back(convert(item, def));
      out[prog.facts[i].name] = list;
    } else {
      out[prog.facts[i].name] = convert(v, def);
    }
  }
  return out;
}

}  // namespace elig::ref
