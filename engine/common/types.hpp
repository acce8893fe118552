// Fact and value types shared by every stage.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace elig {

enum class Lang : uint8_t { kJa, kEn };

// Text in both languages; either may be empty (the other is shown then).
struct LocalText {
  std::string ja;
  std::string en;
  bool Empty() const { return ja.empty() && en.empty(); }
  const std::string& Get(Lang lang) const {
    if (lang == Lang::kJa) return ja.empty() ? en : ja;
    return en.empty() ? ja : en;
  }
};

enum class BaseType : uint8_t { kError, kBool, kInt, kDecimal, kYen, kText, kDate, kEnum, kList };

struct EnumDef {
  std::vector<std::string> values;
  int IndexOf(std::string_view v) const {
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == v) return static_cast<int>(i);
    return -1;
  }
};

// A fact's declared type: `yen`, `enum[a, b]`, `list[text]`, `list[enum[a, b]]`.
struct TypeSpec {
  BaseType base = BaseType::kError;
  std::shared_ptr<const EnumDef> enum_def;  // kEnum, or kList of kEnum
  BaseType elem = BaseType::kError;         // kList only
};

const char* BaseTypeName(BaseType t);
std::string TypeSpecName(const TypeSpec& t);

}  // namespace elig
