// SPDX-License-Identifier: Apache-2.0
// Renders decisions for people (ja / en text, Markdown-free) and for programs
// (JSON, the stable shape documented in docs/json.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/types.hpp"
#include "eval/combine.hpp"
#include "eval/decision.hpp"
#include "eval/screen.hpp"

namespace elig {

struct TextOptions {
  Lang lang = Lang::kEn;
  bool color = false;
  bool verbose = true;  // every rule; false: only what decided the outcome
};

std::string RenderText(const Decision& d, const TextOptions& options);
// What a decision says of the unknown facts no value of can change it (Decision::moot), one
// line per kind of fact: 「従業員数がいくつでも結果は変わりません」.
std::vector<std::string> MootLines(const Decision& d, Lang lang);
// One JSON object (compact unless pretty).
std::string RenderJson(const Decision& d, Lang lang, bool pretty = false);
// The same for a program's screening (which holds its decision), with two members more:
// `combine` (what 併給制限 did to it) and `final_award` (docs/json.md).
std::string RenderJson(const ProgramScreening& ps, Lang lang, bool pretty = false);
// The compact decision JSON (docs/json.md, "Compact explanation"): every value the
// decision holds (each rule's result and reasons, with the values compared and the
// hints), none of the program's texts: a reason names its site in the program. About a
// sixth of the full JSON's bytes, for storing and sending explanations in bulk.
// Appended to `out`.
void AppendCompactJson(const Decision& d, std::string& out);
std::string RenderCompactJson(const Decision& d);

// A decision read back from its compact JSON; `decision`'s values point into `storage`.
struct CompactDecision {
  FactValues storage;
  Decision decision;
};
// Reads `compact` as a decision of `prog` (same id and version). RenderJson and RenderText
// of the result are those of the decision it was written from. False, with `error` set to
// a sentence in `lang`, when it is not one.
bool ReadCompactJson(const CompiledProgram& prog, std::string_view compact, CompactDecision& out, std::string& error,
                     Lang lang = Lang::kEn);

// One comparison as people read it: `capital = 500,000,000 yen > 300,000,000 yen`; what an
// applicant wrote is shown as TerminalText shows it.
std::string RenderReason(const Reason& r, Lang lang);
// Text from an applicant or a rule file as a terminal should show it: escape sequences,
// C1 controls and direction overrides escaped, never obeyed (utf8::Printable, the escaping
// of input-error messages, without its length cut).
std::string TerminalText(std::string_view text);
// Short outcome word in the language: 対象 / 対象外 / 判定保留 / 受付期間外.
std::string OutcomeLabel(Outcome o, Lang lang);
// What a combining rule did to a grant, in one sentence for people (with its rule text and
// citation), in the language.
std::string RenderCombineNote(const CombineNote& n, Lang lang);
// A date as people write it: 2027年1月31日 / 2027-01-31.
std::string FormatDateFor(Date d, Lang lang);
// The yen amount of an award for people: "300,000円" / "300,000 yen".
std::string FormatYen(const Rational& r, Lang lang);
// What a program gives besides money (`benefit:`), for people: each item in numbers
// (「専門家の派遣: 最大5回」) and the applicant's share of the costs (「自己負担: 1/3」, 「無料」).
std::vector<std::string> BenefitDetails(const BenefitDecl& b, Lang lang);
// Whether a program gives money: it states an award formula, or gives nothing else. A program
// with only a `benefit:` has no amount to show, never 「0円」.
inline bool GivesMoney(const CompiledProgram& p) { return p.award >= 0 || !p.benefit; }

}  // namespace elig
