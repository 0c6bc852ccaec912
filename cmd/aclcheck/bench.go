package main

type benchCmd struct{}

func (c *benchCmd) Run(e *env) error { return notYet("bench") }
