// SPDX-License-Identifier: Apache-2.0
#include "store/batch_eval.hpp"

#include <atomic>
#include <nlohmann/json.hpp>
#include <simdjson.h>
#include <set>
#include <thread>

#include "common/utf8.hpp"
#include "eval/combine.hpp"
#include "explain/explain.hpp"
#include "io/jsonl.hpp"

namespace elig::store::batch {

using json = nlohmann::json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

Evaluator::Evaluator(const std::vector<const CompiledProgram*>& programs, const BatchOptions& options, Date default_as_of,
          const std::vector<std::string>& audit_hashes, int64_t audit_from, const std::string& audit_origin)
    : programs_(programs),
      options_(options),
      default_as_of_(default_as_of),
      audit_hashes_(audit_hashes),
      audit_from_(audit_from),
      audit_origin_(audit_origin) {
  for (size_t k = 0; k < programs.size(); ++k)
    for (size_t slot = 0; slot < programs[k]->facts.size(); ++slot) {
      const CompiledFact& fact = programs[k]->facts[slot];
      Slots& slots = slots_[fact.name];
      auto same = static_cast<uint32_t>(slots.size());
      for (uint32_t j = 0; j < slots.size(); ++j)
        // Lists of records are read by their fields, which ReadAlike does not compare.
        if (slots[j].same == j && !fact.spec.record && ReadAlike(programs[slots[j].k]->facts[slots[j].slot], fact)) {
          same = j;
          break;
        }
      slots.push_back({static_cast<uint32_t>(k), static_cast<uint32_t>(slot), same});
    }
}

// Bind (eval/input.cpp) for every program at once, looking each name up once per row
// instead of once per program: the same values and issues, in the same order.
// `bound` may hold an earlier row's values: each program's are reset, their storage kept.
void Evaluator::BindAll(const Applicant& a, std::vector<FactValues>& bound, std::vector<std::string>& unknown) const {
  Reset(bound);
  for (const auto& raw : a.facts) {
    auto it = slots_.find(raw.name);
    if (it == slots_.end()) {
      unknown.push_back(raw.name);
      continue;
    }
    for (auto [k, slot, same] : it->second) {
      LocalText error;
      auto v = ParseFactValue(programs_[k]->facts[slot], raw.value, bound[k], error);
      if (!v) {
        bound[k].issues.push_back({raw.name, std::move(error), IssueLoc(a, raw)});
        continue;
      }
      bound[k].values[slot] = *v;
    }
  }
}

// Reads the columns of `in`'s header once (ApplicantStream::Columns), for BindPlain.
void Evaluator::UseColumns(const ApplicantStream& in) {
  columns_.clear();
  for (const auto& name : in.Columns()) columns_.push_back(ColumnOf(name));
}

// The short way for a row whose values are single scalars or (CSV) lists in one cell
// (ApplicantStream::PlainFacts): each bound to its slots by its column (CSV) or key (JSON
// Lines), without the row's RawFacts. What the row gets is what ParseRecord and BindAll give it — its id, as_of,
// values and unknown columns — except the RawFacts themselves, which nothing after
// binding reads (the audit, which does, takes the long way). False at the first value
// that would be an issue (a bad value, a bad as_of): the row is then read the long way,
// which says why.
bool Evaluator::BindPlain(RowResult& r, const ApplicantStream& in, std::vector<FactValues>& bound) const {
  thread_local std::vector<PlainFact> facts;
  thread_local std::string error;
  if (!in.PlainFacts(r.raw, facts)) return false;
  Reset(bound);
  InputRow& row = r.row;
  row.line = r.raw.line;
  bool has_id = false;
  for (size_t i = 0; i < facts.size(); ++i) {
    const PlainFact& f = facts[i];
    const Column c = i < columns_.size() ? columns_[i] : ColumnOf(f.name);
    if (c.kind == Column::kUnknown) {
      r.unknown.emplace_back(f.name);
      continue;
    }
    if (f.null) continue;  // unknown, as it was reset
    if (c.kind == Column::kFact) {
      if (!BindValue(*c.slots, f, bound, error)) return false;
      continue;
    }
    // `id` and `as_of`, as input_detail::SpecialColumn reads them.
    std::string_view t = utf8::TrimBlanks(f.text);
    if (t.empty()) continue;
    if (c.kind == Column::kId) {
      row.applicant.id.assign(t);
      has_id = true;
    } else if (!(row.applicant.as_of = ParseDate(t))) {
      return false;
    }
  }
  if (!has_id) row.applicant.id = "line " + std::to_string(row.line);
  return true;
}

template <class Parse>
bool Evaluator::BindSlots(const Slots& slots, std::vector<FactValues>& bound, Parse&& parse) const {
  for (uint32_t j = 0; j < slots.size(); ++j) {
    const Slot& s = slots[j];
    if (s.same != j) {
      bound[s.k].values[s.slot] = bound[slots[s.same].k].values[slots[s.same].slot];
      continue;
    }
    auto v = parse(programs_[s.k]->facts[s.slot], bound[s.k]);
    if (!v) return false;
    bound[s.k].values[s.slot] = *v;
  }
  return true;
}

bool Evaluator::BindValue(const Slots& slots, const PlainFact& f, std::vector<FactValues>& bound,
                          std::string& error) const {
  // A scalar makes no RawValue: clearing one for every cell was a tenth of this thread's time.
  if (!f.list)
    return BindSlots(slots, bound, [&](const CompiledFact& fact, FactValues& storage) {
      return ParseFactScalar(fact, f.text, storage, error);
    });
  // A list as ParseRecord reads its cell (its place only matters to an issue, which the long way says).
  RawValue list = input_detail::CellValue(std::string(f.text), false, f.list_fact, SourceLoc{});
  return BindSlots(slots, bound, [&](const CompiledFact& fact, FactValues& storage) {
    return ParseFactValue(fact, list, storage, error);
  });
}

// Decides one row (parsing it first when it was read split) through the screening call
// (eval/screen.hpp); `scratch` is the calling thread's.
void Evaluator::Run(RowResult& r, const ApplicantStream& in, ScreenScratch& scratch) const {
  bool audit = !audit_hashes_.empty() && static_cast<int64_t>(r.row.seq) >= audit_from_;
  // The thread's, kept from row to row: a FactValues allocates five times when made.
  thread_local std::vector<FactValues> bound;
  thread_local Screening screening;
  r.plain = r.split && !audit && options_.plain_facts && BindPlain(r, in, bound);
  if (!r.plain) {
    r.unknown.clear();
    if (r.split) in.ParseRecord(r.raw, r.row);
    r.issues = r.row.issues;
    if (!r.row.readable) return;
    if (!r.split) r.facts_json = InputsJson(r.row.applicant);
    BindAll(r.row.applicant, bound, r.unknown);
  }
  const Applicant& a = r.row.applicant;
  // Valid UTF-8 as utf8::FindInvalid has it (no overlong forms, surrogates or values past
  // U+10FFFF), checked by simdjson's validator in about an eighth of the instructions.
  if (r.split) r.record_is_text = simdjson::validate_utf8(r.raw.text.data(), r.raw.text.size());
  std::set<std::pair<std::string, std::string>> seen_issues;
  for (const auto& i : r.issues) seen_issues.insert({i.fact, i.message.en});
  for (size_t k = 0; k < programs_.size(); ++k)
    for (const auto& i : bound[k].issues)
      if (seen_issues.insert({i.fact, i.message.en}).second) r.issues.push_back(i);
  ScreenOptions so;
  so.as_of = options_.as_of ? *options_.as_of : a.as_of ? *a.as_of : default_as_of_;
  so.path = options_.explain != ExplainMode::kNone || audit ? ScreenPath::kReasons : ScreenPath::kFast;
  Screen(programs_, bound.data(), so, scratch, screening);
  r.results.resize(programs_.size());
  for (size_t k = 0; k < programs_.size(); ++k) {
    const ProgramScreening& ps = screening.programs[k];
    ProgramResult& out = r.results[k];
    out = ProgramResult();
    if (audit) {
      r.audit.push_back(MakeAuditRecord(ps.decision, audit_hashes_[k], a, options_.lang, audit_origin_,
                                        static_cast<int64_t>(r.row.seq)));
      if (options_.explain == ExplainMode::kFull) out.explanation = r.audit.back().explanation;
    }
    if (options_.explain != ExplainMode::kNone && !out.explanation)
      out.explanation = options_.explain == ExplainMode::kCompact ? RenderCompactJson(ps.decision)
                                                                   : RenderJson(ps.decision, options_.lang);
    Store(ps, out);
  }
}

// A program's screening as the results table keeps it.
void Evaluator::Store(const ProgramScreening& ps, ProgramResult& out) const {
  out.outcome = ps.outcome;
  out.score = ps.score;
  out.award = ps.award;
  out.final_award = ps.final_award;
  out.missing.assign(ps.missing.begin(), ps.missing.end());
  if (!ps.errors.empty()) out.errors = Dump(json(ps.errors));
  out.combined = ps.Combined();
  if (!out.combined) return;
  json notes = json::array();
  for (const auto& n : ps.combined.notes)
    notes.push_back({{"kind", CombineKindName(n.kind)},
                     {"other", n.other},
                     {"declared_by", n.declared_by},
                     {"text", RenderCombineNote(n, options_.lang)}});
  out.combine = Dump(notes);
}

void Evaluator::Reset(std::vector<FactValues>& bound) const {
  bound.resize(programs_.size());
  for (size_t k = 0; k < programs_.size(); ++k) {
    bound[k].values.assign(programs_[k]->facts.size(), Value::Unknown());
    bound[k].texts.clear();
    bound[k].lists.clear();
    bound[k].issues.clear();
  }
}

Evaluator::Column Evaluator::ColumnOf(std::string_view name) const {
  if (name == "id") return {Column::kId};
  if (name == "as_of") return {Column::kAsOf};
  auto it = slots_.find(name);
  return it == slots_.end() ? Column{} : Column{Column::kFact, &it->second};
}

void EvaluateChunk(Chunk& chunk, const Evaluator& ev, const ApplicantStream& in, std::vector<ScreenScratch>& contexts,
                   const std::function<void()>& meanwhile) {
  std::atomic<size_t> next{0};
  auto work = [&](ScreenScratch& ctx) {
    for (size_t i = next++; i < chunk.rows.size(); i = next++) ev.Run(chunk.rows[i], in, ctx);
  };
  std::vector<std::thread> pool;
  size_t helpers = std::min(contexts.size() - 1, chunk.rows.size() / 8);  // tiny chunks are not worth a thread
  for (size_t t = 0; t < helpers; ++t) pool.emplace_back(work, std::ref(contexts[t + 1]));
  if (meanwhile) meanwhile();
  work(contexts[0]);
  for (auto& th : pool) th.join();
}

}  // namespace elig::store::batch
