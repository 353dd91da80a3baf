package certificate

import (
	"slices"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/contracts"
)

func TestServed(t *testing.T) {
	for _, tc := range []struct {
		first, last core.Date
		want        Span
	}{
		{core.NewDate(2020, 1, 1), core.NewDate(2025, 10, 31), Span{5, 10, 0}},
		{core.NewDate(2020, 1, 1), core.NewDate(2020, 12, 31), Span{1, 0, 0}},
		{core.NewDate(2024, 3, 15), core.NewDate(2024, 4, 20), Span{0, 1, 6}},
		{core.NewDate(2024, 3, 15), core.NewDate(2024, 3, 15), Span{0, 0, 1}},
		{core.NewDate(2024, 1, 31), core.NewDate(2024, 2, 28), Span{0, 0, 29}},
		{core.NewDate(2024, 1, 31), core.NewDate(2024, 3, 30), Span{0, 2, 0}},
		{core.NewDate(2023, 5, 10), core.NewDate(2026, 5, 9), Span{3, 0, 0}},
		{core.NewDate(2026, 5, 10), core.NewDate(2026, 5, 1), Span{}},
	} {
		if got := Served(tc.first, tc.last); got != tc.want {
			t.Errorf("Served(%s, %s) = %+v, want %+v", tc.first, tc.last, got, tc.want)
		}
	}
}

func TestCheckBody(t *testing.T) {
	for _, tc := range []struct {
		body     string
		unknown  []string
		unclosed bool
	}{
		{"兹证明{name}（{id_number}）于{hire_date}入职。", nil, false},
		{"{name} {nmae} {salary} {nmae}", []string{"nmae", "salary"}, false},
		{"{name} worked until {last_day", nil, true},
		{"no placeholders", nil, false},
	} {
		unknown, unclosed := CheckBody(tc.body)
		if !slices.Equal(unknown, tc.unknown) || unclosed != tc.unclosed {
			t.Errorf("CheckBody(%q) = %q, %v; want %q, %v", tc.body, unknown, unclosed, tc.unknown, tc.unclosed)
		}
	}
}

func TestFill(t *testing.T) {
	got := Fill("{name}于{last_day}离职{x}，{", map[string]string{"name": "张三", "last_day": "2025年10月31日"})
	if want := "张三于2025年10月31日离职{x}，{"; got != want {
		t.Fatalf("Fill = %q, want %q", got, want)
	}
}

func TestLastContract(t *testing.T) {
	first := contracts.Contract{ID: 1, Terms: contracts.Terms{Kind: contracts.FixedTerm, Start: core.NewDate(2020, 1, 1), End: core.NewDate(2022, 12, 31)}}
	second := contracts.Contract{ID: 2, Terms: contracts.Terms{Kind: contracts.FixedTerm, Start: core.NewDate(2023, 1, 1), End: core.NewDate(2025, 12, 31)}}
	cs := []contracts.Contract{first, second}
	for _, tc := range []struct {
		day  core.Date
		want int64
	}{
		{core.NewDate(2022, 6, 1), 1},
		{core.NewDate(2025, 10, 31), 2},
		{core.NewDate(2026, 3, 1), 2}, // after the last one ended: still the last one
		{core.NewDate(2019, 3, 1), 0},
	} {
		c, ok := lastContract(cs, tc.day)
		if c.ID != tc.want || ok != (tc.want != 0) {
			t.Errorf("lastContract(%s) = %d, %v; want %d", tc.day, c.ID, ok, tc.want)
		}
	}
}
