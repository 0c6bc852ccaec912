package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/aclcheck/aclcheck/category"

	"github.com/alecthomas/kong"
)

// buildInfo is what the binary knows of its own build.
type buildInfo struct {
	Module   string // module path
	Version  string // module version: v1.2.3, a pseudo-version, or "(devel)"
	Revision string // VCS revision, "" when not stamped
	Time     string // VCS commit time
	Modified bool   // the working tree had local changes
	Go       string // Go version
}

// readBuildInfo returns the build information of the running binary.
func readBuildInfo() buildInfo {
	b := buildInfo{Module: "github.com/aclcheck/aclcheck", Version: "(devel)", Go: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return b
	}
	if info.Main.Path != "" {
		b.Module = info.Main.Path
	}
	if info.Main.Version != "" {
		b.Version = info.Main.Version
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Revision = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}

// short returns the version for a tool's version field (SARIF's driver
// version): the module version, with the VCS revision when the module has
// no version of its own.
func (b buildInfo) short() string {
	v := b.Version
	if v == "(devel)" {
		v = "devel"
		if b.Revision != "" {
			v += "+" + shortRev(b.Revision)
			if b.Modified {
				v += ".dirty"
			}
		}
	}
	return v
}

func shortRev(r string) string {
	if len(r) > 12 {
		return r[:12]
	}
	return r
}

// write prints the version report: the first line names the program and
// its version, then the build and the built-in engine tables.
func (b buildInfo) write(w io.Writer) {
	fmt.Fprintf(w, "aclcheck %s\n", b.short())
	fmt.Fprintf(w, "module:   %s %s\n", b.Module, b.Version)
	rev := "unknown (built without VCS stamping)"
	if b.Revision != "" {
		rev = b.Revision
		if b.Time != "" {
			rev += " " + b.Time
		}
		if b.Modified {
			rev += " (modified)"
		}
	}
	fmt.Fprintf(w, "revision: %s\n", rev)
	fmt.Fprintf(w, "go:       %s %s/%s\n", b.Go, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "engines:  %s\n", strings.Join(category.Engines(), " "))
}

// versionFlag is --version: it prints the version report and exits 0.
type versionFlag bool

// BeforeReset runs before the defaults are applied, as kong's own help flag.
func (versionFlag) BeforeReset(app *kong.Kong) error {
	readBuildInfo().write(app.Stdout)
	app.Exit(exitOK)
	return nil
}

// versionCmd is "aclcheck version".
type versionCmd struct{}

func (c *versionCmd) Help() string {
	return `Prints the module version and VCS revision the binary was built from, the Go
version, and the engines whose command tables are built in. "aclcheck
--version" prints the same.`
}

func (c *versionCmd) Run(e *env) error {
	readBuildInfo().write(e.stdout)
	return nil
}
