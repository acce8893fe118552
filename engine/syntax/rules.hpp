// SPDX-License-Identifier: Apache-2.0
// A rule file as written: program or shared module, with every expression
// parsed and every item carrying its position. Produced by LoadRuleFile.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/number.hpp"
#include "common/source.hpp"
#include "common/types.hpp"
#include "syntax/ast.hpp"
#include "syntax/parse_expr.hpp"

namespace elig {

// An expression embedded in YAML, with the map back to file bytes.
struct Expr {
  ast::NodePtr root;            // null when the expression failed to parse
  std::string text;
  std::vector<uint32_t> offsets;  // expression byte -> file byte (size text.size() + 1)
  const SourceFile* file = nullptr;
  SourceLoc Loc(const ast::Node& n) const;
  SourceLoc Loc(uint32_t begin, uint32_t end) const;
  std::string Slice(const ast::Node& n) const { return text.substr(n.begin, n.end - n.begin); }
};

struct FactDecl {
  std::string name;
  SourceLoc loc;
  TypeSpec type;  // an enum's `labels:` are in type.enum_def
  std::optional<Rational> min, max;
  LocalText ask;
  SourceLoc ask_loc;
  // What the fact is called where an answer is shown: 「展示会の開催初日」 (`label:`).
  LocalText label;
  // A yes/no fact as an item of a checklist, true when ticked: 「市税等に滞納がある」 (`statement:`).
  LocalText statement;
  SourceLoc statement_loc;
  FactTopic topic = FactTopic::kProgram;  // `topic:`; places are kPlace by their type
  std::string note;
  // `derive:`: how the program works the fact out when the applicant does not give it (the
  // employee count from a staff breakdown). A value given is used as it is.
  Expr derive;
};

struct ParamValue {
  std::optional<Date> from;  // nullopt: in force always
  Expr expr;
};

struct ParamDecl {
  std::string name;
  SourceLoc loc;
  std::vector<ParamValue> values;  // sorted by date
};

struct DefineDecl {
  std::string name;
  SourceLoc loc;
  Expr expr;
};

struct TableRow {
  std::string key;  // an enum value, or "default"
  SourceLoc loc;
  std::vector<std::pair<std::string, Expr>> cells;
};

struct TableDecl {
  std::string name;
  SourceLoc loc;
  std::string key;  // name of the enum fact whose values key the rows
  SourceLoc key_loc;
  std::vector<TableRow> rows;
  std::optional<TableRow> default_row;
};

struct RuleDecl {
  std::string id;
  SourceLoc loc;
  Expr expr;
  LocalText text;
  std::string cite;
  std::string note;
};

struct ScoreDecl {
  std::string id;
  SourceLoc loc;
  Expr points;
  Expr when;
  LocalText text;
  std::string cite;
  std::string group;
};

// Which items count when a group holds more than its `max_counted:` (`pick:`).
enum class ScorePick : uint8_t {
  kHighest,  // the most points first; on equal points, the item written first
  kFirst,    // the items in the order they are written
};
const char* ScorePickName(ScorePick p);  // "highest", "first"

struct ScoreGroup {
  std::string name;
  SourceLoc loc;
  // More true items than this voids the whole bonus (JZ17-BONUS); none when not given.
  std::optional<int64_t> max_items;
  // At most this many true items count, chosen by `pick`; the others are listed as not
  // counted (MONO19-BONUS: at most 6 加点項目).
  std::optional<int64_t> max_counted;
  ScorePick pick = ScorePick::kHighest;
  LocalText text;
};

// 併給制限: how a program's grant combines with other programs' grants (`combine:`).
struct CombineDecl {
  SourceLoc loc;
  // Programs this one cannot be combined with; "*" means any other program.
  std::vector<std::string> not_with;
  std::vector<SourceLoc> not_with_locs;
  // Another grant for the same costs is deducted (前橋市 GM-MAE-OTHER). With a fact
  // (a yen fact the award formula subtracts), the other programs' awards are added
  // to it and the award recomputed; without one, they are taken off the award.
  bool deduct = false;
  std::string deduct_fact;
  SourceLoc deduct_fact_loc;
  std::vector<std::string> deduct_from;  // program ids, or "*"
  std::vector<SourceLoc> deduct_from_locs;
  LocalText text;
  std::string cite;
};

// What happens to the first applicant in rank order whose award no longer fits the budget.
enum class OverBudget : uint8_t {
  kNone,          // gets nothing, and allocation stops there (the default)
  kPartial,       // gets what is left of the budget, then allocation stops
  kSkip,          // gets nothing; later applicants whose award still fits are funded
  kProportional,  // every eligible award is scaled by budget / total requested (floored)
};
const char* OverBudgetName(OverBudget o);

// One tie-break key after the score: a fact, or `award`.
struct TieBreakKey {
  std::string name;
  bool descending = false;
  SourceLoc loc;
};

// How `elig rank` orders and funds applicants (`ranking:`).
struct RankingDecl {
  SourceLoc loc;
  std::vector<TieBreakKey> tie_break;
  OverBudget last = OverBudget::kNone;
};

// One thing a program gives other than money, in numbers (`benefit: gives:`): 「専門家の派遣
// 最大5回」, "a booth: 1".
struct BenefitItem {
  SourceLoc loc;
  LocalText what;                  // 専門家の派遣
  std::optional<Rational> amount;  // `up_to:` or `count:`; none for an item without a number
  bool up_to = false;              // 最長・最大: at most `amount`
  std::string unit;                // a known unit (BenefitUnits)
};

// What an applicant gets besides (or instead of) money (`benefit:`): the support in words, the
// items in numbers, and the share of the costs the applicant bears (自己負担).
struct BenefitDecl {
  SourceLoc loc;
  LocalText says;  // 専門家によるハンズオン支援（最長1年・無料）
  std::vector<BenefitItem> items;
  std::optional<Rational> cost_share;  // 0: free of charge; 1/3: the applicant bears a third
  LocalText note;
};

// A word a rule file may use from a fixed list (a benefit unit, a theme), with what people
// read for it.
struct Labelled {
  std::string_view id;
  LocalText label;
};

// The units a benefit item may count in, with what people read: visits → 回 / visits.
using BenefitUnit = Labelled;
const std::vector<BenefitUnit>& BenefitUnits();
const LocalText* BenefitUnitLabel(std::string_view id);

// One deadline rule under `apply:`: the last day to apply, as a date expression that may read
// facts (`fair_start - 10`), and what it means in words (展示会初日の10日前).
struct DeadlineDecl {
  SourceLoc loc;
  Expr by;
  LocalText text;
};

// Where and how to apply (`apply:`): what an applicant does next.
// Its words (ApplyWords) are the compiled program's as they are (CompiledApply).
struct ApplyWords {
  LocalText where;   // 窓口: the office that takes applications
  std::string url;
  LocalText how;     // by post, in person, online (jGrants), …
  std::vector<LocalText> documents;
  LocalText note;    // e.g. what is uncertain
};
struct ApplyDecl : ApplyWords {
  SourceLoc loc;
  std::vector<DeadlineDecl> deadlines;  // the earliest that applies is the apply-by date
};

// The themes a program can carry (`themes:`), with what people read for each.
using ThemeInfo = Labelled;
const std::vector<ThemeInfo>& KnownThemes();
// The theme's label, or nullptr when `id` is not a known theme.
const LocalText* ThemeLabel(std::string_view id);

struct UseDecl {
  std::string path;  // "common/sme", relative to the rules root, no extension
  SourceLoc loc;
};

// What a program says of itself, kept alike by the file as loaded and by the compiled
// program (compile/program.hpp), which takes it whole.
struct ProgramAbout {
  std::string id;  // program id, or module name
  std::string version;
  LocalText title;
  std::string kind;
  std::string authority;
  std::string basis;
  std::string note;
  std::optional<Date> window_from, window_to;
  std::optional<Rational> budget;
  std::optional<int64_t> places;  // 採択予定件数: how many applicants are selected (`places:`)
  std::optional<BenefitDecl> benefit;
  std::vector<ScoreGroup> score_groups;
  LocalText award_note;  // e.g. why no award formula is given
};

struct RuleFile : ProgramAbout {
  const SourceFile* file = nullptr;
  bool is_module = false;
  SourceLoc id_loc;
  SourceLoc window_loc;
  SourceLoc places_loc;
  std::vector<UseDecl> uses;
  std::vector<FactDecl> facts;
  std::vector<ParamDecl> params;
  std::vector<DefineDecl> defines;
  std::vector<TableDecl> tables;
  std::vector<RuleDecl> requirements;
  std::vector<RuleDecl> exclusions;
  std::vector<ScoreDecl> scoring;
  std::optional<Expr> award;
  SourceLoc award_loc;
  // The award in words, with named values filled in for the applicant (`award_says:`):
  // 「補助対象経費 {eligible_costs} × {rate} = {award}（上限 {cap}）」.
  LocalText award_says;
  SourceLoc award_says_loc;
  std::optional<CombineDecl> combine;
  std::optional<RankingDecl> ranking;
  std::vector<std::string> themes;  // known theme ids (KnownThemes), in file order
  SourceLoc themes_loc;
  std::optional<ApplyDecl> apply;
};

struct LoadLimits {
  ExprLimits expr;
  // Rules per section: a real program has tens; thousands is a generator gone wrong.
  uint32_t max_rules = 10'000;
  // Characters in one text or citation: long enough for a paragraph of a guideline.
  uint32_t max_text_bytes = 16 * 1024;
};

// Reads a parsed document as a rule file; every problem becomes a diagnostic
// and loading goes on, so all errors in a file are reported together. With a `cache_dir` the
// document is read through the parsed-document cache (syntax/doc_cache.hpp).
std::unique_ptr<RuleFile> LoadRuleFile(const SourceFile& file, std::vector<Diagnostic>& diags,
                                       const LoadLimits& limits = {}, const std::string& cache_dir = std::string());

// Parses `2026-04-01 .. 2027-03-31`.
bool ParseWindow(std::string_view text, std::optional<Date>& from, std::optional<Date>& to);
// Parses an amount of money: "30_000_000 yen", "500,000円", "1000000".
std::optional<Rational> ParseYen(std::string_view text);

}  // namespace elig
