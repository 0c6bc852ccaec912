package main

type lintCmd struct{}

func (c *lintCmd) Run(e *env) error { return notYet("lint") }
