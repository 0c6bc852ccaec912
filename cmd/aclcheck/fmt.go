package main

type fmtCmd struct{}

func (c *fmtCmd) Run(e *env) error { return notYet("fmt") }
