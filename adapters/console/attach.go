package console

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/hrbot/hrbot/bot"
)

// attachCommand sends a file from this machine, as a photo or a PDF is
// sent from a phone: "/attach PATH [caption]".
const attachCommand = "/attach"

// attachment reads "/attach PATH [caption]" in a line: the caption as the
// message's text and the file, opened when the bot fetches it. Other
// lines come back as they are.
func attachment(line string) (string, []bot.InboundFile, error) {
	fields := strings.Fields(line)
	if len(fields) == 0 || fields[0] != attachCommand {
		return line, nil, nil
	}
	if len(fields) < 2 {
		return "", nil, fmt.Errorf("usage: %s PATH [caption]", attachCommand)
	}
	path := fields[1]
	st, err := os.Stat(path)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", attachCommand, err)
	}
	if !st.Mode().IsRegular() {
		return "", nil, fmt.Errorf("%s: %s is not a file", attachCommand, path)
	}
	f := bot.InboundFile{Name: filepath.Base(path), Size: st.Size(), Ref: path,
		Fetch: func(context.Context) (io.ReadCloser, error) { return os.Open(path) }}
	return strings.Join(fields[2:], " "), []bot.InboundFile{f}, nil
}
