// SPDX-License-Identifier: Apache-2.0
// The JSON API under /v1 (docs/http.md): each handler reads the request, asks the engine
// (the screening, the questionnaire, the program page) and renders what the CLI renders.
#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "app.hpp"
#include "eval/ask.hpp"
#include "explain/doc.hpp"
#include "explain/explain.hpp"
#include "explain/views.hpp"
#include "io/applicant_json.hpp"
#include "syntax/rules.hpp"

namespace elig::serve {

using fmt::arg;
using json = nlohmann::json;

namespace {

#include "openapi_json.inc"

std::string Dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

Response BadParam(const App::Call& call, const std::string& name, const std::string& value, const std::string& expected) {
  return Problem(400, "bad-parameter", call.lang, Msg::kServeBadParam,
                 Say(call.lang, Msg::kServeBadParamDetail, arg("name", name), arg("value", value), arg("expected", expected)),
                 call.req.path);
}

// The body as an applicant (io/applicant_json.hpp, as `elig check` reads a file); false with
// the problem: 415 for a body that is not JSON, 400 naming the line and column of each error.
bool ReadApplicant(const App::Call& call, Applicant& out, Response& problem) {
  const std::string& type = call.req.content_type;
  if (!type.empty() && type.find("json") == std::string::npos) {
    problem = Problem(415, "unsupported-media-type", call.lang, Msg::kServeMediaType,
                      Say(call.lang, Msg::kServeMediaTypeDetail, arg("type", type), arg("expected", "application/json")),
                      call.req.path);
    return false;
  }
  SourceFile file("body", call.req.body);
  std::vector<Diagnostic> diags;
  if (ParseApplicantJson(file, out, diags)) return true;
  json errors = json::array();
  for (const auto& d : diags)
    if (d.severity == Severity::kError)
      errors.push_back({{"line", d.loc.line}, {"column", d.loc.column}, {"code", d.code}, {"message", d.message.Get(call.lang)}});
  std::string detail = Say(call.lang, Msg::kServeExpectObject);
  if (!errors.empty()) {
    const auto& first = errors.front();
    detail = Say(call.lang, Msg::kServeAt, arg("line", first["line"].get<uint32_t>()),
                 arg("column", first["column"].get<uint32_t>()), arg("message", first["message"].get<std::string>()));
  }
  problem = Problem(400, "bad-json", call.lang, Msg::kServeBadJson, detail, call.req.path,
                    json{{"errors", errors}}.dump(-1, ' ', false, json::error_handler_t::replace));
  return false;
}

// ?as_of=, else the applicant's, else the server's today; nullopt (with the problem) for a bad date.
std::optional<Date> AsOf(const App::Call& call, const std::optional<Date>& applicant, Response& problem) {
  std::string text = call.Param("as_of");
  if (text.empty()) return applicant ? *applicant : call.app.Today();
  auto d = ParseDate(text);
  if (!d) problem = BadParam(call, "as_of", text, Say(call.lang, Msg::kServeExpectDate));
  return d;
}

// ?program= (repeatable) and ?theme= (repeatable): the programs chosen, or every program;
// nullopt (with the problem) for an unknown program (404) or theme (400).
std::optional<std::vector<const CompiledProgram*>> Chosen(const App::Call& call, Response& problem) {
  std::vector<const CompiledProgram*> out;
  for (const auto& id : call.Params("program")) {
    const CompiledProgram* p = call.rules->Find(id);
    if (!p) {
      problem = Problem(404, "unknown-program", call.lang, Msg::kServeNotFound,
                        Say(call.lang, Msg::kServeNoProgram, arg("id", id)), call.req.path);
      return std::nullopt;
    }
    if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
  }
  if (out.empty()) out = call.rules->programs;
  std::vector<std::string> themes = call.Params("theme");
  if (themes.empty()) return out;
  std::string known;
  for (const auto& t : KnownThemes()) known += (known.empty() ? "" : ", ") + std::string(t.id);
  for (const auto& t : themes)
    if (!ThemeLabel(t)) {
      problem = BadParam(call, "theme", t, Say(call.lang, Msg::kServeExpectTheme, arg("known", known)));
      return std::nullopt;
    }
  std::vector<const CompiledProgram*> themed;
  for (const CompiledProgram* p : out)
    if (std::any_of(themes.begin(), themes.end(),
                    [&](const std::string& t) { return std::find(p->themes.begin(), p->themes.end(), t) != p->themes.end(); }))
      themed.push_back(p);
  return themed;
}

// What POST /v1/check, /v1/screen and /v1/ask read: the applicant, the date and the programs.
struct Input {
  Applicant applicant;
  Date as_of;
  std::vector<const CompiledProgram*> programs;
};
bool ReadInput(const App::Call& call, Input& in, Response& problem) {
  if (!ReadApplicant(call, in.applicant, problem)) return false;
  auto as_of = AsOf(call, in.applicant.as_of, problem);
  if (!as_of) return false;
  in.as_of = *as_of;
  auto chosen = Chosen(call, problem);
  if (!chosen) return false;
  in.programs = std::move(*chosen);
  return true;
}

Response Json(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

// The screening's decisions go out only once the audit log holds them.
bool Audited(App::Call& call, const Screening& screening, const Applicant& applicant, const char* origin, Response& problem) {
  std::string error;
  if (call.app.Audit(call, screening, applicant, origin, error)) return true;
  call.app.Log("{\"event\":\"audit-failed\",\"message\":" + json(error).dump(-1, ' ', false, json::error_handler_t::replace) + "}");
  problem = Problem(503, "audit-failed", call.lang, Msg::kServeAuditFailed, "", call.req.path);
  return false;
}

// The input read, screened and audited; false with the problem.
bool Decided(App::Call& call, const char* origin, Input& in, Screened& s, Response& problem) {
  if (!ReadInput(call, in, problem)) return false;
  ScreenApplicant(in.programs, in.applicant, in.as_of, s);
  return Audited(call, s.screening, in.applicant, origin, problem);
}

json QuestionJson(const Question& q, Lang lang) {
  const CompiledFact& f = *q.decl;
  json choices = nullptr;
  if (const EnumDef* e = Choices(f)) {
    choices = json::array();
    for (size_t i = 0; i < e->values.size(); ++i) choices.push_back({{"value", e->values[i]}, {"label", e->Label(i, lang)}});
  }
  std::string text = f.ask.Get(lang);
  return {{"kind", "fact"},
          {"fact", q.fact},
          {"text", text.empty() ? q.fact : text},
          {"hint", AnswerHint(f, lang)},
          {"type", TypeSpecName(f.spec)},
          {"choices", std::move(choices)},
          {"min", f.min ? json(f.min->ToString()) : json(nullptr)},
          {"max", f.max ? json(f.max->ToString()) : json(nullptr)},
          {"programs", q.programs}};
}

// Several yes/no facts of one program asked together (eval/ask.hpp, NextAsk): each item is
// answered true or false, or all null when the applicant does not know.
json ChecklistJson(const std::vector<Question>& items, Lang lang) {
  json list = json::array();
  std::vector<std::string> programs;
  for (const Question& q : items) {
    list.push_back({{"fact", q.fact}, {"statement", q.decl->statement.Get(lang)}, {"programs", q.programs}});
    for (const auto& p : q.programs)
      if (std::find(programs.begin(), programs.end(), p) == programs.end()) programs.push_back(p);
  }
  return {{"kind", "checklist"},
          {"text", Say(lang, Msg::kAskChecklist)},
          {"none", Say(lang, Msg::kAskChecklistNone)},
          {"items", std::move(list)},
          {"programs", std::move(programs)}};
}

}  // namespace

Response ApiOpenApi(App::Call&) { return Json(std::string(kOpenApiJson)); }

Response ApiPrograms(App::Call& call) {
  Response problem;
  auto as_of = AsOf(call, std::nullopt, problem);
  if (!as_of) return problem;
  auto chosen = Chosen(call, problem);
  if (!chosen) return problem;
  json list = json::array();
  for (const CompiledProgram* p : *chosen) {
    bool open = (!p->window_from || *p->window_from <= *as_of) && (!p->window_to || *as_of <= *p->window_to);
    list.push_back({{"id", p->id},
                    {"version", p->version},
                    {"title", {{"ja", p->title.Get(Lang::kJa)}, {"en", p->title.Get(Lang::kEn)}}},
                    {"kind", p->kind},
                    {"authority", p->authority},
                    {"window", {{"from", p->window_from ? json(FormatDate(*p->window_from)) : json(nullptr)},
                                {"to", p->window_to ? json(FormatDate(*p->window_to)) : json(nullptr)},
                                {"open", open}}},
                    {"themes", p->themes}});
  }
  return Json(Dump({{"as_of", FormatDate(*as_of)},
                    {"rules", {{"generation", call.rules->generation}, {"hash", call.rules->hash}}},
                    {"programs", std::move(list)}}));
}

Response ApiProgram(App::Call& call, const std::string& id) {
  const CompiledProgram* p = call.rules->Find(id);
  if (!p)
    return Problem(404, "unknown-program", call.lang, Msg::kServeNotFound, Say(call.lang, Msg::kServeNoProgram, arg("id", id)),
                   call.req.path);
  return Json(RenderProgramDocJson(*p, call.lang));
}

Response ApiCheck(App::Call& call) {
  Response problem;
  Input in;
  Screened s;
  if (!Decided(call, "serve check", in, s, problem)) return problem;
  // One program alone is its decision JSON; several are screened together, so each carries
  // its final award and the notes of the combining rules (as `elig check --format json`).
  std::string decisions = "[";
  for (size_t i = 0; i < s.screening.programs.size(); ++i) {
    const ProgramScreening& ps = s.screening.programs[i];
    if (i) decisions += ",";
    decisions += in.programs.size() == 1 ? RenderJson(ps.decision, call.lang) : RenderJson(ps, call.lang);
  }
  decisions += "]";
  return Json(fmt::format("{{\"as_of\":\"{}\",\"lang\":\"{}\",\"rules\":{{\"generation\":{},\"hash\":\"{}\"}},\"decisions\":{}}}\n",
                          FormatDate(in.as_of), call.lang == Lang::kJa ? "ja" : "en", call.rules->generation,
                          call.rules->hash, decisions));
}

Response ApiScreen(App::Call& call) {
  Response problem;
  Input in;
  Screened s;
  if (!Decided(call, "serve screen", in, s, problem)) return problem;
  return Json(RenderMatchJson(s.screening, in.applicant.id, call.lang));
}

Response ApiAsk(App::Call& call) {
  Response problem;
  Input in;
  if (!ReadInput(call, in, problem)) return problem;
  const Applicant& answers = in.applicant;
  const std::vector<const CompiledProgram*>* chosen = &in.programs;
  const Date* as_of = &in.as_of;
  // A fact answered null is one the applicant does not know: never asked again.
  std::set<std::string> skipped;
  for (const auto& f : answers.facts)
    if (f.value.type == RawValue::Type::kNull) skipped.insert(f.name);
  AskOptions ao;
  ao.as_of = *as_of;
  std::vector<Question> qs = NextAsk(*chosen, answers, skipped, ao);
  json issues = json::array();
  std::set<std::string> seen;
  for (const CompiledProgram* p : *chosen)
    for (const auto& issue : Bind(*p, answers).issues)
      if (seen.insert(issue.fact).second) issues.push_back({{"fact", issue.fact}, {"message", issue.message.Get(call.lang)}});
  if (!qs.empty())
    return Json(Dump({{"done", false}, {"as_of", FormatDate(*as_of)}, {"question", qs.size() > 1 ? ChecklistJson(qs, call.lang) : QuestionJson(qs.front(), call.lang)},
                      {"input_issues", std::move(issues)}}));
  Screened s;
  ScreenApplicant(*chosen, answers, *as_of, s);
  if (!Audited(call, s.screening, answers, "serve ask", problem)) return problem;
  return Json("{\"done\":true,\"as_of\":\"" + FormatDate(*as_of) + "\",\"input_issues\":" +
              issues.dump(-1, ' ', false, json::error_handler_t::replace) +
              ",\"screening\":" + RenderMatchJson(s.screening, answers.id, call.lang) + "}\n");
}

}  // namespace elig::serve
