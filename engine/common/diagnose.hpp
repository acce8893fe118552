// SPDX-License-Identifier: Apache-2.0
// How a diagnostic is made: a code, a place, and a catalog message with its named
// arguments (common/catalog.hpp), said in both languages so that Render can show either.
//
//   diags.push_back(Diagnose(Severity::kError, "unknown-key", loc, Msg::kLoadUnknownKey,
//                            fmt::arg("key", key), fmt::arg("what", Noun(Msg::kPartFact))));
//
// Rule-file text is an argument, never a phrase.
#pragma once

#include <string>
#include <string_view>

#include "common/catalog.hpp"
#include "common/source.hpp"
#include "common/utf8.hpp"

namespace elig {

template <class... Args>
Diagnostic Diagnose(Severity severity, std::string code, SourceLoc loc, Msg id, const Args&... args) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = SayBoth(id, args...);
  d.loc = std::move(loc);
  return d;
}

// A diagnostic whose message is already said in both languages (an expression's parse error).
inline Diagnostic Diagnose(Severity severity, std::string code, SourceLoc loc, LocalText message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.message = std::move(message);
  d.loc = std::move(loc);
  return d;
}

// A word of the catalog in both languages, as an argument of another message ("fact").
inline LocalText Noun(Msg id) { return SayBoth(id); }

// "did you mean `name`?" for the nearest of `names` to `word`, or an empty text.
template <class Names>
LocalText DidYouMean(std::string_view word, const Names& names) {
  utf8::Nearest near(word);
  for (const auto& name : names) near.Offer(name);
  if (near.best().empty()) return {};
  return SayBoth(Msg::kDiagDidYouMean, fmt::arg("name", near.best()));
}

}  // namespace elig
