package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/aclcheck/aclcheck/acl/lint"
	"github.com/aclcheck/aclcheck/acl/lint/input"
	"github.com/aclcheck/aclcheck/category"

	"github.com/alecthomas/kong"
)

type lintCmd struct {
	targetFlags
	Files         bool     `short:"f" help:"Read the arguments as files (- is standard input) instead of access strings."`
	InputFormat   string   `enum:"${input_formats}" default:"auto" help:"Input format: auto (detected from the name and content), text (access strings, ACL files, ACL LIST output), api (JSON/YAML shaped like the API parameters), cloudformation, terraform (terraform show -json), tf (Terraform source, .tf or .tf.json, evaluated without running Terraform), tfstate (Terraform state), conf (redis.conf, valkey.conf, sentinel.conf), kubernetes (ACK User/UserGroup/ACL manifests, --user options of Redis containers), compose (--user options of Compose services), sentinel (sentinel.conf: users checked against Sentinel's own command table), helm (values of Bitnami-style Redis/Valkey charts: auth.acl.users, configuration blocks)."`
	Format        string   `enum:"text,json,sarif,github,checkstyle" default:"text" help:"Output format: text, json (docs/schema/lint.json), sarif, github (workflow commands for GitHub Actions annotations) or checkstyle (XML)."`
	FailOn        string   `enum:"error,warning,info" default:"error" help:"Exit 1 when there are findings at or above this severity: error, warning or info."`
	Explain       string   `placeholder:"ID" help:"Print the documentation of a rule (\"all\" lists every rule) and exit."`
	Only          []string `placeholder:"RULE" help:"Run only these rules: IDs, globs (AC5*) or categories (engine, aws, service, resources, risk, noeffect, suppression); repeatable or comma-separated."`
	Enable        []string `placeholder:"RULE" help:"Enable rules that the configuration file, --only or --disable turned off (IDs, globs or categories)."`
	Disable       []string `placeholder:"RULE" help:"Disable rules (IDs, globs or categories)."`
	Severity      []string `placeholder:"RULE=LEVEL" help:"Report rules at another severity: error, warning or info (AC5003=error, risk=warning)."`
	Color         string   `enum:"auto,always,never" default:"auto" help:"Colour the text output: auto (only on a terminal, not with NO_COLOR), always, never."`
	Config        string   `placeholder:"FILE" help:"Configuration file (default: .aclcheck.yaml or .aclcheck.yml in the working directory or a parent; docs/config.md)."`
	NoConfig      bool     `help:"Do not read a configuration file."`
	MaxFindings   int      `placeholder:"N" help:"Write at most N findings (0: all), saying how many were left out, in the output and on standard error; the exit status still counts them all."`
	Baseline      string   `placeholder:"FILE" help:"Do not report the findings recorded in this baseline file (written by --write-baseline): fail only on new ones."`
	WriteBaseline string   `placeholder:"FILE" help:"Record the findings in a baseline file for --baseline, and exit 0."`
	Args          []string `arg:"" optional:"" name:"input" help:"Access strings (or files with -f); - reads standard input."`
}

func (c *lintCmd) Help() string {
	return `Examples:
  aclcheck lint 'on ~app:* +@read'
  aclcheck lint '-@all +get' 'user app on ~app:* +get' 'ACL SETUSER app on +get'
  aclcheck lint --service elasticache --engine redis-6.2 'on ~* >pw reset %R~x (+get)'
  aclcheck lint -f users.acl cloudformation.yaml plan.json
  aclcheck lint -f . --format sarif > aclcheck.sarif
  terraform show -json plan.out | aclcheck lint -f - --format sarif > aclcheck.sarif
  aclcheck lint --explain AC5003

Inputs are detected: plain access strings one per line ("#" and "# " start
comments; "#<64 hex>" is a hash rule), ACL files and ACL LIST output ("user
NAME rules…"), JSON/YAML shaped like the ElastiCache/MemoryDB API
parameters, CloudFormation templates, terraform show -json output, and
Terraform source (.tf, evaluated without running Terraform) and state.
"# aclcheck:ignore ID reason" on its own line silences rule ID on the next
line in files of plain access strings and YAML, and in Terraform source on
the next attribute or the whole resource block below it; a CloudFormation
resource's Metadata: {aclcheck: {ignore: [ID…], reason: …}} silences them on
the resource. --baseline FILE hides the findings --write-baseline FILE
recorded. ACL files are checked as the server
loads them, and the server refuses comments: their suppressions are the
ignore: entries of .aclcheck.yaml (file, user, rules, reason).

With -f, a directory is walked for the files of known kinds (*.acl, *.json,
*.yaml, *.yml, *.template, *.tf, *.tfstate, *.conf), skipping .git and what
.gitignore ignores, and a pattern with *, ? or [ is a glob (** spans
directories). A file of those kinds that holds no users or groups is skipped
with a note on standard error.

An access string that starts with "-" is not a flag when it holds a blank or
starts with "-@" ('-@all +get'); otherwise put "--" before it. "user NAME
rules" and "ACL SETUSER NAME rules" are read as the rules of user NAME.

Exit status: 0 no findings at or above --fail-on, 1 findings, 2 usage error
or an input that could not be read or parsed (reported after every finding
of the other inputs).`
}

func (c *lintCmd) Run(e *env, kctx *kong.Context) error {
	if c.Explain != "" {
		return c.explain(e)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(softMemory)
	}
	setup, err := c.config(explicitFlags(kctx.Args))
	if err != nil {
		return &exitError{exitUsage, err}
	}
	inputs, notices, err := c.inputs(e, setup)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	keep := func(lint.Diagnostic) bool { return true }
	if setup.file != nil {
		var more []lint.Notice
		keep, more = setup.file.applyIgnores(inputs)
		notices = append(notices, more...)
	}
	failed := false
	for _, n := range notices {
		fmt.Fprintln(e.stderr, "aclcheck:", human(n.String()))
		failed = failed || n.Error
	}
	if c.WriteBaseline != "" {
		all, err := c.lintAll(setup, inputs)
		if err != nil {
			return &exitError{exitUsage, err}
		}
		all = slices.DeleteFunc(all, func(d lint.Diagnostic) bool { return !keep(d) })
		if err := writeBaseline(c.WriteBaseline, all, inputs); err != nil {
			return &exitError{exitUsage, err}
		}
		fmt.Fprintf(e.stderr, "aclcheck: %s recorded in %s\n", plural(len(all), "finding"), c.WriteBaseline)
		if failed {
			return &exitError{code: exitUsage}
		}
		return nil
	}
	out, err := c.newWriter(e, notices)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if c.Baseline != "" {
		if out.baseline, err = loadBaseline(c.Baseline); err != nil {
			return &exitError{exitUsage, err}
		}
	}
	err = c.lint(setup, inputs, func(ds lint.Diagnostics, in *input.Input) error {
		return out.write(slices.DeleteFunc(ds, func(d lint.Diagnostic) bool { return !keep(d) }), in)
	})
	if err == nil {
		err = out.close()
	}
	if err != nil {
		return &exitError{exitUsage, err}
	}
	if failed {
		return &exitError{code: exitUsage}
	}
	for sev, n := range out.counts {
		if n > 0 && sev.AtLeast(setup.failOn) {
			return &exitError{code: exitFindings}
		}
	}
	return nil
}

// softMemory is lint's soft memory limit (unless GOMEMLIMIT sets one),
// from before the inputs are read: the collector works harder rather than
// let the heap double what a large input holds.
const softMemory = 200 << 20

// lintSetup is what the flags and the configuration file decide.
type lintSetup struct {
	set     map[string]bool // flags given on the command line or in the file
	rules   lint.Config     // Disabled and Severity; the target is per input
	table   *category.Table // from --table, or nil
	failOn  lint.Severity
	service lint.Service
	format  input.Format
	file    *fileConfig // the configuration file, or nil
}

// config merges the configuration file into the flags not given on the
// command line (set) and returns the setup.
func (c *lintCmd) config(set map[string]bool) (*lintSetup, error) {
	s := &lintSetup{set: set}
	fc, err := c.loadConfig()
	if err != nil {
		return nil, err
	}
	if fc != nil {
		for _, f := range []struct {
			name     string
			flag     *string
			value    string
			explicit bool // a value from the file counts as given
		}{
			{"service", &c.Service, fc.Service, true},
			{"engine", &c.Engine, fc.Engine, true},
			{"fail-on", &c.FailOn, fc.FailOn, false},
			{"format", &c.Format, fc.Format, false},
			{"input-format", &c.InputFormat, fc.InputFormat, false},
		} {
			if !set[f.name] && f.value != "" {
				*f.flag = f.value
				set[f.name] = set[f.name] || f.explicit
			}
		}
	}
	if s.failOn, err = lint.ParseSeverity(c.FailOn); err != nil {
		return nil, err
	}
	if fc != nil {
		if err := fc.applyRules(&s.rules); err != nil {
			return nil, err
		}
		s.file = fc
	}
	only := c.Only
	if len(only) == 0 && fc != nil {
		only = fc.Only
	}
	if err := selectRules(&s.rules, only, c.Disable, c.Enable, c.Severity); err != nil {
		return nil, err
	}
	if c.Table != "" {
		if s.table, err = c.table(); err != nil {
			return nil, err
		}
	}
	if len(c.Args) == 0 {
		return nil, fmt.Errorf("nothing to lint: give access strings, -f FILE…, or - for standard input")
	}
	if s.service, err = lint.ParseService(c.Service); err != nil {
		return nil, err
	}
	if s.format, err = input.ParseFormat(c.InputFormat); err != nil {
		return nil, err
	}
	return s, nil
}

// selectRules applies --only (every rule it does not name is disabled),
// then --disable, --enable and --severity RULE=LEVEL to cfg.
func selectRules(cfg *lint.Config, only, disable, enable, severity []string) error {
	if len(only) > 0 {
		keep := map[string]bool{}
		for _, sel := range only {
			rules, err := lint.Select(sel)
			if err != nil {
				return fmt.Errorf("--only: %w", err)
			}
			for _, r := range rules {
				keep[r.ID] = true
			}
		}
		for _, r := range lint.Rules() {
			if !keep[r.ID] {
				setRule(cfg, r.ID, "off")
			}
		}
	}
	for _, sel := range disable {
		if err := setRule(cfg, sel, "off"); err != nil {
			return fmt.Errorf("--disable: %w", err)
		}
	}
	for _, sel := range enable {
		if err := setRule(cfg, sel, "on"); err != nil {
			return fmt.Errorf("--enable: %w", err)
		}
	}
	for _, kv := range severity {
		sel, level, ok := strings.Cut(kv, "=")
		if !ok {
			return fmt.Errorf("--severity %s: want RULE=LEVEL (AC5003=error)", kv)
		}
		if _, err := lint.ParseSeverity(level); err != nil {
			return fmt.Errorf("--severity %s: want error, warning or info after =", kv)
		}
		if err := setRule(cfg, sel, level); err != nil {
			return fmt.Errorf("--severity: %w", err)
		}
	}
	return nil
}

// loadConfig reads the configuration file of --config, or the one found
// from the working directory; it returns nil when there is none or
// --no-config is given.
func (c *lintCmd) loadConfig() (*fileConfig, error) {
	if c.NoConfig {
		return nil, nil
	}
	path := c.Config
	if path == "" {
		if wd, err := os.Getwd(); err == nil {
			path = findConfig(wd)
		}
	}
	if path == "" {
		return nil, nil
	}
	return loadConfig(path)
}

// inputs reads the arguments: access strings, or with -f files,
// directories and globs ("-" is standard input, once). It returns the
// inputs read and the notices about the others (see readFiles).
func (c *lintCmd) inputs(e *env, s *lintSetup) ([]*input.Input, []lint.Notice, error) {
	stdin := 0
	for _, a := range c.Args {
		if a == "-" {
			stdin++
		}
	}
	if stdin > 1 {
		return nil, nil, fmt.Errorf("standard input given twice")
	}
	if !c.Files {
		var inputs []*input.Input
		var notices []lint.Notice
		for i, a := range c.Args {
			if a == "-" {
				in, more := c.readFiles(e, s, []lintFile{{path: "-"}})
				inputs, notices = append(inputs, in...), append(notices, more...)
				continue
			}
			inputs = append(inputs, input.ReadString(fmt.Sprintf("<arg%d>", i+1), a))
		}
		return inputs, notices, nil
	}
	files, notices := expandFiles(c.Args)
	inputs, more := c.readFiles(e, s, files)
	return inputs, append(notices, more...), nil
}

// lintAll lints every input and returns the diagnostics, sorted.
func (c *lintCmd) lintAll(s *lintSetup, inputs []*input.Input) (lint.Diagnostics, error) {
	var all lint.Diagnostics
	err := c.lint(s, inputs, func(ds lint.Diagnostics, _ *input.Input) error {
		all = append(all, ds...)
		return nil
	})
	return all, err
}

// lint lints each input for its target (the service its users name, unless
// --service is given) and hands its diagnostics, sorted, to emit with the
// input that holds their source and secrets: an input read in parts
// ([input.ReadTextParts]) a part at a time. Inputs come in the order of
// their names, so that the diagnostics, one call after the other, are
// sorted as a whole.
func (c *lintCmd) lint(s *lintSetup, inputs []*input.Input, emit func(lint.Diagnostics, *input.Input) error) error {
	inputs = slices.SortedStableFunc(slices.Values(inputs), func(a, b *input.Input) int { return cmp.Compare(a.Filename, b.Filename) })
	linters := map[linterKey]*lint.Linter{}
	for _, in := range inputs {
		parts := []*input.Input{in}
		if !s.set["service"] {
			parts = byService(in)
		}
		parts = append(parts[:len(parts)-1], bySentinel(parts[len(parts)-1])...)
		if len(parts) == 1 {
			l, err := c.linter(s, in, linters)
			if err != nil {
				return err
			}
			if err := l.LintParts(in, emit); err != nil {
				return err
			}
			continue
		}
		var ds lint.Diagnostics
		for _, p := range parts {
			l, err := c.linter(s, p, linters)
			if err != nil {
				return err
			}
			ds = append(ds, l.Lint(p)...)
			// The parts' secrets are the file's: the outputs mask them.
			in.Secrets = append(in.Secrets, p.Secrets...)
		}
		ds.Sort()
		if err := emit(ds, in); err != nil {
			return err
		}
		parts = append(parts[:len(parts)-1], bySentinel(parts[len(parts)-1])...)
	}
	return nil
}

// linter returns the linter for the target of in, made once per target.
func (c *lintCmd) linter(s *lintSetup, in *input.Input, linters map[linterKey]*lint.Linter) (*lint.Linter, error) {
	svc, eng := s.service, c.Engine
	if !s.set["service"] {
		if is := inputService(in); is != lint.ServiceInvalid {
			svc = is
		}
	}
	switch {
	case s.set["engine"]:
	case s.table != nil:
		eng = s.table.Engine().String() // the dump's engine
	case lint.InputEngine(in, svc) != "":
		eng = lint.InputEngine(in, svc)
	default:
		eng = lint.DefaultEngine(svc)
	}
	t, err := lint.NewTarget(svc.String(), eng)
	if err != nil && s.table == nil {
		return nil, err
	}
	key := linterKey{t, in.Config != nil && in.Config.Sentinel && s.table == nil}
	l := linters[key]
	if l == nil {
		cfg := s.rules
		cfg.Target, cfg.Table = t, s.table
		if key.sentinel {
			if cfg.Table, err = sentinelTable(t.Engine); err != nil {
				return nil, err
			}
		}
		if l, err = lint.New(cfg); err != nil {
			return nil, err
		}
		linters[key] = l
	}
	return l, nil
}

// linterKey picks a linter: its target, and whether the input is a
// sentinel.conf, whose users have Sentinel's command table.
type linterKey struct {
	target   lint.Target
	sentinel bool
}

// sentinelTable returns the Sentinel command table closest to engine: the
// one of its family and version, Redis 7.0's for earlier Redis, Valkey
// 8.0's for other Valkey versions.
func sentinelTable(e category.Engine) (*category.Table, error) {
	name := e.String()
	switch {
	case e.Family == category.Valkey:
		name = "valkey-8.0"
	case !e.AtLeast(7, 2):
		name = "redis-7.0"
	case e.AtLeast(7, 2):
		name = "redis-7.2"
	}
	return category.ForSentinel(name)
}

// findingsWriter writes findings in the --format chosen as they come, up
// to --max-findings and without those of the --baseline, and counts those
// it does not leave out for the baseline.
type findingsWriter struct {
	e        *env
	c        *lintCmd
	json     *lint.JSONWriter
	sarif    *lint.SARIFWriter
	done     func() error // of the JSON output
	notices  []lint.Notice
	counts   map[lint.Severity]int
	shown    int
	omitted  int
	baseline *baseline // or nil
	// For the formats written whole (github, checkstyle): the findings,
	// and the inputs by name with the secrets of all their parts.
	held   lint.Diagnostics
	inputs map[string]*input.Input
	names  []string
}

func (c *lintCmd) newWriter(e *env, notices []lint.Notice) (*findingsWriter, error) {
	fw := &findingsWriter{e: e, c: c, counts: map[lint.Severity]int{}, done: func() error { return nil }, notices: notices}
	switch c.Format {
	case "github", "checkstyle":
		fw.inputs = map[string]*input.Input{}
	case "json":
		var w io.Writer
		w, fw.done = e.jsonOut()
		fw.json = lint.NewJSONWriter(w)
	case "sarif":
		var w io.Writer
		w, fw.done = e.jsonOut()
		var err error
		if fw.sarif, err = lint.NewSARIFWriter(w, readBuildInfo().short(), notices...); err != nil {
			return nil, err
		}
	}
	return fw, nil
}

func (fw *findingsWriter) write(ds lint.Diagnostics, in *input.Input) error {
	if fw.baseline != nil {
		ds = fw.baseline.filter(ds, in)
	}
	for _, d := range ds {
		fw.counts[d.Severity]++
	}
	if max := fw.c.MaxFindings; max > 0 && fw.shown+len(ds) > max {
		n := max - min(fw.shown, max)
		fw.omitted += len(ds) - n
		ds = ds[:n]
	}
	fw.shown += len(ds)
	inputs := []*input.Input{in}
	switch {
	case fw.json != nil:
		return fw.json.Write(ds)
	case fw.sarif != nil:
		return fw.sarif.Write(ds, inputs)
	case fw.inputs != nil:
		fw.held = append(fw.held, ds...)
		if held := fw.inputs[in.Filename]; held != nil {
			held.Secrets = append(held.Secrets, in.Secrets...)
			return nil
		}
		cp := *in
		cp.Secrets = slices.Clone(in.Secrets)
		fw.inputs[in.Filename], fw.names = &cp, append(fw.names, in.Filename)
		return nil
	}
	return lint.WriteText(fw.e.stdout, ds, inputs, lint.TextOptions{Color: fw.c.useColor(fw.e)})
}

// close ends the output: what --max-findings left out (in the output and
// on standard error), what the baseline silenced, and for text the summary
// on standard error.
func (fw *findingsWriter) close() error {
	left := ""
	if fw.omitted > 0 {
		left = fmt.Sprintf("%s not shown (--max-findings %d)", plural(fw.omitted, "more finding"), fw.c.MaxFindings)
		fmt.Fprintln(fw.e.stderr, "aclcheck:", left)
	}
	if b := fw.baseline; b != nil && (b.silenced > 0 || b.stale() > 0) {
		fmt.Fprintf(fw.e.stderr, "aclcheck: %s in the baseline %s not reported", plural(b.silenced, "finding"), fw.c.Baseline)
		if n := b.stale(); n > 0 {
			fmt.Fprintf(fw.e.stderr, "; %d of its entries no longer found (write it again with --write-baseline)", n)
		}
		fmt.Fprintln(fw.e.stderr)
	}
	var err error
	switch {
	case fw.json != nil:
		fw.json.Omitted = fw.omitted
		err = fw.json.Close(fw.notices...)
	case fw.sarif != nil:
		fw.sarif.Omitted = fw.omitted
		err = fw.sarif.Close()
	case fw.inputs != nil:
		var inputs []*input.Input
		for _, name := range fw.names {
			inputs = append(inputs, fw.inputs[name])
		}
		if fw.c.Format == "github" {
			err = lint.WriteGitHub(fw.e.stdout, fw.held, inputs, fw.notices...)
			if err == nil && left != "" {
				fmt.Fprintln(fw.e.stdout, "::warning::aclcheck: "+left)
			}
		} else {
			err = lint.WriteCheckstyle(fw.e.stdout, fw.held, fw.notices...)
		}
	default:
		if left != "" {
			fmt.Fprintln(fw.e.stdout, "aclcheck:", left)
		}
		if n := fw.counts[lint.Error] + fw.counts[lint.Warning] + fw.counts[lint.Info]; n > 0 {
			fmt.Fprintf(fw.e.stderr, "%s, %s, %s\n", plural(fw.counts[lint.Error], "error"),
				plural(fw.counts[lint.Warning], "warning"), plural(fw.counts[lint.Info], "info"))
		}
	}
	if err != nil {
		return err
	}
	return fw.done()
}

// explicitFlags returns the long names of the flags given on the command
// line (kong also marks defaults as set).
func explicitFlags(args []string) map[string]bool {
	set := map[string]bool{}
	for _, a := range args {
		if a == "--" {
			break
		}
		if strings.HasPrefix(a, "--") {
			name, _, _ := strings.Cut(a[2:], "=")
			set[name] = true
		}
	}
	return set
}

// bySentinel splits off the access strings of Sentinel users of an input
// that is not a sentinel.conf (a chart's sentinel.configuration) into an
// input of their own, linted with Sentinel's command table.
func bySentinel(in *input.Input) []*input.Input {
	if !slices.ContainsFunc(in.Strings, func(s *input.Source) bool { return s.Sentinel }) {
		return []*input.Input{in}
	}
	server, sentinel := *in, *in
	server.Strings, sentinel.Strings = nil, nil
	for _, s := range in.Strings {
		if s.Sentinel {
			sentinel.Strings = append(sentinel.Strings, s)
		} else {
			server.Strings = append(server.Strings, s)
		}
	}
	sentinel.Users, sentinel.Groups, sentinel.Context, sentinel.Unresolved, sentinel.Directives, sentinel.Secrets = nil, nil, nil, nil, nil, nil
	sentinel.Config = &input.ServerSettings{Sentinel: true}
	return []*input.Input{&server, &sentinel}
}

// byService splits an input whose users and groups are for several
// services (an ElastiCache and a MemoryDB user in one template) into one
// input per service, so that each resource is checked against its own
// service and engine. The access strings of no user, the unresolved values
// and the suppressions stay with the first part. An input of one service
// is returned as it is.
func byService(in *input.Input) []*input.Input {
	var svcs []input.Service
	for _, u := range in.Users {
		if !slices.Contains(svcs, u.Service) {
			svcs = append(svcs, u.Service)
		}
	}
	for _, g := range in.Groups {
		if !slices.Contains(svcs, g.Service) {
			svcs = append(svcs, g.Service)
		}
	}
	if len(svcs) < 2 {
		return []*input.Input{in}
	}
	var parts []*input.Input
	for i, svc := range svcs {
		p := *in
		p.Secrets = nil
		p.Users, p.Groups, p.Strings = nil, nil, nil
		names := map[string]bool{}
		for _, u := range in.Users {
			if u.Service == svc {
				p.Users = append(p.Users, u)
				names[u.Name()] = true
			}
		}
		for _, g := range in.Groups {
			if g.Service == svc {
				p.Groups = append(p.Groups, g)
			}
		}
		for _, s := range in.Strings {
			// The other branches of a user's Fn::If go with the user.
			if s.UserName != "" && names[s.UserName] || s.UserName == "" && i == 0 {
				p.Strings = append(p.Strings, s)
			}
		}
		if i > 0 {
			p.Unresolved, p.Directives = nil, nil
		}
		parts = append(parts, &p)
	}
	parts[0].Secrets = slices.Clip(in.Secrets)
	return parts
}

// inputService returns the AWS service of the first user or group of an
// input, or ServiceInvalid.
func inputService(in *input.Input) lint.Service {
	for _, u := range in.Users {
		return u.Service
	}
	for _, g := range in.Groups {
		return g.Service
	}
	return in.Service
}

func (c *lintCmd) useColor(e *env) bool {
	switch c.Color {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := e.stdout.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (c *lintCmd) explain(e *env) error {
	if strings.EqualFold(c.Explain, "all") || strings.EqualFold(c.Explain, "list") {
		for _, r := range lint.Rules() {
			fmt.Fprintf(e.stdout, "%s  %-7s  %s\n", r.ID, r.Severity, r.Title)
		}
		return nil
	}
	r := lint.Lookup(c.Explain)
	if r == nil {
		return &exitError{exitUsage, fmt.Errorf("unknown rule %q (aclcheck lint --explain all lists them)", c.Explain)}
	}
	fmt.Fprint(e.stdout, r.Explain())
	return nil
}

// plural returns "1 error", "2 errors".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
