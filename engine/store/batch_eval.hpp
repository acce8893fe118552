// SPDX-License-Identifier: Apache-2.0
// Deciding a batch's rows: each row bound to every chosen program at once and screened
// (eval/screen.hpp), on the threads of a chunk. Internal to store/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "eval/screen.hpp"
#include "store/batch.hpp"
#include "store/batch_rows.hpp"

namespace elig::store::batch {

class Evaluator {
 public:
  Evaluator(const std::vector<const CompiledProgram*>& programs, const BatchOptions& options, Date default_as_of,
            const std::vector<std::string>& audit_hashes, int64_t audit_from, const std::string& audit_origin);

  // Binds an applicant for every program, looking each name up once.
  void BindAll(const Applicant& a, std::vector<FactValues>& bound, std::vector<std::string>& unknown) const;
  // Reads the columns of `in`'s header once, for BindPlain.
  void UseColumns(const ApplicantStream& in);
  // Binds a row of single scalars without its RawFacts; false when it needs the long way.
  bool BindPlain(RowResult& r, const ApplicantStream& in, std::vector<FactValues>& bound) const;
  // Decides one row; `scratch` is the calling thread's.
  void Run(RowResult& r, const ApplicantStream& in, ScreenScratch& scratch) const;

 private:
  void Store(const ProgramScreening& ps, ProgramResult& out) const;
  void Reset(std::vector<FactValues>& bound) const;

  // Where programs declare a fact: program k's slot, and the index in the list of the
  // first slot that reads an answer alike (ReadAlike; its own index when none does).
  struct Slot {
    uint32_t k, slot, same;
  };
  using Slots = std::vector<Slot>;
  // Binds a cell's value (a scalar's text, or a list as CellValue makes it) to every slot of
  // its fact: read once for the slots that read it alike, whose values then point into the
  // same program's storage (all of `bound` is reset together). False at the first refusal.
  bool BindValue(const Slots& slots, const PlainFact& f, std::vector<FactValues>& bound, std::string& error) const;
  // Binds one value to each of `slots`, read by `parse(fact, storage)` (ReadAlike slots copied).
  template <class Parse>
  bool BindSlots(const Slots& slots, std::vector<FactValues>& bound, Parse&& parse) const;
  // What the value of a column or key is to the programs.
  struct Column {
    enum Kind : uint8_t { kUnknown, kId, kAsOf, kFact } kind = kUnknown;
    const Slots* slots = nullptr;  // kFact
  };
  Column ColumnOf(std::string_view name) const;
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const std::vector<const CompiledProgram*>& programs_;
  const BatchOptions& options_;
  Date default_as_of_;
  const std::vector<std::string>& audit_hashes_;
  int64_t audit_from_;
  std::string audit_origin_;
  std::unordered_map<std::string, Slots, NameHash, std::equal_to<>> slots_;  // fact name -> where programs declare it
  std::vector<Column> columns_;                   // of the input's header, when it has one
};

// Decides the rows of a chunk on as many threads as `contexts` has (the caller's among them).
// The calling thread first runs `meanwhile` (when given) while the others decide, then
// joins them: the batch reads its next chunk there. `meanwhile` may advance `in` (read
// records): deciding a row reads only what the stream fixed when it opened.
void EvaluateChunk(Chunk& chunk, const Evaluator& ev, const ApplicantStream& in, std::vector<ScreenScratch>& contexts,
                   const std::function<void()>& meanwhile = {});

}  // namespace elig::store::batch
