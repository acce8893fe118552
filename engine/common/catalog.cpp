// SPDX-License-Identifier: Apache-2.0
#include "common/catalog.hpp"

#include <array>

#include "common/catalog_table.hpp"

namespace elig {
namespace {

constexpr size_t kMessages = static_cast<size_t>(Msg::kCount);

using Index = std::array<std::string_view, kMessages>;

// A table by message; a message the table lacks is its name, so that a gap shows where
// it is read (tests/test_catalog.cpp holds both tables complete).
Index Build(const catalog::Entry* entries, size_t n) {
  Index index{};
  for (size_t i = 0; i < kMessages; ++i) index[i] = MessageName(static_cast<Msg>(i));
  for (size_t i = 0; i < n; ++i) index[static_cast<size_t>(entries[i].id)] = entries[i].text;
  return index;
}

}  // namespace

std::string_view Phrase(Lang lang, Msg id) {
  static const Index ja = Build(catalog::kJa, catalog::kJaSize);
  static const Index en = Build(catalog::kEn, catalog::kEnSize);
  size_t i = static_cast<size_t>(id);
  if (i >= kMessages) return {};
  return (lang == Lang::kJa ? ja : en)[i];
}

std::string_view MessageName(Msg id) {
  static constexpr std::string_view kNames[] = {
#define ELIG_MESSAGE_NAME(name) #name,
      ELIG_MESSAGES(ELIG_MESSAGE_NAME)
#undef ELIG_MESSAGE_NAME
  };
  size_t i = static_cast<size_t>(id);
  return i < kMessages ? kNames[i] : std::string_view();
}

}  // namespace elig
