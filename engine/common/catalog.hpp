// The message catalog: every phrase a person reads in elig's views, one table per language
// (catalog_ja.cpp, catalog_en.cpp), formatted through fmt with named arguments:
//
//   Say(lang, Msg::kMatchTitle, fmt::arg("applicant", id), fmt::arg("date", "2026-06-01"))
//
// A phrase names its arguments (`{applicant}`), so a translation may put them in any order.
// tests/test_catalog.cpp holds both tables to the same messages and the same arguments.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/types.hpp"

namespace elig {

// Every message, with the arguments its phrase takes.
#define ELIG_MESSAGES(X) \
  /* Words shared by the views. */                                        \
  X(kParenthetical) /* {text} in brackets after a phrase: （…） / " (…)" */ \
  X(kListSeparator) /* between items of a list: 、 / ", " */               \
  X(kNotDeterminable) /* an amount that cannot be worked out yet */       \
  X(kEvaluationError) /* {error} */                                       \
  X(kNeeds) /* {facts}: the facts still needed */                         \
  X(kWindow) /* {from} {to}: an application window */                     \
  /* `elig match` and the result of `elig ask` (explain/views.hpp). */    \
  X(kMatchTitle) /* {applicant} {date} */                                 \
  X(kMatchEligible) /* {n} */                                             \
  X(kMatchUndetermined) /* {n} */                                         \
  X(kMatchIneligible) /* {n} */                                           \
  X(kMatchClosed) /* {date} {n} */                                        \
  X(kMatchScore) /* {score} */                                            \
  X(kMatchAward) /* {amount} */                                           \
  X(kMatchAwardNotDeterminable)                                           \
  X(kMatchAwardError) /* {error} */                                       \
  X(kMatchAwardNeeds) /* {facts} */                                       \
  X(kMatchAwardAfterCombining) /* {amount} */                             \
  X(kMatchCombiningNote) /* {note} */                                     \
  /* `elig diff`. */                                                      \
  X(kDiffTitle) /* {old} {new} {applicants} {programs} */                 \
  X(kDiffAdded) /* {id} */                                                \
  X(kDiffRemoved) /* {id} */                                              \
  X(kDiffOutcome) /* {old} {new} */                                       \
  X(kDiffScore) /* {old} {new} */                                         \
  X(kDiffAward) /* {old} {new} */                                         \
  X(kDiffNoAward)                                                         \
  X(kDiffCause) /* {rules} */                                             \
  X(kDiffSummary) /* {changed} {applicants} {outcome} {score} {award} */  \
  /* `elig ask`. */                                                       \
  X(kAskIntro)                                                            \
  X(kAskLeftUnknown)                                                      \
  X(kAskRetry) /* {error} */                                              \
  X(kMatchTitleYours) /* {date} */                                                        \
  X(kAskSaved) /* {file} */                                               \
  X(kAskHintYesNo)                                                        \
  X(kAskHintWhole)                                                        \
  X(kAskHintDecimal)                                                      \
  X(kAskHintYen)                                                          \
  X(kAskHintDate)                                                         \
  X(kAskHintChoice)                                                       \
  X(kAskHintList)                                                         \
  X(kAskHintAtLeast) /* {n} */                                            \
  X(kAskHintAtMost) /* {n} */                                             \
  /* Outcomes and amounts. */ \
  X(kOutcomeEligible) \
  X(kOutcomeIneligible) \
  X(kOutcomeUndetermined) \
  X(kOutcomeClosed) \
  X(kYen) /* {amount} */ \
  /* One decision as text (`elig check`, explain/explain_text.cpp). */ \
  X(kTextOutcome) /* {outcome} {date} */ \
  X(kTextWindow) /* {from} {to} */ \
  X(kTextBasis) /* {basis} */ \
  X(kTextRequirements) \
  X(kTextExclusions) \
  X(kMarkPass) \
  X(kMarkFail) \
  X(kMarkApplies) \
  X(kMarkDoesNotApply) \
  X(kMarkError) \
  X(kMarkUnknown) \
  X(kTextWouldPass) /* {value} */ \
  X(kTextRuleNeeds) /* {facts} */ \
  X(kTextNote) /* {note} */ \
  X(kTextScore) /* {score} */ \
  X(kTextScoreIncomplete) \
  X(kTextScoreVoided) /* {group} */ \
  X(kTextAward) /* {amount} */ \
  X(kTextAwardCannotBeWorkedOut) \
  X(kTextAwardFactsMissing) \
  X(kTextToDecide) \
  X(kTextInputProblem) /* {fact} {message} */ \
  X(kReasonInRange) \
  X(kReasonOutOfRange) \
  /* What a combining rule (heikyu seigen) did to a grant (eval/combine.hpp). */ \
  X(kCombineNotWith) /* {other} */ \
  X(kCombineNotWithPending) /* {other} */ \
  X(kCombineDeduct) /* {other} {amount} {before} {after} */ \
  X(kCombineDeductAmount) /* {other} {amount} */ \
  X(kCombineDeductPending) /* {other} */ \
  /* The page of a program (`elig doc`, explain/doc.cpp). */ \
  X(kDocProgramId) \
  X(kDocVersion) /* {version} */ \
  X(kDocKind) /* {kind} */ \
  X(kDocAuthority) /* {authority} */ \
  X(kDocWindow) /* {from} {to} */ \
  X(kDocNoWindow) \
  X(kDocBudget) /* {amount} */ \
  X(kDocColRule) \
  X(kDocColCondition) \
  X(kDocColCitation) \
  X(kDocNoText) \
  X(kDocRuleNote) /* {note} */ \
  X(kDocWhoMayApply) \
  X(kDocNoRequirements) \
  X(kDocAllMustHold) \
  X(kDocWhoMayNotApply) \
  X(kDocAnyRefuses) \
  X(kDocColFact) \
  X(kDocColQuestion) \
  X(kDocColAnswer) \
  X(kDocAsked) \
  X(kDocUnknownNote) \
  X(kDocScoring) \
  X(kDocColItem) \
  X(kDocColPoints) \
  X(kDocColWhen) \
  X(kDocInGroup) /* {group} */ \
  X(kDocGroupLabel) \
  X(kDocGroupLimit) /* {n} */ \
  X(kDocAward) \
  X(kDocAwardIs) /* {words} */ \
  X(kDocFormula) \
  X(kDocExact) \
  X(kDocNoFormula) \
  X(kDocColParameter) \
  X(kDocColValue) \
  X(kDocColFrom) \
  X(kDocAlways) \
  X(kDocDefinitions) \
  X(kDocColName) \
  X(kDocColDefinition) \
  X(kDocColDefinedIn) \
  X(kDocGenerated) /* {sources} */ \
  X(kDocAnswerText) \
  X(kDocAnswerOneOf) /* {values} */ \
  X(kDocAnswerAnyOf) /* {values} */ \
  X(kDocAnswerList) \
  /* Expressions in words, on that page. */ \
  X(kWordsText) /* {text} */ \
  X(kWordsTrue) \
  X(kWordsFalse) \
  X(kWordsAsOf) \
  X(kWordsNot) /* {x} */ \
  X(kWordsBetween) /* {x} {low} {high} */ \
  X(kWordsIf) /* {cond} {then} {else} */ \
  X(kWordsLt) /* {a} {b} */ \
  X(kWordsLe) /* {a} {b} */ \
  X(kWordsGt) /* {a} {b} */ \
  X(kWordsGe) /* {a} {b} */ \
  X(kWordsAnd) /* {a} {b} */ \
  X(kWordsOr) /* {a} {b} */ \
  X(kWordsIn) /* {a} {b} */ \
  X(kWordsNotIn) /* {a} {b} */ \
  X(kWordsJoinTwo) /* {a} {b} */ \
  X(kWordsJoinNext) /* {a} {b} */ \
  X(kWordsJoinLast) /* {a} {b} */ \
  X(kWordsMinTwo) /* {args} */ \
  X(kWordsMinMany) /* {args} */ \
  X(kWordsMaxTwo) /* {args} */ \
  X(kWordsMaxMany) /* {args} */ \
  X(kWordsFloor) /* {x} */ \
  X(kWordsCeil) /* {x} */ \
  X(kWordsRound) /* {x} */ \
  X(kWordsAbs) /* {x} */ \
  X(kWordsYearsBetween) /* {from} {to} */ \
  X(kWordsDaysBetween) /* {from} {to} */ \
  X(kWordsKnown) /* {x} */ \
  X(kWordsLen) /* {x} */ \
  X(kWordsTextLength) /* {x} */ \
  X(kWordsCount) /* {x} */ \
  X(kWordsAny) /* {x} */ \
  X(kWordsAll) /* {x} */ \
  X(kWordsSum) /* {x} */ \
  /* Values, and what is wrong with an answer (common/value.cpp, eval/input.cpp). */ \
  X(kValueUnknown) \
  X(kValueError) \
  X(kValueYes) \
  X(kValueNo) \
  X(kInputUnsupportedType) \
  X(kInputListTooLong) /* {max} */ \
  X(kInputListItemNotSingle) \
  X(kInputNotSingle) \
  X(kInputNotList) \
  X(kInputBelowMin) /* {min} {got} */ \
  X(kInputAboveMax) /* {max} {got} */ \
  /* What to do next: where and by when to apply (`apply:`). */ \
  X(kDateLong) /* {year} {month} {day}: a date as people write it */ \
  X(kApplyBy) /* {date} {rule} */ \
  X(kApplyByPassed) /* {date} {rule} */ \
  X(kApplyByUnknown) /* {rule} {facts} */ \
  X(kApplyWhere) /* {where} */ \
  X(kMatchClosedHidden) /* {n} */ \
  /* The applicant's view: answers by their labels, rules in words, the award worked out. */ \
  X(kMatchAwardWorking) /* {text}: the program's `award_says:` filled in */ \
  X(kReasonAnswer) /* {fact} {value}: what the applicant answered */ \
  X(kReasonRequired) /* {rule}: what a requirement asks of the answer */ \
  X(kReasonExcludedWhen) /* {rule}: when an exclusion applies */ \
  X(kOpEq) /* {value} */ \
  X(kOpNe) /* {value} */ \
  X(kOpLt) /* {value} */ \
  X(kOpLe) /* {value} */ \
  X(kOpGt) /* {value} */ \
  X(kOpGe) /* {value} */ \
  X(kOpIn) /* {value} */ \
  X(kOpNotIn) /* {value} */ \
    X(kPercent) /* {value} */ \
  /* Why an everyday answer is refused (common/answer.cpp), with an example of what is read. */ \
  X(kAnswerComma) /* {text} */ \
  X(kAnswerTooLarge) /* {text} */ \
  X(kAnswerNotYen) /* {text} */ \
  X(kAnswerNotWhole) /* {text} */ \
  X(kAnswerNotNumber) /* {text} */ \
  X(kAnswerNotWholeYen) /* {text} */ \
  X(kAnswerNotDate) /* {text} */ \
  X(kAnswerNotYesNo) /* {text} */ \
  X(kAnswerNoChoices) /* {text} */ \
  X(kAnswerNotAChoice) /* {text} {choices} */ \
  X(kAnswerNotUtf8) \
  X(kAnswerNul) /* {text} */ \
  X(kAnswerTextTooLong) \
  X(kAnswerTooLong) \
  /* `elig batch`'s summary. */                                           \
  X(kBatchCombined) /* {n} */ \
  /* elig serve: problem documents (RFC 9457) and the web self-check. */ \
  X(kServeBadJson) \
  X(kServeAt) /* {line} {column} {message} */ \
  X(kServeTooLarge) \
  X(kServeTooLargeDetail) /* {limit} */ \
  X(kServeNotFound) \
  X(kServeNotFoundDetail) /* {path} */ \
  X(kServeNoProgram) /* {id} */ \
  X(kServeMethod) \
  X(kServeMethodDetail) /* {method} {allowed} */ \
  X(kServeBadParam) \
  X(kServeBadParamDetail) /* {name} {value} {expected} */ \
  X(kServeExpectLang) \
  X(kServeExpectDate) \
  X(kServeExpectTheme) /* {known} */ \
  X(kServeExpectObject) \
  X(kServeMediaType) \
  X(kServeMediaTypeDetail) /* {type} {expected} */ \
  X(kServeAuditFailed) \
  X(kServeBusy) \
  X(kServeHeaders) \
  X(kServeBadRequest) \
  X(kServeInternal) \
  X(kServeBadForm) \
  X(kWebTitle) \
  X(kWebIntro) \
  X(kWebPrivacy) \
  X(kWebPrivacyAudit) \
  X(kWebChooseTheme) \
  X(kWebThemeEverything) \
  X(kWebStart) \
  X(kWebQuestion) /* {n} */ \
  X(kWebNext) \
  X(kWebDontKnow) \
  X(kWebChooseAll) \
  X(kWebAnswerLabel) \
  X(kWebStartOver) \
  X(kWebOtherLanguage) \
  X(kWebSkipLink) \
  X(kWebResultNote) \
  X(kWebAnswered) /* {n} */ \
  X(kWebAnswerError) /* {error} */ \
  X(kWebPleaseAnswer)

enum class Msg : uint16_t {
#define ELIG_MESSAGE_ENUM(name) name,
  ELIG_MESSAGES(ELIG_MESSAGE_ENUM)
#undef ELIG_MESSAGE_ENUM
  kCount  // not a message: the number of messages
};

// The phrase of `id` in `lang`, with its `{name}` placeholders.
std::string_view Phrase(Lang lang, Msg id);
// The name of `id` (`kMatchTitle`), for tests and for a catalog error.
std::string_view MessageName(Msg id);

// The phrase formatted with named arguments (fmt::arg). A placeholder without its
// argument is a bug in the caller: it is caught by fmt and the phrase is given unformatted.
template <class... Args>
std::string Say(Lang lang, Msg id, const Args&... args) {
  std::string_view phrase = Phrase(lang, id);
  try {
    return fmt::vformat(fmt::string_view(phrase.data(), phrase.size()), fmt::make_format_args(args...));
  } catch (const fmt::format_error&) {
    return std::string(phrase);
  }
}

// The phrase in both languages, as a LocalText (an input issue, a refusal).
template <class... Args>
LocalText SayBoth(Msg id, const Args&... args) {
  return LocalText{Say(Lang::kJa, id, args...), Say(Lang::kEn, id, args...)};
}

}  // namespace elig
