// Package console is the line-based chat adapter behind `hrbot chat --as
// PERSON`: one line in is one message, buttons are shown as numbered choices
// and answered by typing the number, files sent with a reply are saved to a
// directory, and "/attach PATH" sends a file as a phone sends a photo. It
// reads any io.Reader, so a pipe drives it as well as a
// terminal.
package console

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hrbot/hrbot/bot"
	"github.com/hrbot/hrbot/core"
)

// Handler is the part of the bot the console needs.
type Handler interface {
	Handle(ctx context.Context, in bot.Incoming) ([]bot.Reply, error)
}

// Notifier hands over the notifications waiting for a person.
type Notifier interface {
	Deliver(ctx context.Context, platform core.Platform, userID string, send func(ctx context.Context, replies []bot.Reply) error) error
}

// Chat runs a conversation as one person until in ends or ctx is done.
type Chat struct {
	Handler Handler
	// Notifier, with PollEvery set, shows notifications (an approval
	// request, a decision) as they come rather than with the next answer.
	Notifier  Notifier
	PollEvery time.Duration
	// UserID is the console identity, "org/person".
	UserID string
	In     io.Reader
	Out    io.Writer
	// Prompt is printed before each line when set (for a terminal).
	Prompt string
	// FilesDir is where files sent with replies (a chart, a report) are
	// saved; default the OS temp directory. It is created when missing.
	FilesDir string
	// Now is the clock a line's send time is read from; default time.Now.
	Now func() time.Time
	// Language is the chat app's language the bot is told ("zh-CN",
	// "en"), as a platform tells it for someone it does not know yet.
	Language string
}

// Run reads lines and prints the bot's replies.
func (c *Chat) Run(ctx context.Context) error {
	buttons := &choices{}
	lines := make(chan string)
	readErr := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), 1024*1024)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		readErr <- sc.Err()
		close(lines)
	}()
	var poll <-chan time.Time
	if c.Notifier != nil && c.PollEvery > 0 {
		t := time.NewTicker(c.PollEvery)
		defer t.Stop()
		poll = t.C
	}
	c.prompt()
	for {
		var line string
		var ok bool
		select {
		case <-ctx.Done():
			return nil
		case <-poll:
			err := c.Notifier.Deliver(ctx, core.PlatformConsole, c.UserID, func(ctx context.Context, replies []bot.Reply) error {
				fmt.Fprintln(c.Out)
				c.print(replies, buttons)
				c.prompt()
				return nil
			})
			if err != nil && ctx.Err() == nil {
				// Notifications stay waiting and come with the next answer.
				fmt.Fprintf(c.Out, "(notifications could not be fetched: %v)\n", err)
			}
			continue
		case line, ok = <-lines:
		}
		if !ok {
			return <-readErr
		}
		line = strings.TrimSpace(line)
		if line == "" {
			c.prompt()
			continue
		}
		in, ok := c.incoming(line)
		if !ok {
			continue
		}
		pressedIn := -1
		if n, err := strconv.Atoi(line); err == nil {
			if pressed, ok := buttons.byNumber[n]; ok {
				in.Text = ""
				in.Action = &bot.Action{ID: pressed.button.ActionID, Value: pressed.button.Value}
				pressedIn = pressed.message
			}
		}
		replies, err := c.Handler.Handle(ctx, in)
		if err != nil && len(replies) == 0 {
			return fmt.Errorf("console: %w", err)
		}
		// An answer that replaces the pressed message (Slack and Telegram
		// edit it) takes that message's buttons off the screen.
		for _, r := range replies {
			if r.ReplaceMessage && pressedIn >= 0 {
				buttons.drop(pressedIn)
				break
			}
		}
		c.print(replies, buttons)
		c.prompt()
	}
}

// incoming is a typed line as a message: with the location and file it
// names, if any. A file that cannot be sent is said here, and false
// returned.
func (c *Chat) incoming(line string) (bot.Incoming, bool) {
	// The line was typed just now: its read time is its send time.
	in := bot.Incoming{Platform: core.PlatformConsole, ChatID: "console:" + c.UserID, UserID: c.UserID, Private: true, SentAt: c.now(),
		LanguageHint: c.Language}
	in.Text, in.Location = splitLocation(line)
	var err error
	if in.Text, in.Files, err = attachment(in.Text); err != nil {
		fmt.Fprintln(c.Out, err)
		c.prompt()
		return bot.Incoming{}, false
	}
	return in, true
}

func (c *Chat) prompt() {
	if c.Prompt != "" {
		fmt.Fprint(c.Out, c.Prompt)
	}
}

// choices are the buttons on screen. Numbers go on from one answer to the
// next, so every button still on screen keeps its number: a manager can
// approve the second of three requests listed by /pending, then the third.
// They start from 1 again once no button is left.
type choices struct {
	byNumber map[int]numbered
	next     int // the last number given
	messages int // messages printed, to know whose buttons a press was
}

type numbered struct {
	button  bot.Button
	message int
}

func (ch *choices) add(b bot.Button, message int) int {
	if ch.byNumber == nil {
		ch.byNumber = map[int]numbered{}
	}
	if len(ch.byNumber) == 0 {
		ch.next = 0
	}
	ch.next++
	ch.byNumber[ch.next] = numbered{b, message}
	return ch.next
}

// drop removes the buttons of one message.
func (ch *choices) drop(message int) {
	for n, b := range ch.byNumber {
		if b.message == message {
			delete(ch.byNumber, n)
		}
	}
}

// print writes replies with their buttons numbered after those already on
// screen. A reply's files are saved, a line each after its text.
func (c *Chat) print(replies []bot.Reply, ch *choices) {
	for _, r := range replies {
		ch.messages++
		message := ch.messages
		if r.Text != "" || len(r.Attachments) == 0 {
			fmt.Fprintln(c.Out, r.Text)
		}
		for _, f := range r.Attachments {
			path, err := c.save(f)
			if err != nil {
				fmt.Fprintf(c.Out, "📎 %s (%s) could not be saved: %v\n", f.FileName(), size(len(f.Data)), err)
				continue
			}
			fmt.Fprintf(c.Out, "📎 %s (%s) saved to %s\n", f.FileName(), size(len(f.Data)), path)
		}
		for _, row := range r.Buttons {
			var parts []string
			for _, b := range row {
				parts = append(parts, fmt.Sprintf("[%d] %s", ch.add(b, message), b.Label))
			}
			fmt.Fprintln(c.Out, "  "+strings.Join(parts, "  "))
		}
	}
}

// save writes a file into FilesDir under its own name (without any
// folders), numbered "name-2.ext" and so on rather than overwriting a
// file already there, and returns its path.
func (c *Chat) save(f bot.Attachment) (string, error) {
	dir := c.FilesDir
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	name := f.FileName()
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for n := 1; ; n++ {
		path := filepath.Join(dir, name)
		if n > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s-%d%s", base, n, ext))
		}
		// Exclusive: an earlier file of the same name is kept.
		out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) && n < 1000 {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = out.Write(f.Data)
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			_ = os.Remove(path)
			return "", err
		}
		return path, nil
	}
}

// size is a file size for people: "512 B", "23.4 KB", "1.2 MB".
func size(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%.1f KB", float64(n)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}

// splitLocation takes a shared location written "@31.2304,121.4737" out of
// a line: the console's stand-in for Telegram's location message.
func splitLocation(line string) (string, *bot.Location) {
	var loc *bot.Location
	var words []string
	for _, w := range strings.Fields(line) {
		if lat, lon, ok := strings.Cut(strings.TrimPrefix(w, "@"), ","); ok && strings.HasPrefix(w, "@") && loc == nil {
			la, err1 := strconv.ParseFloat(lat, 64)
			lo, err2 := strconv.ParseFloat(lon, 64)
			if err1 == nil && err2 == nil && la >= -90 && la <= 90 && lo >= -180 && lo <= 180 {
				loc = &bot.Location{Latitude: la, Longitude: lo}
				continue
			}
		}
		words = append(words, w)
	}
	return strings.Join(words, " "), loc
}

func (c *Chat) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
