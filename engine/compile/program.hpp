// SPDX-License-Identifier: Apache-2.0
// A compiled program: immutable, slot-indexed, no string lookups at evaluation
// time. Built once, shared across threads, evaluated many times.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "check/checker.hpp"
#include "common/source.hpp"
#include "common/types.hpp"
#include "common/value.hpp"
#include "syntax/rules.hpp"

namespace elig {

enum class Op : uint8_t {
  kConst,    // consts[a]
  kFact,     // facts slot a
  kParam,    // param slot a (value chosen by as_of)
  kDefine,   // define slot a (memoized per evaluation)
  kAsOf,
  kTable,    // table a, column b, key instr c
  kNot, kNeg,
  kAnd, kOr,       // a, b: operands (short-circuit, three-valued)
  kBinary,         // fn = ValueOp, a, b
  kBetween,        // a between b and c
  kIf,             // if a then b else c
  kList,           // args[a .. a+b)
  kCall,           // fn = Fn, args[a .. a+b)
  kLocal,          // the record aggregate slot a is at
  kField,          // field b of the record a
  kEach,           // fn = Agg: over the records of list a, body b, each record in slot c
};

// What an aggregate over a list of records works out (Op::kEach).
enum class Agg : uint8_t { kAll, kAny, kCount, kSum, kMin, kMax, kMaxBy, kMinBy };

enum class Fn : uint8_t { kMin, kMax, kFloor, kCeil, kRound, kAbs, kYearsBetween, kDaysBetween, kLen, kAny, kAll, kCount, kSum, kKnown };

struct Instr {
  Op op = Op::kConst;
  uint8_t fn = 0;
  uint32_t a = 0, b = 0, c = 0;
};

// The fast path's form of the code (DecideFast), built from `code` by Compile:
// a compact tree where conditions are three-valued (no Value built) and operands
// are read straight from where they live (a fact slot, a constant, a table cell
// keyed by a fact). Anything else is handed to Run on `code`, so both paths
// compute exactly the same thing, errors included.
enum class FastOp : uint8_t {
  // Conditions (RunFast):
  kConst,    // tri
  kNot,      // a
  kAnd, kOr, // a, b (short-circuit, three-valued, like Op::kAnd / kOr)
  kCompare,  // fn = ValueOp, left OP right
  kCompareFactConst,  // kCompare where left is a fact and right a constant (the usual rule)
  kCompareFactTable,  // kCompare where left is a fact and right a table cell keyed by a fact
  kInMask,   // left in a constant list of enum values (bit i of mask = value i); fn = kIn / kNotIn
  kDefine,   // a = define slot, b = the define's fast root (memoized like Op::kDefine)
  kFact,     // a = fact slot read as a condition; fn = 1: negated (`not flag`)
  kValue,    // a = instr: Run, then read as a condition
  // Values (RunFastValue):
  kArith,    // fn = ValueOp (+ - * /), left OP right
  kFloorMul, // floor(left * right): the usual award, `floor(expenses * rate)`
  kMinMax,   // fn = Fn::kMin / kMax of left and right
  kRound,    // fn = Fn::kFloor / kCeil / kRound / kAbs of left
  kCall,     // fn = Fn, fast_args[a .. a+b), at most kMaxFastArgs
};
inline constexpr uint32_t kMaxFastArgs = 4;

enum class OperandKind : uint8_t {
  kInstr,  // Run(instr)
  kFact,   // a = fact slot
  kConst,  // a = index into consts
  kParam,  // a = param slot (chosen by as_of)
  kTable,  // table a, column b, keyed by fact slot c
  kNode,   // a = value node in `fast`
};

struct FastOperand {
  OperandKind kind = OperandKind::kInstr;
  uint32_t a = 0, b = 0, c = 0;
  uint32_t instr = 0;  // the same operand in `code`
};

struct FastNode {
  FastOp op = FastOp::kValue;
  uint8_t fn = 0;
  // kConst: 0 false, 1 true, 2 unknown, 3 error (the order of Tri). Comparisons: bit c+1 is
  // set when `left OP right` holds for three-way result c (-1, 0, 1).
  uint8_t tri = 0;
  uint32_t a = 0, b = 0;
  uint64_t mask = 0;
  FastOperand left, right;
};

// What an explanation says about one comparison (or fact read) of the code, worked
// out once by Compile; the traced path copies it into each Reason it reports.
struct ReasonSite {
  std::string expr;       // source text of the comparison (or the fact's name); an aggregate's body
  std::string op;         // "<=", "between", "in", … or "fact"; "member" for a record of an aggregate
  std::string left_expr;  // source text of the left operand (empty for a fact read)
  std::string fact_name;  // the fact's name when `fact` >= 0
  SourceLoc loc;
  int32_t fact = -1;      // the fact slot on one side, -1 when none
  bool fact_left = true;
  const EnumDef* fact_enum = nullptr;
  const RecordDef* fact_record = nullptr;  // the fact's records' fields, for a list of records
  bool fact_read = false; // a fact read directly (op "fact"), not a comparison
  // op "member": what a record is called (the list fact's label: 構成員), and the label of the
  // yes/no field when the body is just one (`m.is_sme`: 中小企業者); empty otherwise.
  LocalText item, field;
};

// Where an instruction came from, for traces and explanations.
struct InstrSource {
  const Expr* expr = nullptr;
  const ast::Node* node = nullptr;
};

struct CompiledFact {
  std::string name;
  TypeSpec spec;
  std::optional<Rational> min, max;
  LocalText ask;
  LocalText label;     // what an answer is shown as: 「展示会の開催初日」 (may be empty)
  LocalText statement;  // a yes/no fact as a checklist item: 「市税等に滞納がある」 (may be empty)
  FactTopic topic = FactTopic::kProgram;  // what `ask` asks first
  std::string origin;  // file that declared it
  bool used = false;   // referenced by some expression of this program
  // `derive:`: the definition (in `defines`, named as the fact) that reads the fact when it is
  // given and works it out otherwise; -1 when the fact has none.
  int32_t derive = -1;
  // The facts whose `derive:` reads this one (derives), and those this one's `derive:` reads
  // (parts). A part is not needed in itself while its derived fact is known, or is unknown with
  // none of its parts given: it is then one way to work that fact out, and decisions name the
  // derived fact as missing instead. Once a part is given, the others are needed too.
  std::vector<uint32_t> derives, parts;
};

struct CompiledParam {
  std::string name;
  std::vector<std::pair<std::optional<Date>, Value>> values;  // sorted by date; folded constants
};

struct CompiledDefine {
  std::string name;
  uint32_t root = 0;
  int32_t fast_root = -1;  // node in `fast` when the define is used as a condition
};

struct CompiledTable {
  std::string name;
  int key_fact = -1;
  uint32_t columns = 0;
  std::vector<Value> cells;  // [enum index * columns + column]; kError where no row
};

enum class RuleKind : uint8_t { kRequirement, kExclusion, kScore };

struct CompiledRule {
  RuleKind kind = RuleKind::kRequirement;
  std::string id;
  LocalText text;
  std::string cite;
  std::string note;
  SourceLoc loc;
  std::string expr_text;
  uint32_t root = 0;
  std::vector<uint32_t> facts;  // fact slots this rule reads, through definitions too
  // Scoring only:
  uint32_t points = 0;
  std::string group;
  // The fast path: the condition's node in `fast`, the points, and the group's index in
  // score_groups (-1: none).
  uint32_t fast_root = 0;
  FastOperand fast_points;
  int32_t group_index = -1;
};

// A deadline rule of `apply:`: `root` computes the last day to apply (a date, or unknown
// while a fact it reads is missing).
struct CompiledDeadline {
  LocalText text;         // what it means in words: 展示会初日の10日前
  std::string expr_text;  // the rule as written: fair_start - 10
  uint32_t root = 0;
  std::vector<uint32_t> facts;  // fact slots it reads
  SourceLoc loc;
};

// Where and how to apply (`apply:`); see ApplyBy (eval/apply.hpp) for the date.
struct CompiledApply : ApplyWords {
  std::vector<CompiledDeadline> deadlines;
};

// A value `award_says:` names: a definition, a fact, a parameter, or the award itself.
struct AwardTerm {
  enum class Kind : uint8_t { kDefine, kFact, kParam, kAward };
  std::string name;
  Kind kind = Kind::kAward;
  uint32_t index = 0;  // the define, fact or parameter slot
};

// The fast path's flat plan (DecideFast, BuildFastPlan): one step a rule, in the order
// DecideFast takes them (requirements, exclusions, scoring), each holding what it needs in
// place. A step whose condition has one of the usual shapes answers it straight from the facts
// (a leaf: a fact against a constant number or text, a yes/no fact, a number fact against a
// table cell keyed by an enum fact; or `and` / `or` of two leaves). Whenever a value is not the
// plain kind the leaf expects (unknown, an error, another kind, a key out of range, a missing
// row), the step hands its whole condition to RunFastRoot, which answers as the tree does,
// errors and their messages included.
enum class LeafOp : uint8_t {
  kNumConst,   // facts[fact] OP k
  kTextConst,  // facts[fact] == / != consts[a] (a text)
  kFact,       // facts[fact] as a condition; mask 1: negated
  kNumTable,   // facts[fact] OP cells[a + facts[c]], for a key below n (one column of a table)
};
struct FastLeaf {
  LeafOp op = LeafOp::kFact;
  uint8_t mask = 0;  // CompareMask of the comparison (kFact: 1 when negated)
  uint32_t fact = 0;
  uint32_t a = 0, c = 0, n = 0;
  Rational k;
};
// One cell of a table column the plan compares with: `ok` when it is a number (a missing row,
// kError in the table, is the tree's to report).
struct PlanCell {
  Rational num;
  bool ok = false;
};
enum class StepOp : uint8_t { kLeaf, kAnd, kOr, kRoot };
inline constexpr size_t kMaxPlanGroups = 8;
struct FastStep {
  StepOp op = StepOp::kRoot;  // kRoot: RunFastRoot(root)
  RuleKind kind = RuleKind::kRequirement;
  uint8_t slot = kMaxPlanGroups;  // scoring: the score group a held item counts in, kMaxPlanGroups for none
  uint32_t root = 0;      // the rule's fast_root
  int64_t points = 0;     // scoring: the points, a constant whole number; 0 for any other rule
  FastLeaf left, right;   // kLeaf: left; kAnd / kOr: both
};
// The award the plan works out itself: floor(facts[fact] * k), then min / max with `bound`.
enum class PlanAward : uint8_t { kNone, kFloorMul, kFloorMulMin, kFloorMulMax };

// The plan over packed facts (DecidePacked, PackFacts; BuildFastPlan builds it with the plan
// above when every step is a leaf or `and` / `or` of two, and the award, if any, is the plan's).
// A packed row is int64 words: row[0] has bit j set when slot j holds a plain value, row[1 + j]
// is slot j. Every value is an integer, doubled so that a constant between two integers is an
// odd number: a number fact times its scale (1, or kDecimalScale for a decimal fact), a yes/no
// (0 or 2), an enum's index, a text's position among the constants its fact is compared with
// (0: none of them). Every leaf is then one test of an integer against an interval, the same
// for `<`, `==`, a yes/no or a table cell: a decision whose slots are all plain takes no
// branch on the facts, and any other one is DecideFast's.
enum class PackKind : uint8_t { kNumber, kBool, kEnum, kText };
inline constexpr int64_t kDecimalScale = 1'000'000;
inline constexpr int64_t kPackedLimit = int64_t{1} << 62;  // |a plain slot| <= this
struct PackedSlot {
  uint32_t fact = 0;
  PackKind kind = PackKind::kNumber;
  int64_t scale = 1;                   // kNumber
  std::vector<uint32_t> texts;         // kText: the constants (consts indices) compared with
  std::vector<uint8_t> keys;           // kEnum: 1 for an index every table it keys has a number for
};
// One test: row[x] - lo <= span as unsigned 64-bit numbers (row[x] within [lo, lo + span]),
// with lo, span at cells[base + i]: i is 0, or for a table the key's index row[key] / 2.
// `flip` turns the answer over (`!=`; a requirement, which fails when its test does not hold).
struct PackedLeaf {
  uint32_t x = 1, key = 0, base = 0;
  uint8_t flip = 0;
  int64_t keymask = 0;  // ~0 for a table, 0 otherwise (row[0] & 0 is index 0)
};
struct PackedCell {
  uint64_t lo = 0, span = 0;
};
struct PackedStep {
  PackedLeaf left, right;  // a step of one leaf has none on the right
  int64_t either = 0;      // 1: `or` (the step holds when either leaf does); 0: `and`
  int64_t points = 0;      // scoring
  uint8_t slot = 0;        // scoring: as FastStep::slot
};
// The sums a decision over packed facts adds up: whether it fails (a requirement that does
// not hold, an exclusion that does), how many scoring items that hold each score group has,
// and the score: their points, or 0 when a group has more than it allows.
struct PackedSums {
  int64_t fail = 0, total = 0;
  int32_t counts[8 + 1] = {};  // kMaxPlanGroups + 1 (no program has 2^31 scoring items)
};
// The plan's steps compiled to machine code (compile/packed_code.cpp), where elig can.
struct PackedCode;
using PackedKernel = void (*)(const int64_t* row, PackedSums* sums);
struct PackedPlan {
  bool ready = false;
  std::vector<PackedSlot> slots;
  uint64_t plain = 0;             // row[0] of a row whose every slot is plain
  std::vector<PackedCell> cells;  // the intervals leaves test, one a constant, n a table column
  // Steps by kind and shape, each run after the one before: tests that fail the decision when
  // they hold (a requirement's, flipped; an exclusion's); `or` requirements; `and` exclusions;
  // scoring items of one leaf; of two. ends[k] is where the k-th run ends.
  std::vector<PackedStep> steps;
  uint32_t ends[5] = {};
  uint32_t award = 0;  // the award fact's row index (FastPlan::award says the shape)
  std::shared_ptr<const PackedCode> code;  // the steps as machine code; null where elig has none
  PackedKernel kernel = nullptr;
  size_t Width() const { return ready ? 1 + slots.size() : 1; }
};

struct FastPlan {
  // False when the program has a shape the plan does not take (points that are not constant
  // whole numbers, `max_counted:`, more than kMaxPlanGroups score groups): DecideFast then
  // walks the rules.
  bool ready = false;
  std::vector<FastStep> steps;
  uint32_t exclusions = 0, scoring = 0;  // where the exclusions' and the scoring items' steps begin
  std::vector<int64_t> group_limits;  // max_items of each score group; INT64_MAX when none
  std::vector<PlanCell> cells;        // the table columns kNumTable leaves read, one after another
  PlanAward award = PlanAward::kNone;  // kNone: the award, if any, is the tree's
  uint32_t award_fact = 0;
  Rational award_k, award_bound;
  PackedPlan packed;
};

// Its metadata (ProgramAbout: id, version, title, window, …) is the rule file's.
struct CompiledProgram : ProgramAbout {
  std::string path;  // the program's file
  std::vector<std::string> source_paths;  // the program and every module it uses
  std::vector<std::string> themes;        // `themes:` (labels: ThemeLabel in syntax/rules.hpp)
  std::optional<CompiledApply> apply;     // `apply:`, when the file gives it
  // Enum values' labels are in each fact's spec.enum_def (EnumDef::Label).

  std::vector<CompiledFact> facts;
  std::vector<CompiledParam> params;
  std::vector<CompiledDefine> defines;
  std::vector<CompiledTable> tables;
  std::vector<CompiledRule> requirements, exclusions, scoring;
  int32_t award = -1;  // instr index, -1 when the program states no formula
  std::string award_text;
  std::vector<uint32_t> award_facts;
  // The award in words for the applicant (`award_says:`), and the values it names.
  LocalText award_says;
  std::vector<AwardTerm> award_terms;
  // 併給制限 and ranking, as declared (`combine:`, `ranking:`); the slots are resolved.
  std::optional<CombineDecl> combine;
  int combine_deduct_fact = -1;        // fact slot of combine->deduct_fact, -1 when none
  std::optional<RankingDecl> ranking;
  std::vector<int> tie_break_slots;    // parallel to ranking->tie_break; -1 = the award

  // Code: read and written only by compile/ and eval/ (tests/test_catalog.cpp holds every
  // other folder to the methods below). explain/, doc, store/, io/, cli/ and api/ read a
  // program through its metadata, its rules and these methods.
  std::vector<Instr> code;
  std::vector<InstrSource> sources;  // parallel to code
  std::vector<uint32_t> args;        // operand lists of kList / kCall
  std::vector<Value> consts;
  std::deque<std::string> strings;   // stable storage for text constants
  std::deque<ValueList> lists;       // stable storage for folded list constants
  uint32_t local_slots = 0;          // one per aggregate (EvalContext::locals)

  // The fast path (DecideFast): every rule's condition as FastNodes. Empty for a
  // program not built by Compile; DecideFast then interprets `code`.
  std::vector<FastNode> fast;
  std::vector<FastOperand> fast_args;  // operands of FastOp::kCall
  FastOperand fast_award;              // when award >= 0
  bool fast_ready = false;
  FastPlan fast_plan;                  // built with `fast`; used only while fast_ready
  // The traced path: reason_sites[site_of[instr]] for comparisons and fact reads (-1: none).
  std::vector<ReasonSite> reason_sites;
  std::vector<int32_t> site_of;
  // `len` calls over a text (the others count a list's items): a page says 文字数 for them.
  std::unordered_set<const ast::Node*> text_lengths;
  // Unique per compiled program in this process (0: none), so an EvalContext can
  // keep per-program state across calls without mistaking a new program at the same address.
  uint64_t serial = 0;

  int FindFact(const std::string& name) const;
  // Whether fact `f` is, with these values, not needed in itself: only a part of derived facts
  // that are known or not yet being worked out from their parts (see CompiledFact::parts).
  bool OnlyAPart(uint32_t f, const Value* values) const {
    if (f >= facts.size() || facts[f].derives.empty()) return false;
    for (uint32_t g : facts[f].derives) {
      if (values[g].kind != VKind::kUnknown) continue;
      for (uint32_t part : facts[g].parts)
        if (part != f && values[part].kind != VKind::kUnknown) return false;
    }
    return true;
  }

  // What explain/ and doc read of the code (compile/program.cpp); only compile/ and eval/
  // walk instructions themselves.
  // The definitions the rules and the award read, directly or through other definitions,
  // in order of first use.
  std::vector<uint32_t> DefinesUsed() const;
  // The expression instruction `instr` was compiled from; null for one the compiler made.
  const Expr* SourceOf(uint32_t instr) const;
  // The value of instruction `instr` when it is a constant; null otherwise.
  const Value* ConstantAt(uint32_t instr) const;
  const EnumDef* EnumOf(uint32_t fact) const { return facts[fact].spec.enum_def.get(); }
  const RecordDef* RecordOf(uint32_t fact) const { return facts[fact].spec.record.get(); }
  // Whether the `len(…)` call at `call` counts a text's characters (a page says 文字数), not a
  // list's items.
  bool IsTextLength(const ast::Node& call) const { return text_lengths.count(&call) > 0; }
  // The comparisons and fact reads the traced path reports; a Reason points at one of them,
  // and its index is the site's number in a compact explanation.
  const std::vector<ReasonSite>& ReasonSites() const { return reason_sites; }
};

struct CompileLimits {
  // Instructions per program: real programs compile to hundreds.
  uint32_t max_instructions = 1'000'000;
};

// Lowers a checked program. Never fails on a program the checker accepted,
// except for limits (reported as diagnostics).
std::unique_ptr<CompiledProgram> Compile(const CheckedProgram& checked, std::vector<Diagnostic>& diags,
                                         const CompileLimits& limits = {});

}  // namespace elig
