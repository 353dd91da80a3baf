package slack

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// TestJobSurvivesTheIntake: every field of a job comes back from the JSON
// the intake keeps. A field added to destination fails the count until
// the stored form carries it.
func TestJobSurvivesTheIntake(t *testing.T) {
	if n := reflect.TypeFor[destination]().NumField(); n != 10 {
		t.Fatalf("destination has %d fields: keep the new ones in destinationJSON and here", n)
	}
	j := job{
		in: bot.Incoming{Platform: core.PlatformSlack, ChatID: "C1", UserID: "U1", Private: true, Text: "请假 年假",
			LanguageHint: "zh-CN", Location: &bot.Location{Latitude: 31.2, Longitude: 121.5, AccuracyMeters: 5},
			Action: &bot.Action{ID: "leave.approve", Value: "r1"}, MessageRef: "C1:1.2", DeliveryID: "action:t1",
			QuietRepeat: true, SentAt: time.Unix(1700000000, 0).UTC(),
			// Fetch is the adapter's to set when the job is worked: it is not kept.
			Files: []bot.InboundFile{{Name: "note.pdf", MIME: "application/pdf", Size: 1234, Ref: "https://files.slack.com/files-pri/T1-F1/note.pdf"}}},
		to: destination{channel: "C1", user: "U1", private: true, threadTS: "1.1", responseURL: "https://x/r",
			command: true, pressed: true, pressedTS: "1.2", ephemeral: true, home: true},
	}
	for i := range reflect.TypeFor[bot.Incoming]().NumField() {
		if reflect.ValueOf(j.in).Field(i).IsZero() {
			t.Fatalf("fill bot.Incoming.%s in this test", reflect.TypeFor[bot.Incoming]().Field(i).Name)
		}
	}
	raw, err := json.Marshal(j)
	if err != nil {
		t.Fatal(err)
	}
	var back job
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, j) {
		t.Errorf("kept %s\ncame back %+v\nwant %+v", raw, back, j)
	}
}
