package acl

import "errors"

// ErrWrongPass is AUTH's refusal, with the server's text (after the
// "WRONGPASS " prefix of the reply).
var ErrWrongPass = errors.New("invalid username-password pair or user is disabled.")

// Lookup returns the user named name that the file loaded, or nil. When
// the file does not define the default user, the server keeps its built-in
// one (on nopass ~* &* +@all), and so does Lookup. A file with errors
// loads nobody.
func (r *FileResult) Lookup(name string) *User {
	if len(r.Errors) > 0 || r.Crash {
		return nil
	}
	for _, u := range r.Users {
		if u.name == name {
			return u
		}
	}
	if name == "default" {
		return r.builtin
	}
	return nil
}

// Authenticate logs in as AUTH name password does against the users the
// file loaded: the user, or [ErrWrongPass] for an unknown user, a user
// that is off, or a wrong password (see [User.Authenticate]).
func (r *FileResult) Authenticate(name, password string) (*User, error) {
	u := r.Lookup(name)
	if u == nil || !u.Authenticate(password) {
		return nil, ErrWrongPass
	}
	return u, nil
}
