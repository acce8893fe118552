// SPDX-License-Identifier: Apache-2.0
// Screening one applicant against many programs (eval/screen.hpp, as `elig match` and
// POST /v1/screen), and the next question (eval/ask.hpp, as `elig ask` and POST /v1/ask).
#include <algorithm>
#include <set>

#include "capi.hpp"
#include "common/utf8.hpp"
#include "explain/views.hpp"
#include "syntax/rules.hpp"

using elig::capi::Give;
using elig::capi::Guard;
using elig::capi::GuardInput;
using elig::capi::ItemOf;
using elig::capi::SizeOf;

namespace elig::capi {

int ChoosePrograms(const elig_rules* rules, elig_input* in, size_t count, const char* const* ids, const char* theme,
                   std::vector<const CompiledProgram*>& out) {
  if (in->set != rules->set) {
    in->errmsg = "the input was made for other rules";
    return ELIG_MISUSE;
  }
  for (size_t i = 0; i < count; ++i) {
    const CompiledProgram* p = rules->set->Find(ids[i]);
    if (!p) {
      const auto& failed = rules->set->failed();
      bool broken = std::find(failed.begin(), failed.end(), ids[i]) != failed.end();
      in->errmsg = "the program `" + utf8::Printable(ids[i]) + (broken ? "` failed to compile" : "` does not exist");
      return broken ? ELIG_RULES : ELIG_NOTFOUND;
    }
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  if (!count)
    for (const auto& p : rules->set->programs()) out.push_back(p.get());
  if (!theme) return ELIG_OK;
  if (!ThemeLabel(theme)) {
    in->errmsg = "`" + utf8::Printable(theme) + "` is not a theme; the themes are";
    for (const auto& t : KnownThemes()) in->errmsg.append(" ").append(t.id);
    return ELIG_VALUE;
  }
  std::erase_if(out, [&](const CompiledProgram* p) {
    return std::find(p->themes.begin(), p->themes.end(), theme) == p->themes.end();
  });
  return ELIG_OK;
}

}  // namespace elig::capi

namespace {

// The arguments elig_screen and elig_ask share, checked; the programs chosen and the date.
int Prepare(const elig_rules* rules, elig_input* input, size_t count, const char* const* ids, const char* theme,
            const char* as_of, std::vector<const elig::CompiledProgram*>& programs, elig::Date& date) {
  if (int rc = elig::capi::ChoosePrograms(rules, input, count, ids, theme, programs); rc != ELIG_OK) return rc;
  return elig::capi::AsOf(input, as_of, date) ? ELIG_OK : ELIG_VALUE;
}

bool ArgumentsGiven(const elig_rules* rules, const elig_input* input, size_t count, const char* const* ids, void* out) {
  if (!rules || !input || !out || (count && !ids)) return false;
  return std::all_of(ids, ids + count, [](const char* id) { return id != nullptr; });
}

// Runs `read` on program `index` of the screening.
template <class F>
int OnProgram(const elig_screening* s, size_t index, bool given, F&& read) {
  const auto* programs = s ? &s->screening.programs : nullptr;
  return ItemOf(s && given, programs, index,
                [&](const elig::ProgramScreening& ps) { return read(ps, s->texts[index]); });
}

}  // namespace

extern "C" {

int elig_screen(const elig_rules* rules, elig_input* input, size_t count, const char* const* programs,
                const char* theme, const char* as_of, elig_screening** out) {
  if (out) *out = nullptr;
  if (!ArgumentsGiven(rules, input, count, programs, out)) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    std::vector<const elig::CompiledProgram*> chosen;
    elig::Date date;
    if (int rc = Prepare(rules, input, count, programs, theme, as_of, chosen, date); rc != ELIG_OK) return rc;
    auto s = std::make_unique<elig_screening>();
    s->set = rules->set;
    // Bound in a shared place: the decisions' values point into these facts.
    auto bound = std::make_shared<const std::vector<elig::FactValues>>(elig::BindEach(chosen, input->applicant));
    s->bound = bound;
    // As `elig match` screens: every decision with its reasons, and what people read beyond it.
    elig::ScreenOptions options;
    options.as_of = date;
    options.for_people = true;
    s->screening = elig::Screen(chosen, *bound, options);
    s->applicant = input->applicant.id;
    s->as_of = elig::FormatDate(date);
    for (const auto& ps : s->screening.programs)
      s->texts.push_back({ps.score.ToString(), ps.award ? ps.award->ToString() : "",
                          ps.final_award ? std::optional(ps.final_award->ToString()) : std::nullopt});
    *out = s.release();
    return ELIG_OK;
  });
}

void elig_screening_free(elig_screening* screening) { elig::capi::Free(screening); }

int elig_screening_as_of(const elig_screening* screening, const char** out) {
  return screening ? Give(out, screening->as_of) : ELIG_MISUSE;
}

int elig_screening_program_count(const elig_screening* screening, size_t* out) {
  return SizeOf(screening != nullptr, screening ? &screening->screening.programs : nullptr, out);
}

int elig_screening_program(const elig_screening* screening, size_t index, const char** id, int* outcome) {
  return OnProgram(screening, index, true, [&](const elig::ProgramScreening& ps, const elig_screening::Texts&) {
    if (outcome) *outcome = elig::capi::OutcomeCode(ps.outcome);
    if (id) *id = ps.program->id.c_str();
    return ELIG_OK;
  });
}

int elig_screening_score(const elig_screening* screening, size_t index, const char** exact, int* complete) {
  return OnProgram(screening, index, true, [&](const elig::ProgramScreening& ps, const elig_screening::Texts& t) {
    if (complete) *complete = ps.decision.score_complete ? 1 : 0;
    if (exact) *exact = t.score.c_str();
    return ELIG_OK;
  });
}

int elig_screening_award(const elig_screening* screening, size_t index, const char** exact) {
  return OnProgram(screening, index, exact != nullptr,
                   [&](const elig::ProgramScreening& ps, const elig_screening::Texts& t) {
                     return ps.award ? Give(exact, t.award) : ELIG_ABSENT;
                   });
}

int elig_screening_final_award(const elig_screening* screening, size_t index, const char** exact) {
  return OnProgram(screening, index, exact != nullptr, [&](const elig::ProgramScreening&, const elig_screening::Texts& t) {
    return t.final_award ? Give(exact, *t.final_award) : ELIG_ABSENT;
  });
}

int elig_screening_combined(const elig_screening* screening, size_t index, int* out) {
  return OnProgram(screening, index, out != nullptr, [&](const elig::ProgramScreening& ps, const elig_screening::Texts&) {
    *out = ps.Combined() ? 1 : 0;
    return ELIG_OK;
  });
}

int elig_screening_missing_count(const elig_screening* screening, size_t index, size_t* out) {
  return OnProgram(screening, index, true, [&](const elig::ProgramScreening& ps, const elig_screening::Texts&) {
    return SizeOf(true, &ps.missing, out);
  });
}

int elig_screening_missing(const elig_screening* screening, size_t index, size_t item, const char** fact) {
  return OnProgram(screening, index, fact != nullptr, [&](const elig::ProgramScreening& ps, const elig_screening::Texts&) {
    return ItemOf(true, &ps.missing, item, [&](uint32_t slot) { return Give(fact, ps.program->facts[slot].name); });
  });
}

int elig_screening_needed_count(const elig_screening* screening, size_t* out) {
  return SizeOf(screening != nullptr, screening ? &screening->screening.missing : nullptr, out);
}

int elig_screening_needed(const elig_screening* screening, size_t item, const char** fact) {
  const auto* needed = screening ? &screening->screening.missing : nullptr;
  return ItemOf(screening && fact, needed, item, [&](std::string_view name) {
    *fact = name.data();  // a program's fact name: a NUL-terminated std::string
    return ELIG_OK;
  });
}

int elig_screening_decision(const elig_screening* screening, size_t index, elig_decision** out) {
  if (out) *out = nullptr;
  return OnProgram(screening, index, out != nullptr, [&](const elig::ProgramScreening& ps, const elig_screening::Texts&) {
    return Guard([&] {
      elig::ProgramScreening copy = ps;
      *out = elig::capi::NewDecision(screening->set, std::move(copy), screening->bound).release();
      return ELIG_OK;
    });
  });
}

int elig_screening_json(elig_screening* screening, int lang, const char** out) {
  elig::Lang l;
  if (!screening || !out || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  return elig::capi::Cached(screening->json[l == elig::Lang::kJa ? 0 : 1], out, [&] {
    return elig::RenderMatchJson(screening->screening, screening->applicant, l);
  });
}

int elig_ask(const elig_rules* rules, elig_input* input, size_t count, const char* const* programs, const char* theme,
             const char* as_of, elig_question** out) {
  if (out) *out = nullptr;
  if (!ArgumentsGiven(rules, input, count, programs, out)) return ELIG_MISUSE;
  return GuardInput(input, [&] {
    std::vector<const elig::CompiledProgram*> chosen;
    elig::AskOptions options;
    if (int rc = Prepare(rules, input, count, programs, theme, as_of, chosen, options.as_of); rc != ELIG_OK) return rc;
    // A fact answered null is one the applicant does not know: never asked again (as POST /v1/ask).
    std::set<std::string> skipped;
    for (const auto& f : input->applicant.facts)
      if (f.value.type == elig::RawValue::Type::kNull) skipped.insert(f.name);
    std::vector<elig::Question> items = elig::NextAsk(chosen, input->applicant, skipped, options);
    if (items.empty()) return ELIG_ABSENT;
    auto q = std::make_unique<elig_question>();
    q->set = rules->set;
    q->items = std::move(items);
    q->question = q->items.front();
    for (const elig::CompiledProgram* p : chosen) {
      int slot = p->FindFact(q->question.fact);
      if (slot < 0 || &p->facts[static_cast<size_t>(slot)] != q->question.decl) continue;
      elig::capi::OpenProgram(rules->set, *p, q->declaration);
      q->declaration.audit = rules->audit;
      q->index = static_cast<size_t>(slot);
    }
    if (!q->declaration.prog) return ELIG_INTERNAL;
    for (elig::Lang l : {elig::Lang::kJa, elig::Lang::kEn}) {
      const std::string& text = q->question.decl->ask.Get(l);
      q->text[l == elig::Lang::kJa ? 0 : 1] = text.empty() ? q->question.fact : text;
    }
    for (const elig::Question& item : q->items) {
      std::array<std::string, 2> says;
      for (elig::Lang l : {elig::Lang::kJa, elig::Lang::kEn})
        says[l == elig::Lang::kJa ? 0 : 1] = q->items.size() > 1 ? item.decl->statement.Get(l) : q->text[l == elig::Lang::kJa ? 0 : 1];
      q->statements.push_back(std::move(says));
    }
    if (q->items.size() > 1)
      for (elig::Lang l : {elig::Lang::kJa, elig::Lang::kEn}) q->text[l == elig::Lang::kJa ? 0 : 1] = elig::Say(l, elig::Msg::kAskChecklist);
    *out = q.release();
    return ELIG_OK;
  });
}

int elig_question_item_count(const elig_question* question, size_t* out) {
  return SizeOf(question != nullptr, question ? &question->items : nullptr, out);
}

int elig_question_item(const elig_question* question, size_t index, int lang, const char** fact, const char** statement) {
  elig::Lang l;
  if (!question || !fact || !statement || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  if (index >= question->items.size()) return ELIG_RANGE;
  *fact = question->items[index].fact.c_str();
  *statement = question->statements[index][l == elig::Lang::kJa ? 0 : 1].c_str();
  return ELIG_OK;
}

void elig_question_free(elig_question* question) { elig::capi::Free(question); }

int elig_question_fact(const elig_question* question, const char** out) {
  return question ? Give(out, question->question.fact) : ELIG_MISUSE;
}

int elig_question_text(const elig_question* question, int lang, const char** out) {
  elig::Lang l;
  if (!question || !elig::capi::ToLang(lang, l)) return ELIG_MISUSE;
  return Give(out, question->text[l == elig::Lang::kJa ? 0 : 1]);
}

int elig_question_declaration(const elig_question* question, const elig_program** program, size_t* index) {
  if (!question || !program || !index) return ELIG_MISUSE;
  *program = &question->declaration;
  *index = question->index;
  return ELIG_OK;
}

int elig_question_program_count(const elig_question* question, size_t* out) {
  return SizeOf(question != nullptr, question ? &question->question.programs : nullptr, out);
}

int elig_question_program(const elig_question* question, size_t index, const char** id) {
  const auto* programs = question ? &question->question.programs : nullptr;
  return ItemOf(question && id, programs, index, [&](const std::string& p) { return Give(id, p); });
}

}  // extern "C"
