package main

type importCmd struct{}

func (c *importCmd) Run(e *env) error { return notYet("import") }
