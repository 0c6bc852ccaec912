package main

type fuzzCmd struct{}

func (c *fuzzCmd) Run(e *env) error { return notYet("fuzz") }
