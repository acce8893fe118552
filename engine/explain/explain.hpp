// Renders decisions for people (ja / en text, Markdown-free) and for programs
// (JSON, the stable shape documented in docs/json.md).
#pragma once

#include <string>

#include "common/types.hpp"
#include "eval/decision.hpp"

namespace elig {

struct TextOptions {
  Lang lang = Lang::kEn;
  bool color = false;
  bool verbose = true;  // every rule; false: only what decided the outcome
};

std::string RenderText(const Decision& d, const TextOptions& options);
// One JSON object (compact unless pretty).
std::string RenderJson(const Decision& d, Lang lang, bool pretty = false);
// One comparison as people read it: `capital = 500,000,000 yen > 300,000,000 yen`.
std::string RenderReason(const Reason& r, Lang lang);
// Short outcome word in the language: 対象 / 対象外 / 判定保留 / 受付期間外.
std::string OutcomeLabel(Outcome o, Lang lang);
// The yen amount of an award for people: "300,000円" / "300,000 yen".
std::string FormatYen(const Rational& r, Lang lang);

}  // namespace elig
