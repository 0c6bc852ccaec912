package main

type checkCmd struct{}

func (c *checkCmd) Run(e *env) error { return notYet("check") }
