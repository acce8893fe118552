// A compiled program: immutable, slot-indexed, no string lookups at evaluation
// time. Built once, shared across threads, evaluated many times.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
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
};

enum class Fn : uint8_t { kMin, kMax, kFloor, kCeil, kRound, kAbs, kYearsBetween, kDaysBetween, kLen, kAny, kAll, kCount, kSum, kKnown };

struct Instr {
  Op op = Op::kConst;
  uint8_t fn = 0;
  uint32_t a = 0, b = 0, c = 0;
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
  std::string origin;  // file that declared it
  bool used = false;   // referenced by some expression of this program
};

struct CompiledParam {
  std::string name;
  std::vector<std::pair<std::optional<Date>, Value>> values;  // sorted by date; folded constants
};

struct CompiledDefine {
  std::string name;
  uint32_t root = 0;
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
};

struct CompiledProgram {
  // Metadata.
  std::string id, version, kind, authority, basis, note;
  LocalText title;
  std::optional<Date> window_from, window_to;
  std::optional<Rational> budget;
  std::string path;  // the program's file
  std::vector<std::string> source_paths;  // the program and every module it uses

  std::vector<CompiledFact> facts;
  std::vector<CompiledParam> params;
  std::vector<CompiledDefine> defines;
  std::vector<CompiledTable> tables;
  std::vector<CompiledRule> requirements, exclusions, scoring;
  std::vector<ScoreGroup> score_groups;
  int32_t award = -1;  // instr index, -1 when the program states no formula
  std::string award_text;
  LocalText award_note;
  std::vector<uint32_t> award_facts;

  // Code.
  std::vector<Instr> code;
  std::vector<InstrSource> sources;  // parallel to code
  std::vector<uint32_t> args;        // operand lists of kList / kCall
  std::vector<Value> consts;
  std::deque<std::string> strings;   // stable storage for text constants
  std::deque<ValueList> lists;       // stable storage for folded list constants

  int FindFact(const std::string& name) const;
  const EnumDef* EnumOf(uint32_t fact) const { return facts[fact].spec.enum_def.get(); }
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
