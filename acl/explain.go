package acl

import (
	"fmt"
	"strings"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/glob"
	"github.com/aclcheck/aclcheck/internal/ascii"
	"github.com/aclcheck/aclcheck/internal/lossless"
)

// Explanation says why a command line is allowed or denied: for every
// selector, which rule decided the command, and which pattern granted each
// key and channel or why none did. It is built by [User.Explain], a slower
// companion of [User.Check].
type Explanation struct {
	Argv      []string              `json:"argv"`
	Allowed   bool                  `json:"allowed"`
	Reply     string                `json:"reply"`
	Command   string                `json:"command,omitempty"`
	Selectors []SelectorExplanation `json:"selectors,omitempty"`
	// SortPatternDenied: see [Decision].
	SortPatternDenied bool `json:"sort_pattern_denied,omitempty"`
}

// MarshalJSON encodes the fields of ex and, when an argument is not valid
// UTF-8 (which a JSON string cannot hold), argv_base64: every argument in
// base64. A key or channel's arg is argv[pos].
func (ex Explanation) MarshalJSON() ([]byte, error) {
	type fields Explanation // without this method
	return lossless.Object{fields(ex), struct {
		Argv []string `json:"argv_base64,omitempty"`
	}{lossless.Base64s(ex.Argv)}}.MarshalJSON()
}

// SelectorExplanation explains one selector's verdict.
type SelectorExplanation struct {
	// Index is 0 for the root selector, then 1, 2, … in creation order.
	Index int `json:"index"`
	// Text is the selector as written, "" for the root.
	Text     string      `json:"text,omitempty"`
	Range    *Range      `json:"range,omitempty"`
	Verdict  string      `json:"verdict"`
	Command  RuleReason  `json:"command"`
	Keys     []ArgReason `json:"keys,omitempty"`
	Channels []ArgReason `json:"channels,omitempty"`
}

// RuleReason names the rule that decided something, with its position.
type RuleReason struct {
	Allowed bool   `json:"allowed"`
	Rule    string `json:"rule,omitempty"`
	Range   *Range `json:"range,omitempty"`
	Why     string `json:"why"`
}

// ArgReason explains the verdict on one key or channel argument.
type ArgReason struct {
	Pos     int    `json:"pos"`
	Arg     string `json:"arg"`
	Need    string `json:"need,omitempty"`
	Allowed bool   `json:"allowed"`
	Rule    string `json:"rule,omitempty"`
	Range   *Range `json:"range,omitempty"`
	Why     string `json:"why"`
}

// Explain checks argv like [User.Check] and explains the decision.
func (u *User) Explain(argv []string) Explanation {
	d := u.Check(argv)
	ex := Explanation{Argv: argv, Allowed: d.Allowed(), Reply: d.Reply(), SortPatternDenied: d.SortPatternDenied}
	if d.Command == nil {
		return ex
	}
	cmd := d.Command
	ex.Command = cmd.Name
	keys := cmd.Keys(argv, nil)
	for i, s := range u.selectors {
		se := SelectorExplanation{Index: i}
		if s.src != nil {
			se.Text = Redact(s.src.Word)
			r := s.src.Range()
			se.Range = &r
		}
		v := Allowed
		se.Command = s.explainCommand(u.table, cmd, argv)
		if !se.Command.Allowed {
			v = DeniedCommand
		}
		if v == Allowed && hasKeys(cmd) {
			for _, k := range keys {
				ar := s.explainKey(argv[k.Pos], k.Flags)
				ar.Pos = k.Pos
				se.Keys = append(se.Keys, ar)
				if !ar.Allowed && v == Allowed {
					v = DeniedKey
				}
			}
		}
		if v == Allowed {
			first, last, pattern := channelArgs(cmd, len(argv))
			for p := first; p <= last; p++ {
				ar := ArgReason{Pos: p, Arg: argv[p], Allowed: s.allChannels || s.channelAllowed(argv[p], pattern)}
				switch {
				case s.allChannels:
					ar.Why = "allchannels"
				case ar.Allowed:
					for _, c := range s.channels {
						if pattern && c == ascii.CString(argv[p]) || !pattern && glob.Match(c, argv[p]) {
							ar.Rule = "&" + c
							break
						}
					}
					ar.Why = "matches " + ar.Rule
					if pattern {
						ar.Why = "PSUBSCRIBE pattern equals " + ar.Rule + " literally"
					}
				case pattern:
					ar.Why = "no channel rule equals this PSUBSCRIBE pattern literally"
				default:
					ar.Why = "no channel pattern matches"
				}
				se.Channels = append(se.Channels, ar)
				if !ar.Allowed {
					v = DeniedChannel
					break
				}
			}
		}
		se.Verdict = verdictName(v)
		ex.Selectors = append(ex.Selectors, se)
	}
	return ex
}

func verdictName(v Verdict) string {
	switch v {
	case Allowed:
		return "allowed"
	case DeniedCommand:
		return "command denied"
	case DeniedKey:
		return "key denied"
	case DeniedChannel:
		return "channel denied"
	}
	return "error"
}

// affects reports whether rule r changes the command bit of c.
func (u *User) affects(r Rule, c *category.Command) bool {
	switch n := r.(type) {
	case *Keyword:
		return n.Kind == AllCommands || n.Kind == NoCommands || n.Kind == Reset
	case *CommandRule:
		target, firstArg, err := bindCommand(u.table, n)
		return err == nil && !firstArg && (target == c || target == c.Parent)
	case *CategoryRule:
		cat, err := bindCategory(u.table, n)
		return err == nil && (c.Categories.Has(cat) || c.Parent != nil && c.Parent.Categories.Has(cat))
	}
	return false
}

func ruleRef(r Rule) (string, *Range) {
	rg := r.Range()
	return r.String(), &rg
}

func (s *selector) explainCommand(t *category.Table, c *category.Command, argv []string) RuleReason {
	u := &User{table: t}
	if c.Flags&category.FlagNoAuth != 0 {
		return RuleReason{Allowed: true, Why: "the command is NO_AUTH: every user may run it"}
	}
	var last Rule
	for _, r := range s.applied {
		if u.affects(r, c) {
			last = r
		}
	}
	rr := RuleReason{Allowed: s.allCommands || s.bit(c.ID)}
	if last != nil {
		rr.Rule, rr.Range = ruleRef(last)
	}
	if rr.Allowed {
		switch n := last.(type) {
		case *CategoryRule:
			rr.Why = fmt.Sprintf("'%s' is in @%s", c.Name, strings.ToLower(n.Name))
		case nil:
			rr.Why = "allowed"
		default:
			rr.Why = "allowed by " + rr.Rule
		}
		return rr
	}
	// A first-argument rule may still allow it.
	if len(argv) >= 2 {
		for i := len(s.applied) - 1; i >= 0; i-- {
			n, ok := s.applied[i].(*CommandRule)
			if !ok {
				continue
			}
			if target, firstArg, err := bindCommand(t, n); err == nil && firstArg && target == c && ascii.EqualFoldC(argv[1], n.Arg) {
				for _, a := range s.firstArgs[c.ID] {
					if ascii.EqualFold(a, n.Arg) {
						rr.Allowed = true
						rr.Rule, rr.Range = ruleRef(n)
						rr.Why = "first argument '" + argv[1] + "' allowed by " + rr.Rule + " (deprecated first-arg rule)"
						return rr
					}
				}
			}
		}
	}
	switch n := last.(type) {
	case nil:
		rr.Why = "no rule allows '" + c.Name + "' (a new selector allows no commands)"
	case *CategoryRule:
		rr.Why = fmt.Sprintf("'%s' is in @%s, denied by %s", c.Name, strings.ToLower(n.Name), rr.Rule)
	default:
		rr.Why = "denied by " + rr.Rule
	}
	return rr
}

func (s *selector) explainKey(key string, flags category.KeyFlag) ArgReason {
	n := need(flags)
	ar := ArgReason{Arg: key, Need: n.String()}
	if n == 0 {
		ar.Need = "any"
	}
	if s.allKeys {
		ar.Allowed, ar.Why = true, "allkeys"
		return ar
	}
	var lacking []string
	for _, p := range s.keys {
		if !p.glob.Match(key) {
			continue
		}
		if p.perm&n == n {
			ar.Allowed = true
			ar.Rule, ar.Range = ruleRef(p.rule)
			ar.Why = "matches " + ar.Rule
			return ar
		}
		lacking = append(lacking, p.rule.String())
	}
	switch {
	case len(s.keys) == 0:
		ar.Why = "the selector has no key patterns"
	case len(lacking) > 0:
		ar.Why = fmt.Sprintf("matches %s, which does not grant %s", strings.Join(lacking, ", "), n)
	default:
		ar.Why = "no key pattern matches"
	}
	return ar
}

// String renders the explanation for people.
func (ex Explanation) String() string {
	var b strings.Builder
	if ex.Allowed {
		b.WriteString("allowed")
	} else {
		b.WriteString("denied: " + ex.Reply)
	}
	if ex.SortPatternDenied {
		b.WriteString("\n  note: ACL DRYRUN says OK, but executing it is refused: SORT BY <pattern>/GET needs a selector with unrestricted read access")
	}
	for _, s := range ex.Selectors {
		name := "root selector"
		if s.Index > 0 {
			name = fmt.Sprintf("selector %d %s at %s", s.Index, s.Text, s.Range.Start)
		}
		fmt.Fprintf(&b, "\n  %s: %s", name, s.Verdict)
		fmt.Fprintf(&b, "\n    command %s: %s%s", ex.Command, s.Command.Why, at(s.Command.Range))
		for _, k := range s.Keys {
			fmt.Fprintf(&b, "\n    key %q (argv[%d], needs %s): %s%s", k.Arg, k.Pos, k.Need, k.Why, at(k.Range))
		}
		for _, c := range s.Channels {
			fmt.Fprintf(&b, "\n    channel %q (argv[%d]): %s", c.Arg, c.Pos, c.Why)
		}
	}
	return b.String()
}

func at(r *Range) string {
	if r == nil {
		return ""
	}
	return " (at " + r.Start.String() + ")"
}
