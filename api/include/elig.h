/* SPDX-License-Identifier: Apache-2.0 */
/*
 * elig.h — the C API of elig, an eligibility rules engine for subsidy and
 * support programs. One header, C99, usable from C++; link with -lelig
 * (pkg-config: `pkg-config --cflags --libs elig`; CMake: find_package(elig),
 * target elig::elig). The guide with a complete example is docs/c-api.md.
 *
 * LIFECYCLE
 *
 *   open rules -> open program -> new input -> set facts -> evaluate -> read -> free
 *
 *   1. elig_rules_open_dir() (or elig_rules_open_texts()) loads, checks and
 *      compiles every program under a rules root. On ELIG_RULES or ELIG_IO the
 *      handle is still returned: read elig_rules_errmsg() and every issue
 *      (elig_rules_issue(): file, line, column, code, message), then free it.
 *   2. elig_program_open() picks one compiled program by id. List programs with
 *      elig_rules_program_id() and a program's facts (name, type, ja/en
 *      question, enum choices) with elig_program_fact*() to build a form.
 *   3. elig_input_new() makes an empty applicant for that program. Set facts
 *      with the typed binders elig_input_set_int/decimal/text/bool/date/list()
 *      or all at once from a JSON document with elig_input_set_json(). A fact
 *      never set is *unknown* (not zero): the outcome is then `undetermined`
 *      and names the facts that would settle it.
 *   4. elig_evaluate() decides; `as_of` is per evaluation. It returns a new
 *      decision handle.
 *   5. Read the decision: elig_decision_outcome(), _score(), _award() (exact
 *      decimal text) and _award_yen() (int64), each rule with
 *      elig_decision_rule(), the missing facts, and the whole explanation as
 *      JSON (elig_decision_json(), the shape of `elig check --format json`,
 *      docs/json.md) or text, in Japanese or English.
 *   6. Free every handle with its one destructor: elig_decision_free(),
 *      elig_input_free(), elig_program_free(), elig_rules_free(). Each is
 *      harmless on NULL, and handles may be freed in any order: a program,
 *      input or decision keeps what it needs of its rules alive.
 *
 *   Many programs at once, as `elig match` and `elig ask`: elig_input_new_rules()
 *   makes an applicant for every program of the rules; elig_screen() decides it
 *   against all (or chosen) programs with 併給制限 applied (an elig_screening:
 *   each program's outcome, awards and missing facts, and the match JSON), and
 *   elig_ask() names the fact to ask next (an elig_question), or ELIG_ABSENT
 *   when every program is settled. Free them with elig_screening_free() and
 *   elig_question_free().
 *
 * RESULT CODES AND ERRORS
 *
 *   Every function that can fail returns an int result code (ELIG_OK = 0) and
 *   writes its results through pointers; on failure the out pointers are left
 *   untouched unless stated. elig_errstr(code) names a code. No C++ exception
 *   ever crosses this API: an unexpected one is ELIG_INTERNAL.
 *   Error text is owned by the handle that failed:
 *     - elig_rules_errmsg(): why the rules could not be used, set by the open
 *       call (or why elig_rules_audit_open failed); valid until the next such
 *       call or elig_rules_free().
 *     - elig_input_errmsg(): why the last failing call on that input (a binder,
 *       elig_input_set_json() or elig_evaluate() with it) failed; valid until
 *       the next call on the same input or elig_input_free().
 *   Calls on programs and decisions never need text beyond their code.
 *
 * STRINGS
 *
 *   Every string is UTF-8 and NUL-terminated. Strings returned by the library
 *   are owned by the handle they came from and stay valid until that handle is
 *   freed (the exceptions, errmsg, are stated above). Never free them.
 *
 * THREADS
 *
 *   Stated per handle below. In short: rules and programs are immutable and may
 *   be used by any number of threads at once; one program is meant to be
 *   evaluated from many threads concurrently, each with its own input. An input
 *   or a decision is used by one thread at a time (it may move between threads).
 *   Screening and asking are safe from many threads at once on one rules handle,
 *   each thread with its own input; a screening or question is used by one
 *   thread at a time.
 */
#ifndef ELIG_H
#define ELIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define ELIG_API __attribute__((visibility("default")))
#else
#define ELIG_API
#endif

/* ---- Version ----------------------------------------------------------- */

/* The version of this header, ELIG_VERSION ("major.minor.patch") and ELIG_VERSION_NUMBER
 * (major * 1000000 + minor * 1000 + patch), from elig_version.h, which CMake
 * writes from project(VERSION) and installs beside this header. Compare it with
 * elig_libversion_number() to catch a header/library mismatch. */
#include "elig_version.h"

/* The version of the library actually linked, same encoding as above. */
ELIG_API int elig_libversion_number(void);
/* The same as text, "0.1.0"; static storage. */
ELIG_API const char *elig_libversion(void);

/* ---- Result codes (append only; values never change) -------------------- */

#define ELIG_OK 0            /* success */
#define ELIG_MISUSE 1        /* the API was called wrongly: a NULL handle or argument, a bad constant or flag, an input of another program */
#define ELIG_NOMEM 2         /* out of memory */
#define ELIG_INTERNAL 3      /* a bug in elig (an unexpected failure was caught at the API boundary); please report it */
#define ELIG_IO 4            /* the rules directory or a rule file cannot be read */
#define ELIG_RULES 5         /* the rule files have errors (see elig_rules_issue); or the program asked for failed to compile */
#define ELIG_NOTFOUND 6      /* no program with that id */
#define ELIG_UNKNOWN_FACT 7  /* the program declares no fact of that name */
#define ELIG_TYPE 8          /* the value's type does not fit the fact's declared type (text for a yen fact, …) */
#define ELIG_VALUE 9         /* the value is malformed or out of range: not a real date, not whole yen, below the fact's min, … */
#define ELIG_JSON 10         /* the JSON document is malformed or is not an applicant (a JSON object of facts) */
#define ELIG_RANGE 11        /* an index is past the end */
#define ELIG_ABSENT 12       /* there is no value to read: the award is not determinable, or the program states no formula */

/* A short English sentence for a result code; static storage; never NULL. */
ELIG_API const char *elig_errstr(int code);

/* ---- Constants ---------------------------------------------------------- */

/* Languages of text and explanations. */
#define ELIG_LANG_JA 1
#define ELIG_LANG_EN 2

/* Outcomes of a decision. */
#define ELIG_ELIGIBLE 0      /* every requirement holds and no exclusion applies */
#define ELIG_INELIGIBLE 1    /* a requirement fails or an exclusion applies */
#define ELIG_UNDETERMINED 2  /* facts are missing (or a value could not be computed) */
#define ELIG_CLOSED 3        /* the as_of date is outside the program's application window */

/* "eligible", "ineligible", "undetermined", "closed"; NULL for another value. */
ELIG_API const char *elig_outcome_name(int outcome);

/* Fact types, as declared in the rule file. */
#define ELIG_FACT_BOOL 1
#define ELIG_FACT_INT 2
#define ELIG_FACT_DECIMAL 3
#define ELIG_FACT_YEN 4
#define ELIG_FACT_TEXT 5
#define ELIG_FACT_DATE 6
#define ELIG_FACT_ENUM 7
#define ELIG_FACT_LIST 8

/* Kinds of rules in a decision. */
#define ELIG_REQUIREMENT 1   /* all must hold */
#define ELIG_EXCLUSION 2     /* any one that applies refuses */
#define ELIG_SCORE_ITEM 3    /* points when its condition holds */

/* A rule's result: for a requirement, whether it holds; for an exclusion,
 * whether it applies; for a score item, whether its condition holds. */
#define ELIG_RULE_FALSE 0
#define ELIG_RULE_TRUE 1
#define ELIG_RULE_UNKNOWN 2  /* depends on a fact not given */
#define ELIG_RULE_ERROR 3    /* could not be computed (overflow, …) */

/* Severity of a rule-file issue. */
#define ELIG_SEVERITY_ERROR 0
#define ELIG_SEVERITY_WARNING 1
#define ELIG_SEVERITY_NOTE 2

/* Flags. */
#define ELIG_INPUT_STRICT 1  /* elig_input_set_json: refuse unknown facts and ill-typed values */
#define ELIG_EVAL_NO_TRACE 1 /* elig_evaluate: skip the reasons (faster); rules keep their results */
#define ELIG_EVAL_AUDIT 2    /* elig_evaluate: append the decision to the audit log (elig_rules_audit_open) */
#define ELIG_JSON_PRETTY 1   /* elig_decision_json: indented, exactly as `elig check --format json --program ID` */
#define ELIG_JSON_COMPACT_DECISION 2 /* elig_decision_json: the compact decision JSON (docs/json.md), as
                                        `elig check --format compact`: the values, the program's texts by
                                        reference; `elig explain` gives back the full one. Not with PRETTY. */

/* ---- Rules -------------------------------------------------------------- */

/* Every program and module under one rules root, checked and compiled.
 * Threads: immutable once opened; any number of threads may use one at once. */
typedef struct elig_rules elig_rules;

/* Loads every `*.yaml` under `dir` except `*.test.yaml`, like `elig check --rules dir`.
 * ELIG_OK: every program compiled. ELIG_IO: the directory or a file cannot be
 * read. ELIG_RULES: some files have errors; programs that compiled can still be
 * opened. On ELIG_OK, ELIG_IO and ELIG_RULES *out is a handle to free;
 * otherwise (ELIG_MISUSE, ELIG_NOMEM, ELIG_INTERNAL) *out is NULL. */
ELIG_API int elig_rules_open_dir(const char *dir, elig_rules **out);
/* The same from memory: `count` files, paths[i] relative like "common/sme.yaml"
 * (what `use:` names), texts[i] the YAML. Codes as elig_rules_open_dir, and
 * ELIG_MISUSE when two texts share a path. */
ELIG_API int elig_rules_open_texts(size_t count, const char *const *paths, const char *const *texts,
                                   elig_rules **out);
ELIG_API void elig_rules_free(elig_rules *rules);

/* Why the open call did not return ELIG_OK ("" when it did); never NULL. */
ELIG_API const char *elig_rules_errmsg(const elig_rules *rules);
/* Every issue found while loading (errors and warnings), sorted by file, line, column. */
ELIG_API int elig_rules_issue_count(const elig_rules *rules, size_t *out);
/* Issue `index`. Any out pointer may be NULL. `file` is "" and line/column 0
 * when the issue has no place; line and column are 1-based (column in code points). */
ELIG_API int elig_rules_issue(const elig_rules *rules, size_t index, int *severity, const char **file,
                              uint32_t *line, uint32_t *column, const char **code, const char **message);
/* Every issue as `elig lint` prints it: file:line:col, the source line, a caret, help. */
ELIG_API int elig_rules_issues_text(const elig_rules *rules, const char **out);
/* The programs that compiled, in path order. */
ELIG_API int elig_rules_program_count(const elig_rules *rules, size_t *out);
ELIG_API int elig_rules_program_id(const elig_rules *rules, size_t index, const char **out);

/* The limits the loader enforced while opening these rules (the engine's
 * defaults; `elig check` uses the same): limit `index` from 0, its name
 * ("max_files", …) and value. ELIG_RANGE past the last one. Either out
 * pointer may be NULL. The ELIG_LIMIT_* constants name each index. */
ELIG_API int elig_rules_limit(const elig_rules *rules, int index, const char **name, uint64_t *value);
#define ELIG_LIMIT_FILES 0           /* rule files under one root */
#define ELIG_LIMIT_FILE_BYTES 1      /* bytes of one rule file */
#define ELIG_LIMIT_RULES 2           /* rules per section of a program */
#define ELIG_LIMIT_TEXT_BYTES 3      /* bytes of one text or citation */
#define ELIG_LIMIT_EXPR_DEPTH 4      /* nesting of one expression */
#define ELIG_LIMIT_EXPR_BYTES 5      /* bytes of one expression */
#define ELIG_LIMIT_EXPR_NODES 6      /* syntax nodes of one expression */
#define ELIG_LIMIT_DEFINE_DEPTH 7    /* nesting of an expression through the definitions it uses */
#define ELIG_LIMIT_INSTRUCTIONS 8    /* compiled instructions per program */

/* ---- Programs ----------------------------------------------------------- */

/* One compiled program.
 * Threads: immutable; any number of threads may evaluate it at once, each with
 * its own input. Freeing it while another thread still uses it is a bug. */
typedef struct elig_program elig_program;

/* ELIG_NOTFOUND: no program has that id. ELIG_RULES: the program exists but
 * failed to check or compile (its issues are on `rules`). */
ELIG_API int elig_program_open(const elig_rules *rules, const char *id, elig_program **out);
ELIG_API void elig_program_free(elig_program *program);

ELIG_API int elig_program_id(const elig_program *program, const char **out);
ELIG_API int elig_program_version(const elig_program *program, const char **out);
/* The title in `lang` (the other language when that one is missing). */
ELIG_API int elig_program_title(const elig_program *program, int lang, const char **out);

/* The facts the program (and the modules it uses) declares: its applicant schema. */
ELIG_API int elig_program_fact_count(const elig_program *program, size_t *out);
/* Fact `index`: its name, type (ELIG_FACT_*) and type as written ("yen",
 * "enum[a, b]", "list[text]"). Any out pointer may be NULL. */
ELIG_API int elig_program_fact(const elig_program *program, size_t index, const char **name, int *type,
                               const char **type_name);
/* The index of the fact called `name`; ELIG_UNKNOWN_FACT when there is none. */
ELIG_API int elig_program_fact_find(const elig_program *program, const char *name, size_t *index);
/* The question to ask for fact `index` in `lang` ("" when the rules give none). */
ELIG_API int elig_program_fact_question(const elig_program *program, size_t index, int lang, const char **out);
/* 1 when some rule of this program reads the fact (directly or through a
 * definition), 0 when only a module declares it: a form can skip those. */
ELIG_API int elig_program_fact_used(const elig_program *program, size_t index, int *out);
/* The allowed values of an enum fact (or of a list of enums); 0 for other types. */
ELIG_API int elig_program_fact_choice_count(const elig_program *program, size_t index, size_t *out);
ELIG_API int elig_program_fact_choice(const elig_program *program, size_t index, size_t choice, const char **out);
/* Choice `choice`'s label in `lang` (`labels:` in the rule file), the value itself when
 * the file gives none. */
ELIG_API int elig_program_fact_choice_label(const elig_program *program, size_t index, size_t choice, int lang,
                                            const char **out);
/* What an answer to fact `index` is shown as in `lang` (`label:`; "" when the rules give none). */
ELIG_API int elig_program_fact_label(const elig_program *program, size_t index, int lang, const char **out);
/* The fact's declared bounds as exact text ("0", "300000000", "1/2"), "" for a bound
 * not declared. Either out pointer may be NULL. */
ELIG_API int elig_program_fact_bounds(const elig_program *program, size_t index, const char **min, const char **max);

/* Program metadata, as `elig doc` and GET /v1/programs show it. */
/* The kind (`kind:`, "subsidy", …; "" when the file gives none). */
ELIG_API int elig_program_kind(const elig_program *program, const char **out);
/* The application window, "YYYY-MM-DD" each; both "" when the program states no
 * window (it is always open). Either out pointer may be NULL. */
ELIG_API int elig_program_window(const elig_program *program, const char **open, const char **close);
/* *out is 1 when `date` ("YYYY-MM-DD") is inside the window, else 0. ELIG_VALUE: not a real date. */
ELIG_API int elig_program_open_on(const elig_program *program, const char *date, int *out);
/* The program's themes (`themes:`), in file order: id ("startup", …) and label in `lang`.
 * Any out pointer may be NULL. */
ELIG_API int elig_program_theme_count(const elig_program *program, size_t *out);
ELIG_API int elig_program_theme(const elig_program *program, size_t index, int lang, const char **id,
                                const char **label);
/* Where and how to apply (`apply:`), in `lang`: each "" when the file does not say.
 * ELIG_ABSENT: the program has no `apply:`. Any out pointer may be NULL. */
ELIG_API int elig_program_apply(const elig_program *program, int lang, const char **where, const char **url,
                                const char **how, const char **note);
/* The documents to hand in, in `lang`; 0 without `apply:`. */
ELIG_API int elig_program_apply_document_count(const elig_program *program, size_t *out);
ELIG_API int elig_program_apply_document(const elig_program *program, size_t index, int lang, const char **out);
/* The deadline rules of `apply:`: what each means in `lang` (展示会初日の10日前) and the
 * rule as written ("fair_start - 10"); 0 without `apply:`. Either out pointer may be NULL. */
ELIG_API int elig_program_apply_deadline_count(const elig_program *program, size_t *out);
ELIG_API int elig_program_apply_deadline(const elig_program *program, size_t index, int lang, const char **text,
                                         const char **rule);

/* ---- Inputs (one applicant's facts) -------------------------------------- */

/* The facts of one applicant for one program, checked as they are set.
 * Threads: one thread at a time (elig_evaluate records its errors here). */
typedef struct elig_input elig_input;

ELIG_API int elig_input_new(const elig_program *program, elig_input **out);
/* An applicant for every program of `rules`, for elig_screen() and elig_ask() (and
 * elig_evaluate() on any program of these rules). A binder checks the value against
 * every program that declares the fact (ELIG_UNKNOWN_FACT: none does); elig_input_set_json
 * ignores facts no program declares (with ELIG_INPUT_STRICT: ELIG_UNKNOWN_FACT). */
ELIG_API int elig_input_new_rules(const elig_rules *rules, elig_input **out);
ELIG_API void elig_input_free(elig_input *input);
/* Why the last failing call on this input failed ("" when none); never NULL. */
ELIG_API const char *elig_input_errmsg(const elig_input *input);
/* Forgets every fact and the document's id and as_of: the input is as new. */
ELIG_API int elig_input_clear(elig_input *input);

/* Typed binders. Each sets (or replaces) one fact. Errors: ELIG_UNKNOWN_FACT
 * (no such fact), ELIG_TYPE (the binder does not fit the fact's type),
 * ELIG_VALUE (malformed, or outside the fact's min/max); on any error the
 * input is unchanged and elig_input_errmsg() says why.
 *   set_int      int, yen (whole yen) and decimal facts
 *   set_decimal  decimal, int and yen facts, from exact text: "12.5", "50%", "2/3", "1,500,000"
 *   set_text     text facts, and enum facts (one of the declared values)
 *   set_bool     bool facts (0 is false, anything else true)
 *   set_date     date facts, "YYYY-MM-DD" (a real calendar date)
 *   set_list     list facts: `count` items, each text in the element type's form
 *   set_unknown  any fact: back to unknown */
ELIG_API int elig_input_set_int(elig_input *input, const char *fact, int64_t value);
ELIG_API int elig_input_set_decimal(elig_input *input, const char *fact, const char *value);
ELIG_API int elig_input_set_text(elig_input *input, const char *fact, const char *value);
ELIG_API int elig_input_set_bool(elig_input *input, const char *fact, int value);
ELIG_API int elig_input_set_date(elig_input *input, const char *fact, const char *value);
ELIG_API int elig_input_set_list(elig_input *input, const char *fact, size_t count, const char *const *items);
ELIG_API int elig_input_set_unknown(elig_input *input, const char *fact);

/* Sets facts from a JSON object, read exactly as `elig check` reads an
 * applicant file: facts at the top level (or under "facts"), optional "id" (the
 * applicant id the audit log records; "api" until a document gives one) and "as_of"; numbers keep their exact text (0.1 stays 1/10); null is unknown.
 * Facts in the document replace those set before; others stay.
 * Without ELIG_INPUT_STRICT, facts the program does not declare are ignored and
 * a value that does not fit its fact becomes an input issue of the decision (the
 * fact counts as unknown), as with `elig check`. With it, they fail with
 * ELIG_UNKNOWN_FACT, ELIG_TYPE or ELIG_VALUE.
 * ELIG_JSON: not JSON, or not an applicant (not an object, any key given twice,
 * facts both beside "facts" and inside it, a fact whose value is an object,
 * "as_of" not a date), or longer than the input's limit (1 MiB unless
 * elig_input_set_json_limit raised it). On any error the input is unchanged. */
ELIG_API int elig_input_set_json(elig_input *input, const char *json, int flags);

/* The largest document elig_input_set_json reads on this input, in bytes
 * (default 1048576, the limit of `elig check` on an applicant file). Reading
 * takes a few times the document's size in memory. ELIG_MISUSE for 0. */
ELIG_API int elig_input_set_json_limit(elig_input *input, size_t max_bytes);

/* ---- Audit log --------------------------------------------------------- */

/* Attaches an append-only audit log (an SQLite file, created when absent;
 * docs/storage.md) to `rules`: from then on every elig_evaluate() with
 * ELIG_EVAL_AUDIT on a program of these rules appends the decision with its
 * time, program id and version, the SHA-256 of the exact rule sources (stored
 * once), engine version, as_of, inputs, outcome, score, award and the
 * explanation JSON in `lang` — what `elig check --audit` logs. `elig audit
 * verify FILE` checks the chain and replays each decision. Calling it again
 * attaches another file. ELIG_IO: the file cannot be opened or is not an elig
 * audit log (elig_rules_errmsg says why).
 * Threads: attach before the rules' programs are shared between threads;
 * audited evaluations from many threads are appended one at a time. */
ELIG_API int elig_rules_audit_open(elig_rules *rules, const char *path, int lang);

/* ---- Evaluation --------------------------------------------------------- */

/* A decision with its reasons.
 * Threads: one thread at a time (the JSON and text accessors fill caches). */
typedef struct elig_decision elig_decision;

/* Decides `input` (made for `program`, or by elig_input_new_rules on its rules:
 * ELIG_MISUSE otherwise) as of `as_of`,
 * "YYYY-MM-DD"; NULL means the input's "as_of" from JSON, else today (the date
 * in Japan, or in the zone the environment variable ELIG_TZ names, as `elig
 * check`; a zone elig does not know counts as Japan). ELIG_VALUE: `as_of` is
 * not a real date. flags: 0 or ELIG_EVAL_NO_TRACE, ELIG_EVAL_AUDIT, or both
 * (an audited decision keeps its reasons). With ELIG_EVAL_AUDIT the decision is appended to the audit log
 * before it is returned; ELIG_MISUSE when the rules have no log attached,
 * ELIG_IO when the log cannot be written (no decision is returned; the input's
 * errmsg says why).
 * Safe to call from many threads at once on one program with distinct inputs. */
ELIG_API int elig_evaluate(const elig_program *program, elig_input *input, const char *as_of, int flags,
                           elig_decision **out);
ELIG_API void elig_decision_free(elig_decision *decision);

/* ELIG_ELIGIBLE, ELIG_INELIGIBLE, ELIG_UNDETERMINED or ELIG_CLOSED. */
ELIG_API int elig_decision_outcome(const elig_decision *decision, int *out);
/* The as_of date the decision used, "YYYY-MM-DD". */
ELIG_API int elig_decision_as_of(const elig_decision *decision, const char **out);
/* The score as exact text ("15", "7/2"); *complete (may be NULL) is 0 when an
 * item depends on a missing fact. Either out pointer may be NULL. */
ELIG_API int elig_decision_score(const elig_decision *decision, const char **exact, int *complete);
/* The award in yen as exact text ("1000000", "2/3" if a formula leaves a
 * fraction). ELIG_ABSENT: not determinable, or the program states no formula. */
ELIG_API int elig_decision_award(const elig_decision *decision, const char **exact);
/* The award as whole yen. ELIG_ABSENT as above; ELIG_VALUE: not whole yen
 * (read the exact text instead). An ineligible applicant's award is 0. */
ELIG_API int elig_decision_award_yen(const elig_decision *decision, int64_t *yen);
/* The final award as exact text: what the applicant receives after 併給制限
 * (docs/screening.md), as `elig batch` stores it in `final_award`. The program is
 * decided alone, so no other grant is combined with it: its award, and "0" when
 * the applicant is ineligible or the program is closed. ELIG_ABSENT: not
 * determinable. */
ELIG_API int elig_decision_final_award(const elig_decision *decision, const char **exact);

/* Rules of one kind (ELIG_REQUIREMENT, ELIG_EXCLUSION, ELIG_SCORE_ITEM), in file order. */
ELIG_API int elig_decision_rule_count(const elig_decision *decision, int kind, size_t *out);
/* Rule `index` of `kind`: id, result (ELIG_RULE_*), text in `lang` and legal
 * citation ("" when none). Any out pointer may be NULL. */
ELIG_API int elig_decision_rule(const elig_decision *decision, int kind, size_t index, int lang, const char **id,
                                int *result, const char **text, const char **cite);

/* The facts that would settle an undetermined outcome (or award), most useful first. */
ELIG_API int elig_decision_missing_count(const elig_decision *decision, size_t *out);
ELIG_API int elig_decision_missing(const elig_decision *decision, size_t index, const char **fact);
/* Input issues: values that did not fit their fact (the fact counted as unknown).
 * elig_decision_issue gives the message in English; elig_decision_issue_text in `lang`
 * (ELIG_LANG_JA or ELIG_LANG_EN), as `elig check --lang` says it. Either out pointer may be NULL. */
ELIG_API int elig_decision_issue_count(const elig_decision *decision, size_t *out);
ELIG_API int elig_decision_issue(const elig_decision *decision, size_t index, const char **fact,
                                 const char **message);
ELIG_API int elig_decision_issue_text(const elig_decision *decision, size_t index, int lang, const char **fact,
                                      const char **message);
/* Evaluation errors (overflow, division by zero), "rule-id: message", in English as the audit
 * log and batch results store them; elig_decision_error_text says the same in `lang`
 * (ELIG_LANG_JA or ELIG_LANG_EN). Each text lives as long as the decision. */
ELIG_API int elig_decision_error_count(const elig_decision *decision, size_t *out);
ELIG_API int elig_decision_error(const elig_decision *decision, size_t index, const char **message);
ELIG_API int elig_decision_error_text(elig_decision *decision, size_t index, int lang, const char **message);

/* The whole explanation as one JSON object, the shape of `elig check --format
 * json` (docs/json.md), in `lang`. flags: 0 (compact) or ELIG_JSON_PRETTY; or
 * ELIG_JSON_COMPACT_DECISION for the compact decision JSON (the same in every lang). */
ELIG_API int elig_decision_json(elig_decision *decision, int lang, int flags, const char **out);
/* The explanation for people, as `elig check` prints it (no colour). */
ELIG_API int elig_decision_text(elig_decision *decision, int lang, const char **out);

/* ---- Screening: one applicant, many programs ----------------------------- */

/* What one applicant gets from a set of programs on one day, as `elig match` and
 * POST /v1/screen give it (docs/screening.md): each program's decision, 併給制限
 * applied between them, the final awards, the facts still needed per program and
 * over all.
 * Threads: one thread at a time (the JSON accessor fills a cache). */
typedef struct elig_screening elig_screening;

/* Screens `input` (from elig_input_new_rules, or elig_input_new on a program of
 * these rules: ELIG_MISUSE otherwise) against the programs `count` ids name, in
 * that order (count 0: every program, in path order), keeping those with theme
 * `theme` when it is not NULL (as `elig match --theme`). `as_of` as elig_evaluate.
 * ELIG_NOTFOUND: no program has an id given; ELIG_RULES: it failed to compile;
 * ELIG_VALUE: `as_of` is not a real date, or `theme` is not a known theme. On error
 * the input's errmsg says why. A set of no programs (a theme none has) is a
 * screening of none. */
ELIG_API int elig_screen(const elig_rules *rules, elig_input *input, size_t count, const char *const *programs,
                         const char *theme, const char *as_of, elig_screening **out);
ELIG_API void elig_screening_free(elig_screening *screening);

/* The as-of date used, "YYYY-MM-DD". */
ELIG_API int elig_screening_as_of(const elig_screening *screening, const char **out);
/* The programs screened, in the order screened. */
ELIG_API int elig_screening_program_count(const elig_screening *screening, size_t *out);
/* Program `index`: its id and outcome (ELIG_ELIGIBLE, …). Either out pointer may be NULL. */
ELIG_API int elig_screening_program(const elig_screening *screening, size_t index, const char **id, int *outcome);
/* Program `index`'s score as exact text and whether it is complete (either may be NULL). */
ELIG_API int elig_screening_score(const elig_screening *screening, size_t index, const char **exact, int *complete);
/* Program `index`'s own award, exact text. ELIG_ABSENT: not determinable, or no formula. */
ELIG_API int elig_screening_award(const elig_screening *screening, size_t index, const char **exact);
/* Program `index`'s final award after 併給制限 among the programs screened: "0" when
 * ineligible or closed, 0 or less when another grant is combined with it. ELIG_ABSENT:
 * not determinable. */
ELIG_API int elig_screening_final_award(const elig_screening *screening, size_t index, const char **exact);
/* 1 when 併給制限 touched program `index` (another program's grant is combined with it). */
ELIG_API int elig_screening_combined(const elig_screening *screening, size_t index, int *out);
/* The facts program `index` still needs, most useful first (none when ineligible or closed). */
ELIG_API int elig_screening_missing_count(const elig_screening *screening, size_t index, size_t *out);
ELIG_API int elig_screening_missing(const elig_screening *screening, size_t index, size_t item, const char **fact);
/* The facts any program still needs, the one most programs need first. */
ELIG_API int elig_screening_needed_count(const elig_screening *screening, size_t *out);
ELIG_API int elig_screening_needed(const elig_screening *screening, size_t item, const char **fact);
/* Program `index`'s full decision as a new handle (free it with elig_decision_free):
 * rules, reasons, input issues, its JSON; its final award is the screening's. */
ELIG_API int elig_screening_decision(const elig_screening *screening, size_t index, elig_decision **out);
/* The screening as JSON, exactly what `elig match --format json` and POST /v1/screen
 * give (docs/json.md, "elig match"), in `lang`; the applicant is the input's "id". */
ELIG_API int elig_screening_json(elig_screening *screening, int lang, const char **out);

/* ---- The next question --------------------------------------------------- */

/* The fact to ask next, as `elig ask` and POST /v1/ask choose it: given the
 * answers so far in `input`, the fact whose answer settles the most of the
 * programs chosen (`count`, `programs`, `theme` and `as_of` as elig_screen). A
 * fact given as JSON null is one the applicant does not know: it is not asked
 * again. ELIG_ABSENT, *out NULL: nothing is left to ask, every program is settled
 * (screen the input for the outcome). Errors as elig_screen.
 * Threads: a question is immutable; any number of threads may read one at once. */
typedef struct elig_question elig_question;
ELIG_API int elig_ask(const elig_rules *rules, elig_input *input, size_t count, const char *const *programs,
                      const char *theme, const char *as_of, elig_question **out);
/* The fact to ask (its name, as answers give it). */
ELIG_API int elig_question_fact(const elig_question *question, const char **out);
/* The question in `lang`: the fact's `ask:` text, its name when the rules give none. */
ELIG_API int elig_question_text(const elig_question *question, int lang, const char **out);
/* The declaration to read the rest from: a program (owned by the question: do not free
 * it; valid until elig_question_free) and the fact's index in it, for
 * elig_program_fact (type), _bounds, _choice_count, _choice, _choice_label, _label. */
ELIG_API int elig_question_declaration(const elig_question *question, const elig_program **program, size_t *index);
/* The programs some answer to it would settle or move. */
ELIG_API int elig_question_program_count(const elig_question *question, size_t *out);
ELIG_API int elig_question_program(const elig_question *question, size_t index, const char **id);
/* A checklist: several yes/no facts of one program asked together (elig_question_text gives
 * 「次のうち、当てはまるものをすべて選んでください」), each answered true when it applies and
 * false when it does not; JSON null for all when the applicant does not know. A question of
 * one fact has one item, the fact itself. elig_question_fact and _declaration give the first
 * item's. */
ELIG_API int elig_question_item_count(const elig_question *question, size_t *out);
/* Item `index`: its fact, and in `lang` what a ticked box says (the fact's `statement:`; for a
 * question of one fact, its question text). Both owned by the question. */
ELIG_API int elig_question_item(const elig_question *question, size_t index, int lang, const char **fact,
                                const char **statement);
ELIG_API void elig_question_free(elig_question *question);

#ifdef __cplusplus
}
#endif

#endif /* ELIG_H */
