// SPDX-License-Identifier: Apache-2.0
#include "eval/ask.hpp"

#include "common/catalog.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace elig {

bool IsOpen(const Decision& d) {
  if (d.outcome == Outcome::kUndetermined) return true;
  return d.outcome == Outcome::kEligible && d.program && d.program->award >= 0 && !d.award && d.award_error.empty();
}

namespace {

bool IsComparison(const Instr& in) {
  if (in.op == Op::kBetween) return true;
  if (in.op != Op::kBinary) return false;
  switch (static_cast<ValueOp>(in.fn)) {
    case ValueOp::kEq: case ValueOp::kNe: case ValueOp::kLt: case ValueOp::kLe:
    case ValueOp::kGt: case ValueOp::kGe: case ValueOp::kIn: case ValueOp::kNotIn: return true;
    default: return false;
  }
}

void PushFlat(const Value& v, std::vector<Value>& out) {
  if (v.kind == VKind::kList && v.list) {
    for (const auto& item : v.list->items) PushFlat(item, out);
  } else if (v.IsKnown()) {
    out.push_back(v);
  }
}

// Values an operand takes whatever the applicant says: a constant, every dated
// value of a parameter, every row of a table column.
void FixedValues(const CompiledProgram& p, uint32_t i, std::vector<Value>& out) {
  const Instr& in = p.code[i];
  switch (in.op) {
    case Op::kConst: PushFlat(p.consts[in.a], out); break;
    case Op::kParam:
      for (const auto& [from, v] : p.params[in.a].values) PushFlat(v, out);
      break;
    case Op::kTable: {
      const CompiledTable& t = p.tables[in.a];
      for (size_t k = 0; t.columns && k * t.columns + in.b < t.cells.size(); ++k) PushFlat(t.cells[k * t.columns + in.b], out);
      break;
    }
    case Op::kList:
      for (uint32_t k = 0; k < in.b; ++k) FixedValues(p, p.args[in.a + k], out);
      break;
    default: break;
  }
}

// Constants compared directly with the fact: `employees <= 20`, `"kurumin" in certifications`.
std::vector<Value> DirectConstants(const CompiledProgram& p, uint32_t fact) {
  std::vector<Value> out;
  auto is_fact = [&](uint32_t i) { return p.code[i].op == Op::kFact && p.code[i].a == fact; };
  for (const Instr& in : p.code) {
    if (!IsComparison(in)) continue;
    if (is_fact(in.a)) {
      FixedValues(p, in.b, out);
      if (in.op == Op::kBetween) FixedValues(p, in.c, out);
    } else if (in.op == Op::kBinary && is_fact(in.b)) {
      FixedValues(p, in.a, out);
    }
  }
  return out;
}

// Every constant of the program: thresholds reached through definitions and
// arithmetic (`years_between(founded, as_of) >= 1`, `fair_expenses * rate`).
std::vector<Value> AllConstants(const CompiledProgram& p) {
  std::vector<Value> out;
  for (const auto& v : p.consts) PushFlat(v, out);
  for (const auto& param : p.params)
    for (const auto& [from, v] : param.values) PushFlat(v, out);
  for (const auto& t : p.tables)
    for (const auto& v : t.cells) PushFlat(v, out);
  return out;
}

bool Whole(BaseType t) { return t == BaseType::kInt || t == BaseType::kYen; }

class Builder {
 public:
  Builder(const CompiledFact& fact, BaseType type, const EnumDef* enum_def, size_t max)
      : fact_(fact), type_(type), enum_def_(enum_def), max_(max) {}

  void Add(Value v) {
    if (out_.size() >= max_ || !v.IsKnown()) return;
    if (v.kind == VKind::kNumber) {
      if (type_ != BaseType::kInt && type_ != BaseType::kDecimal && type_ != BaseType::kYen) return;
      if (Whole(type_) && !v.num.IsInteger()) return;
      if (fact_.min && Rational::Compare(v.num, *fact_.min) < 0) return;
      if (fact_.max && Rational::Compare(v.num, *fact_.max) > 0) return;
      v.yen = type_ == BaseType::kYen;
    } else if (v.kind == VKind::kDate) {
      if (type_ != BaseType::kDate) return;
    } else if (v.kind == VKind::kEnum) {
      if (type_ != BaseType::kEnum || !enum_def_ || v.i < 0 || static_cast<size_t>(v.i) >= enum_def_->values.size()) return;
    } else if (v.kind == VKind::kText) {
      if (type_ == BaseType::kEnum && enum_def_ && v.text) {
        int idx = enum_def_->IndexOf(*v.text);
        if (idx < 0) return;
        v = Value::Enum(idx);
      } else if (type_ != BaseType::kText) {
        return;
      }
    } else if (v.kind == VKind::kBool) {
      if (type_ != BaseType::kBool) return;
    }
    for (const auto& seen : out_)
      if (seen.kind == v.kind && ValuesEqual(seen, v)) return;
    out_.push_back(v);
  }

  // A number and its neighbours, so `x < c`, `x <= c` and `x > c` each get a side.
  void AddAround(const Value& c) {
    if (c.kind != VKind::kNumber) return;
    Rational delta = Whole(type_) ? Rational(1) : *Rational::Make(1, 100);
    if (Whole(type_) && !c.num.IsInteger()) {
      Add(Value::Number(c.num.Floor()));
      Add(Value::Number(c.num.Ceil()));
      return;
    }
    Add(c);
    if (auto below = Rational::Sub(c.num, delta)) Add(Value::Number(*below));
    if (auto above = Rational::Add(c.num, delta)) Add(Value::Number(*above));
  }

  void AddDateAround(Date d) {
    Add(Value::OfDate(d));
    Add(Value::OfDate(Date{d.days - 1}));
    Add(Value::OfDate(Date{d.days + 1}));
  }

  std::vector<Value>& out() { return out_; }

 private:
  const CompiledFact& fact_;
  BaseType type_;
  const EnumDef* enum_def_;
  size_t max_;
  std::vector<Value> out_;
};

Date YearsBefore(Date d, int64_t years) {
  int y = 0, m = 0, day = 0;
  SplitDate(d, y, m, day);
  int target = static_cast<int>(y - years);
  if (auto r = MakeDate(target, m, day)) return *r;
  if (auto r = MakeDate(target, m, 28)) return *r;  // 29 February in a common year
  return d;
}

std::vector<Value> ScalarCandidates(const CompiledProgram& p, const CompiledFact& fact, BaseType type,
                                    const EnumDef* enum_def, const std::vector<Value>& direct, Date as_of,
                                    CandidateStorage& storage, size_t max) {
  Builder b(fact, type, enum_def, max);
  switch (type) {
    case BaseType::kBool:
      b.Add(Value::Bool(false));
      b.Add(Value::Bool(true));
      break;
    case BaseType::kEnum:
      for (const auto& v : direct) b.Add(v);
      for (size_t i = 0; enum_def && i < enum_def->values.size(); ++i) b.Add(Value::Enum(static_cast<int32_t>(i)));
      break;
    case BaseType::kText:
      for (const auto& v : direct) b.Add(v);
      // A value no rule names: "somewhere else" for `prefecture == "群馬県"`.
      storage.texts.push_back("\xE2\x80\xA6");
      b.Add(Value::Text(&storage.texts.back()));
      break;
    case BaseType::kInt:
    case BaseType::kDecimal:
    case BaseType::kYen: {
      for (const auto& v : direct) b.AddAround(v);
      if (fact.min) b.Add(Value::Number(*fact.min));
      if (fact.max) b.Add(Value::Number(*fact.max));
      b.Add(Value::Number(0));
      b.Add(Value::Number(1));
      for (const auto& v : AllConstants(p))
        if (v.kind == VKind::kNumber && v.yen == (type == BaseType::kYen)) b.AddAround(v);
      break;
    }
    case BaseType::kDate: {
      for (const auto& v : direct)
        if (v.kind == VKind::kDate) b.AddDateAround(Date{v.i});
      b.AddDateAround(as_of);
      // Ages and durations: `years_between(founded, as_of) >= 1`, `days_between(...) <= 90`.
      for (const auto& v : AllConstants(p)) {
        if (v.kind == VKind::kDate) b.AddDateAround(Date{v.i});
        if (v.kind != VKind::kNumber || v.yen || !v.num.IsInteger() || v.num.num() < 0) continue;
        if (v.num.num() <= 150) b.AddDateAround(YearsBefore(as_of, v.num.num()));
        if (v.num.num() <= 36'500) b.AddDateAround(Date{as_of.days - static_cast<int32_t>(v.num.num())});
      }
      break;
    }
    default: break;
  }
  return std::move(b.out());
}

}  // namespace

std::vector<Value> CandidateValues(const CompiledProgram& prog, uint32_t fact, Date as_of, CandidateStorage& storage,
                                   size_t max_candidates) {
  if (fact >= prog.facts.size() || max_candidates == 0) return {};
  const CompiledFact& f = prog.facts[fact];
  std::vector<Value> direct = DirectConstants(prog, fact);
  if (f.spec.base != BaseType::kList)
    return ScalarCandidates(prog, f, f.spec.base, f.spec.enum_def.get(), direct, as_of, storage, max_candidates);
  if (f.spec.record) {
    // How many records: none, one or two, nothing known of them yet (their fields are asked next).
    std::vector<Value> out;
    for (size_t n = 0; n <= 2 && n <= f.spec.record->max_items && out.size() < max_candidates; ++n) {
      ValueList list;
      for (size_t k = 0; k < n; ++k) {
        storage.lists.push_back(ValueList{std::vector<Value>(f.spec.record->fields.size())});
        list.items.push_back(Value::Record(&storage.lists.back()));
      }
      storage.lists.push_back(std::move(list));
      out.push_back(Value::List(&storage.lists.back()));
    }
    return out;
  }
  // A list: empty, each single element, and every enum value at once.
  std::vector<Value> out;
  storage.lists.push_back({});
  out.push_back(Value::List(&storage.lists.back()));
  CompiledFact elem = f;
  elem.min.reset();
  elem.max.reset();
  auto items = ScalarCandidates(prog, elem, f.spec.elem, f.spec.enum_def.get(), direct, as_of, storage, max_candidates);
  for (const auto& item : items) {
    if (out.size() + 1 >= max_candidates) break;
    storage.lists.push_back(ValueList{{item}});
    out.push_back(Value::List(&storage.lists.back()));
  }
  if (f.spec.elem == BaseType::kEnum && items.size() > 1) {
    storage.lists.push_back(ValueList{items});
    out.push_back(Value::List(&storage.lists.back()));
  }
  return out;
}

namespace {

bool Known(Tri t) { return t == Tri::kTrue || t == Tri::kFalse; }

size_t NewlyKnown(const std::vector<RuleResult>& before, const std::vector<RuleResult>& after) {
  size_t n = 0;
  for (size_t i = 0; i < before.size() && i < after.size(); ++i)
    if (!Known(before[i].result) && Known(after[i].result)) ++n;
  return n;
}

// What trying the candidate answers of one fact shows.
struct Probe {
  bool moves = false;   // some answer changes the outcome, the award or a rule
  uint64_t weight = 0; // mean over the distinct resulting states, scaled by 1000
};

// Tries each candidate for fact `f` (restoring it after). Candidates that lead to
// the same state count once, so a fact is not preferred for having many candidate
// values on one side of its threshold. `stop_at_move` stops at the first move.
Probe TryFact(const CompiledProgram& p, FactValues& fv, const Decision& base, uint32_t f,
              const std::vector<Value>& candidates, const EvalOptions& eo, bool stop_at_move, size_t* budget = nullptr) {
  Probe out;
  std::map<std::string, uint64_t> classes;
  Value saved = fv.values[f];
  for (const Value& v : candidates) {
    if (budget) {
      if (*budget == 0) break;
      --*budget;
    }
    fv.values[f] = v;
    Decision d = Decide(p, fv, eo);
    size_t rules = NewlyKnown(base.requirements, d.requirements) + NewlyKnown(base.exclusions, d.exclusions);
    bool award_now = d.award && !base.award;
    out.moves |= d.outcome != base.outcome || award_now || rules > 0;
    if (out.moves && stop_at_move) break;
    std::string state{static_cast<char>(d.outcome), static_cast<char>(award_now)};
    for (const auto& r : d.requirements) state += static_cast<char>(r.result);
    for (const auto& r : d.exclusions) state += static_cast<char>(r.result);
    // A settled program outweighs any number of settled rules; the award comes last.
    classes[state] = (IsOpen(d) ? 0u : 1000u) + 10u * rules + (award_now ? 1u : 0u);
  }
  fv.values[f] = saved;
  uint64_t sum = 0;
  for (const auto& [state, w] : classes) sum += w;
  if (!classes.empty()) out.weight = sum * 1000 / classes.size();
  return out;
}

// Choices before amounts: a legal form or a yes/no is easy to answer and usually
// decides which thresholds apply at all.
bool Categorical(const CompiledFact& f) {
  return f.spec.base == BaseType::kBool || f.spec.base == BaseType::kEnum ||
         (f.spec.base == BaseType::kList && f.spec.elem == BaseType::kEnum);
}

struct OpenProgram {
  const CompiledProgram* p = nullptr;
  FactValues fv;
  Decision base;
  std::vector<uint32_t> unknown;  // facts a requirement, an exclusion or the award reads, still unknown
  std::set<uint32_t> needed;      // every fact a requirement, an exclusion or the award reads
};

void AddWeight(std::vector<Question>& out, std::map<std::string, size_t>& index, const CompiledFact& fact,
               const std::string& program, uint64_t weight, bool fallback) {
  auto [it, fresh] = index.try_emplace(fact.name, out.size());
  if (fresh) {
    Question q;
    q.fact = fact.name;
    q.decl = &fact;
    q.fallback = fallback;
    out.push_back(std::move(q));
  }
  Question& q = out[it->second];
  q.weight += weight;
  q.programs.push_back(program);
}

// The order a person expects: where the business is (the prefecture, then the municipality),
// its legal form, industry and size, then what each program asks.
int TopicRank(const CompiledFact& f) {
  int rank = 2 * static_cast<int>(f.topic);
  if (f.topic == FactTopic::kPlace && !(f.spec.enum_def && f.spec.enum_def->kind == EnumKind::kPrefecture)) ++rank;
  return rank;
}

void Order(std::vector<Question>& out) {
  std::stable_sort(out.begin(), out.end(), [](const Question& a, const Question& b) {
    if (int ra = TopicRank(*a.decl), rb = TopicRank(*b.decl); ra != rb) return ra < rb;
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.programs.size() != b.programs.size()) return a.programs.size() > b.programs.size();
    return Categorical(*a.decl) && !Categorical(*b.decl);
  });
}

// The field of one record as a fact of its own, asked by an indexed name (`members.2.is_sme`):
// its question names the record 「構成員 2（株式会社〇〇）: 中小企業者ですか」.
std::shared_ptr<CompiledFact> FieldFact(const CompiledFact& list, const RecordDef& def, const Value& record, size_t k,
                                        size_t j) {
  const FieldDef& field = def.fields[j];
  auto f = std::make_shared<CompiledFact>();
  f->name = list.name + "." + std::to_string(k + 1) + "." + field.name;
  f->spec = field.type;
  f->min = field.min;
  f->max = field.max;
  f->label = field.label;
  f->origin = list.origin;
  f->used = true;
  LocalText item = list.label.Empty() ? LocalText{list.name, list.name} : list.label;
  const Value* name = def.name_field >= 0 && record.list ? &record.list->items[static_cast<size_t>(def.name_field)] : nullptr;
  for (Lang lang : {Lang::kJa, Lang::kEn}) {
    std::string shown = name && name->kind == VKind::kText && name->text && !name->text->empty()
                            ? Say(lang, Msg::kMemberName, fmt::arg("name", *name->text))
                            : std::string();
    const std::string& question = field.ask.Empty() ? field.name : field.ask.Get(lang);
    (lang == Lang::kJa ? f->ask.ja : f->ask.en) =
        Say(lang, Msg::kAskMember, fmt::arg("item", item.Get(lang)), fmt::arg("n", k + 1), fmt::arg("name", shown),
            fmt::arg("question", question));
  }
  return f;
}

// The fields of the records already given that some answer would move: each is a question of
// its own, record by record. A list not given at all is asked as a count first (CandidateValues).
void AskFields(const CompiledProgram& p, FactValues& fv, const Decision& base, const std::set<uint32_t>& needed,
               const std::set<std::string>& skipped, const EvalOptions& eo, size_t max_candidates,
               std::vector<Question>& out, std::map<std::string, size_t>& index) {
  const std::vector<Value> constants = AllConstants(p);
  for (uint32_t f : needed) {
    const Value list = fv.values[f];
    const RecordDef* def = p.facts[f].spec.record.get();
    if (!def || list.kind != VKind::kList || !list.list) continue;
    for (size_t k = 0; k < list.list->items.size(); ++k) {
      const Value& record = list.list->items[k];
      if (record.kind != VKind::kRecord || !record.list) continue;
      for (size_t j = 0; j < def->fields.size() && j < record.list->items.size(); ++j) {
        if (record.list->items[j].kind != VKind::kUnknown) continue;
        std::shared_ptr<CompiledFact> field = FieldFact(p.facts[f], *def, record, k, j);
        if (skipped.count(field->name)) continue;
        CandidateStorage storage;
        std::vector<Value> answers = ScalarCandidates(p, *field, field->spec.base, field->spec.enum_def.get(), constants,
                                                      eo.as_of, storage, max_candidates);
        std::vector<Value> lists;  // the whole list with this one field answered
        for (const Value& v : answers) {
          ValueList fields = *record.list;
          fields.items[j] = v;
          storage.lists.push_back(std::move(fields));
          ValueList copy = *list.list;
          copy.items[k] = Value::Record(&storage.lists.back());
          storage.lists.push_back(std::move(copy));
          lists.push_back(Value::List(&storage.lists.back()));
        }
        Probe probe = TryFact(p, fv, base, f, lists, eo, false);
        if (!probe.moves) continue;
        auto [it, fresh] = index.try_emplace(field->name, out.size());
        if (fresh) {
          Question q;
          q.fact = field->name;
          q.decl = field.get();
          q.field = field;
          out.push_back(std::move(q));
        }
        out[it->second].weight += probe.weight;
        out[it->second].programs.push_back(p.id);
      }
    }
  }
}

}  // namespace

bool Checkable(const Question& q) {
  return q.decl && q.decl->spec.base == BaseType::kBool && !q.decl->statement.Empty() && !q.fallback &&
         !q.programs.empty();
}

namespace {

// How far a decision is from a refusal: eligible with its award, eligible, undetermined,
// ineligible; then how many of its rules hold (requirements met, exclusions not applying).
int64_t Favour(const Decision& d) {
  int64_t rank = d.outcome == Outcome::kEligible ? (d.award ? 3 : 2) : d.outcome == Outcome::kUndetermined ? 1 : 0;
  int64_t rules = 0;
  for (const auto& r : d.requirements) rules += r.result == Tri::kTrue;
  for (const auto& r : d.exclusions) rules += r.result == Tri::kFalse;
  return rank * 100'000 + rules;
}

bool SameEffect(const Decision& a, const Decision& b) {
  if (a.outcome != b.outcome || a.award.has_value() != b.award.has_value()) return false;
  return !a.award || Rational::Compare(*a.award, *b.award) == 0;
}

// Of `group` (yes/no facts of `p`, the first one asked in any case), those whose own answer
// changes p's outcome or award while every other one of them has the answer that keeps p
// furthest from a refusal (unknown when yes and no keep it as far).
std::vector<bool> Deciding(const CompiledProgram& p, const Applicant& answers, const std::vector<uint32_t>& group,
                           Date as_of) {
  EvalOptions eo;
  eo.as_of = as_of;
  eo.trace = false;
  FactValues fv = Bind(p, answers);
  std::vector<Value> kind(group.size());  // the favourable answer of each
  for (size_t k = 0; k < group.size(); ++k) {
    int64_t yes = 0, no = 0;
    for (bool b : {true, false}) {
      fv.values[group[k]] = Value::Bool(b);
      (b ? yes : no) = Favour(Decide(p, fv, eo));
    }
    fv.values[group[k]] = Value::Unknown();
    if (yes != no) kind[k] = Value::Bool(yes > no);
  }
  std::vector<bool> out(group.size(), true);
  for (size_t k = 1; k < group.size(); ++k) {
    for (size_t j = 0; j < group.size(); ++j) fv.values[group[j]] = kind[j];
    fv.values[group[k]] = Value::Bool(true);
    Decision yes = Decide(p, fv, eo);
    fv.values[group[k]] = Value::Bool(false);
    out[k] = !SameEffect(yes, Decide(p, fv, eo));
  }
  return out;
}

}  // namespace

std::vector<Question> NextAsk(const std::vector<const CompiledProgram*>& programs, const Applicant& answers,
                              const std::set<std::string>& skipped, const AskOptions& options) {
  std::vector<Question> ranked = RankQuestions(programs, answers, skipped, options);
  if (ranked.empty()) return {};
  std::vector<Question> out{ranked.front()};
  const Question& first = ranked.front();
  if (!Checkable(first)) return out;
  const std::string& id = first.programs.front();
  auto owner = std::find_if(programs.begin(), programs.end(), [&](const CompiledProgram* p) { return p->id == id; });
  if (owner == programs.end()) return out;
  const CompiledProgram& p = **owner;
  std::vector<const Question*> group;  // the first, then those that may join it
  std::vector<uint32_t> slots;
  // The run of such questions at the head of the list: one ranked after another kind of
  // question (a choice, an amount) waits its turn.
  for (const Question& q : ranked) {
    bool same_program = std::find(q.programs.begin(), q.programs.end(), id) != q.programs.end();
    int slot = p.FindFact(q.fact);
    if (!Checkable(q) || !same_program || slot < 0 || TopicRank(*q.decl) != TopicRank(*first.decl)) break;
    if (p.facts[static_cast<size_t>(slot)].spec.base != BaseType::kBool) break;
    group.push_back(&q);
    slots.push_back(static_cast<uint32_t>(slot));
  }
  if (group.size() < 2 || group.front() != &first) return out;
  std::vector<bool> deciding = Deciding(p, answers, slots, options.as_of);
  for (size_t k = 1; k < group.size() && out.size() < options.max_checklist; ++k)
    if (deciding[k]) out.push_back(*group[k]);
  return out;
}

std::vector<Question> RankQuestions(const std::vector<const CompiledProgram*>& programs, const Applicant& answers,
                                    const std::set<std::string>& skipped, const AskOptions& options) {
  std::vector<Question> out;
  std::map<std::string, size_t> index;
  // Bound facts own the texts and lists their values point to: never moved, hence the pointers.
  std::vector<std::unique_ptr<OpenProgram>> open;
  EvalOptions eo;
  eo.as_of = options.as_of;
  eo.trace = false;
  // Each program's own state is settled (eval/settle.hpp): the facts it names as missing are
  // exactly those some answer can change, and those are what is asked. The trial answers below
  // only weigh them, so they are decided by three-valued logic alone.
  EvalOptions probe_options = eo;
  probe_options.settle = false;
  for (const CompiledProgram* p : programs) {
    auto owned = std::make_unique<OpenProgram>();
    OpenProgram& op = *owned;
    op.p = p;
    op.fv = Bind(*p, answers);
    op.base = Decide(*p, op.fv, eo);
    if (!IsOpen(op.base)) continue;
    // The parts of a derived fact are asked only once the applicant does not know the fact itself.
    std::set<uint32_t> needed;
    for (uint32_t f : op.base.missing) {
      needed.insert(f);
      if (op.fv.values[f].kind == VKind::kUnknown && skipped.count(p->facts[f].name))
        for (uint32_t part : p->facts[f].parts) needed.insert(part);
    }
    for (uint32_t f : needed)
      if (op.fv.values[f].kind == VKind::kUnknown && !skipped.count(p->facts[f].name)) op.unknown.push_back(f);
    op.needed = std::move(needed);
    open.push_back(std::move(owned));
  }
  for (auto& owned : open) {
    OpenProgram& op = *owned;
    for (uint32_t f : op.unknown) {
      CandidateStorage storage;
      std::vector<Value> candidates = CandidateValues(*op.p, f, options.as_of, storage, options.max_candidates);
      Probe probe = TryFact(*op.p, op.fv, op.base, f, candidates, probe_options, false);
      if (probe.moves) AddWeight(out, index, op.p->facts[f], op.p->id, probe.weight, false);
    }
    AskFields(*op.p, op.fv, op.base, op.needed, skipped, eo, options.max_candidates, out, index);
  }
  Order(out);
  if (!out.empty()) return out;

  // An eligible program whose award reads several facts still unknown (the costs of a fair:
  // booth, decoration, contribution): no one answer makes the award known, yet each of them
  // is needed for it. Ask them, in the order the decision names them, then the parts of a
  // derived one the applicant does not know.
  for (auto& owned : open) {
    OpenProgram& op = *owned;
    if (op.base.outcome != Outcome::kEligible) continue;
    std::vector<uint32_t> needed = op.base.missing;
    for (uint32_t f : op.unknown)
      if (std::find(needed.begin(), needed.end(), f) == needed.end() &&
          std::find(op.p->award_facts.begin(), op.p->award_facts.end(), f) != op.p->award_facts.end())
        needed.push_back(f);
    uint64_t weight = needed.size();
    for (uint32_t f : needed) {
      if (op.fv.values[f].kind != VKind::kUnknown || skipped.count(op.p->facts[f].name)) continue;
      AddWeight(out, index, op.p->facts[f], op.p->id, 1000 * weight--, false);
    }
  }
  Order(out);
  if (!out.empty()) return out;

  // No single answer moves anything: only a combination decides what is left
  // (`a == b`, or a legal form whose every value leaves another fact to decide).
  // Look one answer further: prefer the fact after whose answer, whatever it is,
  // some other fact becomes decisive.
  size_t budget = options.max_lookahead_decisions;
  for (auto& owned : open) {
    OpenProgram& op = *owned;
    const size_t kLookahead = 16;  // candidates per fact in the two-step search: bounds its cost
    std::vector<CandidateStorage> storage(op.unknown.size());
    std::vector<std::vector<Value>> cands(op.unknown.size());
    for (size_t i = 0; i < op.unknown.size(); ++i)
      cands[i] = CandidateValues(*op.p, op.unknown[i], options.as_of, storage[i], kLookahead);
    for (size_t i = 0; i < op.unknown.size(); ++i) {
      uint32_t f = op.unknown[i];
      std::map<std::string, bool> classes;  // state after f = v -> another fact is then decisive
      Value saved = op.fv.values[f];
      for (const Value& v : cands[i]) {
        if (budget == 0) break;
        --budget;
        op.fv.values[f] = v;
        Decision d = Decide(*op.p, op.fv, probe_options);
        std::string state{static_cast<char>(d.outcome)};
        for (const auto& r : d.requirements) state += static_cast<char>(r.result);
        for (const auto& r : d.exclusions) state += static_cast<char>(r.result);
        bool unlocks = !IsOpen(d);
        for (size_t j = 0; j < op.unknown.size() && !unlocks; ++j)
          if (j != i) unlocks = TryFact(*op.p, op.fv, d, op.unknown[j], cands[j], probe_options, true, &budget).moves;
        classes[state] = classes[state] || unlocks;
      }
      op.fv.values[f] = saved;
      uint64_t unlocked = 0;
      for (const auto& [state, u] : classes) unlocked += u ? 1 : 0;
      // An answer that makes no other fact decisive changes nothing, even jointly: never asked.
      if (unlocked > 0) AddWeight(out, index, op.p->facts[f], op.p->id, unlocked * 1000 / classes.size(), true);
    }
  }
  Order(out);
  return out;
}

}  // namespace elig
