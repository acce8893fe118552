// SPDX-License-Identifier: Apache-2.0
// The views of the commands that show several decisions at once, rendered from the
// screening (eval/screen.hpp) with the phrases of the catalog (common/catalog.hpp):
//   - the grouped view of one applicant (`elig match`, the result of `elig ask`);
//   - the changes between two versions of the rules (`elig diff`);
//   - the hints and choices of a question (`elig ask`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/catalog.hpp"
#include "common/types.hpp"
#include "eval/diff.hpp"
#include "eval/screen.hpp"

namespace elig {

// Who reads a view. Applicants read facts by their labels, values as people write them
// (2027年2月10日, 545,555円, 1/2), rules in words and the award worked out (`award_says:`);
// officials read ids, formulas and codes as well.
enum class Audience : uint8_t { kApplicant, kOfficial };

// What a fact is called for `audience`: for an applicant its `label:`, else its question;
// for an official its id.
std::string FactName(const CompiledFact& fact, Lang lang, Audience audience);
// A value as an applicant reads it: dates in the reader's style, yen with separators and 円,
// halves and thirds as 1/2 and 2/3, other ratios as %, enum values by their labels.
std::string ApplicantValue(const Value& v, Lang lang, const EnumDef* enum_def, const RecordDef* record = nullptr);

struct MatchViewOptions {
  Lang lang = Lang::kEn;
  bool color = false;
  bool show_closed = false;  // list the closed programs (--all) instead of counting them
  Audience audience = Audience::kApplicant;
};

// One applicant's screening in four groups: eligible (the largest final award first),
// undetermined (the fewest facts needed first), not eligible (with the first reason) and
// closed. Text for people, or JSON (docs/json.md, "elig match").
// The screening should be made with ScreenOptions::for_people, so that each program says by
// when and where to apply, and an eligible one how its award is worked out. Closed programs
// are counted, not listed, unless `show_closed`.
std::string RenderMatchText(const Screening& screening, const std::string& applicant, const MatchViewOptions& options);
std::string RenderMatchJson(const Screening& screening, const std::string& applicant, Lang lang);

// What `elig diff` found over `applicants` applicants: text, or JSON (docs/json.md).
struct DiffReport {
  std::string old_dir, new_dir;
  size_t applicants = 0;
  std::vector<std::string> compared, added, removed;  // program ids
  std::vector<DecisionChange> changes;
};
std::string RenderDiffText(const DiffReport& report, Lang lang);
std::string RenderDiffJson(const DiffReport& report);

// How to answer a question about `fact`, after the question: 「（はい／いいえ）」, " (yes/no)".
std::string AnswerHint(const CompiledFact& fact, Lang lang);
// The kind of a number answer (`kind`: 整数, an amount in yen) with the fact's bounds:
// 「整数、1以上」, "a whole number, at least 1".
std::string WithBounds(const CompiledFact& fact, Lang lang, Msg kind);
// The numbered choices of an enum fact, wrapped at 80 columns ("    1) a  2) b"), or "".
std::string ChoiceLines(const CompiledFact& fact, Lang lang);
// The enum values of a fact (or of its list items), or null.
const EnumDef* Choices(const CompiledFact& fact);
// An answer as typed, as the raw value of `fact`: `3` picks the third choice; a list fact
// splits at commas (なし / none: an empty list).
RawValue RawAnswer(const CompiledFact& fact, const std::string& answer);

// A checklist (eval/ask.hpp, NextAsk): its items are yes/no facts, each shown by its
// `statement:`. The numbered statements, then 「0) 当てはまるものはない」 ("    1) …").
std::string ChecklistLines(const std::vector<const CompiledFact*>& items, Lang lang);
// How to answer a checklist, after its question: 「（番号を「1,3」や「1 3」のように区切って…）」.
std::string ChecklistHint(Lang lang);
// An answer to a checklist of `items` items, one flag per item (ticked: true): the numbers of
// those that apply separated by commas, 、 or spaces (「1,3」, 「1 3」, 「１、３」), or none of
// them (なし, none, 0, いいえ), or every one (すべて, all). nullopt, with why and an example in
// `error`, for an answer that does not read; わからない is the caller's to see first.
std::optional<std::vector<bool>> ReadChecklist(std::string_view answer, size_t items, LocalText& error);

// The grouped view as the body of an HTML page (the result of the web self-check, `elig
// serve`): sections with headings from level 2, each program with its award and what it was
// computed from (the formula in words and the facts it read, from `bound`: bound[k] for
// screening.programs[k]), the reason and citation of a refusal, the facts that would settle
// an open program, and by when and where to apply.
std::string RenderMatchHtml(const Screening& screening, const FactValues* bound, Lang lang);

}  // namespace elig
