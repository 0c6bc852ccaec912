package main

type explainCmd struct {
	checkCmd
}

func (c *explainCmd) Help() string {
	return `Explains which selector and which rule allow or deny a command line, and why
each key and channel passed or failed. Same as check --explain.

Examples:
  aclcheck explain 'on %R~app:* +@all (~tmp:* +set)' -- SET app:1 x
  aclcheck explain --format json 'on ~app:* +@read' -- MGET app:1 other`
}

func (c *explainCmd) Run(e *env) error {
	c.Explain = true
	return c.checkCmd.Run(e)
}
