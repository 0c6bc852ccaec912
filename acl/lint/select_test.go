package lint

import (
	"strings"
	"testing"
)

func TestSelect(t *testing.T) {
	risk, err := Select("risk")
	if err != nil || len(risk) == 0 {
		t.Fatalf("risk: %v %v", risk, err)
	}
	glob, err := Select("ac5*")
	if err != nil || len(glob) != len(risk) {
		t.Errorf("ac5*: %d rules, risk %d (%v)", len(glob), len(risk), err)
	}
	for _, r := range risk {
		if !strings.HasPrefix(r.ID, "AC5") {
			t.Errorf("risk holds %s", r.ID)
		}
	}
	if all, _ := Select("ALL"); len(all) != len(Rules()) {
		t.Errorf("all: %d of %d", len(all), len(Rules()))
	}
	if one, err := Select("ac2004"); err != nil || len(one) != 1 || one[0] != AC2004 {
		t.Errorf("ac2004: %v %v", one, err)
	}
	for sel, want := range map[string]string{
		"AC20O4": `unknown rule "AC20O4" (did you mean AC2004?)`,
		"risky":  `unknown rule "risky" (did you mean risk?)`,
		"AC8*":   `no rule matches "AC8*"`,
		"AC[":    `bad rule pattern "AC["`,
		"xyzzy":  `unknown rule "xyzzy"`,
	} {
		if _, err := Select(sel); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %s", sel, err, want)
		}
	}
}
