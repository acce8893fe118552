// SPDX-License-Identifier: Apache-2.0
// Programs: opening one by id, and its applicant schema for host forms.
#include <algorithm>

#include "capi.hpp"

using elig::capi::Guard;

namespace elig::capi {

int FactTypeCode(BaseType t) {
  switch (t) {
    case BaseType::kBool: return ELIG_FACT_BOOL;
    case BaseType::kInt: return ELIG_FACT_INT;
    case BaseType::kDecimal: return ELIG_FACT_DECIMAL;
    case BaseType::kYen: return ELIG_FACT_YEN;
    case BaseType::kText: return ELIG_FACT_TEXT;
    case BaseType::kDate: return ELIG_FACT_DATE;
    case BaseType::kEnum: return ELIG_FACT_ENUM;
    case BaseType::kList: return ELIG_FACT_LIST;
    case BaseType::kError: break;
  }
  return 0;
}

}  // namespace elig::capi

namespace {

const elig::CompiledFact* FactAt(const elig_program* p, size_t index) {
  return index < p->prog->facts.size() ? &p->prog->facts[index] : nullptr;
}

}  // namespace

extern "C" {

int elig_program_open(const elig_rules* rules, const char* id, elig_program** out) {
  if (out) *out = nullptr;
  if (!rules || !id || !out) return ELIG_MISUSE;
  return Guard([&] {
    const elig::CompiledProgram* prog = rules->set->Find(id);
    if (!prog) {
      const auto& failed = rules->set->failed();
      return std::find(failed.begin(), failed.end(), id) != failed.end() ? ELIG_RULES : ELIG_NOTFOUND;
    }
    auto p = std::make_unique<elig_program>();
    p->set = rules->set;
    p->audit = rules->audit;
    p->prog = prog;
    for (const auto& f : prog->facts) p->type_names.push_back(elig::TypeSpecName(f.spec));
    *out = p.release();
    return ELIG_OK;
  });
}

void elig_program_free(elig_program* program) {
  try {
    delete program;
  } catch (...) {
  }
}

int elig_program_id(const elig_program* program, const char** out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = program->prog->id.c_str();
  return ELIG_OK;
}

int elig_program_version(const elig_program* program, const char** out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = program->prog->version.c_str();
  return ELIG_OK;
}

int elig_program_title(const elig_program* program, int lang, const char** out) {
  elig::Lang l;
  if (!program || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  *out = program->prog->title.Get(l).c_str();
  return ELIG_OK;
}

int elig_program_fact_count(const elig_program* program, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = program->prog->facts.size();
  return ELIG_OK;
}

int elig_program_fact(const elig_program* program, size_t index, const char** name, int* type, const char** type_name) {
  if (!program) return ELIG_MISUSE;
  const elig::CompiledFact* f = FactAt(program, index);
  if (!f) return ELIG_RANGE;
  if (name) *name = f->name.c_str();
  if (type) *type = elig::capi::FactTypeCode(f->spec.base);
  if (type_name) *type_name = program->type_names[index].c_str();
  return ELIG_OK;
}

int elig_program_fact_find(const elig_program* program, const char* name, size_t* index) {
  if (!program || !name || !index) return ELIG_MISUSE;
  return Guard([&] {
    int slot = program->prog->FindFact(name);
    if (slot < 0) return ELIG_UNKNOWN_FACT;
    *index = static_cast<size_t>(slot);
    return ELIG_OK;
  });
}

int elig_program_fact_question(const elig_program* program, size_t index, int lang, const char** out) {
  elig::Lang l;
  if (!program || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const elig::CompiledFact* f = FactAt(program, index);
  if (!f) return ELIG_RANGE;
  *out = f->ask.Get(l).c_str();
  return ELIG_OK;
}

int elig_program_fact_used(const elig_program* program, size_t index, int* out) {
  if (!program || !out) return ELIG_MISUSE;
  const elig::CompiledFact* f = FactAt(program, index);
  if (!f) return ELIG_RANGE;
  *out = f->used ? 1 : 0;
  return ELIG_OK;
}

int elig_program_fact_choice_count(const elig_program* program, size_t index, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  const elig::CompiledFact* f = FactAt(program, index);
  if (!f) return ELIG_RANGE;
  *out = f->spec.enum_def ? f->spec.enum_def->values.size() : 0;
  return ELIG_OK;
}

int elig_program_fact_choice(const elig_program* program, size_t index, size_t choice, const char** out) {
  if (!program || !out) return ELIG_MISUSE;
  const elig::CompiledFact* f = FactAt(program, index);
  if (!f || !f->spec.enum_def || choice >= f->spec.enum_def->values.size()) return ELIG_RANGE;
  *out = f->spec.enum_def->values[choice].c_str();
  return ELIG_OK;
}

}  // extern "C"
