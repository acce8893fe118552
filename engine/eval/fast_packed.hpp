// SPDX-License-Identifier: Apache-2.0
// Facts packed for the fast path: an applicant's facts in 12 bytes each instead of a Value's 40,
// for callers that hold very many applicants bound in memory and decide them with DecideFast
// (a national run, a benchmark). Deciding reads a third of the bytes, and the answers are
// DecideFast's on the same Values, word for word: the flat plan's leaves read the packed
// payloads, and whatever else a decision needs (the tree, the award) reads Values made from them.
//
// Layout, PackedFactsSize(prog) bytes an applicant, 8-byte aligned: one int64 payload a fact
// (a number's numerator, a yes/no, an enum index or date, a text's address), then one uint32 tag
// a fact (kind, yen, a number's denominator).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "eval/decision.hpp"

namespace elig {

inline constexpr uint32_t kPackedKindMask = 0x0f;
inline constexpr uint32_t kPackedYen = 0x10;
inline constexpr uint32_t kPackedDenShift = 8;
inline constexpr uint64_t kPackedMaxDen = 0x00ff'ffff;  // larger denominators stay Values

// Bytes of one applicant's packed facts.
size_t PackedFactsSize(const CompiledProgram& prog);
// Packs one applicant's facts (prog.facts.size() Values) into `out` (PackedFactsSize bytes,
// 8-byte aligned). False when a value does not pack (a list, a record, a denominator over
// kPackedMaxDen): decide that applicant from its Values. A text is packed as its address: the
// storage the Values point into must outlive the packed facts.
bool PackFacts(const CompiledProgram& prog, const Value* facts, void* out);
// The Values back, as they were packed.
void UnpackFacts(const CompiledProgram& prog, const void* packed, std::vector<Value>& out);
// DecideFast over packed facts: the same decision as DecideFast on the Values they came from.
FastDecision DecideFastPacked(const CompiledProgram& prog, const void* packed, Date as_of, EvalContext& ctx);
// DecideFastPacked of `count` applicants packed one after another, `stride` bytes apart (a
// multiple of 8, at least PackedFactsSize), into out[0 .. count): each step of the plan over a
// block of applicants at a time, the step's shape looked at once a block.
void DecideFastPackedBlock(const CompiledProgram& prog, const void* packed, size_t stride, size_t count, Date as_of,
                           EvalContext& ctx, FastDecision* out);

}  // namespace elig
