package bot

import (
	"context"
	"strings"

	"github.com/hrbot/hrbot/core"
)

// builtinJobs are the names the catalogue knows for common jobs (job.KEY
// in each language): an org without a jobs section is understood in them.
func (b *Bot) builtinJobs() core.Jobs { return b.cat.BuiltinJobs() }

// unknownJob says a word names none of the org's jobs, and lists them in
// the reader's language.
func (b *Bot) unknownJob(t *turn, word string, jobs core.Jobs) string {
	names := make([]string, 0, len(jobs))
	for _, key := range jobs.Keys() {
		j, _ := jobs.Find(key)
		name := b.orgJobName(t, jobs, key)
		if name != j.Key {
			name += " (" + j.Key + ")"
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return b.T(t, "jobs.none", "job", word)
	}
	return b.T(t, "jobs.unknown", "job", word, "jobs", strings.Join(names, ", "))
}

// resolveJob maps a typed job to one of the reader's org's jobs.
func (b *Bot) resolveJob(ctx context.Context, t *turn, word string) (string, []Reply, error) {
	if b.cfg.Cover == nil {
		return word, nil, nil
	}
	jobs, err := b.cfg.Cover.Jobs(ctx, t.member.Org.ID)
	if err != nil {
		return "", nil, err
	}
	key, err := core.ResolveJob(word, jobs, b.builtinJobs())
	if err != nil {
		return "", []Reply{{Text: b.unknownJob(t, word, jobs), Error: true}}, nil
	}
	return key, nil, nil
}

// jobTitle names a job of an org in the reader's language: the org's own
// name for it when its org file declares one, else the catalogue's.
func (b *Bot) jobTitle(ctx context.Context, t *turn, orgID int64, job string) string {
	if b.cfg.Cover != nil {
		if jobs, err := b.cfg.Cover.Jobs(ctx, orgID); err == nil {
			return b.orgJobName(t, jobs, job)
		}
	}
	return b.jobName(t, job)
}

// orgJobName names a job from the org's list, falling back to the catalogue.
func (b *Bot) orgJobName(t *turn, jobs core.Jobs, job string) string {
	if j, ok := jobs.Find(job); ok && len(j.Names) > 0 {
		loc := t.locale
		if loc == "" && t.member != nil {
			loc = t.member.Org.DefaultLocale
		}
		return j.NameIn(loc)
	}
	return b.jobName(t, job)
}

func (b *Bot) jobName(t *turn, job string) string {
	if name := b.cat.T(t.locale, "job."+job); name != "job."+job && t.locale != "" {
		return name
	}
	return job
}
