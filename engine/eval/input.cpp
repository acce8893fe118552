// SPDX-License-Identifier: Apache-2.0
#include "eval/input.hpp"

#include "common/catalog.hpp"

#include <algorithm>
#include <cctype>

#include "common/answer.hpp"
#include "common/utf8.hpp"
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

}  // namespace

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
  if (!v) return std::nullopt;
  if (v->kind == VKind::kNumber) {
    if (fact.min && Rational::Compare(v->num, *fact.min) < 0) {
      error = SayBoth(Msg::kInputBelowMin, fmt::arg("min", fact.min->ToGroupedString()), fmt::arg("got", v->num.ToGroupedString()));
      return std::nullopt;
    }
    if (fact.max && Rational::Compare(v->num, *fact.max) > 0) {
      error = SayBoth(Msg::kInputAboveMax, fmt::arg("max", fact.max->ToGroupedString()), fmt::arg("got", v->num.ToGroupedString()));
      return std::nullopt;
    }
  }
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

FactValues Bind(const CompiledProgram& prog, const Applicant& applicant) {
  FactValues out;
  out.values.assign(prog.facts.size(), Value::Unknown());
  for (const auto& raw : applicant.facts) {
    int slot = prog.FindFact(raw.name);
    if (slot < 0) continue;
    LocalText error;
    auto v = ParseFactValue(prog.facts[static_cast<size_t>(slot)], raw.value, out, error);
    if (!v) {
      out.issues.push_back({raw.name, std::move(error), IssueLoc(applicant, raw)});
      continue;
    }
    out.values[static_cast<size_t>(slot)] = *v;
  }
  return out;
}

std::vector<InputIssue> UnknownFacts(const std::vector<const CompiledProgram*>& programs, const Applicant& applicant) {
  std::vector<InputIssue> out;
  for (const auto& raw : applicant.facts) {
    bool known = std::any_of(programs.begin(), programs.end(),
                             [&](const CompiledProgram* p) { return p->FindFact(raw.name) >= 0; });
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
