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
      std::vector<Question> qs = RankQuestions(programs, answers, not_again, ao);
      if (qs.empty()) break;
      const Question& q = qs.front();
      not_again.insert(q.fact);
      if (!Ask(q, ++asked, answers, saved)) break;
    }
  }

  // The facts the applicant said they do not know.
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  // Asks `q` until an answer reads, or the applicant does not know; false at the end of input.
  bool Ask(const Question& q, size_t n, Applicant& answers, ApplicantYaml& saved) {
    const CompiledFact& f = *q.decl;
    std::string text = f.ask.Get(lang_);
    std::cout << "\n" << Paint(color_, Tone::kBold, "(" + std::to_string(n) + ") " + (text.empty() ? q.fact : text))
              << AnswerHint(f, lang_) << (official_ ? "  [" + q.fact + "]" : "") << "\n"
              << ChoiceLines(f, lang_);
    while (true) {
      std::cout << "> " << std::flush;
      std::string line;
      if (!std::getline(std::cin, line)) {
        if (echo_) std::cout << "\n";
        return false;
      }
      std::string a(TrimAnswer(line));
      if (echo_) std::cout << a << "\n";
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
      // A later answer replaces one from --applicant (which was unusable, or it would not be asked).
      for (auto it = answers.facts.begin(); it != answers.facts.end();)
        it = it->name == q.fact ? answers.facts.erase(it) : it + 1;
      RawFact rf;
      rf.name = q.fact;
      rf.value = raw;
      answers.facts.push_back(std::move(rf));
      for (auto it = saved.facts.begin(); it != saved.facts.end();)
        it = it->first == q.fact ? saved.facts.erase(it) : it + 1;
      saved.facts.push_back({q.fact, YamlValue(*v, Choices(f))});
      return true;
    }
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
  auto* cmd = app.add_subcommand("ask", "Interactive questionnaire: asks only what can still change an outcome");
  cmd->footer(
      "Example:\n  elig ask --rules rules --lang ja --save answers.yaml\n"
      "  printf 'Gunma\\nno\\n' | elig ask --rules rules --program gunma.trade-fair-sample   # answers piped\n"
      "Answers are read from stdin, one per line, in everyday Japanese or English (docs/cli.md lists the\n"
      "forms read: amounts with man-yen, era dates and the like): yes/no for yes-no questions, a number or the\n"
      "value for a choice, an empty line or `?` when you do not know (the question is not asked again).\n"
      "A bad answer is explained and asked again. It stops as soon as the outcome is settled.\n"
      "Exit: as `elig match` (0 eligible, 1 not eligible, 2 undetermined), 64 usage, 65 bad --applicant,\n"
      "66 rule errors, 74 cannot write --save.");
  AddRules(cmd, o->rules);
  cmd->add_option("--program,-p", o->program, "ask only for this program (default: narrow across every program)");
  cmd->add_option("--applicant,-a", o->applicant, "start from the facts in this file (YAML or JSON)");
  cmd->add_option("--save", o->save, "write every answer to this file as an applicant YAML");
  AddLang(cmd, o->c);
  AddAsOf(cmd, o->c);
  AddAll(cmd, o->c);
  AddTheme(cmd, o->c);
  AddView(cmd, o->c);
  AddNoColor(cmd, o->c);
  cmd->callback([o, &exit] {
    const Lang lang = o->c.language();
    const bool color = o->c.Color();
    const bool err_color = o->c.ErrColor();
    SourceSet sources;
    Applicant answers;
    auto as_of = ReadApplicant(o->applicant, o->c, sources, answers, exit);
    if (!as_of) return;
    auto rs = LoadRules(o->rules, err_color, exit, o->c.language());
    if (!rs) return;
    std::vector<std::string> ids;
    if (!o->program.empty()) ids.push_back(o->program);
    auto selected = SelectPrograms(*rs, ids, o->rules, lang, exit);
    if (!selected) return;
    auto themed = KeepThemes(*selected, o->c, exit);
    if (!themed) return;
    const std::vector<const CompiledProgram*>& programs = *themed;

    ApplicantYaml saved = KnownAnswers(programs, answers);
    Questionnaire questionnaire(lang, color, !isatty(STDIN_FILENO), o->c.official());
    questionnaire.Run(programs, *as_of, answers, saved);
    ShowOutcome(programs, answers, *as_of, *o, color, exit);
    if (!o->save.empty() && !SaveAnswers(saved, answers, *as_of, questionnaire.skipped(), *o)) exit = kIoError;
  });
}

}  // namespace elig::cli
