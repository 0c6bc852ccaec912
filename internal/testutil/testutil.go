// Package testutil is a test aid of every step: the helpers that the tests
// of several packages share (a command table, a compiled user).
package testutil

import (
	"testing"

	"github.com/aclcheck/aclcheck/acl"
	"github.com/aclcheck/aclcheck/category"
)

// Table returns the embedded command table of engine ("redis-7.0",
// "valkey-8.0", …), failing t when there is none.
func Table(t testing.TB, engine string) *category.Table {
	t.Helper()
	tb, err := category.ForEngine(engine)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// User compiles access for engine as a user named "u", failing t when the
// table or the access string is rejected.
func User(t testing.TB, engine, access string) *acl.User {
	t.Helper()
	u, err := acl.NewUser("u", Table(t, engine)).SetUser(access)
	if err != nil {
		t.Fatalf("%q: %v", access, err)
	}
	return u
}
