package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aclcheck/aclcheck/category"
	"github.com/aclcheck/aclcheck/internal/redistest"
)

type tableCmd struct {
	Dump tableDumpCmd `cmd:"" help:"Write a server's engine and COMMAND INFO as JSON, for --table."`
}

type tableDumpCmd struct {
	Redis string `required:"" placeholder:"ADDR" help:"Server: unix:///path/to/redis.sock, redis://host:port or host:port."`
	outputFlag
}

func (c *tableDumpCmd) Help() string {
	return `Writes the server's engine (from INFO server) and COMMAND INFO as JSON:
{"engine": "redis-7.0.15", "command_info": [...]}. Pass the file to --table so
that checks use exactly your server's commands, arities, categories and key
specs, and answer in its engine's ACL dialect. --engine with --table must name
the dumped engine (or be left out).

Example:
  aclcheck table dump --redis unix:///tmp/redis.sock -o mytable.json
  aclcheck check --table mytable.json 'on ~app:* +@read' -- GET app:1`
}

func (c *tableDumpCmd) Run(e *env) error {
	s, err := redistest.Dial(c.Redis)
	if err != nil {
		return &exitError{exitUsage, err}
	}
	defer s.Close()
	engine, err := s.InfoEngine()
	if err != nil {
		return &exitError{exitUsage, err}
	}
	info, err := s.Client.Do(context.Background(), "COMMAND", "INFO").Result()
	if err != nil {
		return &exitError{exitUsage, fmt.Errorf("COMMAND INFO: %w", err)}
	}
	ci, err := json.Marshal(info)
	if err != nil {
		return err
	}
	data, err := json.Marshal(category.Dump{Engine: engine, CommandInfo: ci})
	if err != nil {
		return err
	}
	if _, err := category.Load(bytesReader(data)); err != nil { // refuse to write what --table cannot read
		return &exitError{exitUsage, fmt.Errorf("the server's COMMAND INFO does not load: %w", err)}
	}
	return e.writeOutput(c.Output, append(data, '\n'))
}
