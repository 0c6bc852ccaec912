package acl

import (
	"reflect"
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/aclcheck/aclcheck/internal/ascii"
)

// The participle grammar of an access string, over the tokens of words.go.
// Each rule form is one production (a small struct below) whose build
// method makes its AST node; the forms a rule may take are a union, tried
// in order. A malformed argument that still belongs to a family (a key rule
// "%X~a", a hash "#abc") has a production of its own, so that it keeps its
// node and Redis's reason; any other argument is a BadForm, a syntax error.
//
// The grammar decides the form of each argument from its token types
// alone, so formOf runs the parser once per sequence of types and caches
// the decision; see formOf.

// grammar is an access string: the user's rules in order.
type grammar struct {
	Rules []userRule `parser:"@@*"`
}

// A userRule is a rule ACL SETUSER takes: a selector rule, a user flag, a
// password or a selector.
type userRule interface{ form }

// A selectorRule is a rule a selector takes (ACLSetSelector).
type selectorRule interface{ form }

// A form is a rule form: it builds the node of an argument from the
// argument's tokens.
type form interface {
	build(b *builder, tokens []lexer.Token) Rule
}

// selectorForm is "( rules )", merged and split by words.go. A body with a
// quoting error (Broken) has no rules: Redis then creates an empty
// selector.
type selectorForm struct {
	Lparen lexer.Token    `parser:"@Lparen"`
	Broken bool           `parser:"@Broken?"`
	Rules  []selectorRule `parser:"@@*"`
	Rparen lexer.Token    `parser:"@Rparen"`
}

// The rule forms. The parser fills Tokens when it runs (see formOf); build
// is given the argument's tokens: the first is where the argument starts,
// and the last, End, holds the argument and where it ends.

// commandForm is +cmd or -cmd, with a subcommand or first argument after
// the last '|' (Pipe).
type commandForm struct {
	Tokens []lexer.Token `parser:"Sign Text (Pipe Text)? End"`
}

// categoryForm is +@category or -@category.
type categoryForm struct {
	Tokens []lexer.Token `parser:"AtSign Text End"`
}

// flagForm is a keyword of a selector: allkeys, resetkeys, allchannels,
// resetchannels, allcommands, nocommands, alldbs, resetdbs, and the
// symbolic ~*, &*, +@all and -@all.
type flagForm struct {
	Tokens []lexer.Token `parser:"Flag End"`
}

// keyForm is ~pattern.
type keyForm struct {
	Tokens []lexer.Token `parser:"Tilde Text End"`
}

// channelForm is &pattern.
type channelForm struct {
	Tokens []lexer.Token `parser:"Amp Text End"`
}

// userFlagForm is a keyword of the user: on, off, nopass, resetpass,
// skip-sanitize-payload, sanitize-payload, clearselectors, reset.
type userFlagForm struct {
	Tokens []lexer.Token `parser:"UserFlag End"`
}

// passwordForm is >password, <password, #hash or !hash.
type passwordForm struct {
	Tokens []lexer.Token `parser:"( PassOp Text | HashOp Hash ) End"`
}

// permKeyForm is %R~, %W~ or %RW~ (in either order, each letter once) and a
// pattern; %R, %W and %RW alone grant an empty pattern.
type permKeyForm struct {
	Tokens []lexer.Token `parser:"Percent ( R W? | W R? ) ( Tilde Text )? End"`
}

// dbForm is Valkey 9.1's db=ID[,ID...].
type dbForm struct {
	Tokens []lexer.Token `parser:"DB Text End"`
}

// badChannelForm is a channel pattern with whitespace or NUL.
type badChannelForm struct {
	Tokens []lexer.Token `parser:"Amp Spaced End"`
}

// badKeyForm is any other ~ or % rule.
type badKeyForm struct {
	Tokens []lexer.Token `parser:"( Tilde | Percent ) (!(End | Rparen))* End"`
}

// badHashForm is # or ! with anything but a hash.
type badHashForm struct {
	Tokens []lexer.Token `parser:"HashOp (!(End | Rparen))* End"`
}

// badForm is an argument no other production takes: a syntax error.
type badForm struct {
	Tokens []lexer.Token `parser:"(!(End | Rparen))* End"`
}

var parser = participle.MustBuild[grammar](
	participle.Lexer(ruleLexer(tokenSymbols)),
	// The forms in the order they are tried: the malformed ones after the
	// forms they would also take, badForm last.
	participle.Union[userRule](&selectorForm{}, &userFlagForm{}, &passwordForm{},
		&flagForm{}, &commandForm{}, &categoryForm{}, &keyForm{}, &permKeyForm{}, &channelForm{}, &dbForm{},
		&badHashForm{}, &badChannelForm{}, &badKeyForm{}, &badForm{}),
	participle.Union[selectorRule](&flagForm{}, &commandForm{}, &categoryForm{}, &keyForm{}, &permKeyForm{},
		&channelForm{}, &dbForm{}, &badChannelForm{}, &badKeyForm{}, &badForm{}),
	participle.UseLookahead(8), // the most tokens of an argument: % R W ~ Text End
)

// Grammar returns the EBNF of the rule grammar. Its terminals are the
// tokens of an argument (words.go): its leading syntax (<tilde> ~,
// <percent> %, <r> and <w> the letters after %, <amp> &, <sign> + or -,
// <atsign> +@ or -@, <pipe> the last | of a command, <passop> > or <,
// <hashop> # or !, <db> db=), or a whole keyword (<flag>, <userflag>) or
// other word (<bare>); then the rest (<text>, <spaced> for a pattern with
// whitespace or NUL, <hash> for 64 lowercase hex digits) and <end>. A
// selector is <lparen>, <broken> if its body has a quoting error, its
// arguments, and <rparen>:
//
//	Grammar = UserRule* .
//	UserRule = SelectorForm | UserFlagForm | PasswordForm | FlagForm | CommandForm | CategoryForm | KeyForm | PermKeyForm | ChannelForm | DbForm | BadHashForm | BadChannelForm | BadKeyForm | BadForm .
//	SelectorForm = <lparen> <broken>? SelectorRule* <rparen> .
//	SelectorRule = FlagForm | CommandForm | CategoryForm | KeyForm | PermKeyForm | ChannelForm | DbForm | BadChannelForm | BadKeyForm | BadForm .
//	FlagForm = <flag> <end> .
//	CommandForm = <sign> <text> (<pipe> <text>)? <end> .
//	CategoryForm = <atsign> <text> <end> .
//	KeyForm = <tilde> <text> <end> .
//	PermKeyForm = <percent> ((<r> <w>?) | (<w> <r>?)) (<tilde> <text>)? <end> .
//	ChannelForm = <amp> <text> <end> .
//	DbForm = <db> <text> <end> .
//	BadChannelForm = <amp> <spaced> <end> .
//	BadKeyForm = (<tilde> | <percent>) ~(<end> | <rparen>)* <end> .
//	BadForm = ~(<end> | <rparen>)* <end> .
//	UserFlagForm = <userflag> <end> .
//	PasswordForm = ((<passop> <text>) | (<hashop> <hash>)) <end> .
//	BadHashForm = <hashop> ~(<end> | <rparen>)* <end> .
func Grammar() string { return parser.String() }

// builder builds AST nodes from the forms of the arguments and collects
// their errors.
type builder struct {
	errs ErrorList
}

// rules builds the rules of tokens, the arguments of an access string or
// (inSelector) of a selector body, each decided by the grammar.
func (b *builder) rules(tokens []lexer.Token, inSelector bool) []Rule {
	n, inBody := 0, false
	for _, t := range tokens {
		switch t.Type {
		case tokLparen:
			n, inBody = n+1, true
		case tokRparen:
			inBody = false
		case tokEnd:
			if !inBody {
				n++
			}
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Rule, 0, n)
	for len(tokens) > 0 {
		end := 0
		var f form
		if tokens[0].Type == tokLparen {
			// A selector: the grammar decides its shape here, and the
			// forms of its body's arguments as they are built.
			for tokens[end].Type != tokRparen {
				end++
			}
			shape := [3]lexer.Token{tokens[0], tokens[1], tokens[end]}
			if tokens[1].Type != tokBroken {
				shape[1] = tokens[end]
				f = formOf(shape[:2], false)
			} else {
				f = formOf(shape[:3], false)
			}
		} else {
			for tokens[end].Type != tokEnd {
				end++
			}
			f = formOf(tokens[:end+1], inSelector)
		}
		out = append(out, f.build(b, tokens[:end+1]))
		tokens = tokens[end+1:]
	}
	return out
}

// forms caches the grammar's decisions. The form of an argument depends
// only on its token types, so the parser runs once for each sequence of
// types (a lazily built automaton, as a regexp engine caches DFA states);
// there are few such sequences, and longer ones than maxCached are not
// cached.
var forms struct {
	sync.RWMutex
	m map[string]form
}

const maxCached = 15

// formOf returns the rule form of an argument's tokens, as the grammar
// decides it: a userRule, or (inSelector) a selectorRule.
func formOf(tokens []lexer.Token, inSelector bool) form {
	var key [maxCached + 1]byte
	if len(tokens) <= maxCached {
		key[0] = 'u'
		if inSelector {
			key[0] = 's'
		}
		for i, t := range tokens {
			key[i+1] = byte(-t.Type)
		}
		k := key[:len(tokens)+1]
		forms.RLock()
		f, ok := forms.m[string(k)]
		forms.RUnlock()
		if ok {
			return f
		}
		f = parseForm(tokens, inSelector)
		forms.Lock()
		if forms.m == nil {
			forms.m = map[string]form{}
		}
		forms.m[string(k)] = f
		forms.Unlock()
		return f
	}
	return parseForm(tokens, inSelector)
}

// parseForm runs the grammar on one argument, inside a selector if
// inSelector, and returns its form.
func parseForm(toks []lexer.Token, inSelector bool) form {
	stream := make([]lexer.Token, 0, len(toks)+2)
	if inSelector {
		stream = append(stream, lexer.Token{Type: tokLparen})
	}
	stream = append(stream, toks...)
	if inSelector {
		stream = append(stream, lexer.Token{Type: tokRparen})
	}
	pl, err := lexer.Upgrade(&tokens{list: stream})
	var g *grammar
	if err == nil {
		g, err = parser.ParseFromLexer(pl)
	}
	var f form
	switch {
	case err != nil || len(g.Rules) != 1:
	case !inSelector:
		f = g.Rules[0]
	default:
		if sel, ok := g.Rules[0].(*selectorForm); ok && len(sel.Rules) == 1 {
			f = sel.Rules[0]
		}
	}
	if f == nil {
		// Not reached: badForm takes any argument. Fail closed.
		f = &badForm{}
	}
	// The form, not the node: the tokens it holds may hold a password.
	return reflect.New(reflect.TypeOf(f).Elem()).Interface().(form)
}

// fail records the syntax error reason of rule n.
func (b *builder) fail(n Rule, reason error, detail string) *Error {
	e := ruleError(n, reason, detail)
	b.errs = append(b.errs, e)
	return e
}

// argOf returns where the argument of tokens starts and ends, and its text.
func argOf(tokens []lexer.Token) (start, end Pos, w string) {
	last := tokens[len(tokens)-1]
	return Pos(tokens[0].Pos), Pos(last.Pos), last.Value
}

// build builds the selector of tokens, Lparen to Rparen.
func (*selectorForm) build(b *builder, tokens []lexer.Token) Rule {
	open, close := tokens[0], tokens[len(tokens)-1]
	n := &Selector{Start: Pos(open.Pos), Word: open.Value, Lparen: Pos(open.Pos), Rparen: Pos(close.Pos)}
	n.End = n.Rparen.advance(")")
	body := tokens[1 : len(tokens)-1]
	if len(body) > 0 && body[0].Type == tokBroken {
		n.QuoteError, body = true, body[1:]
	}
	before := len(b.errs)
	n.Rules = b.rules(body, true)
	for _, e := range b.errs[before:] {
		e.Modifier = n.Word // Redis names the whole selector
	}
	return n
}

func (*userFlagForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &Keyword{Start: start, End: end, Word: w, Kind: keyword(keywords, ascii.CString(w))}
}

func (*flagForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &Keyword{Start: start, End: end, Word: w, Kind: keyword(keywords, ascii.CString(w))}
}

// keywords maps the keywords' spellings to their kinds.
var keywords = func() map[string]KeywordKind {
	m := map[string]KeywordKind{}
	for k := On; int(k) < len(keywordNames); k++ {
		m[k.String()] = k
	}
	m["~*"], m["&*"], m["+@all"], m["-@all"] = AllKeys, AllChannels, AllCommands, NoCommands
	return m
}()

// keyword looks t up case-insensitively (as strcasecmp) without allocating
// for the short words keywords are.
func keyword(m map[string]KeywordKind, t string) KeywordKind {
	if len(t) > len("skip-sanitize-payload") {
		return BadKeyword
	}
	var buf [24]byte
	b := buf[:len(t)]
	for i := 0; i < len(t); i++ {
		b[i] = ascii.Lower(t[i])
	}
	return m[string(b)]
}

func (*passwordForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &Password{Start: start, End: end, Word: w, Op: PasswordOp(w[0])}
}

func (*badHashForm) build(b *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &Password{Start: start, End: end, Word: w, Op: PasswordOp(w[0])}
	n.err = b.fail(n, ErrBadHash, "")
	return n
}

func (*keyForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &KeyPattern{Start: start, End: end, Word: w, Perm: PermRW, Pattern: tokens[1].Value}
	n.glob.Set(n.Pattern)
	return n
}

func (*permKeyForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &KeyPattern{Start: start, End: end, Word: w}
	for _, t := range tokens[1 : len(tokens)-1] {
		switch t.Type {
		case tokText:
			n.Pattern = t.Value
		case tokR:
			n.Perm |= PermRead
		case tokW:
			n.Perm |= PermWrite
		}
	}
	n.glob.Set(n.Pattern)
	return n
}

func (*badKeyForm) build(b *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &KeyPattern{Start: start, End: end, Word: w}
	n.glob.Set("")
	var detail string
	if w == "%" || w[0] == '%' && w[1] == '~' {
		// Patched servers reject a bare % (CVE-2024-51741); unpatched
		// 7.2.6 accepts it and crashes on the next ACL LIST.
		detail = "a % key rule must name R, W or both before the ~"
	}
	n.err = b.fail(n, ErrSyntax, detail)
	return n
}

func (*channelForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &ChannelPattern{Start: start, End: end, Word: w, Pattern: tokens[1].Value}
}

func (*badChannelForm) build(b *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &ChannelPattern{Start: start, End: end, Word: w, Pattern: tokens[1].Value}
	n.err = b.fail(n, ErrSyntax, "")
	return n
}

func (*commandForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &CommandRule{Start: start, End: end, Word: w, Allow: w[0] == '+', Name: ascii.CString(w)[1:], Base: tokens[1].Value}
	if len(tokens) == 5 { // Sign Text '|' Text End
		n.Arg, n.HasArg = tokens[3].Value, true
	}
	return n
}

func (*categoryForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &CategoryRule{Start: start, End: end, Word: w, Allow: w[0] == '+', Name: tokens[1].Value}
}

func (*dbForm) build(_ *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	return &DBRule{Start: start, End: end, Word: w, IDs: tokens[1].Value}
}

func (*badForm) build(b *builder, tokens []lexer.Token) Rule {
	start, end, w := argOf(tokens)
	n := &BadRule{Start: start, End: end, Word: w}
	n.Err = b.fail(n, ErrSyntax, "")
	return n
}
