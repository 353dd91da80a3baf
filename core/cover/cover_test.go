package cover_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/attendance"
	"github.com/hrbot/hrbot/core/cover"
)

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at is a moment in Shanghai on November 2026: at(10, "14:00") is Tuesday
// 10 November at 14:00.
func at(day int, clock string) time.Time {
	m, err := attendance.ParseClockTime(clock)
	if err != nil {
		panic(err)
	}
	return core.NewDate(2026, time.November, day).At(m, shanghai)
}

func busy(kind string, fromDay int, from string, toDay int, to string) cover.Interval {
	return cover.Interval{Kind: kind, Start: at(fromDay, from), End: at(toDay, to)}
}

const (
	shop   = 1
	sister = 2 // same group as shop
	other  = 3 // another group
	group  = 10
)

// peak is an afternoon peak on the shop's customer service, Tuesday
// 10 November 14:00–18:00, opened by person 99's leave.
var peak = cover.Need{ID: 7, OrgID: shop, GroupID: group, Job: "customer-service",
	Start: at(10, "14:00"), End: at(10, "18:00"), Needed: 1, Absent: 99}

// policy is the default policy asking customer-service:2 for customer
// service, as a shop with a stricter bar would.
func policy() cover.Policy {
	pol := cover.DefaultPolicy()
	pol.Requires = map[string]core.SkillLevel{"customer-service": {Skill: "customer-service", Level: 2}}
	return pol
}

// finance is an active finance clerk of the shop who can answer customers
// and is free all week: eligible for peak under policy.
func finance() cover.Person {
	return cover.Person{ID: 1, OrgID: shop, GroupID: group, Key: "chen", Name: "Chen", Job: "finance", Active: true,
		Skills: map[string]int{"customer-service": 2}}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	night := peak
	night.Start, night.End = at(10, "22:00"), at(11, "06:00")
	ops := peak
	ops.Job = "ops"
	anyJob := peak
	anyJob.Job = ""
	standalone := peak
	standalone.GroupID = 0

	cases := []struct {
		name   string
		req    cover.Need
		person func(p *cover.Person)
		pol    func(p *cover.Policy)
		want   []cover.Reason // nil: eligible
	}{
		{name: "OK"},
		{name: "Inactive", person: func(p *cover.Person) { p.Active = false },
			want: []cover.Reason{{Code: cover.ReasonInactive}}},
		{name: "Absent", person: func(p *cover.Person) { p.ID = 99 },
			want: []cover.Reason{{Code: cover.ReasonAbsent}}},
		{name: "ManualRequestHasNoAbsent", req: func() cover.Need { r := peak; r.Absent = 0; return r }(),
			person: func(p *cover.Person) { p.ID = 0 }},
		{name: "OtherGroup", person: func(p *cover.Person) { p.OrgID, p.GroupID = other, 11 },
			want: []cover.Reason{{Code: cover.ReasonOtherOrg}}},
		{name: "OtherOrgWithoutGroup", person: func(p *cover.Person) { p.OrgID, p.GroupID = other, 0 },
			want: []cover.Reason{{Code: cover.ReasonOtherOrg}}},
		// Two standalone orgs both have group 0: that is no group at all.
		{name: "StandaloneOrgs", req: standalone, person: func(p *cover.Person) { p.OrgID, p.GroupID = other, 0 },
			want: []cover.Reason{{Code: cover.ReasonOtherOrg}}},
		{name: "SisterOrgDenied", person: func(p *cover.Person) { p.OrgID = sister },
			want: []cover.Reason{{Code: cover.ReasonSisterOrgNotAllowed}}},
		{name: "SisterOrgAllowed", person: func(p *cover.Person) { p.OrgID = sister },
			pol: func(p *cover.Policy) { p.SisterOrgs = true }},
		{name: "OtherGroupEvenWhenSisterOrgsAllowed", person: func(p *cover.Person) { p.OrgID, p.GroupID = other, 11 },
			pol: func(p *cover.Policy) { p.SisterOrgs = true }, want: []cover.Reason{{Code: cover.ReasonOtherOrg}}},
		{name: "OwnJobNeedsNoSkill", person: func(p *cover.Person) { p.Job, p.Skills = "customer-service", nil }},
		{name: "SkillTooLow", person: func(p *cover.Person) { p.Skills = map[string]int{"customer-service": 1} },
			want: []cover.Reason{{Code: cover.ReasonNotQualified, Params: map[string]string{"skill": "customer-service", "level": "2", "has": "1"}}}},
		{name: "NoSkill", person: func(p *cover.Person) { p.Skills = nil },
			want: []cover.Reason{{Code: cover.ReasonNotQualified, Params: map[string]string{"skill": "customer-service", "level": "2", "has": "0"}}}},
		{name: "SkillHigherThanNeeded", person: func(p *cover.Person) { p.Skills = map[string]int{"customer-service": 5} }},
		// ops is not in requires: it needs skill ops at level 1.
		{name: "UnlistedJobNeedsSkillOfItsName", req: ops,
			want: []cover.Reason{{Code: cover.ReasonNotQualified, Params: map[string]string{"skill": "ops", "level": "1", "has": "0"}}}},
		{name: "UnlistedJobWithSkill", req: ops, person: func(p *cover.Person) { p.Skills = map[string]int{"ops": 1} }},
		{name: "NoJobNeedsNoSkill", req: anyJob, person: func(p *cover.Person) { p.Skills = nil }},
		{name: "OnLeave", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("leave", 10, "00:00", 11, "00:00")} },
			want: []cover.Reason{{Code: cover.ReasonOnLeave, Params: map[string]string{"from": "2026-11-10 00:00", "to": "2026-11-11 00:00"}}}},
		{name: "OverlapShift", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 10, "09:00", 10, "18:00")} },
			want: []cover.Reason{{Code: cover.ReasonOverlap, Params: map[string]string{"kind": "shift", "date": "2026-11-10", "from": "09:00", "to": "18:00"}}}},
		{name: "OverlapCover", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("cover", 10, "17:59", 10, "20:00")} },
			want: []cover.Reason{{Code: cover.ReasonOverlap, Params: map[string]string{"kind": "cover", "date": "2026-11-10", "from": "17:59", "to": "20:00"}}}},
		// Intervals that touch the window do not overlap it; with no rest
		// required they do not matter at all.
		{name: "TouchingNoRest", person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("shift", 10, "09:00", 10, "14:00"), busy("cover", 10, "18:00", 10, "22:00")}
		}, pol: func(p *cover.Policy) { p.RestMinutes = 0 }},
		// With rest required, touching leaves a gap of 0 minutes either side.
		{name: "TouchingRest", person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("cover", 10, "18:00", 10, "22:00"), busy("shift", 10, "09:00", 10, "14:00")}
		}, want: []cover.Reason{
			{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "0", "need": "660"}},
			{Code: cover.ReasonRest, Params: map[string]string{"kind": "cover", "minutes": "0", "need": "660"}},
		}},
		{name: "RestBefore", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 9, "22:00", 10, "03:01")} },
			want: []cover.Reason{{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "659", "need": "660"}}}},
		{name: "RestBeforeJustEnough", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 9, "22:00", 10, "03:00")} }},
		{name: "RestAfter", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 11, "04:00", 11, "12:00")} },
			want: []cover.Reason{{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "600", "need": "660"}}}},
		{name: "RestAfterJustEnough", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 11, "05:00", 11, "12:00")} }},
		// Leave is not work: it needs no rest after it and touches nothing.
		{name: "LeaveTouchingAndNear", person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("leave", 10, "09:00", 10, "14:00"), busy("leave", 10, "18:00", 10, "20:00")}
		}},
		// A night shift from Monday 22:00 to Tuesday 06:00 leaves 8 hours
		// before a 14:00 start.
		{name: "NightShiftBeforeRest", person: func(p *cover.Person) { p.Busy = []cover.Interval{busy("shift", 9, "22:00", 10, "06:00")} },
			want: []cover.Reason{{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "480", "need": "660"}}}},
		// A night cover from Tuesday 22:00 to Wednesday 06:00 overlaps
		// Wednesday's 05:00 shift; its own day shift on Tuesday ends 4 hours before.
		{name: "NightCoverAcrossMidnight", req: night, person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("shift", 11, "05:00", 11, "14:00"), busy("shift", 10, "09:00", 10, "18:00")}
		}, want: []cover.Reason{
			{Code: cover.ReasonOverlap, Params: map[string]string{"kind": "shift", "date": "2026-11-11", "from": "05:00", "to": "14:00"}},
			{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "240", "need": "660"}},
		}},
		{name: "NightCoverFree", req: night, person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("shift", 10, "09:00", 10, "11:00"), busy("shift", 11, "17:00", 11, "22:00")}
		}},
		{name: "EmptyAndBackwardsIntervalsIgnored", person: func(p *cover.Person) {
			p.Busy = []cover.Interval{busy("shift", 10, "15:00", 10, "15:00"), busy("shift", 10, "17:00", 10, "15:00")}
		}},
		{name: "Cap", person: func(p *cover.Person) { p.WeekCoverMinutes = 270 },
			want: []cover.Reason{{Code: cover.ReasonCap, Params: map[string]string{"cap_hours": "8", "week_hours": "4.5", "cover_hours": "4"}}}},
		{name: "CapExactlyReached", person: func(p *cover.Person) { p.WeekCoverMinutes = 240 }},
		{name: "CapFractional", person: func(p *cover.Person) { p.WeekCoverMinutes = 220 }, pol: func(p *cover.Policy) { p.WeeklyCapMinutes = 450 },
			want: []cover.Reason{{Code: cover.ReasonCap, Params: map[string]string{"cap_hours": "7.5", "week_hours": "3.67", "cover_hours": "4"}}}},
		{name: "CapZeroOffersNothing", pol: func(p *cover.Policy) { p.WeeklyCapMinutes = 0 },
			want: []cover.Reason{{Code: cover.ReasonCap, Params: map[string]string{"cap_hours": "0", "week_hours": "0", "cover_hours": "4"}}}},
		// Every reason is listed, in the order of the rules.
		{name: "Several", person: func(p *cover.Person) {
			p.Active, p.OrgID = false, sister
			p.Skills = map[string]int{"customer-service": 1}
			p.WeekCoverMinutes = 480
			p.Busy = []cover.Interval{busy("shift", 10, "17:00", 10, "21:00"), busy("leave", 10, "13:00", 10, "15:00"), busy("shift", 10, "08:00", 10, "12:00")}
		}, want: []cover.Reason{
			{Code: cover.ReasonInactive},
			{Code: cover.ReasonSisterOrgNotAllowed},
			{Code: cover.ReasonNotQualified, Params: map[string]string{"skill": "customer-service", "level": "2", "has": "1"}},
			{Code: cover.ReasonOnLeave, Params: map[string]string{"from": "2026-11-10 13:00", "to": "2026-11-10 15:00"}},
			{Code: cover.ReasonOverlap, Params: map[string]string{"kind": "shift", "date": "2026-11-10", "from": "17:00", "to": "21:00"}},
			{Code: cover.ReasonRest, Params: map[string]string{"kind": "shift", "minutes": "120", "need": "660"}},
			{Code: cover.ReasonCap, Params: map[string]string{"cap_hours": "8", "week_hours": "8", "cover_hours": "4"}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			req := c.req
			if req.ID == 0 {
				req = peak
			}
			p := finance()
			if c.person != nil {
				c.person(&p)
			}
			pol := policy()
			if c.pol != nil {
				c.pol(&pol)
			}
			v := cover.Evaluate(req, p, pol)
			if v.Eligible != (c.want == nil) || !reflect.DeepEqual(v.Reasons, c.want) {
				t.Errorf("eligible %v, reasons\n  %+v\nwant\n  %+v", v.Eligible, v.Reasons, c.want)
			}
			if !reflect.DeepEqual(v.Person, p) {
				t.Errorf("verdict is about %+v, want %+v", v.Person, p)
			}
		})
	}
}

func TestRequired(t *testing.T) {
	t.Parallel()
	pol := policy()
	cases := []struct {
		job  string
		want core.SkillLevel
	}{
		{"customer-service", core.SkillLevel{Skill: "customer-service", Level: 2}},
		{"ops", core.SkillLevel{Skill: "ops", Level: 1}},
		{"", core.SkillLevel{}},
	}
	for _, c := range cases {
		if got := pol.Required(c.job); got != c.want {
			t.Errorf("Required(%q) = %+v, want %+v", c.job, got, c.want)
		}
	}
	if got := (cover.Policy{}).Required("finance"); got != (core.SkillLevel{Skill: "finance", Level: 1}) {
		t.Errorf("a policy without requires: %+v", got)
	}
}

func TestMinutes(t *testing.T) {
	t.Parallel()
	night := cover.Need{Start: at(10, "22:00"), End: at(11, "06:00")}
	if got := night.Minutes(); got != 480 {
		t.Errorf("night cover is %d minutes, want 480", got)
	}
	if got := peak.Minutes(); got != 240 {
		t.Errorf("peak is %d minutes, want 240", got)
	}
}

func TestWeekStart(t *testing.T) {
	t.Parallel()
	ny := mustLoad("America/New_York")
	cases := []struct {
		name string
		t    time.Time
		want time.Time
	}{
		{"Monday", at(9, "00:00"), at(9, "00:00")},
		{"Tuesday", at(10, "14:00"), at(9, "00:00")},
		{"SundayNight", at(15, "23:59"), at(9, "00:00")},
		{"NextMonday", at(16, "00:00"), at(16, "00:00")},
		// The week of the fall-back day (Sunday 1 November in New York) has
		// 24h+1h in it; it still starts at local midnight on Monday.
		{"DST", time.Date(2026, time.November, 1, 12, 0, 0, 0, ny), time.Date(2026, time.October, 26, 0, 0, 0, 0, ny)},
	}
	for _, c := range cases {
		if got := cover.WeekStart(c.t); !got.Equal(c.want) || got.Location() != c.t.Location() {
			t.Errorf("%s: WeekStart(%s) = %s, want %s", c.name, c.t, got, c.want)
		}
	}
}

// verdicts makes each person an eligible verdict.
func verdicts(ps ...cover.Person) []cover.Verdict {
	vs := make([]cover.Verdict, len(ps))
	for i, p := range ps {
		vs[i] = cover.Verdict{Person: p, Eligible: true}
	}
	return vs
}

func keys(vs []cover.Verdict) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, v.Person.Key)
	}
	return out
}

func TestRank(t *testing.T) {
	t.Parallel()
	p := func(id int64, key string, org int64, recent int, rating float64, ratings int) cover.Person {
		return cover.Person{ID: id, Key: key, OrgID: org, GroupID: group, Active: true, RecentCoverMinutes: recent, Rating: rating, Ratings: ratings}
	}
	cases := []struct {
		name string
		in   []cover.Verdict
		want []string
	}{
		{"LeastRecentLoadFirst", verdicts(p(1, "a", shop, 600, 5, 3), p(2, "b", shop, 0, 1, 3), p(3, "c", shop, 240, 4, 3)),
			[]string{"b", "c", "a"}},
		{"ThenHigherRating", verdicts(p(1, "a", shop, 0, 3.5, 2), p(2, "b", shop, 0, 4.8, 5), p(3, "c", shop, 0, 2, 1)),
			[]string{"b", "a", "c"}},
		// Unrated people count as 3.0: below a 3.5, above a 2.9.
		{"UnratedCountsAsThree", verdicts(p(1, "low", shop, 0, 2.9, 4), p(2, "new", shop, 0, 0, 0), p(3, "good", shop, 0, 3.5, 1)),
			[]string{"good", "new", "low"}},
		// Rated exactly 3.0 and unrated tie; the key decides.
		{"ThenKey", verdicts(p(1, "zoe", shop, 0, 3, 2), p(2, "amy", shop, 0, 0, 0), p(3, "max", shop, 0, 3, 9)),
			[]string{"amy", "max", "zoe"}},
		// The org's own people come first, however loaded.
		{"SameOrgBeforeSister", verdicts(p(1, "s1", sister, 0, 5, 9), p(2, "busy", shop, 900, 1, 9), p(3, "s2", sister, 0, 4, 9), p(4, "free", shop, 0, 2, 1)),
			[]string{"free", "busy", "s1", "s2"}},
		{"DropsIneligible", append(verdicts(p(1, "a", shop, 60, 0, 0)), cover.Verdict{Person: p(2, "b", shop, 0, 0, 0)}),
			[]string{"a"}},
		{"Empty", nil, []string{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			before := keys(c.in)
			got := keys(cover.Rank(peak, c.in))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if after := keys(c.in); !reflect.DeepEqual(after, before) {
				t.Errorf("Rank reordered its input: %v, was %v", after, before)
			}
		})
	}
}

// TestRankEvaluated ranks people as Evaluate judged them.
func TestRankEvaluated(t *testing.T) {
	t.Parallel()
	pol := policy()
	pol.SisterOrgs = true
	var vs []cover.Verdict
	for _, p := range []cover.Person{
		{ID: 1, Key: "sis", OrgID: sister, GroupID: group, Job: "customer-service", Active: true},
		{ID: 2, Key: "gone", OrgID: shop, GroupID: group, Job: "customer-service"},
		{ID: 3, Key: "tired", OrgID: shop, GroupID: group, Job: "customer-service", Active: true, RecentCoverMinutes: 480},
		{ID: 4, Key: "fresh", OrgID: shop, GroupID: group, Job: "ops", Active: true, Skills: map[string]int{"customer-service": 2}},
		{ID: 99, Key: "absent", OrgID: shop, GroupID: group, Job: "customer-service", Active: true},
	} {
		vs = append(vs, cover.Evaluate(peak, p, pol))
	}
	if got, want := keys(cover.Rank(peak, vs)), []string{"fresh", "tired", "sis"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestNextWave(t *testing.T) {
	t.Parallel()
	var ps []cover.Person
	for i, k := range []string{"a", "b", "c", "d", "e"} {
		ps = append(ps, cover.Person{ID: int64(i + 1), Key: k})
	}
	ranked := verdicts(ps...)
	cases := []struct {
		name    string
		size    int
		offered map[int64]bool
		want    []string
	}{
		{"AllAtOnce", 0, nil, []string{"a", "b", "c", "d", "e"}},
		{"AllAtOnceSkipsOffered", 0, map[int64]bool{1: true, 4: true}, []string{"b", "c", "e"}},
		{"FirstWaveOfTwo", 2, nil, []string{"a", "b"}},
		{"SecondWaveOfTwo", 2, map[int64]bool{1: true, 2: true}, []string{"c", "d"}},
		// Someone offered out of turn (a manager's direct ask) is skipped.
		{"SkipsOfferedInBetween", 2, map[int64]bool{1: true, 3: true}, []string{"b", "d"}},
		{"LastWaveIsShort", 2, map[int64]bool{1: true, 2: true, 3: true, 4: true}, []string{"e"}},
		{"NobodyLeft", 2, map[int64]bool{1: true, 2: true, 3: true, 4: true, 5: true}, []string{}},
		// A false entry is not an offer.
		{"FalseIsNotOffered", 2, map[int64]bool{1: false}, []string{"a", "b"}},
		{"WaveLargerThanPool", 50, nil, []string{"a", "b", "c", "d", "e"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			pol := cover.DefaultPolicy()
			pol.WaveSize = c.size
			if got := keys(cover.NextWave(ranked, c.offered, pol)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// Escalation comes escalate_minutes before the start, but never before
// the people asked had a fair chance to answer.
func TestEscalateAt(t *testing.T) {
	pol := cover.DefaultPolicy() // wave_minutes 30, escalate_minutes 120
	for _, tc := range []struct {
		name              string
		asked, start, end time.Time
		want              time.Time
		noLeadTime        bool // escalate_minutes: 0
	}{
		{"two days ahead: 2 h before", at(10, "09:00"), at(12, "14:00"), at(12, "23:00"), at(12, "12:00"), false},
		{"3 h ahead: 2 h before, the wave had an hour", at(10, "11:00"), at(10, "14:00"), at(10, "23:00"), at(10, "12:00"), false},
		{"90 min ahead: the wave's 30 minutes first", at(10, "12:30"), at(10, "14:00"), at(10, "23:00"), at(10, "13:00"), false},
		{"40 min ahead: half the time left", at(10, "13:20"), at(10, "14:00"), at(10, "23:00"), at(10, "13:40"), false},
		{"10 min ahead: 5 minutes", at(10, "13:50"), at(10, "14:00"), at(10, "23:00"), at(10, "13:55"), false},
		{"already under way: half the time until it ends", at(10, "14:00"), at(10, "13:59"), at(10, "14:30"), at(10, "14:15"), false},
		{"escalate_minutes 0: at the start", at(10, "09:00"), at(10, "14:00"), at(10, "23:00"), at(10, "14:00"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := pol
			if tc.noLeadTime {
				p.EscalateMinutes = 0
			}
			if got := cover.EscalateAt(tc.start, tc.end, tc.asked, p); !got.Equal(tc.want) {
				t.Errorf("EscalateAt = %s, want %s", got.In(shanghai).Format("01-02 15:04"), tc.want.Format("01-02 15:04"))
			}
		})
	}
}
