package cover

import "github.com/hrbot/hrbot/core"

// Policy is an org's rules for finding cover when a shift is short.
// They protect the people asked as much as the shop: waves keep a whole
// team from being pinged for one gap, the weekly cap and the rest time keep
// the willing few from being worn out, and escalation tells the manager in
// time to act when nobody takes the shift.
type Policy struct {
	WaveSize         int  // offers per wave; 0 = everyone eligible at once. Default 0
	WaveMinutes      int  // wait before the next wave. Default 30
	WeeklyCapMinutes int  // cover minutes a person may take per ISO week (Mon–Sun in the org's zone). Default 480
	RestMinutes      int  // minimum rest between the end of one shift/cover and the start of the next. Default 660 (11 h)
	SisterOrgs       bool // people of other orgs in the same group are candidates too (after this org's). Default false
	EscalateMinutes  int  // tell the requesting manager this long before an unfilled cover starts. Default 120
	// Requires maps a job to the skill level needed to cover it. A job not
	// listed needs skill <job> at level 1.
	Requires map[string]core.SkillLevel
}

// DefaultPolicy is what an org file without a cover section gets:
// everyone eligible is asked at once, at most 8 hours of cover a week, 11
// hours' rest between shifts, the org's own people only, and the manager is
// told 2 hours before a cover nobody took.
func DefaultPolicy() Policy {
	return Policy{WaveMinutes: 30, WeeklyCapMinutes: 480, RestMinutes: 660, EscalateMinutes: 120}
}

// Required returns the skill level needed to cover job: the one the policy
// lists for it, otherwise the skill named like the job at level 1, so that
// a shop that names skills after jobs needs no requires section at all. A
// request for no particular job ("", as for a shift staffing any job)
// needs no skill: the zero core.SkillLevel.
func (p Policy) Required(job string) core.SkillLevel {
	if job == "" {
		return core.SkillLevel{}
	}
	if s, ok := p.Requires[job]; ok {
		return s
	}
	return core.SkillLevel{Skill: job, Level: 1}
}
