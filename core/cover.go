package core

// SkillLevel is a skill and a level (1 = basic). People list the skills
// they have beyond their own job, so that a finance clerk who can answer
// customers is offered customer-service cover while one who cannot is not.
type SkillLevel struct {
	Skill string
	Level int
}

// CoverPolicy is an org's rules for finding cover when a shift is short.
// They protect the people asked as much as the shop: waves keep a whole
// team from being pinged for one gap, the weekly cap and the rest time keep
// the willing few from being worn out, and escalation tells the manager in
// time to act when nobody takes the shift. Package cover applies them.
type CoverPolicy struct {
	WaveSize         int  // offers per wave; 0 = everyone eligible at once. Default 0
	WaveMinutes      int  // wait before the next wave. Default 30
	WeeklyCapMinutes int  // cover minutes a person may take per ISO week (Mon–Sun in the org's zone). Default 480
	RestMinutes      int  // minimum rest between the end of one shift/cover and the start of the next. Default 660 (11 h)
	SisterOrgs       bool // people of other orgs in the same group are candidates too (after this org's). Default false
	EscalateMinutes  int  // tell the requesting manager this long before an unfilled cover starts. Default 120
	// Requires maps a job to the skill level needed to cover it. A job not
	// listed needs skill <job> at level 1.
	Requires map[string]SkillLevel
}

// DefaultCoverPolicy is what an org file without a cover section gets:
// everyone eligible is asked at once, at most 8 hours of cover a week, 11
// hours' rest between shifts, the org's own people only, and the manager is
// told 2 hours before a cover nobody took.
func DefaultCoverPolicy() CoverPolicy {
	return CoverPolicy{WaveMinutes: 30, WeeklyCapMinutes: 480, RestMinutes: 660, EscalateMinutes: 120}
}

// Required returns the skill level needed to cover job: the one the policy
// lists for it, otherwise the skill named like the job at level 1, so that
// a shop that names skills after jobs needs no requires section at all. A
// request for no particular job ("", as for a shift staffing any job)
// needs no skill: the zero SkillLevel.
func (p CoverPolicy) Required(job string) SkillLevel {
	if job == "" {
		return SkillLevel{}
	}
	if s, ok := p.Requires[job]; ok {
		return s
	}
	return SkillLevel{Skill: job, Level: 1}
}

// TrainingPolicy is an org's rules for quiz certificates.
type TrainingPolicy struct {
	// CertificateMonths is how long a passed quiz certifies its skill
	// level; 0 = for good. Default 12.
	CertificateMonths int
	// RetakeHours is how long after a failed attempt the quiz may be taken
	// again. Default 24.
	RetakeHours int
}

// DefaultTrainingPolicy is what an org file without a training section gets.
func DefaultTrainingPolicy() TrainingPolicy {
	return TrainingPolicy{CertificateMonths: 12, RetakeHours: 24}
}
