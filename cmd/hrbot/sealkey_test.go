package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hrbot/hrbot/config"
)

// The key hrbot makes for the embedded database: made once, private,
// written as HRBOT_ENCRYPTION_KEY takes it, the same for processes
// starting together, and refused when it is not a key.
func TestLocalKey(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	path := filepath.Join(t.TempDir(), "var", keyFileName)
	keys := make([][]byte, 4)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := localKey(path, log)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		}()
	}
	wg.Wait()
	for _, k := range keys[1:] {
		if len(k) != 32 || !bytes.Equal(k, keys[0]) {
			t.Fatalf("keys differ: %x", keys)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file %v, %v", st, err)
	}
	if n := strings.Count(logs.String(), "made an encryption key"); n != 1 {
		t.Errorf("the key was announced %d times:\n%s", n, logs.String())
	}
	raw, _ := os.ReadFile(path)
	if c, ok := newConfigKey(t, string(raw)); !ok || !bytes.Equal(c, keys[0]) {
		t.Errorf("the file is not what HRBOT_ENCRYPTION_KEY takes: %q", raw)
	}
	if again, err := localKey(path, log); err != nil || !bytes.Equal(again, keys[0]) {
		t.Errorf("second start: %x, %v", again, err)
	}
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := localKey(path, log); err == nil {
		t.Error("a damaged key file was used or replaced")
	}
}

// newConfigKey reads s as HRBOT_ENCRYPTION_KEY_FILE's content would be.
func newConfigKey(t *testing.T, s string) ([]byte, bool) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(file, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(k string) string {
		if k == "HRBOT_ENCRYPTION_KEY_FILE" {
			return file
		}
		return ""
	})
	return cfg.EncryptionKey, err == nil
}
