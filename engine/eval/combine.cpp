// SPDX-License-Identifier: Apache-2.0
#include "eval/combine.hpp"

#include <algorithm>
#include <numeric>
#include <set>

#include "common/diagnose.hpp"
#include "compile/machine.hpp"

namespace elig {
namespace {

bool Names(const std::vector<std::string>& ids, const std::string& id) {
  return std::any_of(ids.begin(), ids.end(), [&](const std::string& x) { return x == "*" || x == id; });
}

// The program whose `not_with` forbids combining a with b: a's own rule first.
const CompiledProgram* ForbiddenBy(const CompiledProgram& a, const CompiledProgram& b) {
  if (a.combine && Names(a.combine->not_with, b.id)) return &a;
  if (b.combine && Names(b.combine->not_with, a.id)) return &b;
  return nullptr;
}

bool Granted(Outcome o) { return o == Outcome::kEligible; }
bool Pending(Outcome o) { return o == Outcome::kUndetermined; }

CombineNote Note(CombineKind kind, const CompiledProgram& other, const CompiledProgram& declared_by) {
  CombineNote n;
  n.kind = kind;
  n.other = other.id;
  n.other_title = other.title;
  n.declared_by = declared_by.id;
  if (declared_by.combine) {
    n.text = declared_by.combine->text;
    n.cite = declared_by.combine->cite;
  }
  return n;
}

// The award recomputed with `extra` added to the deduct fact; nullopt when it cannot be known.
std::optional<Rational> RecomputeWithFact(const CombineInput& in, Rational extra) {
  const CompiledProgram& p = *in.program;
  if (!in.facts || p.combine_deduct_fact < 0) return std::nullopt;
  std::vector<Value> facts(in.facts, in.facts + p.facts.size());
  Value& f = facts[static_cast<size_t>(p.combine_deduct_fact)];
  if (!f.IsKnown()) return std::nullopt;  // the applicant's own other grants are unknown
  auto sum = Rational::Add(f.num, extra);
  if (!sum) return std::nullopt;
  f = Value::Number(*sum, true);
  EvalContext ctx;
  FastDecision d = DecideFast(p, facts.data(), in.as_of, ctx);
  if (d.error) return std::nullopt;
  if (d.award) return d.award;
  // An award no unknown fact can change is known only to a full decision (eval/settle.hpp).
  FactValues fv;
  fv.values = std::move(facts);
  EvalOptions eo;
  eo.as_of = in.as_of;
  eo.trace = false;
  return Decide(p, fv, eo).award;
}

}  // namespace

const char* CombineKindName(CombineKind k) {
  switch (k) {
    case CombineKind::kNotWith: return "not-with";
    case CombineKind::kNotWithPending: return "not-with-pending";
    case CombineKind::kDeduct: return "deduct";
    case CombineKind::kDeductPending: return "deduct-pending";
  }
  return "not-with";
}

CombineInput MakeCombineInput(const Decision& d, const FactValues& facts) {
  CombineInput in;
  in.program = d.program;
  in.outcome = d.outcome;
  in.score = d.score;
  in.award = d.award;
  in.facts = facts.values.data();
  in.as_of = d.as_of;
  return in;
}

bool HasCombiningRules(const std::vector<const CompiledProgram*>& programs) {
  return std::any_of(programs.begin(), programs.end(), [](const CompiledProgram* p) { return p && p->combine; });
}

std::vector<CombinedView> Combine(const std::vector<CombineInput>& in) {
  const size_t n = in.size();
  std::vector<CombinedView> out(n);
  for (size_t i = 0; i < n; ++i) out[i].award = in[i].award;

  // 1. Exclusive programs: keep the best eligible one of each conflicting pair.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = in[a];
    const auto& y = in[b];
    if (x.award.has_value() != y.award.has_value()) return x.award.has_value();  // a known amount first
    if (x.award && y.award) {
      int c = Rational::Compare(*x.award, *y.award);
      if (c != 0) return c > 0;
    }
    int c = Rational::Compare(x.score, y.score);
    if (c != 0) return c > 0;
    return x.program->id < y.program->id;
  });
  std::vector<size_t> kept;
  for (size_t i : order) {
    if (!Granted(in[i].outcome)) continue;
    const CompiledProgram* by = nullptr;
    size_t winner = 0;
    for (size_t k : kept)
      if ((by = ForbiddenBy(*in[i].program, *in[k].program))) {
        winner = k;
        break;
      }
    if (!by) {
      kept.push_back(i);
      continue;
    }
    out[i].blocked = true;
    out[i].blocked_by = in[winner].program->id;
    out[i].award = Rational(0);
    out[i].notes.push_back(Note(CombineKind::kNotWith, *in[winner].program, *by));
  }
  // Conflicts with a program whose outcome is not settled: said, not applied.
  for (size_t i = 0; i < n; ++i) {
    if (out[i].blocked || !(Granted(in[i].outcome) || Pending(in[i].outcome))) continue;
    for (size_t j = 0; j < n; ++j) {
      if (i == j || !(Pending(in[i].outcome) || Pending(in[j].outcome))) continue;
      if (!(Granted(in[j].outcome) || Pending(in[j].outcome)) || out[j].blocked) continue;
      if (const CompiledProgram* by = ForbiddenBy(*in[i].program, *in[j].program))
        out[i].notes.push_back(Note(CombineKind::kNotWithPending, *in[j].program, *by));
    }
  }

  // 2. Deductions: other kept grants for the same costs come off this one.
  for (size_t i = 0; i < n; ++i) {
    const CompiledProgram& p = *in[i].program;
    if (!p.combine || !p.combine->deduct || out[i].blocked) continue;
    if (!(Granted(in[i].outcome) || Pending(in[i].outcome))) continue;
    Rational total;
    bool pending = false, overflow = false;
    std::vector<CombineNote> notes;
    for (size_t j = 0; j < n; ++j) {
      if (i == j || !Names(p.combine->deduct_from, in[j].program->id) || out[j].blocked) continue;
      if (Granted(in[j].outcome) && in[j].award) {
        if (Rational::Compare(*in[j].award, Rational(0)) <= 0) continue;
        CombineNote note = Note(CombineKind::kDeduct, *in[j].program, p);
        note.amount = in[j].award;
        notes.push_back(std::move(note));
        auto sum = Rational::Add(total, *in[j].award);
        if (sum) total = *sum;
        else overflow = true;
      } else if (Granted(in[j].outcome) || Pending(in[j].outcome)) {
        pending = true;
        notes.push_back(Note(CombineKind::kDeductPending, *in[j].program, p));
      }
    }
    std::optional<Rational> after = in[i].award;
    if (overflow) {
      after.reset();
    } else if (Rational::Compare(total, Rational(0)) > 0 && in[i].award) {
      if (p.combine_deduct_fact >= 0) {
        after = RecomputeWithFact(in[i], total);
      } else {
        auto diff = Rational::Sub(*in[i].award, total);
        after = diff ? std::optional<Rational>(Rational::Compare(*diff, Rational(0)) < 0 ? Rational(0) : *diff) : std::nullopt;
      }
    }
    if (pending) after.reset();  // the other grant may still come: the amount is not known yet
    for (auto& note : notes)
      if (note.kind == CombineKind::kDeduct) {
        note.before = in[i].award;
        note.after = after;
      }
    out[i].award = after;
    for (auto& note : notes) out[i].notes.push_back(std::move(note));
  }
  return out;
}

std::vector<Diagnostic> CheckCombining(const std::vector<const CompiledProgram*>& programs) {
  std::set<std::string> ids;
  for (const auto* p : programs) ids.insert(p->id);
  std::vector<Diagnostic> out;
  auto check = [&](const CompiledProgram& p, const std::vector<std::string>& names, const std::vector<SourceLoc>& locs) {
    for (size_t k = 0; k < names.size(); ++k) {
      if (names[k] == "*" || ids.count(names[k])) continue;
      out.push_back(Diagnose(Severity::kWarning, "unknown-program", k < locs.size() ? locs[k] : SourceLoc{},
                             Msg::kCombineUnknownProgram, fmt::arg("id", names[k])));
    }
    (void)p;
  };
  for (const auto* p : programs) {
    if (!p->combine) continue;
    check(*p, p->combine->not_with, p->combine->not_with_locs);
    check(*p, p->combine->deduct_from, p->combine->deduct_from_locs);
  }
  return out;
}

}  // namespace elig
