// SPDX-License-Identifier: Apache-2.0
// Places as types: Japan's 47 prefectures and Gunma's 35 municipalities, as enums whose
// values are the official names (群馬県, 高崎市) with ja and en labels. An everyday answer
// (群馬, 高崎, 群馬県高崎市, Gunma) reads as the official name; a misspelling gets a suggestion.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/types.hpp"

namespace elig {

// The `prefecture` type: 北海道 … 沖縄県, in the order of the national prefecture codes (01..47).
std::shared_ptr<const EnumDef> PrefectureEnum();
// The `municipality` type: Gunma's 12 cities, 15 towns and 8 villages, and 群馬県外 for any
// place in another prefecture (an answer that names the prefecture: 埼玉県さいたま市).
std::shared_ptr<const EnumDef> MunicipalityEnum();

// The value of a place enum that `text` (already NFKC-normalised and trimmed) names:
// the official name, the name without 都/府/県/市/町/村, the municipality with its prefecture
// and district (群馬県北群馬郡吉岡町), the English label in any case, or for a municipality a
// place named with another prefecture (東京都渋谷区 is 群馬県外). -1 when none.
int FindPlace(const EnumDef& def, std::string_view text);
// The nearest value to a misspelt place name (one or two characters off), or "" when none is near.
std::string SuggestPlace(const EnumDef& def, std::string_view text);

}  // namespace elig
