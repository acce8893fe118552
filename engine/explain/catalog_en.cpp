// The English phrases of the catalog (explain/catalog.hpp).
#include "explain/catalog_table.hpp"

namespace elig::catalog {

const Entry kEn[] = {
    {Msg::kParenthetical, " ({text})"},
    {Msg::kListSeparator, ", "},
    {Msg::kNotDeterminable, "not determinable"},
    {Msg::kEvaluationError, "evaluation error: {error}"},
    {Msg::kNeeds, "needs: {facts}"},
    {Msg::kWindow, "window: {from} .. {to}"},

    {Msg::kMatchTitle, "Programs for {applicant}, as of {date}"},
    {Msg::kMatchEligible, "Eligible ({n})"},
    {Msg::kMatchUndetermined, "Undetermined ({n})"},
    {Msg::kMatchIneligible, "Not eligible ({n})"},
    {Msg::kMatchClosed, "Closed on {date} ({n})"},
    {Msg::kMatchScore, " · score {score}"},
    {Msg::kMatchAward, "award {amount}"},
    {Msg::kMatchAwardNotDeterminable, "award not determinable"},
    {Msg::kMatchAwardError, "award error: {error}"},
    {Msg::kMatchAwardNeeds, "award not yet known — needs: {facts}"},
    {Msg::kMatchAwardAfterCombining, "award after combining {amount}"},
    {Msg::kMatchCombiningNote, "combining: {note}"},

    {Msg::kDiffTitle, "elig diff: {old} -> {new}, {applicants} applicant(s), {programs} program(s) compared"},
    {Msg::kDiffAdded, "new program (not compared): {id}"},
    {Msg::kDiffRemoved, "removed program (not compared): {id}"},
    {Msg::kDiffOutcome, "outcome {old} → {new}"},
    {Msg::kDiffScore, "score {old} → {new}"},
    {Msg::kDiffAward, "award {old} → {new}"},
    {Msg::kDiffNoAward, "none"},
    {Msg::kDiffCause, "  (rule: {rules})"},
    {Msg::kDiffSummary, "{changed} of {applicants} applicant(s) change ({outcome} outcome, {score} score, {award} award)"},

    {Msg::kAskIntro, "Answer each question; an empty answer (or ?) means you do not know. Ctrl-D stops."},
    {Msg::kAskLeftUnknown, "  (left unknown)"},
    {Msg::kAskRetry, "  ! {error}; please answer again"},
    {Msg::kAskAnonymous, "(answers)"},
    {Msg::kAskSaved, "answers saved to {file}"},
    {Msg::kAskHintYesNo, "yes/no"},
    {Msg::kAskHintWhole, "a whole number"},
    {Msg::kAskHintDecimal, "a number, e.g. 50% or 0.5"},
    {Msg::kAskHintYen, "an amount in yen"},
    {Msg::kAskHintDate, "a date, YYYY-MM-DD"},
    {Msg::kAskHintChoice, "a number or a value"},
    {Msg::kAskHintList, "any number, separated by commas; `none` for none"},
    {Msg::kAskHintAtLeast, ", at least {n}"},
    {Msg::kAskHintAtMost, ", at most {n}"},

    {Msg::kBatchCombined, "; {n} with combining notes"},
};
const size_t kEnSize = sizeof(kEn) / sizeof(kEn[0]);

}  // namespace elig::catalog
