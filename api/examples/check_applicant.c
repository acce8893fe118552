/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check_applicant — a small host program that embeds elig through its C API.
 *
 *   check_applicant RULES_DIR PROGRAM_ID APPLICANT.json [ja|en] [AS_OF]
 *
 * Prints the decision as JSON, exactly as
 *   elig check --rules RULES_DIR --program PROGRAM_ID --applicant APPLICANT.json --format json
 * does, and a one-line summary on stderr. Exit: 0 eligible, 1 ineligible or
 * closed, 2 undetermined, 64 usage, 65 bad applicant, 66 rule errors, 70 other.
 */
#include <elig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a whole file into a NUL-terminated buffer the caller frees. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t size = 0, cap = 0, n;
  char chunk[4096];
  if (!f) return NULL;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (size + n + 1 > cap) {
      char *grown;
      cap = (size + n + 1) * 2;
      grown = realloc(text, cap);
      if (!grown) {
        free(text);
        fclose(f);
        return NULL;
      }
      text = grown;
    }
    memcpy(text + size, chunk, n);
    size += n;
  }
  fclose(f);
  if (!text) text = calloc(1, 1);
  else text[size] = '\0';
  return text;
}

int main(int argc, char **argv) {
  elig_rules *rules = NULL;
  elig_program *program = NULL;
  elig_input *input = NULL;
  elig_decision *decision = NULL;
  const char *json = NULL, *award = NULL;
  char *applicant = NULL;
  int lang = ELIG_LANG_EN, outcome = ELIG_UNDETERMINED, rc, exit_code = 70;

  if (argc < 4 || argc > 6) {
    fprintf(stderr, "usage: %s RULES_DIR PROGRAM_ID APPLICANT.json [ja|en] [AS_OF]\n", argv[0]);
    return 64;
  }
  if (argc >= 5) lang = strcmp(argv[4], "ja") == 0 ? ELIG_LANG_JA : ELIG_LANG_EN;
  /* A program compiled against one header must run with a matching library. */
  if (elig_libversion_number() / 1000 != ELIG_VERSION_NUMBER / 1000) {
    fprintf(stderr, "elig %s is linked, but this program was built for %s\n", elig_libversion(), ELIG_VERSION);
    return 70;
  }

  rc = elig_rules_open_dir(argv[1], &rules);
  if (rc != ELIG_OK) {
    const char *issues = "";
    elig_rules_issues_text(rules, &issues);
    fprintf(stderr, "%s%s\n", issues, elig_rules_errmsg(rules));
    exit_code = 66;
    goto done;
  }
  rc = elig_program_open(rules, argv[2], &program);
  if (rc != ELIG_OK) {
    fprintf(stderr, "program `%s`: %s\n", argv[2], elig_errstr(rc));
    exit_code = 64;
    goto done;
  }
  applicant = read_file(argv[3]);
  if (!applicant) {
    fprintf(stderr, "%s: cannot read the file\n", argv[3]);
    exit_code = 65;
    goto done;
  }
  if ((rc = elig_input_new(program, &input)) != ELIG_OK) goto fail;
  rc = elig_input_set_json(input, applicant, 0);
  if (rc != ELIG_OK) {
    fprintf(stderr, "%s: %s\n", argv[3], elig_input_errmsg(input));
    exit_code = 65;
    goto done;
  }
  rc = elig_evaluate(program, input, argc >= 6 ? argv[5] : NULL, 0, &decision);
  if (rc != ELIG_OK) {
    fprintf(stderr, "%s\n", elig_input_errmsg(input));
    exit_code = rc == ELIG_VALUE ? 64 : 70;
    goto done;
  }
  if ((rc = elig_decision_json(decision, lang, ELIG_JSON_PRETTY, &json)) != ELIG_OK) goto fail;
  printf("%s\n", json);

  elig_decision_outcome(decision, &outcome);
  rc = elig_decision_award(decision, &award);
  fprintf(stderr, "%s: %s, award %s yen\n", argv[2], elig_outcome_name(outcome),
          rc == ELIG_OK ? award : "not determinable");
  exit_code = outcome == ELIG_ELIGIBLE ? 0 : outcome == ELIG_UNDETERMINED ? 2 : 1;
  goto done;

fail:
  fprintf(stderr, "elig: %s\n", elig_errstr(rc));
done:
  /* Every destructor accepts NULL, so one cleanup path serves every exit. */
  elig_decision_free(decision);
  elig_input_free(input);
  elig_program_free(program);
  elig_rules_free(rules);
  free(applicant);
  return exit_code;
}
