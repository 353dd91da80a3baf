package bot

import (
	"encoding/json"
	"fmt"
	"slices"
)

// maxSavedReplies bounds the JSON kept with a delivery id for answering a
// platform retry again. Replies over it are kept without their
// attachments' bytes (a chart, a spreadsheet: the retry gets the text and
// buttons, and the file can be asked for again); when even that is over it,
// nothing is kept and the retry gets no answer, as before replies were kept.
const maxSavedReplies = 64 << 10

// encodeReplies is what is kept of replies with their delivery id: their
// JSON, or nil when it is too large (see maxSavedReplies).
func encodeReplies(replies []Reply) ([]byte, error) {
	if replies == nil {
		replies = []Reply{}
	}
	replies = withoutSealed(replies)
	b, err := json.Marshal(replies)
	if err != nil {
		return nil, fmt.Errorf("encode replies: %w", err)
	}
	if len(b) <= maxSavedReplies {
		return b, nil
	}
	lean := make([]Reply, len(replies))
	for i, r := range replies {
		r.Attachments = nil
		lean[i] = r
	}
	if b, err = json.Marshal(lean); err != nil {
		return nil, fmt.Errorf("encode replies: %w", err)
	}
	if len(b) <= maxSavedReplies {
		return b, nil
	}
	return nil, nil
}

// decodeReplies reads what encodeReplies kept; nil bytes are no replies.
func decodeReplies(b []byte) ([]Reply, error) {
	if len(b) == 0 {
		return nil, nil
	}
	var replies []Reply
	if err := json.Unmarshal(b, &replies); err != nil {
		return nil, fmt.Errorf("decode saved replies: %w", err)
	}
	return replies, nil
}

// withoutSealed leaves sealed files (Attachment.Sealed) out of replies
// about to be kept: a retry gets the text, and the file is asked for again.
func withoutSealed(replies []Reply) []Reply {
	sealed := func(a Attachment) bool { return a.Sealed }
	var out []Reply // a copy, made at the first sealed file: the caller's replies stay as they are
	for i, r := range replies {
		if !slices.ContainsFunc(r.Attachments, sealed) {
			continue
		}
		if out == nil {
			out = slices.Clone(replies)
		}
		out[i].Attachments = slices.DeleteFunc(slices.Clone(r.Attachments), sealed)
	}
	if out == nil {
		return replies
	}
	return out
}
