// SPDX-License-Identifier: Apache-2.0
// The packed plan's steps as x86-64 machine code (program.hpp: PackedKernel), generated with
// Xbyak when the program is compiled. Each leaf becomes a load of its slot, a subtraction
// and an unsigned compare with the interval's bounds as immediates, and a set of a byte:
// what the hand-written if-chain does, without a branch. The code reads only the row and
// the kernel's own copy of the table columns, and writes only PackedSums. Its memory is
// writable while it is generated and executable, not writable, once it is run. Where
// elig is built without Xbyak, on another processor, where the system refuses executable
// memory, or with ELIG_JIT=0 (off, no) in the environment, there is no kernel and DecidePacked runs
// the plan's loops: the answers are the same either way (tests/test_packed.cpp).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "compile/machine.hpp"

#if ELIG_PACKED_CODE
#include <xbyak/xbyak.h>
#endif

namespace elig {

#if ELIG_PACKED_CODE

struct PackedCode {
  std::vector<PackedCell> cells;  // the kernel's own copy: a copied program shares the kernel
  std::unique_ptr<Xbyak::CodeGenerator> gen;
};

namespace {

using namespace Xbyak::util;

bool FitsInt32(uint64_t v) {
  const auto s = static_cast<int64_t>(v);
  return s >= INT32_MIN && s <= INT32_MAX;
}

class Emitter {
 public:
  Emitter(Xbyak::CodeGenerator& g, const PackedCell* cells) : g_(g), cells_(cells) {}

  // dl = the leaf's answer (0 or 1), flipped as it says. Uses rax, rcx, rdx.
  void Leaf(const PackedLeaf& l) {
    g_.mov(rax, g_.qword[rdi + static_cast<int>(8 * l.x)]);
    if (l.keymask == 0) {
      const PackedCell& c = cells_[l.base];
      if (FitsInt32(c.lo)) {
        if (c.lo != 0) g_.sub(rax, static_cast<uint32_t>(c.lo));
      } else {
        g_.mov(rdx, c.lo);
        g_.sub(rax, rdx);
      }
      if (FitsInt32(c.span)) {
        g_.cmp(rax, static_cast<uint32_t>(c.span));
      } else {
        g_.mov(rdx, c.span);
        g_.cmp(rax, rdx);
      }
    } else {
      // The column's cell at the key's index: PackedCell is 16 bytes, lo then span.
      g_.mov(rcx, g_.qword[rdi + static_cast<int>(8 * l.key)]);
      g_.sar(rcx, 1);
      g_.shl(rcx, 4);
      g_.mov(rdx, reinterpret_cast<uint64_t>(cells_ + l.base));
      g_.add(rcx, rdx);
      g_.sub(rax, g_.qword[rcx]);
      g_.cmp(rax, g_.qword[rcx + 8]);
    }
    if (l.flip) g_.seta(dl);  // above the span: the test does not hold
    else g_.setbe(dl);
  }

  // dl = the step's answer: one leaf, or `and` / `or` of two. Uses rax, rcx, rdx, r10.
  void Step(const PackedStep& s, bool pair) {
    Leaf(s.left);
    if (!pair) return;
    g_.mov(r10d, edx);
    Leaf(s.right);
    if (s.either) g_.or_(dl, r10b);
    else g_.and_(dl, r10b);
  }

 private:
  Xbyak::CodeGenerator& g_;
  const PackedCell* cells_;
};

// The kernel: void(const int64_t* row = rdi, PackedSums* sums = rsi), which the caller
// zeroes. r8b gathers `fail`, r9 the points; the group counts are added in place, and the
// score is voided at the end as the groups' limits say.
void Generate(Xbyak::CodeGenerator& g, const PackedPlan& pk, const std::vector<int64_t>& limits, const PackedCell* cells) {
  static_assert(offsetof(PackedSums, fail) == 0 && offsetof(PackedSums, total) == 8 &&
                offsetof(PackedSums, counts) == 16 && sizeof(PackedSums::counts[0]) == 4);
  Emitter e(g, cells);
  g.xor_(r8d, r8d);
  g.xor_(r9d, r9d);
  const PackedStep* s = pk.steps.data();
  const uint32_t begins[5] = {0, pk.ends[0], pk.ends[1], pk.ends[2], pk.ends[3]};
  for (int run = 0; run < 5; ++run) {
    const bool pair = run == 1 || run == 2 || run == 4;
    for (uint32_t i = begins[run]; i < pk.ends[run]; ++i) {
      e.Step(s[i], pair);
      if (run == 1) g.xor_(dl, 1);  // an `or` requirement fails when neither leaf holds
      if (run < 3) {
        g.or_(r8b, dl);
        continue;
      }
      // Scoring: the points under a mask of the answer, and one more item in its group.
      g.movzx(edx, dl);
      g.add(g.dword[rsi + 16 + 4 * static_cast<int>(s[i].slot)], edx);
      g.neg(rdx);
      if (s[i].points >= INT32_MIN && s[i].points <= INT32_MAX) {
        g.and_(rdx, static_cast<uint32_t>(s[i].points));
      } else {
        g.mov(rax, static_cast<uint64_t>(s[i].points));
        g.and_(rdx, rax);
      }
      g.add(r9, rdx);
    }
  }
  // A score group with more items than it allows voids the score (r10b gathers it). A limit
  // past what an int32 count can reach is never passed.
  g.xor_(r10d, r10d);
  for (size_t k = 0; k < limits.size(); ++k) {
    if (limits[k] >= INT32_MAX) continue;
    g.cmp(g.dword[rsi + 16 + 4 * static_cast<int>(k)], static_cast<uint32_t>(limits[k] < INT32_MIN ? INT32_MIN : limits[k]));
    g.setg(al);
    g.or_(r10b, al);
  }
  g.movzx(r10d, r10b);
  g.sub(r10, 1);  // all ones when not voided, 0 when voided
  g.and_(r9, r10);
  g.movzx(r8d, r8b);
  g.mov(g.qword[rsi], r8);
  g.mov(g.qword[rsi + 8], r9);
  g.ret();
}

// ELIG_JIT=0 (or off, no): no machine code, as ELIG_CACHE=0 keeps no cache.
bool Wanted() {
  const char* env = std::getenv("ELIG_JIT");
  return !env || (std::strcmp(env, "0") != 0 && std::strcmp(env, "off") != 0 && std::strcmp(env, "no") != 0);
}

}  // namespace

void BuildPackedCode(const std::vector<int64_t>& group_limits, PackedPlan& pk) {
  pk.code = nullptr;
  pk.kernel = nullptr;
  static const bool wanted = Wanted();
  if (!pk.ready || !wanted) return;
  try {
    auto code = std::make_shared<PackedCode>();
    code->cells = pk.cells;
    // At most about 90 bytes a leaf and 40 more a step; a page at least.
    const size_t size = 4096 + pk.steps.size() * 256;
    code->gen = std::make_unique<Xbyak::CodeGenerator>(size, Xbyak::DontSetProtectRWE);
    Generate(*code->gen, pk, group_limits, code->cells.data());
    if (!code->gen->setProtectModeRE(false)) return;  // no executable memory here: the loops
    pk.kernel = code->gen->getCode<PackedKernel>();
    pk.code = std::move(code);
  } catch (...) {  // Xbyak::Error, std::bad_alloc: the loops answer the same
    pk.code = nullptr;
    pk.kernel = nullptr;
  }
}

#else

struct PackedCode {};

void BuildPackedCode(const std::vector<int64_t>&, PackedPlan& pk) {
  pk.code = nullptr;
  pk.kernel = nullptr;
}

#endif

}  // namespace elig
