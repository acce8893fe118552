// SPDX-License-Identifier: Apache-2.0
#include "eval/input.hpp"

#include "common/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "common/answer.hpp"
#include "common/utf8.hpp"
#include "eval/screen.hpp"
#include "syntax/rules.hpp"

namespace elig {
namespace {

// `s` equals the lower-case ASCII `word`, ignoring case.
bool IsWord(std::string_view s, std::string_view word) { return utf8::EqualsAsciiNoCase(s, word); }

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// The strict machine forms first (what files written by programs hold, and the batch fast
// path reads), then the everyday reader (common/answer.hpp) for anything else.
std::optional<Value> ParseScalar(BaseType type, const EnumDef* enum_def, std::string_view raw_text,
                                 FactValues& storage, LocalText& error) {
  std::string_view text = type == BaseType::kText ? raw_text : Trimmed(raw_text);
  switch (type) {
    case BaseType::kBool: {
      if (IsWord(text, "true") || IsWord(text, "yes") || IsWord(text, "y") || text == "1" || text == "はい" ||
          text == "有" || text == "あり")
        return Value::Bool(true);
      if (IsWord(text, "false") || IsWord(text, "no") || IsWord(text, "n") || text == "0" || text == "いいえ" ||
          text == "無" || text == "なし")
        return Value::Bool(false);
      break;
    }
    case BaseType::kInt: {
      auto r = Rational::Parse(text);
      if (r && r->IsInteger()) return Value::Number(*r);
      break;
    }
    case BaseType::kDecimal: {
      std::optional<Rational> r;
      if (!text.empty() && text.back() == '%') {
        r = Rational::Parse(Trimmed(text.substr(0, text.size() - 1)));
        if (r) r = Rational::Div(*r, Rational(100));
      } else {
        r = Rational::Parse(text);
      }
      if (r) return Value::Number(*r);
      break;
    }
    case BaseType::kYen: {
      auto r = ParseYen(text);
      if (r && r->IsInteger()) return Value::Number(*r, true);
      break;
    }
    case BaseType::kDate: {
      if (auto d = ParseDate(text)) return Value::OfDate(*d);
      break;
    }
    case BaseType::kEnum: {
      int idx = enum_def ? enum_def->IndexOf(text) : -1;
      if (idx >= 0) return Value::Enum(idx);
      break;
    }
    case BaseType::kText: break;
    default:
      error = SayBoth(Msg::kInputUnsupportedType);
      return std::nullopt;
  }
  AnswerResult answer = ParseAnswer(text, type, enum_def);
  if (!answer.ok()) {
    error = std::move(answer.refusal);
    return std::nullopt;
  }
  if (type == BaseType::kText) {
    storage.texts.push_back(std::move(answer.text));
    return Value::Text(&storage.texts.back());
  }
  return answer.value;
}

bool WithinBounds(const Value& v, const std::optional<Rational>& min, const std::optional<Rational>& max, LocalText& error) {
  if (v.kind != VKind::kNumber) return true;
  if (min && Rational::Compare(v.num, *min) < 0) {
    error = SayBoth(Msg::kInputBelowMin, fmt::arg("min", min->ToGroupedString()), fmt::arg("got", v.num.ToGroupedString()));
    return false;
  }
  if (max && Rational::Compare(v.num, *max) > 0) {
    error = SayBoth(Msg::kInputAboveMax, fmt::arg("max", max->ToGroupedString()), fmt::arg("got", v.num.ToGroupedString()));
    return false;
  }
  return true;
}

// One field of record `n` (from 1): parsed and bounded like a fact of the field's type.
std::optional<Value> ParseField(const FieldDef& field, size_t n, const RawValue& raw, FactValues& storage, LocalText& error) {
  if (raw.type == RawValue::Type::kNull) return Value::Unknown();
  LocalText why;
  std::optional<Value> v;
  if (raw.type != RawValue::Type::kScalar) {
    why = SayBoth(Msg::kInputNotSingle);
  } else {
    v = ParseScalar(field.type.base, field.type.enum_def.get(), raw.text, storage, why);
    if (v && !WithinBounds(*v, field.min, field.max, why)) v.reset();
  }
  if (v) return v;
  error.ja = Say(Lang::kJa, Msg::kInputRecordField, fmt::arg("n", n), fmt::arg("field", field.name), fmt::arg("message", why.ja));
  error.en = Say(Lang::kEn, Msg::kInputRecordField, fmt::arg("n", n), fmt::arg("field", field.name), fmt::arg("message", why.en));
  return std::nullopt;
}

std::string FieldNames(const RecordDef& def) {
  std::string s;
  for (const auto& f : def.fields) s += (s.empty() ? "" : ", ") + f.name;
  return s;
}

// Records with these fields (each unknown until given) as a value of a `list[record]` fact.
Value StoreRecords(const std::vector<std::vector<Value>>& records, FactValues& storage) {
  ValueList list;
  list.items.reserve(records.size());
  for (const auto& fields : records) {
    storage.lists.push_back(ValueList{fields});
    list.items.push_back(Value::Record(&storage.lists.back()));
  }
  storage.lists.push_back(std::move(list));
  return Value::List(&storage.lists.back());
}

// A `list[record]` fact: a list of maps of fields, or a count of records not yet described
// (`members: 3`, what `elig ask` asks first); their fields may follow by indexed name.
std::optional<Value> ParseRecords(const RecordDef& def, const RawValue& raw, FactValues& storage, LocalText& error) {
  const size_t max = def.max_items;
  if (raw.type == RawValue::Type::kScalar) {
    auto count = Rational::Parse(Trimmed(raw.text));
    if (!count) {
      AnswerResult answer = ParseAnswer(raw.text, BaseType::kInt, nullptr);  // 3社, 三社
      if (answer.ok()) count = answer.value->num;
    }
    if (!count || !count->IsInteger() || count->num() < 0 || static_cast<uint64_t>(count->num()) > max) {
      error = SayBoth(Msg::kInputRecordCount, fmt::arg("max", max));
      return std::nullopt;
    }
    std::vector<std::vector<Value>> records(static_cast<size_t>(count->num()), std::vector<Value>(def.fields.size()));
    return StoreRecords(records, storage);
  }
  if (raw.type != RawValue::Type::kList) {
    error = SayBoth(Msg::kInputRecordCount, fmt::arg("max", max));
    return std::nullopt;
  }
  if (raw.items.size() > max) {
    error = SayBoth(Msg::kInputRecordTooMany, fmt::arg("max", max));
    return std::nullopt;
  }
  std::vector<std::vector<Value>> records;
  for (const RawValue& item : raw.items) {
    if (item.type != RawValue::Type::kMap) {
      error = SayBoth(Msg::kInputRecordNotMap);
      return std::nullopt;
    }
    auto& fields = records.emplace_back(def.fields.size());
    for (size_t k = 0; k < item.keys.size(); ++k) {
      int f = def.IndexOf(item.keys[k]);
      if (f < 0) {
        error = SayBoth(Msg::kInputRecordNoField, fmt::arg("field", utf8::Printable(item.keys[k])), fmt::arg("fields", FieldNames(def)));
        return std::nullopt;
      }
      auto v = ParseField(def.fields[static_cast<size_t>(f)], records.size(), item.items[k], storage, error);
      if (!v) return std::nullopt;
      fields[static_cast<size_t>(f)] = *v;
    }
  }
  return StoreRecords(records, storage);
}

// The fields given by indexed name (`members.2.is_sme`), over what the list itself gave.
void BindIndexed(const CompiledProgram& prog, const Applicant& applicant, const std::vector<const RawFact*>& indexed,
                 FactValues& out) {
  std::map<uint32_t, std::vector<std::vector<Value>>> lists;
  for (const RawFact* raw : indexed) {
    std::string name, field;
    int64_t n = 0;
    SplitIndexedName(raw->name, name, n, field);
    const auto slot = static_cast<uint32_t>(prog.FindFact(name));
    const RecordDef& def = *prog.facts[slot].spec.record;
    auto [it, fresh] = lists.try_emplace(slot);
    auto& records = it->second;
    if (fresh) {
      const Value& given = out.values[slot];
      if (given.kind == VKind::kList && given.list)
        for (const Value& r : given.list->items) records.push_back(r.list ? r.list->items : std::vector<Value>(def.fields.size()));
    }
    auto issue = [&](LocalText message) { out.issues.push_back({raw->name, std::move(message), IssueLoc(applicant, *raw)}); };
    if (n < 1 || static_cast<uint64_t>(n) > def.max_items) {
      issue(SayBoth(Msg::kInputRecordIndex, fmt::arg("name", utf8::Printable(raw->name))));
      continue;
    }
    int f = def.IndexOf(field);
    if (f < 0) {
      issue(SayBoth(Msg::kInputRecordNoField, fmt::arg("field", utf8::Printable(field)), fmt::arg("fields", FieldNames(def))));
      continue;
    }
    LocalText error;
    auto v = ParseField(def.fields[static_cast<size_t>(f)], static_cast<size_t>(n), raw->value, out, error);
    if (!v) {
      issue(std::move(error));
      continue;
    }
    if (records.size() < static_cast<size_t>(n)) records.resize(static_cast<size_t>(n), std::vector<Value>(def.fields.size()));
    records[static_cast<size_t>(n - 1)][static_cast<size_t>(f)] = *v;
  }
  for (const auto& [slot, records] : lists) out.values[slot] = StoreRecords(records, out);
}

// The record-list fact an indexed name (`members.2.is_sme`) refers to in `prog`, or -1.
int IndexedFact(const CompiledProgram& prog, std::string_view name) {
  std::string fact, field;
  int64_t n = 0;
  if (!SplitIndexedName(name, fact, n, field)) return -1;
  int slot = prog.FindFact(fact);
  if (slot < 0 || !prog.facts[static_cast<size_t>(slot)].spec.record) return -1;
  return slot;
}

}  // namespace

bool SplitIndexedName(std::string_view name, std::string& fact, int64_t& index, std::string& field) {
  size_t first = name.find('.');
  if (first == std::string_view::npos) return false;
  size_t second = name.find('.', first + 1);
  if (second == std::string_view::npos || second == first + 1 || second + 1 >= name.size()) return false;
  std::string_view digits = name.substr(first + 1, second - first - 1);
  if (digits.size() > 6 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  fact.assign(name.substr(0, first));
  index = std::stoll(std::string(digits));
  field.assign(name.substr(second + 1));
  return true;
}

std::optional<Value> ParseFactValue(const CompiledFact& fact, const RawValue& raw, FactValues& storage, std::string& error) {
  LocalText why;
  auto v = ParseFactValue(fact, raw, storage, why);
  if (!v) error = std::move(why.en);
  return v;
}

std::optional<Value> ParseFactScalar(const CompiledFact& fact, std::string_view text, FactValues& storage,
                                     std::string& error) {
  LocalText why;
  auto v = ParseFactScalar(fact, text, storage, why);
  if (!v) error = std::move(why.en);
  return v;
}

std::optional<Value> ParseFactValue(const CompiledFact& fact, const RawValue& raw, FactValues& storage, LocalText& error) {
  if (raw.type == RawValue::Type::kNull) return Value::Unknown();
  const TypeSpec& spec = fact.spec;
  if (spec.elem == BaseType::kRecord && spec.record) return ParseRecords(*spec.record, raw, storage, error);
  if (spec.base == BaseType::kList && raw.type == RawValue::Type::kList) {
    if (raw.items.size() > 10'000) {
      error = SayBoth(Msg::kInputListTooLong, fmt::arg("max", "10,000"));
      return std::nullopt;
    }
    ValueList list;
    for (const auto& item : raw.items) {
      if (item.type != RawValue::Type::kScalar) {
        error = SayBoth(Msg::kInputListItemNotSingle);
        return std::nullopt;
      }
      auto v = ParseScalar(spec.elem, spec.enum_def.get(), item.text, storage, error);
      if (!v) return std::nullopt;
      list.items.push_back(*v);
    }
    storage.lists.push_back(std::move(list));
    return Value::List(&storage.lists.back());
  }
  if (raw.type != RawValue::Type::kScalar && spec.base != BaseType::kList) {
    error = SayBoth(Msg::kInputNotSingle);
    return std::nullopt;
  }
  return ParseFactScalar(fact, raw.text, storage, error);
}

std::optional<Value> ParseFactScalar(const CompiledFact& fact, std::string_view text, FactValues& storage,
                                     LocalText& error) {
  const TypeSpec& spec = fact.spec;
  if (spec.base == BaseType::kList) {
    error = SayBoth(Msg::kInputNotList);
    return std::nullopt;
  }
  auto v = ParseScalar(spec.base, spec.enum_def.get(), text, storage, error);
  if (!v || !WithinBounds(*v, fact.min, fact.max, error)) return std::nullopt;
  return v;
}

SourceLoc IssueLoc(const Applicant& applicant, const SourceLoc& loc) {
  SourceLoc l = loc;
  if (l.file.empty() && l.line) l.file = applicant.source;
  return l;
}

SourceLoc IssueLoc(const Applicant& applicant, const RawFact& raw) {
  return IssueLoc(applicant, raw.value.loc.line ? raw.value.loc : raw.loc);
}

namespace {

// Binds `prog`'s facts from the applicant's answers into `out`, each answer read by
// `read(i, fact, error)` (i: the answer's index in the applicant); a refused answer is an
// input issue and leaves its fact unknown.
template <class Read>
void BindFacts(const CompiledProgram& prog, const Applicant& applicant, FactValues& out, Read&& read) {
  out.values.assign(prog.facts.size(), Value::Unknown());
  for (size_t i = 0; i < applicant.facts.size(); ++i) {
    const RawFact& raw = applicant.facts[i];
    int slot = prog.FindFact(raw.name);
    if (slot < 0) continue;
    LocalText error;
    std::optional<Value> v = read(i, prog.facts[static_cast<size_t>(slot)], error);
    if (!v) {
      out.issues.push_back({raw.name, std::move(error), IssueLoc(applicant, raw)});
      continue;
    }
    out.values[static_cast<size_t>(slot)] = *v;
  }
  BindIndexedNames(prog, applicant, out);
}

}  // namespace

FactValues Bind(const CompiledProgram& prog, const Applicant& applicant) {
  FactValues out;
  BindFacts(prog, applicant, out, [&](size_t i, const CompiledFact& fact, LocalText& error) {
    return ParseFactValue(fact, applicant.facts[i].value, out, error);
  });
  return out;
}

namespace {

bool SameEnum(const EnumDef* a, const EnumDef* b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind || a->values != b->values || a->labels.size() != b->labels.size()) return false;
  for (size_t i = 0; i < a->labels.size(); ++i)
    if (a->labels[i].ja != b->labels[i].ja || a->labels[i].en != b->labels[i].en) return false;
  return true;
}

bool SameBound(const std::optional<Rational>& a, const std::optional<Rational>& b) {
  return a.has_value() == b.has_value() && (!a || Rational::Compare(*a, *b) == 0);
}

// One answer read for one fact: the value (one that points into no program's storage), or
// why it was refused.
struct Reading {
  size_t raw;
  const CompiledFact* fact;
  std::optional<Value> value;
  LocalText error;
};

}  // namespace

bool ReadAlike(const CompiledFact& a, const CompiledFact& b) {
  return a.spec.base == b.spec.base && a.spec.elem == b.spec.elem && SameBound(a.min, b.min) &&
         SameBound(a.max, b.max) && SameEnum(a.spec.enum_def.get(), b.spec.enum_def.get());
}

// As Bind for each program, but an answer to a fact that several programs declare alike is
// read once: reading an everyday answer (NFKC, matching a choice) is most of binding, and
// programs share most of their facts.
std::vector<FactValues> BindEach(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant) {
  std::vector<FactValues> out(programs.size());
  std::vector<Reading> read;
  for (size_t k = 0; k < programs.size(); ++k) {
    FactValues& fv = out[k];
    BindFacts(*programs[k], applicant, fv, [&](size_t i, const CompiledFact& fact, LocalText& error) {
      auto same = std::find_if(read.begin(), read.end(),
                               [&](const Reading& r) { return r.raw == i && ReadAlike(*r.fact, fact); });
      if (same != read.end()) {
        error = same->error;
        return same->value;
      }
      std::optional<Value> v = ParseFactValue(fact, applicant.facts[i].value, fv, error);
      // A text or a list points into this program's storage: it is read again for the next.
      if (!v || (!v->text && !v->list)) read.push_back({i, &fact, v, error});
      return v;
    });
  }
  return out;
}


void BindIndexedNames(const CompiledProgram& prog, const Applicant& applicant, FactValues& out) {
  std::vector<const RawFact*> indexed;
  for (const auto& raw : applicant.facts)
    if (raw.name.find('.') != std::string::npos && IndexedFact(prog, raw.name) >= 0) indexed.push_back(&raw);
  if (!indexed.empty()) BindIndexed(prog, applicant, indexed, out);
}

std::vector<InputIssue> UnknownFacts(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant) {
  std::vector<InputIssue> out;
  for (const auto& raw : applicant.facts) {
    bool known = std::any_of(programs.begin(), programs.end(), [&](const CompiledProgram* p) {
      return p->FindFact(raw.name) >= 0 || IndexedFact(*p, raw.name) >= 0;
    });
    if (known) continue;
    utf8::Nearest near(raw.name);
    for (const auto* p : programs)
      for (const auto& f : p->facts) near.Offer(f.name);
    std::string fact = utf8::Printable(raw.name);
    LocalText msg = near.best().empty() ? SayBoth(Msg::kInputNoProgramAsks, fmt::arg("fact", fact))
                                        : SayBoth(Msg::kInputNoProgramAsksNear, fmt::arg("fact", fact),
                                                  fmt::arg("name", near.best()));
    out.push_back({raw.name, std::move(msg), IssueLoc(applicant, raw.loc)});
  }
  return out;
}

}  // namespace elig
