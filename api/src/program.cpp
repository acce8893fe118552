// SPDX-License-Identifier: Apache-2.0
// Programs: opening one by id, its applicant schema for host forms, and its metadata.
#include <algorithm>

#include "capi.hpp"
#include "syntax/rules.hpp"

using elig::capi::Give;
using elig::capi::GiveEither;
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
    case BaseType::kList: return ELIG_FACT_LIST;  // a list of records too: its items are JSON objects
    case BaseType::kRecord:
    case BaseType::kError: break;
  }
  return 0;
}

void OpenProgram(const std::shared_ptr<const RuleSet>& set, const CompiledProgram& prog, elig_program& p) {
  p.set = set;
  p.prog = &prog;
  for (const auto& f : prog.facts)
    p.fact_texts.push_back({TypeSpecName(f.spec), f.min ? f.min->ToString() : "", f.max ? f.max->ToString() : ""});
  if (prog.window_from) p.window_open = FormatDate(*prog.window_from);
  if (prog.window_to) p.window_close = FormatDate(*prog.window_to);
}

}  // namespace elig::capi

namespace {

// Runs `read` on fact `index` of the program: ELIG_MISUSE for a NULL program, a required
// out pointer not `given` or a bad language; ELIG_RANGE past the last fact.
template <class F>
int OnFact(const elig_program* p, size_t index, bool given, F&& read, int lang = ELIG_LANG_EN) {
  elig::Lang l;
  if (!p || !given || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  if (index >= p->prog->facts.size()) return ELIG_RANGE;
  return read(p->prog->facts[index], p->fact_texts[index], l);
}

const std::vector<elig::LocalText> kNoDocuments;
const std::vector<elig::CompiledDeadline> kNoDeadlines;

const std::vector<elig::LocalText>& Documents(const elig_program* p) {
  return p->prog->apply ? p->prog->apply->documents : kNoDocuments;
}
const std::vector<elig::CompiledDeadline>& Deadlines(const elig_program* p) {
  return p->prog->apply ? p->prog->apply->deadlines : kNoDeadlines;
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
    elig::capi::OpenProgram(rules->set, *prog, *p);
    p->audit = rules->audit;
    *out = p.release();
    return ELIG_OK;
  });
}

void elig_program_free(elig_program* program) { elig::capi::Free(program); }

int elig_program_id(const elig_program* program, const char** out) {
  return program ? Give(out, program->prog->id) : ELIG_MISUSE;
}

int elig_program_version(const elig_program* program, const char** out) {
  return program ? Give(out, program->prog->version) : ELIG_MISUSE;
}

int elig_program_kind(const elig_program* program, const char** out) {
  return program ? Give(out, program->prog->kind) : ELIG_MISUSE;
}

int elig_program_title(const elig_program* program, int lang, const char** out) {
  elig::Lang l;
  if (!program || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  return Give(out, program->prog->title.Get(l));
}

int elig_program_fact_count(const elig_program* program, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = program->prog->facts.size();
  return ELIG_OK;
}

int elig_program_fact(const elig_program* program, size_t index, const char** name, int* type, const char** type_name) {
  return OnFact(program, index, true, [&](const elig::CompiledFact& f, const elig_fact_texts& t, elig::Lang) {
    if (type) *type = elig::capi::FactTypeCode(f.spec.base);
    return GiveEither(name, f.name, type_name, t.type_name);
  });
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
  return OnFact(
      program, index, out != nullptr, [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang l) { return Give(out, f.ask.Get(l)); },
      lang);
}

int elig_program_fact_label(const elig_program* program, size_t index, int lang, const char** out) {
  return OnFact(
      program, index, out != nullptr, [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang l) { return Give(out, f.label.Get(l)); },
      lang);
}

int elig_program_fact_bounds(const elig_program* program, size_t index, const char** min, const char** max) {
  return OnFact(program, index, true,
                [&](const elig::CompiledFact&, const elig_fact_texts& t, elig::Lang) { return GiveEither(min, t.min, max, t.max); });
}

int elig_program_fact_used(const elig_program* program, size_t index, int* out) {
  return OnFact(program, index, out != nullptr, [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang) {
    *out = f.used ? 1 : 0;
    return ELIG_OK;
  });
}

int elig_program_fact_choice_count(const elig_program* program, size_t index, size_t* out) {
  return OnFact(program, index, out != nullptr, [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang) {
    *out = f.spec.enum_def ? f.spec.enum_def->values.size() : 0;
    return ELIG_OK;
  });
}

int elig_program_fact_choice_label(const elig_program* program, size_t index, size_t choice, int lang, const char** out) {
  return OnFact(
      program, index, out != nullptr,
      [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang l) {
        const elig::EnumDef* e = f.spec.enum_def.get();
        if (!e || choice >= e->values.size()) return ELIG_RANGE;
        return Give(out, e->Label(choice, l));
      },
      lang);
}

int elig_program_fact_choice(const elig_program* program, size_t index, size_t choice, const char** out) {
  return OnFact(program, index, out != nullptr, [&](const elig::CompiledFact& f, const elig_fact_texts&, elig::Lang) {
    const elig::EnumDef* e = f.spec.enum_def.get();
    return e && choice < e->values.size() ? Give(out, e->values[choice]) : ELIG_RANGE;
  });
}

int elig_program_window(const elig_program* program, const char** open, const char** close) {
  return program ? GiveEither(open, program->window_open, close, program->window_close) : ELIG_MISUSE;
}

int elig_program_open_on(const elig_program* program, const char* date, int* out) {
  if (!program || !date || !out) return ELIG_MISUSE;
  return Guard([&] {
    auto d = elig::ParseDate(date);
    if (!d) return ELIG_VALUE;
    const elig::CompiledProgram& p = *program->prog;
    *out = (!p.window_from || *p.window_from <= *d) && (!p.window_to || *d <= *p.window_to) ? 1 : 0;
    return ELIG_OK;
  });
}

int elig_program_theme_count(const elig_program* program, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = program->prog->themes.size();
  return ELIG_OK;
}

int elig_program_theme(const elig_program* program, size_t index, int lang, const char** id, const char** label) {
  elig::Lang l;
  if (!program || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto& themes = program->prog->themes;
  if (index >= themes.size()) return ELIG_RANGE;
  const elig::LocalText* text = elig::ThemeLabel(themes[index]);
  return GiveEither(id, themes[index], label, text ? text->Get(l) : themes[index]);
}

int elig_program_apply(const elig_program* program, int lang, const char** where, const char** url, const char** how,
                       const char** note) {
  elig::Lang l;
  if (!program || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto& apply = program->prog->apply;
  if (!apply) return ELIG_ABSENT;
  GiveEither(where, apply->where.Get(l), url, apply->url);
  return GiveEither(how, apply->how.Get(l), note, apply->note.Get(l));
}

int elig_program_apply_document_count(const elig_program* program, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = Documents(program).size();
  return ELIG_OK;
}

int elig_program_apply_document(const elig_program* program, size_t index, int lang, const char** out) {
  elig::Lang l;
  if (!program || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto& documents = Documents(program);
  return index < documents.size() ? Give(out, documents[index].Get(l)) : ELIG_RANGE;
}

int elig_program_apply_deadline_count(const elig_program* program, size_t* out) {
  if (!program || !out) return ELIG_MISUSE;
  *out = Deadlines(program).size();
  return ELIG_OK;
}

int elig_program_apply_deadline(const elig_program* program, size_t index, int lang, const char** text,
                                const char** rule) {
  elig::Lang l;
  if (!program || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  const auto& deadlines = Deadlines(program);
  if (index >= deadlines.size()) return ELIG_RANGE;
  return GiveEither(text, deadlines[index].text.Get(l), rule, deadlines[index].expr_text);
}

}  // extern "C"
