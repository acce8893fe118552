// 日本語の文言（explain/catalog.hpp のカタログ）。
#include "explain/catalog_table.hpp"

namespace elig::catalog {

const Entry kJa[] = {
    {Msg::kParenthetical, "（{text}）"},
    {Msg::kListSeparator, "、"},
    {Msg::kNotDeterminable, "未確定"},
    {Msg::kEvaluationError, "評価エラー: {error}"},
    {Msg::kNeeds, "必要な情報: {facts}"},
    {Msg::kWindow, "受付期間: {from} .. {to}"},

    {Msg::kMatchTitle, "申請者 {applicant} の対象制度（基準日 {date}）"},
    {Msg::kMatchEligible, "対象（{n}件）"},
    {Msg::kMatchUndetermined, "判定保留（{n}件）"},
    {Msg::kMatchIneligible, "対象外（{n}件）"},
    {Msg::kMatchClosed, "受付期間外（{date} 時点、{n}件）"},
    {Msg::kMatchScore, "・加点 {score}"},
    {Msg::kMatchAward, "補助額 {amount}"},
    {Msg::kMatchAwardNotDeterminable, "補助額は算定できません"},
    {Msg::kMatchAwardError, "補助額の計算エラー: {error}"},
    {Msg::kMatchAwardNeeds, "補助額は未確定 — 必要な情報: {facts}"},
    {Msg::kMatchAwardAfterCombining, "併給制限後の補助額 {amount}"},
    {Msg::kMatchCombiningNote, "併給制限: {note}"},

    {Msg::kDiffTitle, "elig diff: {old} → {new}（申請者 {applicants} 件、比較した制度 {programs} 件）"},
    {Msg::kDiffAdded, "新しい制度（比較対象外）: {id}"},
    {Msg::kDiffRemoved, "削除された制度（比較対象外）: {id}"},
    {Msg::kDiffOutcome, "判定 {old} → {new}"},
    {Msg::kDiffScore, "加点 {old} → {new}"},
    {Msg::kDiffAward, "補助額 {old} → {new}"},
    {Msg::kDiffNoAward, "未確定"},
    {Msg::kDiffCause, "  （原因: {rules}）"},
    {Msg::kDiffSummary, "変化した申請者: {changed} / {applicants}（判定 {outcome}、加点 {score}、補助額 {award}）"},

    {Msg::kAskIntro, "質問にお答えください。分からない場合は空欄（または ?）のまま Enter。Ctrl-D で終了します。"},
    {Msg::kAskLeftUnknown, "  （未回答として進みます）"},
    {Msg::kAskRetry, "  ！ 読み取れません: {error}。もう一度入力してください"},
    {Msg::kAskAnonymous, "（回答）"},
    {Msg::kAskSaved, "回答を {file} に保存しました"},
    {Msg::kAskHintYesNo, "はい／いいえ"},
    {Msg::kAskHintWhole, "整数"},
    {Msg::kAskHintDecimal, "数値、例: 50% や 0.5"},
    {Msg::kAskHintYen, "金額（円）"},
    {Msg::kAskHintDate, "日付、YYYY-MM-DD または 令和9年2月10日 など"},
    {Msg::kAskHintChoice, "番号または値"},
    {Msg::kAskHintList, "カンマ区切りで複数可、なければ「なし」"},
    {Msg::kAskHintAtLeast, "、{n}以上"},
    {Msg::kAskHintAtMost, "、{n}以下"},

    {Msg::kBatchCombined, "、うち併給制限の注記あり {n} 件"},
};
const size_t kJaSize = sizeof(kJa) / sizeof(kJa[0]);

}  // namespace elig::catalog
