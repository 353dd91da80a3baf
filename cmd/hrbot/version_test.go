package main

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/store/pgtest"
)

// hrbot version says which build it is: the -ldflags stamp, else the
// module version Go recorded, else the commit of the checkout.
func TestVersionOf(t *testing.T) {
	checkout := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.modified", Value: modified},
		}}
	}
	for _, c := range []struct {
		name    string
		stamped string
		info    *debug.BuildInfo
		want    string
	}{
		{"Stamped", "v1.2.3", checkout("false"), "v1.2.3"},
		{"Installed", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"PseudoVersion", "", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261202133704-0123456789ab+dirty"}}, "v0.0.0-20261202133704-0123456789ab+dirty"},
		{"Checkout", "", checkout("false"), "dev-0123456789ab"},
		{"DirtyCheckout", "", checkout("true"), "dev-0123456789ab+dirty"},
		{"DockerDefaultStampGivesWay", "dev", checkout("false"), "dev-0123456789ab"},
		{"NothingKnown", "", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "dev"},
		{"NoBuildInfo", "", nil, "dev"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := versionOf(c.stamped, c.info); got != c.want {
				t.Errorf("versionOf(%q) = %q, want %q", c.stamped, got, c.want)
			}
		})
	}
}

// The first apply on an empty database says once that the schema was
// migrated, not once per migration.
func TestFirstApplyLogsOneMigrationLine(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": pgtest.EmptyURL(t)}
	r := hrbot(t, vars, "", "apply", "-f", "../../examples/org.yaml")
	if r.code != 0 {
		t.Fatalf("apply: %+v", r)
	}
	if n := strings.Count(r.stderr, "database migrated"); n != 1 || strings.Contains(r.stderr, "applied migration") ||
		strings.Contains(r.stderr, "applied queue migration") {
		t.Errorf("migration log at info:\n%s", r.stderr)
	}
	vars["HRBOT_LOG_LEVEL"] = "debug"
	if r := hrbot(t, vars, "", "migrate"); strings.Contains(r.stderr, "database migrated") {
		t.Errorf("nothing to migrate, yet: %s", r.stderr)
	}
}
