// SPDX-License-Identifier: Apache-2.0
// The applicants' web self-check at / (docs/http.md): server-rendered forms, Japanese first.
// A theme, then one question per page from the questionnaire (eval/ask.hpp), then the
// grouped result (explain/views.hpp). The answers so far travel in hidden fields of POST
// forms, never in a URL, and are kept nowhere (unless the server audits the result).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "app.hpp"
#include "common/answer.hpp"
#include "eval/ask.hpp"
#include "explain/doc.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "syntax/rules.hpp"

namespace elig::serve {

using fmt::arg;

namespace {

#include "style_css.inc"

// The themes offered on the start page, in this order, then "everything".
constexpr std::string_view kThemes[] = {"trade-fair", "export", "consulting", "it", "equipment"};
constexpr std::string_view kEverything = "everything";

std::string E(const std::string& s) { return HtmlEscape(s); }
const char* Code(Lang lang) { return lang == Lang::kJa ? "ja" : "en"; }
Lang Other(Lang lang) { return lang == Lang::kJa ? Lang::kEn : Lang::kJa; }

std::string Hidden(const std::string& name, const std::string& value) {
  return "<input type=\"hidden\" name=\"" + E(name) + "\" value=\"" + E(value) + "\">\n";
}

// What one form carries from page to page.
struct State {
  Lang lang = Lang::kJa;
  std::string theme;  // a theme id or "everything"
  std::vector<std::pair<std::string, std::string>> answers;  // fact, answer as typed (checked)
  std::vector<std::string> unknown;                          // facts the applicant does not know
  size_t asked = 0;  // questions answered so far (a checklist is one), for the page's number

  std::string Fields(std::optional<Lang> lang_override = std::nullopt) const {
    std::string out = Hidden("lang", Code(lang_override.value_or(lang))) + Hidden("theme", theme) +
                      Hidden("n", std::to_string(asked));
    for (const auto& [f, v] : answers) out += Hidden("a." + f, v);
    for (const auto& f : unknown) out += Hidden("u", f);
    return out;
  }
};

// The page around `main`: the language switch re-posts `state` (or links, on the start page).
std::string Page(Lang lang, const std::string& title, const std::string& main, const State* state, bool audit) {
  std::string other = Code(Other(lang));
  std::string label = Say(lang, Msg::kWebOtherLanguage);
  std::string sw = state ? "<form method=\"post\" action=\"/ask\" class=\"lang\">\n" + state->Fields(Other(lang)) +
                               "<button type=\"submit\" lang=\"" + other + "\">" + E(label) + "</button>\n</form>\n"
                         : "<a class=\"lang\" href=\"/?lang=" + other + "\" lang=\"" + other + "\" hreflang=\"" + other +
                               "\">" + E(label) + "</a>\n";
  std::string site = Say(lang, Msg::kWebTitle);
  return std::string("<!DOCTYPE html>\n<html lang=\"") + Code(lang) +
         "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" + E(title == site ? site : title + " — " + site) + "</title>\n"
         "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
         "<a class=\"skip\" href=\"#main\">" + E(Say(lang, Msg::kWebSkipLink)) + "</a>\n"
         "<header class=\"site\">\n<p class=\"brand\">" + E(site) + "</p>\n" + sw + "</header>\n"
         "<main id=\"main\" tabindex=\"-1\">\n" + main + "</main>\n<footer class=\"site\">\n<p>" +
         E(Say(lang, audit ? Msg::kWebPrivacyAudit : Msg::kWebPrivacy)) + "</p>\n</footer>\n</body>\n</html>\n";
}

Response Html(unsigned status, std::string body) {
  Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

std::string StartOver(Lang lang) {
  return std::string("<p class=\"again\"><a href=\"/?lang=") + Code(lang) + "\">" + E(Say(lang, Msg::kWebStartOver)) +
         "</a></p>\n";
}

bool Audits(const App::Call& call) { return !call.app.options().audit.empty(); }

std::string ThemeLabelText(std::string_view id, Lang lang) {
  if (id == kEverything) return Say(lang, Msg::kWebThemeEverything);
  const LocalText* t = ThemeLabel(id);
  return t ? t->Get(lang) : std::string(id);
}

// One choice of a radio group or checkbox list.
std::string Choice(const char* type, const std::string& id, const std::string& name, const std::string& value,
                   const std::string& label, bool checked) {
  return std::string("<div class=\"choice\"><input type=\"") + type + "\" id=\"" + E(id) + "\" name=\"" + E(name) +
         "\" value=\"" + E(value) + "\"" + (checked ? " checked" : "") + "><label for=\"" + E(id) + "\">" + E(label) +
         "</label></div>\n";
}

// The programs of a theme ("everything": all of them).
std::vector<const CompiledProgram*> Themed(const Rules& rules, const std::string& theme) {
  if (theme == kEverything) return rules.programs;
  std::vector<const CompiledProgram*> out;
  for (const CompiledProgram* p : rules.programs)
    if (std::find(p->themes.begin(), p->themes.end(), theme) != p->themes.end()) out.push_back(p);
  return out;
}

const CompiledFact* Declared(const std::vector<const CompiledProgram*>& programs, const std::string& name) {
  for (const CompiledProgram* p : programs)
    if (int slot = p->FindFact(name); slot >= 0) return &p->facts[static_cast<size_t>(slot)];
  return nullptr;
}

// The input of a question: radios for a choice or a yes/no, checkboxes for a list of
// choices, else a text field. `typed` is what the applicant gave last time.
// `described`: the ids of the hint and the error, when shown.
std::string Inputs(const CompiledFact& f, Lang lang, const std::string& typed, const std::string& described) {
  std::string out;
  const EnumDef* e = Choices(f);
  std::vector<std::string> chosen = f.spec.base == BaseType::kList ? SplitListAnswer(typed) : std::vector<std::string>{typed};
  auto is = [&](const std::string& v) { return std::find(chosen.begin(), chosen.end(), v) != chosen.end(); };
  if (f.spec.base == BaseType::kBool) {
    out += Choice("radio", "answer-yes", "answer", "yes", Say(lang, Msg::kValueYes), typed == "yes");
    out += Choice("radio", "answer-no", "answer", "no", Say(lang, Msg::kValueNo), typed == "no");
  } else if (e) {
    const char* type = f.spec.base == BaseType::kList ? "checkbox" : "radio";
    for (size_t i = 0; i < e->values.size(); ++i)
      out += Choice(type, "answer-" + std::to_string(i + 1), "answer", e->values[i], e->Label(i, lang), is(e->values[i]));
  } else {
    const char* mode = f.spec.base == BaseType::kInt || f.spec.base == BaseType::kYen ? " inputmode=\"numeric\"" : "";
    out += std::string("<input type=\"text\" id=\"answer\" name=\"answer\" autocomplete=\"off\"") + mode + " value=\"" +
           E(typed) + "\"" + (described.empty() ? "" : " aria-describedby=\"" + described + "\"") +
           (described.find("error") != std::string::npos ? " aria-invalid=\"true\"" : "") + ">\n";
  }
  return out;
}

Response QuestionPage(const App::Call& call, const State& state, const CompiledFact& f, const std::string& typed,
                      const std::string& error) {
  Lang lang = state.lang;
  std::string text = f.ask.Get(lang);
  if (text.empty()) text = f.name;
  bool grouped = f.spec.base == BaseType::kBool || Choices(f);
  // The choices speak for themselves; a text field says what it reads.
  std::string hint = grouped ? "" : AnswerHint(f, lang);
  if (f.spec.base == BaseType::kList && Choices(f)) hint = Say(lang, Msg::kWebChooseAll);
  std::string main = "<p class=\"progress\">" +
                     E(Say(lang, Msg::kWebQuestion, arg("n", state.asked + 1))) + "</p>\n";
  main += "<form method=\"post\" action=\"/ask\" class=\"question\">\n" + state.Fields() + Hidden("q", f.name);
  std::string err = error.empty() ? "" : "<p id=\"error\" class=\"error\" role=\"alert\">" + E(error) + "</p>\n";
  std::string hint_html = hint.empty() ? "" : "<p id=\"hint\" class=\"hint\">" + E(hint) + "</p>\n";
  std::string described = (hint.empty() ? "" : "hint") + std::string(error.empty() ? "" : hint.empty() ? "error" : " error");
  if (grouped) {
    main += std::string("<fieldset") + (described.empty() ? "" : " aria-describedby=\"" + described + "\"") + ">\n<legend><h1>" +
            E(text) + "</h1></legend>\n" + hint_html + err + "<div class=\"choices\">\n" +
            Inputs(f, lang, typed, described) + "</div>\n</fieldset>\n";
  } else {
    main += "<h1><label for=\"answer\">" + E(text) + "</label></h1>\n" + hint_html + err +
            Inputs(f, lang, typed, described);
  }
  main += "<div class=\"actions\">\n<button type=\"submit\" name=\"go\" value=\"next\" class=\"primary\">" +
          E(Say(lang, Msg::kWebNext)) + "</button>\n<button type=\"submit\" name=\"go\" value=\"dontknow\" class=\"secondary\">" +
          E(Say(lang, Msg::kWebDontKnow)) + "</button>\n</div>\n</form>\n" + StartOver(lang);
  return Html(error.empty() ? 200 : 422, Page(lang, text, main, &state, Audits(call)));
}

// The value of the "none of these" box of a checklist: no fact name starts with `-`.
constexpr std::string_view kNoneOfThese = "-none";

// Several yes/no questions of one program on one page (eval/ask.hpp, NextAsk): a checkbox
// for each statement and one for "none of these"; `ticked` are the values given last time.
Response ChecklistPage(const App::Call& call, const State& state, const std::vector<const CompiledFact*>& items,
                       const std::vector<std::string>& ticked, const std::string& error) {
  Lang lang = state.lang;
  std::string text = Say(lang, Msg::kAskChecklist);
  auto is = [&](std::string_view v) { return std::find(ticked.begin(), ticked.end(), v) != ticked.end(); };
  std::string main = "<p class=\"progress\">" +
                     E(Say(lang, Msg::kWebQuestion, arg("n", state.asked + 1))) + "</p>\n";
  main += "<form method=\"post\" action=\"/ask\" class=\"question checklist\">\n" + state.Fields();
  for (const CompiledFact* f : items) main += Hidden("c", f->name);
  std::string described = error.empty() ? "hint" : "hint error";
  main += "<fieldset aria-describedby=\"" + described + "\">\n<legend><h1>" + E(text) + "</h1></legend>\n<p id=\"hint\" class=\"hint\">" +
          E(Say(lang, Msg::kWebChecklistHint)) + "</p>\n" +
          (error.empty() ? "" : "<p id=\"error\" class=\"error\" role=\"alert\">" + E(error) + "</p>\n") +
          "<div class=\"choices\">\n";
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& says = items[i]->statement.Get(lang);
    main += Choice("checkbox", "item-" + std::to_string(i + 1), "answer", items[i]->name, says.empty() ? items[i]->name : says,
                   is(items[i]->name));
  }
  main += Choice("checkbox", "item-none", "answer", std::string(kNoneOfThese), Say(lang, Msg::kAskChecklistNone), is(kNoneOfThese));
  main += "</div>\n</fieldset>\n<div class=\"actions\">\n<button type=\"submit\" name=\"go\" value=\"next\" class=\"primary\">" +
          E(Say(lang, Msg::kWebNext)) + "</button>\n<button type=\"submit\" name=\"go\" value=\"dontknow\" class=\"secondary\">" +
          E(Say(lang, Msg::kWebDontKnow)) + "</button>\n</div>\n</form>\n" + StartOver(lang);
  return Html(error.empty() ? 200 : 422, Page(lang, text, main, &state, Audits(call)));
}

Response ResultPage(App::Call& call, const State& state, const std::vector<const CompiledProgram*>& programs,
                    const Applicant& answers, Date as_of) {
  Lang lang = state.lang;
  Screened s;
  ScreenApplicant(programs, answers, as_of, s);
  std::string error;
  if (!call.app.Audit(call, s.screening, answers, "serve web", error)) {
    call.app.Log("{\"event\":\"audit-failed\"}");
    std::string main = "<h1>" + E(Say(lang, Msg::kServeAuditFailed)) + "</h1>\n" + StartOver(lang);
    return Html(503, Page(lang, Say(lang, Msg::kServeAuditFailed), main, &state, true));
  }
  std::string title = Say(lang, Msg::kMatchTitleYours, arg("date", FormatDateFor(as_of, lang)));
  std::string main = "<h1>" + E(title) + "</h1>\n<p class=\"note\">" + E(Say(lang, Msg::kWebResultNote)) + "</p>\n" +
                     RenderMatchHtml(s.screening, s.bound.data(), lang) + StartOver(lang);
  return Html(200, Page(lang, title, main, &state, Audits(call)));
}

}  // namespace

Response WebStyle(App::Call&) {
  Response r;
  r.content_type = "text/css; charset=utf-8";
  r.body = std::string(kStyleCss);
  return r;
}

Response WebStart(App::Call& call) {
  Lang lang = call.lang;
  std::string main = "<h1>" + E(Say(lang, Msg::kWebTitle)) + "</h1>\n<p class=\"intro\">" + E(Say(lang, Msg::kWebIntro)) +
                     "</p>\n<form method=\"post\" action=\"/ask\">\n" + Hidden("lang", Code(lang)) +
                     "<fieldset>\n<legend><h2>" + E(Say(lang, Msg::kWebChooseTheme)) + "</h2></legend>\n<div class=\"choices\">\n";
  for (std::string_view t : kThemes)
    main += Choice("radio", "theme-" + std::string(t), "theme", std::string(t), ThemeLabelText(t, lang), false);
  main += Choice("radio", "theme-everything", "theme", std::string(kEverything), ThemeLabelText(kEverything, lang), true);
  main += "</div>\n</fieldset>\n<div class=\"actions\"><button type=\"submit\" class=\"primary\">" +
          E(Say(lang, Msg::kWebStart)) + "</button></div>\n</form>\n";
  return Html(200, Page(lang, Say(lang, Msg::kWebTitle), main, nullptr, Audits(call)));
}

namespace {

// The answers carried by the form, each read as the fact it names.
struct Carried {
  Applicant answers;
  std::set<std::string> asked;  // answered or not known: never asked again

  void Add(const CompiledFact& f, const std::string& text) {
    RawFact rf;
    rf.name = f.name;
    rf.value = RawAnswer(f, text);
    answers.facts.push_back(std::move(rf));
    asked.insert(f.name);
  }
};

// The checklist just posted (its facts `items`): each item ticked is yes and each other one
// no, or all unknown; a page that asks again when the answer does not do.
std::optional<Response> TakeChecklist(const App::Call& call, State& state, const std::vector<const CompiledProgram*>& programs,
                                      const std::vector<std::string>& items, const std::string& go,
                                      const std::vector<std::string>& given, Carried& carried) {
  std::vector<const CompiledFact*> facts;
  for (const auto& name : items)
    if (const CompiledFact* f = Declared(programs, name); f && f->spec.base == BaseType::kBool && !carried.asked.count(name))
      facts.push_back(f);
  if (facts.size() != items.size() || (go != "next" && go != "dontknow")) return std::nullopt;
  if (go == "dontknow") {
    for (const CompiledFact* f : facts) {
      state.unknown.push_back(f->name);
      carried.asked.insert(f->name);
    }
    ++state.asked;
    return std::nullopt;
  }
  bool none = std::find(given.begin(), given.end(), kNoneOfThese) != given.end();
  if (given.empty()) return ChecklistPage(call, state, facts, given, Say(state.lang, Msg::kWebPleaseAnswer));
  if (none && given.size() > 1) return ChecklistPage(call, state, facts, given, Say(state.lang, Msg::kWebChecklistNoneAndItems));
  for (const CompiledFact* f : facts) {
    std::string yes_no = std::find(given.begin(), given.end(), f->name) != given.end() ? "yes" : "no";
    carried.Add(*f, yes_no);
    state.answers.emplace_back(f->name, yes_no);
  }
  ++state.asked;
  return std::nullopt;
}

}  // namespace

Response WebAsk(App::Call& call) {
  auto form = ParseForm(call.req.body);
  State state;
  std::string q, go;
  std::vector<std::string> given;      // the values of `answer` (several for a list or a checklist)
  std::vector<std::string> checklist;  // the facts of the checklist just answered
  for (const auto& [k, v] : form) {
    if (k == "lang") state.lang = v == "en" ? Lang::kEn : Lang::kJa;
    else if (k == "theme") state.theme = v;
    else if (k == "q") q = v;
    else if (k == "c") checklist.push_back(v);
    else if (k == "go") go = v;
    else if (k == "answer") given.push_back(v);
    else if (k == "u") state.unknown.push_back(v);
    else if (k == "n" && !v.empty() && v.size() <= 4 && std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) state.asked = std::stoul(v);
    else if (k.rfind("a.", 0) == 0) state.answers.emplace_back(k.substr(2), v);
  }
  call.lang = state.lang;
  bool known_theme = state.theme == kEverything ||
                     std::find(std::begin(kThemes), std::end(kThemes), state.theme) != std::end(kThemes);
  if (!known_theme) {
    std::string main = "<h1>" + E(Say(state.lang, Msg::kServeBadForm)) + "</h1>\n" + StartOver(state.lang);
    return Html(400, Page(state.lang, Say(state.lang, Msg::kServeBadForm), main, nullptr, Audits(call)));
  }
  std::vector<const CompiledProgram*> programs = Themed(*call.rules, state.theme);
  // The answers carried: each read as the fact it names (one the rules no longer declare is dropped).
  Carried carried;
  std::set<std::string>& asked = carried.asked;
  std::vector<std::pair<std::string, std::string>> kept;
  for (const auto& [name, text] : state.answers)
    if (const CompiledFact* f = Declared(programs, name); f && !asked.count(name)) {
      carried.Add(*f, text);
      kept.emplace_back(name, text);
    }
  state.answers = std::move(kept);
  for (const auto& u : state.unknown) asked.insert(u);
  // The question just answered: a checklist, or one fact.
  if (!checklist.empty()) {
    if (auto again = TakeChecklist(call, state, programs, checklist, go, given, carried)) return std::move(*again);
  } else if (const CompiledFact* f = q.empty() || asked.count(q) ? nullptr : Declared(programs, q)) {
    if (go == "dontknow") {
      state.unknown.push_back(q);
      asked.insert(q);
      ++state.asked;
    } else if (go == "next") {
      std::string typed;
      for (const auto& v : given) typed += (typed.empty() ? "" : ", ") + v;
      typed = std::string(TrimAnswer(typed));
      if (f->spec.base == BaseType::kList && typed.empty()) typed = "none";
      if (typed.empty()) return QuestionPage(call, state, *f, typed, Say(state.lang, Msg::kWebPleaseAnswer));
      FactValues scratch;
      LocalText why;
      if (!ParseFactValue(*f, RawAnswer(*f, typed), scratch, why))
        return QuestionPage(call, state, *f, typed, Say(state.lang, Msg::kWebAnswerError, arg("error", why.Get(state.lang))));
      carried.Add(*f, typed);
      state.answers.emplace_back(q, typed);
      ++state.asked;
    }
  }
  Date as_of = call.app.Today();
  AskOptions ao;
  ao.as_of = as_of;
  std::vector<Question> qs = NextAsk(programs, carried.answers, asked, ao);
  if (qs.size() > 1) {
    std::vector<const CompiledFact*> items;
    for (const Question& one : qs) items.push_back(one.decl);
    return ChecklistPage(call, state, items, {}, "");
  }
  if (!qs.empty()) return QuestionPage(call, state, *qs.front().decl, "", "");
  return ResultPage(call, state, programs, carried.answers, as_of);
}

// A problem as a page, for a browser.
Response WebProblem(const App::Call& call, const Response& problem, const std::string& title, const std::string& detail) {
  std::string main = "<h1>" + E(title) + "</h1>\n" + (detail.empty() ? "" : "<p>" + E(detail) + "</p>\n") + StartOver(call.lang);
  Response r = Html(problem.status, Page(call.lang, title, main, nullptr, Audits(call)));
  r.headers = problem.headers;
  r.route = problem.route;
  return r;
}

}  // namespace elig::serve
