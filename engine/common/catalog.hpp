// SPDX-License-Identifier: Apache-2.0
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

// Evaluation errors (overflow, division by zero). They are made in English, which is what
// the decisions, the batch results and the audit log keep, and said in a person's language
// when shown (SayEvalError).
#define ELIG_EVAL_ERRORS(X) \
  X(kEvalErrorUnknown) \
  X(kEvalDivisionByZero) \
  X(kEvalSumOutOfRange) /* {a} {b} */ \
  X(kEvalDifferenceOutOfRange) /* {a} {b} */ \
  X(kEvalProductOutOfRange) /* {a} {b} */ \
  X(kEvalQuotientOutOfRange) /* {a} {b} */ \
  X(kEvalListSumOutOfRange) \
  X(kEvalRoundingOutOfRange) /* {value} */ \
  X(kEvalNegationOutOfRange) \
  X(kEvalScoreOutOfRange) \
  X(kEvalMinMaxOfEmpty) \
  X(kEvalNoRecordsForMinMax) \
  X(kEvalTableHasNoRow) /* {table} */ \
  X(kEvalDateWholeDays) \
  X(kEvalDateOutOfRange) \
  X(kEvalAwardBelowZero) /* {amount} */

// Every message, with the arguments its phrase takes.
#define ELIG_MESSAGES(X) \
  /* Words shared by the views. */                                        \
  X(kParenthetical) /* {text} in brackets after a phrase: （…） / " (…)" */ \
  X(kListSeparator) /* between items of a list: 、 / ", " */               \
  X(kRecordShown) /* one record of a list, its {fields} by label: （…） / (…) */ \
  X(kNotDeterminable) /* an amount that cannot be worked out yet */       \
  X(kEvaluationError) /* {error} */                                       \
  ELIG_EVAL_ERRORS(X)                                                     \
  X(kEvalErrorIn) /* {rule} {error}: an evaluation error in a rule */     \
  X(kEvalErrorInAward) /* {error}: an evaluation error in the award */   \
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
  X(kAskHintRecords) /* {max} */ \
  X(kAskHintAtLeast) /* {n} */                                            \
  X(kAskHintAtMost) /* {n} */                                             \
  X(kAskChecklist) /* several yes/no questions asked together */ \
  X(kAskChecklistNone) /* the answer "none of these" */ \
  X(kAskHintChecklist) \
  X(kAskChecklistNotNumbers) /* {text} */ \
  X(kAskChecklistNoSuchNumber) /* {n} {max} */ \
  X(kAskChecklistNoneAndItems) \
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
  X(kTextNotCounted) /* {group} {n} */ \
  X(kTextCountedLimit) /* {group} {n} {pick} */ \
  X(kPickHighest) \
  X(kPickFirst) \
  X(kTextAward) /* {amount} */ \
  X(kTextAwardCannotBeWorkedOut) \
  X(kBenefitGiven) /* {text} */ \
  X(kBenefitItemUpTo) /* {what} {n} {unit} */ \
  X(kBenefitItemCount) /* {what} {n} {unit} */ \
  X(kBenefitCostShare) /* {share} */ \
  X(kBenefitFree) \
  X(kTextAwardFactsMissing) \
  X(kTextToDecide) \
  X(kTextMootNumber) /* {facts}: unknown numbers that cannot change the outcome */ \
  X(kTextMootChoice) /* {facts}: unknown choices (enums, lists) */ \
  X(kTextMootYesNo) /* {facts}: unknown yes/no facts */ \
  X(kTextMootOther) /* {facts}: unknown texts and dates */ \
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
  X(kDocPlaces) /* {n} */ \
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
  X(kDocGroupCounted) /* {n} {pick} */ \
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
  X(kInputRecordCount) /* {max} */ \
  X(kInputRecordIndex) /* {name} */ \
  X(kInputRecordField) /* {n} {field} {message} */ \
  X(kInputRecordNoField) /* {field} {fields} */ \
  X(kInputRecordTooMany) /* {max} */ \
  X(kInputRecordNotMap) \
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
  X(kAskMember) /* {item} {n} {name} {question} */ \
  X(kMemberName) /* {name}: a record's display name after its number */ \
  X(kReasonMemberUnknown) /* {item} {n} {name} {expr} */ \
  X(kReasonMemberMeets) /* {item} {n} {name} {expr} */ \
  X(kReasonMemberFails) /* {item} {n} {name} {expr} */ \
  X(kReasonMemberIs) /* {item} {n} {name} {field} */ \
  X(kReasonMemberNot) /* {item} {n} {name} {field} */ \
  X(kReasonRequired) /* {rule}: what a requirement asks of the answer */ \
  X(kReasonExcludedWhen) /* {rule}: when an exclusion applies */ \
  X(kReasonNotOp) /* {op} {value}: a comparison that fails at its boundary */ \
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
  /* diagnostics: the messages and help of syntax/, check/ and compile/ (common/diagnose.hpp). */ \
  /* How a diagnostic is shown (common/source.cpp, common/diagnose.hpp). */ \
  X(kDiagHelp) /* {help} */ \
  X(kDiagDidYouMean) /* {name} */ \
  /* The parts of a rule file, as arguments of the messages below ({what}). */ \
  X(kPartProgram) \
  X(kPartModule) \
  X(kPartText) \
  X(kPartFact) \
  X(kPartDefinition) \
  X(kPartParameter) \
  X(kPartTable) \
  X(kPartRequirement) \
  X(kPartExclusion) \
  X(kPartScoringItem) \
  X(kPartScoreGroup) \
  X(kPartApplySection) \
  X(kPartBenefitSection) \
  X(kPartBenefitItem) \
  X(kPartDeadline) \
  X(kPartCombineSection) \
  X(kPartDeductSection) \
  X(kPartRankingSection) \
  /* Reading a rule file (syntax/rule_loader.cpp). */ \
  X(kLoadFileNotMap) \
  X(kLoadFileNeedsId) \
  X(kLoadBadFileId) /* {id} {key} */ \
  X(kLoadBadWindow) \
  X(kLoadBadBudget) \
  X(kLoadKeyNotWord) /* {what} */ \
  X(kLoadKeyTwice) /* {key} {what} */ \
  X(kLoadUnknownKey) /* {key} {what} */ \
  X(kLoadTextTooLong) /* {key} {max} */ \
  X(kLoadNotSingle) /* {key} */ \
  X(kLoadHelpQuoteCommas) \
  X(kLoadExpectedText) \
  X(kLoadEmptyExpression) \
  X(kLoadExpectedExpression) \
  X(kLoadExpectedNamedMap) /* {what} */ \
  X(kLoadTooMany) /* {max} {what} */ \
  X(kLoadBadName) /* {name} */ \
  X(kLoadDeclaredTwice) /* {what} {name} */ \
  X(kLoadUseNotList) \
  X(kLoadEnumTooLarge) /* {max} */ \
  X(kLoadEnumValueEmpty) /* {type} */ \
  X(kLoadEnumValueTwice) /* {value} */ \
  X(kLoadUnknownElementType) /* {type} */ \
  X(kLoadUnknownType) /* {type} */ \
  X(kLoadHelpEnumValues) \
  X(kLoadNotNumber) /* {key} */ \
  X(kLoadFactNeedsType) /* {name} */ \
  X(kLoadMaxItems) /* {max} */ \
  X(kLoadNameField) /* {field} */ \
  X(kLoadFieldType) /* {field} {type} */ \
  X(kLoadFieldsOnlyRecords) /* {key} */ \
  X(kLoadRecordNeedsFields) /* {name} */ \
  X(kLoadMinAboveMax) /* {min} {max} {name} */ \
  X(kLoadExpectedType) \
  X(kLoadLabelsNotEnum) \
  X(kLoadLabelsOfPlaces) \
  X(kLoadStatementNotBool) /* {name} {type} */ \
  X(kLoadLabelsNotMap) \
  X(kLoadNotEnumValue) /* {value} */ \
  X(kLoadLabelTwice) /* {value} */ \
  X(kLoadThemesNotList) \
  X(kLoadNotTheme) /* {id} */ \
  X(kLoadHelpThemes) /* {themes} */ \
  X(kLoadNotTopic) /* {topic} */ \
  X(kLoadHelpTopics) \
  X(kLoadThemeTwice) /* {id} */ \
  X(kLoadApplyNotMap) \
  X(kLoadBadPlaces) \
  X(kLoadBenefitNotMap) \
  X(kLoadBenefitNeedsSays) \
  X(kLoadBenefitSaysBoth) \
  X(kLoadBadCostShare) \
  X(kLoadGivesNotList) \
  X(kLoadGivesItemNotMap) \
  X(kLoadGivesNeedsWhat) \
  X(kLoadGivesUpToOrCount) \
  X(kLoadGivesBadAmount) \
  X(kLoadGivesBadUnit) /* {unit} */ \
  X(kLoadGivesNeedsUnit) \
  X(kLoadBadUrl) \
  X(kLoadDocumentsNotList) \
  X(kLoadDeadlineNotMap) \
  X(kLoadDeadlineNeedsBy) \
  X(kLoadDeadlineNeedsText) \
  X(kLoadParamNeedsDate) \
  X(kLoadParamSameDate) /* {name} */ \
  X(kLoadRowNotMap) \
  X(kLoadBadColumnName) \
  X(kLoadColumnTwice) /* {column} */ \
  X(kLoadTableNotMap) \
  X(kLoadTableNeedsKey) /* {name} */ \
  X(kLoadTableTooLarge) /* {name} {max} */ \
  X(kLoadRowTwice) /* {key} */ \
  X(kLoadTableNeedsRows) /* {name} */ \
  X(kLoadBadRuleId) /* {id} */ \
  X(kLoadRuleNeedsId) \
  X(kLoadRulesNotList) /* {key} */ \
  X(kLoadRuleNotMap) /* {what} */ \
  X(kLoadRuleNeedsRule) /* {what} */ \
  X(kLoadScoringNotList) \
  X(kLoadScoringItemNotMap) \
  X(kLoadScoringNeedsPoints) \
  X(kLoadScoringNeedsWhen) \
  X(kLoadScoreGroupNotMap) \
  X(kLoadMaxItemsNotWhole) \
  X(kLoadScoreGroupNeedsMax) \
  X(kLoadMaxCountedNotWhole) \
  X(kLoadBadPick) \
  X(kLoadPickNeedsMaxCounted) \
  X(kLoadMaxCountedNeedsPick) \
  X(kLoadBadProgramId) /* {id} */ \
  X(kLoadProgramIdsNotList) /* {key} */ \
  X(kLoadCombineNotMap) \
  X(kLoadDeductNotMap) \
  X(kLoadDeductNeedsPrograms) \
  X(kLoadCombineNeedsOne) \
  X(kLoadRankingNotMap) \
  X(kLoadTieBreakNotList) \
  X(kLoadBadTieBreak) \
  X(kLoadBadLast) \
  X(kLoadRuleIdTwice) /* {id} */ \
  X(kLoadUnclosedAt) /* {close} {open} {line} {column} */ \
  /* Parsing an expression (syntax/expr_grammar.cpp). */ \
  X(kParseNestsTooDeep) /* {max} */ \
  X(kParseExpectedExpression) \
  X(kParseUnexpected) /* {token} */ \
  X(kParseExpectedBefore) /* {token} */ \
  X(kParseExpectedAfter) /* {token} */ \
  X(kParseExpectedAfterIf) /* {token} */ \
  X(kParseUnclosed) /* {close} {open} */ \
  X(kParseUnclosedAt) /* {close} {open} {offset} */ \
  X(kParseUnclosedString) /* {offset} */ \
  X(kParseExpectedThen) \
  X(kParseExpectedElse) \
  X(kParseExpectedBetweenAnd) \
  X(kParseExpectedName) \
  X(kParseNoChain) \
  X(kParseUnexpectedAssign) \
  X(kParseTrailingText) \
  X(kParseExpected) /* {rule} */ \
  X(kParsePercentFirst) \
  X(kParsePercentTwice) \
  X(kParsePercentUnit) /* {number} */ \
  X(kParseBadDigits) /* {number} */ \
  X(kParseNumberTooLarge) /* {number} */ \
  X(kParseBadDate) /* {date} */ \
  X(kParseBadEscape) /* {escape} */ \
  X(kParseTreeTooDeep) /* {max} */ \
  X(kParseTooLong) /* {bytes} {max} */ \
  X(kParseInvalidUtf8) /* {byte} */ \
  X(kParseTooManyParts) /* {max} */ \
  X(kParseOutOfMemory) \
  X(kParseInternal) \
  /* Reading YAML (syntax/doc_yaml.cpp). */ \
  X(kYamlTooManyNodes) /* {max} */ \
  X(kYamlOutOfMemory) \
  X(kYamlMalformed) \
  X(kYamlSyntax) /* {problem} */ \
  X(kYamlTooDeep) /* {max} */ \
  X(kYamlUnknownAnchor) /* {name} */ \
  X(kYamlSecondDocument) \
  X(kYamlFileTooLarge) /* {bytes} {max} */ \
  X(kYamlInvalidUtf8) \
  X(kYamlNul) \
  /* Checking a program (check/checker.cpp): the kinds of value, then the problems. */ \
  X(kTypeInvalid) \
  X(kTypeBool) \
  X(kTypeNumber) \
  X(kTypeYen) \
  X(kTypeText) \
  X(kTypeDate) \
  X(kTypePrefecture) \
  X(kTypeMunicipality) \
  X(kTypeEmptyList) \
  X(kTypeListOf) /* {type} */ \
  X(kTypeTable) \
  X(kTypeRow) \
  X(kTypeModule) \
  X(kTypeRecord) \
  X(kCheckRequirementNotBool) /* {type} */ \
  X(kCheckExclusionNotBool) /* {type} */ \
  X(kCheckScoringNotBool) /* {type} */ \
  X(kCheckPointsNotNumber) /* {type} */ \
  X(kCheckUnknownScoreGroup) /* {group} */ \
  X(kCheckHelpDeclareScoreGroup) \
  X(kCheckDeadlineNotDate) /* {type} */ \
  X(kCheckHelpDeadline) \
  X(kCheckAwardNotYen) /* {type} */ \
  X(kCheckHelpAwardYen) \
  X(kCheckUnknownModule) /* {module} */ \
  X(kCheckFactConflict) /* {name} {type} {other} {file} */ \
  X(kCheckNameIsFact) /* {name} */ \
  X(kCheckNameTwice) /* {name} */ \
  X(kCheckParamNotConstant) \
  X(kCheckParamTypes) /* {name} {type} {other} */ \
  X(kCheckTableKeyNotFact) /* {key} */ \
  X(kCheckTableKeyNotEnumName) /* {key} */ \
  X(kCheckTableKeyNotEnum) /* {key} {type} */ \
  X(kCheckRowNotKeyValue) /* {row} {key} */ \
  X(kCheckCellNotConstant) \
  X(kCheckColumnTypes) /* {column} {type} {other} */ \
  X(kCheckCycle) /* {chain} */ \
  X(kCheckNotOneOf) /* {value} {type} */ \
  X(kCheckHelpUnit) \
  X(kCheckTooDeep) /* {max} */ \
  X(kCheckUnknownName) /* {name} */ \
  X(kCheckNotNeedsBool) /* {type} */ \
  X(kCheckNegNeedsNumber) /* {type} */ \
  X(kCheckBetweenTypes) /* {x} {low} {high} */ \
  X(kCheckIfNotBool) /* {type} */ \
  X(kCheckIfBranches) /* {a} {b} */ \
  X(kCheckTableAlone) /* {name} */ \
  X(kCheckRowAlone) /* {name} */ \
  X(kCheckModuleAlone) /* {name} */ \
  X(kCheckListOfLists) \
  X(kCheckListElements) /* {a} {b} */ \
  X(kCheckNoMember) /* {module} {name} */ \
  X(kCheckNoColumn) /* {table} {column} */ \
  X(kCheckDotNeedsModule) /* {type} */ \
  X(kCheckBinderTaken) /* {name} */ \
  X(kCheckAggregateOrdered) /* {function} {type} */ \
  X(kCheckAggregateNumber) /* {function} {type} */ \
  X(kCheckAggregateCondition) /* {function} {type} */ \
  X(kCheckAggregateList) /* {function} {type} */ \
  X(kCheckAggregateUnknown) /* {function} */ \
  X(kCheckRecordAlone) /* {name} */ \
  X(kCheckNoField) /* {list} {name} */ \
  X(kCheckIndexNeedsTable) /* {type} */ \
  X(kCheckTableKeyType) /* {table} {key} {type} */ \
  X(kCheckLogicNeedsBool) /* {op} {a} {b} */ \
  X(kCheckListsCompared) /* {op} */ \
  X(kCheckHelpListsCompared) \
  X(kCheckCannotCompare) /* {a} {b} */ \
  X(kCheckCannotOrder) /* {a} {b} {op} */ \
  X(kCheckInNeedsList) /* {op} {type} */ \
  X(kCheckInEmpty) /* {op} */ \
  X(kCheckNotInEmpty) /* {op} */ \
  X(kCheckHelpEmptyList) \
  X(kCheckInCompares) /* {op} {a} {b} */ \
  X(kCheckCannotAdd) /* {a} {b} */ \
  X(kCheckCannotSubtract) /* {a} {b} */ \
  X(kCheckCannotMultiply) /* {a} {b} */ \
  X(kCheckHelpYenTimesYen) \
  X(kCheckCannotDivide) /* {a} {b} */ \
  X(kCheckArityOne) /* {function} {want} {got} */ \
  X(kCheckArity) /* {function} {want} {got} */ \
  X(kCheckUnknownFunction) /* {function} */ \
  X(kCheckNeedsArgument) /* {function} */ \
  X(kCheckListNeedsOrdered) /* {function} */ \
  X(kCheckArgumentsDiffer) /* {function} {a} {b} */ \
  X(kCheckNeedsNumber) /* {function} {type} */ \
  X(kCheckNeedsDates) /* {function} {a} {b} */ \
  X(kCheckLenNeedsList) /* {type} */ \
  X(kCheckNeedsConditions) /* {function} */ \
  X(kCheckSumNeedsNumbers) \
  /* Compiling a program (compile/compiler.cpp). */ \
  X(kCompileTooLarge) /* {count} {max} */ \
  X(kCompileAwardSaysTemplate) /* {text} */ \
  X(kCompileAwardSaysUnknown) /* {name} */ \
  X(kCompileDeductUnknownFact) /* {fact} */ \
  X(kCompileDeductNotYen) /* {type} */ \
  X(kCompileTieBreakUnknown) /* {name} */ \
  X(kCompileTieBreakList) /* {name} */ \
  X(kCompileConstantFails) /* {expr} {error} */ \
  /* Warnings of `elig lint` (compile/lint.cpp). */ \
  X(kLintNoCite) /* {what} {id} */ \
  X(kLintHelpCite) \
  X(kLintNoText) /* {what} {id} */ \
  X(kLintNoTextJa) /* {what} {id} */ \
  X(kLintNoTextEn) /* {what} {id} */ \
  X(kLintHelpText) \
  X(kLintNoAsk) /* {name} */ \
  X(kLintNoAskJa) /* {name} */ \
  X(kLintNoAskEn) /* {name} */ \
  X(kLintHelpAsk) \
  X(kLintAskRefers) /* {name} */ \
  X(kLintHelpAskRefers) \
  X(kLintNoStatement) /* {name} */ \
  X(kLintNoStatementJa) /* {name} */ \
  X(kLintNoStatementEn) /* {name} */ \
  X(kLintHelpStatement) \
  X(kLintStatementAsks) /* {name} */ \
  X(kLintHelpStatementAsks) \
  X(kLintNoLabels) /* {name} {values} */ \
  X(kLintHelpLabels) \
  X(kLintNoApply) \
  X(kLintHelpApply) \
  X(kLintNoThemes) \
  X(kLintHelpThemes) \
  X(kLintTextPlace) /* {fact} {place} */ \
  X(kLintHelpTextPlace) /* {type} {place} */ \
  X(kLintPartOf) /* {what} */ \
  X(kLintNeverFact) /* {what} {verb} {fact} */ \
  X(kLintAlwaysFact) /* {what} {verb} {fact} */ \
  X(kLintNeverFalse) /* {what} {verb} */ \
  X(kLintAlwaysTrue) /* {what} {verb} */ \
  X(kLintHelpNever) \
  X(kLintHelpAlways) \
  X(kLintNamed) /* {what} {name} */ \
  X(kLintNeverHolds) \
  X(kLintAlwaysHolds) \
  X(kLintNeverApplies) \
  X(kLintAlwaysApplies) \
  X(kLintNeverScores) \
  X(kLintAlwaysScores) \
  X(kLintNegativeAward) /* {id} {low} */ \
  X(kLintUnboundedAward) /* {id} */ \
  X(kLintHelpNegativeAward) \
  X(kLintNoTitleJa) \
  X(kLintNoTitleEn) \
  X(kLintHelpTitle) \
  X(kLintNoWindow) \
  X(kLintHelpWindow) \
  X(kLintWindowClosed) /* {date} */ \
  X(kLintHelpWindowClosed) \
  X(kLintNoBasis) \
  X(kLintUnusedFact) /* {name} */ \
  X(kLintTableIncomplete) /* {table} {values} */ \
  X(kLintHelpTableRows) \
  /* Loading the rules folder (compile/ruleset.cpp). */ \
  X(kRulesDuplicateModule) /* {name} {file} */ \
  X(kRulesUseOutside) /* {path} */ \
  X(kRulesDuplicateProgram) /* {id} {file} */ \
  X(kRulesNotDirectory) \
  X(kRulesTooManyFiles) /* {max} */ \
  X(kRulesCannotResolve) /* {error} */ \
  X(kRulesLinkOutside) \
  X(kRulesBecameLink) /* {error} */ \
  X(kRulesCannotRead) /* {error} */ \
  X(kRulesPathOutside) \
  X(kRulesFileTooLarge) /* {max} */ \
  X(kRulesNotInside) \
  X(kRulesCannotOpenRoot) /* {reason} */ \
  X(kRulesLinkOnTheWay) /* {dir} */ \
  X(kRulesCannotOpenDir) /* {dir} {reason} */ \
  X(kRulesFileIsLink) \
  X(kRulesCannotOpenFile) /* {reason} */ \
  X(kRulesNotRegularFile) \
  /* Checking the combining rules of the programs loaded together (eval/combine.cpp). */ \
  X(kCombineUnknownProgram) /* {id} */ \
  /* Why an everyday answer is refused: dates, eras, weekdays and places (common/answer.cpp). */ \
  X(kAnswerNoSuchMonth) /* {text} */ \
  X(kAnswerNoSuchDay) /* {text} {month} {days} */ \
  X(kAnswerBeforeMeiji) \
  X(kAnswerEraNotBegun) /* {text} {era} {start} {start_era} {day} {western} */ \
  X(kAnswerEraEnded) /* {text} {era} {end} {end_era} {day} {western} */ \
  X(kAnswerWrongWeekday) /* {text} {date} {weekday} */ \
  X(kWeekdaySunday) \
  X(kWeekdayMonday) \
  X(kWeekdayTuesday) \
  X(kWeekdayWednesday) \
  X(kWeekdayThursday) \
  X(kWeekdayFriday) \
  X(kWeekdaySaturday) \
  X(kAnswerNotPrefecture) /* {text} {example} */ \
  X(kAnswerNotPrefectureNear) /* {text} {near} */ \
  X(kAnswerNotMunicipality) /* {text} {example} */ \
  X(kAnswerNotMunicipalityNear) /* {text} {near} */ \
  X(kAnswerUnsupported) \
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
  X(kWebChecklistHint) \
  X(kWebChecklistNoneAndItems) \
  X(kWebAnswerLabel) \
  X(kWebStartOver) \
  X(kWebOtherLanguage) \
  X(kWebSkipLink) \
  X(kWebResultNote) \
  X(kWebAnswered) /* {n} */ \
  X(kWebAnswerError) /* {error} */ \
  X(kWebPleaseAnswer) \
  /* yaml-cpp's errors in words a rule author knows (syntax/doc_yaml.cpp). */ \
  X(kYamlFlowMapOpen) \
  X(kYamlFlowSeqOpen) \
  X(kYamlBlockMapEnd) \
  X(kYamlBlockSeqEnd) \
  X(kYamlColonHere) \
  X(kYamlTabIndent) \
  X(kYamlStrayClose) \
  X(kYamlUnclosedQuote) \
  X(kYamlBadEscape) /* {escape} */ \
  X(kYamlAfterDocument) \
  /* A fact's `derive:` (engine/check/checker.cpp). */ \
  X(kCheckDeriveList) /* {name} */ \
  X(kCheckDeriveType) /* {name} {type} {want} */ \
  X(kCheckDeriveReads) /* {name} {what} */ \
  /* Reading a file of applicants or tests (compile/ruleset.cpp ReadFileLimited, io/). */ \
  X(kFileCannotRead) /* {error}: the system's reason */ \
  X(kFileTooLarge) /* {bytes} {max} */ \
  X(kFileCannotOpen) \
  X(kFileUnreadable) \
  X(kFileAt) /* {place} {message}: a message after the file, line and column it is about */ \
  /* An applicant file in YAML or JSON (io/applicant.cpp, io/applicant_json.cpp). */ \
  X(kApplicantNotMap) \
  X(kApplicantFactsNotMap) \
  X(kApplicantKeyTwice) /* {key} */ \
  X(kApplicantMixedFacts) \
  X(kApplicantBadAsOf) /* {example}: a date as the file writes it */ \
  X(kApplicantBadAsOfGot) /* {example} {got} */ \
  X(kApplicantFactNameNotText) \
  X(kApplicantFactTwice) /* {fact} */ \
  X(kApplicantFactIsMap) /* {fact} */ \
  X(kApplicantFactProblem) /* {fact} {message} */ \
  X(kApplicantListNotList) \
  X(kApplicantListTooLarge) \
  X(kJsonNotObject) /* {example}: a JSON object */ \
  X(kJsonFactsNotObject) \
  X(kJsonTooManyKeys) /* {max} */ \
  X(kJsonNotSingle) /* {key} */ \
  X(kJsonListInList) \
  X(kJsonFactIsObject) \
  X(kJsonUnsupported) \
  X(kJsonTooDeep) /* {max} */ \
  X(kJsonTextAfterObject) \
  X(kJsonTextAfterDocument) \
  X(kJsonBesideApplicants) \
  X(kJsonApplicantsNotList) \
  X(kJsonListNotList) \
  /* Why JSON cannot be read: simdjson's errors, a few to a phrase (io/json_scalar.hpp). */ \
  X(kJsonUnclosed) \
  X(kJsonBadString) \
  X(kJsonBadUtf8) \
  X(kJsonBadNumber) \
  X(kJsonBadWord) \
  X(kJsonEmpty) \
  X(kJsonBadStructure) \
  X(kJsonTooLarge) \
  X(kJsonInvalid) /* {reason}: the JSON parser's own words */ \
  /* CSV and JSON Lines (io/csv.cpp, io/jsonl.cpp). */ \
  X(kCsvTooManyFields) /* {max} */ \
  X(kCsvRowTooLong) /* {max} */ \
  X(kCsvQuoteNotClosed) /* {line} */ \
  X(kCsvTextAfterQuote) /* {column} */ \
  X(kCsvFieldCount) /* {want} {got} */ \
  X(kCsvBrokenBom) \
  X(kCsvEmpty) \
  X(kCsvHeaderBroken) /* {problem} */ \
  X(kCsvHeaderNoName) /* {column} */ \
  X(kCsvHeaderNotUtf8) /* {column} */ \
  X(kCsvHeaderTwice) /* {name} */ \
  X(kJsonlLineTooLong) /* {max} */ \
  /* A test file, `*.test.yaml` (io/testfile.cpp). */ \
  X(kTestExpectedList) \
  X(kTestExpectedName) \
  X(kTestNotMap) \
  X(kTestUnknownTopKey) \
  X(kTestNeedsProgram) \
  X(kTestNeedsCases) \
  X(kTestCaseNotMap) \
  X(kTestExpectNotMap) \
  X(kTestBadOutcome) \
  X(kTestBadScore) \
  X(kTestBadAward) \
  X(kTestUnknownExpectation) /* {key} */ \
  X(kTestUnknownCaseKey) /* {key} */ \
  X(kTestCaseNeedsName) \
  X(kTestCaseNeedsExpect) \
  X(kTestExpectEmpty) \
  X(kTestNoProgram) /* {id} */ \
  X(kTestMismatch) /* {key} {expected} {got}: in the test file's own keys and values */ \
  X(kTestInputIssue) /* {fact} {message} */ \
  X(kTestInputNoFact) /* {fact} */ \
  /* A fact the applicant gives that no program asks for, and a value taken as unknown (eval/input.cpp, `elig match`). */ \
  X(kInputNoProgramAsks) /* {fact} */ \
  X(kInputNoProgramAsksNear) /* {fact} {name} */ \
  X(kInputTreatedUnknown) /* {fact} {message} */ \
  /* The results file and the audit log (store/): SQLite's own reason ({reason}) stays as SQLite says it. */ \
  X(kStoreReason) /* {what} {reason} */ \
  X(kStoreCannotOpen) /* {path} */ \
  X(kStoreCannotPrepare) \
  X(kStoreFileSizeLimit) /* {reason} */ \
  X(kStoreDiskFull) /* {reason} */ \
  X(kStoreCannotUse) /* {path} {reason} */ \
  X(kStoreCannotReadDb) /* {path} {reason} */ \
  X(kStoreNeedsRecovery) /* {path} {reason} */ \
  X(kStoreDamaged) /* {path} {problems} */ \
  X(kStoreNewerSchema) /* {path} {schema} {known} */ \
  X(kStoreNotOurs) /* {path} */ \
  X(kStoreCannotCreateTables) /* {path} {reason} */ \
  X(kStoreCannotUpgradeTables) /* {path} {reason} */ \
  X(kStoreNoRun) /* {run} */ \
  X(kStoreNoRunInResults) /* {run} */ \
  X(kStoreListFactsNotList) /* {run} */ \
  X(kStoreCannotReadRecords) /* {run} {format} */ \
  X(kStoreCannotReadRecordsWhy) /* {run} {format} {reason} */ \
  X(kStoreRecordUnreadable) \
  X(kStoreRowKeepsNoInputs) \
  X(kStoreCannotAppendAudit) /* {reason} */ \
  X(kStoreRunHeld) \
  X(kStoreNoDecisions) /* {program} */ \
  X(kRankTotalOutOfRange) \
  X(kRankRatioOutOfRange) \
  X(kRankScaledOutOfRange) \
  X(kRankRunNotFinished) /* {run} */ \
  X(kRankOtherVersion) /* {version} {program} {now} */ \
  X(kRankUnreadableInputs) /* {n} {applicant} {why} */ \
  X(kStoreNoTable) /* {path} {table} */ \
  X(kStoreCannotReadFile) /* {path} {reason} */ \
  X(kStoreCannotReadTable) /* {table} {reason} */ \
  X(kStoreColumnTwice) /* {table} {column} */ \
  /* `elig batch`'s failures (store/batch.cpp). */ \
  X(kBatchNoProgram) /* {id} */ \
  X(kBatchNoPrograms) \
  X(kBatchUnknownFormat) /* {input} */ \
  X(kBatchNeedsTable) \
  X(kBatchNoSuchInput) /* {input} */ \
  X(kBatchCannotRecordRun) /* {path} {reason} */ \
  X(kBatchCannotStoreRules) /* {reason} */ \
  X(kBatchDiskFull) \
  X(kBatchReadOnly) \
  X(kBatchWriteFailed) \
  X(kBatchCannotWrite) /* {path} {hint} {reason} */ \
  X(kBatchInputStopped) /* {reason} */ \
  X(kBatchCannotIndex) /* {path} {reason} */ \
  X(kBatchCannotFinish) /* {path} {reason} */ \
  /* The CLI's own words around a store's failure (cli/). */ \
  X(kCliCannotReadAudit) /* {reason} */ \
  X(kCliCannotStoreRulesAudit) /* {path} {reason} */ \
  X(kCliCannotAppendAudit) /* {path} {reason} */ \
  /* The keys that sign the audit log's head (store/audit.cpp). */ \
  X(kAuditCannotReadKey) /* {path} */ \
  X(kAuditNoPrivateKey) /* {path} */ \
  X(kAuditNoPublicKey) /* {path} */ \
  X(kAuditNotEd25519) /* {path} */ \
  X(kAuditCannotSign) /* {path} */ \
  X(kAuditSignatureForm) \
  X(kAuditSignatureBase64) \
  X(kAuditCannotVerify) /* {path} */ \
  X(kAuditSignatureMismatch) /* {head} {path} */ \
  /* Verifying the audit log (store/audit.cpp): what is wrong with its rows, and why a row cannot be replayed. */ \
  X(kAuditRow) /* {row} */ \
  X(kAuditRows) /* {from} {to} */ \
  X(kAuditDeletedAtEnd) /* {rows} {count} */ \
  X(kAuditHeadMismatch) /* {rows} {last} {have} {have_last} */ \
  X(kAuditHeadMissing) \
  X(kAuditCut) /* {last} {seq} {head} {from} {to} */ \
  X(kAuditHeadRowMissing) /* {seq} {head} */ \
  X(kAuditHeadRowZero) /* {head} {genesis} */ \
  X(kAuditNotHeadRow) /* {row} {head} {hash} */ \
  X(kAuditDeletedGap) /* {rows} {prev} {next} */ \
  X(kAuditEdited) /* {row} */ \
  X(kAuditChain) /* {row} {prev} */ \
  X(kAuditCannotReplay) /* {row} {why} */ \
  X(kAuditReplayNoProgram) /* {program} */ \
  X(kAuditReplayBadAsOf) \
  X(kAuditReplaysDifferently) /* {row} {diffs} */ \
  X(kAuditDiffVersion) /* {old} {new} */ \
  X(kAuditDiffExplanation) \
  X(kAuditRulesAltered) /* {hash} {files} */ \
  X(kAuditRulesAlteredFirstRow) /* {hash} {files} {row} */ \
  X(kAuditListOfFiles) \
  X(kAuditRuleSetNotStored) /* {hash} */ \
  X(kAuditRuleSetUnreadable) \
  X(kAuditSourceNotStored) /* {file} */ \
  X(kAuditRulesDoNotCompile) /* {error} */ \
  X(kAuditInputsNotObject) \
  X(kAuditInputsIdNotText) \
  X(kAuditInputsNoFacts) \
  X(kAuditInputsBadValue) /* {fact} */ \
  /* `elig batch`'s first input errors on the console (cli/cmd_batch.cpp). */ \
  X(kBatchInputError) /* {place} {message} {applicant} */ \
  X(kBatchInputErrorRefused) /* {place} {message} {applicant} */ \
  X(kBatchMoreInputErrors) /* {path} */ \
  X(kServeBusyDetail) /* {limit} */ \
  X(kServeHeadersDetail) /* {limit} */ \
  X(kServeBadRequestDetail) \
  X(kServeTimeout) \
  X(kServeTimeoutDetail) /* {seconds} */ \
  /* The command line (cli/): what `elig` says on standard output and standard error. */ \
  X(kCliError) /* {message} */ \
  X(kCliWarning) /* {message} */ \
  X(kCliInternalError) /* {error} */ \
  X(kCliAsOfNotADate) /* {date} */ \
  X(kCliTzNotAZone) /* {zone} */ \
  X(kCliTzEnvNotAZone) /* {zone} */ \
  X(kCliStdinNeedsFormat) \
  X(kCliStdinNotKept) /* {file} {error} */ \
  X(kCliNoTheme) /* {theme} {known} */ \
  X(kCliNoThemeNear) /* {theme} {near} {known} */ \
  X(kCliRulesHaveErrors) /* {dir} {n} */ \
  X(kCliNoPrograms) /* {dir} */ \
  X(kCliNoProgram) /* {id} {dir} {known} */ \
  X(kCliCannotRead) /* {file} */ \
  X(kCliCannotWrite) /* {file} */ \
  X(kCliAuditStoreRules) /* {file} {error} */ \
  X(kCliAuditAppend) /* {file} {error} */ \
  /* `elig batch`. */ \
  X(kCliBatchNeedsInputOut) \
  X(kCliBatchProgress) /* {bar} {percent} {rows} {rate} {eta} */ \
  X(kCliBatchInputError) /* {place} {field} {message} {applicant} */ \
  X(kCliBatchInputErrorRefused) /* {place} {field} {message} {applicant} */ \
  X(kCliBatchMoreInputErrors) /* {out} */ \
  X(kCliBatchTitle) /* {rows} {input} {out} {run} */ \
  X(kCliBatchAlreadyComplete) \
  X(kCliBatchDecided) /* {n} {time} {rate} */ \
  X(kCliBatchResumed) \
  X(kCliBatchInputErrors) /* {rows} {refused} */ \
  X(kCliBatchIgnored) /* {columns} */ \
  X(kCliBatchColProgram) \
  X(kCliBatchColEligible) \
  X(kCliBatchColIneligible) \
  X(kCliBatchColUndetermined) \
  X(kCliBatchColClosed) \
  X(kCliBatchColAward) \
  X(kCliBatchTooLarge) \
  X(kCliBatchNotDeterminable) /* {n} */ \
  /* `elig rank`. */ \
  X(kCliRankBudgetNotYen) /* {budget} */ \
  X(kCliRankInputErrors) /* {n} {results} */ \
  X(kCliRankTitle) /* {n} {program} {run} */ \
  X(kCliRankBudget) /* {budget} {requested} {granted} {funded} {partial} {remaining} {last} */ \
  X(kCliRankNoBudget) /* {granted} */ \
  X(kCliRankUnknownAward) /* {n} */ \
  X(kCliRankNote) /* {note} */ \
  X(kCliRankPlaces) /* {places} {selected} {unplaced} */ \
  X(kCliRankPlacesNotWhole) /* {places} */ \
  X(kRankTieBudget) /* {first} {first_rank} {second} {second_rank} */ \
  X(kRankTiePlaces) /* {first} {first_rank} {second} {second_rank} */ \
  /* `elig audit verify|head|show`. */ \
  X(kCliAuditVerified) /* {rows} {replayed} {sources} */ \
  X(kCliAuditNotVerified) /* {rows} {replayed} {sources} {problems} */ \
  X(kCliAuditHead) /* {head} */ \
  X(kCliAuditEmptyLog) \
  X(kCliAuditBadExpectHead) /* {head} */ \
  X(kCliAuditSignatureNeedsHead) \
  X(kCliAuditCannotRead) /* {error} */ \
  X(kCliAuditHeadRefused) /* {db} */ \
  X(kCliAuditNoDecisions) /* {applicant} {db} */ \
  X(kCliAuditRow) /* {row} {time} {program} {version} {as_of} {outcome} {score} {award} */ \
  X(kCliAuditRowSource) /* {rules} {engine} {origin} */ \
  X(kCliAuditRowInputRow) /* {n} */ \
  /* `elig test`. */ \
  X(kCliTestUnreadable) /* {file} {error} */ \
  X(kCliTestFail) \
  X(kCliTestExpected) /* {expected} */ \
  X(kCliTestActual) /* {actual} */ \
  X(kCliTestExplanation) \
  X(kCliTestCoverageFull) \
  X(kCliTestCoverageGaps) /* {n} */ \
  X(kCliTestNeverDecided) /* {rule} */ \
  X(kCliTestNeverTrue) /* {rule} */ \
  X(kCliTestNeverFalse) /* {rule} */ \
  X(kCliTestNothing) \
  X(kCliTestSummaryOk) /* {passed} {failed} {files} */ \
  X(kCliTestSummaryFailed) /* {passed} {failed} {files} */ \
  X(kCliTestSummaryInvalid) /* {passed} {failed} {files} */ \
  X(kCliTestNoFiles) \
  /* `elig lint`. */ \
  X(kCliLintNotRules) /* {path} */ \
  X(kCliLintSummaryOk) /* {errors} {warnings} */ \
  X(kCliLintSummary) /* {errors} {warnings} */ \
  /* `elig explain`: why a line is not explained. */ \
  X(kCliExplainLineError) /* {place} {why} */ \
  X(kCliExplainTooLong) /* {mib} */ \
  X(kCliExplainNotJson) /* {error} */ \
  X(kCliExplainNoProgram) \
  X(kCliExplainUnknownProgram) /* {id} {dir} */ \
  /* Why a compact decision JSON cannot be explained (explain/explain_compact.cpp, `elig explain`). */ \
  X(kCompactNotOf) /* {program} {why} */ \
  X(kCompactNotJson) /* {error} */ \
  X(kCompactTooDeep) /* {max} */ \
  X(kCompactNotObject) \
  X(kCompactWrongFormat) /* {got} {want} */ \
  X(kCompactOtherProgram) /* {got} {program} */ \
  X(kCompactOtherVersion) /* {got} {program} {version} */ \
  X(kCompactNotDate) /* {key} */ \
  X(kCompactMissing) /* {key} */ \
  X(kCompactNotString) /* {key} */ \
  X(kCompactNotBool) /* {key} */ \
  X(kCompactNotArray) /* {key} */ \
  X(kCompactNotTexts) /* {key} */ \
  X(kCompactOutOfRange) /* {where} */ \
  X(kCompactBadIssue) \
  X(kCompactNoOutcome) /* {got} */ \
  X(kCompactNotTri) /* {where} */ \
  X(kCompactNotExact) /* {where} {text} */ \
  X(kCompactNotNumber) /* {where} */ \
  X(kCompactNotValueText) /* {where} {text} */ \
  X(kCompactNotValue) /* {where} */ \
  X(kCompactFactsNotArray) /* {where} */ \
  X(kCompactNotFact) /* {where} {name} {program} */ \
  X(kCompactRuleCount) /* {key} {n} */ \
  X(kCompactRuleShape) /* {where} */ \
  X(kCompactReasonShape) /* {where} */ \
  X(kCompactReasonSite) /* {where} {site} */ \
  X(kCompactErrorNotText) /* {where} */ \
  X(kCompactContradicts) /* {what} */ \
  X(kCompactOpenButOutside) /* {date} */ \
  X(kCompactClosedButInside) /* {date} */ \
  X(kCompactOutcomeButOpen) /* {outcome} */ \
  X(kCompactOutcomeButClosed) /* {outcome} */ \
  X(kCompactRequirementFails) /* {id} */ \
  X(kCompactExclusionApplies) /* {id} */ \
  X(kCompactRequirementIs) /* {id} {result} */ \
  X(kCompactExclusionIs) /* {id} {result} */ \
  X(kCompactNothingFails) /* {why} */ \
  X(kCompactAllHold) \
  X(kCompactOutcomeBut) /* {outcome} {why} */ \
  X(kCompactRefusedAward) /* {why} */ \
  X(kCompactAwardBelowZero) /* {award} */ \
  X(kCompactAwardAndError) \
  X(kCompactPointsOverflow) \
  X(kCompactScoreSum) /* {score} {sum} */ \
  /* `elig diff` and `elig ask --save`. */ \
  X(kCliDiffNoProgram) /* {id} {old} {new} */ \
  X(kCliAskSavedComment) \
  X(kCliAskSavedCommentFor) /* {program} */

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

namespace catalog_detail {
// An argument in `lang`: a LocalText (a noun or a phrase said in both languages) gives its
// text in that language; anything else is itself.
template <class T>
const T& InLang(const T& value, Lang) {
  return value;
}
inline const std::string& InLang(const LocalText& text, Lang lang) { return text.Get(lang); }
template <class T>
auto InLang(const fmt::detail::named_arg<char, T>& arg, Lang lang) {
  return fmt::arg(arg.name, InLang(arg.value, lang));
}
}  // namespace catalog_detail

// The phrase formatted with named arguments (fmt::arg); an argument may be a LocalText, said
// in `lang`. A placeholder without its argument is a bug in the caller: it is caught by fmt
// and the phrase is given unformatted.
template <class... Args>
std::string Say(Lang lang, Msg id, const Args&... args) {
  std::string_view phrase = Phrase(lang, id);
  try {
    return fmt::vformat(fmt::string_view(phrase.data(), phrase.size()),
                        fmt::make_format_args(catalog_detail::InLang(args, lang)...));
  } catch (const fmt::format_error&) {
    return std::string(phrase);
  }
}

// An evaluation error, made in English (ELIG_EVAL_ERRORS).
template <class... Args>
std::string EvalError(Msg id, const Args&... args) {
  return Say(Lang::kEn, id, args...);
}
// An evaluation error as stored (EvalError's English, or a rule's "id: error") said in `lang`:
// the catalog's English phrase is recognised and its arguments said in the phrase of `lang`.
// A text that no phrase makes (an older elig's) is given as it is.
std::string SayEvalError(Lang lang, std::string_view stored);

// The phrase in both languages, as a LocalText (an input issue, a refusal).
template <class... Args>
LocalText SayBoth(Msg id, const Args&... args) {
  return LocalText{Say(Lang::kJa, id, args...), Say(Lang::kEn, id, args...)};
}

}  // namespace elig
