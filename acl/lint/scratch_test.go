package lint

import (
	"fmt"
	"os"
	"testing"
)

func TestScratch(t *testing.T) {
	tg, err := NewTarget(os.Getenv("SVC"), os.Getenv("ENG"))
	if err != nil {
		t.Fatal(err)
	}
	ds, _ := Validate(os.Getenv("S"), tg)
	for _, d := range ds {
		fmt.Println(d.String(), "|", d.Detail)
	}
}
