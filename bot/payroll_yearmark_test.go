package bot

import "testing"

// A staff number of four digits is a key, not a year, unless it is the
// only word and reads as a year of this century.
func TestYearMarkArgs(t *testing.T) {
	t.Parallel()
	words := map[string]string{"on": "on", "off": "off"}
	tests := []struct {
		args    string
		key     string
		year    int
		set     string
		wantErr bool
	}{
		{"", "", 2026, "", false},
		{"2025", "", 2025, "", false},
		{"alice", "alice", 2026, "", false},
		{"alice 2025", "alice", 2025, "", false},
		{"alice off 2025", "alice", 2025, "off", false},
		{"1024", "1024", 2026, "", false},
		{"1024 2025", "1024", 2025, "", false},
		{"2024 on 2025", "2024", 2025, "on", false},
		{"2024 2025", "2024", 2025, "", false},
		{"alice bob", "", 0, "", true},
	}
	for _, tt := range tests {
		key, year, set, ok := yearMarkArgs(tt.args, words, 2026)
		if ok == tt.wantErr || ok && (key != tt.key || year != tt.year || set != tt.set) {
			t.Errorf("yearMarkArgs(%q) = %q %d %q %v, want %q %d %q %v", tt.args, key, year, set, ok, tt.key, tt.year, tt.set, !tt.wantErr)
		}
	}
}
