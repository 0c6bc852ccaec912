package lossless

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestBase64(t *testing.T) {
	// Only what is not UTF-8 has a base64.
	want := map[string]string{"": "", "k": "", "kÿ": "", "k\xff": "a/8=", "\xc3": "ww=="}
	for in, w := range want {
		if got := Base64(in); got != w {
			t.Errorf("Base64(%q) = %q, want %q", in, got, w)
		}
	}
	if got := Base64s([]string{"GET", "kÿ"}); got != nil {
		t.Errorf("Base64s of UTF-8 = %q, want nil", got)
	}
	argv := []string{"GET", "k\xff", ""}
	got := Base64s(argv)
	if want := []string{"R0VU", "a/8=", ""}; !reflect.DeepEqual(got, want) {
		t.Errorf("Base64s(%q) = %q, want %q", argv, got, want)
	}
	back, err := Decode(got)
	if err != nil || !reflect.DeepEqual(back, argv) {
		t.Errorf("Decode(%q) = %q, %v; want %q", got, back, err, argv)
	}
	if _, err := Decode([]string{"!"}); err == nil {
		t.Error("Decode(!) succeeds")
	}
}

type withMethod struct{ A string }

func (w withMethod) MarshalJSON() ([]byte, error) { return []byte(`{"a":"<&>"}`), nil }

func TestObject(t *testing.T) {
	got, err := Marshal(Object{struct {
		X int `json:"x"`
	}{1}, struct{}{}, withMethod{}, map[string]string{"h": "<&>"}})
	if want := `{"x":1,"a":"<&>","h":"<&>"}`; err != nil || string(got) != want {
		t.Errorf("Object = %s, %v; want %s", got, err, want)
	}
	if _, err := json.Marshal(Object{[]int{1}}); err == nil {
		t.Error("Object of a list succeeds")
	}
}
