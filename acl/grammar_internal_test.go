package acl

import (
	"fmt"
	"go/ast"
	goparser "go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"
)

// The grammar decides each argument's form, at the top level and in a
// selector body; formOf's cached decision is the parser's.
func TestGrammarForms(t *testing.T) {
	tests := []struct{ arg, user, selector string }{
		{"on", "userFlagForm", "badForm"},
		{"RESET", "userFlagForm", "badForm"},
		{">pw", "passwordForm", "badForm"},
		{"#" + strings.Repeat("a", 64), "passwordForm", "badForm"},
		{"#abc", "badHashForm", "badForm"},
		{"allkeys", "flagForm", "flagForm"},
		{"~*", "flagForm", "flagForm"},
		{"+@ALL", "flagForm", "flagForm"},
		{"+get", "commandForm", "commandForm"},
		{"-", "commandForm", "commandForm"},
		{"+config|get", "commandForm", "commandForm"},
		{"+@read", "categoryForm", "categoryForm"},
		{"~a", "keyForm", "keyForm"},
		{"~", "keyForm", "keyForm"},
		{"%RW~a", "permKeyForm", "permKeyForm"},
		{"%wr", "permKeyForm", "permKeyForm"},
		{"%RR~a", "badKeyForm", "badKeyForm"},
		{"%RWR~a", "badKeyForm", "badKeyForm"},
		{"%~a", "badKeyForm", "badKeyForm"},
		{"%Rx", "badKeyForm", "badKeyForm"},
		{"&c", "channelForm", "channelForm"},
		{"db=0", "dbForm", "dbForm"},
		{"db=", "badForm", "badForm"},
		{"foo", "badForm", "badForm"},
		{"", "badForm", "badForm"},
		{"(x", "badForm", "badForm"},
	}
	name := func(f form) string { return strings.TrimPrefix(fmt.Sprintf("%T", f), "*acl.") }
	for _, tt := range tests {
		var l tokens
		l.arg(tt.arg, Pos{}, Pos{})
		for _, inSel := range []bool{false, true} {
			want := tt.user
			if inSel {
				want = tt.selector
			}
			assert.Equal(t, want, name(parseForm(l.list, inSel)), "%q in selector %v", tt.arg, inSel)
			assert.Equal(t, want, name(formOf(l.list, inSel)), "%q in selector %v, cached", tt.arg, inSel)
		}
	}
	for _, sel := range [][]lexer.Token{
		{{Type: tokLparen}, {Type: tokRparen}},
		{{Type: tokLparen}, {Type: tokBroken}, {Type: tokRparen}},
	} {
		assert.Equal(t, "selectorForm", name(parseForm(sel, false)))
	}
}

// TestGrammarDoc checks that Grammar's doc comment shows the grammar it
// returns, so that go doc prints the language's current EBNF.
func TestGrammarDoc(t *testing.T) {
	f, err := goparser.ParseFile(token.NewFileSet(), "grammar.go", nil, goparser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "Grammar" {
			var block []string
			for _, c := range fd.Doc.List {
				if line, ok := strings.CutPrefix(c.Text, "//\t"); ok {
					block = append(block, line)
				}
			}
			assert.Equal(t, strings.TrimSpace(Grammar()), strings.Join(block, "\n"))
			return
		}
	}
	t.Fatal("no func Grammar in grammar.go")
}
