package wecom

import "testing"

// TestCrypterDocumentedSample opens the URL-verification sample of WeCom's
// callback documentation (加解密库 sample), so the fake and hrbot cannot
// agree on a scheme that is not WeCom's.
func TestCrypterDocumentedSample(t *testing.T) {
	c, err := newCrypter("QDG6eK", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C", "wx5823bf96d3bd56c7")
	if err != nil {
		t.Fatal(err)
	}
	const echo = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	if !c.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", echo) {
		t.Error("documented signature not verified")
	}
	if c.verify("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd4", "1409659589", "263014780", echo) {
		t.Error("wrong signature verified")
	}
	got, err := c.decrypt(echo)
	if err != nil || string(got) != "1616140317555161061" {
		t.Errorf("decrypt = %q, %v", got, err)
	}
}
