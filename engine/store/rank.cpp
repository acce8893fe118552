// SPDX-License-Identifier: Apache-2.0
#include "store/rank.hpp"

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "common/catalog.hpp"
#include "eval/input.hpp"
#include "store/audit.hpp"
#include "store/batch.hpp"
#include "store/schema.hpp"

namespace elig::store {
namespace {

int CompareKeys(const RankKey& a, const RankKey& b) {
  if (a.known != b.known) return a.known ? -1 : 1;  // unknown last, whatever the direction
  if (!a.known) return 0;
  if (a.is_text || b.is_text) return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
  return Rational::Compare(a.num, b.num);
}

// Score (higher first), then the declared keys; 0 when tied on all of them.
int CompareRank(const RankCandidate& a, const RankCandidate& b, const std::vector<bool>& descending) {
  int c = Rational::Compare(b.score, a.score);
  if (c) return c;
  for (size_t k = 0; k < a.keys.size() && k < b.keys.size(); ++k) {
    c = CompareKeys(a.keys[k], b.keys[k]);
    if (c && a.keys[k].known && b.keys[k].known && k < descending.size() && descending[k]) c = -c;
    if (c) return c;
  }
  return 0;
}

RankKey KeyOf(const Value& v) {
  RankKey k;
  switch (v.kind) {
    case VKind::kNumber: k.known = true; k.num = v.num; break;
    case VKind::kDate:
    case VKind::kEnum: k.known = true; k.num = Rational(v.i); break;
    case VKind::kBool: k.known = true; k.num = Rational(v.b ? 1 : 0); break;
    case VKind::kText: k.known = true; k.is_text = true; k.text = *v.text; break;
    default: break;
  }
  return k;
}

}  // namespace

const char* RankStatusName(RankStatus s) {
  switch (s) {
    case RankStatus::kFunded: return "funded";
    case RankStatus::kPartial: return "partial";
    case RankStatus::kUnfunded: return "unfunded";
    case RankStatus::kAwardUnknown: return "award-unknown";
    case RankStatus::kSelected: return "selected";
    case RankStatus::kNoPlace: return "no-place";
  }
  return "unfunded";
}

RankResult Allocate(std::vector<RankCandidate> candidates, const std::vector<bool>& descending, OverBudget rule,
                    std::optional<Rational> budget, const AllocateLimits& limits) {
  RankResult out;
  out.budget = budget;
  out.rule = rule;
  out.places = limits.places;
  // A program without money has no budget to allocate: it selects by place alone.
  if (!limits.gives_money) budget.reset(), out.budget.reset();
  std::stable_sort(candidates.begin(), candidates.end(), [&](const RankCandidate& a, const RankCandidate& b) {
    int c = CompareRank(a, b, descending);
    return c ? c < 0 : a.seq < b.seq;
  });
  auto add = [&](Rational& sum, Rational x) {
    auto s = Rational::Add(sum, x);
    if (!s) {
      out.error = SayBoth(Msg::kRankTotalOutOfRange);
      return false;
    }
    sum = *s;
    return true;
  };
  // The awards requested: of every candidate, or of those within the places (in rank order,
  // counting only those with an award to grant).
  int64_t within = 0;
  for (const auto& c : candidates) {
    if (!limits.gives_money || !c.award) continue;
    if (limits.places && within >= *limits.places) break;
    ++within;
    if (!add(out.requested, *c.award)) return out;
  }

  std::optional<Rational> ratio;  // proportional: budget / requested, when the budget is short
  if (budget && rule == OverBudget::kProportional && Rational::Compare(out.requested, *budget) > 0) {
    ratio = Rational::Div(*budget, out.requested);
    if (!ratio) {
      out.error = SayBoth(Msg::kRankRatioOutOfRange);
      return out;
    }
  }
  Rational remaining = budget ? *budget : Rational(0);
  bool stopped = false;
  int64_t rank = 0;
  for (auto& c : candidates) {
    RankedEntry e;
    e.rank = ++rank;
    e.tied = !out.entries.empty() && CompareRank(out.entries.back().candidate, c, descending) == 0;
    e.candidate = std::move(c);
    const auto& award = e.candidate.award;
    if (limits.places && out.selected >= *limits.places) {
      e.status = RankStatus::kNoPlace;  // the places are filled: nothing, and no budget is used
    } else if (!limits.gives_money) {
      e.status = RankStatus::kSelected;
    } else if (!award) {
      e.status = RankStatus::kAwardUnknown;
    } else if (!budget) {
      e.status = RankStatus::kFunded;
      e.granted = *award;
    } else if (ratio) {
      auto scaled = Rational::Mul(*award, *ratio);
      if (!scaled) {
        out.error = SayBoth(Msg::kRankScaledOutOfRange);
        return out;
      }
      e.granted = scaled->Floor();  // 切り捨て: never more than the budget in total
      e.status = e.granted == *award ? RankStatus::kFunded : RankStatus::kPartial;
    } else if (!stopped && Rational::Compare(*award, remaining) <= 0) {
      e.status = RankStatus::kFunded;
      e.granted = *award;
    } else if (stopped) {
      e.status = RankStatus::kUnfunded;
    } else {
      switch (rule) {
        case OverBudget::kPartial:
          if (Rational::Compare(remaining, Rational(0)) > 0) {
            e.status = RankStatus::kPartial;
            e.granted = remaining;
          }
          stopped = true;
          break;
        case OverBudget::kSkip: break;  // later, smaller awards may still fit
        case OverBudget::kNone:
        case OverBudget::kProportional:  // (only reached when the budget is not short)
          stopped = true;
          break;
      }
    }
    if (budget && !ratio) {
      auto r = Rational::Sub(remaining, e.granted);
      if (r) remaining = *r;
    }
    if (!add(out.granted, e.granted)) return out;
    if (e.TakesPlace()) ++out.selected;
    // A tie decided by input order at the edge of the places or the budget is worth an
    // official's eye.
    if (e.tied) {
      const RankedEntry& before = out.entries.back();
      auto note = [&](Msg m) {
        out.notes.push_back(SayBoth(m, fmt::arg("first", before.candidate.applicant_id), fmt::arg("first_rank", before.rank),
                                    fmt::arg("second", e.candidate.applicant_id), fmt::arg("second_rank", e.rank)));
      };
      if (e.status == RankStatus::kNoPlace && before.TakesPlace()) note(Msg::kRankTiePlaces);
      else if (e.status != RankStatus::kFunded && e.status != RankStatus::kAwardUnknown && e.status != RankStatus::kNoPlace &&
               before.status == RankStatus::kFunded)
        note(Msg::kRankTieBudget);
    }
    out.entries.push_back(std::move(e));
  }
  if (budget) {
    auto r = Rational::Sub(*budget, out.granted);
    out.remaining = r;
  }
  return out;
}

Status RankRun(Db& db, const CompiledProgram& program, const RankOptions& options, RankReport& out) {
  out = RankReport{};
  // A file of an older elig is upgraded first (a ranking is written into it); another is refused.
  Status st = EnsureSchema(db);
  if (!st.ok()) return st;
  if (options.run_id) {
    out.run_id = *options.run_id;
  } else {
    auto latest = LatestRun(db, program.id, st);
    if (!st.ok()) return st;
    if (!latest) {
      st = Status::Error(kError, SayBoth(Msg::kStoreNoDecisions, fmt::arg("program", program.id)));
      return st;
    }
    out.run_id = *latest;
  }
  {
    Stmt s(db, "SELECT finished IS NULL FROM runs WHERE run_id = ?", st);
    if (!st.ok()) return st;
    s.Bind(1, out.run_id);
    if (!s.Step(st)) {
      if (st.ok()) {
        st = Status::Error(kError, SayBoth(Msg::kStoreNoRunInResults, fmt::arg("run", out.run_id)));
      }
      return st;
    }
    if (s.Int(0)) out.warnings.push_back(SayBoth(Msg::kRankRunNotFinished, fmt::arg("run", out.run_id)));
  }
  {
    Stmt s(db, "SELECT DISTINCT p.version FROM run_programs x JOIN programs p USING (program_ref) "
               "WHERE x.run_id = ? AND p.program = ?", st);  // the run's programs: no read of its results
    if (!st.ok()) return st;
    s.Bind(1, out.run_id).Bind(2, program.id);
    while (s.Step(st))
      if (s.Text(0) != program.version)
        out.warnings.push_back(SayBoth(Msg::kRankOtherVersion, fmt::arg("version", s.Text(0)),
                                       fmt::arg("program", program.id), fmt::arg("now", program.version)));
    if (!st.ok()) return st;
  }

  // The eligible applicants, with the facts their tie-break needs.
  std::vector<RankCandidate> candidates;
  std::vector<bool> descending;
  if (program.ranking)
    for (const auto& k : program.ranking->tie_break) descending.push_back(k.descending);
  bool need_facts = std::any_of(program.tie_break_slots.begin(), program.tie_break_slots.end(), [](int s) { return s >= 0; });
  {
    Stmt s(db,
           "SELECT r.seq, r.applicant_id, r.score, r.final_award, a.facts, a.record FROM results r "
           "LEFT JOIN applicants a ON a.run_id = r.run_id AND a.seq = r.seq "
           "WHERE r.run_id = ? AND r.program = ? AND r.outcome = 'eligible' ORDER BY r.seq",
           st);
    if (!st.ok()) return st;
    StoredApplicants stored;
    size_t unreadable = 0;
    std::string first_unreadable;
    LocalText first_why;
    if (need_facts && !(st = stored.Open(db, out.run_id)).ok()) return st;
    s.Bind(1, out.run_id).Bind(2, program.id);
    while (s.Step(st)) {
      RankCandidate c;
      c.seq = s.Int(0);
      c.applicant_id = s.Text(1);
      auto score = s.AsText(2) ? Rational::Parse(*s.AsText(2)) : std::nullopt;
      c.score = score ? *score : Rational(0);
      if (auto a = s.AsText(3)) c.award = Rational::Parse(*a);
      FactValues facts;
      if (need_facts) {
        Applicant applicant;
        LocalText why;
        if (stored.Read(s.AsText(5), s.AsText(4), applicant, why)) {
          facts = Bind(program, applicant);
        } else if (unreadable++ == 0) {
          first_unreadable = c.applicant_id;
          first_why = std::move(why);
        }
      }
      for (int slot : program.tie_break_slots) {
        if (slot < 0) {
          RankKey k;
          if (c.award) {
            k.known = true;
            k.num = *c.award;
          }
          c.keys.push_back(k);
        } else {
          c.keys.push_back(static_cast<size_t>(slot) < facts.values.size() ? KeyOf(facts.values[static_cast<size_t>(slot)]) : RankKey{});
        }
      }
      candidates.push_back(std::move(c));
    }
    if (!st.ok()) return st;
    if (unreadable)
      out.warnings.push_back(SayBoth(Msg::kRankUnreadableInputs, fmt::arg("n", unreadable),
                                     fmt::arg("applicant", first_unreadable), fmt::arg("why", first_why)));
  }
  std::optional<Rational> budget = options.budget ? options.budget : program.budget;
  OverBudget rule = program.ranking ? program.ranking->last : OverBudget::kNone;
  AllocateLimits limits;
  limits.places = options.places ? options.places : program.places;
  limits.gives_money = program.award >= 0 || !program.benefit;
  out.result = Allocate(std::move(candidates), descending, rule, budget, limits);
  if (!out.result.error.Empty()) {
    st = Status::Error(kError, out.result.error);
    return st;
  }

  // Stored in one transaction, replacing an earlier ranking of the same run and program.
  if (!(st = db.Begin()).ok()) return st;
  auto fail = [&](Status s) {
    db.Rollback();
    return s;
  };
  {
    Stmt del(db, "DELETE FROM rankings WHERE run_id = ? AND program = ?", st);
    if (!st.ok()) return fail(st);
    del.Bind(1, out.run_id).Bind(2, program.id);
    if (!(st = del.Run()).ok()) return fail(st);
    Stmt ins(db,
             "INSERT INTO rankings(run_id, program, rank, seq, applicant_id, score, award, granted, status, tied) "
             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
             st);
    if (!st.ok()) return fail(st);
    for (const auto& e : out.result.entries) {
      ins.Bind(1, out.run_id).Bind(2, program.id).Bind(3, e.rank).Bind(4, e.candidate.seq).Bind(5, e.candidate.applicant_id);
      BindExact(ins, 6, e.candidate.score);
      BindExact(ins, 7, e.candidate.award);
      BindExact(ins, 8, e.granted);
      ins.Bind(9, RankStatusName(e.status)).Bind(10, static_cast<int64_t>(e.tied));
      if (!(st = ins.Run()).ok()) return fail(st);
    }
    nlohmann::json tie_break = nlohmann::json::array();
    if (program.ranking)
      for (const auto& k : program.ranking->tie_break) tie_break.push_back(k.name + (k.descending ? " desc" : " asc"));
    Stmt info(db,
              "INSERT OR REPLACE INTO ranking_runs(run_id, program, version, created, budget, last_rule, tie_break, "
              "requested, granted, remaining) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              st);
    if (!st.ok()) return fail(st);
    info.Bind(1, out.run_id).Bind(2, program.id).Bind(3, program.version).Bind(4, UtcNowText());
    BindExact(info, 5, out.result.budget);
    info.Bind(6, OverBudgetName(out.result.rule)).Bind(7, tie_break.dump());
    BindExact(info, 8, out.result.requested);
    BindExact(info, 9, out.result.granted);
    BindExact(info, 10, out.result.remaining);
    if (!(st = info.Run()).ok()) return fail(st);
  }
  return db.Commit();
}

}  // namespace elig::store
