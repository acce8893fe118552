// SPDX-License-Identifier: Apache-2.0
// `elig ask`: an interactive questionnaire. It asks only for facts that can
// still change an outcome, the one that settles the most first (eval/ask.hpp),
// validates every answer against the fact's type, and stops as soon as the
// outcome is settled. Answers come from stdin, so a pipe drives it as well as
// a person does.
#include <unistd.h>

#include <deque>
#include <fstream>
#include <set>

#include "common.hpp"
#include "common/answer.hpp"
#include "common/paint.hpp"
#include "eval/ask.hpp"
#include "common/catalog.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "io/applicant.hpp"
#include "io/applicant_writer.hpp"

namespace elig::cli {

namespace {

struct AskOpts {
  Common c;
  std::string rules;  // empty: RulesDir finds them
  std::string program;
  std::string applicant;
  std::string save;
};

// What --save keeps of the facts --applicant gave: those a chosen program declares and reads.
ApplicantYaml KnownAnswers(const std::vector<const CompiledProgram*>& programs, const Applicant& answers) {
  ApplicantYaml saved;
  FactValues scratch;  // storage for values parsed while validating
  for (const auto& raw : answers.facts) {
    for (const CompiledProgram* p : programs) {
      int slot = p->FindFact(raw.name);
      if (slot < 0) continue;
      std::string error;
      if (auto v = ParseFactValue(p->facts[static_cast<size_t>(slot)], raw.value, scratch, error); v && v->IsKnown())
        saved.facts.push_back({raw.name, YamlValue(*v, Choices(p->facts[static_cast<size_t>(slot)]))});
      break;
    }
  }
  return saved;
}

// The questions, one at a time, the one that settles the most first, until nothing asked
// could change an outcome or the input ends.
class Questionnaire {
 public:
  Questionnaire(Lang lang, bool color, bool echo, bool official)
      : lang_(lang), color_(color), echo_(echo), official_(official) {}

  void Run(const std::vector<const CompiledProgram*>& programs, Date as_of, Applicant& answers, ApplicantYaml& saved) {
    std::cout << Say(lang_, Msg::kAskIntro) << "\n";
    std::set<std::string> not_again;  // skipped, or answered: never asked twice
    AskOptions ao;
    ao.as_of = as_of;
    size_t asked = 0;
    for (;;) {
      std::vector<Question> next = NextAsk(programs, answers, not_again, ao);
      if (next.empty()) break;
      for (const Question& q : next) not_again.insert(q.fact);
      bool more = next.size() > 1 ? AskChecklist(next, ++asked, answers, saved) : Ask(next.front(), ++asked, answers, saved);
      if (!more) break;
    }
  }

  // The facts the applicant said they do not know.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  // One answer line, echoed when piped; false at the end of input.
  bool ReadLine(std::string& a) {
    std::cout << "> " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
      if (echo_) std::cout << "\n";
      return false;
    }
    a = std::string(TrimAnswer(line));
    if (echo_) std::cout << a << "\n";
    return true;
  }

  // Asks `q` until an answer reads, or the applicant does not know; false at the end of input.
  bool Ask(const Question& q, size_t n, Applicant& answers, ApplicantYaml& saved) {
    const CompiledFact& f = *q.decl;
    std::string text = f.ask.Get(lang_);
    std::cout << "\n" << Paint(color_, Tone::kBold, "(" + std::to_string(n) + ") " + (text.empty() ? q.fact : text))
              << AnswerHint(f, lang_) << (official_ ? "  [" + q.fact + "]" : "") << "\n"
              << ChoiceLines(f, lang_);
    for (std::string a; ReadLine(a);) {
      if (IsDontKnow(a)) {
        skipped_.push_back(q.fact);
        std::cout << Say(lang_, Msg::kAskLeftUnknown) << "\n";
        return true;
      }
      LocalText error;  // why the answer is refused, in the applicant's language
      RawValue raw = RawAnswer(f, a);
      auto v = ParseFactValue(f, raw, scratch_, error);
      if (!v) {
        std::cout << Say(lang_, Msg::kAskRetry, fmt::arg("error", error.Get(lang_))) << "\n";
        continue;
      }
      Record(f, raw, *v, answers, saved);
      return true;
    }
    return false;
  }

  // Asks the yes/no questions of `items` as one checklist until an answer reads; each item
  // ticked is yes, each other one no; "do not know" leaves them all unknown.
  bool AskChecklist(const std::vector<Question>& items, size_t n, Applicant& answers, ApplicantYaml& saved) {
    std::vector<const CompiledFact*> facts;
    std::string ids;  // the official view names each item's fact
    for (const Question& q : items) {
      facts.push_back(q.decl);
      ids += (ids.empty() ? "" : ", ") + q.fact;
    }
    std::cout << "\n" << Paint(color_, Tone::kBold, "(" + std::to_string(n) + ") " + Say(lang_, Msg::kAskChecklist))
              << ChecklistHint(lang_) << (official_ ? "  [" + ids + "]" : "") << "\n"
              << ChecklistLines(facts, lang_);
    for (std::string a; ReadLine(a);) {
      if (IsDontKnow(a)) {
        for (const Question& q : items) skipped_.push_back(q.fact);
        std::cout << Say(lang_, Msg::kAskLeftUnknown) << "\n";
        return true;
      }
      LocalText error;
      auto ticked = ReadChecklist(a, items.size(), error);
      if (!ticked) {
        std::cout << Say(lang_, Msg::kAskRetry, fmt::arg("error", error.Get(lang_))) << "\n";
        continue;
      }
      for (size_t i = 0; i < items.size(); ++i) {
        RawValue raw;
        raw.type = RawValue::Type::kScalar;
        raw.text = (*ticked)[i] ? "yes" : "no";
        Record(*items[i].decl, raw, Value::Bool((*ticked)[i]), answers, saved);
      }
      return true;
    }
    return false;
  }

  // Keeps an answer; a later one replaces one from --applicant (which was unusable, or it
  // would not be asked).
  static void Record(const CompiledFact& f, const RawValue& raw, const Value& v, Applicant& answers, ApplicantYaml& saved) {
    for (auto it = answers.facts.begin(); it != answers.facts.end();)
      it = it->name == f.name ? answers.facts.erase(it) : it + 1;
    RawFact rf;
    rf.name = f.name;
    rf.value = raw;
    answers.facts.push_back(std::move(rf));
    for (auto it = saved.facts.begin(); it != saved.facts.end();)
      it = it->first == f.name ? saved.facts.erase(it) : it + 1;
    saved.facts.push_back({f.name, YamlValue(v, Choices(f))});
  }

  Lang lang_;
  bool color_, echo_;  // echo: piped answers are shown, so the transcript reads well
  bool official_;      // --view official: each question names its fact id
  FactValues scratch_;  // storage for values parsed while validating
  std::vector<std::string> skipped_;
};

// The outcome of the answers: one program's decision, or the match of every program.
void ShowOutcome(const std::vector<const CompiledProgram*>& programs, const Applicant& answers, Date as_of,
                 const AskOpts& o, bool color, int& exit) {
  const Lang lang = o.c.language();
  std::vector<FactValues> bound = BindEach(programs, answers);
  ScreenOptions so;
  so.as_of = as_of;
  so.for_people = true;
  Screening screening = Screen(programs, bound, so);
  std::cout << "\n";
  if (!o.program.empty() && o.c.official()) {
    TextOptions to;
    to.lang = lang;
    to.color = color;
    to.verbose = false;
    std::cout << RenderText(screening.programs.front().decision, to);
    exit = ExitFor(screening.programs.front().outcome);
  } else {
    std::string id = answers.id;  // none: the view speaks to the applicant ("your programs")
    std::cout << RenderMatch(screening, id, o.c, color);
    exit = MatchExit(screening);
  }
}

// Writes the answers to --save as an applicant YAML; false, with the error said, when it cannot.
bool SaveAnswers(ApplicantYaml& saved, const Applicant& answers, Date as_of, const std::vector<std::string>& skipped,
                 const AskOpts& o) {
  const Lang lang = o.c.language();
  saved.comment = o.program.empty() ? Say(lang, Msg::kCliAskSavedComment)
                                    : Say(lang, Msg::kCliAskSavedCommentFor, fmt::arg("program", o.program));
  saved.id = answers.id;
  if (!o.c.as_of.empty() || answers.as_of) saved.as_of = as_of;
  saved.not_known = skipped;
  std::string out = WriteApplicantYaml(saved);
  std::ofstream file(o.save, std::ios::binary | std::ios::trunc);
  file << out;
  file.close();
  if (!file) {
    SayError(lang, Msg::kCliCannotWrite, fmt::arg("file", o.save));
    return false;
  }
  std::cout << Say(lang, Msg::kAskSaved, fmt::arg("file", o.save)) << "\n";
  return true;
}

}  // namespace

void RegisterAsk(CLI::App& app, int& exit) {
  auto o = std::make_shared<AskOpts>();
  auto* cmd = AddCommand(app, "ask");
  AddRules(cmd, o->rules);
  cmd->add_option("--program,-p", o->program, "ask only for this program (default: narrow across every program)");
  cmd->add_option("--applicant,-a", o->applicant, "start from the facts in this file (YAML or JSON)");
  cmd->add_option("--save", o->save, "write every answer to this file as an applicant YAML");
  AddShared(cmd, o->c, {Shared::kLang, Shared::kAsOf, Shared::kAll, Shared::kTheme, Shared::kView, Shared::kNoColor});
  cmd->callback([o, &exit] {
    const Lang lang = o->c.language();
    const bool color = o->c.Color();
    auto opened = OpenForApplicant(o->c, o->applicant, o->rules, o->program, true, exit);
    if (!opened) return;
    auto& [sources, answers, as_of, rs, programs] = *opened;

    ApplicantYaml saved = KnownAnswers(programs, answers);
    Questionnaire questionnaire(lang, color, !isatty(STDIN_FILENO), o->c.official());
    questionnaire.Run(programs, as_of, answers, saved);
    ShowOutcome(programs, answers, as_of, *o, color, exit);
    if (!o->save.empty() && !SaveAnswers(saved, answers, as_of, questionnaire.skipped(), *o)) exit = kIoError;
  });
}

}  // namespace elig::cli
