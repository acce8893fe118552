// `elig ask`: an interactive questionnaire. It asks only for facts that can
// still change an outcome, the one that settles the most first (eval/ask.hpp),
// validates every answer against the fact's type, and stops as soon as the
// outcome is settled. Answers come from stdin, so a pipe drives it as well as
// a person does.
#include <unistd.h>

#include <cctype>
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
#include "io/applicant_yaml.hpp"

namespace elig::cli {

namespace {

// `3` picks the third choice; anything else is taken as typed.
std::string ByNumber(const std::string& a, const EnumDef* e) {
  if (!e || a.empty() || a.size() > 4) return a;
  for (char c : a)
    if (!std::isdigit(static_cast<unsigned char>(c))) return a;
  size_t n = std::stoul(a);
  return n >= 1 && n <= e->values.size() ? e->values[n - 1] : a;
}

RawValue ToRaw(const CompiledFact& f, const std::string& answer) {
  RawValue raw;
  const EnumDef* e = Choices(f);
  if (f.spec.base != BaseType::kList) {
    raw.type = RawValue::Type::kScalar;
    raw.text = ByNumber(answer, e);
    return raw;
  }
  raw.type = RawValue::Type::kList;
  if (IsNoneAnswer(answer)) return raw;
  for (const auto& item : SplitListAnswer(answer)) {
    RawValue v;
    v.type = RawValue::Type::kScalar;
    v.text = ByNumber(item, e);
    raw.items.push_back(std::move(v));
  }
  return raw;
}

}  // namespace

void RegisterAsk(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string rules = "rules";
    std::string program;
    std::string applicant;
    std::string save;
  };
  auto o = std::make_shared<Opts>();
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
  cmd->add_option("--rules", o->rules, "directory of rule files")->capture_default_str();
  cmd->add_option("--program,-p", o->program, "ask only for this program (default: narrow across every program)");
  cmd->add_option("--applicant,-a", o->applicant, "start from the facts in this file (YAML or JSON)");
  cmd->add_option("--save", o->save, "write every answer to this file as an applicant YAML");
  AddLang(cmd, o->c);
  AddAsOf(cmd, o->c);
  AddAll(cmd, o->c);
  cmd->add_flag("--no-color", o->c.no_color, "never colour the output (also: NO_COLOR=1)");
  cmd->callback([o, &exit] {
    const Lang lang = o->c.language();
    const bool color = o->c.Color();
    const bool err_color = isatty(STDERR_FILENO);
    const bool echo = !isatty(STDIN_FILENO);  // piped answers are shown, so the transcript reads well
    SourceSet sources;
    Applicant answers;
    if (!o->applicant.empty()) {
      std::vector<Diagnostic> diags;
      if (!ReadApplicantFile(o->applicant, sources, answers, diags)) {
        PrintDiagnostics(diags, &sources, err_color);
        exit = kInputError;
        return;
      }
    }
    auto as_of = AsOfDate(o->c, answers.as_of);
    if (!as_of) {
      exit = kUsage;
      return;
    }
    auto rs = LoadRules(o->rules, err_color, exit);
    if (!rs) return;
    std::vector<std::string> ids;
    if (!o->program.empty()) ids.push_back(o->program);
    auto selected = SelectPrograms(*rs, ids, o->rules, exit);
    if (!selected) return;
    const std::vector<const CompiledProgram*>& programs = *selected;

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

    std::cout << Say(lang, Msg::kAskIntro) << "\n";
    std::set<std::string> not_again;  // skipped, or answered: never asked twice
    std::vector<std::string> skipped;   // the applicant said they do not know
    AskOptions ao;
    ao.as_of = *as_of;
    size_t asked = 0;
    bool eof = false;
    while (!eof) {
      std::vector<Question> qs = RankQuestions(programs, answers, not_again, ao);
      if (qs.empty()) break;
      const Question& q = qs.front();
      const CompiledFact& f = *q.decl;
      not_again.insert(q.fact);
      std::string text = f.ask.Get(lang);
      std::cout << "\n" << Paint(color, Tone::kBold, "(" + std::to_string(++asked) + ") " + (text.empty() ? q.fact : text))
                << AnswerHint(f, lang) << "  [" << q.fact << "]\n"
                << ChoiceLines(f, lang);
      while (true) {
        std::cout << "> " << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) {
          eof = true;
          if (echo) std::cout << "\n";
          break;
        }
        std::string a(TrimAnswer(line));
        if (echo) std::cout << a << "\n";
        if (IsDontKnow(a)) {
          skipped.push_back(q.fact);
          std::cout << Say(lang, Msg::kAskLeftUnknown) << "\n";
          break;
        }
        LocalText error;  // why the answer is refused, in the applicant's language
        RawValue raw = ToRaw(f, a);
        auto v = ParseFactValue(f, raw, scratch, error);
        if (!v) {
          std::cout << Say(lang, Msg::kAskRetry, fmt::arg("error", error.Get(lang))) << "\n";
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
        break;
      }
    }

    std::vector<FactValues> bound = BindEach(programs, answers);
    ScreenOptions so;
    so.as_of = *as_of;
    so.apply_by = true;
    Screening screening = Screen(programs, bound, so);
    std::cout << "\n";
    if (!o->program.empty()) {
      TextOptions to;
      to.lang = lang;
      to.color = color;
      to.verbose = false;
      std::cout << RenderText(screening.programs.front().decision, to);
      exit = ExitFor(screening.programs.front().outcome);
    } else {
      std::string id = answers.id.empty() ? Say(lang, Msg::kAskAnonymous) : answers.id;
      std::cout << RenderMatch(screening, id, o->c, color);
      exit = MatchExit(screening);
    }

    if (!o->save.empty()) {
      saved.comment = "Answers given to `elig ask`" + (o->program.empty() ? "" : " for " + o->program);
      saved.id = answers.id;
      if (!o->c.as_of.empty() || answers.as_of) saved.as_of = *as_of;
      saved.not_known = skipped;
      std::string out = WriteApplicantYaml(saved);
      std::ofstream file(o->save, std::ios::binary | std::ios::trunc);
      file << out;
      file.close();
      if (!file) {
        std::cerr << "elig: error: cannot write `" << o->save << "`\n";
        exit = kIoError;
        return;
      }
      std::cout << Say(lang, Msg::kAskSaved, fmt::arg("file", o->save)) << "\n";
    }
  });
}

}  // namespace elig::cli
