// SPDX-License-Identifier: Apache-2.0
// The next question: which unknown fact can still change an outcome, and which
// settles the most. `elig ask` uses it; so can a host's web form.
//
// For each open program and each fact it still needs, the engine tries
// candidate answers taken from the program itself (its comparison constants
// and their neighbours, every enum value, yes and no) and sees what each
// answer would decide. A fact no candidate moves is never asked: a sole
// proprietor is not asked for capital, because `sme.is_sme` reads capital
// only for companies.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "eval/decision.hpp"
#include "eval/input.hpp"

namespace elig {

struct AskOptions {
  Date as_of;
  // Candidate answers tried per fact and program: real programs need tens to
  // cross every threshold they state; this bounds the work on a generated one.
  size_t max_candidates = 128;
  // Decisions tried in the two-step search, used only when no single answer moves
  // anything: it grows with the square of the facts still needed, so it is bounded
  // to keep each question well under a second.
  size_t max_lookahead_decisions = 200'000;
  // Items in one checklist (NextAsk): a longer list is hard to read through on one screen,
  // and an applicant skims it; the rest come in the next checklist.
  size_t max_checklist = 8;
};

// True while the program still waits on the applicant: its outcome is
// undetermined, or it is eligible and the award formula lacks a fact.
bool IsOpen(const Decision& d);

struct Question {
  std::string fact;                    // answers are shared by name across programs
  const CompiledFact* decl = nullptr;  // its declaration in the first program that needs it
  uint64_t weight = 0;                 // expected programs and rules settled, scaled; higher first
  std::vector<std::string> programs;   // open programs some answer to it would move
  bool fallback = false;               // no single answer moves anything; still needed jointly
  // A field of one record of a list (`fact` is then an indexed name, `members.2.is_sme`): `decl`
  // points here, a fact of the field's type whose question names the record.
  std::shared_ptr<const CompiledFact> field;
};

// Every fact that can still change an open program's outcome or award, the one
// whose answers settle the most first. Facts in `skipped` (the applicant does not
// know them) are never proposed. When no single answer moves any program but some
// program is still open (a rule that only a combination of answers decides), the
// facts it still needs are proposed with `fallback` set.
std::vector<Question> RankQuestions(const std::vector<const CompiledProgram*>& programs, const Applicant& answers,
                                    const std::set<std::string>& skipped, const AskOptions& options);

// What to ask next: RankQuestions' first question alone or, when that is a yes/no question with
// a `statement:`, together with the yes/no questions with one of the same program (the first
// one the question names) and the same topic that follow it in the list, as one checklist:
// 「次のうち、当てはまるものをすべて選んでください」. An item joins only when its own answer
// changes that program's outcome or award once the others are answered the way that keeps the
// program open (a fact that matters only after another answer — a production base, once the
// applicant exports — is asked later, alone). Empty when nothing is left to ask.
std::vector<Question> NextAsk(const std::vector<const CompiledProgram*>& programs, const Applicant& answers,
                              const std::set<std::string>& skipped, const AskOptions& options);
// Whether a question can be an item of a checklist: a yes/no fact with a statement, not a
// fallback (which is needed only jointly with another fact).
bool Checkable(const Question& q);

// Candidate answers for one fact of one program; text and list values point
// into `storage`, which must outlive them.
struct CandidateStorage {
  std::deque<std::string> texts;
  std::deque<ValueList> lists;
};
std::vector<Value> CandidateValues(const CompiledProgram& prog, uint32_t fact, Date as_of, CandidateStorage& storage,
                                   size_t max_candidates = 128);

}  // namespace elig
