// SPDX-License-Identifier: Apache-2.0
#include "common/catalog.hpp"

#include <fmt/args.h>

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

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

using Args = std::vector<std::pair<std::string_view, std::string_view>>;

// Whether `text` is `phrase` (a catalog phrase with `{name}` placeholders) with its arguments
// filled in; each placeholder takes the shortest text, not empty, that lets the rest match.
bool MatchPhrase(std::string_view phrase, std::string_view text, Args& args) {
  if (phrase.empty()) return text.empty();
  if (phrase[0] != '{') {
    size_t literal = std::min(phrase.find('{'), phrase.size());
    if (text.substr(0, literal) != phrase.substr(0, literal)) return false;
    return MatchPhrase(phrase.substr(literal), text.substr(literal), args);
  }
  size_t close = phrase.find('}');
  if (close == std::string_view::npos) return false;
  std::string_view name = phrase.substr(1, close - 1), rest = phrase.substr(close + 1);
  std::string_view literal = rest.substr(0, std::min(rest.find('{'), rest.size()));
  if (literal.empty()) {  // the phrase ends with this placeholder: it takes the rest
    if (!rest.empty() || text.empty()) return false;
    args.emplace_back(name, text);
    return true;
  }
  for (size_t at = text.find(literal, 1); at != std::string_view::npos; at = text.find(literal, at + 1)) {
    args.emplace_back(name, text.substr(0, at));
    if (MatchPhrase(rest, text.substr(at), args)) return true;
    args.pop_back();
  }
  return false;
}

// The evaluation errors, those that may hold another (`{error}`) last, so that a message is
// recognised whole before it is split at a rule's id.
constexpr Msg kEvalErrors[] = {
#define ELIG_EVAL_ERROR_ID(name) Msg::name,
    ELIG_EVAL_ERRORS(ELIG_EVAL_ERROR_ID)
#undef ELIG_EVAL_ERROR_ID
    Msg::kEvalErrorInAward, Msg::kEvalErrorIn};

// A stored evaluation error said in `lang`; `depth` counts the errors it sits inside. A text
// longer than any the engine makes, or nested deeper, is not one of its messages: as stored.
std::string SayStoredError(Lang lang, std::string_view stored, int depth) {
  constexpr size_t kLongest = 2048;
  constexpr int kDeepest = 4;
  if (lang == Lang::kEn || stored.size() > kLongest || depth > kDeepest) return std::string(stored);
  Args args;
  for (Msg id : kEvalErrors) {
    args.clear();
    if (!MatchPhrase(Phrase(Lang::kEn, id), stored, args)) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> store;
    for (const auto& [name, value] : args)
      store.push_back(fmt::arg(std::string(name).c_str(),
                               name == "error" ? SayStoredError(lang, value, depth + 1) : std::string(value)));
    std::string_view phrase = Phrase(lang, id);
    try {
      return fmt::vformat(fmt::string_view(phrase.data(), phrase.size()), store);
    } catch (const fmt::format_error&) {
      break;
    }
  }
  return std::string(stored);  // made by no phrase of the catalog (an older elig's): as stored
}

}  // namespace

std::string SayEvalError(Lang lang, std::string_view stored) { return SayStoredError(lang, stored, 0); }

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
