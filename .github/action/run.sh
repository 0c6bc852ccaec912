#!/usr/bin/env bash
# run.sh is the lint step of the aclcheck GitHub Action (action.yml); the
# tests run it too. It runs aclcheck lint -f on INPUT_PATHS (whitespace
# separated files, directories and globs, which aclcheck expands: ** spans
# directories), writes SARIF to INPUT_SARIF_FILE and prints the findings
# as text. The environment:
#
#   ACLCHECK          the aclcheck binary (default: aclcheck on PATH)
#   INPUT_PATHS       files, directories or globs (required)
#   INPUT_SERVICE     --service, when not empty
#   INPUT_ENGINE      --engine, when not empty
#   INPUT_FAIL_ON     --fail-on (default error)
#   INPUT_SARIF_FILE  where the SARIF goes (default aclcheck.sarif)
#   GITHUB_OUTPUT     receives exit-code= (aclcheck's exit status: 0, 1
#                     findings, 2 an input could not be read) and
#                     sarif-file=, when set
#
# It exits 0 when aclcheck wrote its report, whatever the findings (the
# action fails after the upload), and 2 when there is no report.
set -uo pipefail
set -f # the globs are aclcheck's

aclcheck=${ACLCHECK:-aclcheck}
sarif=${INPUT_SARIF_FILE:-aclcheck.sarif}
read -r -d '' -a paths <<<"${INPUT_PATHS:-}"
if ((${#paths[@]} == 0)); then
	echo "aclcheck: the paths input is empty" >&2
	exit 2
fi

args=(lint -f --fail-on "${INPUT_FAIL_ON:-error}")
[[ -n ${INPUT_SERVICE:-} ]] && args+=(--service "$INPUT_SERVICE")
[[ -n ${INPUT_ENGINE:-} ]] && args+=(--engine "$INPUT_ENGINE")

# The text run prints the notes (skipped files, unreadable inputs) too.
"$aclcheck" "${args[@]}" --format sarif -- "${paths[@]}" >"$sarif" 2>/dev/null
code=$?
"$aclcheck" "${args[@]}" --format text --color never -- "${paths[@]}"
if [[ ! -s $sarif ]]; then
	echo "aclcheck: no SARIF report (exit $code)" >&2
	exit 2
fi

if [[ -n ${GITHUB_OUTPUT:-} ]]; then
	echo "exit-code=$code" >>"$GITHUB_OUTPUT"
	echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi
exit 0
