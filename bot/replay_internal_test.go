package bot

import (
	"reflect"
	"strings"
	"testing"
)

// TestEncodeRepliesBounded: replies come back as they were; past
// maxSavedReplies the attachments go first, then everything.
func TestEncodeRepliesBounded(t *testing.T) {
	small := []Reply{{Text: "✅ 08:59", Buttons: [][]Button{{{Label: "Undo", ActionID: "att.undo", Value: "7"}}}, Ephemeral: true,
		Attachments: []Attachment{{Name: "a.csv", MIME: "text/csv", Data: []byte("a,b\n")}}}}
	b, err := encodeReplies(small)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := decodeReplies(b); err != nil || !reflect.DeepEqual(got, small) {
		t.Errorf("round trip: %+v, %v; want %+v", got, err, small)
	}

	chart := []Reply{{Text: "report", Attachments: []Attachment{{Name: "c.png", MIME: "image/png", Data: make([]byte, maxSavedReplies)}}}}
	b, err = encodeReplies(chart)
	if err != nil || len(b) > maxSavedReplies {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
	if got, _ := decodeReplies(b); len(got) != 1 || got[0].Text != "report" || got[0].Attachments != nil {
		t.Errorf("large attachment kept as %+v; want the text without it", got)
	}

	if b, err := encodeReplies([]Reply{{Text: strings.Repeat("x", maxSavedReplies)}}); b != nil || err != nil {
		t.Errorf("oversized text kept: %d bytes, %v", len(b), err)
	}
	if got, err := decodeReplies(nil); got != nil || err != nil {
		t.Errorf("nothing kept decodes as %+v, %v", got, err)
	}
}
