package bot

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/hrbot/hrbot/core"
)

// errorReply turns an error into a translated answer. Internal errors are
// logged with a reference the person can quote; their text is never shown.
func (b *Bot) errorReply(t *turn, command string, err error) Reply {
	e, ok := core.AsError(err)
	if ok && e.Code != core.EInternal {
		key := e.Key
		if key == "" || !b.cat.Has(key) {
			key = "error." + string(e.Code)
		}
		in := func(loc core.Locale) map[string]string {
			// Bilingual names in the arguments ("年假 Annual leave") in the reader's language.
			args := make(map[string]string, len(e.Args))
			for k, v := range e.Args {
				args[k] = core.NameIn(v, loc)
			}
			return args
		}
		if t.locale == "" {
			return Reply{Text: b.cat.TMap(core.LocaleZH, key, in(core.LocaleZH)) + "\n" + b.cat.TMap(core.LocaleEN, key, in(core.LocaleEN)), Error: true}
		}
		return Reply{Text: b.cat.TMap(t.locale, key, in(t.locale)), Error: true}
	}
	ref := randomRef()
	b.log.Error("handle message", "ref", ref, "platform", t.in.Platform, "command", command, "err", err)
	return Reply{Text: b.T(t, "error.internal", "ref", ref), Error: true}
}

func randomRef() string {
	buf := make([]byte, 4)
	_, _ = rand.Read(buf)
	return hex.EncodeToString(buf)
}
