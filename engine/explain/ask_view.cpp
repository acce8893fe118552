// SPDX-License-Identifier: Apache-2.0
// What `elig ask` shows with a question: how to answer it, and its choices.
#include <cctype>
#include <initializer_list>

#include "common/answer.hpp"
#include "common/utf8.hpp"
#include "common/catalog.hpp"
#include "explain/views.hpp"

namespace elig {

using fmt::arg;

const EnumDef* Choices(const CompiledFact& f) {
  if (f.spec.base == BaseType::kEnum || (f.spec.base == BaseType::kList && f.spec.elem == BaseType::kEnum))
    return f.spec.enum_def.get();
  return nullptr;
}

std::string WithBounds(const CompiledFact& f, Lang lang, Msg kind) {
  std::string s = Say(lang, kind);
  if (f.min) s += Say(lang, Msg::kAskHintAtLeast, arg("n", f.min->ToGroupedString()));
  if (f.max) s += Say(lang, Msg::kAskHintAtMost, arg("n", f.max->ToGroupedString()));
  return s;
}

std::string AnswerHint(const CompiledFact& f, Lang lang) {
  auto bounds = [&](Msg kind) { return WithBounds(f, lang, kind); };
  std::string h;
  switch (f.spec.base) {
    case BaseType::kBool: h = Say(lang, Msg::kAskHintYesNo); break;
    case BaseType::kInt: h = bounds(Msg::kAskHintWhole); break;
    case BaseType::kDecimal: h = bounds(Msg::kAskHintDecimal); break;
    case BaseType::kYen: h = bounds(Msg::kAskHintYen); break;
    case BaseType::kDate: h = Say(lang, Msg::kAskHintDate); break;
    case BaseType::kEnum: h = Say(lang, Msg::kAskHintChoice); break;
    case BaseType::kList:
      h = f.spec.record ? Say(lang, Msg::kAskHintRecords, arg("max", f.spec.record->max_items)) : Say(lang, Msg::kAskHintList);
      break;
    default: break;
  }
  return h.empty() ? "" : Say(lang, Msg::kParenthetical, arg("text", h));
}

std::string ChoiceLines(const CompiledFact& f, Lang lang) {
  const EnumDef* e = Choices(f);
  if (!e) return "";
  std::string out, line = "   ";
  size_t width = 3;  // of `line`, in terminal columns
  for (size_t i = 0; i < e->values.size(); ++i) {
    std::string item = " " + std::to_string(i + 1) + ") " + e->Label(i, lang);
    size_t w = utf8::DisplayWidth(item);
    if (width + w > 80 && width > 3) {
      out += line + "\n";
      line = "   ";
      width = 3;
    }
    line += item;
    width += w;
  }
  return out + line + "\n";
}

std::string ChecklistLines(const std::vector<const CompiledFact*>& items, Lang lang) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& s = items[i]->statement.Get(lang);
    out += "    " + std::to_string(i + 1) + ") " + (s.empty() ? items[i]->name : s) + "\n";
  }
  return out + "    0) " + Say(lang, Msg::kAskChecklistNone) + "\n";
}

std::string ChecklistHint(Lang lang) {
  return Say(lang, Msg::kParenthetical, arg("text", Say(lang, Msg::kAskHintChecklist)));
}

namespace {

bool AnyOf(const std::string& s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s == w) return true;
  return false;
}

// The numbers of an answer, split at commas, 、, ・ and spaces (after NFKC: full-width digits,
// commas and spaces are ASCII); false at the first part that is not a number.
bool Numbers(const std::string& normal, std::vector<size_t>& out, std::string& bad) {
  std::string part;
  auto flush = [&] {
    if (part.empty()) return true;
    bool digits = part.size() <= 4;
    for (char c : part) digits = digits && std::isdigit(static_cast<unsigned char>(c));
    if (!digits) {
      bad = part;
      return false;
    }
    out.push_back(std::stoul(part));
    part.clear();
    return true;
  };
  for (size_t i = 0; i < normal.size(); ++i) {
    std::string_view rest(normal.data() + i, normal.size() - i);
    size_t sep = rest.rfind("\xE3\x80\x81", 0) == 0 || rest.rfind("\xE3\x83\xBB", 0) == 0 ? 3 : 0;  // 、 ・
    if (sep || normal[i] == ',' || normal[i] == ' ' || normal[i] == '\t' || normal[i] == ';') {
      if (!flush()) return false;
      i += sep ? sep - 1 : 0;
    } else {
      part += normal[i];
    }
  }
  return flush();
}

}  // namespace

std::optional<std::vector<bool>> ReadChecklist(std::string_view answer, size_t items, LocalText& error) {
  std::string normal = utf8::AsciiLower(NormalizeNfkc(TrimAnswer(answer)));
  std::vector<bool> out(items, false);
  if (IsNoneAnswer(normal) || AnyOf(normal, {"0", "no", "いいえ", "該当なし", "ありません", "当てはまらない"})) return out;
  if (AnyOf(normal, {"all", "すべて", "全て", "全部"})) return std::vector<bool>(items, true);
  std::vector<size_t> numbers;
  std::string bad;
  if (!Numbers(normal, numbers, bad) || numbers.empty()) {
    error = IsNoneAnswer(bad) ? SayBoth(Msg::kAskChecklistNoneAndItems) : SayBoth(Msg::kAskChecklistNotNumbers, arg("text", std::string(TrimAnswer(answer))));
    return std::nullopt;
  }
  for (size_t n : numbers) {
    if (n == 0 && numbers.size() > 1) {
      error = SayBoth(Msg::kAskChecklistNoneAndItems);
      return std::nullopt;
    }
    if (n == 0 || n > items) {
      error = SayBoth(Msg::kAskChecklistNoSuchNumber, arg("n", n), arg("max", items));
      return std::nullopt;
    }
    out[n - 1] = true;
  }
  return out;
}

namespace {

// `3` picks the third choice; anything else is taken as typed.
std::string ByNumber(const std::string& a, const EnumDef* e) {
  if (!e || a.empty() || a.size() > 4) return a;
  for (char c : a)
    if (!std::isdigit(static_cast<unsigned char>(c))) return a;
  size_t n = std::stoul(a);
  return n >= 1 && n <= e->values.size() ? e->values[n - 1] : a;
}

}  // namespace

RawValue RawAnswer(const CompiledFact& f, const std::string& answer) {
  RawValue raw;
  const EnumDef* e = Choices(f);
  if (f.spec.base != BaseType::kList || f.spec.record) {  // a list of records is asked as a count
    raw.type = RawValue::Type::kScalar;
    raw.text = ByNumber(answer, e);
    return raw;
  }
  raw.type = RawValue::Type::kList;
  if (IsNoneAnswer(answer)) return raw;
  for (const auto& item : SplitListAnswer(answer)) {
    RawValue v;
    v.type = RawValue::Type::kScalar;
    v.text = ByNumber(item, e);
    raw.items.push_back(std::move(v));
  }
  return raw;
}

}  // namespace elig
