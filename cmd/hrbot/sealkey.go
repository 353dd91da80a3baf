package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/hrbot/hrbot/store/sealed"
)

// keyFileName is the key hrbot makes for itself, in the data directory.
const keyFileName = "encryption.key"

// useKey gives the store the key it seals documents and bank accounts
// with: HRBOT_ENCRYPTION_KEY when set. Without it, hrbot on its embedded
// PostgreSQL makes a key of its own on first start, in the data directory
// beside the database (encryption.key, mode 0600), and uses it from then
// on: a shop trying hrbot on one machine can keep a doctor's note without
// first learning about keys. With a DATABASE_URL and no key nothing is
// made up — the database may be shared, backed up elsewhere, run by
// someone else — and sealed fields are refused until the key is set.
func (a *app) useKey() error {
	raw := a.cfg.EncryptionKey
	if a.cluster != nil {
		path := filepath.Join(a.cfg.DataDir, keyFileName)
		if raw == nil {
			var err error
			if raw, err = localKey(path, a.log); err != nil {
				return err
			}
			a.cfg.EncryptionKey, a.keyFile = raw, path
		} else if other, err := readKeyFile(path); err == nil && !bytes.Equal(other, raw) {
			a.log.Warn("HRBOT_ENCRYPTION_KEY differs from the key hrbot made in the data directory: what was sealed with that one will not open; set HRBOT_ENCRYPTION_KEY_FILE to it to use it", "file", path)
		}
	}
	if raw == nil {
		return nil
	}
	key, err := sealed.NewKey(raw)
	if err != nil {
		return err
	}
	a.db.SetSealKey(key)
	return nil
}

// localKey reads the key at path, making it first when there is none.
// It is written as HRBOT_ENCRYPTION_KEY is (64 hex characters), so the
// file can be named by HRBOT_ENCRYPTION_KEY_FILE when hrbot moves to
// another database; and it appears whole or not at all (written aside,
// then linked into place), so two processes starting at once share one.
func localKey(path string, log *slog.Logger) ([]byte, error) {
	if key, err := readKeyFile(path); err == nil {
		log.Debug("sealing with the key in the data directory", "file", path)
		return key, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make an encryption key: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("make an encryption key: %w", err)
	}
	tmp, err := os.CreateTemp(dir, keyFileName+".*")
	if err != nil {
		return nil, fmt.Errorf("make an encryption key: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = fmt.Fprintln(tmp, hex.EncodeToString(key))
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Link(tmp.Name(), path) // fails if another process made one first
	}
	if errors.Is(err, fs.ErrExist) {
		return readKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("make an encryption key: %w", err)
	}
	log.Warn("HRBOT_ENCRYPTION_KEY is not set: made an encryption key for documents and bank accounts in the data directory; back it up with the data, apart from the database backups", "file", path)
	return key, nil
}

// readKeyFile reads a key written as HRBOT_ENCRYPTION_KEY is.
func readKeyFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) != 32 {
		return nil, fmt.Errorf("%s: not an encryption key (64 hex characters)", path)
	}
	return key, nil
}
