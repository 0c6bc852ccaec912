// Package conformance is a test aid of acl's steps: it reads recorded oracle
// corpora (JSON Lines of ACL SETUSER, ACL LIST and ACL DRYRUN replies of
// real servers) and replays them through the acl package, counting agreement
// per aspect.
package conformance

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/aclcheck/aclcheck/category"
)

// Case is one line of a corpus: an access string applied to a new user, and
// the server's replies.
type Case struct {
	// Line is the case's line number in its file, from 1.
	Line    int      `json:"-"`
	Engine  string   `json:"engine"`
	User    string   `json:"user"`
	Access  string   `json:"access"`
	SetUser string   `json:"setuser"`
	ACLList string   `json:"acl_list,omitempty"`
	DryRun  []DryRun `json:"dryrun,omitempty"`
}

// DryRun is one ACL DRYRUN probe and its reply.
type DryRun struct {
	Argv  []string `json:"argv"`
	Reply string   `json:"reply"`
}

// Profile maps a server version such as "redis-7.2.6" to the command table
// profile that stands for it ("redis-7.2").
func Profile(engine string) string {
	if e, err := category.ParseEngine(engine); err == nil {
		return e.String()
	}
	return engine
}

// Read calls fn for every case of r, a corpus in JSON Lines, gzipped or not.
func Read(r io.Reader, fn func(Case) error) error {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("conformance: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		var c Case
		if err := json.Unmarshal(text, &c); err != nil {
			return fmt.Errorf("conformance: line %d: %w", line, err)
		}
		c.Line = line
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("conformance: %w", err)
	}
	return nil
}

// ReadFile reads all cases of a corpus file.
func ReadFile(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []Case
	err = Read(f, func(c Case) error { cases = append(cases, c); return nil })
	return cases, err
}

// Write writes cases as JSON Lines.
func Write(w io.Writer, cases []Case) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}
