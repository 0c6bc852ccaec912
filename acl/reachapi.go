package acl

import "github.com/aclcheck/aclcheck/category"

// KeyNeed returns the permissions a key with the key-spec flags f needs:
// R for an access flag, W for insert, delete or update, none otherwise
// (such keys pass any pattern that matches them).
func KeyNeed(f category.KeyFlag) Perm { return need(f) }

// ChannelArgs returns the argv range of a command line of c with argc
// arguments that holds channels checked by ACLs (empty when last < first),
// and whether they are patterns, which must equal a channel rule literally
// (PSUBSCRIBE). Only PUBLISH, SPUBLISH, SUBSCRIBE, SSUBSCRIBE and
// PSUBSCRIBE are checked.
func ChannelArgs(c *category.Command, argc int) (first, last int, pattern bool) {
	return channelArgs(c, argc)
}
