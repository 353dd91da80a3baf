package console_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

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
	want := "said hello\npick one\n  [1] Approve  [2] Reject\n  [3] Later\npressed leave.reject=42\nsaid 3\nsaid 7\n"
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	// The choices belong to the last answer only: "3" after an answer
	// without buttons is text again.
	if len(b.seen) != 5 || b.seen[0].Platform != core.PlatformConsole || b.seen[0].UserID != "shop/alice" {
		t.Errorf("incoming: %+v", b.seen)
	}
}
