// SPDX-License-Identifier: Apache-2.0
// Texts with named values in braces, written by officials in rule files: 「補助対象経費
// {eligible_costs} × {rate} = {award}」. A name is a letter or `_` followed by letters, digits
// and `_`; `{{` and `}}` stand for the braces themselves. No format specs: how a value is
// shown is the view's business (yen with separators, dates in the reader's style).
//
// `[[ … ]]` marks a part that is left out when a value it names is not known: 「補助対象経費
// {eligible_costs}[[（小間料 {booth_fee} ＋ 装飾費 {decoration_fee}）]]」 shows the breakdown
// only when the applicant gave it. Such parts do not nest.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace elig {

// The names `text` fills in, in order (repeats kept); false when a brace is not closed, a name
// is not a name, or `[[`/`]]` do not pair.
bool TemplateNames(std::string_view text, std::vector<std::string>& names);

// `text` with each {name} replaced by value(name); nullopt when a value outside every `[[ … ]]`
// is not known (value gives nullopt). `text` must pass TemplateNames.
std::optional<std::string> FillTemplate(std::string_view text,
                                        const std::function<std::optional<std::string>(std::string_view)>& value);

}  // namespace elig
