// SPDX-License-Identifier: Apache-2.0
// Everyday answers: one reader for what an applicant types or a file holds, for every input
// (the questionnaire, applicant files, CSV, JSON Lines, forms). After NFKC normalisation
// (full-width digits and letters become ASCII, ㈱ becomes (株)) it reads
//   amounts  35万円, 1,000万円, 1億2千万円, ¥350,000, 三十五万円
//   counts   3人, 12名, 3社
//   ratios   50%, 5割, 1/3
//   dates    2027年2月10日, 2027/2/10, 令和9年2月10日, R9.2.10, 平成31年4月30日 (every era from 明治)
//   yes/no   はい, いいえ, ある, ない, ありません, yes, no
//   choices  an enum value, its label (製造業 for manufacturing), a unique start of its label
//            (製造), common forms of a legal form ((株), ㈱ for 株式会社), places (群馬 for 群馬県)
// A refusal says why in ja and en, with an example of what is accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "common/value.hpp"

namespace elig {

struct AnswerResult {
  // The value read. For a text answer `value` is kText without a pointer: `text` holds it.
  std::optional<Value> value;
  std::string text;
  LocalText refusal;  // when there is no value: why, and an example of what is accepted
  bool ok() const { return value.has_value(); }
};

// Reads one answer (not a list) as a value of `type`; `enum_def` gives the choices of an enum.
AnswerResult ParseAnswer(std::string_view text, BaseType type, const EnumDef* enum_def = nullptr);

// Without blanks at either end: spaces, tabs, line ends and the ideographic space (U+3000).
std::string_view TrimAnswer(std::string_view answer);
// An answer that says "I do not know": empty, `?`, `skip`, わからない, 不明 (after NFKC).
bool IsDontKnow(std::string_view answer);
// An answer to a list question that says "none": none, なし, ない, `-`, `[]` (after NFKC).
bool IsNoneAnswer(std::string_view answer);
// The items of an answer to a list question, split at commas (`,` `、`) and trimmed; empty
// items are left out.
std::vector<std::string> SplitListAnswer(std::string_view answer);

// NFKC (compatibility composition) of valid UTF-8; the text as it is when it is not valid UTF-8.
std::string NormalizeNfkc(std::string_view text);

// A number written the everyday way: digits with thousands commas (groups of exactly three),
// a decimal point, 万/億/兆 and 千/百/十 with digits or kanji numerals (1億2千万, 三十五万).
// nullopt when it is not one, or on overflow. `text` is NFKC-normalised, without units.
std::optional<Rational> ParseEverydayNumber(std::string_view text);

}  // namespace elig
