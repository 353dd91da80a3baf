package orgfile_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/core"
	"github.com/hrbot/hrbot/core/orgfile"
)

// jobsFile is an org with a jobs section (lines 5–8) whose people and
// shift name jobs by key; body replaces the jobs section when given.
func jobsFile(jobs, amyJob string) string {
	return `orgs:
  - key: shop
    name: Shop
    jobs:
` + jobs + `    shifts:
      - {key: eve, name: Evening, start: "14:00", end: "23:00", job: customer-service}
    employees:
      - {key: amy, name: Amy, job: ` + amyJob + `}
`
}

const twoJobs = `      - {key: customer-service, name: {zh-CN: 客服, en: Customer service}, aliases: [客服专员, cs]}
      - {key: finance, name: 财务 Finance}
`

func TestParseJobs(t *testing.T) {
	t.Parallel()
	f, err := orgfile.Parse("j.yaml", []byte(jobsFile(twoJobs, "customer-service")))
	if err != nil {
		t.Fatal(err)
	}
	want := core.Jobs{
		{Key: "customer-service", Names: map[core.Locale]string{core.LocaleZH: "客服", core.LocaleEN: "Customer service"}, Aliases: []string{"客服专员", "cs"}},
		{Key: "finance", Names: map[core.Locale]string{"": "财务 Finance"}},
	}
	if got := f.Orgs[0].Jobs; !reflect.DeepEqual(got, want) {
		t.Errorf("jobs\n got %#v\nwant %#v", got, want)
	}
	// Without the section an org has no declared jobs, and any job key goes.
	f, err = orgfile.Parse("j.yaml", []byte(strings.Replace(jobsFile("", "anything"), "    jobs:\n", "", 1)))
	if err != nil || f.Orgs[0].Jobs != nil {
		t.Errorf("no jobs section: %v, %#v", err, f.Orgs[0].Jobs)
	}
}

func TestParseJobsProblems(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, want string
	}{
		{"a person's job not declared",
			jobsFile(twoJobs, "ops"),
			`j.yaml:10: orgs[0].employees[0].job: no job "ops" under jobs; the jobs are: customer-service, finance`},
		{"a job given by its name where the key belongs",
			jobsFile(twoJobs, "cs"),
			`no job "cs" under jobs ("cs" names job customer-service: write its key)`},
		{"a word naming two jobs",
			jobsFile(twoJobs+"      - {key: support, name: Support, aliases: [CS]}\n", "finance"),
			`orgs[0].jobs[2]: "CS" already names job customer-service`},
		{"a job without a name",
			jobsFile("      - {key: finance}\n", "finance"),
			`orgs[0].jobs[0].name: is required`},
		{"a name in an unknown language",
			jobsFile("      - {key: finance, name: {fr: Finance}}\n", "finance"),
			`orgs[0].jobs[0].name.fr: unknown language "fr"`},
		{"a job declared twice",
			jobsFile(twoJobs+"      - {key: finance, name: Money}\n", "finance"),
			`job "finance" is declared twice`},
		{"an empty section",
			jobsFile("      []\n", "finance"),
			`orgs[0].jobs: lists no job`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := orgfile.Parse("j.yaml", []byte(tc.file))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v\nwant a problem containing %q", err, tc.want)
			}
		})
	}
}
