// Package sealed encrypts the few fields hrbot keeps that must not be
// readable in a database dump — bank accounts, people's documents — with
// AES-256-GCM under HRBOT_ENCRYPTION_KEY.
package sealed

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrNoKey is returned when a sealed field is written or read without a key.
var ErrNoKey = errors.New("HRBOT_ENCRYPTION_KEY is not set: sensitive fields cannot be stored or read")

// Key seals and opens values. The zero of *Key (nil) has no key.
type Key struct {
	aead cipher.AEAD
}

// NewKey returns a key from 32 raw bytes.
func NewKey(raw []byte) (*Key, error) {
	if len(raw) != 32 {
		return nil, fmt.Errorf("encryption key: %d bytes, want 32", len(raw))
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("encryption key: %w", err)
	}
	return &Key{aead: aead}, nil
}

// Seal encrypts plain, bound to context (e.g. the row it belongs to), so
// a sealed value copied to another row does not open there. The result is
// nonce followed by ciphertext.
func (k *Key) Seal(plain string, context []byte) ([]byte, error) {
	return k.SealBytes([]byte(plain), context)
}

// Open decrypts what Seal returned for the same context.
func (k *Key) Open(sealed, context []byte) (string, error) {
	plain, err := k.OpenBytes(sealed, context)
	return string(plain), err
}

// SealBytes is Seal for a file's bytes, without copying them to a string.
func (k *Key) SealBytes(plain, context []byte) ([]byte, error) {
	if k == nil {
		return nil, ErrNoKey
	}
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	return k.aead.Seal(nonce, nonce, plain, context), nil
}

// OpenBytes decrypts what Seal or SealBytes returned for the same context.
func (k *Key) OpenBytes(sealed, context []byte) ([]byte, error) {
	if k == nil {
		return nil, ErrNoKey
	}
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("open: sealed value too short")
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], context)
	if err != nil {
		return nil, fmt.Errorf("open: %w", err)
	}
	return plain, nil
}

// Last4 returns the last four characters of an account, what may be shown.
func Last4(account string) string {
	a := strings.ReplaceAll(account, " ", "")
	if utf8.RuneCountInString(a) <= 4 {
		return a
	}
	r := []rune(a)
	return string(r[len(r)-4:])
}

// Mask writes an account for display from its last four characters.
func Mask(last4 string) string {
	if last4 == "" {
		return ""
	}
	return "•••• " + last4
}
