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
#include "eval/ask.hpp"
#include "explain/explain.hpp"
#include "io/applicant.hpp"
#include "io/applicant_yaml.hpp"

namespace elig::cli {

namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out = s.substr(b, e - b);
  // A full-width space is a space too.
  while (out.rfind("\xE3\x80\x80", 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, "\xE3\x80\x80") == 0) out.erase(out.size() - 3);
  return out;
}

bool IsSkip(const std::string& a) {
  return a.empty() || a == "?" || a == "？" || a == "skip" || a == "わからない" || a == "不明";
}

// "How to answer" after the question.
std::string AnswerHint(const CompiledFact& f, Lang lang) {
  const bool ja = lang == Lang::kJa;
  auto bounds = [&](std::string s) {
    if (f.min) s += ja ? "、" + f.min->ToGroupedString() + "以上" : ", at least " + f.min->ToGroupedString();
    if (f.max) s += ja ? "、" + f.max->ToGroupedString() + "以下" : ", at most " + f.max->ToGroupedString();
    return s;
  };
  std::string h;
  switch (f.spec.base) {
    case BaseType::kBool: h = ja ? "はい／いいえ" : "yes/no"; break;
    case BaseType::kInt: h = bounds(ja ? "整数" : "a whole number"); break;
    case BaseType::kDecimal: h = bounds(ja ? "数値、例: 50% や 0.5" : "a number, e.g. 50% or 0.5"); break;
    case BaseType::kYen: h = bounds(ja ? "金額（円）" : "an amount in yen"); break;
    case BaseType::kDate: h = "YYYY-MM-DD"; break;
    case BaseType::kEnum: h = ja ? "番号または値" : "a number or a value"; break;
    case BaseType::kList:
      h = ja ? "カンマ区切りで複数可、なければ「なし」" : "any number, separated by commas; `none` for none";
      break;
    default: break;
  }
  return h.empty() ? "" : (ja ? "（" + h + "）" : " (" + h + ")");
}

// The enum values of a fact (or of its list items), numbered from 1.
const EnumDef* Choices(const CompiledFact& f) {
  if (f.spec.base == BaseType::kEnum || (f.spec.base == BaseType::kList && f.spec.elem == BaseType::kEnum))
    return f.spec.enum_def.get();
  return nullptr;
}

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
  std::string lower;
  for (char c : answer) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "none" || answer == "なし" || answer == "-" || answer == "[]") return raw;
  std::string item;
  auto flush = [&] {
    std::string t = Trim(item);
    if (!t.empty()) {
      RawValue v;
      v.type = RawValue::Type::kScalar;
      v.text = ByNumber(t, e);
      raw.items.push_back(std::move(v));
    }
    item.clear();
  };
  for (size_t i = 0; i < answer.size(); ++i) {
    if (answer[i] == ',') {
      flush();
    } else if (answer.compare(i, 3, "、") == 0) {
      flush();
      i += 2;
    } else {
      item += answer[i];
    }
  }
  flush();
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
      "  printf '群馬県\\nno\\n' | elig ask --rules rules --program gunma.trade-fair-sample   # answers piped\n"
      "Answers are read from stdin, one per line: yes/no/はい/いいえ for yes-no questions, a number or the\n"
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
  cmd->add_flag("--no-color", o->c.no_color, "never colour the output (also: NO_COLOR=1)");
  cmd->callback([o, &exit] {
    const bool ja = o->c.language() == Lang::kJa;
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

    auto bold = [&](const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; };
    std::cout << (ja ? "質問にお答えください。分からない場合は空欄（または ?）のまま Enter。Ctrl-D で終了します。\n"
                     : "Answer each question; an empty answer (or ?) means you do not know. Ctrl-D stops.\n");
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
      std::string text = f.ask.Get(o->c.language());
      std::cout << "\n" << bold("(" + std::to_string(++asked) + ") " + (text.empty() ? q.fact : text))
                << AnswerHint(f, o->c.language()) << "  [" << q.fact << "]\n";
      if (const EnumDef* e = Choices(f)) {
        std::string line = "   ";
        for (size_t i = 0; i < e->values.size(); ++i) {
          std::string item = " " + std::to_string(i + 1) + ") " + e->values[i];
          if (line.size() + item.size() > 80 && line.size() > 3) {
            std::cout << line << "\n";
            line = "   ";
          }
          line += item;
        }
        std::cout << line << "\n";
      }
      while (true) {
        std::cout << "> " << std::flush;
        std::string line;
        if (!std::getline(std::cin, line)) {
          eof = true;
          if (echo) std::cout << "\n";
          break;
        }
        std::string a = Trim(line);
        if (echo) std::cout << a << "\n";
        if (IsSkip(a)) {
          skipped.push_back(q.fact);
          std::cout << (ja ? "  （未回答として進みます）\n" : "  (left unknown)\n");
          break;
        }
        std::string error;
        RawValue raw = ToRaw(f, a);
        auto v = ParseFactValue(f, raw, scratch, error);
        if (!v) {
          std::cout << (ja ? "  ！ 読み取れません: " + error + "。もう一度入力してください\n"
                           : "  ! " + error + "; please answer again\n");
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
    Screening screening = Screen(programs, bound, so);
    std::cout << "\n";
    if (!o->program.empty()) {
      TextOptions to;
      to.lang = o->c.language();
      to.color = color;
      to.verbose = false;
      std::cout << RenderText(screening.programs.front().decision, to);
      exit = ExitFor(screening.programs.front().outcome);
    } else {
      std::string id = answers.id.empty() ? (ja ? "（回答）" : "(answers)") : answers.id;
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
      std::cout << (ja ? "回答を " + o->save + " に保存しました\n" : "answers saved to " + o->save + "\n");
    }
  });
}

}  // namespace elig::cli
