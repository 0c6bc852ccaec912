package main

type tableCmd struct{}

func (c *tableCmd) Run(e *env) error { return notYet("table") }
