// `elig diff OLD NEW --applicants FILE`: who changes outcome, score or award
// between two versions of the rules, and which rule causes each change.
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common.hpp"
#include "explain/explain.hpp"
#include "io/applicant_list.hpp"

namespace elig::cli {

namespace {

using json = nlohmann::json;

struct Side {
  Outcome outcome = Outcome::kUndetermined;
  Rational score;
  std::optional<Rational> award;
  std::map<std::string, std::pair<Tri, Rational>> rules;  // id -> (result, points)
};

Side Summarize(const Decision& d) {
  Side s;
  s.outcome = d.outcome;
  s.score = d.score;
  s.award = d.award;
  for (const auto& r : d.requirements) s.rules["requirement " + r.rule->id] = {r.result, Rational(0)};
  for (const auto& r : d.exclusions) s.rules["exclusion " + r.rule->id] = {r.result, Rational(0)};
  for (const auto& r : d.scoring) s.rules["scoring " + r.rule->id] = {r.result, r.points};
  return s;
}

// A rule that is absent in one version counts as if it let everyone through
// there: a requirement that holds, an exclusion or scoring item that does not apply.
std::pair<Tri, Rational> Neutral(const std::string& key) {
  return {key.rfind("requirement ", 0) == 0 ? Tri::kTrue : Tri::kFalse, Rational(0)};
}

bool SameAward(const std::optional<Rational>& a, const std::optional<Rational>& b) {
  return a.has_value() == b.has_value() && (!a || *a == *b);
}

struct Change {
  std::string applicant, program;
  Side old_side, new_side;
  bool outcome = false, score = false, award = false;
  std::vector<std::string> rules;  // responsible rule ids, in the program's order
};

std::optional<Change> Compare(const Decision& old_d, const Decision& new_d) {
  Change c;
  c.old_side = Summarize(old_d);
  c.new_side = Summarize(new_d);
  c.outcome = old_d.outcome != new_d.outcome;
  c.score = !(old_d.score == new_d.score);
  c.award = !SameAward(old_d.award, new_d.award);
  if (!c.outcome && !c.score && !c.award) return std::nullopt;
  // The rules whose result (or points) differ, in the new program's order, then removed ones.
  std::vector<std::string> keys;
  for (const auto& r : new_d.requirements) keys.push_back("requirement " + r.rule->id);
  for (const auto& r : new_d.exclusions) keys.push_back("exclusion " + r.rule->id);
  for (const auto& r : new_d.scoring) keys.push_back("scoring " + r.rule->id);
  for (const auto& [k, v] : c.old_side.rules)
    if (!c.new_side.rules.count(k)) keys.push_back(k);
  std::set<std::string> named;
  for (const auto& k : keys) {
    auto o = c.old_side.rules.count(k) ? c.old_side.rules[k] : Neutral(k);
    auto n = c.new_side.rules.count(k) ? c.new_side.rules[k] : Neutral(k);
    if (o.first == n.first && o.second == n.second) continue;
    std::string id = k.substr(k.find(' ') + 1);
    if (named.insert(id).second) c.rules.push_back(id);
  }
  if (old_d.window_open != new_d.window_open) c.rules.push_back("window");
  // The same outcome with another amount: the formula or a parameter changed.
  if (c.award && !c.outcome && old_d.outcome != Outcome::kIneligible) c.rules.push_back("award");
  return c;
}

std::string AwardText(const std::optional<Rational>& a, Lang lang) {
  if (!a) return lang == Lang::kJa ? "未確定" : "none";
  return FormatYen(*a, lang);
}

json AwardJson(const std::optional<Rational>& a) {
  if (!a) return nullptr;
  return {{"yen", a->IsInteger() ? json(a->num()) : json(nullptr)}, {"exact", a->ToString()}};
}

json NumberJson(const Rational& r) { return r.IsInteger() ? json(r.num()) : json(r.ToString()); }

}  // namespace

void RegisterDiff(CLI::App& app, int& exit) {
  struct Opts {
    Common c;
    std::string old_dir, new_dir, applicants, program;
  };
  auto o = std::make_shared<Opts>();
  auto* cmd = app.add_subcommand("diff", "Who changes outcome, score or award between two versions of the rules, and why");
  cmd->footer(
      "Example:\n  elig diff rules-2025 rules --applicants applicants.yaml\n"
      "  elig diff old/ new/ --applicants applicants.jsonl --program gunma.trade-fair-sample --format json\n"
      "FILE is a YAML or JSON list of applicants (or a map with `applicants:`), JSON Lines (.jsonl) or CSV (.csv).\n"
      "Each change names the rules whose result differs; `award` when only the amount moved (formula or\n"
      "parameter), `window` when the application window did.\n"
      "Exit: 0 compared (changes or not), 64 usage, 65 bad applicant file, 66 rule errors.");
  cmd->add_option("old", o->old_dir, "rules directory, old version")->required();
  cmd->add_option("new", o->new_dir, "rules directory, new version")->required();
  cmd->add_option("--applicants", o->applicants, "applicants to compare on")->required();
  cmd->add_option("--program,-p", o->program, "compare only this program");
  AddLang(cmd, o->c);
  AddFormat(cmd, o->c);
  AddAsOf(cmd, o->c);
  cmd->callback([o, &exit] {
    const bool ja = o->c.language() == Lang::kJa;
    const bool err_color = isatty(STDERR_FILENO);
    auto old_rs = LoadRules(o->old_dir, err_color, exit);
    if (!old_rs) return;
    auto new_rs = LoadRules(o->new_dir, err_color, exit);
    if (!new_rs) return;
    if (!o->program.empty() && !old_rs->Find(o->program) && !new_rs->Find(o->program)) {
      std::cerr << "elig: error: no program `" << o->program << "` under `" << o->old_dir << "` or `" << o->new_dir << "`\n";
      exit = kUsage;
      return;
    }
    // Programs by id, in both versions or only one.
    std::vector<std::pair<const CompiledProgram*, const CompiledProgram*>> pairs;
    std::vector<std::string> added, removed;
    for (const auto& p : old_rs->programs()) {
      if (!o->program.empty() && p->id != o->program) continue;
      if (const CompiledProgram* n = new_rs->Find(p->id)) pairs.emplace_back(p.get(), n);
      else removed.push_back(p->id);
    }
    for (const auto& p : new_rs->programs())
      if ((o->program.empty() || p->id == o->program) && !old_rs->Find(p->id)) added.push_back(p->id);
    std::sort(pairs.begin(), pairs.end(), [](auto& a, auto& b) { return a.first->id < b.first->id; });

    std::set<std::string> list_facts;
    for (const auto* rs : {old_rs.get(), new_rs.get()})
      for (const auto& p : rs->programs())
        for (const auto& f : p->facts)
          if (f.spec.base == BaseType::kList) list_facts.insert(f.name);
    SourceSet sources;
    std::vector<Diagnostic> diags;
    ApplicantList in = ReadApplicantList(o->applicants, list_facts, sources, diags);
    PrintDiagnostics(diags, &sources, err_color);
    if (!in.ok && in.applicants.empty()) {
      exit = kInputError;
      return;
    }

    std::vector<Change> changes;
    for (const auto& a : in.applicants) {
      std::optional<Date> as_of = AsOfDate(o->c, a.as_of);
      if (!as_of) {
        exit = kUsage;
        return;
      }
      EvalOptions eo;
      eo.as_of = *as_of;
      for (const auto& [op, np] : pairs) {
        FactValues of = Bind(*op, a), nf = Bind(*np, a);
        Decision od = Decide(*op, of, eo), nd = Decide(*np, nf, eo);
        if (auto c = Compare(od, nd)) {
          c->applicant = a.id;
          c->program = op->id;
          changes.push_back(std::move(*c));
        }
      }
    }

    std::set<std::string> who;
    size_t n_outcome = 0, n_score = 0, n_award = 0;
    for (const auto& c : changes) {
      who.insert(c.applicant);
      n_outcome += c.outcome;
      n_score += c.score;
      n_award += c.award;
    }
    if (o->c.json()) {
      json out;
      out["old"] = o->old_dir;
      out["new"] = o->new_dir;
      out["applicants"] = in.applicants.size();
      json compared = json::array();
      for (const auto& pr : pairs) compared.push_back(pr.first->id);
      out["programs"] = {{"compared", compared}, {"added", added}, {"removed", removed}};
      json arr = json::array();
      for (const auto& c : changes) {
        json j;
        j["applicant"] = c.applicant;
        j["program"] = c.program;
        j["outcome"] = c.outcome ? json{{"old", OutcomeName(c.old_side.outcome)}, {"new", OutcomeName(c.new_side.outcome)}}
                                 : json(nullptr);
        j["score"] = c.score ? json{{"old", NumberJson(c.old_side.score)}, {"new", NumberJson(c.new_side.score)}} : json(nullptr);
        j["award"] = c.award ? json{{"old", AwardJson(c.old_side.award)}, {"new", AwardJson(c.new_side.award)}} : json(nullptr);
        j["rules"] = c.rules;
        arr.push_back(std::move(j));
      }
      out["changes"] = std::move(arr);
      out["summary"] = {{"changed_applicants", who.size()}, {"outcome", n_outcome}, {"score", n_score}, {"award", n_award}};
      std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    } else {
      std::cout << (ja ? "elig diff: " + o->old_dir + " → " + o->new_dir + "（申請者 " + std::to_string(in.applicants.size()) +
                             " 件、比較した制度 " + std::to_string(pairs.size()) + " 件）\n"
                       : "elig diff: " + o->old_dir + " -> " + o->new_dir + ", " + std::to_string(in.applicants.size()) +
                             " applicant(s), " + std::to_string(pairs.size()) + " program(s) compared\n");
      for (const auto& id : added) std::cout << (ja ? "  新しい制度（比較対象外）: " : "  new program (not compared): ") << id << "\n";
      for (const auto& id : removed) std::cout << (ja ? "  削除された制度（比較対象外）: " : "  removed program (not compared): ") << id << "\n";
      for (const auto& c : changes) {
        std::string what;
        auto part = [&](const std::string& s) { what += (what.empty() ? "" : "; ") + s; };
        if (c.outcome) part((ja ? "判定 " : "outcome ") + std::string(OutcomeName(c.old_side.outcome)) + " → " + OutcomeName(c.new_side.outcome));
        if (c.score) part((ja ? "加点 " : "score ") + c.old_side.score.ToGroupedString() + " → " + c.new_side.score.ToGroupedString());
        if (c.award) part((ja ? "補助額 " : "award ") + AwardText(c.old_side.award, o->c.language()) + " → " + AwardText(c.new_side.award, o->c.language()));
        std::string rules;
        for (const auto& r : c.rules) rules += (rules.empty() ? "" : ", ") + r;
        std::cout << c.applicant << "  " << c.program << "  " << what;
        if (!rules.empty()) std::cout << (ja ? "  （原因: " + rules + "）" : "  (rule: " + rules + ")");
        std::cout << "\n";
      }
      std::cout << (ja ? "変化した申請者: " + std::to_string(who.size()) + " / " + std::to_string(in.applicants.size()) +
                             "（判定 " + std::to_string(n_outcome) + "、加点 " + std::to_string(n_score) + "、補助額 " +
                             std::to_string(n_award) + "）\n"
                       : std::to_string(who.size()) + " of " + std::to_string(in.applicants.size()) +
                             " applicant(s) change (" + std::to_string(n_outcome) + " outcome, " + std::to_string(n_score) +
                             " score, " + std::to_string(n_award) + " award)\n");
    }
    exit = in.ok ? kOk : kInputError;
  });
}

}  // namespace elig::cli
