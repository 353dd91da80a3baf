package wecom_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hrbot/hrbot/adapters/internal/intake/intaketest"
	"github.com/hrbot/hrbot/adapters/wecom"
	"github.com/hrbot/hrbot/adapters/wecom/wecomfake"
	"github.com/hrbot/hrbot/bot"
)

func newSender(t *testing.T) (*wecom.Adapter, *wecomfake.Server, *fakeAccounts) {
	t.Helper()
	app := wecomfake.TestApp()
	fake := wecomfake.New(t, app)
	acc := &fakeAccounts{blocked: map[string]bool{}}
	a, err := wecom.New(context.Background(), wecom.Config{CorpID: app.CorpID, AgentID: app.AgentID, Secret: app.Secret,
		Token: app.Token, AESKey: app.AESKey, APIURL: fake.URL, Handler: &fakeBot{}, Accounts: acc, Intake: intaketest.New()})
	if err != nil {
		t.Fatal(err)
	}
	return a, fake, acc
}

// TestPushOnceAndEdit: a push sent again (a crash between sending and
// recording) reaches nobody twice; its card is edited in place.
func TestPushOnceAndEdit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, fake, _ := newSender(t)
	offer := []bot.Reply{{Text: "Cover wanted\nSat 10:00-18:00", Buttons: [][]bot.Button{{{Label: "Take", ActionID: "cover.take", Value: "9"}}}}}
	ref, err := a.Push(ctx, "li", "cover-9-li", offer)
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.Push(ctx, "li", "cover-9-li", offer)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Messages("li")); n != 1 {
		t.Fatalf("li got %d cards for one push, want 1", n)
	}
	if !strings.HasPrefix(ref, "card:") || !strings.HasPrefix(again, "card:") {
		t.Fatalf("refs %q %q", ref, again)
	}
	if err := a.EditPushed(ctx, "li", ref, bot.Reply{Text: "Taken by Wang"}); err != nil {
		t.Fatal(err)
	}
	task := fake.Messages("li")[0].TaskID()
	up := fake.Updates(task)
	if len(up) != 1 || !strings.Contains(up[0].Content(), "Taken by Wang") {
		t.Errorf("updates %+v", up)
	}
	// A second edit: the response code is spent, so it is said anew.
	if err := a.EditPushed(ctx, "li", ref, bot.Reply{Text: "No longer needed"}); err != nil {
		t.Fatal(err)
	}
	if msgs := fake.Messages("li"); len(msgs) != 2 || msgs[1].Content() != "No longer needed" {
		t.Errorf("second edit: %+v", msgs)
	}
	// WeCom's duplicate check looks at the words, not hrbot's key: two
	// pushes saying the same within DuplicateWindow are one message.
	for _, key := range []string{"r1", "r2"} {
		if _, err := a.Push(ctx, "li", key, []bot.Reply{{Text: "Reminder: check in"}}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(fake.Messages("li")); n != 3 {
		t.Errorf("li got %d messages, want the card, the new edit and one reminder", n)
	}
}

// TestPushFiles: attachments go up as media and out as image and file
// messages after the words; a long text is sent in pieces.
func TestPushFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a, fake, acc := newSender(t)
	r := bot.Reply{Text: strings.Repeat("第一行很长的文字\n", 300), Attachments: []bot.Attachment{
		{Name: "chart.png", MIME: "image/png", Data: []byte("\x89PNG....")},
		{Name: "payslip-2026-11.csv", MIME: "text/csv", Data: []byte("a,b\n")}}}
	if _, err := a.Push(ctx, "li", "k1", []bot.Reply{r}); err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, c := range fake.Messages("li") {
		types = append(types, c.MsgType())
		if c.MsgType() == "text" && len(c.Content()) > wecomfake.MaxTextBytes {
			t.Errorf("text of %d bytes", len(c.Content()))
		}
	}
	if got := strings.Join(types, ","); got != "text,text,text,text,image,file" {
		t.Errorf("sent %s", got)
	}
	fake.Gone("left", wecomfake.ErrAllInvalid)
	if _, err := a.Push(ctx, "left", "k2", []bot.Reply{{Text: "hi"}}); err == nil || !acc.isBlocked("left") {
		t.Errorf("push to a member who left: %v, recorded %v", err, acc.isBlocked("left"))
	}
}

// TestManyButtons: buttons beyond a card's six go on a second card.
func TestManyButtons(t *testing.T) {
	t.Parallel()
	a, fake, _ := newSender(t)
	var row []bot.Button
	for i := range 8 {
		row = append(row, bot.Button{Label: fmt.Sprint("Report ", i), ActionID: "report.pick", Value: fmt.Sprint(i)})
	}
	if _, err := a.Push(context.Background(), "li", "k", []bot.Reply{{Text: "Which report?", Buttons: [][]bot.Button{row}}}); err != nil {
		t.Fatal(err)
	}
	cards := fake.Messages("li")
	if len(cards) != 2 || len(cards[0].Buttons()) != 6 || len(cards[1].Buttons()) != 2 || cards[1].Buttons()[1][1] != "report.pick|7" {
		t.Fatalf("cards %+v", cards)
	}
	if !strings.Contains(cards[0].Content(), "Which report?") || cards[0].TaskID() == cards[1].TaskID() {
		t.Errorf("cards %q %q", cards[0].Content(), cards[1].TaskID())
	}
}
