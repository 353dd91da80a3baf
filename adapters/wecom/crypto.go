package wecom

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"sort"
	"strings"
)

// crypter checks and opens WeCom's callbacks, following WeCom's documented
// scheme (加解密方案): msg_signature is the SHA-1 of the sorted token,
// timestamp, nonce and ciphertext; the ciphertext is AES-256-CBC under the
// EncodingAESKey (IV its first 16 bytes) of random(16) + length(4, big
// endian) + message + corp id, PKCS#7-padded to 32.
type crypter struct {
	token  string
	key    []byte
	corpID string
}

func newCrypter(token, aesKey, corpID string) (*crypter, error) {
	key, err := base64.StdEncoding.DecodeString(aesKey + "=")
	if err != nil || len(key) != 32 {
		return nil, errors.New("wecom: the EncodingAESKey is not 43 characters of base64")
	}
	if token == "" || corpID == "" {
		return nil, errors.New("wecom: token and corp id are required")
	}
	return &crypter{token: token, key: key, corpID: corpID}, nil
}

// verify reports whether sig signs the callback.
func (c *crypter) verify(sig, timestamp, nonce, encrypted string) bool {
	parts := []string{c.token, timestamp, nonce, encrypted}
	sort.Strings(parts)
	sum := sha1.Sum([]byte(strings.Join(parts, "")))
	want := hex.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(want), []byte(strings.ToLower(sig))) == 1
}

var errCiphertext = errors.New("wecom: callback does not decrypt")

// decrypt opens a callback's ciphertext and checks that it is for our
// company.
func (c *crypter) decrypt(encrypted string) ([]byte, error) {
	raw, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil || len(raw) == 0 || len(raw)%aes.BlockSize != 0 {
		return nil, errCiphertext
	}
	block, err := aes.NewCipher(c.key)
	if err != nil {
		return nil, err
	}
	plain := make([]byte, len(raw))
	cipher.NewCBCDecrypter(block, c.key[:16]).CryptBlocks(plain, raw)
	pad := int(plain[len(plain)-1])
	if pad < 1 || pad > 32 || pad > len(plain) {
		return nil, errCiphertext
	}
	for _, b := range plain[len(plain)-pad:] {
		if int(b) != pad {
			return nil, errCiphertext
		}
	}
	plain = plain[:len(plain)-pad]
	if len(plain) < 20 {
		return nil, errCiphertext
	}
	n := binary.BigEndian.Uint32(plain[16:20])
	if uint64(n) > uint64(len(plain)-20) {
		return nil, errCiphertext
	}
	msg, corp := plain[20:20+n], plain[20+n:]
	if subtle.ConstantTimeCompare(corp, []byte(c.corpID)) != 1 {
		return nil, errors.New("wecom: callback is for another company")
	}
	return msg, nil
}
