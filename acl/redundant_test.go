package acl_test

import (
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/internal/testutil"
)

func TestIneffectiveExamples(t *testing.T) {
	tb := testutil.Table(t, "valkey-8.0")
	for access, want := range map[string][]int{
		"on ~app:* +@read +get":           {3},
		"+get -@all +set":                 {0},
		"~a ~b ~a":                        {0, 2},
		"~a ~*":                           {0},
		"-@all -flushall":                 {0, 1},
		"+@all -@dangerous +flushdb":      nil,
		"on off":                          {0},
		"+select|0 +select":               {0},
		"&x &x resetchannels &y":          {0, 1},
		">pw <pw":                         nil,
		"%R~k %W~k ~k":                    {0, 1, 2},
		"+config|get +config|get -config": {0, 1},
	} {
		a, err := acl.Parse(access)
		require.NoError(t, err)
		assert.Equal(t, want, acl.Ineffective(tb, a.Rules, false), access)
	}
	a, _ := acl.Parse("+nosuch +get")
	assert.Nil(t, acl.Ineffective(tb, a.Rules, false), "a list that does not compile")
}

// bruteIneffective is the definition: compile without each rule and compare;
// the overriding rule is the first after which the prefixes with and
// without the rule compare equal.
func bruteIneffective(t *testing.T, rules []acl.Rule, inSelector bool) []acl.Redundancy {
	tb := testutil.Table(t, "valkey-8.0")
	compile := func(list []acl.Rule) *acl.User {
		a := &acl.AccessString{Rules: list}
		if inSelector {
			a.Rules = []acl.Rule{&acl.Selector{Word: "(…)", Rules: list}}
		}
		u, err := acl.Compile(a, tb, "")
		if err != nil {
			return nil
		}
		return u
	}
	full := compile(rules)
	if full == nil {
		return nil
	}
	same := func(a, b *acl.User) bool { return a != nil && b != nil && a.SameAccess(b) }
	var out []acl.Redundancy
	for i := range rules {
		w := compile(slices.Concat(rules[:i:i], rules[i+1:]))
		if !same(w, full) {
			continue
		}
		r := acl.Redundancy{Index: i, By: -1}
		if !same(compile(rules[:i]), compile(rules[:i+1])) {
			for j := i + 1; j < len(rules); j++ {
				if same(compile(rules[:j+1]), compile(slices.Concat(rules[:i:i], rules[i+1:j+1]))) {
					r.By = j
					break
				}
			}
		}
		out = append(out, r)
	}
	return out
}

func TestIneffectiveMatchesDefinition(t *testing.T) {
	vocab := strings.Fields(`on off nopass >a >b <a ~a ~b ~c ~d* ~* %R~a %W~a %R~b %RW~c allkeys resetkeys &c &d &e* &* resetchannels
		+get -get +set +@read -@read +@write -@string +@all -@all +config|get -config +config +select|0 +select|1 -select
		+client|id -client clearselectors reset (+get) (~a) ()`)
	tb := testutil.Table(t, "valkey-8.0")
	rng := rand.New(rand.NewSource(7))
	compared := 0
	for n := 0; n < 6000; n++ {
		words := make([]string, 1+rng.Intn(14))
		for i := range words {
			words[i] = vocab[rng.Intn(len(vocab))]
		}
		access := strings.Join(words, " ")
		a, err := acl.Parse(access)
		require.NoError(t, err, access)
		inSelector := n%4 == 3
		rules := a.Rules
		if inSelector {
			rules = slices.DeleteFunc(slices.Clone(rules), func(r acl.Rule) bool {
				k, ok := r.(*acl.Keyword)
				_, pw := r.(*acl.Password)
				_, sel := r.(*acl.Selector)
				return pw || sel || ok && k.Kind.IsUserLevel()
			})
		}
		want := bruteIneffective(t, rules, inSelector)
		got := acl.Redundancies(tb, rules, inSelector)
		require.Equal(t, want, got, "%q (selector body: %v)", access, inSelector)
		var idx []int
		for _, r := range want {
			idx = append(idx, r.Index)
		}
		require.Equal(t, idx, acl.Ineffective(tb, rules, inSelector), "%q", access)
		compared++
	}
	t.Logf("compared %d random rule lists with the definition", compared)
}
