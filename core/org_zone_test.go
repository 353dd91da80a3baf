package core_test

import (
	"testing"

	"github.com/hrbot/hrbot/core"
)

// TestZones: an org's zone is loaded once and shared, and Location uses it
// only while it is the org's zone.
func TestZones(t *testing.T) {
	var z core.Zones
	a, b := core.Org{TimeZone: "Asia/Shanghai"}, core.Org{TimeZone: "Asia/Shanghai"}
	z.Locate(&a)
	z.Locate(&b)
	if a.Zone == nil || a.Zone != b.Zone || a.Location() != a.Zone {
		t.Fatalf("zones %p %p, location %p: want one shared location", a.Zone, b.Zone, a.Location())
	}
	moved := a
	moved.TimeZone = "Europe/Berlin"
	if got := moved.Location().String(); got != "Europe/Berlin" {
		t.Errorf("an org whose zone changed is in %s", got)
	}
	bad := core.Org{TimeZone: "Mars/Olympus"}
	z.Locate(&bad)
	if bad.Zone != nil || bad.Location().String() != "UTC" {
		t.Errorf("unknown zone: %v, %v", bad.Zone, bad.Location())
	}
}
