package sealed

import (
	"bytes"
	"errors"
	"testing"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	k, err := NewKey(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	s, err := k.Seal("6222 0212 3456 7890", []byte("employee:1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(s, []byte("7890")) {
		t.Fatal("the account shows through")
	}
	if got, err := k.Open(s, []byte("employee:1")); err != nil || got != "6222 0212 3456 7890" {
		t.Fatalf("open: %q %v", got, err)
	}
	if _, err := k.Open(s, []byte("employee:2")); err == nil {
		t.Error("opened in another row's context")
	}
	s[len(s)-1] ^= 1
	if _, err := k.Open(s, []byte("employee:1")); err == nil {
		t.Error("opened a tampered value")
	}
	var none *Key
	if _, err := none.Seal("x", nil); !errors.Is(err, ErrNoKey) {
		t.Errorf("no key: %v", err)
	}
	if _, err := NewKey([]byte("short")); err == nil {
		t.Error("short key accepted")
	}
	if Mask(Last4("6222 0212 3456 7890")) != "•••• 7890" {
		t.Error(Mask(Last4("6222 0212 3456 7890")))
	}
}
