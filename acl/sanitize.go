package acl

// Sanitize is a user's RESTORE payload flag.
type Sanitize uint8

const (
	// SanitizeDefault is neither flag: the server's sanitize-dump-payload
	// setting decides. Only the Redis 7.0 dialect leaves a user so.
	SanitizeDefault Sanitize = iota
	SanitizeOn               // sanitize-payload
	SanitizeSkip             // skip-sanitize-payload
)

// String returns the flag as ACL LIST prints it: "sanitize-payload",
// "skip-sanitize-payload", or "" for SanitizeDefault.
func (s Sanitize) String() string {
	switch s {
	case SanitizeOn:
		return "sanitize-payload"
	case SanitizeSkip:
		return "skip-sanitize-payload"
	}
	return ""
}

// MarshalText encodes the flag as String does.
func (s Sanitize) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Sanitize returns the user's RESTORE payload flag.
func (u *User) Sanitize() Sanitize {
	switch u.sanitize {
	case sanitizePayload:
		return SanitizeOn
	case skipSanitizePayload:
		return SanitizeSkip
	}
	return SanitizeDefault
}
