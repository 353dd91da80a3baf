package wecomfake

import "testing"

// TestSignDocumentedSample signs the URL-verification sample of WeCom's
// callback documentation as WeCom did.
func TestSignDocumentedSample(t *testing.T) {
	s := &Server{App: App{CorpID: "wx5823bf96d3bd56c7", Token: "QDG6eK", AESKey: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"}}
	const echo = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	if got := s.Sign("1409659589", "263014780", echo); got != "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3" {
		t.Errorf("Sign = %s", got)
	}
	if len(s.Encrypt([]byte("1616140317555161061"))) != len(echo) {
		t.Error("Encrypt's output is not the documented sample's length")
	}
}
