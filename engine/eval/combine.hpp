// SPDX-License-Identifier: Apache-2.0
// 併給制限: rules on combining programs. A program may declare that it cannot be
// combined with others (`combine: not_with`), or that another grant for the same
// costs is deducted (`combine: deduct`, 前橋市 GM-MAE-OTHER). Given one applicant's
// decisions across programs, Combine returns the adjusted view — which grants
// count and for how much — with the reasons, so `batch` and `match` agree.
//
// The order is fixed and documented (docs/language.md, "Combining programs"):
//   1. among eligible programs that cannot be combined, the one with the larger
//      award is kept (then the higher score, then the smaller program id);
//   2. each kept program that deducts other grants subtracts the *own* award of
//      every kept program it names (never an already deducted one, so two
//      programs that deduct each other give a stable answer).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/source.hpp"
#include "compile/program.hpp"
#include "eval/decision.hpp"

namespace elig {

// One program's decision for one applicant, as combining needs it.
struct CombineInput {
  const CompiledProgram* program = nullptr;
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;  // nullopt: not determinable
  // The applicant's facts bound for this program (one per fact slot): needed to
  // recompute the award when `deduct: fact:` adds other grants to a fact.
  const Value* facts = nullptr;
  Date as_of;
};

CombineInput MakeCombineInput(const Decision& d, const FactValues& facts);

enum class CombineKind : uint8_t {
  kNotWith,         // this grant is not counted: the other program is kept instead
  kNotWithPending,  // cannot be combined with the other one, whose outcome is not settled
  kDeduct,          // the other program's award was deducted
  kDeductPending,   // the other program's award would be deducted, but it is not settled
};
const char* CombineKindName(CombineKind k);  // "not-with", "not-with-pending", "deduct", "deduct-pending"

struct CombineNote {
  CombineKind kind = CombineKind::kNotWith;
  std::string other;           // the other program's id
  LocalText other_title;
  std::string declared_by;     // the program whose `combine:` says so
  std::optional<Rational> amount;         // kDeduct: the other award deducted
  std::optional<Rational> before, after;  // kDeduct: this award before and after
  LocalText text;              // the rule's `text:` and `cite:`
  std::string cite;
};

struct CombinedView {
  bool blocked = false;             // eligible, but a program it cannot be combined with is kept
  std::string blocked_by;
  std::optional<Rational> award;    // after 併給制限: 0 when blocked; nullopt when not determinable
  std::vector<CombineNote> notes;
};

// The view of each input, in the same order. Programs without `combine:` and
// not named by another's `combine:` come back unchanged (award = their award).
std::vector<CombinedView> Combine(const std::vector<CombineInput>& decisions);

// True when any of the programs declares `combine:` (callers may skip Combine otherwise).
bool HasCombiningRules(const std::vector<const CompiledProgram*>& programs);

// Warnings for `combine:` entries that name programs not in the set (with the place).
std::vector<Diagnostic> CheckCombining(const std::vector<const CompiledProgram*>& programs);

}  // namespace elig
