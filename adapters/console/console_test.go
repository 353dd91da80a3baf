package console_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hrbot/hrbot/adapters/console"
	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// echoBot answers with two buttons to "menu" and names the button pressed.
type echoBot struct{ seen []bot.Incoming }

func (e *echoBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	e.seen = append(e.seen, in)
	switch {
	case in.Action != nil:
		return []bot.Reply{{Text: "pressed " + in.Action.ID + "=" + in.Action.Value}}, nil
	case in.Text == "menu":
		return []bot.Reply{{Text: "pick one", Buttons: [][]bot.Button{
			{{Label: "Approve", ActionID: "leave.approve", Value: "42"}, {Label: "Reject", ActionID: "leave.reject", Value: "42"}},
			{{Label: "Later", ActionID: "leave.later", Value: "42"}},
		}}}, nil
	}
	return []bot.Reply{{Text: "said " + in.Text}}, nil
}

func TestChatNumbersButtonsAndReadsAPipe(t *testing.T) {
	b := &echoBot{}
	var out bytes.Buffer
	chat := &console.Chat{Handler: b, UserID: "shop/alice", In: strings.NewReader("hello\n\nmenu\n2\n3\n7\n"), Out: &out}
	if err := chat.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Every button still on screen keeps its number: after Reject, 3 is
	// still Later; 7 was never a button.
	want := "said hello\npick one\n  [1] Approve  [2] Reject\n  [3] Later\npressed leave.reject=42\npressed leave.later=42\nsaid 7\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	if len(b.seen) != 5 || b.seen[0].Platform != core.PlatformConsole || b.seen[0].UserID != "shop/alice" {
		t.Errorf("incoming: %+v", b.seen)
	}
}

// pendingBot lists three requests, each with its own buttons, as /pending
// does, and answers a press by replacing the request's message.
type pendingBot struct{}

func (pendingBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	if in.Action != nil {
		return []bot.Reply{{Text: "approved #" + in.Action.Value, ReplaceMessage: true}}, nil
	}
	if in.Text != "/pending" {
		return []bot.Reply{{Text: "said " + in.Text}}, nil
	}
	var replies []bot.Reply
	for _, id := range []string{"1", "2", "3"} {
		replies = append(replies, bot.Reply{Text: "request #" + id, Buttons: [][]bot.Button{{
			{Label: "Approve", ActionID: "leave.approve", Value: id}, {Label: "Reject", ActionID: "leave.reject", Value: id}}}})
	}
	return replies, nil
}

// A manager approves the second and then the third request of one
// listing; the pressed request's buttons go (its message was replaced),
// and numbering starts over once no button is left.
func TestButtonsKeepTheirNumbersWhileOnScreen(t *testing.T) {
	var out bytes.Buffer
	chat := &console.Chat{Handler: pendingBot{}, UserID: "shop/wang", In: strings.NewReader("/pending\n3\n5\n3\n1\n2\n6\n/pending\n"), Out: &out}
	if err := chat.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	list := "request #1\n  [1] Approve  [2] Reject\nrequest #2\n  [3] Approve  [4] Reject\nrequest #3\n  [5] Approve  [6] Reject\n"
	want := list + "approved #2\napproved #3\nsaid 3\napproved #1\nsaid 2\nsaid 6\n" + list
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// fileBot answers "report" with a chart and a spreadsheet.
type fileBot struct{ files []bot.Attachment }

func (f *fileBot) Handle(_ context.Context, in bot.Incoming) ([]bot.Reply, error) {
	if in.Text == "report" {
		return []bot.Reply{{Text: "Attendance, November", Attachments: f.files,
			Buttons: [][]bot.Button{{{Label: "Details", ActionID: "report.more", Value: "11"}}}}}, nil
	}
	return []bot.Reply{{Text: "said " + in.Text}}, nil
}

func testFiles() []bot.Attachment {
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 2040)...)
	return []bot.Attachment{
		{Name: "attendance-2026-11.png", MIME: "image/png", Data: png},
		{Name: "../attendance-2026-11.csv", MIME: "text/csv", Data: []byte("name,days\nLi,21\n")},
	}
}

func TestRepliesFilesAreSaved(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "files")
	files := testFiles()
	var out bytes.Buffer
	chat := &console.Chat{Handler: &fileBot{files: files}, UserID: "shop/alice", In: strings.NewReader("report\nreport\n"), Out: &out, FilesDir: dir}
	if err := chat.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	png1, csv1 := filepath.Join(dir, "attendance-2026-11.png"), filepath.Join(dir, "attendance-2026-11.csv")
	png2, csv2 := filepath.Join(dir, "attendance-2026-11-2.png"), filepath.Join(dir, "attendance-2026-11-2.csv")
	want := "Attendance, November\n" +
		"📎 attendance-2026-11.png (2.0 KB) saved to " + png1 + "\n" +
		"📎 attendance-2026-11.csv (16 B) saved to " + csv1 + "\n" +
		"  [1] Details\n" +
		"Attendance, November\n" +
		"📎 attendance-2026-11.png (2.0 KB) saved to " + png2 + "\n" +
		"📎 attendance-2026-11.csv (16 B) saved to " + csv2 + "\n" +
		"  [2] Details\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	for path, f := range map[string]bot.Attachment{png1: files[0], png2: files[0], csv1: files[1], csv2: files[1]} {
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s: %v, %d bytes; want %d", path, err, len(got), len(f.Data))
		}
	}
}

// onceNotifier hands over one notification with a file, then nothing.
type onceNotifier struct {
	replies []bot.Reply
	done    chan struct{}
}

func (n *onceNotifier) Deliver(ctx context.Context, _ core.Platform, _ string, send func(context.Context, []bot.Reply) error) error {
	if n.replies == nil {
		return nil
	}
	err := send(ctx, n.replies)
	n.replies = nil
	close(n.done)
	return err
}

func TestNotificationFilesAreSaved(t *testing.T) {
	dir := t.TempDir()
	csv := testFiles()[1]
	n := &onceNotifier{replies: []bot.Reply{{Text: "Your payslip", Attachments: []bot.Attachment{csv}}}, done: make(chan struct{})}
	in, feed := io.Pipe()
	var out bytes.Buffer
	chat := &console.Chat{Handler: &fileBot{}, Notifier: n, PollEvery: 10 * time.Millisecond, UserID: "shop/alice", In: in, Out: &out, FilesDir: dir}
	done := make(chan error, 1)
	go func() { done <- chat.Run(context.Background()) }()
	select {
	case <-n.done:
	case <-time.After(10 * time.Second):
		t.Fatal("no notification delivered")
	}
	feed.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "attendance-2026-11.csv")
	if want := "\nYour payslip\n📎 attendance-2026-11.csv (16 B) saved to " + path + "\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, csv.Data) {
		t.Errorf("saved %q, %v", got, err)
	}
}

func TestFilesGoToTheTempDirByDefault(t *testing.T) {
	name := fmt.Sprintf("hrbot-console-test-%d.csv", time.Now().UnixNano())
	var out bytes.Buffer
	chat := &console.Chat{Handler: &fileBot{files: []bot.Attachment{{Name: name, MIME: "text/csv", Data: []byte("a\n")}}},
		UserID: "shop/alice", In: strings.NewReader("report\n"), Out: &out}
	if err := chat.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(os.TempDir(), name)
	t.Cleanup(func() { os.Remove(path) })
	if !strings.Contains(out.String(), "saved to "+path+"\n") {
		t.Errorf("output %q, want the file in %s", out.String(), os.TempDir())
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "a\n" {
		t.Errorf("saved %q, %v", got, err)
	}
}
