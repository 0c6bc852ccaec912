package glob

// KindOf returns the name of the strategy Compile chose for p.
func KindOf(p *Pattern) string { return p.kind.String() }
