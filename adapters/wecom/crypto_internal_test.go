package wecom

import (
	"strings"
	"testing"

	sdkutil "github.com/silenceper/wechat/v2/util"
)

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

// TestCrypterOpensTheSDKsMessages opens callbacks sealed and signed by
// the WeCom SDK the issue names (silenceper/wechat's util package), a
// second implementation beside the fake's: a long body with Chinese text,
// so padding past one block and multi-byte text are covered.
func TestCrypterOpensTheSDKsMessages(t *testing.T) {
	const token, aesKey, corpID = "FakeToken42", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "wwfakecorp0001"
	c, err := newCrypter(token, aesKey, corpID)
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []string{"x", strings.Repeat("<xml><Content>请假 3 天, sick leave</Content></xml>", 9)} {
		sealed, err := sdkutil.EncryptMsg([]byte("0123456789abcdef"), []byte(msg), corpID, aesKey)
		if err != nil {
			t.Fatal(err)
		}
		sig := sdkutil.Signature(token, "1409659589", "263014780", string(sealed)) // sorts its arguments, as WeCom signs
		if !c.verify(sig, "1409659589", "263014780", string(sealed)) {
			t.Errorf("the SDK's signature of a %d-byte message not verified", len(msg))
		}
		got, err := c.decrypt(string(sealed))
		if err != nil || string(got) != msg {
			t.Errorf("decrypt the SDK's %d-byte message = %q, %v", len(msg), got, err)
		}
		// And a message sealed for another company is refused.
		other, _ := sdkutil.EncryptMsg([]byte("0123456789abcdef"), []byte(msg), "wwanothercorp", aesKey)
		if _, err := c.decrypt(string(other)); err == nil {
			t.Error("opened a message sealed for another company")
		}
	}
}
