#!/usr/bin/env bash
# run.sh is the lint step of the aclcheck GitHub Action (action.yml); the
# tests run it too. It lints the files INPUT_PATHS names (whitespace
# separated; globs, ** included, are expanded; a directory stands for the
# files in it that aclcheck reads by name: *.acl), writes SARIF to
# INPUT_SARIF_FILE and prints the findings as text. The environment:
#
#   ACLCHECK          the aclcheck binary (default: aclcheck on PATH)
#   INPUT_PATHS       files, globs or directories (required)
#   INPUT_SERVICE     --service, when not empty
#   INPUT_ENGINE      --engine, when not empty
#   INPUT_FAIL_ON     --fail-on (default error)
#   INPUT_SARIF_FILE  where the SARIF goes (default aclcheck.sarif)
#   GITHUB_OUTPUT     receives exit-code= (aclcheck's exit status) and
#                     sarif-file=, when set
#
# It exits 0 when aclcheck exits 0 or 1 (findings: the action fails after
# the upload), and 2 when aclcheck could not do its job or nothing matched.
set -uo pipefail
shopt -s globstar nullglob

aclcheck=${ACLCHECK:-aclcheck}
sarif=${INPUT_SARIF_FILE:-aclcheck.sarif}

files=()
for p in ${INPUT_PATHS:-}; do # unquoted: split on whitespace, globs expanded
	if [[ -d $p ]]; then
		files+=("${p%/}"/**/*.acl)
	else
		files+=("$p")
	fi
done
if ((${#files[@]} == 0)); then
	echo "aclcheck: no files match paths: ${INPUT_PATHS:-}" >&2
	exit 2
fi

args=(lint -f --fail-on "${INPUT_FAIL_ON:-error}")
[[ -n ${INPUT_SERVICE:-} ]] && args+=(--service "$INPUT_SERVICE")
[[ -n ${INPUT_ENGINE:-} ]] && args+=(--engine "$INPUT_ENGINE")

"$aclcheck" "${args[@]}" --format sarif -- "${files[@]}" >"$sarif"
code=$?
if ((code == 2)); then
	echo "aclcheck: lint could not read its input (exit 2)" >&2
	exit 2
fi
"$aclcheck" "${args[@]}" --format text --color never -- "${files[@]}"

if [[ -n ${GITHUB_OUTPUT:-} ]]; then
	echo "exit-code=$code" >>"$GITHUB_OUTPUT"
	echo "sarif-file=$sarif" >>"$GITHUB_OUTPUT"
fi
exit 0
