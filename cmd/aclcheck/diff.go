package main

type diffCmd struct{}

func (c *diffCmd) Run(e *env) error { return notYet("diff") }
