package core

import "strings"

// AudienceKind says who a custom reminder goes to; it is resolved when the
// reminder fires, so it follows the people and plans of that day.
type AudienceKind string

// Audiences of custom reminders.
const (
	AudienceEveryone        AudienceKind = "everyone"
	AudienceTeam            AudienceKind = "team"     // Value: team key
	AudienceJob             AudienceKind = "job"      // Value: job name as in employees[].job
	AudienceOnShift         AudienceKind = "on_shift" // planned to work today
	AudienceNotCheckedIn    AudienceKind = "not_checked_in"
	AudienceManagersPending AudienceKind = "managers_pending"
)

// Audience is who a custom reminder goes to: a kind and, for team
// and job, which one.
type Audience struct {
	Kind  AudienceKind
	Value string
}

// ParseAudience reads a broadcast audience: "everyone", "team:KEY",
// "job:NAME" or "on_shift".
func ParseAudience(s string) (Audience, bool) {
	kind, value, _ := strings.Cut(strings.TrimSpace(s), ":")
	switch k := AudienceKind(strings.ToLower(kind)); k {
	case AudienceEveryone, AudienceOnShift:
		return Audience{Kind: k}, value == ""
	case AudienceTeam, AudienceJob:
		return Audience{Kind: k, Value: value}, value != ""
	}
	return Audience{}, false
}

// String writes an audience the way ParseAudience reads it.
func (a Audience) String() string {
	if a.Value == "" {
		return string(a.Kind)
	}
	return string(a.Kind) + ":" + a.Value
}
