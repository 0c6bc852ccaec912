package main

type explainCmd struct{}

func (c *explainCmd) Run(e *env) error { return notYet("explain") }
