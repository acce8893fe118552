#include "compile/lint.hpp"

#include <set>

namespace elig {
namespace {

Diagnostic Warn(std::string code, std::string message, SourceLoc loc, std::string help = "") {
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.code = std::move(code);
  d.message = std::move(message);
  d.loc = std::move(loc);
  d.help = std::move(help);
  return d;
}

void LintRuleTexts(const RuleFile& f, std::vector<Diagnostic>& out) {
  auto one = [&](const std::string& what, const std::string& id, const SourceLoc& loc, const LocalText& text,
                 const std::string& cite) {
    if (cite.empty())
      out.push_back(Warn("no-cite", what + " `" + id + "` has no citation", loc, "add `cite: 要綱 第3条第1号` (the article it implements)"));
    if (text.ja.empty() || text.en.empty())
      out.push_back(Warn("no-text", what + " `" + id + "` has no " + (text.ja.empty() && text.en.empty() ? "text" : text.ja.empty() ? "Japanese text" : "English text"),
                         loc, "write `text: { ja: …, en: … }` so applicants read the rule in either language"));
  };
  for (const auto& r : f.requirements) one("the requirement", r.id, r.loc, r.text, r.cite);
  for (const auto& r : f.exclusions) one("the exclusion", r.id, r.loc, r.text, r.cite);
  for (const auto& s : f.scoring) one("the scoring item", s.id, s.loc, s.text, s.cite);
}

}  // namespace

std::vector<Diagnostic> Lint(const RuleSet& rules, Date today) {
  std::vector<Diagnostic> out;
  for (const auto& f : rules.files()) {
    if (f->is_module) continue;
    LintRuleTexts(*f, out);
    if (f->title.ja.empty() || f->title.en.empty())
      out.push_back(Warn("no-text", "the program title lacks " + std::string(f->title.ja.empty() ? "Japanese" : "English"), f->id_loc,
                         "write `title: { ja: …, en: … }`"));
    if (!f->window_from || !f->window_to) {
      out.push_back(Warn("no-window", "the program has no application window", f->id_loc, "add `window: 2026-04-01 .. 2027-03-31`"));
    } else if (*f->window_to < today) {
      out.push_back(Warn("window-closed", "the application window closed on " + FormatDate(*f->window_to), f->window_loc,
                         "fine for a past edition kept for the record; otherwise update the window"));
    }
    if (f->basis.empty()) out.push_back(Warn("no-basis", "the program names no `basis:` (the guideline its rules cite)", f->id_loc));
  }
  // Facts declared in a program file that none of its expressions use.
  for (const auto& c : rules.checked()) {
    for (const auto& fact : c->facts) {
      if (fact.used) continue;
      if (fact.origin != (c->program->file ? c->program->file->path() : "")) continue;  // module facts serve many programs
      out.push_back(Warn("unused-fact", "the fact `" + fact.decl->name + "` is declared but no rule uses it", fact.decl->loc));
    }
  }
  // Tables without a row for some value of their key and no default, once per table.
  std::set<const TableDecl*> seen;
  for (const auto& c : rules.checked())
    for (const auto& t : c->tables) {
      if (t.key_fact < 0 || t.decl->default_row || !seen.insert(t.decl).second) continue;
      const auto& values = c->facts[static_cast<size_t>(t.key_fact)].type.enum_def->values;
      std::set<std::string> rows;
      for (const auto& r : t.decl->rows) rows.insert(r.key);
      std::string missing;
      for (const auto& v : values)
        if (!rows.count(v)) missing += (missing.empty() ? "" : ", ") + v;
      if (!missing.empty())
        out.push_back(Warn("table-incomplete", "the table `" + t.decl->name + "` has no row for: " + missing, t.decl->loc,
                           "add the rows, or a `default:` row"));
    }
  return out;
}

}  // namespace elig
