package bot

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/jobs"
	"github.com/hrbot/hrbot/core/perf"
)

func monthOf(n int) time.Month { return time.Month(n) }

// scoreText writes a score for people: two decimals at most, no
// trailing zeros ("4.2", "3").
func scoreText(d decimal.Decimal) string { return d.Round(2).String() }

// scoreOrDash is a manager's score, or a dash while there is none.
func scoreOrDash(d decimal.Decimal) string {
	if d.IsZero() {
		return "–"
	}
	return scoreText(d)
}

func quoted(s string) string {
	if s == "" {
		return ""
	}
	return " “" + s + "”"
}

func itemName(it perf.Item, loc core.Locale) string {
	if n := it.Name[loc]; n != "" {
		return n
	}
	for _, l := range []core.Locale{core.LocaleZH, core.LocaleEN} {
		if n := it.Name[l]; n != "" {
			return n
		}
	}
	return it.Key
}

func (b *Bot) itemTitle(t *turn, it perf.Item) string {
	title := itemName(it, t.locale)
	if it.Goal {
		title += b.T(t, "perf.item_goal")
	}
	if it.Weight > 0 {
		title += " · " + b.T(t, "perf.item_weight", "weight", strconv.Itoa(it.Weight))
	}
	return title
}

// itemFact is what the records say for an item, against its target.
func (b *Bot) itemFact(t *turn, it perf.Item, f perf.Facts) string {
	if it.Measure == jobs.MeasureJudgement {
		return b.T(t, "perf.item_judgement")
	}
	v, ok := f.Value(it.KPI)
	if !ok {
		return b.T(t, "perf.item_no_number")
	}
	value := b.T(t, "perf.unit."+string(it.Measure), "value", scoreText(v))
	if it.Target == nil {
		return b.T(t, "perf.item_fact", "value", value)
	}
	op, met := "≥", v.GreaterThanOrEqual(*it.Target)
	if !it.HigherIsBetter {
		op, met = "≤", v.LessThanOrEqual(*it.Target)
	}
	mark := "✗"
	if met {
		mark = "✓"
	}
	return b.T(t, "perf.item_target", "value", value, "op", op, "target", scoreText(*it.Target), "mark", mark)
}

func (b *Bot) theirSelf(t *turn, r perf.Review, it perf.Item) string {
	name := core.NameIn(r.EmployeeName, t.locale)
	sc, ok := r.Self[it.Key]
	if r.SelfDoneAt.IsZero() || !ok {
		return b.T(t, "perf.item_no_self", "name", name)
	}
	return b.T(t, "perf.item_their_self", "name", name, "score", strconv.Itoa(sc.Score), "comment", quoted(sc.Comment))
}

// factsText is the period's facts, the lines with nothing to say left
// out (attendance always: none is a fact too).
func (b *Bot) factsText(t *turn, f perf.Facts, p perf.Period) string {
	num := func(d decimal.Decimal) string { return scoreText(d) }
	lines := []string{b.T(t, "perf.facts_title", "from", p.From.String(), "to", p.To.String()),
		b.T(t, "perf.facts_att", "late", strconv.Itoa(f.Late), "absent", strconv.Itoa(f.AbsentDays), "overtime", num(f.OvertimeHours))}
	if f.LeaveDays.IsPositive() {
		lines = append(lines, b.T(t, "perf.facts_leave", "days", num(f.LeaveDays)))
	}
	if f.CoverGiven > 0 || f.CoverReceived > 0 {
		rating := ""
		if f.CoverRated > 0 {
			rating = b.T(t, "perf.facts_rating", "rating", num(f.CoverRating), "rated", strconv.Itoa(f.CoverRated))
		}
		lines = append(lines, b.T(t, "perf.facts_cover", "count", strconv.Itoa(f.CoverGiven), "hours", num(f.CoverGivenHours),
			"rating", rating, "rcount", strconv.Itoa(f.CoverReceived), "rhours", num(f.CoverReceivedHours)))
	}
	if f.QuizzesPassed > 0 || len(f.SkillsGained) > 0 || len(f.SkillsExpired) > 0 {
		gained, expired := "", ""
		if len(f.SkillsGained) > 0 {
			gained = b.T(t, "perf.facts_gained", "skills", b.skillsText(t, f.SkillsGained))
		}
		if len(f.SkillsExpired) > 0 {
			expired = b.T(t, "perf.facts_expired", "skills", b.skillsText(t, f.SkillsExpired))
		}
		lines = append(lines, b.T(t, "perf.facts_training", "quizzes", strconv.Itoa(f.QuizzesPassed), "gained", gained, "expired", expired))
	}
	if f.OnboardingDone > 0 {
		lines = append(lines, b.T(t, "perf.facts_onboard", "count", strconv.Itoa(f.OnboardingDone)))
	}
	if len(f.Imported) > 0 {
		keys := make([]string, 0, len(f.Imported))
		for k := range f.Imported {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for i, k := range keys {
			keys[i] = k + " " + num(f.Imported[k])
		}
		lines = append(lines, b.T(t, "perf.facts_imported", "values", strings.Join(keys, ", ")))
	}
	return strings.Join(lines, "\n")
}

func (b *Bot) skillsText(t *turn, cs []perf.SkillChange) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = b.skillName(t, c.Skill) + " L" + strconv.Itoa(c.Level)
	}
	return strings.Join(out, ", ")
}

func (b *Bot) skillName(t *turn, skill string) string {
	if name := b.cat.T(t.locale, "skill."+skill); name != "skill."+skill && t.locale != "" {
		return name
	}
	return skill
}

func (b *Bot) scopeText(t *turn, c perf.Cycle) string {
	return b.T(t, "perf.scope."+string(c.Scope), "key", c.ScopeKey)
}

func (b *Bot) cycleLine(t *turn, p perf.Progress) string {
	c := p.Cycle
	phase := b.T(t, "perf.phase."+string(p.Phase))
	if c.Status != perf.Open {
		phase = b.T(t, "perf.status."+string(c.Status))
	}
	n := strconv.Itoa(len(p.Reviews))
	return b.T(t, "perf.cycle_line", "id", strconv.FormatInt(c.ID, 10), "name", c.Name, "kind", b.T(t, "perf.kind."+string(c.Kind)),
		"scope", b.scopeText(t, c), "phase", phase, "self", strconv.Itoa(p.SelfDone), "manager", strconv.Itoa(p.ManagerDone), "n", n)
}
